"""The admin's login form, with a translated password label.

Wagtail's ``LoginForm`` declares its password field without a label, so Django derives one from the field name:
"Password", in English whatever the language. The project names this form in ``WAGTAILADMIN_USER_LOGIN_FORM``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
