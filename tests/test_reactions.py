"""Reactions people have, each tied to what the page shows: extra costs revealed late (by price sensitivity), a low
rating or too few reviews (by review reliance), a product out of stock. On hand-built pages, and one study on the
bundled store with a $12 fee."""

from __future__ import annotations

import json

import pytest
import yaml

from shopagent.agent.offline.habits import Habits
from shopagent.agent.offline.page import PageView
from shopagent.agent.offline.policy import OfflinePolicy
from shopagent.agent.offline.reactions import doubts, extra_costs, late_costs
from shopagent.agent.policy import PolicyInput
from shopagent.types import ActionResult, Back, Click, Element, Observation, Persona, Region, StepRecord, Terminate, Traits
from tests.test_cli_errors import shopagent

SESSIONS = [f"persona_{i:04d}" for i in range(60)]


def product_page(price: float, rating: str = "4.4 (120)", disabled: bool = False, url: str = "http://shop/product/7") -> Observation:
    stock = "Currently unavailable" if disabled else "In stock"
    return Observation(
        url=url,
        title="Loose Leaf Green Tea Tin",
        html="",
        elements=[Element(id="product.add_to_cart", kind="button", text="Add to cart", region="product", disabled=disabled)],
        regions=[Region(id="product", heading="Loose Leaf Green Tea Tin", text=f"Loose Leaf Green Tea Tin {rating} ${price:.2f} {stock}")],
    )


def cart_page(fee: str) -> Observation:
    summary = f"Subtotal (1 item): $20.00 Standard shipping: {fee} Proceed to checkout"
    return Observation(
        url="http://shop/cart",
        html="",
        elements=[
            Element(id="header.cart", kind="link", text="Cart 1", region="header"),
            Element(id="shopping_cart.proceed_to_checkout", kind="link", text="Proceed to checkout", region="shopping_cart"),
        ],
        regions=[Region(id="shopping_cart.order_summary", text=summary)],
    )


def added(price: float) -> list[StepRecord]:
    """A history that put a product of this price in the cart."""
    page = product_page(price)
    return [StepRecord(session_id="s", index=0, observation=page, action=Click(target="product.add_to_cart"), result=ActionResult(ok=True))]


def shopper(price_sensitivity: float = 0.5, review_reliance: float = 0.5) -> Persona:
    return Persona(intent="green tea", traits=Traits(price_sensitivity=price_sensitivity, review_reliance=review_reliance))


def test_the_page_says_what_it_adds_in_its_own_words():
    assert extra_costs(PageView(cart_page("$12.00"))) == [("Standard shipping: $12.00", 12.0)]
    assert extra_costs(PageView(cart_page("FREE"))) == []


def test_a_thrifty_shopper_leaves_over_a_late_fee_and_a_price_insensitive_one_shrugs():
    history, page = added(20.0), PageView(cart_page("$12.00"))
    thrifty = [late_costs(shopper(0.95), s, history, page) for s in SESSIONS]
    shrugs = [late_costs(shopper(0.05), s, history, page) for s in SESSIONS]
    assert sum(r is not None for r in thrifty) >= 0.7 * len(SESSIONS)
    assert sum(r is not None for r in shrugs) <= 0.15 * len(SESSIONS)
    # one draw per session: a shopper who minds prices less never leaves where one who minds more stays
    assert all(t is not None for t, s in zip(thrifty, shrugs) if s is not None)
    # the same session draws the same: a run repeats
    assert [late_costs(shopper(0.95), s, history, page) for s in SESSIONS] == thrifty
    assert late_costs(shopper(0.95), "persona_0001", history, PageView(cart_page("FREE"))) is None


def test_the_reason_names_the_fee_as_the_page_shows_it():
    history, page = added(20.0), PageView(cart_page("$12.00"))
    reaction = next(r for s in SESSIONS if (r := late_costs(shopper(0.95), s, history, page)))
    assert reaction.name == "extra_costs"
    assert "“Standard shipping: $12.00”" in reaction.rationale and "$20.00" in reaction.rationale
    assert "the product page didn't show" in reaction.rationale


def test_a_fee_the_product_page_announced_is_expected_and_a_promise_broken_is_named():
    def with_footer(price: float) -> list[StepRecord]:
        history = added(price)
        footer = Region(id="footer", text="Free standard shipping on orders over $35.")
        history[0].observation.regions.append(footer)
        return history

    page = PageView(cart_page("$12.00"))
    assert all(late_costs(shopper(0.95), s, with_footer(20.0), page) is None for s in SESSIONS)  # under $35: it said I'd pay
    broken = [r for s in SESSIONS if (r := late_costs(shopper(0.95), s, with_footer(40.0), page))]
    assert broken and all("said shipping is free over $35" in r.rationale for r in broken)


async def test_the_shopper_leaves_the_cart_with_that_reason():
    policy, history = OfflinePolicy(), added(20.0)
    decisions = [
        await policy.decide(PolicyInput(persona=shopper(0.95), history=history, observation=cart_page("$12.00"), session_id=s))
        for s in SESSIONS[:10]
    ]
    left = [d for d in decisions if d.action == Terminate()]
    assert left and all("Standard shipping: $12.00" in d.rationale for d in left)
    assert all(d.action == Click(target="shopping_cart.proceed_to_checkout") for d in decisions if d not in left)


def test_the_chance_grows_with_the_fee_against_the_price_and_with_price_sensitivity():
    habits = Habits(shopper(0.9))
    assert habits.leaves_over_costs(12, 20) > habits.leaves_over_costs(12, 60) > habits.leaves_over_costs(5.99, 60) > 0
    assert Habits(shopper(0.0)).leaves_over_costs(12, 20) == 0
    assert Habits(shopper(0.3)).leaves_over_costs(12, 20) < habits.leaves_over_costs(12, 20)


@pytest.mark.parametrize(
    ("rating", "name", "said"),
    [("3.1 (240)", "low_rating", "rated only 3.1 out of 5"), ("4.6 (2)", "few_reviews", "only 2 reviews"), ("", "no_reviews", "no rating")],
)
def test_low_ratings_or_few_reviews_move_only_review_reliant_shoppers(rating, name, said):
    page = PageView(product_page(19.99, rating))
    reliant = [doubts(shopper(review_reliance=0.95), s, page) for s in SESSIONS]
    assert all(r is not None and r.name == name and said in r.rationale for r in reliant)
    for reliance in (0.1, 0.3, 0.5):
        assert all(doubts(shopper(review_reliance=reliance), s, page) is None for s in SESSIONS)
    assert all(doubts(shopper(review_reliance=0.95), s, PageView(product_page(19.99))) is None for s in SESSIONS)


async def test_a_review_reliant_shopper_goes_back_from_a_low_rated_product():
    policy, page = OfflinePolicy(), product_page(19.99, "3.1 (240)")
    careful = await policy.decide(PolicyInput(persona=shopper(review_reliance=0.95), history=[], observation=page, session_id="p"))
    assert careful.action == Back() and "rated only 3.1 out of 5 (240 reviews)" in careful.rationale
    casual = await policy.decide(PolicyInput(persona=shopper(review_reliance=0.2), history=[], observation=page, session_id="p"))
    assert "rated" not in casual.rationale


async def test_an_unavailable_product_is_turned_down_saying_so():
    page = product_page(19.99, disabled=True)
    decision = await OfflinePolicy().decide(PolicyInput(persona=shopper(), history=[], observation=page, session_id="p"))
    assert decision.action == Back() and "“Currently unavailable”" in decision.rationale


def test_a_never_free_12_dollar_fee_costs_conversions_on_the_bundled_store(tmp_path):
    """Ten shoppers whose intents the store can satisfy, on the store as it ships and with $12 shipping that is never free."""
    study = {
        "name": "fee",
        "personas": {"generate": 10, "seed": 3, "unmet": 0.0},
        "arms": [{"name": "control"}, {"name": "fee-12", "variant": {"shipping": {"standard_fee": 12, "free_over": None}}}],
        "interview": False,
    }
    path = tmp_path / "study.yaml"
    path.write_text(yaml.safe_dump(study))
    result = shopagent("study", str(path), "--out", str(tmp_path / "out"), timeout=600)
    assert result.returncode == 0, result.stderr
    comparison = json.loads((tmp_path / "out" / "comparison.json").read_text())
    (test,) = comparison["mcnemar"]
    assert test["baseline_only"] > test["arm_only"], test
    reasons = comparison["arms"][1]["leave_reasons"]
    assert any("Standard shipping: $12.00" in r or "Shipping: $12.00" in r for r in reasons), reasons
