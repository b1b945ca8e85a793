from django.db import models


class BareProduct(models.Model):
    """The benchmark's baseline: a plain product table with the same rows as the catalog (``bench_bare_fill``),
    read by a plain ``ListView``/``DetailView`` (``shop/bench_views.py``). Not used by the shop itself."""

    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=200, unique=True)
    price = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    image_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["title", "id"], name="bare_title")]

    def __str__(self):
        return self.title
