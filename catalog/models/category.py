from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.translated import ENGLISH_HELP, TranslatedTexts


class Category(TranslatedTexts, models.Model):
    """Marketplace-wide category tree, owned by administrators."""

    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True, help_text=ENGLISH_HELP)
    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    parent = models.ForeignKey(
        "self", null=True, blank=True, related_name="children", on_delete=models.PROTECT, verbose_name=_("parent")
    )
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True, help_text=ENGLISH_HELP)
    is_food = models.BooleanField(
        _("food product"),
        default=False,
        help_text=_("Food products need a halal, P-IRT or BPOM number before they are published."),
    )
    sort_order = models.PositiveIntegerField(default=0)

    translated_fields = ("name", "description")

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("category")

    def __str__(self):
        return f"{self.parent} › {self.name}" if self.parent_id else self.name

    def descendant_ids(self) -> list[int]:
        """This category and everything below it (the tree is shallow; one query per level)."""
        ids, frontier = [self.pk], [self.pk]
        while frontier:
            frontier = list(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.extend(frontier)
        return ids
