"""One home for what store controls say: the shopper, interviews and study measures read add-to-cart alike."""

from __future__ import annotations

from shopagent.agent.hindsight import added_to_cart
from shopagent.browser.controls import adds_to_cart, buys_now
from shopagent.study.analysis.behaviour import facts_from_session
from shopagent.types import ActionResult, Click, Element, Observation, Persona, Session, SessionRecord, StepRecord


def step(index: int, target: str, text: str, ok: bool = True) -> StepRecord:
    page = Observation(url="http://127.0.0.1:1/p/1", title="A product", html="", elements=[Element(id=target, kind="button", text=text)])
    return StepRecord(session_id="s", index=index, observation=page, action=Click(target=target), result=ActionResult(ok=ok))


def test_add_to_cart_is_known_by_its_id_or_its_label_whoever_asks():
    cases = [
        (step(0, "product.add_to_cart", "Add to Cart"), True),
        (step(0, "p.btn3", "Add to bag"), True),  # an id that says nothing, a label that does
        (step(0, "add-to-cart-button", ""), True),
        (step(0, "form.submit", "In den Warenkorb"), True),
        (step(0, "header.cart", "View cart"), False),
        (step(0, "product.add_to_cart", "Add to Cart", ok=False), False),  # a click that failed added nothing
    ]
    for record, expected in cases:
        assert adds_to_cart(record) is expected, record.action
    assert buys_now(step(0, "product.buy", "Buy it now")) and not adds_to_cart(step(0, "product.buy", "Buy it now"))


def test_the_shopper_its_interview_and_the_study_count_the_same_session_alike():
    header = SessionRecord(session_id="s", persona=Persona(intent="tea"), start_url="http://127.0.0.1:1/")
    steps = [step(0, "header.search", "Search"), step(1, "p.btn3", "Add to bag")]
    session = Session(header=header, steps=steps)
    assert added_to_cart(session)
    facts = facts_from_session(session)
    assert facts.event_types["cart"] == 1 and facts.added_to_cart
    assert [adds_to_cart(s) for s in steps] == [False, True]  # what the offline shopper reads (policy.py, reactions.py)
