"""`shopagent record`: a person shops in a real browser while every action is written down.

The page reports each click, typed field (one `type` per Enter or per field
left), select, back navigation and purchase, with the semantic id of its target
and the observation taken just before it (recorder.js). Each step is written to
the session log as soon as its result is known, with `source: human`. A purchase
is checked against the store's /api/orders and ends the session; closing the
window ends it as `terminate`.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

from shopagent.agent.loop import NO_ORDER
from shopagent.browser.session import Browser, Shopper, origin_of
from shopagent.browser.store import GenericStore, StoreAdapter, adapter_for, order_evidence
from shopagent.sessionlog import SessionLog
from shopagent.types import ActionResult, EndRecord, Observation, Persona, SessionRecord, StepRecord, Terminate, parse_action

ORDER_WAIT_S = 10.0


def init_script(ask_why: float) -> str:
    recorder = Path(__file__).with_name("recorder.js").read_text(encoding="utf-8")
    return f"({recorder})({{askWhy: {float(ask_why)!r}}});\n"


class Recorder:
    """Records one human session on the store at `start_url` into `log`.

    recorder = Recorder(persona, "http://127.0.0.1:8000/", log, ask_why=0.1)
    shopper = await recorder.start(browser)   # a person (or a test) now uses shopper.page
    end = await recorder.finished()           # after a purchase or when the window closes
    """

    def __init__(self, persona: Persona, start_url: str, log: SessionLog, ask_why: float = 0.0, session_id: str | None = None) -> None:
        self.persona = persona
        self.start_url = start_url
        self.log = log
        self.ask_why = ask_why
        self.session_id = session_id or uuid.uuid4().hex[:12]
        self.shopper: Shopper | None = None
        self.store: StoreAdapter = GenericStore()
        self.steps = 0
        self.end: EndRecord | None = None
        self._pending: StepRecord | None = None  # the last action, written once its result is known
        self._held: list[dict[str, Any]] = []  # reports that came while a purchase click awaited the store
        self._page_obs: Observation | None = None  # the page as it was when last reported
        self._done = asyncio.Event()
        self._tasks: set[asyncio.Task[Any]] = set()

    async def start(self, browser: Browser) -> Shopper:
        self.log.write(
            SessionRecord(
                session_id=self.session_id,
                persona=self.persona,
                start_url=self.start_url,
                source="human",
                policy={"name": "human", "recorder": "shopagent record", "ask_why": self.ask_why},
            )
        )
        self.store = await adapter_for(self.start_url)
        shopper = await browser.new_shopper([origin_of(self.start_url)])
        self.shopper = shopper
        await shopper.context.expose_binding("__shopagentRecord", self._on_report)
        await shopper.context.add_init_script(init_script(self.ask_why))
        shopper.page.on("close", lambda _: self._spawn(self._finish_left()))
        await shopper.goto(self.start_url)
        return shopper

    async def finished(self) -> EndRecord:
        await self._done.wait()
        assert self.end is not None
        return self.end

    async def close_window(self) -> EndRecord:
        """End the session the way a person closing the window does."""
        if self.shopper is not None and not self.shopper.page.is_closed():
            await self.shopper.page.close()
        return await self.finished()

    # ------------------------------------------------------------------ reports from the page

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _on_report(self, source: Any, payload: dict[str, Any]) -> None:
        if self.end is not None:
            return
        if self._awaiting_order:  # keep the log in order until the store answers the purchase click
            self._held.append(payload)
            return
        self._handle(payload)

    def _handle(self, payload: dict[str, Any]) -> None:
        observation = Observation.model_validate_json(payload["observation"])
        if payload["kind"] == "page":
            if payload.get("navigation") == "back_forward" and self._page_obs is not None:
                self._flush(observation.url)
                self._pending = self._step(self._page_obs, {"type": "back"}, "")
            else:
                self._flush(observation.url)
            self._page_obs = observation
            return
        self._flush(observation.url)
        self._pending = self._step(observation, payload["action"], payload.get("rationale") or "")
        if self._awaiting_order:
            self._spawn(self._confirm_purchase(self._pending))

    @property
    def _awaiting_order(self) -> bool:
        """The last action is a purchase click, not yet written: the store has not answered it."""
        pending = self._pending
        return pending is not None and pending.action is not None and pending.action.needs_purchase_evidence

    def _step(self, observation: Observation, action: dict[str, Any], rationale: str) -> StepRecord:
        step = StepRecord(
            session_id=self.session_id,
            index=self.steps,
            observation=observation,
            action=parse_action(action),
            rationale=rationale,
            rationale_source="human" if rationale else None,
            result=ActionResult(ok=True),
        )
        self.steps += 1
        return step

    def _flush(self, url_after: str | None, error: str | None = None) -> None:
        """Write the action still waiting for its result."""
        if self._pending is None:
            return
        self._pending.result = ActionResult(ok=error is None, error=error, url=url_after)
        self.log.write(self._pending)
        self._pending = None

    # ------------------------------------------------------------------ endings

    async def _confirm_purchase(self, step: StepRecord) -> None:
        """Log the purchase click as done once the store has the order, or as failed once the
        person has gone on (the store wanted something first) or the wait runs out."""
        assert self.shopper is not None
        deadline = asyncio.get_running_loop().time() + ORDER_WAIT_S
        while self.end is None:
            went_on = bool(self._held)  # what the page reported since the click, before this look
            found = await order_evidence(self.store, self.shopper, [], await self.store.orders(self.shopper))
            if found is not None and self._pending is step:
                self._flush(self.shopper.page.url)
                self._write_end("purchase", order=found.order)
                await self.shopper.close()
                return
            if went_on or asyncio.get_running_loop().time() >= deadline:
                break
            await asyncio.sleep(0.2)
        if self._pending is step:
            self._flush(self.shopper.page.url if not self.shopper.page.is_closed() else None, error=NO_ORDER)
        held, self._held = self._held, []
        for payload in held:  # through _on_report: a second purchase click among them holds the rest again
            self._on_report(None, payload)

    async def _finish_left(self) -> None:
        if self.end is not None:
            return
        self._flush(self._page_obs.url if self._page_obs else None)
        if self._page_obs is not None:
            self.log.write(
                StepRecord(
                    session_id=self.session_id,
                    index=self.steps,
                    observation=self._page_obs,
                    action=Terminate(),
                    result=ActionResult(ok=True, url=self._page_obs.url),
                )
            )
            self.steps += 1
        self._write_end("terminate", reason="the window was closed")
        if self.shopper is not None:
            await self.shopper.close()

    def _write_end(self, outcome: str, reason: str | None = None, order: dict[str, Any] | None = None) -> None:
        self.end = EndRecord(
            session_id=self.session_id,
            outcome=outcome,
            steps=self.steps,
            reason=reason,
            order=order,
            blocked_requests=self.shopper.blocked_count if self.shopper else 0,
        )
        self.log.write(self.end)
        self._done.set()


async def record_session(persona: Persona, start_url: str, log: SessionLog, ask_why: float = 0.0, slow_mo: float = 0) -> EndRecord:
    """Open a visible browser for a person and record until they buy or close the window."""
    async with Browser(headless=False, slow_mo=slow_mo) as browser:
        recorder = Recorder(persona, start_url, log, ask_why)
        await recorder.start(browser)
        return await recorder.finished()
