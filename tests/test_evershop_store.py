"""A second store nobody here wrote, client-rendered: EverShop (React, from the npm registry), set up by scripts/evershop_store.

It is started and stopped here on 127.0.0.1; if it cannot be installed, these tests fail and say why.
What the store recorded is read from its own database.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from shopagent.agent.offline.page import PageView
from shopagent.browser import Browser, Shopper, count_tokens
from shopagent.browser.actions import execute, settle
from shopagent.types import Action, ActionResult, Click, Select, Type
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


async def read(shopper: Shopper, keys: list[str], budget: int = 800) -> PageView:
    """The page as the shopper reads it: every key control found, the same ids after a reload, and kept within `budget` tokens."""
    first = await shopper.observe()
    await shopper.page.reload()
    await settle(shopper)
    again = await shopper.observe()
    where = shopper.page.url
    assert first.ids == again.ids, where  # stable across loads
    assert set(keys) <= set(first.ids), (where, sorted(set(keys) - set(first.ids)), first.ids[:40])
    cut = await shopper.observe(max_tokens=budget)
    assert count_tokens(cut.html) <= budget, where
    assert set(keys) <= set(cut.ids), (where, sorted(set(keys) - set(cut.ids)))
    return PageView(again)


async def act(shopper: Shopper, action: Action) -> ActionResult:
    """Run an action as the loop does: on the page as just observed (which says what kind of control the target is)."""
    return await execute(shopper, action, await shopper.observe())


def test_evershop_pages_keep_their_controls_within_a_budget(evershop):
    """Home, results, product and the one-page checkout read as the shopper needs them: the search toggle, cards
    with no container, the header menu, option buttons and their state, add to cart, and the checkout's fields and
    custom drop-downs, whose shipping methods appear once the address is in."""

    async def look() -> None:
        async with Browser() as browser:
            shopper = await browser.new_shopper([evershop.rstrip("/")])
            await shopper.goto(evershop)
            await settle(shopper)
            home = await read(shopper, ["header.search", "header.nav.men", "merino_crew_sweater_79_00"])
            assert home.search_box is not None and home.search_box.id == "header.search"
            assert {c.title for c in home.cards} == set(FEATURED)
            assert (await act(shopper, Type(target="header.search", text="sweater", submit=True))).ok  # opens the box first
            results = await read(shopper, ["merino_crew_sweater_79_00"])
            assert [(c.title, c.price) for c in results.cards] == [("Merino Crew Sweater", 79.0)]
            assert (await act(shopper, Click(target="merino_crew_sweater_79_00"))).ok
            product = await read(shopper, ["color.navy", "color.grey", "size.s", "size.m", "add_to_cart"])
            assert product.product_region is not None and product.add_to_cart is not None
            assert {g.name.lower(): g.options for g in product.choice_groups} == {
                "color": ["Navy", "Grey", "Green"],
                "size": ["S", "M", "L", "XL"],
            }
            for choice in ("color.grey", "size.m"):
                assert (await act(shopper, Click(target=choice))).ok
            chosen = PageView(await shopper.observe())
            assert {g.name.lower(): g.chosen for g in chosen.choice_groups} == {"color": "Grey", "size": "M"}  # the page shows the choice
            assert (await act(shopper, Click(target="add_to_cart"))).ok
            await shopper.goto(evershop + "checkout")
            await settle(shopper)
            fields = ["email", "full_name", "telephone", "address", "city", "country", "province", "postcode"]
            form = await read(shopper, fields, budget=1500)
            assert form.is_order_form and [g.name.lower() for g in form.unchosen][:2] == ["country*", "province*"]
            for field, text in [("email", "a.b@example.com"), ("full_name", "A B"), ("address", "1 Elm Street"), ("city", "Austin")]:
                assert (await act(shopper, Type(target=field, text=text, submit=False))).ok
            assert (await act(shopper, Type(target="postcode", text="73301", submit=False))).ok
            assert (await act(shopper, Select(target="country", value="United States"))).ok
            assert (await act(shopper, Select(target="province", value="Texas"))).ok
            # Behaviour, not timing: the store answers the address with its shipping methods, read as radios. The
            # executor's wait for that late answer is exercised by the end-to-end purchase below.
            await shopper.page.get_by_text("Standard Shipping").first.wait_for(timeout=15000)
            methods = [e.text for e in (await shopper.observe()).elements if e.kind == "radio" and e.id.startswith("shipping_method")]
            assert [m.split("$")[0].strip() for m in methods] == ["Standard Shipping", "Express Shipping"]

    asyncio.run(look())


def test_a_shopper_buys_the_named_variant_and_the_store_records_it(evershop, tmp_path):
    """The offline shopper, end to end through `shopagent simulate`: search, the variant's buttons, the one-page
    checkout; the order is read from the store's own database."""
    persona = tmp_path / "dana.json"
    email = "dana.cole@example.com"
    intent = "i want a merino crew sweater in grey, size medium, under 100 dollars"
    persona.write_text(json.dumps({"name": "Dana Cole", "intent": intent, "budget": 100}))
    done = shopagent(
        "simulate", "--persona", str(persona), "--store-url", evershop, "--out", str(tmp_path / "run"), "--max-steps", "40", timeout=300
    )
    assert done.returncode == 0, done.stderr
    end = [json.loads(line) for line in (tmp_path / "run" / "sessions.jsonl").read_text().splitlines()][-1]
    assert end["outcome"] == "purchase", end  # the confirmation, as the simulator saw it
    [order] = [o for o in evershop_store.orders() if o["email"] == email]  # and the store's own record
    assert order["payment_method"] == "cod" and order["shipping"]
    assert [(line["sku"], line["options"], line["quantity"]) for line in order["lines"]] == [
        ("P00-GREY-M", {"Color": "Grey", "Size": "M"}, 1)
    ]
