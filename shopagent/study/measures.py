"""What one session measured, for a study: each measure a number, or NaN where it does not
apply (the order value of a session that bought nothing). Every figure of a study's
comparison is a mean of one of these over sessions."""

from __future__ import annotations

import math
from datetime import datetime

from shopagent.agent.hindsight import added_to_cart, failed_steps, zero_result_queries
from shopagent.persona.intent import Intent, named_option
from shopagent.types import Answer, Session

NAN = math.nan

# name: (label, how it reads), in report order
MEASURES: dict[str, tuple[str, str]] = {
    "converted": ("conversion", "share"),
    "steps": ("steps per session", "number"),
    "steps_to_purchase": ("steps to purchase", "number"),
    "seconds_to_purchase": ("seconds to purchase", "number"),
    "order_value": ("average order value", "dollars"),
    "intent_fit": ("purchases that fit the intent", "share"),
    "cart_abandoned": ("cart abandonment", "share"),
    "failed_actions": ("failed actions per session", "number"),
    "zero_result_searches": ("searches that found nothing, per session", "number"),
    "ease": ("ease rating (1-5, interview)", "number"),
}


def bought(session: Session) -> bool:
    return session.end is not None and session.end.outcome in ("purchase", "purchase_unverified")


def _seconds(session: Session) -> float:
    if session.end is None:
        return NAN
    start, end = datetime.fromisoformat(session.header.started_at), datetime.fromisoformat(session.end.at)
    return (end - start).total_seconds()


def order_fits_intent(session: Session) -> float:
    """1 when every item of the recorded order is the kind asked for, in the named options, within budget;
    NaN when nothing was bought or the store keeps no order record to check."""
    order = session.end.order if session.end and bought(session) else None
    if not order:
        return NAN
    persona = session.header.persona
    intent = Intent.parse(persona.intent)
    if persona.budget and order.get("total", 0) > persona.budget + 1e-9:
        return 0.0
    for item in order.get("items", []):
        if not intent.kind_in(item.get("title", "")):
            return 0.0
        for option, value in (item.get("options") or {}).items():
            _, lacking = named_option(persona.intent, option, [value])  # the intent names another value of this option
            if lacking:
                return 0.0
    return 1.0


def topic_answers(session: Session, topic: str) -> list[Answer]:
    """The interview's answers to the questions on one topic (ease, improvement, ...)."""
    if session.interview is None:
        return []
    ids = {q.id for q in session.interview.questions if q.topic == topic}
    return [a for a in session.interview.answers if a.question in ids]


def measure_session(session: Session) -> dict[str, float]:
    did_buy = bought(session)
    order = session.end.order if session.end else None
    carted = added_to_cart(session) or did_buy
    rating = next((a.rating for a in topic_answers(session, "ease") if a.rating is not None), None)
    return {
        "converted": float(did_buy),
        "steps": float(len(session.steps)),
        "steps_to_purchase": float(len(session.steps)) if did_buy else NAN,
        "seconds_to_purchase": _seconds(session) if did_buy else NAN,
        "order_value": float(order["total"]) if did_buy and order and "total" in order else NAN,
        "intent_fit": order_fits_intent(session),
        "cart_abandoned": float(not did_buy) if carted else NAN,
        "failed_actions": float(len(failed_steps(session))),
        "zero_result_searches": float(len(zero_result_queries(session))),
        "ease": float(rating) if rating else NAN,
    }


def mean(values: list[float]) -> float:
    """The mean of the values that apply (NaN when none does)."""
    kept = [v for v in values if not math.isnan(v)]
    return sum(kept) / len(kept) if kept else NAN
