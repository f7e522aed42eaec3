"""LLM policies on the bundled store: are the replies valid, executable actions, and what do they cost? Prints JSON.

Targets (issue 15), SmolLM2-135M through `--policy local`: at least 98% of steps are valid
actions that executed, no session is ended by policy failures, and the median prompt is at
most 2,000 tokens (as the server counts them).
    .venv/bin/python bench/llm.py [--policy local] [--personas 10] [--max-steps 8] [--concurrency 2]

`--policy transformers` runs the same population in-process (on the GPU when there is one);
`--policy openai` uses $OPENAI_BASE_URL and $OPENAI_API_KEY. `--no-dry` turns off the DRY
sampler a llama.cpp server is given (to measure what it does). Every raw reply is kept, so the
figures count degenerate rationales (agent/llm/reply.py's `repetition`) and replies cut before
their JSON closed, before any repair turn; and the tokens the run took, from the log's llm_usage.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from _stats import percentile

from shopagent.agent.llm.backends import make_backend
from shopagent.agent.llm.policy import LLMPolicy
from shopagent.agent.llm.reply import ReplyError, first_object, repetition
from shopagent.agent.loop import RunOptions
from shopagent.agent.policy import PolicyInput
from shopagent.mock_store.server import StoreServer
from shopagent.persona.generate import generate_personas
from shopagent.population.local import run_population
from shopagent.sessionlog import read_sessions
from shopagent.study.analysis.population import page_kind
from shopagent.types import Decision, Session


class Timed(LLMPolicy):
    """The LLM policy, with the wall time of every decision and every raw reply kept."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seconds: list[float] = []
        self.replies: list[str] = []
        chat = self.backend.chat

        async def kept(*a: Any, **k: Any) -> str:
            reply = await chat(*a, **k)
            self.replies.append(reply)
            return reply

        self.backend.chat = kept  # type: ignore[method-assign]

    async def decide(self, inp: PolicyInput) -> Decision:
        start = time.perf_counter()
        try:
            return await super().decide(inp)
        finally:
            self.seconds.append(time.perf_counter() - start)


def reached(session: Session, kind: str) -> bool:
    urls = [s.observation.url for s in session.steps] + [s.result.url for s in session.steps if s.result.url]
    return any(page_kind(u) == kind for u in urls)


def raw_reply_faults(replies: list[str]) -> dict[str, Any]:
    """How many raw replies were cut before their JSON closed, and how many had a degenerate rationale (with examples)."""
    cut, degenerate = 0, []
    for reply in replies:
        try:
            rationale = json.loads(first_object(reply)).get("rationale", "")
        except (ReplyError, ValueError, AttributeError):
            cut += 1
            continue
        if isinstance(rationale, str) and repetition(rationale):
            degenerate.append(rationale)
    return {"replies": len(replies), "not_closed": cut, "degenerate_rationales": len(degenerate), "degenerate_examples": degenerate[:3]}


def token_usage(sessions: list[Session]) -> dict[str, Any]:
    ends = [s.end.llm_usage for s in sessions if s.end and s.end.llm_usage]
    steps = [s.llm_usage.total for session in sessions for s in session.steps if s.llm_usage]
    return {
        "prompt": sum(u.prompt_tokens for u in ends),
        "completion": sum(u.completion_tokens for u in ends),
        "per_step_median": statistics.median(steps) if steps else None,
    }


def summarize(sessions: list[Session], policy: Timed, elapsed: float) -> dict[str, Any]:
    steps = [s for session in sessions for s in session.steps]
    executed = [s for s in steps if s.action is not None and s.result.ok]
    failures = [s for s in steps if s.action is None]
    prompts = getattr(policy.backend, "prompt_tokens", [])
    return {
        "sessions": len(sessions),
        "steps": len(steps),
        "valid_executed_share": round(len(executed) / len(steps), 4) if steps else None,
        "policy_failures": len(failures),
        "failed_steps": dict(Counter((s.result.error or "")[:90] for s in steps if not s.result.ok).most_common(5)),
        "sessions_ended_by_policy_failures": sum(1 for s in sessions if s.end and (s.end.reason or "").startswith("the policy failed")),
        "prompt_tokens": {"median": statistics.median(prompts), "p95": percentile(prompts, 95), "max": max(prompts)} if prompts else None,
        "seconds_per_decision": {"median": round(statistics.median(policy.seconds), 2), "p95": round(percentile(policy.seconds, 95), 2)},
        "wall_seconds_per_step": round(elapsed / max(1, len(steps)), 2),
        "reached": {
            "product": sum(reached(s, "product") for s in sessions),
            "cart": sum(reached(s, "cart") for s in sessions),
            "order": sum(1 for s in sessions if s.end and s.end.outcome in ("purchase", "purchase_unverified")),
        },
        "outcomes": dict(Counter(s.outcome or "unfinished" for s in sessions)),
        "raw_replies": raw_reply_faults(policy.replies),
        "llm_tokens": token_usage(sessions),
    }


async def run(args: argparse.Namespace, store_url: str) -> dict[str, Any]:
    backend = make_backend(args.policy, model=args.model, seed=args.seed, concurrency=args.concurrency)
    if args.no_dry:
        backend.extra_body = {}  # type: ignore[attr-defined]
    policy = Timed(backend, args.policy)
    personas = [(f"p{i}", p) for i, p in enumerate(generate_personas(args.personas, seed=args.seed))]
    with tempfile.TemporaryDirectory() as tmp:
        log = (args.out or Path(tmp)) / "sessions.jsonl"
        log.unlink(missing_ok=True)
        start = time.perf_counter()
        try:
            await run_population(
                personas, policy, store_url, log, concurrency=args.concurrency, options=RunOptions(max_steps=args.max_steps)
            )
        finally:
            await policy.aclose()
        elapsed = time.perf_counter() - start
        sessions = read_sessions([log])
    return {
        "policy": policy.describe(),
        "max_steps": args.max_steps,
        "concurrency": args.concurrency,
        **summarize(sessions, policy, elapsed),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--policy", default="local", choices=["local", "transformers", "openai"])
    parser.add_argument("--model", default=None)
    parser.add_argument("--personas", type=int, default=10)
    parser.add_argument("--max-steps", type=int, default=8)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None, help="Keep the session log here.")
    parser.add_argument("--no-dry", action="store_true", help="No DRY sampler for a llama.cpp server.")
    args = parser.parse_args()
    with StoreServer() as store:
        result = asyncio.run(run(args, store.url + "/"))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
