"""Honest interviews (issue 29): ease by outcome, and answers that contradict the log. Prints JSON.

Reads a run's interview records (`shopagent simulate --personas DIR --interview`), for example:

    .venv/bin/shopagent personas generate -n 20 --out /tmp/ip --seed 3 --catalog bundled
    .venv/bin/shopagent simulate --personas /tmp/ip --interview --out /tmp/irun --concurrency 2
    .venv/bin/python bench/interviews.py /tmp/irun [--reanswer]

Outcomes: bought (purchase, purchase_unverified), left (terminate, max_steps), error, and cut (max_llm_tokens).
Target: the mean ease of those who left is at most the buyers' mean ease minus 1.0.
Contradictions: shopagent/agent/interview_check.py says what counts (an answer that says it went well when the log
shows the shopper leaving or the store failing it, a purchase claimed or denied against the log, an ease rating too
high for the outcome, a quoted phrase the log never holds). `--reanswer` asks the offline policy's interview again
from the logged sessions instead of reading the logged answers: the current interview on the same sessions.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from shopagent.agent.interview import DEFAULT_QUESTIONS
from shopagent.agent.interview_check import contradictions
from shopagent.agent.offline.interview import answer_from_session
from shopagent.sessionlog import read_sessions
from shopagent.types import Answer, Session

TARGET_GAP = 1.0
GROUPS = {"purchase": "bought", "purchase_unverified": "bought", "terminate": "left", "max_steps": "left"}


def group(session: Session) -> str:
    outcome = session.end.outcome if session.end else "unfinished"
    return GROUPS.get(outcome, "cut" if outcome == "max_llm_tokens" else outcome)


def answers_of(session: Session, reanswer: bool) -> list[Answer]:
    if reanswer:
        return answer_from_session(session, list(DEFAULT_QUESTIONS))
    return session.interview.answers if session.interview else []


def ease(session: Session, answers: list[Answer]) -> int | None:
    questions = session.interview.questions if session.interview else list(DEFAULT_QUESTIONS)
    ids = {q.id for q in questions if q.topic == "ease"}
    return next((a.rating for a in answers if a.question in ids and a.rating is not None), None)


def measure(sessions: list[Session], reanswer: bool) -> dict[str, object]:
    ratings: dict[str, list[int]] = {}
    found: list[dict[str, object]] = []
    for session in sessions:
        answers = answers_of(session, reanswer)
        rating = ease(session, answers)
        if rating is not None:
            ratings.setdefault(group(session), []).append(rating)
        found += [{"session": session.session_id, "contradiction": c} for c in contradictions(session, answers)]
    by_outcome = {g: {"n": len(r), "mean_ease": round(statistics.mean(r), 2)} for g, r in sorted(ratings.items())}
    bought, left = ratings.get("bought"), ratings.get("left")
    gap = round(statistics.mean(bought) - statistics.mean(left), 2) if bought and left else None
    return {
        "sessions": len(sessions),
        "ease_by_outcome": by_outcome,
        "buyers_minus_leavers": gap,
        "target_met": gap is not None and gap >= TARGET_GAP,
        "contradictions": len(found),
        "sessions_with_contradictions": len({f["session"] for f in found}),
        "contradiction_examples": found[:5],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run", type=Path, help="A simulate run folder, or its sessions.jsonl")
    parser.add_argument("--reanswer", action="store_true", help="Answer again with the offline interview instead of reading the log's")
    args = parser.parse_args()
    log = args.run / "sessions.jsonl" if args.run.is_dir() else args.run
    sessions = [s for s in read_sessions([log]) if s.interview is not None or args.reanswer]
    print(json.dumps(measure(sessions, args.reanswer), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
