"""How the default shopper reacts to what a page shows, as people say they do when they abandon a checkout (the
Baymard Institute's survey; README "How the default shopper behaves"): extra costs revealed late, a forced account,
a long or failing checkout, a low rating or too few reviews, a product out of stock.

Each reaction has a name and a rationale that says what on the page caused it, in the page's own words. Where a
trait makes a reaction a chance, it is drawn from a generator seeded by the session (and the product, where the
reaction is to one product), so a run repeats, and one persona meets a study's arms with the same draw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shopagent.agent.offline.draws import seeded
from shopagent.agent.offline.habits import FEW_REVIEWS, LOW_STARS, Habits
from shopagent.agent.offline.page import PageView
from shopagent.browser.controls import adds_to_cart, buys_now
from shopagent.types import Persona, StepRecord

AMOUNT = r"\$\s?(\d{1,5}(?:,\d{3})*(?:\.\d{2})?)"
# A line a cart or checkout adds to the items' price: "Standard shipping: $12.00", "Service fee: $2.50", "Tax: $1.80".
COST_RE = re.compile(
    r"\b((?:standard |express |overnight |estimated )?(?:shipping|delivery|handling|(?:service |processing |handling )?fees?"
    r"|(?:sales |estimated )?tax(?:es)?))\s*:\s*" + AMOUNT,
    re.I,
)
# A promise of free shipping from some order value on: "Free standard shipping on orders over $35".
FREE_OVER_RE = re.compile(r"\bfree (?:standard )?(?:shipping|delivery)\b[^.$]{0,30}\b(?:over|above|from) " + AMOUNT, re.I)
SUBTOTAL_RE = re.compile(r"\b(?:subtotal|items)\b[^$]{0,20}" + AMOUNT, re.I)
FORM_ERROR_RE = re.compile(r"[^.!]*\b(please (?:fix|correct|check)|invalid|is required|are required)\b[^.!]*[.!]?", re.I)
REVIEW_WORDS_RE = re.compile(r"\breviews?\b|\bratings?\b|\bstars?\b|★", re.I)


@dataclass(frozen=True)
class Reaction:
    # extra_costs, forced_account, long_checkout, failing_checkout, low_rating, few_reviews, no_reviews or out_of_stock
    name: str
    rationale: str  # what on the page caused it, as the page shows it


def draw(persona: Persona, session: str, reaction: str, key: str = "") -> float:
    """The session's seeded draw for one reaction (to one product, with `key`), uniform in [0, 1)."""
    return seeded(session, persona.name, persona.intent, reaction, key).random()


def extra_costs(page: PageView) -> list[tuple[str, float]]:
    """What the page adds on top of the items, each line once, as the page words it ("Standard shipping: $12.00")."""
    found: dict[str, tuple[str, float]] = {}
    for region in page.obs.regions:
        for match in COST_RE.finditer(region.text):
            found.setdefault(match.group(1).lower(), (match.group(0), float(match.group(2).replace(",", ""))))
    return list(found.values())


def _bought_pages(history: list[StepRecord]) -> list[PageView]:
    """The product pages the shopper put something in the cart from (or bought it from)."""
    return [PageView(s.observation) for s in history if adds_to_cart(s) or buys_now(s)]


def _free_over(pages: list[PageView]) -> float | None:
    """The order value from which the product pages said shipping is free, if they said so."""
    match = next((m for p in pages for r in p.obs.regions for m in FREE_OVER_RE.finditer(r.text)), None)
    return float(match.group(1).replace(",", "")) if match else None


def _item_price(products: list[PageView], page: PageView) -> float:
    """What the shopper expects to pay for the items: the product pages' prices, else the page's subtotal."""
    item = sum(p.product_price or 0 for p in products)
    if not item:
        match = next((m for r in page.obs.regions for m in SUBTOTAL_RE.finditer(r.text)), None)
        item = float(match.group(1).replace(",", "")) if match else 0.0
    return item


def late_costs(persona: Persona, session: str, history: list[StepRecord], page: PageView) -> Reaction | None:
    """Costs the cart or checkout adds that the product page didn't lead the shopper to expect: the shopper may leave,
    the more likely the larger they are against the item's price and the more the shopper minds prices.

    Expected are the costs the product page showed ("Shipping: $4.99"), and shipping on an order under the value from
    which the page said shipping is free (the page told the shopper it would pay some); a page that said nothing about
    shipping, or promised it free for this order, led the shopper to expect none."""
    costs = extra_costs(page)
    products = _bought_pages(history)
    item, free_over = _item_price(products, page), _free_over(products)
    if free_over is not None and item < free_over:
        return None
    expected = sum(amount for p in products for _, amount in extra_costs(p))
    surcharge = sum(amount for _, amount in costs) - expected
    if not costs or item <= 0 or surcharge <= 0.005:
        return None
    if draw(persona, session, "extra_costs") >= Habits(persona).leaves_over_costs(surcharge, item):
        return None
    shown = " and ".join(f"“{said}”" for said, _ in costs)
    where = "checkout" if page.purchase is not None else "cart"
    if expected:
        before = f"more than the ${expected:.2f} the product page showed"
    elif free_over is not None:
        before = f"though the product page said shipping is free over ${free_over:g}"
    else:
        before = "an extra cost the product page didn't show"
    return Reaction("extra_costs", f"The {where} adds {shown} to my ${item:.2f} order, {before}, so I'll leave it in the cart.")


def account_wall(persona: Persona, session: str, page: PageView) -> Reaction | None:
    """A checkout that makes the shopper create an account (a password field): the less patient, the likelier to leave."""
    if not any(re.search(r"password|passcode", e.id, re.I) for e in page.form_fields):
        return None
    if draw(persona, session, "forced_account") >= Habits(persona).leaves_account_wall:
        return None
    return Reaction("forced_account", "This store makes me create an account just to buy, so I'm leaving.")


def long_checkout(persona: Persona, session: str, history: list[StepRecord], page: PageView) -> Reaction | None:
    """A checkout that asks for many form fields, its pages together: an impatient shopper may give up."""
    pages = [*(PageView(h.observation) for h in history), page]
    fields = {e.id for p in pages if p.purchase is not None or p.continue_button is not None for e in p.form_fields}
    if draw(persona, session, "long_checkout") >= Habits(persona).leaves_long_checkout(len(fields)):
        return None
    return Reaction("long_checkout", f"This checkout has asked for {len(fields)} fields so far, which is too long for me, so I'm leaving.")


def failing_checkout(page: PageView, tries: int) -> Reaction:
    """A checkout that refused the shopper's details more than once, naming the error the page shows."""
    error = next((m.group(0).strip() for r in page.obs.regions for m in FORM_ERROR_RE.finditer(r.text)), None)
    said = f" and still says “{error}”" if error else ""
    return Reaction("failing_checkout", f"The checkout rejected my details {tries} times{said}, so I'm giving up.")


def doubts(persona: Persona, session: str, page: PageView) -> Reaction | None:
    """A product whose page shows a low rating, too few reviews or none: a review-reliant shopper may turn it down."""
    rating, count = page.product_rating
    shown = " ".join(r.text for r in page.obs.regions)
    if rating is not None and rating < LOW_STARS:
        name, said = "low_rating", f"it's rated only {rating:.1f} out of 5 ({count} reviews)"
    elif rating is not None and count < FEW_REVIEWS:
        name, said = "few_reviews", f"it has only {count} review{'s' if count != 1 else ''}"
    elif rating is None and re.search(r"\bno reviews\b", shown, re.I):
        name, said = "few_reviews", "it has no reviews yet"
    elif rating is None and not REVIEW_WORDS_RE.search(shown):
        name, said = "no_reviews", "this page shows no rating or reviews"
    else:
        return None
    # Doubt about one product is drawn for that product; a store that shows no reviews is doubted once a session.
    key = "" if name == "no_reviews" else page.obs.url.split("?")[0]
    if draw(persona, session, name, key) >= Habits(persona).doubts_unrated:
        return None
    return Reaction(name, f"{said[0].upper()}{said[1:]}, and I go by what other buyers say, so I'll go back.")


def out_of_stock(page: PageView) -> Reaction | None:
    """A product page whose buy buttons are disabled and that says it can't be had."""
    said = page.unavailable
    if said is None:
        return None
    return Reaction("out_of_stock", f"“{page.obs.title[:60]}” says “{said}”, so I'll go back.")
