"""Does an interview contradict its session's log? A simple check, the same for every policy's answers.

An answer contradicts the log when
- it says things went well ("worked for me", "went smoothly", "nothing went wrong", "no problems") while the log shows
  the shopper leaving without buying, or the store failing it (an error, a failed action, a search that found nothing);
- it says the shopper bought when the log has no purchase, or that it didn't when the log has one;
- its ease rating is 4 or 5 from a shopper who left, 5 from one the store failed, or above 2 after the store's error
  ended the session;
- it quotes (“…”) words the log does not hold anywhere: the intent, a rationale, a typed text, the end reason, an order.
"""

from __future__ import annotations

import re

from shopagent.agent.hindsight import STORE_FAULTS, bought, left_without_buying, obstacles
from shopagent.types import Answer, Session, Type

SMOOTH = re.compile(r"worked for me|went smoothly|nothing went wrong|no problems", re.I)
CLAIMS_BOUGHT = re.compile(r"\bso i bought\b|\bi found it:|\bplaced the order\b", re.I)
CLAIMS_NOT_BOUGHT = re.compile(r"\bdidn't buy\b|\bwithout buying\b|\bgave up\b|\bcouldn't get what\b", re.I)
QUOTED = re.compile(r"“([^”]+)”")


def log_text(session: Session) -> str:
    """Every word the log holds that an answer may quote."""
    parts = [session.header.persona.intent]
    for step in session.steps:
        parts.append(step.rationale)
        if isinstance(step.action, Type):
            parts.append(step.action.text)
    if session.end is not None:
        parts.append(session.end.reason or "")
        parts += [str(item.get("title", "")) for item in (session.end.order or {}).get("items", [])]
    return "\n".join(parts).lower()


def _said(answer: Answer, session: Session, failed_by_store: bool) -> list[str]:
    found = []
    if SMOOTH.search(answer.answer) and (failed_by_store or not bought(session)):
        found.append(f"{answer.question}: says it went well, but the log shows {_what_went_wrong(session)}")
    if CLAIMS_BOUGHT.search(answer.answer) and not bought(session):
        found.append(f"{answer.question}: says it bought, but the log has no purchase")
    if CLAIMS_NOT_BOUGHT.search(answer.answer) and bought(session):
        found.append(f"{answer.question}: says it didn't buy, but the log has a purchase")
    text = log_text(session)
    found += [f"{answer.question}: quotes “{q}”, which the log never says" for q in QUOTED.findall(answer.answer) if q.lower() not in text]
    return found


def _rated(answer: Answer, session: Session, failed_by_store: bool) -> list[str]:
    rating = answer.rating
    if rating is None:
        return []
    if left_without_buying(session) and rating >= 4:
        return [f"{answer.question}: rates ease {rating} after leaving without buying"]
    if session.end is not None and session.end.outcome == "error" and rating > 2:
        return [f"{answer.question}: rates ease {rating} after the store's error ended the session"]
    if failed_by_store and rating == 5:
        return [f"{answer.question}: rates ease 5 though the store failed it ({_what_went_wrong(session)})"]
    return []


def _what_went_wrong(session: Session) -> str:
    found = obstacles(session)
    return found[0].kind.replace("_", " ") if found else "no purchase"


def contradictions(session: Session, answers: list[Answer]) -> list[str]:
    """Each way these answers contradict the session's log, in words; empty when none does."""
    failed_by_store = any(o.kind in STORE_FAULTS for o in obstacles(session))
    return [c for a in answers if a.answered for c in (*_said(a, session, failed_by_store), *_rated(a, session, failed_by_store))]
