"""Replay evaluation: teacher-forced next-action prediction over human sessions (SPEC §5).

For every step of every human session the policy sees the persona, the human's
own earlier steps and the current observation, and predicts one action. Each
prediction is appended (and flushed) to predictions.jsonl as soon as it exists,
so a killed run resumes where it stopped.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from shopagent.agent.policy import Policy, PolicyInput
from shopagent.errors import BadInput, ShopagentError, first_error
from shopagent.sessionlog import drop_torn_tail, read_append_only
from shopagent.types import Prediction, Session

PREDICTIONS = "predictions.jsonl"


def read_predictions(path: Path) -> list[Prediction]:
    """Predictions written so far; a torn last line (the run was killed mid-write) is dropped."""
    if not path.exists():
        return []
    out = []
    for number, data in read_append_only(path, "predictions (JSONL, written by `replay eval`)"):
        try:
            out.append(Prediction.model_validate(data))
        except ValidationError as exc:
            raise BadInput(f"{path}:{number}: not a prediction ({first_error(exc)})") from None
    return out


def pending_steps(sessions: list[Session], done: set[tuple[str, int]]) -> list[tuple[Session, int]]:
    """(session, position in session.steps) for every human step not yet predicted."""
    return [
        (session, i)
        for session in sessions
        for i, step in enumerate(session.steps)
        if step.action is not None and (session.session_id, step.index) not in done
    ]


async def predict_step(policy: Policy, session: Session, position: int) -> Prediction:
    step = session.steps[position]
    assert step.action is not None
    inp = PolicyInput(
        persona=session.header.persona, history=session.steps[:position], observation=step.observation, session_id=session.session_id
    )
    try:
        decision = await policy.decide(inp)
    except (TimeoutError, ShopagentError, ValueError) as exc:
        return Prediction(session_id=session.session_id, index=step.index, gold=step.action, error=str(exc) or type(exc).__name__)
    return Prediction(
        session_id=session.session_id, index=step.index, gold=step.action, predicted=decision.action, rationale=decision.rationale
    )


async def run_eval(
    sessions: list[Session],
    policy: Policy,
    out_dir: Path,
    concurrency: int = 1,
    on_prediction: Callable[[Prediction], None] | None = None,
) -> list[Prediction]:
    """Predict every human step not yet in out_dir/predictions.jsonl; return all predictions for `sessions`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / PREDICTIONS
    drop_torn_tail(path)
    earlier = read_predictions(path)
    wanted = {s.session_id for s in sessions}
    done = {(p.session_id, p.index) for p in earlier}
    todo = pending_steps(sessions, done)
    if todo:
        await policy.prepare()
    gate = asyncio.Semaphore(max(1, concurrency))
    written: list[Prediction] = []

    with path.open("a", encoding="utf-8") as sink:

        async def one(session: Session, position: int) -> None:
            async with gate:
                prediction = await predict_step(policy, session, position)
            sink.write(json.dumps(prediction.model_dump(mode="json")) + "\n")
            sink.flush()
            written.append(prediction)
            if on_prediction:
                on_prediction(prediction)

        await asyncio.gather(*(one(s, i) for s, i in todo))
    return [p for p in earlier if p.session_id in wanted] + written
