from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    """Marketplace-wide category tree, owned by administrators."""

    name = models.CharField(_("nama"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    parent = models.ForeignKey(
        "self", null=True, blank=True, related_name="children", on_delete=models.PROTECT, verbose_name=_("induk")
    )
    description = models.TextField(_("deskripsi"), blank=True)
    is_food = models.BooleanField(
        _("produk pangan"),
        default=False,
        help_text=_("Produk pangan wajib punya nomor halal, P-IRT atau BPOM sebelum terbit."),
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")

    def __str__(self):
        return f"{self.parent} › {self.name}" if self.parent_id else self.name

    def descendant_ids(self) -> list[int]:
        """This category and everything below it (the tree is shallow; one query per level)."""
        ids, frontier = [self.pk], [self.pk]
        while frontier:
            frontier = list(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.extend(frontier)
        return ids
