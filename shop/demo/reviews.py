"""A few reviews on demo products, so the product pages show the feature: for the first three stores, one
delivered order from demo buyers whose lines carry reviews (one with the store's reply). Rows are written directly
(no e-mails, no stock moves): the orders are history, not a journey. Idempotent: a store that has reviews keeps
them."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from catalog.models import Product, Store
from checkout.models import Checkout, Order, OrderLine, OrderStatus, Review
from checkout.services.reviews import shown_name

BUYERS = ("Siti Aminah", "Ahmad Fauzi", "Dewi Lestari")
TEXTS = (
    (5, "Barangnya sesuai foto, dikemas rapi dan cepat sampai. Insyaallah pesan lagi."),
    (4, "Kualitas bagus. Pengiriman ke Malang dua hari."),
    (5, "Pas untuk oleh-oleh keluarga, semua suka."),
)
REPLY = "Terima kasih atas ulasannya, semoga berkah!"


def _delivered_order(store: Store, channel, buyer: str, n: int, price: Decimal) -> Order:
    checkout = Checkout.objects.create(
        idempotency_key=f"demo-review-{store.pk}-{n}", channel=channel, currency="IDR",
        email=f"pembeli{n}@example.id", phone="+6281234567890", recipient_name=buyer,
        street_address="Jl. Pesantren 1", terms_version="demo", consented_at=timezone.now(),
    )
    return Order.objects.create(
        store=store, checkout=checkout, number=f"DEMO-{store.pk}-{n}", currency="IDR", subtotal=price, total=price,
        status=OrderStatus.DELIVERED, paid_at=timezone.now(), shipped_at=timezone.now(),
    )


@transaction.atomic
def ensure_demo_reviews(stores, channel, *, per_store: int = 2) -> int:
    """Reviews on the first ``per_store`` live products of each of ``stores``; returns how many were created."""
    created = 0
    for store in stores:
        if Review.objects.filter(store=store).exists():
            continue
        products = Product.objects.live().filter(store=store).prefetch_related("variants").order_by("pk")
        for n, product in enumerate(list(products[:per_store])):
            variant = product.variants.first()
            if variant is None:
                continue
            buyer = BUYERS[(store.pk + n) % len(BUYERS)]
            price = variant.prices.filter(channel=channel).values_list("amount", flat=True).first() or Decimal(0)
            order = _delivered_order(store, channel, buyer, n, price)
            line = OrderLine.objects.create(
                order=order, variant=variant, product_title=product.title, variant_name=variant.name,
                sku=variant.sku, quantity=1, unit_price=price, total=price,
            )
            rating, body = TEXTS[(store.pk + n) % len(TEXTS)]
            Review.objects.create(
                store=store, order_line=line, product=product, rating=rating, body=body,
                author_name=shown_name(buyer), reply=REPLY if n == 0 else "",
                replied_at=timezone.now() if n == 0 else None,
            )
            created += 1
    return created
