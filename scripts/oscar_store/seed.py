"""Seed the Oscar test store once: categories, products with size/colour variants, stock, a shipping country."""

import os
import sys
from decimal import Decimal
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
django.setup()

from oscar.apps.address.models import Country  # noqa: E402
from oscar.apps.catalogue.categories import create_from_breadcrumbs  # noqa: E402
from oscar.apps.catalogue.models import Product, ProductAttribute, ProductCategory, ProductClass  # noqa: E402
from oscar.apps.partner.models import Partner, StockRecord  # noqa: E402

CATALOGUE = [
    # category, title, price, sizes, colours
    ("Clothing > Shirts", "Classic Cotton T-Shirt", "19.99", ["Small", "Medium", "Large", "X-Large"], ["Red", "Navy", "White"]),
    ("Clothing > Shirts", "Linen Button-Down Shirt", "44.00", ["Medium", "Large"], ["White", "Sky Blue"]),
    ("Clothing > Outerwear", "Waterproof Hiking Jacket", "89.50", ["Small", "Medium", "Large"], ["Black", "Olive"]),
    ("Clothing > Socks", "Merino Wool Hiking Socks", "14.99", ["Medium", "Large"], ["Grey", "Charcoal"]),
    ("Shoes", "Trail Running Shoes", "74.00", ["8", "8.5", "9", "10"], ["Blue", "Black"]),
    ("Home > Kitchen", "Ceramic Coffee Mug", "12.50", [], ["White", "Green"]),
    ("Home > Bedding", "Cotton Fleece Blanket", "39.00", ["Twin", "Queen"], ["Grey", "Pink"]),
]


def seed() -> None:
    if Product.objects.exists():
        return
    Country.objects.update_or_create(
        iso_3166_1_a2="US",
        defaults={
            "name": "United States",
            "printable_name": "United States",
            "is_shipping_country": True,
            "iso_3166_1_a3": "USA",
            "iso_3166_1_numeric": "840",
        },
    )
    partner, _ = Partner.objects.get_or_create(name="Oscar Test Warehouse")
    kind, _ = ProductClass.objects.get_or_create(name="Apparel", defaults={"requires_shipping": True, "track_stock": True})
    for code in ("size", "colour"):
        ProductAttribute.objects.get_or_create(product_class=kind, code=code, defaults={"name": code.title(), "type": "text"})
    for n, (crumbs, title, price, sizes, colours) in enumerate(CATALOGUE):
        parent = Product.objects.create(
            structure="parent",
            title=title,
            product_class=kind,
            upc=f"P{n:03d}",
            description=f"{title}: everyday quality, in {', '.join(colours)}.",
        )
        ProductCategory.objects.create(product=parent, category=create_from_breadcrumbs(crumbs))
        for size in sizes or [""]:
            for colour in colours:
                label = ", ".join(x for x in (colour, size) if x)
                child = Product.objects.create(
                    structure="child", parent=parent, title=f"{title}, {label}", upc=f"P{n:03d}-{colour[:3]}{size}"
                )
                if size:
                    child.attr.size = size
                child.attr.colour = colour
                child.save()
                StockRecord.objects.create(product=child, partner=partner, partner_sku=child.upc, price=Decimal(price), num_in_stock=1000)


if __name__ == "__main__":
    seed()
    print(Product.objects.filter(structure="child").count(), "variants")
