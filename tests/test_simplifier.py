"""The simplifier on our store and on three structurally different foreign storefronts, in real Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shopagent.browser import Browser, count_tokens
from shopagent.browser.chromium import HEADLESS_SHELL_PATHS, find_chromium
from shopagent.browser.observe import ID_ATTR


async def _resolves_exactly_once(shopper, obs) -> None:
    for element in obs.elements:
        count = await shopper.page.locator(f'[{ID_ATTR}="{element.id}"]').count()
        assert count == 1, f"{element.id} resolves to {count} live elements"


async def test_store_ids_are_readable_stable_unique_and_resolve(store):
    async with Browser() as browser:
        shopper = await browser.new_shopper([store.url])
        await shopper.goto(store.url + "/search?q=clip-in+hair+extension")
        first = await shopper.observe()
        await shopper.page.reload()
        second = await shopper.observe()
        assert first.ids == second.ids and first.html == second.html
        assert len(set(first.ids)) == len(first.ids)
        assert "header.search" in first.ids
        cards = [i for i in first.ids if i.startswith("search_results.") and i.endswith(".link")]
        assert cards and all("clip_in" in i for i in cards[:3])
        assert "<s>" in first.html and "$" in first.html  # strike-through prices survive
        await _resolves_exactly_once(shopper, first)
        # Cards are named only through their ids, and bare wrappers (li > article) are merged.
        assert '<section name="search_results">' in first.html
        assert "<li name=" not in first.html and "<li><article>" not in first.html
        live_ids = await shopper.page.locator(f"[{ID_ATTR}]").count()
        assert live_ids == len(first.ids)  # observing again leaves no stale ids behind
        assert count_tokens(first.html) < 0.35 * count_tokens(await shopper.page.content())


async def test_product_page_marks_options_purchase_and_keeps_visible_dialogs(store):
    product = next(
        p
        for p in store.app.state.catalog.products.values()
        if any(o.name == "Size" and o.required for o in p.options) and any(o.name == "Color" for o in p.options)
    )
    async with Browser() as browser:
        shopper = await browser.new_shopper([store.url])
        await shopper.goto(f"{store.url}/product/{product.id}")
        obs = await shopper.observe()
        kinds = {e.id: e.kind for e in obs.elements}
        assert kinds["product.size"] == "select"
        radios = [e for e in obs.elements if e.id.startswith("product.color.")]
        assert radios and all(e.kind == "radio" and e.checked is False for e in radios)
        assert radios[0].text in product.options[[o.name for o in product.options].index("Color")].values
        assert obs.element("product.buy_now").purchase
        assert "product.size_guide.close" not in obs.ids  # closed <dialog> is hidden
        await _resolves_exactly_once(shopper, obs)
        await shopper.page.get_by_role("button", name="Size guide").click()
        opened = await shopper.observe()
        assert "product.size_guide.close" in opened.ids
        assert '<dialog name="product.size_guide">' in opened.html


async def test_div_soup_store(fixture_site):
    async with Browser() as browser:
        shopper = await browser.new_shopper([fixture_site])
        await shopper.goto(fixture_site + "/div_soup.html")
        obs = await shopper.observe()
        ids = obs.ids
        # Clickable divs (pointer cursor, listeners added in JS) become buttons named by their cards.
        assert "green_tea_100_bags.add_to_basket" in ids
        assert obs.element("green_tea_100_bags.add_to_basket").kind == "button"
        assert "what_are_you_looking_for" in ids and obs.element("what_are_you_looking_for").kind == "input"
        assert not any("secret" in i for i in ids)  # display:none
        await _resolves_exactly_once(shopper, obs)


async def test_table_layout_store(fixture_site):
    async with Browser() as browser:
        shopper = await browser.new_shopper([fixture_site])
        await shopper.goto(fixture_site + "/table_shop.html")
        obs = await shopper.observe()
        by_id = {e.id: e for e in obs.elements}
        assert by_id["find.keyword"].kind == "input"
        assert by_id["canvas_tote_bag.buy"].kind == "button"
        assert by_id["canvas_tote_bag.size1"].kind == "select" and by_id["canvas_tote_bag.size1"].options == ["Small", "Large"]
        assert by_id["wool_scarf.buy"].disabled
        assert by_id["gift_wrap"].kind == "checkbox"
        assert "invisible_link" not in by_id  # visibility:hidden
        assert by_id["canvas_tote_bag.buy"].purchase is False
        await _resolves_exactly_once(shopper, obs)


async def test_aria_single_page_app_changes_without_navigation(fixture_site):
    async with Browser() as browser:
        shopper = await browser.new_shopper([fixture_site])
        await shopper.goto(fixture_site + "/aria_spa.html")
        obs = await shopper.observe()
        assert obs.element("header.basket").kind == "link"
        details = [e for e in obs.elements if e.id.endswith(".details")]
        assert [e.id for e in details] == ["catalogue.ceramic_mug.details", "catalogue.glass_teapot.details"]
        await shopper.page.click(f'[{ID_ATTR}="catalogue.ceramic_mug.details"]')
        detail = await shopper.observe()
        assert detail.url == obs.url
        assert detail.element("product.finish.matte").kind == "radio" and detail.element("product.finish.matte").checked
        assert detail.element("product.gift_card").disabled
        await shopper.page.click(f'[{ID_ATTR}="product.add_to_cart"]')
        toast = await shopper.observe()
        assert 'role="status"' in toast.html and "Added Ceramic Mug" in toast.html
        assert "close_notice" in " ".join(toast.ids)


async def test_long_lists_are_cut_to_the_token_budget_with_a_marker(store):
    async with Browser() as browser:
        shopper = await browser.new_shopper([store.url])
        await shopper.goto(store.url + "/search?q=shirt&per_page=48")
        full = await shopper.observe()
        cut = await shopper.observe(max_tokens=2500)
        assert count_tokens(cut.html) <= 2500 < count_tokens(full.html)
        assert "more items" in cut.html
        assert len(cut.elements) < len(full.elements)
        assert set(cut.ids) <= set(full.ids)


async def test_stored_html_gives_the_same_observation_as_the_live_page(fixture_site):
    async with Browser() as browser:
        shopper = await browser.new_shopper([fixture_site])
        await shopper.goto(fixture_site + "/table_shop.html")
        live = await shopper.observe()
        stored = await browser.observe_html(await shopper.page.content(), url=live.url)
        assert stored.ids == live.ids
        assert stored.html == live.html


async def _observe_store_pages(browser: Browser, store) -> list:  # type: ignore[no-untyped-def]
    product = next(p for p in store.app.state.catalog.products.values() if p.options)
    shopper = await browser.new_shopper([store.url])
    pages = []
    for path in ("/", "/search?q=shoes", f"/product/{product.id}"):
        await shopper.goto(store.url + path)
        await shopper.page.wait_for_load_state("load")
        pages.append(await shopper.observe())
    return pages


async def test_pictures_off_gives_the_same_observation(store):
    seen = []
    for images in (True, False):
        async with Browser(images=images) as browser:
            seen.append(await _observe_store_pages(browser, store))
    assert seen[0] == seen[1]


async def test_headless_shell_and_full_chromium_see_the_same_page(store, monkeypatch):
    """Populations run in the headless shell; a person watching --headed sees the full browser."""
    shell = next((p for p in HEADLESS_SHELL_PATHS if Path(p).exists()), None)
    full = find_chromium(headless=False)
    if shell is None or full is None or "SHOPAGENT_CHROMIUM" in os.environ:
        pytest.skip("needs both Debian's chromium and chromium-headless-shell (scripts/setup.sh installs them)")
    assert find_chromium(headless=True) == shell
    seen = []
    for executable in (shell, full):
        monkeypatch.setenv("SHOPAGENT_CHROMIUM", executable)
        async with Browser() as browser:
            seen.append(await _observe_store_pages(browser, store))
    assert seen[0] == seen[1]


async def test_observations_carry_regions_and_records(store):
    """Each element names its region and record; each region gives its text, so policies never re-parse html."""
    async with Browser() as browser:
        shopper = await browser.new_shopper([store.url])
        await shopper.goto(store.url + "/search?q=hair+extension")
        obs = await shopper.observe()
        search = obs.element("header.search")
        assert search is not None and search.region == "header" and search.record is None
        links = [e for e in obs.elements if e.kind == "link" and e.record and e.record.startswith("search_results.")]
        assert len(links) >= 3
        card = obs.region(links[0].record)
        assert card is not None and card.record and "$" in card.text and card.heading
        assert links[0].region == links[0].record  # a card's link sits directly in its card
        # The page's own structure, not a second parser, names the product's options and whether they are required.
        await shopper.goto(store.url + "/search?q=t-shirt")
        obs = await shopper.observe()
        first = next(e for e in obs.elements if e.kind == "link" and e.record and e.record.startswith("search_results."))
        href = await shopper.page.locator(f'[data-shopagent-id="{first.id}"]').get_attribute("href")
        await shopper.goto(store.url + (href or "/"))
        product = await shopper.observe()
        radios = [e for e in product.elements if e.kind == "radio" and e.region and e.region.startswith("product.")]
        selects = [e for e in product.elements if e.kind == "select" and e.region == "product"]
        assert radios or selects
        assert all(e.required for e in radios + selects if "(required)" in product.region_text(e.region or ""))


async def test_a_page_scrolled_down_still_shows_everything_above_the_fold(store):
    """Going back restores a page's scroll position; what is above the viewport is still on the page."""
    async with Browser() as browser:
        shopper = await browser.new_shopper([store.url])
        await shopper.goto(store.url + "/search?q=tea")
        top = await shopper.observe()
        await shopper.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        scrolled = await shopper.observe()
    assert "header.search" in scrolled.ids and scrolled.ids == top.ids


async def test_a_long_select_is_short_in_the_html_and_whole_in_the_element_list():
    from shopagent.browser.actions import execute
    from shopagent.types import Select

    options = "".join(f"<option{' selected' if i == 40 else ''}>Country {i}</option>" for i in range(60))
    html = f"<main><label>Country <select name='c'>{options}</select></label></main>"
    async with Browser() as browser:
        shopper = await browser.new_shopper([])
        await shopper.page.set_content(html)
        obs = await shopper.observe()
        (select,) = [e for e in obs.elements if e.kind == "select"]
        assert len(select.options or []) == 60 and select.value == "Country 40"
        assert "<option>Country 7 <option selected>" in obs.html and "Country 8 " not in obs.html
        assert "<option selected>Country 40</option>" in obs.html and "… 51 more options" in obs.html
        assert (await execute(shopper, Select(target=select.id, value="Country 55"), obs)).ok  # a hidden option can still be chosen
        assert (await shopper.observe()).element(select.id).value == "Country 55"


async def test_repeats_and_end_tags_a_document_does_not_need_are_left_out():
    """A menu's second copy is said once, ids name two regions at most, and optional end tags go."""
    menu = "<ul>" + "".join(f"<li><a href='/c/{n}'>{n.title()}</a></li>" for n in ("tea", "coffee", "cocoa")) + "</ul>"
    html = (
        f"<header><nav aria-label='Shop'><section aria-label='Drinks'>{menu}</section></nav></header>"
        f"<nav aria-label='Mobile'>{menu}<a href='/c/tea#top'>Tea</a><a href='#reviews'>Reviews</a><a href='#reviews'>Reviews</a></nav>"
        "<main><table><tbody><tr><th>Size</th><td>250 g</td></tr></tbody></table><p>Fresh</p> roasted <a href='/c/cocoa'>Cocoa</a></main>"
    )
    async with Browser() as browser:
        shopper = await browser.new_shopper([])
        await shopper.page.set_content(html)
        obs = await shopper.observe()
    assert [e.id for e in obs.elements if e.text == "Coffee"] == ["header.drinks.coffee"]  # not header.shop.drinks.coffee
    assert [e.id for e in obs.elements if e.text == "Reviews"] == ["mobile.reviews", "mobile.reviews_2"]  # jumps in the page stay
    assert "mobile.tea" in obs.ids  # another address (its own anchor) is another link
    assert [e.id for e in obs.elements if e.text == "Cocoa"] == ["header.drinks.cocoa", "cocoa"]  # the main content keeps its own copy
    assert '<li><a name="header.drinks.tea">Tea</a> <li>' in obs.html and "</li>" not in obs.html
    assert "<tbody>" not in obs.html and "<tr><th>Size <td>250 g</table>" in obs.html
    assert "<p>Fresh</p> roasted" in obs.html  # text after a paragraph needs its end tag


async def test_two_cards_of_one_name_are_two_records():
    """A shop that lists one title twice (two sellers, two listings) shows two cards, each with its own price."""
    from shopagent.agent.offline.page import PageView

    card = "<li><h3><a href='/p/{n}'>Golf Shirt</a></h3><span>${price}</span><button>Add to cart</button></li>"
    cards = "".join(card.format(n=n, price=price) for n, price in ((1, "54.99"), (2, "49.99"), (3, "19.00")))
    html = f"<main><section aria-label='Search results'><ul>{cards}</ul></section></main>"
    html = html.replace("<a href='/p/3'>Golf Shirt", "<a href='/p/3'>Golf Cap")
    async with Browser() as browser:
        shopper = await browser.new_shopper([])
        await shopper.page.set_content(html)
        obs = await shopper.observe()
    records = [e.record for e in obs.elements if e.kind == "link"]
    assert records == ["search_results.golf_shirt", "search_results.golf_shirt_2", "search_results.golf_cap"]
    assert [e.id for e in obs.elements if e.kind == "link"] == [f"{r}.link" for r in records]  # named as the first card's link
    assert [(c.title, c.price) for c in PageView(obs).cards] == [("Golf Shirt", 54.99), ("Golf Shirt", 49.99), ("Golf Cap", 19.0)]
