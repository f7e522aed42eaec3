"""End to end in real headless Chromium through Playwright: a person's path through the store."""

from __future__ import annotations

import re

import httpx
from playwright.async_api import async_playwright

from shopagent.browser.chromium import find_chromium, launch_args


async def test_search_filter_options_cart_checkout_order(store):
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=find_chromium(), args=launch_args())
        context = await browser.new_context()
        page = await context.new_page()
        await page.goto(store.url + "/")
        await page.get_by_role("searchbox", name="Search").fill("walking shoes")
        await page.keyboard.press("Enter")
        await page.wait_for_url("**/search?q=walking*")
        await page.get_by_label("Max price").fill("90")
        await page.get_by_role("button", name="Apply filters").click()
        await page.wait_for_url("**max_price=90*")
        await page.locator(".card-title a").first.click()
        await page.wait_for_url("**/product/**")
        title = await page.locator("h1").inner_text()
        await page.get_by_role("button", name="Add to cart").click()
        await page.wait_for_url("**error=choose_*")
        assert await page.get_by_role("alert").is_visible()
        await page.get_by_role("combobox", name=re.compile(r"^Size")).select_option(index=1)
        await page.locator(".swatch span").first.click()
        await page.get_by_role("button", name="Add to cart").click()
        await page.wait_for_url("**added=1")
        assert "Added to cart" in await page.get_by_role("status").inner_text()
        await page.get_by_role("link", name="View cart").click()
        await page.get_by_role("link", name="Proceed to checkout").click()
        await page.get_by_label("Full name").fill("Pat Doe")
        await page.get_by_label("ZIP code").fill("12")
        await page.get_by_role("button", name="Place order").click()
        assert "Enter a 5-digit ZIP code" in await page.content()
        await page.get_by_label("Street address").fill("4 Elm Street")
        await page.get_by_label("City").fill("Denver")
        await page.get_by_label("ZIP code").fill("80014")
        await page.get_by_label("Email").fill("pat@example.com")
        await page.get_by_role("button", name="Place order").click()
        await page.wait_for_url("**/order/**")
        order_id = await page.locator(".order-id").inner_text()
        shopper = next(c["value"] for c in await context.cookies() if c["name"] == "sa_shopper")
        await browser.close()
    orders = httpx.get(store.url + "/api/orders", params={"shopper": shopper}).json()
    assert [o["order_id"] for o in orders] == [order_id]
    assert orders[0]["items"][0]["title"] == title
    assert orders[0]["address"]["city"] == "Denver"
