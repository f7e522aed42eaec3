"""What a persona's traits make the default shopper do: every threshold named once.

The README's "How the default shopper behaves" describes these habits; a trait moves exactly
the habits that read it here.
"""

from __future__ import annotations

from dataclasses import dataclass

from shopagent.types import Persona

LOYAL = 0.7  # brand_loyalty at which a shopper filters by and keeps to their brands
THRIFTY = 0.7  # price_sensitivity at which a shopper sorts by price and says a card is cheap
PRICE_FIRST = 0.6  # price_sensitivity at which the cheapest of the compared products wins on price
RATING_FIRST = 0.6  # review_reliance at which a shopper reads reviews and the best-rated product wins
RATINGS_NAMED = 0.7  # review_reliance at which a card is opened for its rating
WORST_FIRST = 0.8  # review_reliance at which a shopper sorts reviews worst first
# Below this patience a forced account ends the visit (Baymard: about a quarter of US shoppers who
# abandon a checkout name forced account creation as the reason).
ACCOUNT_PATIENCE = 0.35


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

    @property
    def walks_away_from_accounts(self) -> bool:
        return self.persona.traits.patience < ACCOUNT_PATIENCE

    @property
    def opens_per_search(self) -> int:
        """How many products one search's results get opened before searching again: 3, up to 7 for the patient."""
        return 3 + round(4 * self.persona.traits.patience)

    @property
    def searches(self) -> int:
        """How many searches before giving up: one, plus up to three more for the patient."""
        return 1 + round(3 * self.persona.traits.patience)
