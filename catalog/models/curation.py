from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from catalog.translated import ENGLISH_HELP, TranslatedTexts


class FeaturedCollectionQuerySet(models.QuerySet):
    def current(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(go_live_at__isnull=True) | Q(go_live_at__lte=now)).filter(
            Q(expire_at__isnull=True) | Q(expire_at__gt=now)
        )

    def next_change(self, now=None):
        """The next moment a collection goes live or expires (None if none is scheduled): pages that show
        collections must not be cached past it, because nothing is saved at that moment to invalidate them."""
        now = now or timezone.now()
        found = self.aggregate(
            live=models.Min("go_live_at", filter=Q(go_live_at__gt=now)),
            expire=models.Min("expire_at", filter=Q(expire_at__gt=now)),
        )
        moments = [m for m in found.values() if m is not None]
        return min(moments) if moments else None


class FeaturedCollection(TranslatedTexts, ClusterableModel):
    """A curator's ordered pick of products from any store, shown by pages between go-live and expiry."""

    title = models.CharField(pgettext_lazy("heading", "title"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    title_en = models.CharField(_("title in English"), max_length=120, blank=True, help_text=ENGLISH_HELP)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True, help_text=ENGLISH_HELP)
    go_live_at = models.DateTimeField(_("go-live"), null=True, blank=True)
    expire_at = models.DateTimeField(_("expiry"), null=True, blank=True)

    objects = FeaturedCollectionQuerySet.as_manager()
    translated_fields = ("title", "description")

    class Meta:
        ordering = ["title"]
        verbose_name = _("featured collection")
        verbose_name_plural = _("featured collection")

    def __str__(self):
        return self.title


class FeaturedCollectionItem(Orderable):
    collection = ParentalKey(FeaturedCollection, related_name="items", on_delete=models.CASCADE)
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+", verbose_name=_("product"))

    class Meta(Orderable.Meta):
        verbose_name = _("collection product")
