"""Public pages of onboarding (issue 13.6): the store application form, its thank-you page, and the page where a
new store editor sets their password from the e-mailed link. Services: ``catalog.services.applications``.

The form is CSRF-protected (it is never cached: each visitor gets their own token), limited per client address
(``applications.SUBMISSIONS``) and carries a honeypot field: a bot that fills it is shown the thank-you page and
nothing is saved."""

from __future__ import annotations

from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import PasswordResetConfirmView
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from catalog.forms import HONEYPOT_FIELD, StoreApplicationForm
from catalog.services import applications
from catalog.throttle import client_address

from .routing import attach_site


def _page(request, template, context=None, status=200):
    attach_site(request)
    return TemplateResponse(request, template, context or {}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def store_application(request):
    form = StoreApplicationForm(request.POST or None)
    context = {"form": form, "honeypot": HONEYPOT_FIELD}
    if request.method != "POST":
        return _page(request, "cms/store_application.html", context)
    address = client_address(request)
    if applications.SUBMISSIONS.blocked(address):
        context["blocked"] = _(
            "Too many applications were sent from this connection. Please try again in an hour; nothing was saved."
        )
        return _page(request, "cms/store_application.html", context, status=429)
    if form.is_bot:
        applications.SUBMISSIONS.fail(address)
        return redirect("opop_store_application_sent")
    if not form.is_valid():
        return _page(request, "cms/store_application.html", context)
    applications.submit_application(form.save(commit=False))
    applications.SUBMISSIONS.fail(address)
    return redirect("opop_store_application_sent")


@never_cache
@require_GET
def store_application_sent(request):
    return _page(request, "cms/store_application_sent.html")


class NewEditorPasswordForm(SetPasswordForm):
    """Django's form, with the words of our pages ("kata sandi", as the e-mail and the admin's login say)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = pgettext_lazy("set password form", "New password")
        self.fields["new_password2"].label = pgettext_lazy("set password form", "New password again")
        self.fields["new_password1"].help_text = ""
        self.fields["new_password2"].help_text = ""


@method_decorator(never_cache, name="dispatch")
class SetPasswordView(PasswordResetConfirmView):
    """Django's password-reset confirmation with our page: the link works until the password is set (the token
    hashes the password), then shows that it has expired."""

    template_name = "cms/set_password.html"
    form_class = NewEditorPasswordForm
    success_url = reverse_lazy("opop_set_password_done")
    post_reset_login = False

    def dispatch(self, *args, **kwargs):
        attach_site(self.request)
        return super().dispatch(*args, **kwargs)


@never_cache
@require_GET
def set_password_done(request):
    return _page(request, "cms/set_password_done.html")
