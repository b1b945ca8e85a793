import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import StoreOwned


class OrderStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Menunggu pembayaran")
    PAID = "paid", _("Dibayar")
    PROCESSING = "processing", _("Diproses")
    SHIPPED = "shipped", _("Dikirim")
    DELIVERED = "delivered", _("Diterima")
    COMPLETED = "completed", _("Selesai")
    CANCELLED = "cancelled", _("Dibatalkan")
    EXPIRED = "expired", _("Kedaluwarsa")
    REFUNDED = "refunded", _("Dikembalikan")


def new_order_token() -> str:
    return secrets.token_urlsafe(32)


class OrderQuerySet(models.QuerySet):
    def for_user_stores(self, user):
        from catalog.models import Store

        return self.filter(store__in=Store.objects.for_user(user))


class Order(StoreOwned):
    """One store's part of a checkout. That store fulfils, ships and refunds it.

    Status changes only through ``checkout.orders.services.transition`` (the state machine), which records an
    OrderEvent for each change.
    """

    checkout = models.ForeignKey("checkout.Checkout", on_delete=models.PROTECT, related_name="orders")
    number = models.CharField(_("nomor pesanan"), max_length=20, unique=True)
    token = models.CharField(max_length=64, unique=True, default=new_order_token, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.AWAITING_PAYMENT, db_index=True
    )
    currency = models.CharField(max_length=3)
    subtotal = models.DecimalField(_("subtotal"), max_digits=14, decimal_places=2, default=0)
    shipping_cost = models.DecimalField(_("ongkos kirim"), max_digits=14, decimal_places=2, default=0)
    discount = models.DecimalField(_("diskon"), max_digits=14, decimal_places=2, default=0)
    tax = models.DecimalField(_("PPN"), max_digits=14, decimal_places=2, default=0)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2, default=0)
    refunded_amount = models.DecimalField(_("sudah dikembalikan"), max_digits=14, decimal_places=2, default=0)
    shipping_method = models.CharField(_("pengiriman"), max_length=120, blank=True)
    voucher_code = models.CharField(_("voucher"), max_length=40, blank=True)
    courier = models.CharField(_("kurir"), max_length=60, blank=True)
    tracking_number = models.CharField(_("nomor resi"), max_length=60, blank=True)
    cancel_reason = models.TextField(_("alasan pembatalan"), blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pesanan")
        verbose_name_plural = _("pesanan")
        constraints = [models.UniqueConstraint(fields=["checkout", "store"], name="order_one_per_store_per_checkout")]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return f"/orders/{self.token}/"


class OrderLine(models.Model):
    """A snapshot of what was bought: the variant may change or vanish later, the line does not."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    product_title = models.CharField(max_length=160)
    variant_name = models.CharField(max_length=120, blank=True)
    sku = models.CharField(max_length=64)
    quantity = models.PositiveIntegerField()
    unit_price = models.DecimalField(max_digits=14, decimal_places=2)
    total = models.DecimalField(max_digits=14, decimal_places=2)
    weight_grams = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.quantity} × {self.product_title}"


class OrderEvent(models.Model):
    """Who did what to an order, and when."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.type} {self.from_status}→{self.to_status}"
