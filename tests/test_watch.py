"""What a person watching a headed run sees: the rationale banner and the outlined target, gone
before the action runs, so neither reaches an observation or a screenshot."""

from __future__ import annotations

from shopagent.agent.loop import RunOptions, run_session
from shopagent.agent.offline.policy import OfflinePolicy
from shopagent.browser import Browser
from shopagent.browser import session as browser_session
from shopagent.browser.watch import hide_intent, show_intent
from shopagent.sessionlog import SessionLog, read_sessions
from shopagent.types import Persona

BANNER = "document.getElementById('shopagent-watch')?.textContent ?? null"
OUTLINE = "document.querySelector('[data-shopagent-id=\"header.search\"]')?.style.outline ?? null"


async def test_the_banner_shows_the_rationale_and_outlines_the_target_until_hidden(store):
    async with Browser() as browser:
        shopper = await browser.new_shopper([store.url])
        await shopper.goto(store.url + "/")
        await shopper.observe()  # gives the page its ids
        await show_intent(shopper.page, "I'll search for tea.", "header.search")
        assert await shopper.page.evaluate(BANNER) == "Shopper: I'll search for tea."
        assert "solid" in await shopper.page.evaluate(OUTLINE)
        await shopper.page.set_viewport_size({"width": 1280, "height": 500})  # a window whose bottom the screen cuts off
        top, bottom = await shopper.page.evaluate(
            "(() => { const r = document.getElementById('shopagent-watch').getBoundingClientRect(); return [r.top, r.bottom]; })()"
        )
        assert top >= 0 and bottom <= 120  # the banner sits at the top, in view whatever the window's height
        await hide_intent(shopper.page)
        assert await shopper.page.evaluate(BANNER) is None
        assert await shopper.page.evaluate(OUTLINE) == ""
        await shopper.close()


async def test_a_watched_session_never_observes_or_screenshots_the_banner(store, tmp_path, monkeypatch):
    monkeypatch.setattr(browser_session, "SHOW_PAUSE_S", 0.05)
    monkeypatch.setattr(browser_session, "LINGER_S", 0.05)
    shown: list[str] = []

    async def show_and_note(page, rationale, target):
        await show_intent(page, rationale, target)
        shown.append(await page.evaluate(BANNER))

    monkeypatch.setattr(browser_session, "show_intent", show_and_note)
    persona = Persona(intent="i want a mid century sofa with usb port", budget=5, traits={"patience": 0.0})
    async with Browser(watch=True) as browser:
        with SessionLog(tmp_path / "s.jsonl") as log:
            end = await run_session(browser, OfflinePolicy(), persona, store.url + "/", log, RunOptions(screenshots=tmp_path / "shots"))
    assert end.outcome == "terminate"
    (session,) = read_sessions([tmp_path / "s.jsonl"])
    assert session.steps and all("shopagent-watch" not in s.observation.html for s in session.steps)
    assert len(list((tmp_path / "shots").glob("*.png"))) == len(session.steps)
    assert shown == [f"Shopper: {s.rationale}" for s in session.steps]  # each step was shown before it ran
