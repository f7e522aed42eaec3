"""Execute SPEC §1 actions on a live page and report what happened.

Each action type carries its own executor (`perform`, declared with it in types.py);
this module gives it the live page: targets resolve through the semantic id that the
simplifier wrote onto the live element. Every failure becomes an ActionResult with a one-line error; nothing raises
except a crashed browser.
"""

from __future__ import annotations

import asyncio
import difflib

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator
from playwright.async_api import TimeoutError as PlaywrightTimeout

from shopagent.browser.controls import SEARCH_RE
from shopagent.browser.observe import ID_ATTR
from shopagent.browser.session import Shopper
from shopagent.errors import ActionFailed, BrowserCrashed
from shopagent.types import Action, ActionResult, Element, Observation

SETTLE_TIMEOUT_MS = 3000
LATE_FETCH_MS = 1500  # forms debounce what a choice fetches (shipping methods once the address is complete): 300-1000 ms
# A fetch the action started is what the page waits on (a variant's data): a loaded server may take seconds to answer.
FETCH_TIMEOUT_MS = 10000
REVEAL_TIMEOUT_MS = 2000  # for a search box or a list of options to show once their button is clicked
SEARCH_BOXES = "input[type=search], input[name*=search i], input[placeholder*=search i], input[aria-label*=search i], [role=searchbox]"
QUIET_MS = 60
# After a fetch answers, the page still has to read the answer and render it: under load that gap passes 60 ms.
FETCH_QUIET_MS = 250
NOT_TEXT_INPUTS = ("checkbox", "radio", "submit", "button", "reset", "image", "file", "hidden")
_OPTIONS = "(el) => Array.from(el.options).map(o => [o.value, o.textContent.replace(/\\s+/g, ' ').trim()])"

# Resolves once the DOM has had no mutations for `quiet` ms (or after `limit` ms).
_DOM_QUIET = """([quiet, limit]) => new Promise((resolve) => {
  let timer = setTimeout(done, quiet);
  const stop = setTimeout(done, limit);
  const obs = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, quiet); });
  obs.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  function done() { obs.disconnect(); clearTimeout(timer); clearTimeout(stop); resolve(true); }
})"""


def closest_ids(target: str, observation: Observation | None, n: int = 3) -> str:
    ids = observation.ids if observation else []
    close = difflib.get_close_matches(target, ids, n=n, cutoff=0.3)
    if not close:
        tail = target.rsplit(".", 1)[-1]
        close = [i for i in ids if tail and tail in i][:n]
    return f"; closest: {', '.join(close)}" if close else ""


async def settle(shopper: Shopper, fetches_before: int | None = None) -> None:
    """Wait for any navigation the action started to commit and load, then for the DOM to go quiet, and for what
    the page fetched since `fetches_before` (the count when the action began) to be answered and rendered.

    Bounded by SETTLE_TIMEOUT_MS, and fetches by FETCH_TIMEOUT_MS; a page that never settles is observed as it is.
    """
    page = shopper.page
    deadline = asyncio.get_running_loop().time() + SETTLE_TIMEOUT_MS / 1000
    for _ in range(3):
        try:
            await page.wait_for_load_state("domcontentloaded", timeout=SETTLE_TIMEOUT_MS)
            await page.evaluate(_DOM_QUIET, [QUIET_MS, SETTLE_TIMEOUT_MS])
        except PlaywrightTimeout:
            return
        except PlaywrightError:
            shopper.check_alive()  # a navigation replaced the document mid-wait: go round again
            continue
        # Script-driven navigations (auto-submitting selects) start after the click returns.
        while shopper.navigations_started > shopper.navigations_committed and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)
        if shopper.navigations_started <= shopper.navigations_committed:
            try:
                await page.wait_for_load_state("domcontentloaded", timeout=SETTLE_TIMEOUT_MS)
                fetched = fetches_before is not None and shopper.fetches_started > fetches_before
                if fetched or shopper.fetches_in_flight:
                    await _fetches_done(shopper)
            except PlaywrightError:
                shopper.check_alive()
            return


async def late_fetches(shopper: Shopper) -> None:
    """Wait up to LATE_FETCH_MS for a fetch the page starts after a pause, then for it and the DOM it changes.
    A store that has fetched nothing itself so far renders on the server and answers a choice with a page load
    (or not at all): no wait there."""
    if not shopper.fetches_started:
        return
    loop = asyncio.get_running_loop()
    started, deadline = shopper.fetches_started, loop.time() + LATE_FETCH_MS / 1000
    while shopper.fetches_started == started and not shopper.fetches_in_flight and loop.time() < deadline:
        await asyncio.sleep(0.05)
    if shopper.fetches_started != started or shopper.fetches_in_flight:
        await _fetches_done(shopper)


async def _fetches_done(shopper: Shopper) -> None:
    """Wait for the page's own fetches to answer (a client-rendered update), then for the DOM they change to go quiet,
    and again while an answer leads to a further fetch. Bounded by FETCH_TIMEOUT_MS in all."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + FETCH_TIMEOUT_MS / 1000
    while True:
        while shopper.fetches_in_flight and loop.time() < deadline:
            await asyncio.sleep(0.02)
        limit_ms = max(0, int((deadline - loop.time()) * 1000))
        await shopper.page.evaluate(_DOM_QUIET, [FETCH_QUIET_MS, min(limit_ms, SETTLE_TIMEOUT_MS)])
        if not shopper.fetches_in_flight or loop.time() >= deadline:
            return


class LiveControl:
    """A live element resolved from its semantic id: the executor side of `types.Control`."""

    def __init__(self, locator: Locator, target: str, element: Element | None) -> None:
        self.locator = locator
        self.target = target
        self.element = element

    async def _tag(self) -> tuple[str, str, bool]:
        found = await self.locator.evaluate("(el) => [el.tagName.toLowerCase(), el.type || '', el.isContentEditable]")
        return str(found[0]), str(found[1]), bool(found[2])

    def _kind_name(self, tag: str) -> str:
        return self.element.kind if self.element else tag

    async def click(self) -> None:
        await self.locator.click()

    async def fill(self, text: str, submit: bool) -> None:
        tag, input_type, editable = await self._tag()
        text_like = tag == "textarea" or editable or (tag == "input" and input_type not in NOT_TEXT_INPUTS)
        field = self.locator if text_like else await self._revealed_search_box(input_type)
        if field is None:
            raise ActionFailed(f"{self.target!r} is a {self._kind_name(tag)}, not a text field; type needs an input")
        await field.fill(text)
        if submit:
            await field.press("Enter")

    async def _revealed_search_box(self, input_type: str) -> Locator | None:
        """A search link or button that opens a search box (an icon in a header): open it, and the box it shows."""
        label = self.element.text if self.element else await self.locator.inner_text()
        box = self.locator.page.locator(SEARCH_BOXES).locator("visible=true").first
        # A submit button beside a visible box sends the search; only a control with no box in sight opens one.
        if not SEARCH_RE.search(f"{self.target} {label}") or input_type == "submit" or await box.count():
            return None
        await self.locator.click()
        try:
            await box.wait_for(state="visible", timeout=REVEAL_TIMEOUT_MS)
        except PlaywrightTimeout:
            return None
        return box

    async def choose(self, value: str) -> None:
        tag, _, _ = await self._tag()
        if tag != "select" and self.element is not None and self.element.kind == "select":
            await self._choose_from_popup(value)
            return
        if tag != "select":
            raise ActionFailed(f"{self.target!r} is a {self._kind_name(tag)}, not a select")
        options = await self.locator.evaluate(_OPTIONS)
        wanted = value.strip().lower()
        match = next((v for v, label in options if label.lower() == wanted), None)
        if match is None:
            match = next((v for v, label in options if v.lower() == wanted), None)
        if match is None:
            labels = ", ".join(label for _, label in options if label)[:200]
            raise ActionFailed(f"{self.target!r} has no option {value!r}; options: {labels}")
        await self.locator.select_option(value=match)

    async def _choose_from_popup(self, value: str) -> None:
        """A custom drop-down (a combobox button and its listbox): open it and click the option that says `value`."""
        await self.locator.click()
        options = self.locator.page.locator("[role=option]").locator("visible=true")
        try:
            await options.first.wait_for(state="visible", timeout=REVEAL_TIMEOUT_MS)
        except PlaywrightTimeout:
            raise ActionFailed(f"{self.target!r} opened no list of options") from None
        labels = [" ".join(t.split()) for t in await options.all_inner_texts()]
        wanted = value.strip().lower()
        index = next((i for i, label in enumerate(labels) if label.lower() == wanted), None)
        if index is None:
            index = next((i for i, label in enumerate(labels) if label.lower().startswith(wanted)), None)
        if index is None:
            await self.locator.page.keyboard.press("Escape")
            raise ActionFailed(f"{self.target!r} has no option {value!r}; options: {', '.join(labels)[:200]}")
        await options.nth(index).click()


class LivePage:
    """The executor side of `types.PageDriver` for one shopper's page."""

    def __init__(self, shopper: Shopper, observation: Observation | None) -> None:
        self.shopper = shopper
        self.observation = observation

    async def control(self, target: str) -> LiveControl:
        locator = self.shopper.page.locator(f'[{ID_ATTR}="{target}"]')
        observation = self.observation
        if await locator.count() == 0:
            # The page may have changed since it was observed: name its elements afresh once.
            observation = await self.shopper.observe()
        if await locator.count() == 0:
            raise ActionFailed(f"no element {target!r} on this page{closest_ids(target, observation)}")
        element = observation.element(target) if observation else None
        first = locator.first
        if not await first.is_visible():
            raise ActionFailed(f"element {target!r} is hidden")
        if (element is not None and element.disabled) or await first.is_disabled():
            raise ActionFailed(f"element {target!r} is disabled")
        return LiveControl(first, target, element)

    async def go_back(self) -> None:
        page = self.shopper.page
        response = await page.go_back(wait_until="domcontentloaded")
        if response is None and page.url in ("about:blank", ""):
            raise ActionFailed("there is no earlier page to go back to")


async def execute(shopper: Shopper, action: Action, observation: Observation | None = None) -> ActionResult:
    """Run one action, wait for the page to settle, and report the outcome."""
    shopper.check_alive()
    fetches_before = shopper.fetches_started
    try:
        await action.perform(LivePage(shopper, observation))
        if action.changes_page:
            await settle(shopper, fetches_before)
        if action.answered_late:
            await late_fetches(shopper)
        return ActionResult(ok=True, url=shopper.page.url)
    except ActionFailed as exc:
        return ActionResult(ok=False, error=str(exc), url=shopper.page.url)
    except PlaywrightTimeout as exc:
        shopper.check_alive()
        message = str(exc).splitlines()[0]
        return ActionResult(
            ok=False, error=f"{action.type} on {getattr(action, 'target', 'page')!r} timed out: {message}", url=shopper.page.url
        )
    except PlaywrightError as exc:
        if shopper.crashed or shopper.page.is_closed():
            raise BrowserCrashed("the page crashed during the action") from None
        return ActionResult(ok=False, error=f"{action.type} failed: {str(exc).splitlines()[0]}", url=shopper.page.url)
