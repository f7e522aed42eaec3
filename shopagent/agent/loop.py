"""The agent loop: observe, decide, act, log; until purchase, terminate or the step limit.

Each step is written to the session log as soon as its action has run, so a crash
loses at most the step in progress. What the loop knows about the store (who the
shopper is, which orders it recorded) comes from a `StoreAdapter`.
"""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shopagent.agent.dwell import HumanClock
from shopagent.agent.policy import PlansMissions, Policy, PolicyInput
from shopagent.agent.usage import LLMBudgetSpent, Meter, RunBudget, metering
from shopagent.browser.actions import execute
from shopagent.browser.session import Browser, Shopper, origin_of
from shopagent.browser.store import PurchaseCheck, StoreAdapter, adapter_for, verify_purchase
from shopagent.errors import BrowserCrashed, PolicyError, ShopagentError
from shopagent.sessionlog import RecordSink
from shopagent.types import (
    Action,
    ActionResult,
    Answer,
    Decision,
    EndRecord,
    InterviewRecord,
    LLMUsage,
    Observation,
    Outcome,
    Persona,
    Question,
    Session,
    SessionRecord,
    StepRecord,
)

REPEATS_BEFORE_NOTE = 2
REPEATS_BEFORE_STOP = 4
MAX_POLICY_FAILURES = 3
NO_ORDER = "no order was placed: the store still wants something (see the page)"


@dataclass
class RunOptions:
    max_steps: int = 40
    max_tokens: int = 0
    screenshots: Path | None = None
    traces: Path | None = None  # a folder: one Playwright trace (SESSION_ID.zip) per session
    interview: list[Question] | None = None  # asked after each session; answers go in an interview record
    # The run's LLM tokens and their limit (--max-llm-tokens; 0: none), shared by every session run with these options.
    llm_budget: RunBudget = field(default_factory=RunBudget)
    realtime: bool = False  # wait each step's dwell_s before acting, so a watched session runs at a person's pace


StepCallback = Callable[[StepRecord], None]


def _fingerprint(obs: Observation) -> str:
    return hashlib.sha1((obs.url + obs.html).encode()).hexdigest()


class _Stuck:
    """Notices the same action again and again on an unchanged page."""

    def __init__(self) -> None:
        self.repeats = 0
        self.last: tuple[str, str] | None = None

    def see(self, action: Action, observation: Observation) -> int:
        key = (action.model_dump_json(), _fingerprint(observation))
        self.repeats = self.repeats + 1 if key == self.last else 0
        self.last = key
        return self.repeats


class _Session:
    """One shopper's run: the log, the history so far, and how it ends."""

    def __init__(self, log: RecordSink, session_id: str, attempt: int, on_step: StepCallback | None) -> None:
        self.log = log
        self.session_id = session_id
        self.attempt = attempt
        self.on_step = on_step
        self.history: list[StepRecord] = []
        self.shopper: Shopper | None = None
        self.clock: HumanClock | None = None  # the persona's human time, set once the persona is known
        self.llm_usage = LLMUsage()  # the session's LLM tokens, for its end record
        self.llm_requests = 0

    def meter(self, budget: RunBudget) -> Meter:
        """A fresh meter for one decision, adding to this session's total."""
        return Meter(session=self.llm_usage, budget=budget)

    def metered(self, meter: Meter) -> LLMUsage | None:
        """The decision's tokens for its step record (None when it made no LLM request)."""
        self.llm_requests += meter.requests
        return meter.step if meter.requests else None

    def dwell(self, observation: Observation, action: Action) -> float | None:
        """A person's seconds before this action (the clock draws once per decided step, in order)."""
        return self.clock.before(observation, action) if self.clock is not None else None

    def record(self, step: StepRecord) -> None:
        self.history.append(step)
        self.log.write(step)
        if self.on_step:
            self.on_step(step)

    def end(self, outcome: Outcome, reason: str | None = None, order: dict[str, Any] | None = None) -> EndRecord:
        blocked = self.shopper.blocked_count if self.shopper else 0
        record = EndRecord(
            session_id=self.session_id,
            attempt=self.attempt,
            outcome=outcome,
            steps=len(self.history),
            reason=reason,
            order=order,
            blocked_requests=blocked,
            llm_usage=self.llm_usage if self.llm_requests else None,
        )
        self.log.write(record)
        return record


async def _act(
    run: _Session,
    shopper: Shopper,
    store: StoreAdapter,
    decision: Decision,
    observation: Observation,
    index: int,
    options: RunOptions,
    llm_usage: LLMUsage | None = None,
) -> tuple[StepRecord, PurchaseCheck | None]:
    """Run the decided action and log it; a purchase click is checked against the store."""
    action = decision.action
    dwell = run.dwell(observation, action)
    if options.realtime and dwell:
        await _pace(dwell)
    before = await store.orders(shopper) if action.needs_purchase_evidence else None
    await shopper.show_intent(decision.rationale, getattr(action, "target", None))
    result = await execute(shopper, action, observation)
    if options.screenshots:
        await shopper.screenshot(options.screenshots / f"{run.session_id}_{index:03d}.png")
    bought = None
    if action.needs_purchase_evidence and result.ok:
        bought = await verify_purchase(store, shopper, before, observation)
        if not bought.ok:
            result = ActionResult(ok=False, error=NO_ORDER, url=result.url)
    step = StepRecord(
        session_id=run.session_id,
        attempt=run.attempt,
        index=index,
        observation=observation,
        rationale=decision.rationale,
        rationale_source="policy",
        action=action,
        result=result,
        llm_usage=llm_usage,
        dwell_s=dwell,
    )
    run.record(step)
    return step, bought


async def _pace(seconds: float) -> None:
    """--realtime: the person's time before the action, spent."""
    await asyncio.sleep(seconds)


def _budget(mine: int, policy: int) -> int:
    """The tighter of --max-tokens and what the policy's model can read (0: no limit)."""
    limits = [n for n in (mine, policy) if n > 0]
    return min(limits) if limits else 0


async def _decide(run: _Session, policy: Policy, inp: PolicyInput, budget: RunBudget) -> tuple[Decision | PolicyError, LLMUsage | None]:
    """The policy's decision (or why it could not make one), and the tokens its LLM requests took."""
    with metering(run.meter(budget)) as meter:
        try:
            decision: Decision | PolicyError = await policy.decide(inp)
        except LLMBudgetSpent:
            run.metered(meter)
            raise
        except PolicyError as exc:
            decision = exc
    return decision, run.metered(meter)


async def _steps(run: _Session, shopper: Shopper, store: StoreAdapter, policy: Policy, persona: Persona, options: RunOptions) -> EndRecord:
    stuck, failures, note = _Stuck(), 0, None
    run.clock = HumanClock(run.session_id, persona.traits)
    for index in range(options.max_steps):
        observation = await shopper.observe(_budget(options.max_tokens, policy.observation_budget(persona, run.history)))
        inp = PolicyInput(persona=persona, history=list(run.history), observation=observation, note=note, session_id=run.session_id)
        try:
            decision, spent = await _decide(run, policy, inp, options.llm_budget)
        except LLMBudgetSpent as exc:
            return run.end("max_llm_tokens", str(exc))
        if isinstance(decision, PolicyError):
            failures += 1
            error = ActionResult(ok=False, error=f"policy: {decision}", url=observation.url)
            run.record(
                StepRecord(
                    session_id=run.session_id, attempt=run.attempt, index=index, observation=observation, result=error, llm_usage=spent
                )
            )
            if failures >= MAX_POLICY_FAILURES:
                return run.end("error", f"the policy failed {failures} times in a row: {decision}")
            continue
        failures = 0
        _step, bought = await _act(run, shopper, store, decision, observation, index, options, spent)
        action = decision.action
        if action.ends_session and not action.needs_purchase_evidence:  # leaving: a purchase ends once the store confirms it
            return run.end("terminate", decision.rationale)
        if bought is not None and bought.ok:
            return run.end(bought.outcome, None, bought.order)
        repeats = stuck.see(action, observation)
        note = None
        if repeats >= REPEATS_BEFORE_STOP:
            return run.end("error", f"stuck: repeated {action.type} on {getattr(action, 'target', 'the page')} with no change")
        if repeats >= REPEATS_BEFORE_NOTE:
            note = f"You have repeated the same {action.type} {repeats + 1} times and the page did not change. Try something else."
    return run.end("max_steps", f"reached the limit of {options.max_steps} steps")


async def _prepare(policy: Policy) -> ShopagentError | None:
    try:
        await policy.prepare()
    except ShopagentError as exc:
        return exc
    return None


async def run_session(
    browser: Browser,
    policy: Policy,
    persona: Persona,
    start_url: str,
    log: RecordSink,
    options: RunOptions | None = None,
    session_id: str | None = None,
    on_step: StepCallback | None = None,
    store: StoreAdapter | None = None,
    attempt: int = 1,
) -> EndRecord:
    """Run one shopper from start_url to an end record. Never raises for in-session problems.

    `attempt` counts how often this session id has been started in this log (a resumed
    run starts an unfinished session again as attempt 2).
    """
    options = options or RunOptions()
    run = _Session(log, session_id or uuid.uuid4().hex[:12], attempt, on_step)
    store = store or await adapter_for(start_url)
    not_ready = await _prepare(policy)  # before the header, so it records what the policy negotiated
    mission = policy.mission_of(persona, run.session_id) if isinstance(policy, PlansMissions) else None
    header = SessionRecord(
        session_id=run.session_id, attempt=attempt, persona=persona, start_url=start_url, policy=policy.describe(), mission=mission
    )
    log.write(header)
    if not_ready is not None:
        return run.end("error", f"policy: {not_ready}")
    if options.llm_budget.refused:
        return run.end("max_llm_tokens", options.llm_budget.refused)
    trace = options.traces / f"{run.session_id}.zip" if options.traces else None
    try:
        run.shopper = await browser.new_shopper([origin_of(start_url)], trace_path=trace)
        await run.shopper.goto(start_url)
        end = await _steps(run, run.shopper, store, policy, persona, options)
    except BrowserCrashed as exc:
        end = run.end("error", f"browser crashed: {exc}")
    except ShopagentError as exc:
        end = run.end("error", str(exc))
    finally:
        if run.shopper is not None:
            await run.shopper.close()
    if options.interview:
        with metering(Meter(budget=options.llm_budget)):  # counts against the run's limit, not in the end record
            await _interview(run, policy, Session(header=header, steps=run.history, end=end), options.interview)
    return end


async def _interview(run: _Session, policy: Policy, session: Session, questions: list[Question]) -> None:
    """Ask the finished shopper the questionnaire; a policy that cannot answer leaves unanswered answers, not a crash."""
    try:
        answers = await policy.interview(session, questions)
    except ShopagentError as exc:
        answers = [Answer(question=q.id, answer=f"(no answer: {exc})", answered=False) for q in questions]
    record = InterviewRecord(session_id=run.session_id, attempt=run.attempt, questions=questions, answers=answers, answered_by=policy.name)
    run.log.write(record)
