"""Route tests for the mock store through an ASGI client."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from shopagent.errors import BadInput
from shopagent.mock_store import build_catalog, create_app, load_catalog
from shopagent.mock_store.generate import generate_catalog


@pytest.fixture(scope="module")
def catalog():
    return build_catalog()


@pytest.fixture()
def client(catalog):
    return TestClient(create_app(catalog))


def test_catalog_is_large_varied_and_reproducible(catalog):
    assert len(catalog.products) >= 1000
    assert len(catalog.categories) >= 12
    first, again = generate_catalog(50, seed=3), generate_catalog(50, seed=3)
    assert [p.model_dump() for p in first] == [p.model_dump() for p in again]
    assert [p.id for p in generate_catalog(50, seed=4)] != [p.id for p in first]
    products = list(catalog.products.values())
    assert any(p.required_options for p in products)
    assert any(p.list_price for p in products)
    assert any(len(p.reviews) > 5 for p in products)


def test_search_ranks_relevant_products_first(client):
    page = client.get("/search", params={"q": "clip-in hair extension"})
    assert page.status_code == 200
    titles = re.findall(r'class="card-title"[^>]*><a [^>]*>([^<]+)<', page.text)
    assert titles and all("Hair Extension" in t for t in titles[:5])


def test_filters_sort_and_pagination(client, catalog):
    page = client.get("/search", params={"q": "shoes", "max_price": "40", "sort": "price_asc", "per_page": "12"})
    prices = [float(p) for p in re.findall(r'class="price-now">\$([\d.]+)<', page.text)]
    assert prices and prices == sorted(prices) and max(prices) <= 40
    category = catalog.categories[0]
    listing = client.get("/search", params={"category": category, "page": "2"})
    assert listing.status_code == 200 and 'aria-current="page" class="current">2<' in listing.text


def test_no_results_page_offers_suggestions(client):
    page = client.get("/search", params={"q": "qwzx tea"})
    assert page.status_code == 200
    assert "tea" in page.text.lower()
    empty = client.get("/search", params={"q": "qwzxv"})
    assert "No results" in empty.text and 'class="suggestions"' in empty.text


@pytest.mark.parametrize(
    "query", ["page=abc", "min_price=cheap&max_price=-x", "per_page=100000", "sort=evil';--", "category=Nope", "q=" + "x" * 5000]
)
def test_bad_query_strings_get_a_friendly_page(client, query):
    page = client.get("/search?" + query)
    assert page.status_code == 200
    assert "<header" in page.text


def test_unknown_pages_are_404_pages(client):
    for url in ("/product/no-such-thing", "/nowhere", "/order/SA-0"):
        page = client.get(url)
        assert page.status_code == 404 and "find that page" in page.text


def _product_with_required_options(catalog):
    return next(p for p in catalog.products.values() if len(p.required_options) >= 2 and p.in_stock)


def test_cart_requires_options_then_checkout_validates_then_orders(client, catalog):
    product = _product_with_required_options(catalog)
    missing = client.post("/cart/add", data={"product_id": product.id}, follow_redirects=True)
    assert "Please choose a" in missing.text
    form = {"product_id": product.id, "quantity": "2"}
    for option in product.options:
        form[f"option_{option.name.lower()}"] = option.values[-1]
    added = client.post("/cart/add", data=form, follow_redirects=True)
    assert "Added to cart" in added.text and 'data-count="2"' in added.text
    bad = client.post("/checkout", data={"full_name": "A", "street": "", "city": "X", "zip": "12", "email": "nope", "speed": "standard"})
    assert bad.status_code == 400
    for message in ("Enter your full name", "Enter a street address", "5-digit ZIP", "Enter an email"):
        assert message in bad.text
    good = client.post(
        "/checkout",
        data={
            "full_name": "Ann Lee",
            "street": "1 Main Street",
            "city": "Austin",
            "zip": "73301",
            "email": "ann@example.com",
            "speed": "express",
        },
        follow_redirects=True,
    )
    assert good.status_code == 200 and "your order has been placed" in good.text
    orders = client.get("/api/orders").json()
    assert len(orders) == 1
    order = orders[0]
    assert order["items"][0]["quantity"] == 2 and order["shipping"] == 7.99
    assert order["total"] == round(product.price * 2 + 7.99, 2)
    assert client.get("/cart").text.count('class="cart-line"') == 0


def test_cart_update_and_remove(client, catalog):
    product = next(p for p in catalog.products.values() if not p.required_options and p.in_stock)
    client.post("/cart/add", data={"product_id": product.id})
    cart = client.get("/cart").text
    line_id = re.search(r'name="line_id" value="(\d+)"', cart).group(1)
    client.post("/cart/update", data={"line_id": line_id, "quantity": "3"})
    assert 'data-count="3"' in client.get("/cart").text
    client.post("/cart/update", data={"line_id": line_id, "remove": "1"})
    assert "Your cart is empty" in client.get("/cart").text


def test_each_shopper_has_their_own_cart_and_events(catalog):
    app = create_app(catalog)
    one, two = TestClient(app), TestClient(app)
    product = next(p for p in catalog.products.values() if not p.required_options and p.in_stock)
    one.post("/cart/add", data={"product_id": product.id})
    one.get("/search", params={"q": "tea"})
    assert 'data-count="1"' in one.get("/cart").text
    assert 'data-count="0"' in two.get("/cart").text
    shopper = one.cookies["sa_shopper"]
    events = one.get("/api/events", params={"shopper": shopper}).json()
    assert [e["page"] for e in events][:3] == ["add_to_cart", "product", "search"]
    assert events[2]["query"] == "tea"
    assert all(e["shopper"] == shopper for e in events)


def test_custom_catalogs_load_and_bad_rows_are_named(tmp_path):
    good = [{"id": "tea-1", "title": "Green Tea", "category": "Grocery", "price": 4.5}]
    path = tmp_path / "cat.json"
    path.write_text(json.dumps(good))
    assert load_catalog(path)[0].title == "Green Tea"
    path.write_text(json.dumps([*good, {"id": "tea-2", "title": "Black Tea", "category": "Grocery", "price": "free"}]))
    with pytest.raises(BadInput, match=r"product 1 \(id 'tea-2'\): field 'price'"):
        load_catalog(path)
    csv_path = tmp_path / "cat.csv"
    csv_path.write_text('id,title,category,price,bullets\ntea-1,Green Tea,Grocery,4.5,"[""organic""]"\ntea-2,,Grocery,3,\n')
    with pytest.raises(BadInput, match=r"cat.csv:3: field 'title'"):
        load_catalog(csv_path)
    csv_path.write_text("id,title,category,price\ntea-1,Green Tea,Grocery,4.5\n")
    assert load_catalog(csv_path)[0].price == 4.5


def test_static_assets_are_cacheable_and_pages_are_not(client):
    assert client.get("/static/store.css").headers["cache-control"] == "public, max-age=3600"
    assert "cache-control" not in client.get("/").headers
