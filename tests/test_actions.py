"""Every action type runs live; every kind of bad target is reported, not raised."""

from __future__ import annotations

import asyncio

import pytest
from playwright.async_api import Error as PlaywrightError

from shopagent.browser import Browser, execute
from shopagent.types import Back, Click, Purchase, Select, Terminate, Type


async def test_click_type_select_back_on_the_store(store):
    async with Browser() as browser:
        shopper = await browser.new_shopper([store.url])
        await shopper.goto(store.url + "/")
        obs = await shopper.observe()
        result = await execute(shopper, Type(target="header.search", text="yoga mat"), obs)
        assert result.ok and "/search?q=yoga+mat" in result.url
        obs = await shopper.observe()
        result = await execute(shopper, Select(target="search_results.sort_by", value="Price: low to high"), obs)
        assert result.ok and "sort=price_asc" in result.url  # the select auto-submits
        obs = await shopper.observe()
        link = next(e for e in obs.elements if e.id.startswith("search_results.") and e.id.endswith(".link"))
        result = await execute(shopper, Click(target=link.id), obs)
        assert result.ok and "/product/" in result.url
        obs = await shopper.observe()
        swatch = next(e for e in obs.elements if e.id.startswith("product.color."))
        assert (await execute(shopper, Click(target=swatch.id), obs)).ok
        assert (await shopper.observe()).element(swatch.id).checked is True
        result = await execute(shopper, Type(target="product.quantity", text="2", submit=False), obs)
        assert result.ok and "/product/" in result.url
        result = await execute(shopper, Back(), obs)
        assert result.ok and "sort=price_asc" in result.url
        assert (await execute(shopper, Terminate(), obs)).ok


async def test_errors_name_the_problem_and_nearby_ids(store, fixture_site):
    async with Browser() as browser:
        shopper = await browser.new_shopper([store.url])
        await shopper.goto(store.url + "/")
        obs = await shopper.observe()
        missing = await execute(shopper, Click(target="header.serch"), obs)
        assert not missing.ok and "no element 'header.serch'" in missing.error and "header.search" in missing.error
        not_input = await execute(shopper, Type(target="header.submit_search", text="x"), obs)
        assert not not_input.ok and "not a text field" in not_input.error
        not_select = await execute(shopper, Select(target="header.search", value="x"), obs)
        assert not not_select.ok and "not a select" in not_select.error
        not_purchase = await execute(shopper, Purchase(target="header.submit_search"), obs)
        assert not not_purchase.ok and "not a purchase control" in not_purchase.error
        await shopper.goto(store.url + "/search?q=tea")
        obs = await shopper.observe()
        bad_option = await execute(shopper, Select(target="search_results.sort_by", value="Cheapest"), obs)
        assert not bad_option.ok and "no option 'Cheapest'" in bad_option.error and "Price: low to high" in bad_option.error

        other = await browser.new_shopper([fixture_site])
        await other.goto(fixture_site + "/table_shop.html")
        obs = await other.observe()
        disabled = await execute(other, Click(target="wool_scarf.buy"), obs)
        assert not disabled.ok and "disabled" in disabled.error
        await other.page.evaluate("document.querySelector('[name=gift]').closest('p').style.display = 'none'")
        hidden = await execute(other, Click(target="gift_wrap"), obs)
        assert not hidden.ok and "hidden" in hidden.error
        fresh = await browser.new_shopper([fixture_site])
        no_history = await execute(fresh, Back(), None)
        assert not no_history.ok and "no earlier page" in no_history.error


async def test_network_guard_blocks_and_counts_other_origins(store, fixture_site):
    async with Browser() as browser:
        shopper = await browser.new_shopper([store.url])
        await shopper.goto(store.url + "/")
        # Another live server on this machine is refused like any other site.
        script = "(urls) => Promise.all(urls.map((u) => fetch(u, {mode: 'no-cors'}).then(() => 'ok', () => 'blocked')))"
        outcomes = await shopper.page.evaluate(script, [fixture_site + "/div_soup.html", "https://example.com/", "/api/health"])
        assert outcomes == ["blocked", "blocked", "ok"]
        popup = await shopper.context.new_page()  # pages the store opens get the same guard
        with pytest.raises(PlaywrightError, match="ERR_PROXY_CONNECTION_FAILED"):
            await popup.goto(fixture_site + "/div_soup.html")
        # Failure events reach Python on their own, after the page has seen the refusals: wait for all three, however
        # long that takes on this machine (no clock decides; CI's own limit catches a guard that never reports).
        while shopper.blocked_count < 3:
            await asyncio.sleep(0.02)
        assert shopper.blocked_count == 3
        assert any("example.com" in u for u in shopper.blocked)
        assert all(not u.startswith(store.url) for u in shopper.blocked)
