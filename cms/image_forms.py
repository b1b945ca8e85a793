"""The image form of the admin (``WAGTAILIMAGES_IMAGE_FORM_BASE``): Wagtail's, plus the photo advice measured at
upload (``cms.photo_checks``), shown read-only beside the fields, on the edit page and right after a multiple
upload, before the photo reaches buyers."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm


class PhotoAdviceWidget(forms.Widget):
    template_name = "cms/widgets/photo_advice.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["report"] = value
        return context


class ShopImageForm(BaseImageForm):
    photo_advice = forms.Field(label=_("Photo advice"), required=False, disabled=True, widget=PhotoAdviceWidget)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        report = getattr(self.instance, "photo_report", None)
        if report is None:
            del self.fields["photo_advice"]
        else:
            self.initial["photo_advice"] = report
