"""Does this product page offer what the shopper asked for? Judged from the page alone:
the kind (the intent's head noun in the title), what describes it, the price against the
budget, a loyal shopper's brands, and the option values the intent names."""

from __future__ import annotations

from shopagent.agent.offline.page import PageView
from shopagent.persona.intent import Intent, named_option
from shopagent.types import Persona

MIN_COVERAGE = 0.5  # share of the intent's describing words the product page must show


def misfit(intent: Intent, persona: Persona, page: PageView) -> str | None:
    """Why this product is not what the shopper wants, in their words; None when it fits."""
    title = page.product_title
    if not intent.kind_in(title):
        return f"this is {title[:60]}, not the {intent.kind} I'm after"
    text = f"{title} {page.obs.region_text(page.product_region or '')}"
    if intent.coverage(text) < MIN_COVERAGE:
        missing = [w for w in intent.describing if w not in text.lower()]
        return f"it's a {intent.kind}, but not {' '.join(missing[:3])} as I asked"
    price = page.product_price
    budget = persona.budget or intent.price_limit
    if budget and price is not None and price > budget:
        return f"at ${price:.2f} it's over my ${budget:g} budget"
    if (
        persona.preferred_brands
        and persona.traits.brand_loyalty >= 0.7
        and not any(b.lower() in title.lower() for b in persona.preferred_brands)
    ):
        return f"I only buy {', '.join(persona.preferred_brands)}, and this isn't one of them"
    for group in page.choice_groups:
        _, lacking = named_option(persona.intent, group.name, group.options)
        if lacking:
            return f"it doesn't come in the {group.name.replace('_', ' ')} I asked for"
    return None
