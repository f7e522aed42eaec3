"""A product page: does it fit (fit.py), is it doubted for its rating (reactions.py), read its reviews first, compare
it with others, then pick the options the intent names and add it to the cart; and the reviews page itself."""

from __future__ import annotations

import re

from shopagent.agent.offline.choosing import Chooser
from shopagent.agent.offline.fit import misfit
from shopagent.agent.offline.memory import Memory, cards_of
from shopagent.agent.offline.missions import Mission
from shopagent.agent.offline.page import ChoiceGroup, PageView
from shopagent.agent.offline.reactions import Reaction, doubts
from shopagent.persona.intent import Intent, a_or_an
from shopagent.types import Back, Click, Decision, Purchase, Select, Terminate


class ProductPage:
    def __init__(self, chooser: Chooser) -> None:
        self.chooser = chooser

    def decide(self, memory: Memory, page: PageView) -> Decision:
        if memory.done_browsing:
            seen = len(memory.viewed) + 1
            return Decision(
                rationale=f"I was only looking around today; I've seen {seen} of these and I'll leave it there for now.", action=Terminate()
            )
        url = page.obs.url.split("?")[0]
        link = page.reviews_link if memory.reads_reviews and url not in memory.reviews_read else None
        if link is not None and memory.mission is Mission.RESEARCH:
            # Researching: what buyers say about a product comes before its details, a stand-in for the kind's too.
            kind = a_or_an(memory.intent.kind)
            why = (
                f"It's {kind}; before I look closer I'll read what other buyers say about it."
                if memory.is_kind(page.product_title)
                else f"It isn't quite {kind}; before I rule it out I'll read what other buyers say about it."
            )
            return Decision(rationale=why, action=Click(target=link.id))
        why_not = misfit(memory.intent, memory.persona, page, memory.is_kind, memory.unused_words, memory.wished_words)
        if why_not is not None:
            return Decision(rationale=f"{why_not[0].upper()}{why_not[1:]}, so I'll go back.", action=Back())
        if doubt := doubts(memory.persona, memory.session, page):
            return doubted(memory, doubt)
        if link is not None:
            return Decision(rationale="Before I decide I want to read what other buyers say.", action=Click(target=link.id))
        current = memory.judge(page)
        others = [v for v in memory.fits if v.url != url]
        first_visit = memory.arrivals(url, page.obs.url) == 1
        if first_visit and len(others) + 1 < memory.to_compare:
            return Decision(rationale="This one would do, but I'll compare it with another before deciding.", action=Back())
        best = self.chooser.best(memory, [*others, current])
        if best.url != url:
            return Decision(rationale=f"“{best.title}” suited me better, so I'll go back for it.", action=Back())
        return take(memory, page)


def take(memory: Memory, page: PageView) -> Decision:
    """Pick each option as the intent names it (or the first offered), then add to the cart, or buy at once."""
    for group in page.choice_groups:
        named, _ = memory.intent.choose(group.name, group.options)
        if group.options and (group.chosen is None or (named is not None and group.chosen != named)):
            return choose(memory.intent, group)
    if memory.mission is Mission.BUY_FAST and page.buy_now is not None:
        return Decision(rationale=as_asked(memory, page, "I'll buy it now and skip the cart"), action=Click(target=page.buy_now.id))
    if page.add_to_cart is None and page.buy_now is not None:
        return Decision(rationale=as_asked(memory, page, "I'll buy it now"), action=Purchase(target=page.buy_now.id))
    if page.add_to_cart is None:
        return Decision(rationale="I can't add this to my cart, so I'll go back.", action=Back())
    return Decision(rationale=as_asked(memory, page, "I'll add it to my cart"), action=Click(target=page.add_to_cart.id))


def as_asked(memory: Memory, page: PageView, then: str) -> str:
    """Why this product, as far as the page shows it: where the store never says a describing word asked for
    (Memory.unused_words), the shopper says it could not check it rather than claim it."""
    kind = memory.intent.kind
    price = f" at ${page.product_price:.2f}" if page.product_price is not None else ""
    unsaid = memory.intent.essentials_missing(f"{page.product_title} {page.product_text}")
    if unsaid:
        return f"No {kind} here says {' or '.join(unsaid[:2])}; this one{price} is the closest to what I asked for, so {then}."
    return f"This {kind}{price} is what I asked for, so {then}."


def choose(intent: Intent, group: ChoiceGroup) -> Decision:
    named, _ = intent.choose(group.name, group.options)
    what = group.name.replace("_", " ").lower()
    if named is not None:
        option, rationale = named, f"I asked for {named}, so I'll pick that {what}."
    else:
        option, rationale = group.options[0], f"I didn't ask for a particular {what}, so {group.options[0]} will do."
    if group.is_select:
        return Decision(rationale=rationale, action=Select(target=group.elements[0].id, value=option))
    return Decision(rationale=rationale, action=Click(target=group.elements[group.options.index(option)].id))


# The sort orders a reader goes through, in turn, as deep as their habit goes (memory.review_sorts), and why.
REVIEW_ORDERS = (
    (re.compile(r"lowest|critical|worst", re.I), "I want to see the worst reviews first."),
    (re.compile(r"highest|best|positive", re.I), "Now the best reviews, to see what people like about it."),
)


def reviews(memory: Memory, page: PageView) -> Decision:
    """A careful shopper sorts to the worst reviews first (a deeper reader then to the best), reads, and goes back."""
    sorter = page.sort_select
    if sorter is not None:
        read = memory.chosen_in(page.obs.url, sorter.id) | {sorter.value or ""}
        for pattern, why in REVIEW_ORDERS[: memory.review_sorts]:
            order = page.sort_option(pattern)
            if order and order not in read:
                return Decision(rationale=why, action=Select(target=sorter.id, value=order))
    # The browser's back, not the page's "back to product" link: the way back to the results stays as it was.
    return Decision(rationale="I've read the reviews; I'll go back to the product and decide.", action=Back())


def doubted(memory: Memory, doubt: Reaction) -> Decision:
    """A product turned down for its rating or reviews; a store that has shown no ratings anywhere is left."""
    rated = any(c.rating is not None for s in memory.history for c in cards_of(s.observation))
    if doubt.name == "no_reviews" and not rated:
        return Decision(
            rationale="Nothing I've seen in this store shows a rating or reviews, and I go by what other buyers say, "
            "so I'll leave without buying.",
            action=Terminate(),
        )
    return Decision(rationale=doubt.rationale, action=Back())
