"""Load OPOP's benchmark catalog shape into Oscar: one product class, one category tree, one partner, IDR prices.

    python manage.py load_oscar_catalog                  # 5,000 products (OPOP's 50 stores x 100 products)
    python manage.py load_oscar_catalog --large          # 50,000 (500 x 100)

No photos. Products, their category links and stock records go in with ``bulk_create`` (Oscar's ``Product.save``
would only add the slug we set here); the 12 categories go through treebeard's ``add_root``/``add_child`` so that
paths, depth, ``numchild``, full slugs and public flags are Oscar's own. Idempotent: an already loaded catalog is
left alone. Prints a JSON line with the counts, as Oscar reports them, and a product URL for the bench.
"""

import json
import random
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify
from oscar.core.loading import get_model

Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")

# OPOP's demo category tree (shop/demo/data.py): (name, parent name)
CATEGORIES = [
    ("Makanan & Minuman", None), ("Kopi", "Makanan & Minuman"), ("Madu", "Makanan & Minuman"),
    ("Camilan", "Makanan & Minuman"), ("Kurma", "Makanan & Minuman"), ("Fesyen Muslim", None),
    ("Batik", "Fesyen Muslim"), ("Sarung", "Fesyen Muslim"), ("Perawatan Diri", None),
    ("Sabun Herbal", "Perawatan Diri"), ("Perlengkapan Ibadah", None), ("Sajadah", "Perlengkapan Ibadah"),
]
# leaf category -> (title words, price range in whole rupiah)
KINDS = {
    "Kopi": (["Kopi Gayo", "Kopi Toraja", "Kopi Kintamani", "Kopi Luwak"], (45_000, 180_000)),
    "Madu": (["Madu Hutan", "Madu Kelengkeng", "Madu Randu"], (60_000, 250_000)),
    "Camilan": (["Keripik Singkong", "Rengginang", "Kerupuk Ikan"], (12_000, 45_000)),
    "Kurma": (["Kurma Ajwa", "Kurma Sukari", "Kurma Medjool"], (70_000, 350_000)),
    "Batik": (["Kemeja Batik", "Kain Batik Tulis"], (150_000, 900_000)),
    "Sarung": (["Sarung Tenun", "Sarung Songket"], (85_000, 400_000)),
    "Sabun Herbal": (["Sabun Sereh", "Sabun Zaitun", "Sabun Kunyit"], (15_000, 40_000)),
    "Sajadah": (["Sajadah Turki", "Sajadah Travel"], (75_000, 450_000)),
}
STORES = 50


class Command(BaseCommand):
    help = "Bench catalog for the django-oscar comparison: 5,000 products (50,000 with --large), IDR, no photos."

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=5_000)
        parser.add_argument("--large", action="store_true", help="50,000 products.")

    def handle(self, *args, products, large, **options):
        wanted = 50_000 if large else products
        have = Product.objects.count()
        if have < wanted:
            with transaction.atomic():
                product_class, partner, leaves = reference_rows()
                load_products(have, wanted, product_class, partner, leaves)
        self.stdout.write(json.dumps(report()))


def reference_rows():
    product_class, _ = ProductClass.objects.get_or_create(
        slug="barang", defaults={"name": "Barang", "requires_shipping": True, "track_stock": True})
    partner, _ = Partner.objects.get_or_create(code="opop-bench", defaults={"name": "OPOP bench partner"})
    by_name = {}
    for name, parent in CATEGORIES:
        found = Category.objects.filter(name=name).first()
        if found is None:
            found = Category.add_root(name=name) if parent is None else by_name[parent].add_child(name=name)
            found = Category.objects.get(pk=found.pk)  # fresh numchild/path for the next add_child
        by_name[name] = found
    return product_class, partner, [by_name[leaf] for leaf in KINDS]


def load_products(start: int, stop: int, product_class, partner, leaves, batch: int = 2_000) -> None:
    rnd = random.Random(14)
    for first in range(start, stop, batch):
        rows, stock = [], []
        for i in range(first, min(stop, first + batch)):
            leaf = leaves[i % len(leaves)]
            words, (low, high) = KINDS[leaf.name]
            title = f"{rnd.choice(words)} {rnd.choice(['Asli', 'Premium', 'Pilihan', 'Spesial'])} {i + 1:05d}"
            rows.append(Product(
                title=title, slug=slugify(title), upc=f"OPOP{i + 1:07d}", structure=Product.STANDALONE,
                product_class=product_class, is_public=True, is_discountable=True,
                description=f"{title}, toko {i // (stop // STORES or 1) + 1}. Produk contoh untuk benchmark.",
            ))
            stock.append((i, Decimal(rnd.randrange(low, high, 500))))
        created = Product.objects.bulk_create(rows, batch_size=1_000)
        links = [ProductCategory(product=product, category=leaves[i % len(leaves)])
                 for product, (i, _price) in zip(created, stock, strict=True)]
        StockRecord.objects.bulk_create([
            StockRecord(product=product, partner=partner, partner_sku=f"SKU-{i + 1:07d}", price_currency="IDR",
                        price=price, num_in_stock=20 + i % 80)
            for product, (i, price) in zip(created, stock, strict=True)
        ], batch_size=1_000)
        ProductCategory.objects.bulk_create(links, batch_size=1_000)


def report() -> dict:
    first = Product.objects.browsable().order_by("pk").first()
    return {
        "categories": Category.objects.count(),
        "public_categories": Category.objects.browsable().count(),
        "products": Product.objects.count(),
        "browsable_products": Product.objects.browsable().count(),
        "stock_records": StockRecord.objects.count(),
        "product_url": first.get_absolute_url() if first else None,
    }
