"""Replay metrics against values computed by hand (SPEC §5)."""

from __future__ import annotations

import pytest

from shopagent.replay.metrics import NO_ANSWER, compute_metrics
from shopagent.types import (
    ActionResult,
    Back,
    Click,
    Observation,
    Persona,
    Prediction,
    Purchase,
    Session,
    SessionRecord,
    StepRecord,
    Terminate,
    Type,
    token_f1,
)

OBS = Observation(url="http://127.0.0.1/", html="<p>x</p>")


def session(sid: str, gold: list) -> Session:
    header = SessionRecord(session_id=sid, persona=Persona(intent="red shoes"), start_url="http://127.0.0.1/", source="human")
    steps = [StepRecord(session_id=sid, index=i, observation=OBS, action=a, result=ActionResult(ok=True)) for i, a in enumerate(gold)]
    return Session(header=header, steps=steps)


def predictions(sid: str, gold: list, predicted: list) -> list[Prediction]:
    return [
        Prediction(session_id=sid, index=i, gold=g, predicted=p, error=None if p else "no reply")
        for i, (g, p) in enumerate(zip(gold, predicted))
    ]


def test_token_f1_by_hand():
    assert token_f1("Red  Shoes", "red shoes") == 1.0
    assert token_f1("red running shoes", "red shoes") == pytest.approx(0.8)  # p 2/3, r 1
    assert token_f1("tea", "red shoes") == 0.0
    assert token_f1("", "") == 1.0


def test_metrics_by_hand_with_unanswered_steps_absent_classes_and_an_empty_session():
    a_gold = [Type(target="header.search", text="red shoes"), Click(target="results.x.link"), Purchase(target="checkout.place_order")]
    a_pred = [Type(target="header.search", text="Red  Shoes"), Click(target="results.y.link"), Purchase(target="checkout.place_order")]
    b_gold = [Type(target="header.search", text="tea"), Back(), Terminate()]
    b_pred = [Click(target="results.z.link"), Back(), Click(target="results.z.link")]
    d_gold = [Click(target="results.a.link")]
    d_pred = [None]
    sessions = [session("a", a_gold), session("b", b_gold), session("c", []), session("d", d_gold)]
    preds = predictions("a", a_gold, a_pred) + predictions("b", b_gold, b_pred) + predictions("d", d_gold, d_pred)

    m = compute_metrics(sessions, preds)

    assert (m.sessions, m.empty_sessions, m.steps, m.unanswered) == (3, 1, 7, 1)
    assert m.exact_match == pytest.approx(3 / 7)
    # type 2/3, click 2/5 (TP 1, FP 2, FN 1), purchase 1, back 1, terminate 0 (never predicted)
    assert m.per_type["click"].f1 == pytest.approx(2 / 5)
    assert m.per_type["terminate"].f1 == 0.0 and m.per_type["terminate"].support == 1
    assert m.type_macro_f1 == pytest.approx((2 / 3 + 2 / 5 + 1 + 1 + 0) / 5)
    assert "select" not in m.per_type  # absent from gold and predictions: not a class
    # outcomes: a purchase/purchase, b terminate/terminate, d terminate/terminate (no answer)
    assert m.outcome.purchase_f1 == 1.0 and m.outcome.weighted_f1 == 1.0 and m.outcome.sessions == 3
    assert m.query_token_f1 == pytest.approx(0.5) and m.type_steps == 2
    assert m.confusion["click"] == {"click": 1, NO_ANSWER: 1}
    assert m.confusion["terminate"] == {"click": 1}
    assert [(p.position, p.steps, round(p.accuracy, 3)) for p in m.by_position] == [("0", 3, 0.333), ("1", 2, 0.5), ("2", 2, 0.5)]


def test_outcome_f1_when_every_outcome_is_wrong_and_supports_tie():
    buy = [Click(target="p.add_to_cart"), Purchase(target="checkout.place_order")]
    leave = [Click(target="p.add_to_cart"), Terminate()]
    sessions = [session("buyer", buy), session("leaver", leave)]
    preds = predictions("buyer", buy, [buy[0], Terminate()]) + predictions(
        "leaver", leave, [leave[0], Purchase(target="checkout.place_order")]
    )
    m = compute_metrics(sessions, preds)
    assert m.outcome.per_class["purchase"].support == m.outcome.per_class["terminate"].support == 1
    assert m.outcome.purchase_f1 == 0.0 and m.outcome.weighted_f1 == 0.0
    assert m.exact_match == pytest.approx(0.5)


def test_no_purchases_anywhere_gives_zero_purchase_f1_but_full_weighted_f1():
    leave = [Type(target="s", text="tea"), Terminate()]
    m = compute_metrics([session("x", leave)], predictions("x", leave, leave))
    assert m.exact_match == 1.0 and m.type_macro_f1 == 1.0
    assert m.outcome.purchase_f1 == 0.0 and m.outcome.weighted_f1 == 1.0


def test_nothing_predicted_yet():
    m = compute_metrics([session("x", [Terminate()]), session("e", [])], [])
    assert (m.sessions, m.empty_sessions, m.steps, m.exact_match, m.query_token_f1) == (0, 1, 0, 0.0, None)
