"""`shopagent data rationales`: fill in missing rationales, as the seed paper did with a large model.

The model sees the persona, the earlier steps, the page and the action the human
really took, and is asked why a person like this would do it. Rationales a person
wrote are kept; the filled-in ones are marked `rationale_source: synthesized`.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from string import Template

from shopagent.agent.llm.backends import ChatBackend
from shopagent.agent.llm.prompting import describe_history, describe_persona, prompt_file
from shopagent.errors import PolicyError
from shopagent.types import Session, StepRecord

MAX_CHARS = 300


def rationale_messages(session: Session, position: int) -> list[dict[str, str]]:
    step = session.steps[position]
    assert step.action is not None
    content = Template(prompt_file("rationale.txt")).substitute(
        persona=describe_persona(session.header.persona),
        history=describe_history(session.steps[:position]),
        url=step.observation.url,
        html=step.observation.html,
        action=step.action.model_dump_json(),
    )
    return [{"role": "user", "content": content}]


def clean(reply: str) -> str:
    """One sentence: the first non-empty line, unquoted, cut at a sensible length."""
    line = next((x.strip() for x in reply.splitlines() if x.strip()), "")
    line = re.sub(r'^(rationale:\s*)|^["“]|["”]$', "", line, flags=re.I).strip()
    return line[:MAX_CHARS]


async def fill_rationales(
    sessions: list[Session], backend: ChatBackend, concurrency: int = 4, on_done: Callable[[StepRecord], None] | None = None
) -> dict[str, int]:
    """Write a synthesized rationale into every human step that has none (in place)."""
    gate = asyncio.Semaphore(max(1, concurrency))
    counts = {"kept": 0, "synthesized": 0, "failed": 0}

    async def one(session: Session, position: int) -> None:
        step = session.steps[position]
        async with gate:
            try:
                text = clean(await backend.chat(rationale_messages(session, position)))
            except PolicyError:
                text = ""
        if text:
            step.rationale, step.rationale_source = text, "synthesized"
            counts["synthesized"] += 1
        else:
            counts["failed"] += 1
        if on_done:
            on_done(step)

    jobs = []
    for session in sessions:
        for position, step in enumerate(session.steps):
            if step.action is None:
                continue
            if step.rationale.strip():
                counts["kept"] += 1
                if step.rationale_source is None:
                    step.rationale_source = "human"
                continue
            jobs.append(one(session, position))
    await asyncio.gather(*jobs)
    return counts
