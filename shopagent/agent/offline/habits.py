"""What a persona's traits make the default shopper do: every threshold named once.

The README's "How the default shopper behaves" describes these habits; a trait moves exactly
the habits that read it here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from shopagent.agent.offline.missions import REVIEWS, Mission
from shopagent.types import Persona

LOYAL = 0.7  # brand_loyalty at which a shopper filters by and keeps to their brands
THRIFTY = 0.7  # price_sensitivity at which a shopper sorts by price and says a card is cheap
PRICE_FIRST = 0.6  # price_sensitivity at which the cheapest of the compared products wins on price
RATING_FIRST = 0.6  # review_reliance at which a shopper reads reviews and the best-rated product wins
RATINGS_NAMED = 0.7  # review_reliance at which a card is opened for its rating
WORST_FIRST = 0.8  # review_reliance at which a shopper sorts reviews worst first
# Reactions to what a page shows (reactions.py; README "How the default shopper behaves"; the reasons US shoppers give for
# abandoning a checkout in the Baymard Institute's survey). Each is a chance, drawn once with the session's seed.
# Extra costs the product page didn't show: P(leave) = 1 - exp(-FEE_WEIGHT x price_sensitivity x surcharge / item price).
FEE_WEIGHT = 3.0
# A forced account: certain to end the visit up to the first patience, never from the second, a straight line between. Among
# the patient shoppers who reach a checkout this averages about 0.3, near the purchases that dropping forced registration
# won back in Spool's "$300 Million Button" (+45%: 1 - 1/1.45 = 0.31 of would-be buyers lost to the wall).
ACCOUNT_PATIENCE = (0.2, 0.9)
# A long checkout: form fields (all its pages together) from which some shoppers give up, and from which all impatient ones do.
LONG_FORM = (12, 24)
# Low ratings or few reviews: review_reliance from which a shopper starts to turn such a product down, and at which it always does.
DOUBTING = (0.5, 0.9)
LOW_STARS = 3.5  # a shown rating below this is a low one
FEW_REVIEWS = 5  # fewer reviews than this is too few to go on
# With missions (missions.py; README "Missions"), reading reviews is a habit most shoppers have sometimes: a research
# session opens the full reviews of the products it weighs with a chance rising from REVIEW_FLOOR at review_reliance 0 to
# 1 at 1; how many sort orders it reads them in (worst first, then best first) rises with review_reliance and patience.
# bench/missions_fit.py fits the floor so that generated personas' research sessions read reviews as often as people's
# in the shared OPeRA sample (30 of 37, 0.81), each persona weighted by its chance of research.
REVIEW_FLOOR = 0.64
REVIEW_SORTS = 2  # the most sort orders read past the page's own


def ramp(x: float, lo: float, hi: float) -> float:
    """0 up to lo, 1 from hi on, a straight line between."""
    return min(1.0, max(0.0, (x - lo) / (hi - lo)))


@dataclass(frozen=True)
class Habits:
    persona: Persona

    @property
    def brand_loyal(self) -> bool:
        return self.persona.traits.brand_loyalty >= LOYAL and bool(self.persona.preferred_brands)

    @property
    def sorts_by_price(self) -> bool:
        return self.persona.traits.price_sensitivity >= THRIFTY

    @property
    def names_cheap_cards(self) -> bool:
        return self.persona.traits.price_sensitivity >= THRIFTY

    @property
    def chooses_on_price(self) -> bool:
        return self.persona.traits.price_sensitivity >= PRICE_FIRST

    @property
    def reads_reviews(self) -> bool:
        return self.persona.traits.review_reliance >= RATING_FIRST

    @property
    def chooses_on_rating(self) -> bool:
        return self.persona.traits.review_reliance >= RATING_FIRST

    @property
    def opens_for_rating(self) -> bool:
        return self.persona.traits.review_reliance >= RATINGS_NAMED

    @property
    def reads_worst_reviews_first(self) -> bool:
        return self.persona.traits.review_reliance >= WORST_FIRST

    def leaves_over_costs(self, surcharge: float, item_price: float) -> float:
        """The chance that extra costs seen only at cart or checkout end the visit: rises with the surcharge as a share
        of the item price, times price_sensitivity; 0 for a shopper who doesn't mind prices."""
        share = surcharge / item_price if item_price > 0 else 1.0
        return 1 - math.exp(-FEE_WEIGHT * self.persona.traits.price_sensitivity * share)

    @property
    def leaves_account_wall(self) -> float:
        """The chance that a checkout which makes the shopper create an account ends the visit."""
        return 1 - ramp(self.persona.traits.patience, *ACCOUNT_PATIENCE)

    def leaves_long_checkout(self, fields: int) -> float:
        """The chance that a checkout asking for this many form fields ends the visit: more for the impatient."""
        return ramp(fields, *LONG_FORM) * (1 - self.persona.traits.patience)

    @property
    def doubts_unrated(self) -> float:
        """The chance that a low rating, few reviews or none turn a product down: only review-reliant shoppers."""
        return ramp(self.persona.traits.review_reliance, *DOUBTING)

    @property
    def opens_per_search(self) -> int:
        """How many products one search's results get opened before searching again: 3, up to 7 for the patient."""
        return 3 + round(4 * self.persona.traits.patience)

    @property
    def searches(self) -> int:
        """How many searches before giving up: one, plus up to three more for the patient."""
        return 1 + round(3 * self.persona.traits.patience)

    def review_chance(self, mission: Mission) -> float:
        """The chance that a session with this mission reads the full reviews of the products it weighs."""
        reliance = self.persona.traits.review_reliance
        return REVIEWS[mission] * (REVIEW_FLOOR + (1 - REVIEW_FLOOR) * reliance)

    @property
    def review_sorts(self) -> int:
        """How many sort orders of a product's reviews a reader goes through (worst first, then best first): 0 to 2."""
        t = self.persona.traits
        return max(0, min(REVIEW_SORTS, round(REVIEW_SORTS * t.review_reliance * (0.5 + t.patience))))

    @property
    def browse_looks(self) -> int:
        """How many products a shopper who came to look around opens before leaving: 1, up to 3 for the patient."""
        return 1 + round(2 * self.persona.traits.patience)
