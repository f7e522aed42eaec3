"""Hand labels of what fits an intent, and the judge of orders against them: the labelled files load, the judge
reads only the store's order record, and a study's intent fit comes from the labels, never the shopper's reading."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from pydantic import ValidationError

from shopagent.persona.labels import IntentLabel, load_labels, order_meets
from shopagent.study.analysis.measures import measure_session
from shopagent.types import EndRecord, Expectation, Persona, Session, SessionRecord

INTENTS = Path(__file__).resolve().parent.parent / "bench" / "intents"
OOLONG = Expectation(kind="tea bag", essential=["oolong"], options=["100 count"], price_max=20)
TWININGS = {"title": "Twinings USDA Organic Oolong Tea Bags", "price": 12.99, "options": {"Count": "100 Count"}}


def test_every_hand_labelled_line_validates():
    path = INTENTS / "written_dev.jsonl"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    labels = load_labels(path)
    assert len(labels) == len(lines) == 80
    for label, line in zip(labels, lines):
        assert label == IntentLabel.model_validate(json.loads(line))
        assert isinstance(label, Expectation) and label.kind and label.intent


def test_labels_refuse_unknown_keys_and_a_price_limit_of_zero():
    with pytest.raises(ValidationError):
        Expectation(kind="tea bag", colour="red")  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Expectation(kind="tea bag", price_max=0)
    with pytest.raises(ValidationError):
        Persona(intent="tea", expect={"kind": "tea bag", "satisfiable": True})


def test_an_order_that_meets_the_hand_labels_is_accepted():
    assert order_meets(OOLONG, [TWININGS]) is None
    assert order_meets(OOLONG, [{**TWININGS, "brand": "Twinings"}]) is None


@pytest.mark.parametrize(
    ("item", "why"),
    [
        ({**TWININGS, "options": {"Count": "50 Count"}}, "not in 100 count"),
        ({**TWININGS, "price": 24.5}, "over $20"),
        ({**TWININGS, "title": "Twinings Oolong Loose Leaf Tea"}, "not a tea bag"),
        ({**TWININGS, "title": "Twinings Green Tea Bags"}, "not oolong"),
    ],
)
def test_an_order_that_misses_the_hand_labels_says_why(item, why):
    reason = order_meets(OOLONG, [item])
    assert reason is not None and why in reason


def test_a_must_not_in_the_title_misses_unless_the_title_negates_it():
    decaf = OOLONG.model_copy(update={"must_not": ["caffeinated"]})
    assert "is caffeinated" in (order_meets(decaf, [{**TWININGS, "title": "Twinings Caffeinated Oolong Tea Bags"}]) or "")
    assert order_meets(decaf, [TWININGS]) is None


def test_nothing_ordered_misses():
    assert order_meets(OOLONG, []) == "nothing ordered"


def test_a_brand_is_read_from_the_title_where_the_order_line_has_none():
    flask = Expectation(kind="water bottle", brand="Hydro Flask")
    bottle = {"title": "HydroFlask Wide Mouth Water Bottle", "price": 30, "options": {}}
    assert order_meets(flask, [bottle]) is None
    assert order_meets(flask, [{**bottle, "title": "Hydro Flask Wide Mouth Water Bottle", "brand": None}]) is None
    assert order_meets(flask, [{**bottle, "title": "Contigo Water Bottle"}]) == "Contigo Water Bottle: not Hydro Flask"
    assert order_meets(flask, [{**bottle, "brand": "Contigo"}]) is not None  # a recorded brand is the brand


def _session(expect: Expectation | None, item: dict | None, intent: str = "oolong tea bags, 100 count") -> Session:
    persona = Persona(intent=intent, budget=30, expect=expect)
    order = {"order_id": "o", "total": item["price"], "items": [{"quantity": 1, **item}]} if item else None
    end = EndRecord(session_id="s", outcome="purchase" if item else "terminate", steps=3, order=order)
    return Session(header=SessionRecord(session_id="s", persona=persona, start_url="http://127.0.0.1:1/"), steps=[], end=end)


def test_intent_fit_is_blank_without_labels_and_judged_against_them_with():
    unlabelled = measure_session(_session(None, TWININGS))
    assert math.isnan(unlabelled["intent_fit"]) and unlabelled["intent_fit_self"] == 1.0
    assert measure_session(_session(OOLONG, TWININGS))["intent_fit"] == 1.0
    assert measure_session(_session(OOLONG, {**TWININGS, "price": 24.5}))["intent_fit"] == 0.0
    assert math.isnan(measure_session(_session(OOLONG, None))["intent_fit"])  # nothing bought


def test_intent_fit_does_not_take_the_shoppers_word_for_it():
    """Within the persona's budget, so its own reading accepts the order; over the price the person wrote, so the labels do not."""
    dear = {**TWININGS, "price": 24.5}
    measured = measure_session(_session(OOLONG, dear, intent="hey! need oolong tea bags, the 100 count box, no more than 20 bucks"))
    assert measured["intent_fit"] == 0.0 and measured["intent_fit_self"] == 1.0


def test_no_order_record_leaves_intent_fit_blank():
    session = _session(OOLONG, TWININGS)
    assert session.end is not None
    session.end.outcome, session.end.order = "purchase_unverified", None
    assert math.isnan(measure_session(session)["intent_fit"])


def test_an_option_the_store_lists_among_the_products_details_is_met():
    quart = Expectation(kind="water bottle", options=["32 oz", "pink"])
    bottle = {"title": "Gaiam Sport Water Bottle", "price": 15, "options": {"Color": "Pink"}}
    assert order_meets(quart, [{**bottle, "details": ["Bpa free", "32 oz"]}]) is None
    assert order_meets(quart, [bottle]) == "Gaiam Sport Water Bottle: not in 32 oz"
    assert order_meets(quart, [{**bottle, "details": ["24 oz"]}]) is not None


def test_an_essential_word_the_products_details_say_is_met_but_a_must_not_there_is_not_held_against_it():
    gummies = Expectation(kind="vitamin d3 gummy", essential=["sugar free", "5000 iu"], must_not=["gelatin"])
    item = {"title": "Purell Sugar Free Vitamin D3 Gummies", "price": 12, "options": {}}
    assert order_meets(gummies, [item]) == "Purell Sugar Free Vitamin D3 Gummies: not 5000 iu"
    assert order_meets(gummies, [{**item, "details": ["5000 IU per serving", "Contains gelatin"]}]) is None
    assert order_meets(gummies, [{**item, "details": ["1000 IU per serving"]}]) is not None
