import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import CampaignSource, Store, StoreOwned
from catalog.money import money_of
from catalog.translated import TranslatedTexts


class OrderStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    PAID = "paid", _("Paid")
    PROCESSING = "processing", _("Processing")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")
    REFUNDED = "refunded", _("Refunded")


class OrderEventType(models.TextChoices):
    """What an ``OrderEvent`` records (its ``type``)."""

    #: The order was created at placement, with its stock reserved.
    PLACED = "placed"
    #: A state-machine transition (``from_status`` → ``to_status``).
    STATUS = "status"
    #: Money arrived for an order whose units were gone or that was already cancelled: to be refunded.
    PAID_WITHOUT_STOCK = "paid_without_stock"
    #: Money returned to the buyer (``apply_refund``).
    REFUND = "refund"
    #: Something about the payment a person must look at (shown as a warning on the admin page).
    PAYMENT_ATTENTION = "payment_attention"
    #: A person settled what ``PAYMENT_ATTENTION`` flagged.
    PAYMENT_ATTENTION_RESOLVED = "payment_attention_resolved"


def new_order_token() -> str:
    return secrets.token_urlsafe(32)


class OrderQuerySet(models.QuerySet):
    def for_user_stores(self, user):
        return self.filter(store__in=Store.objects.for_user(user))


class Order(StoreOwned):
    """One store's part of a checkout. That store fulfils, ships and refunds it.

    Status changes only through ``checkout.orders.services.transition`` (the state machine), which records an
    OrderEvent for each change.
    """

    checkout = models.ForeignKey("checkout.Checkout", on_delete=models.PROTECT, related_name="orders")
    number = models.CharField(_("order number"), max_length=20, unique=True)
    token = models.CharField(max_length=64, unique=True, default=new_order_token, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.AWAITING_PAYMENT, db_index=True
    )
    currency = models.CharField(_("currency"), max_length=3)
    subtotal = models.DecimalField(_("subtotal"), max_digits=14, decimal_places=2, default=0)
    shipping_cost = models.DecimalField(_("shipping cost"), max_digits=14, decimal_places=2, default=0)
    discount = models.DecimalField(_("discount"), max_digits=14, decimal_places=2, default=0)
    tax = models.DecimalField(_("PPN"), max_digits=14, decimal_places=2, default=0)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2, default=0)
    refunded_amount = models.DecimalField(_("refunded so far"), max_digits=14, decimal_places=2, default=0)
    shipping_method = models.CharField(_("shipping"), max_length=120, blank=True)
    voucher_code = models.CharField(_("voucher"), max_length=40, blank=True)
    # The campaign link the buyer arrived through (``catalog.services.campaigns``), set at placement from the
    # session; the source is copied so the report still knows it if the campaign is deleted.
    campaign = models.ForeignKey(
        "catalog.Campaign", null=True, blank=True, on_delete=models.SET_NULL, related_name="orders",
        verbose_name=_("campaign"),
    )
    campaign_source = models.CharField(
        _("campaign source"), max_length=20, choices=CampaignSource.choices, blank=True
    )
    courier = models.CharField(_("courier"), max_length=60, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)
    cancel_reason = models.TextField(_("cancellation reason"), blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrderQuerySet.as_manager()

    # The amounts as ``catalog.money.Money`` in the order's currency (what templates, e-mails and services use).
    subtotal_money = money_of("subtotal")
    shipping_cost_money = money_of("shipping_cost")
    discount_money = money_of("discount")
    tax_money = money_of("tax")
    total_money = money_of("total")
    refunded_money = money_of("refunded_amount")

    # An order points at its store, checkout and campaign, never at a page, image or document, so Wagtail's
    # reference index ("usage" of a snippet) has nothing to learn from it; without this, every order save (placed,
    # paid, shipped...) queued a task that re-read the order and rewrote its index rows (issue 11.8).
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("order")
        verbose_name_plural = _("order")
        constraints = [models.UniqueConstraint(fields=["checkout", "store"], name="order_one_per_store_per_checkout")]
        # Sales by payment date: a store's sales report, the home's week of sales, the daily digest.
        indexes = [models.Index(fields=["store", "paid_at"], name="order_store_paid_at")]

    def __str__(self):
        return self.number

    @property
    def is_awaiting_payment(self) -> bool:
        return self.status == OrderStatus.AWAITING_PAYMENT

    def get_absolute_url(self):
        return f"/orders/{self.token}/"


class OrderLine(TranslatedTexts, models.Model):
    """A snapshot of what was bought: the variant may change or vanish later, the line does not. The English
    texts are kept too (empty when the store gave none), so the buyer's order page reads like the product page."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    product_title = models.CharField(max_length=160)
    product_title_en = models.CharField(max_length=160, blank=True)
    variant_name = models.CharField(max_length=120, blank=True)
    variant_name_en = models.CharField(max_length=120, blank=True)
    sku = models.CharField(max_length=64)
    quantity = models.PositiveIntegerField()
    unit_price = models.DecimalField(max_digits=14, decimal_places=2)
    total = models.DecimalField(max_digits=14, decimal_places=2)
    weight_grams = models.PositiveIntegerField(default=0)

    translated_fields = ("product_title", "variant_name")

    # In the order's currency (``order.lines.all()`` hands each line its order, so no query).
    unit_price_money = money_of("unit_price", "order.currency")
    total_money = money_of("total", "order.currency")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.quantity} × {self.product_title}"


class OrderEvent(models.Model):
    """Who did what to an order, and when."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=40)  # an OrderEventType (kept without choices: no migration for a new kind)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.type} {self.from_status}→{self.to_status}"
