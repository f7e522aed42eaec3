"""`shopagent data export`: human sessions to supervised chat examples.

Each example is the exact prompt an LLM policy sends at that step (agent/prompting.py,
the same prompt files), followed by the answer the model should learn: the step's
rationale, then the human's action, as the SPEC §1 JSON. Sessions, never steps, are
split between train and eval, with a seed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from shopagent.agent.llm.prompting import DEFAULT_HISTORY_STEPS, build_messages, target_text
from shopagent.agent.policy import PolicyInput
from shopagent.errors import BadInput, read_user_text
from shopagent.types import Session

Split = Literal["train", "eval"]


class ChatExample(BaseModel):
    """One line of the exported file."""

    session_id: str
    index: int
    split: Split
    rationale_source: str | None
    messages: list[dict[str, str]]


def split_sessions(sessions: list[Session], eval_fraction: float, seed: int) -> dict[str, Split]:
    """Assign whole sessions to train or eval; the same seed gives the same split."""
    if not 0 <= eval_fraction < 1:
        raise BadInput(f"--eval-fraction must be in [0, 1), got {eval_fraction}")
    ids = sorted(s.session_id for s in sessions)
    random.Random(seed).shuffle(ids)
    n_eval = round(len(ids) * eval_fraction)
    if eval_fraction > 0 and len(ids) > 1:
        n_eval = max(1, n_eval)
    return {sid: ("eval" if i < n_eval else "train") for i, sid in enumerate(ids)}


def chat_examples(sessions: list[Session], splits: dict[str, Split], history_steps: int = DEFAULT_HISTORY_STEPS) -> Iterator[ChatExample]:
    for session in sessions:
        for position, step in enumerate(session.steps):
            if step.action is None:
                continue
            inp = PolicyInput(
                persona=session.header.persona,
                history=session.steps[:position],
                observation=step.observation,
                session_id=session.session_id,
            )
            messages = build_messages(inp, history_steps)
            messages.append({"role": "assistant", "content": target_text(step.rationale, step.action.model_dump_json())})
            yield ChatExample(
                session_id=session.session_id,
                index=step.index,
                split=splits[session.session_id],
                rationale_source=step.rationale_source,
                messages=messages,
            )


def export_chat(sessions: list[Session], out: Path, eval_fraction: float = 0.2, seed: int = 0) -> dict[str, int]:
    """Write one ChatExample per human step; return how many went to each split."""
    splits = split_sessions(sessions, eval_fraction, seed)
    counts = {"train": 0, "eval": 0, "without_rationale": 0}
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as sink:
        for example in chat_examples(sessions, splits):
            sink.write(example.model_dump_json() + "\n")
            counts[example.split] += 1
            counts["without_rationale"] += example.rationale_source is None
    return counts


def read_examples(path: Path, split: str | None = None) -> list[ChatExample]:
    if not path.exists():
        raise BadInput(f"{path}: no such file (make one with `shopagent data export`)")
    out = []
    for number, line in enumerate(read_user_text(path, "chat examples (JSONL)").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            example = ChatExample.model_validate(json.loads(line))
        except (ValueError, TypeError) as exc:
            raise BadInput(f"{path}:{number}: not a chat example ({str(exc).splitlines()[0]})") from None
        if split is None or example.split == split:
            out.append(example)
    return out
