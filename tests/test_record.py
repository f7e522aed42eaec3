"""`shopagent record`: a person's clicks and keystrokes (driven here with Playwright's own mouse
and keyboard, not shopagent's executor) become a human session that `replay live` reproduces."""

from __future__ import annotations

import httpx

from shopagent.browser import Browser
from shopagent.replay.live import order_lines, replay_live
from shopagent.replay.recorder import Recorder
from shopagent.sessionlog import SessionLog, read_sessions
from shopagent.types import Persona

PERSONA = Persona(name="Rec Order", intent="a simple thing to buy", budget=200)


def simple_product(store):  # type: ignore[no-untyped-def]
    return next(p for p in store.app.state.catalog.products.values() if not p.options and p.in_stock and len(p.title.split()) >= 3)


async def test_recorded_purchase_replays_to_the_same_order(store, tmp_path):
    product = simple_product(store)
    log_path = tmp_path / "human.jsonl"
    async with Browser() as browser:
        with SessionLog(log_path) as log:
            recorder = Recorder(PERSONA, store.url + "/", log)
            page = (await recorder.start(browser)).page
            await page.get_by_placeholder("Search products").click()
            await page.keyboard.type(product.title)
            await page.keyboard.press("Enter")
            await page.wait_for_url("**/search?**")
            await page.get_by_role("link", name=product.title, exact=True).first.click()
            await page.wait_for_url(f"**/product/{product.id}")
            await page.get_by_role("button", name="Add to cart").click()
            await page.get_by_role("link", name="Proceed to checkout").or_(page.get_by_role("link", name="View cart")).first.click()
            if "/checkout" not in page.url:
                await page.get_by_role("link", name="Proceed to checkout").click()
            await page.wait_for_url("**/checkout")
            await page.get_by_role("button", name="Place order").click()  # too soon: the form is empty
            await page.get_by_role("alert").wait_for()
            for label, value in [
                ("Full name", "Rec Order"),
                ("Street address", "1 Elm Street"),
                ("City", "Austin"),
                ("ZIP code", "73301"),
                ("Email", "rec@example.com"),
            ]:
                await page.get_by_label(label, exact=True).click()
                await page.keyboard.type(value)
            await page.get_by_role("button", name="Place order").click()
            end = await recorder.finished()

    assert end.outcome == "purchase" and end.order is not None
    (session,) = read_sessions([log_path])
    assert session.header.source == "human" and session.end.outcome == "purchase"
    actions = [s.action for s in session.steps]
    assert actions[0].type == "type" and actions[0].target == "header.search" and actions[0].text == product.title and actions[0].submit
    assert actions[1].type == "click" and actions[1].target.startswith("search_results.")
    typed = [a for a in actions if a.type == "type" and not a.submit]
    assert [a.text for a in typed] == ["Rec Order", "1 Elm Street", "Austin", "73301", "rec@example.com"]
    assert actions[-1].type == "purchase"
    for step in session.steps:  # each action names an element of the page seen just before it
        assert step.observation.element(step.action.target) is not None, step.action
    # The early click is logged as the person's purchase attempt, failed; the last one placed the order.
    attempts = [s for s in session.steps if s.action.type == "purchase"]
    assert len(attempts) == 2 and not attempts[0].result.ok and "no order was placed" in attempts[0].result.error
    assert all(s.result.ok for s in session.steps if s is not attempts[0])

    (replayed,) = await replay_live([session], store.url)
    assert replayed.failures == [] and replayed.error is None
    assert replayed.same_order and order_lines(replayed.order) == order_lines(end.order)
    assert replayed.order["order_id"] != end.order["order_id"]


async def test_ask_why_back_and_closing_the_window(store, tmp_path):
    log_path = tmp_path / "human.jsonl"
    async with Browser() as browser:
        with SessionLog(log_path) as log:
            recorder = Recorder(PERSONA, store.url + "/", log, ask_why=1.0)
            page = (await recorder.start(browser)).page
            await page.get_by_placeholder("Search products").click()
            await page.keyboard.type("yoga mat")
            await page.keyboard.press("Enter")
            why = page.locator("#shopagent-why input")
            await why.wait_for()
            await page.keyboard.type("I know exactly what I want.")
            await page.keyboard.press("Enter")
            await page.wait_for_url("**/search?**")
            await page.go_back()
            await page.wait_for_url(store.url + "/")
            await page.wait_for_timeout(300)
            end = await recorder.close_window()

    assert end.outcome == "terminate" and end.reason == "the window was closed"
    (session,) = read_sessions([log_path])
    kinds = [s.action.type for s in session.steps]
    assert kinds == ["type", "back", "terminate"]
    assert session.steps[0].rationale == "I know exactly what I want." and session.steps[0].rationale_source == "human"
    assert session.steps[0].result.url.startswith(store.url + "/search")
    assert "/search" in session.steps[1].observation.url  # back was taken from the results page
    assert httpx.get(store.url + "/api/health").status_code == 200
