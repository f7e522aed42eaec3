"""Does this product page offer what the shopper asked for? Judged from the page alone: the kind
(the store may call it otherwise: kinds.py), the words that make it that kind, what it must not
be, the brand named, the price against the limit, and each option named against what is offered."""

from __future__ import annotations

from collections.abc import Callable

from shopagent.agent.offline.habits import Habits
from shopagent.agent.offline.page import PageView
from shopagent.persona.intent import Intent, a_or_an, names_value, offers, spell_size_letters
from shopagent.types import Persona


def price_limit(intent: Intent, persona: Persona) -> float | None:
    """The most the shopper pays for the item: the intent's limit, else the persona's budget."""
    limits = [x for x in (intent.price_limit, persona.budget) if x]
    return min(limits) if limits else None


def misfit(
    intent: Intent,
    persona: Persona,
    page: PageView,
    same_kind: Callable[[str], bool],
    unused: frozenset[str] = frozenset(),
    wished: frozenset[str] = frozenset(),
) -> str | None:
    """Why this product is not what the shopper wants, in their words; None when it fits. `unused`: essential words
    the store never uses for this kind, which cannot be checked; `wished`: words said of or around the product that it
    does use for the kind, which are checked like essential ones."""
    title = page.product_title
    if not same_kind(title):
        return f"this is {title[:60]}, not the {intent.kind} I'm after"
    text = f"{title} {page.product_text}"
    if not intent.shows_enough(text, unused, wished):
        unshown = [*intent.essentials_missing(text, unused), *intent.wishes_missing(text, wished)]
        return f"it's {a_or_an(intent.kind)}, but it doesn't say {' or '.join(unshown[:3])}"
    banned = intent.must_nots_in(title)
    if banned:
        return f"it's {banned[0]}, and I don't want that"
    if not intent.brand_in(text):
        return f"it isn't {intent.brand}"
    price, limit = page.product_price, price_limit(intent, persona)
    if limit and price is not None and price > limit:
        return f"at ${price:.2f} it's over my ${limit:g} budget"
    if Habits(persona).brand_loyal and not any(b.lower() in title.lower() for b in persona.preferred_brands):
        return f"I only buy {', '.join(persona.preferred_brands)}, and this isn't one of them"
    offered = [o for group in page.choice_groups for o in spell_size_letters(group.name, group.options)]
    for group in page.choice_groups:
        _, lacking = intent.choose(group.name, group.options)
        if lacking:
            asked = intent.named_for(group.name, group.options)
            return f"it doesn't come in {' or '.join(asked) or 'the ' + group.name.replace('_', ' ').lower() + ' I asked for'}"
    unsaid = [o for o in intent.options if not _offered_or_said(o, offered, text)]
    if unsaid:
        return f"it doesn't say it comes in {unsaid[0]}"
    return None


def _offered_or_said(option: str, offered: list[str], text: str) -> bool:
    return any(offers(option, value) for value in offered) or names_value(text, option)
