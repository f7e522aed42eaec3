"""The agent loop: observe, decide, act, log; until purchase, terminate or the step limit.

Each step is written to the session log as soon as its action has run, so a crash
loses at most the step in progress.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import httpx

from shopagent.agent.policy import Policy, PolicyInput
from shopagent.browser.actions import execute
from shopagent.browser.session import Browser, Shopper, origin_of
from shopagent.errors import BrowserCrashed, PolicyError, ShopagentError
from shopagent.sessionlog import SessionLog
from shopagent.types import ActionResult, EndRecord, Observation, Persona, SessionRecord, StepRecord

STORE_COOKIE = "sa_shopper"
REPEATS_BEFORE_NOTE = 2
REPEATS_BEFORE_STOP = 4
MAX_POLICY_FAILURES = 3
NO_ORDER = "no order was placed: the store still wants something (see the page)"


@dataclass
class RunOptions:
    max_steps: int = 40
    max_tokens: int = 0
    screenshots: Path | None = None
    trace: Path | None = None


StepCallback = Callable[[StepRecord], None]


def _fingerprint(obs: Observation) -> str:
    return hashlib.sha1((obs.url + obs.html).encode()).hexdigest()


async def store_orders(store_url: str, shopper_id: str | None) -> list[dict[str, Any]] | None:
    """Orders the store recorded for this shopper, or None if the store has no order API."""
    if shopper_id is None:
        return None
    try:
        async with httpx.AsyncClient(timeout=5) as client:
            response = await client.get(f"{store_url.rstrip('/')}/api/orders", params={"shopper": shopper_id})
        return response.json() if response.status_code == 200 else None
    except (httpx.HTTPError, ValueError):
        return None


async def run_session(
    browser: Browser,
    policy: Policy,
    persona: Persona,
    start_url: str,
    log: SessionLog,
    options: RunOptions | None = None,
    session_id: str | None = None,
    on_step: StepCallback | None = None,
) -> EndRecord:
    """Run one shopper from start_url to an end record. Never raises for in-session problems."""
    options = options or RunOptions()
    session_id = session_id or uuid.uuid4().hex[:12]
    store_origin = origin_of(start_url)
    log.write(SessionRecord(session_id=session_id, persona=persona, start_url=start_url, source="simulated", policy=policy.describe()))
    history: list[StepRecord] = []
    shopper: Shopper | None = None

    def end(outcome: str, reason: str | None = None, order: dict[str, Any] | None = None) -> EndRecord:
        record = EndRecord(session_id=session_id, outcome=outcome, steps=len(history), reason=reason, order=order,
                           blocked_requests=shopper.blocked_count if shopper else 0)
        log.write(record)
        return record

    try:
        shopper = await browser.new_shopper([store_origin], trace_path=options.trace)
        await shopper.goto(start_url)
        repeats, failures, note = 0, 0, None
        last_key = None
        for index in range(options.max_steps):
            observation = await shopper.observe(options.max_tokens)
            try:
                decision = await policy.decide(PolicyInput(persona=persona, history=list(history), observation=observation, note=note))
                failures = 0
            except PolicyError as exc:
                failures += 1
                step = StepRecord(session_id=session_id, index=index, observation=observation, rationale="",
                                  action=None, result=ActionResult(ok=False, error=f"policy: {exc}", url=observation.url))
                history.append(step)
                log.write(step)
                if on_step:
                    on_step(step)
                if failures >= MAX_POLICY_FAILURES:
                    return end("error", f"the policy failed {failures} times in a row: {exc}")
                continue
            action = decision.action
            before_orders = await store_orders(start_url, await shopper.cookie(STORE_COOKIE)) if action.type == "purchase" else None
            result = await execute(shopper, action, observation)
            if options.screenshots:
                await shopper.screenshot(options.screenshots / f"{session_id}_{index:03d}.png")
            order = None
            if action.type == "purchase" and result.ok:
                after = await store_orders(start_url, await shopper.cookie(STORE_COOKIE))
                if after is not None and len(after) <= len(before_orders or []):
                    result = ActionResult(ok=False, error=NO_ORDER, url=result.url)
                elif after:
                    order = after[-1]
            step = StepRecord(session_id=session_id, index=index, observation=observation, rationale=decision.rationale,
                              rationale_source="policy", action=action, result=result)
            history.append(step)
            log.write(step)
            if on_step:
                on_step(step)
            if action.type == "terminate":
                return end("terminate", decision.rationale)
            if action.type == "purchase" and result.ok:
                return end("purchase", None, order)
            # Stuck: the same action again and again on an unchanged page.
            key = (action.model_dump_json(), _fingerprint(observation))
            repeats = repeats + 1 if key == last_key else 0
            last_key = key
            note = None
            if repeats >= REPEATS_BEFORE_STOP:
                return end("error", f"stuck: repeated {action.type} on {getattr(action, 'target', 'the page')} with no change")
            if repeats >= REPEATS_BEFORE_NOTE:
                note = f"You have repeated the same {action.type} {repeats + 1} times and the page did not change. Try something else."
        return end("max_steps", f"reached the limit of {options.max_steps} steps")
    except BrowserCrashed as exc:
        return end("error", f"browser crashed: {exc}")
    except ShopagentError as exc:
        return end("error", str(exc))
    finally:
        if shopper is not None:
            await shopper.close()
