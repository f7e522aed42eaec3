"""Shoppers end to end on a store nobody here wrote: django-oscar, installed from PyPI and seeded by scripts/oscar_store.

The purchase is read back from the store's own database, not from our log.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest

from shopagent.browser import Browser, Shopper, count_tokens
from shopagent.browser.actions import execute
from shopagent.types import Click, Type
from tests import oscar_store
from tests.test_cli_errors import shopagent


@pytest.fixture(scope="module")
def oscar() -> Iterator[str]:
    with oscar_store.serve() as url:
        yield url


def test_a_shopper_buys_the_named_variant_and_the_store_records_it(oscar, tmp_path):
    persona = tmp_path / "dana.json"
    email = "dana.cole@example.com"
    persona.write_text(
        json.dumps({"name": "Dana Cole", "intent": "i want a classic cotton t-shirt in navy, size large, under 30 dollars", "budget": 30})
    )
    before = [o for o in oscar_store.orders() if o["email"] == email]
    done = shopagent(
        "simulate", "--persona", str(persona), "--store-url", oscar, "--out", str(tmp_path / "run"), "--max-steps", "40", timeout=300
    )
    assert done.returncode == 0, done.stderr
    end = [json.loads(line) for line in (tmp_path / "run" / "sessions.jsonl").read_text().splitlines()][-1]
    assert end["outcome"] == "purchase", end  # the confirmation page, as the simulator saw it
    after = [o for o in oscar_store.orders() if o["email"] == email]
    assert len(after) == len(before) + 1  # and the store's own record
    assert after[-1]["lines"] == [{"title": "Classic Cotton T-Shirt, Navy, Large", "quantity": 1}]


def test_oscar_pages_keep_their_controls_within_a_budget(oscar):
    """Home, results, product, basket and the checkout's first steps: key controls found, ids stable, the budget held."""

    async def check(shopper: Shopper, key: str) -> None:
        first = await shopper.observe()
        await shopper.page.reload()
        again = await shopper.observe()
        where = shopper.page.url
        assert first.ids == again.ids, where  # stable across loads
        assert any(i.endswith(key) for i in first.ids), (where, first.ids[:20])
        cut = await shopper.observe(max_tokens=800)
        assert count_tokens(cut.html) <= 800 and any(i.endswith(key) for i in cut.ids), where

    async def look() -> None:
        async with Browser() as browser:
            shopper = await browser.new_shopper([oscar.rstrip("/")])
            for path, key in [("", "header.nav.search"), ("search/?q=shirt", "header.nav.search")]:
                await shopper.goto(oscar + path)
                await check(shopper, key)
            await shopper.goto(oscar + "catalogue/classic-cotton-t-shirt-navy-large_9/")
            await check(shopper, "add_to_cart")
            assert (await execute(shopper, Click(target="classic_cotton_t_shirt_navy_large.add_to_cart"))).ok
            await shopper.goto(oscar + "basket/")
            await check(shopper, "proceed_to_checkout")
            assert (await execute(shopper, Click(target="proceed_to_checkout"))).ok
            await check(shopper, "continue")  # who are you: email, guest
            assert (await execute(shopper, Type(target="my_email_address_is.input", text="a.b@example.com", submit=False))).ok
            assert (await execute(shopper, Click(target="continue"))).ok
            await check(shopper, "continue")  # the shipping address form

    asyncio.run(look())
