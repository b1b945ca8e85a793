"""Read-only panels of the product editor."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class PhotoAdvicePanel(Panel):
    """The product's photo score (the mean of its photos') and each photo's advice, measured at upload.

    Reads ``photo_report`` from the image model when it has one (the reference shop's ``cms.ShopImage``); with
    another image model the panel shows nothing.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Photo advice"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "catalog/admin/photo_advice_panel.html"

        def photos(self):
            if not self.instance.pk:
                return []
            pairs = [(item.image, getattr(item.image, "photo_report", None)) for item in self.instance.images.all()]
            return [(image, report) for image, report in pairs if report is not None]

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            photos = self.photos()
            context["photos"] = photos
            context["score"] = round(sum(r.score for _, r in photos) / len(photos)) if photos else None
            return context

        def is_shown(self) -> bool:
            return bool(self.photos())
