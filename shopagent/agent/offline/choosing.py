"""Comparing and choosing: how much a shopper likes a product, which of those that fit is best, and why, in words the
pages bore out."""

from __future__ import annotations

from shopagent.agent.offline.habits import Habits
from shopagent.agent.offline.memory import Memory, Viewed
from shopagent.agent.offline.models import Models
from shopagent.persona.intent import Intent
from shopagent.types import Persona


def wanted(intent: Intent) -> str:
    """What the shopper compares titles with: the product phrase and its describing words, not the chatter around it."""
    return " ".join(
        dict.fromkeys([*(intent.brand.lower().split() if intent.brand else []), *intent.describing, *intent.reading.kind_words])
    )


def brand_ok(persona: Persona, intent: Intent, title: str) -> bool:
    """A card shows the brand the intent names; a loyal shopper (brand_loyalty >= 0.7) passes over other brands."""
    if not intent.brand_in(title):
        return False
    if not Habits(persona).brand_loyal:
        return True
    return any(b.lower() in title.lower() for b in persona.preferred_brands)


def value(persona: Persona, sim: float, price: float | None, rating: float | None, title: str) -> float:
    """How much a shopper likes a product: closeness to the intent, weighed by their traits."""
    t = persona.traits
    score = sim
    if rating is not None:
        score += 0.08 * t.review_reliance * (rating - 4.0)
    budget = persona.budget
    if budget and price is not None:
        score -= 0.4 * t.price_sensitivity * (price / budget)
    if persona.preferred_brands and any(b.lower() in title.lower() for b in persona.preferred_brands):
        score += 0.3 * max(t.brand_loyalty, 0.2)
    return score


class Chooser:
    def __init__(self, models: Models) -> None:
        self.models = models

    def chosen(self, memory: Memory) -> Viewed | None:
        """The best of the products that fit, once the shopper has seen enough of them, or has
        stopped looking for more (no searches left, or a search for the one they liked)."""
        fits = memory.fits
        if not fits:
            return None
        done_looking = not memory.searches_left or any(v.title in memory.searches for v in fits)
        return self.best(memory, fits) if len(fits) >= memory.to_compare or done_looking else None

    def best(self, memory: Memory, products: list[Viewed]) -> Viewed:
        intent = memory.intent
        sims = self.models.similarities(wanted(intent), [v.title for v in products])
        scores = [value(memory.persona, sim + shown(intent, v.page_text), v.price, v.rating, v.title) for v, sim in zip(products, sims)]
        return products[max(range(len(products)), key=scores.__getitem__)]

    @staticmethod
    def reason(memory: Memory, best: Viewed) -> str:
        """Why this one, naming only what the pages showed: the lowest price or the best rating where it was."""
        fits = memory.fits
        if len(fits) == 1:
            return f"“{best.title}” is the one that fits, so I'll go back to it."
        prices = [v.price for v in fits if v.price is not None]
        ratings = [v.rating for v in fits if v.rating is not None]
        if memory.habits.chooses_on_price and best.price is not None and best.price <= min(prices):
            return f"Of the {len(fits)} I compared, “{best.title}” is the cheapest at ${best.price:.2f}, so I'll go back to it."
        if memory.habits.chooses_on_rating and best.rating is not None and best.rating >= max(ratings):
            return f"Of the {len(fits)} I compared, “{best.title}” has the best rating ({best.rating:.1f}), so I'll go back to it."
        return f"Of the {len(fits)} I compared, “{best.title}” is closest to what I asked for, so I'll go back to it."


def shown(intent: Intent, text: str) -> float:
    """How much of what was asked the text shows: the essential words first, then the other wishes."""
    return 0.3 * intent.coverage(text) + 0.2 * intent.wishes_shown(text)
