from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.validators import normalise_whatsapp, validate_slug_is_free


class StoreQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_user(self, user):
        """The stores a user may manage: all for superusers, their groups' stores for editors."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(editors_group__in=user.groups.all())


class Store(models.Model):
    """One pesantren's shop inside the marketplace. Every store-owned row traces back to one of these."""

    name = models.CharField(_("nama toko"), max_length=120)
    slug = models.SlugField(
        _("slug"), unique=True, max_length=60, help_text=_("Alamat toko: opop.example/<slug>/. Huruf kecil dan tanda -.")
    )
    legal_seller = models.CharField(
        _("penjual resmi"), max_length=200, help_text=_("Badan hukum penjual, biasanya koperasi pondok pesantren.")
    )
    story = models.TextField(_("cerita singkat"), blank=True)
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact_email = models.EmailField(_("e-mail kontak"))
    whatsapp = models.CharField(
        _("nomor WhatsApp"), max_length=20, help_text=_("Contoh: 0812-3456-7890. Disimpan sebagai +62…")
    )
    origin_address = models.TextField(_("alamat pengiriman asal"), blank=True)
    origin_province_code = models.CharField(_("kode provinsi asal"), max_length=13, blank=True)
    origin_regency_code = models.CharField(_("kode kabupaten/kota asal"), max_length=13, blank=True)
    origin_postcode = models.CharField(_("kode pos asal"), max_length=5, blank=True)
    is_pkp = models.BooleanField(
        _("PKP (pengusaha kena pajak)"),
        default=False,
        help_text=_("Centang jika toko terdaftar PKP: PPN 11% ditambahkan di checkout."),
    )
    payout_bank_name = models.CharField(_("bank pencairan"), max_length=80, blank=True)
    payout_account_name = models.CharField(_("nama pemilik rekening"), max_length=120, blank=True)
    payout_account_number = models.CharField(_("nomor rekening"), max_length=40, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True, help_text=_("Toko nonaktif tidak tampil bagi pembeli."))
    editors_group = models.OneToOneField(
        "auth.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="store", editable=False
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection", null=True, blank=True, on_delete=models.SET_NULL, related_name="store", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StoreQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("toko")
        verbose_name_plural = _("toko")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.whatsapp:
            self.whatsapp = normalise_whatsapp(self.whatsapp)
        if self.slug:
            validate_slug_is_free(self.slug)

    @property
    def whatsapp_link(self) -> str:
        return f"https://wa.me/{self.whatsapp.lstrip('+')}" if self.whatsapp else ""


class StoreOwned(models.Model):
    """Abstract base for rows that belong to exactly one store (scoped in the admin by ``catalog.scoping``)."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, verbose_name=_("toko"))

    store_path = "store"  # lookup from this model to its Store, used by the scoping mechanism

    class Meta:
        abstract = True
