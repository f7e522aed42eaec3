"""A second store nobody here wrote, client-rendered: EverShop (React, from the npm registry), set up by scripts/evershop_store.

It is started and stopped here on 127.0.0.1; if it cannot be installed, these tests fail and say why.
What the store recorded is read from its own database.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from shopagent.browser import Browser
from tests import evershop_store
from tests.test_cli_errors import shopagent

# name and price of every product the seed lists on the home page (scripts/evershop_store/seed.mjs)
FEATURED = {
    "Merino Crew Sweater": "$79.00",
    "Organic Cotton T-Shirt": "$24.00",
    "Slim Chino Pants": "$59.00",
    "Linen Summer Dress": "$69.00",
    "Cashmere Cardigan": "$119.00",
    "High-Rise Yoga Leggings": "$45.00",
    "Kids Rain Jacket": "$39.00",
    "Canvas Tote Bag": "$29.00",
    "Wool Beanie": "$19.00",
    "Leather Belt": "$35.00",
    "Stoneware Coffee Mug": "$14.00",
    "Waffle Bath Towel": "$22.00",
    "Scented Soy Candle": "$18.00",
    "Bamboo Cutting Board": "$32.00",
}


@pytest.fixture(scope="module")
def evershop() -> Iterator[str]:
    with evershop_store.serve() as url:
        yield url


def listening_addresses(port: int) -> set[str]:
    """The local addresses of the sockets listening on `port`, from /proc/net/tcp (hex, little-endian for IPv4)."""
    found = set()
    for table in ("tcp", "tcp6"):
        path = Path("/proc/net") / table
        for row in path.read_text().splitlines()[1:] if path.exists() else []:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(".".join(str(int(address[i : i + 2], 16)) for i in (6, 4, 2, 0)) if len(address) == 8 else address)
    return found


def test_the_home_page_renders_the_catalogue_and_the_store_listens_on_loopback_only(evershop):
    done = shopagent("observe", evershop, "--json", timeout=180)
    assert done.returncode == 0, done.stderr
    obs = json.loads(done.stdout)
    text = " ".join([obs["html"], *(e.get("text", "") for e in obs["elements"])])
    shown = [name for name, price in FEATURED.items() if name in text and price in text]
    assert len(shown) == len(FEATURED), sorted(set(FEATURED) - set(shown))
    for category in ("Men", "Women", "Kids", "Accessories", "Home"):  # the header menu
        assert any(e.get("text") == category for e in obs["elements"]), category
    port = int(evershop.rstrip("/").rsplit(":", 1)[1])
    assert listening_addresses(port) == {"127.0.0.1"}


async def test_a_product_page_switches_colour_and_size_in_place(evershop):
    """The variant buttons fetch the chosen variant's data and rewrite the page without loading a new document."""
    async with Browser() as browser:
        shopper = await browser.new_shopper([evershop.rstrip("/")])
        await shopper.goto(evershop + "men/merino-crew-sweater-navy-s")
        page = shopper.page
        for label in ("Navy", "Grey", "Green", "S", "M", "L", "XL", "Add to cart"):
            assert await page.get_by_role("button", name=label, exact=True).count() == 1, label
        await page.evaluate("window.__same_document = true")
        await page.get_by_role("button", name="Grey", exact=True).click()
        await page.wait_for_function("location.search.includes('color=')")  # the page has taken the colour in
        await page.get_by_role("button", name="M", exact=True).click()
        await page.get_by_text("P00-GREY-M").wait_for(timeout=15000)
        assert await page.evaluate("window.__same_document === true")  # no page load happened
        assert "color=" in page.url and "size=" in page.url  # the choice is in the address, put there by history.pushState


def test_an_order_is_read_back_from_the_store_database(evershop):
    """orders() reads what the store recorded: here an order placed through the storefront's own REST API."""
    assert evershop_store.orders() == []  # each serve starts from the seeded database
    number = evershop_store.order_by_api(evershop, "api.buyer@example.com", "P00-GREY-M")
    [order] = evershop_store.orders()
    assert order["number"] == number and order["email"] == "api.buyer@example.com"
    assert order["payment_method"] == "cod" and order["shipping"] == "Standard Shipping"
    assert order["total"].startswith("84.00")  # $79 and $5 shipping
    assert order["lines"] == [
        {
            "name": "Merino Crew Sweater",
            "sku": "P00-GREY-M",
            "options": {"Color": "Grey", "Size": "M"},
            "quantity": 1,
            "title": "Merino Crew Sweater, Grey, M",
        }
    ]
