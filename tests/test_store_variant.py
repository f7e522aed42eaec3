"""Store variants: each key changes what the pages show (through the ASGI app), a bad file is one line,
and the offline shopper meets a variant's checkout in a real browser."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi.testclient import TestClient

from shopagent.agent.loop import RunOptions, run_session
from shopagent.agent.offline.policy import OfflinePolicy
from shopagent.browser import Browser
from shopagent.errors import BadInput
from shopagent.mock_store import build_catalog, create_app
from shopagent.mock_store.server import StoreServer
from shopagent.mock_store.variant import StoreVariant, load_variant, parse_variant
from shopagent.sessionlog import SessionLog
from shopagent.types import Persona
from tests.test_cli_errors import assert_one_line, shopagent


@pytest.fixture(scope="module")
def catalog():
    return build_catalog()


def client(catalog, **keys) -> TestClient:
    return TestClient(create_app(catalog, parse_variant(keys, "test")))


def cheap_simple_product(catalog):
    return next(p for p in catalog.products.values() if p.in_stock and not p.required_options and p.price < 30)


def test_the_default_variant_is_the_store_as_it_ships(catalog):
    page = TestClient(create_app(catalog)).get("/search", params={"q": "shirt"}).text
    assert 'class="rating"' in page and 'aria-label="Filters"' in page and "orders over $35" in page


def test_shipping_fee_and_threshold_reach_cart_checkout_and_the_charged_order(catalog):
    shop = client(catalog, shipping={"standard_fee": 6.99, "free_over": 50})
    product = cheap_simple_product(catalog)
    shop.post("/cart/add", data={"product_id": product.id})
    assert "Standard shipping: $6.99" in shop.get("/cart").text
    checkout = shop.get("/checkout").text
    assert "Standard (5-7 days): $6.99" in checkout and "orders over $50" in checkout
    details = {"full_name": "Ann Lee", "street": "1 Main St", "city": "Austin", "zip": "73301", "email": "ann@example.com"}
    shop.post("/checkout", data={**details, "speed": "standard"})
    (order,) = shop.get("/api/orders").json()
    assert order["shipping"] == 6.99 and order["total"] == round(product.price + 6.99, 2)


def test_ratings_filters_sort_and_page_size(catalog):
    hidden = client(catalog, ratings={"show": False, "show_reviews": False}).get("/search", params={"q": "shirt"}).text
    assert 'class="rating"' not in hidden and "stars &amp; up" not in hidden
    counts = client(catalog, ratings={"show_review_counts": False}).get("/search", params={"q": "shirt"}).text
    assert 'class="rating"' in counts and 'class="review-count"' not in counts
    no_panel = client(catalog, filters={"enabled": False}).get("/search", params={"q": "shirt"}).text
    assert 'aria-label="Filters"' not in no_panel
    only_price = client(catalog, filters={"show": ["price"]}).get("/search", params={"q": "shirt"}).text
    assert 'name="min_price"' in only_price and 'name="category"' not in only_price and 'name="brand"' not in only_price
    lean = client(catalog, search={"default_sort": "price_asc", "per_page": 12}).get("/search", params={"q": "shirt"}).text
    assert lean.count('class="product-card"') == 12
    prices = [float(p) for p in re.findall(r'class="price-now">\$([\d.]+)<', lean)]
    assert prices == sorted(prices)
    assert re.search(r'<option value="price_asc" selected', lean)


def test_checkout_fields_prices_banner_and_labels(catalog):
    shop = client(catalog, checkout={"require_phone": True, "require_account": True})
    shop.post("/cart/add", data={"product_id": cheap_simple_product(catalog).id})
    details = {"full_name": "Ann Lee", "street": "1 Main St", "city": "Austin", "zip": "73301", "email": "ann@example.com"}
    refused = shop.post("/checkout", data={**details, "speed": "standard"})
    assert refused.status_code == 400 and "Enter a phone number." in refused.text and "Choose a password" in refused.text
    shop.post("/checkout", data={**details, "speed": "standard", "phone": "202-555-0143", "password": "long-enough"})
    (order,) = shop.get("/api/orders").json()
    assert order["address"]["phone"] == "202-555-0143" and order["account_created"] is True
    product = next(p for p in catalog.products.values() if p.list_price)
    page = client(
        catalog, prices={"show_list_price": False, "show_cents": False}, promo_banner="Free returns", labels={"add_to_cart": "Add to bag"}
    )
    text = page.get(f"/product/{product.id}").text
    assert "List:" not in text and f"${round(product.price)}<" in text and "Free returns" in text and "Add to bag" in text


def test_a_bad_variant_is_one_line_naming_the_file_and_key(tmp_path):
    unknown = tmp_path / "v.yaml"
    unknown.write_text("shipping:\n  free_above: 50\n")
    with pytest.raises(BadInput, match=r"v.yaml: unknown key 'shipping.free_above'"):
        load_variant(unknown)
    bad_value = tmp_path / "w.yaml"
    bad_value.write_text("search:\n  per_page: 13\n")
    with pytest.raises(BadInput, match=r"w.yaml: field 'search.per_page'"):
        load_variant(bad_value)
    assert_one_line(shopagent("store", "serve", "--variant", str(unknown)), 2, str(unknown), "unknown key 'shipping.free_above'")
    assert_one_line(shopagent("simulate", "--variant", str(bad_value)), 2, str(bad_value), "per_page")
    broken = tmp_path / "x.yaml"
    broken.write_text("shipping: [\n")
    assert_one_line(shopagent("store", "serve", "--variant", str(broken)), 2, str(broken), "not valid YAML")


def test_a_variant_file_is_named_by_its_stem_unless_it_says():
    variant = load_variant(__import__("pathlib").Path("examples/variants/no-ratings.yaml"))
    assert variant.name == "no-ratings" and variant.ratings.show is False
    assert StoreVariant().name == "default"


async def test_an_impatient_shopper_leaves_a_forced_account_and_a_patient_one_signs_up(tmp_path):
    base = {"intent": "i need a long clip-in hair extension which is natural looking", "budget": 80}
    hasty, patient = Persona(**base, traits={"patience": 0.1}), Persona(**base, name="Pat Jones", traits={"patience": 0.9})
    variant = parse_variant({"checkout": {"require_account": True, "require_phone": True}}, "test")
    with StoreServer(variant=variant) as store:
        async with Browser() as browser:
            with SessionLog(tmp_path / "s.jsonl") as log:
                left = await run_session(browser, OfflinePolicy(), hasty, store.url + "/", log, RunOptions())
                bought = await run_session(browser, OfflinePolicy(), patient, store.url + "/", log, RunOptions())
        orders = httpx.get(store.url + "/api/orders").json()
    assert left.outcome == "terminate" and "create an account" in left.reason
    assert bought.outcome == "purchase", bought.reason
    (order,) = orders
    assert order["account_created"] and order["address"]["phone"].startswith("202-555-01")
