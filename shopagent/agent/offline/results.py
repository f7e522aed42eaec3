"""A results page: narrow it the way this shopper does (their brand, lowest price first), then open the most
promising card, judged only from what cards show (the kind, the brand, the price, the rating), or look further."""

from __future__ import annotations

import math
import random
import re

from shopagent.agent.offline.choosing import Chooser, brand_ok, shown, value, wanted
from shopagent.agent.offline.fit import price_limit
from shopagent.agent.offline.kinds import NEAR_KIND
from shopagent.agent.offline.memory import Memory
from shopagent.agent.offline.missions import Mission
from shopagent.agent.offline.models import Models
from shopagent.agent.offline.page import Card, PageView
from shopagent.agent.offline.searching import Searching
from shopagent.persona.intent import Intent, a_or_an, plural
from shopagent.types import Click, Decision, Persona, Select


class Results:
    def __init__(self, models: Models, chooser: Chooser, searching: Searching, temperature: float = 0.0) -> None:
        self.models = models
        self.chooser = chooser
        self.searching = searching
        self.temperature = temperature

    def decide(self, memory: Memory, page: PageView, rng: random.Random) -> Decision:
        persona, intent = memory.persona, memory.intent
        chosen = self.chooser.chosen(memory)
        if chosen is not None:
            card = next((c for c in page.cards if c.title == chosen.title and self.opens(memory, page, c, chosen.url)), None)
            if card is not None:
                return Decision(rationale=self.chooser.reason(memory, chosen), action=Click(target=card.link.id))
        narrowed = self.brand_filter(memory, page) or self.sort_first(memory, page)
        if narrowed is not None:
            return narrowed
        if memory.opened_since_search >= memory.open_limit:
            return self.searching.look_further(
                memory, page, f"I've opened {memory.opened_since_search} {plural(intent.kind)} from this search and none is right"
            )
        budget = price_limit(intent, persona)
        kinds = [c for c in page.cards if memory.is_kind(c.title)]
        fitting = [c for c in kinds if c.link.id not in memory.clicked and brand_ok(persona, intent, c.title)]
        lacking = memory.missing_on_pages
        if lacking and fitting:
            fitting = [c for c in fitting if not intent.essentials_missing(c.title, frozenset(intent.essential) - lacking)]
            if not fitting:
                said = " or ".join(sorted(lacking))
                return self.searching.look_further(memory, page, f"None of the {plural(intent.kind)} here says {said}")
        affordable = [c for c in fitting if budget is None or c.price is None or c.price <= budget]
        if not affordable:
            return self.stand_in(memory, page, kinds) or self.searching.look_further(
                memory, page, none_here(memory, kinds, fitting, budget)
            )
        card = self.pick(memory, affordable, rng)
        return Decision(rationale=open_reason(memory, card, kinds), action=Click(target=card.link.id))

    @staticmethod
    def opens(memory: Memory, page: PageView, card: Card, url: str) -> bool:
        """Might the card open this product page? Not where it was clicked here before and opened another."""
        return memory.opened_from.get((page.obs.url, card.link.id), url) == url

    def pick(self, memory: Memory, cards: list[Card], rng: random.Random) -> Card:
        """The most promising card; with a temperature, one of the top four, drawn by their promise."""
        sims = self.models.similarities(wanted(memory.intent), [c.title for c in cards])
        ranked = sorted(zip((promise(memory.persona, memory.intent, c, s) for c, s in zip(cards, sims)), cards), key=lambda t: -t[0])
        choice = ranked[0]
        if self.temperature > 0 and len(ranked) > 1:
            top = ranked[:4]
            choice = rng.choices(top, weights=[math.exp((sc - top[0][0]) / self.temperature) for sc, _ in top], k=1)[0]
        return choice[1]

    def stand_in(self, memory: Memory, page: PageView, kinds: list[Card]) -> Decision | None:
        """A shopper who came to research, shown nothing of its kind, opens the result of the nearest kind, once per
        search, to see whether it would do instead (people weigh what a shop has, not only what they came for)."""
        if memory.mission is not Mission.RESEARCH or kinds or memory.opened_since_search > 0:
            return None
        cards = [c for c in page.cards if c.link.id not in memory.clicked]
        near = [(self.models.kinds.nearness(memory.intent, c.title), c) for c in cards]
        if not near or (best := max(near, key=lambda t: t[0]))[0] < NEAR_KIND:
            return None
        card = best[1]
        why = f"None of these is {a_or_an(memory.intent.kind)}; “{card.title}” is the nearest thing here, so I'll see whether it would do."
        return Decision(rationale=why, action=Click(target=card.link.id))

    @staticmethod
    def brand_filter(memory: Memory, page: PageView) -> Decision | None:
        """A brand-loyal shopper narrows the results to their brand, where the page has a brand filter."""
        persona = memory.persona
        if not memory.habits.brand_loyal:
            return None
        select = page.select_named(r"brand")
        if select is None:
            return None
        brand = next((o for o in select.options or [] for b in persona.preferred_brands if o.lower().startswith(b.lower())), None)
        if brand is None:
            return None
        if (select.value or "") != brand and select.id not in memory.clicked:
            return Decision(
                rationale=f"I stick to {brand.split(' (')[0]}, so I'll show only that brand.",
                action=Select(target=select.id, value=brand),
            )
        last = memory.history[-1].action if memory.history else None
        apply = page.first(("button",), re.compile(r"apply|filter", re.I))
        if last == Select(target=select.id, value=brand) and apply is not None:
            return Decision(rationale="Now I'll apply the brand filter.", action=Click(target=apply.id))
        return None

    @staticmethod
    def sort_first(memory: Memory, page: PageView) -> Decision | None:
        """A price-sensitive shopper sorts by price once, where the page can."""
        select = page.sort_select
        if select is None or not memory.habits.sorts_by_price or select.id in memory.clicked:
            return None
        option = page.sort_option(re.compile(r"low(est)? to high|lowest price|price.*asc", re.I))
        if option is None or (select.value or "") == option:
            return None
        return Decision(
            rationale="Price matters most to me, so I'll sort by lowest price first.", action=Select(target=select.id, value=option)
        )


def promise(persona: Persona, intent: Intent, card: Card, sim: float) -> float:
    """A card's promise: its closeness to what was asked, and the essential words its title shows."""
    return value(persona, sim + shown(intent, card.title), card.price, card.rating, card.title)


def none_here(memory: Memory, kinds: list[Card], fitting: list[Card], budget: float | None) -> str:
    """Why no card is worth opening, naming only what the cards show: the kind, a brand, a price."""
    intent = memory.intent
    if fitting and budget:
        if any(c.link.id in memory.clicked for c in kinds):  # the ones opened were judged on their pages, not by price
            return f"The other {plural(intent.kind)} here cost more than my ${budget:g} budget"
        return f"Every {intent.kind} here costs more than my ${budget:g} budget"
    if kinds and intent.brand and not any(intent.brand_in(c.title) for c in kinds):
        return f"None of the {plural(intent.kind)} here is {intent.brand}"
    if kinds:
        return f"I've already looked at the {plural(intent.kind)} here"
    return f"None of these is {a_or_an(intent.kind)}"


def open_reason(memory: Memory, card: Card, kinds: list[Card]) -> str:
    """Why this card, in words the page bears out: its rating, its place by price among the kind's cards, or its fit."""
    price = f" at ${card.price:.2f}" if card.price is not None else ""
    if memory.habits.opens_for_rating and card.rating is not None:
        return f"“{card.title}”{price} is rated {card.rating:.1f}, so I'll take a closer look."
    cheaper = [c for c in kinds if c.price is not None and card.price is not None and c.price < card.price]
    priced = [c for c in kinds if c.price is not None]
    if memory.habits.names_cheap_cards and card.price is not None and len(priced) > 1 and len(cheaper) < len(priced) / 2:
        place = "the cheapest" if not cheaper else "among the cheaper"
        return f"“{card.title}”{price} is {place} of the {len(priced)} {plural(memory.intent.kind)} here, so I'll open it."
    return f"“{card.title}”{price} looks like the {memory.intent.kind} I want, so I'll open it."
