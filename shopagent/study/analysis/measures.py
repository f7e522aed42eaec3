"""What one session measured, for a study: each measure a number, or NaN where it does not
apply (the order value of a session that bought nothing). Every figure of a study's
comparison is a mean of one of these over sessions.

Whether a purchase fits its intent is judged from the store's order record against the
persona's hand-written labels (`expect`), never against the shopper's own reading of the
intent: a shopper that misreads "no more than 20 bucks" would otherwise agree with itself.
Personas without labels leave `intent_fit` blank; `intent_fit_self` is the shopper's own
reading, kept as a check of self-consistency only."""

from __future__ import annotations

import math
from typing import Any

from shopagent.agent.hindsight import added_to_cart, failed_steps, zero_result_queries
from shopagent.persona.intent import Intent, named_option
from shopagent.persona.labels import order_meets
from shopagent.study.analysis.time_on_task import human_seconds, machine_seconds
from shopagent.types import Answer, Session

NAN = math.nan

# name: (label, how it reads), in report order
MEASURES: dict[str, tuple[str, str]] = {
    "converted": ("conversion", "share"),
    "steps": ("steps per session", "number"),
    "steps_to_purchase": ("steps to purchase", "number"),
    "seconds_to_purchase": ("seconds to purchase (human time: the steps' dwell_s summed)", "number"),
    "machine_seconds_to_purchase": ("machine seconds to purchase (the simulator's wall clock, not a person's)", "number"),
    "order_value": ("average order value", "dollars"),
    "intent_fit": ("purchases that fit the intent, judged against hand labels", "share"),
    "intent_fit_self": ("purchases the shopper's own reading accepts (self-consistency, not evidence of fit)", "share"),
    "cart_abandoned": ("cart abandonment", "share"),
    "failed_actions": ("failed actions per session", "number"),
    "zero_result_searches": ("searches that found nothing, per session", "number"),
    "ease": ("ease rating (1-5, interview)", "number"),
}


def bought(session: Session) -> bool:
    return session.end is not None and session.end.outcome in ("purchase", "purchase_unverified")


def _or_nan(value: float | None) -> float:
    return NAN if value is None else value


INTENT_FIT_NOTE = (
    "Purchases that fit the intent are judged from the store's order record against the personas' hand-written labels "
    "(`expect`: kind, essential words, must-nots, options, brand, price limit); it covers only the purchases of personas that "
    "have labels, and is blank when none does. The shopper's own reading (intent_fit_self) is its self-consistency only: "
    "a shopper that misreads its intent agrees with itself, so that figure is no evidence it bought what was asked for."
)


def _order(session: Session) -> dict[str, Any] | None:
    """The store's record of what the session bought; None when it bought nothing or the store kept no record."""
    return (session.end.order or None) if session.end and bought(session) else None


def fits_labels(session: Session) -> float:
    """1 when the recorded order meets the persona's hand labels (`expect`), 0 when it misses them;
    NaN when nothing was bought, the store kept no order record, or the persona has no labels."""
    order, expect = _order(session), session.header.persona.expect
    if order is None or expect is None:
        return NAN
    return float(order_meets(expect, order.get("items") or []) is None)


def fits_own_reading(session: Session) -> float:
    """The shopper's own reading of its intent (Intent.parse, named_option) applied to the recorded order: the kind,
    the named options, the budget. Self-consistency only: it cannot tell a misread intent from a met one."""
    order = _order(session)
    if order is None:
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
        "seconds_to_purchase": _or_nan(human_seconds(session)) if did_buy else NAN,
        "machine_seconds_to_purchase": _or_nan(machine_seconds(session)) if did_buy else NAN,
        "order_value": float(order["total"]) if did_buy and order and "total" in order else NAN,
        "intent_fit": fits_labels(session),
        "intent_fit_self": fits_own_reading(session),
        "cart_abandoned": float(not did_buy) if carted else NAN,
        "failed_actions": float(len(failed_steps(session))),
        "zero_result_searches": float(len(zero_result_queries(session))),
        "ease": float(rating) if rating else NAN,
    }


def mean(values: list[float]) -> float:
    """The mean of the values that apply (NaN when none does)."""
    kept = [v for v in values if not math.isnan(v)]
    return sum(kept) / len(kept) if kept else NAN
