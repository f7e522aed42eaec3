"""Every action type runs live; every kind of bad target is reported, not raised."""

from __future__ import annotations

from shopagent.browser import Browser, execute
from shopagent.types import Back, Click, Purchase, Select, Terminate, Type
from tests.conftest import run


@run
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


@run
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


@run
async def test_network_guard_blocks_and_counts_other_origins(store):
    async with Browser() as browser:
        shopper = await browser.new_shopper([store.url])
        await shopper.goto(store.url + "/")
        await shopper.page.evaluate("Promise.allSettled([fetch('http://127.0.0.2:9/x'), fetch('https://example.com/')])")
        await shopper.page.evaluate("fetch('/api/health')")
        assert shopper.blocked_count == 2
        assert any("example.com" in u for u in shopper.blocked)
