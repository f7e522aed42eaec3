"""`replay live`: re-execute recorded sessions in a real browser and report steps whose target no longer resolves.

It tells a UX team whether recordings still fit a changed store. Each session
starts at its recorded start URL, moved onto the store under test, and its
actions run in order through the same executor the agents use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from shopagent.browser.actions import closest_ids, execute
from shopagent.browser.session import Browser, origin_of
from shopagent.browser.store import StoreAdapter, adapter_for, verify_purchase
from shopagent.errors import BrowserCrashed, ShopagentError
from shopagent.types import Session


@dataclass
class LiveStep:
    index: int
    action: str
    ok: bool
    error: str | None = None


@dataclass
class LiveResult:
    session_id: str
    steps: list[LiveStep] = field(default_factory=list)
    order: dict[str, Any] | None = None
    recorded_order: dict[str, Any] | None = None
    error: str | None = None

    @property
    def failures(self) -> list[LiveStep]:
        return [s for s in self.steps if not s.ok]

    @property
    def same_order(self) -> bool | None:
        """Whether the replay bought what the recording bought (None when the recording bought nothing)."""
        if not self.recorded_order:
            return None
        return order_lines(self.order) == order_lines(self.recorded_order)


def order_lines(order: dict[str, Any] | None) -> list[tuple[str, str, int]]:
    """What an order holds, ignoring its id and time: (product, options, quantity) per line."""
    if not order:
        return []
    return sorted(
        (i.get("product_id", i.get("title", "")), str(sorted((i.get("options") or {}).items())), int(i.get("quantity", 1)))
        for i in order.get("items", [])
    )


def rebase(url: str, store_url: str | None) -> str:
    """Move a recorded URL onto the store under test (same path and query, new origin)."""
    if not store_url:
        return url
    parts, store = urlsplit(url), urlsplit(store_url)
    return urlunsplit((store.scheme, store.netloc, parts.path or "/", parts.query, ""))


async def replay_session(browser: Browser, session: Session, store_url: str | None = None, store: StoreAdapter | None = None) -> LiveResult:
    result = LiveResult(session_id=session.session_id, recorded_order=session.end.order if session.end else None)
    start = rebase(session.header.start_url, store_url)
    store = store or await adapter_for(start)
    shopper = await browser.new_shopper([origin_of(start)])
    try:
        await shopper.goto(start)
        for step in session.steps:
            action = step.action
            if action is None or (action.ends_session and not action.needs_purchase_evidence):
                continue
            observation = await shopper.observe()
            target = getattr(action, "target", None)
            if target is not None and observation.element(target) is None:
                result.steps.append(
                    LiveStep(
                        step.index, action.describe(), False, f"{target!r} is not on {observation.url}{closest_ids(target, observation)}"
                    )
                )
                continue
            before = await store.orders(shopper) if action.needs_purchase_evidence else None
            outcome = await execute(shopper, action, observation)
            result.steps.append(LiveStep(step.index, action.describe(), outcome.ok, outcome.error))
            if action.needs_purchase_evidence and outcome.ok:
                result.order = (await verify_purchase(store, shopper, before, observation)).order
    except (BrowserCrashed, ShopagentError) as exc:
        result.error = str(exc)
    finally:
        await shopper.close()
    return result


async def replay_live(sessions: list[Session], store_url: str | None = None, headless: bool = True, slow_mo: float = 0) -> list[LiveResult]:
    async with Browser(headless=headless, slow_mo=slow_mo) as browser:
        return [await replay_session(browser, s, store_url) for s in sessions]
