"""What a script or a notebook calls: simulate one shopper, or score a policy against human sessions.

Each has a coroutine (`simulate_async`, `evaluate_async`) for code that already runs an event loop,
as a notebook does, and a plain function that runs one.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from shopagent.agent.loop import RunOptions, run_session
from shopagent.agent.policy import Policy
from shopagent.agent.registry import PolicySpec, policy_spec
from shopagent.browser.session import Browser
from shopagent.browser.store import open_store
from shopagent.persona import load_persona
from shopagent.replay.evaluate import run_eval
from shopagent.replay.metrics import Metrics, compute_metrics
from shopagent.sessionlog import SessionLog, read_sessions
from shopagent.types import Persona, Session

T = TypeVar("T")
PolicyLike = str | PolicySpec | Policy


def _policy(policy: PolicyLike) -> Policy:
    if isinstance(policy, str):
        return policy_spec(policy).make()
    if isinstance(policy, PolicySpec):
        return policy.make()
    return policy


async def simulate_async(
    persona: Persona | str | Path,
    policy: PolicyLike = "offline",
    *,
    store_url: str | None = None,
    out: str | Path | None = None,
    max_steps: int = 40,
    seed: int = 0,
) -> Session:
    """One shopper in a live (headless) browser: the bundled store unless `store_url` is given.

    `persona` is a Persona, a persona file, or an intent in words. The session log goes to
    `out`/sessions.jsonl (a temporary folder when not given); the finished session is returned.
    """
    who = persona if isinstance(persona, Persona) else _persona(persona)
    the_policy = _policy(policy_spec(policy, seed=seed) if isinstance(policy, str) else policy)
    log_path = Path(out or tempfile.mkdtemp(prefix="shopagent-")) / "sessions.jsonl"
    session_id = f"{re.sub(r'[^a-z0-9]+', '-', who.name.lower()).strip('-') or 'shopper'}-seed{seed}"
    with open_store(store_url) as start:
        async with Browser() as browser:
            with SessionLog(log_path) as log:
                try:
                    await run_session(browser, the_policy, who, start, log, RunOptions(max_steps=max_steps), session_id=session_id)
                finally:
                    await the_policy.aclose()
    return next(s for s in read_sessions([log_path]) if s.session_id == session_id)


def _persona(persona: str | Path) -> Persona:
    path = Path(persona)
    if path.suffix.lower() in (".json", ".yaml", ".yml") or path.is_file():
        return load_persona(path)
    return Persona(intent=str(persona))


async def evaluate_async(
    sessions: str | Path | list[Session],
    policy: PolicyLike = "offline",
    *,
    out: str | Path | None = None,
    concurrency: int = 1,
) -> Metrics:
    """Replay evaluation: at each human step, does the policy do what the person did? Predictions go to
    `out`/predictions.jsonl (a temporary folder when not given); a rerun with the same `out` resumes."""
    humans = read_sessions([Path(sessions)]) if isinstance(sessions, str | Path) else sessions
    the_policy = _policy(policy)
    folder = Path(out or tempfile.mkdtemp(prefix="shopagent-replay-"))
    try:
        predictions = await run_eval(humans, the_policy, folder, concurrency)
    finally:
        await the_policy.aclose()
    return compute_metrics(humans, predictions)


def simulate(persona: Persona | str | Path, policy: PolicyLike = "offline", **options: Any) -> Session:
    """`simulate_async`, run to the end (in a notebook, `await simulate_async(...)` instead)."""
    return _run(simulate_async(persona, policy, **options))


def evaluate(sessions: str | Path | list[Session], policy: PolicyLike = "offline", **options: Any) -> Metrics:
    """`evaluate_async`, run to the end (in a notebook, `await evaluate_async(...)` instead)."""
    return _run(evaluate_async(sessions, policy, **options))


def _run(work: Coroutine[Any, Any, T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    work.close()
    raise RuntimeError("an event loop is already running here (a notebook?): await the _async version instead")
