"""The default policy: shops sensibly with no network and no API key.

It reads the page (agent/page.py), searches the way people do (agent/query_model.py, learned from real queries),
ranks results against the intent with MiniLM embeddings, respects the budget,
picks the options the intent names, and goes through cart and checkout with the
persona's details. It decides from (persona, history, observation) alone, so it
also serves replay, where the history is a human's.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import random
import re
from pathlib import Path
from typing import Any

from shopagent.agent.offline.embeddings import Embedder, get_embedder
from shopagent.agent.offline.page import Card, ChoiceGroup, PageView
from shopagent.agent.offline.query_model import MODEL_FILE, QueryModel, default_query_model
from shopagent.agent.policy import PolicyInput
from shopagent.errors import BadInput
from shopagent.types import Back, Click, Decision, Element, Persona, Purchase, Select, StepRecord, Terminate, Type

MIN_SIMILARITY = 0.35
RANKER_MARKER = "modules.json"  # what a saved sentence-transformers model folder holds
STREETS = ["Elm Street", "Oak Avenue", "Maple Drive", "Cedar Lane", "Pine Road", "Lakeview Court"]


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "", text.lower())


def _seed_of(*parts: object) -> int:
    return int(hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:12], 16)


def option_score(option: str, intent: str) -> float:
    """How strongly the intent names this option: whole value > all words > some words."""
    opt, said = _compact(option), _compact(intent)
    if not opt:
        return 0.0
    if re.search(rf"(?<![a-z0-9.]){re.escape(option.lower())}(?![a-z0-9])", intent.lower()):
        return 3.0
    if len(opt) > 2 and opt in said:
        return 2.0
    words = [w for w in re.findall(r"[a-z0-9.]+", option.lower()) if len(w) > 1 or w.isdigit()]
    hits = sum(1 for w in words if re.search(rf"(?<![a-z0-9.]){re.escape(w)}(?![a-z0-9])", intent.lower()))
    return hits / max(1, len(words))


class ShippingDetails:
    """Deterministic, obviously fake shipping details for a persona."""

    def __init__(self, persona: Persona) -> None:
        rng = random.Random(_seed_of(persona.name, persona.intent))
        first = persona.name.split()[0] if persona.name and persona.name != "Shopper" else "Alex"
        last = (
            persona.name.split()[-1]
            if persona.name and len(persona.name.split()) > 1
            else rng.choice(["Rivera", "Nguyen", "Smith", "Okafor", "Kim"])
        )
        self.full_name = f"{first} {last}"
        self.street = f"{rng.randint(10, 9999)} {rng.choice(STREETS)}"
        self.city = persona.location or rng.choice(["Columbus", "Austin", "Portland", "Denver"])
        self.zip = f"{rng.randint(10000, 99999)}"
        self.email = f"{first.lower()}.{last.lower()}@example.com"
        self.phone = f"555-01{rng.randint(10, 99)}"

    def value_for(self, element: Element) -> tuple[str, str] | None:
        label = f"{element.id.rsplit('.', 1)[-1]} {element.text}".lower()
        for pattern, value, what in (
            (r"e-?mail", self.email, "email"),
            (r"zip|postal|postcode", self.zip, "ZIP code"),
            (r"city|town", self.city, "city"),
            (r"street|address", self.street, "street address"),
            (r"phone|tel", self.phone, "phone number"),
            (r"name", self.full_name, "name"),
        ):
            if re.search(pattern, label):
                return value, what
        return None


class OfflinePolicy:
    name = "offline"

    def __init__(self, seed: int = 0, temperature: float = 0.0, model_dir: str | None = None, max_searches: int | None = None) -> None:
        self.seed = seed
        self.temperature = temperature
        self.model_dir = model_dir
        if model_dir and not any((Path(model_dir) / f).exists() for f in (RANKER_MARKER, MODEL_FILE)):
            raise BadInput(
                f"--model {model_dir}: no ranker ({RANKER_MARKER}) or query model ({MODEL_FILE}) there; "
                "write them with `shopagent train ranker|query --out DIR`"
            )
        self.max_searches = max_searches
        self._embedder: Embedder | None = None
        self._query_model: QueryModel | None = None

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "seed": self.seed, "temperature": self.temperature, "model": self.model_dir or "all-MiniLM-L6-v2"}

    async def prepare(self) -> None:
        return None

    def observation_budget(self, persona: Persona, history: list[StepRecord]) -> int:
        return 0  # it reads the structured elements, not the prompt

    @property
    def query_model(self) -> QueryModel:
        """The learned intent-to-query model: from --model DIR if it holds one, else trained on WebShop's train split."""
        if self._query_model is None:
            mine = Path(self.model_dir) / MODEL_FILE if self.model_dir else None
            self._query_model = QueryModel.load(mine) if mine and mine.exists() else default_query_model()
        return self._query_model

    def search_query(self, persona: Persona) -> str:
        return self.query_model.query(persona.intent)

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            ranker = self.model_dir if self.model_dir and (Path(self.model_dir) / RANKER_MARKER).exists() else None
            self._embedder = get_embedder(ranker)
        return self._embedder

    async def aclose(self) -> None:
        return None

    async def decide(self, inp: PolicyInput) -> Decision:
        page = PageView(inp.observation)
        persona = inp.persona
        history = inp.history
        rng = random.Random(_seed_of(self.seed, persona.intent, len(history)))

        if page.purchase is not None and (page.form_fields or (page.checkout is None and page.product_region is None)):
            return self._checkout(persona, history, page)
        if page.checkout is not None and page.cart_count > 0 and page.add_to_cart is None:
            return Decision(rationale="Everything I need is in the cart, so I'll head to checkout.", action=Click(target=page.checkout.id))
        target = page.view_cart or page.cart_link
        if self._just_added(history) and target is not None:
            return Decision(rationale="It's in my cart now; I'll go to the cart to check out.", action=Click(target=target.id))
        if page.product_region is not None:
            return await asyncio.to_thread(self._product, persona, history, page)
        searches = self._searches(history)
        if page.search_box is not None and not searches:
            query = await asyncio.to_thread(self.search_query, persona)
            return Decision(
                rationale=f"I know what I want, so I'll search for “{query}” instead of browsing.",
                action=Type(target=page.search_box.id, text=query, submit=True),
            )
        if page.cards:
            return await asyncio.to_thread(self._results, persona, history, page, rng)
        if (page.search_box or page.back_to_search) and searches and len(searches) < self._search_limit(persona):
            return self._refine(persona, history, page, "This page doesn't show what I'm after")
        return Decision(rationale="I can't find what I came for here, so I'm leaving.", action=Terminate())

    # ---------------------------------------------------------------- helpers over history

    @staticmethod
    def _searches(history: list[StepRecord]) -> list[str]:
        return [s.action.text for s in history if s.action is not None and s.action.type == "type" and "search" in s.action.target]

    @staticmethod
    def _visited(history: list[StepRecord]) -> set[str]:
        return {s.action.target for s in history if s.action is not None and s.action.type == "click"}

    @staticmethod
    def _just_added(history: list[StepRecord]) -> bool:
        last = history[-1] if history else None
        return bool(
            last
            and last.action
            and last.action.type == "click"
            and re.search(r"add_to_(cart|bag|basket)", last.action.target)
            and last.result.ok
        )

    def _search_limit(self, persona: Persona) -> int:
        return self.max_searches or 1 + round(2 * persona.traits.patience)

    # ---------------------------------------------------------------- page kinds

    def _refine(self, persona: Persona, history: list[StepRecord], page: PageView, why: str) -> Decision:
        done = self._searches(history)
        words = self.search_query(persona).split()
        # Each refinement drops the least essential words from the end: people shorten queries.
        keep = max(2, len(words) - 2 * len(done))
        query = " ".join(words[:keep])
        if query in done:
            query = " ".join(words[-3:]) if len(words) > 3 else words[-1]
        if query in done or (page.search_box is None and page.back_to_search is None):
            return Decision(rationale=f"{why}, and I've already tried the searches I can think of, so I'll leave.", action=Terminate())
        if page.search_box is None and page.back_to_search is not None:
            return Decision(
                rationale=f"{why}, so I'll go back to the search and try “{query}”.", action=Click(target=page.back_to_search.id)
            )
        assert page.search_box is not None  # checked above: a search box, or a way back to one
        return Decision(
            rationale=f"{why}, so I'll try a simpler search: “{query}”.", action=Type(target=page.search_box.id, text=query, submit=True)
        )

    def _results(self, persona: Persona, history: list[StepRecord], page: PageView, rng: random.Random) -> Decision:
        visited = self._visited(history)
        cards = [c for c in page.cards if c.link.id not in visited]
        budget = persona.budget
        affordable = [c for c in cards if budget is None or c.price is None or c.price <= budget]
        if not affordable:
            why = f"Nothing here fits my ${budget:g} budget" if cards and budget else "None of these are what I want"
            if len(self._searches(history)) < self._search_limit(persona):
                return self._refine(persona, history, page, why)
            return Decision(rationale=f"{why}, so I'm leaving without buying.", action=Terminate())
        sims = self.embedder.similarity(persona.intent, [c.title for c in affordable])
        scores = [self._score(persona, card, float(sim), page) for card, sim in zip(affordable, sims)]
        ranked = sorted(zip(scores, sims, affordable), key=lambda t: -t[0])
        if float(ranked[0][1]) < MIN_SIMILARITY:
            if len(self._searches(history)) < self._search_limit(persona):
                return self._refine(persona, history, page, "These results don't match what I described")
            return Decision(rationale="Nothing here looks like what I need, so I'll stop looking.", action=Terminate())
        choice = ranked[0]
        if self.temperature > 0 and len(ranked) > 1:
            top = ranked[:4]
            weights = [math.exp((s - top[0][0]) / self.temperature) for s, _, _ in top]
            choice = rng.choices(top, weights=weights, k=1)[0]
        _, _sim, card = choice
        price = f" at ${card.price:.2f}" if card.price is not None else ""
        reason = "closest to what I want" if persona.traits.price_sensitivity < 0.6 else "a good match and within my budget"
        if persona.budget and card.price is not None and persona.traits.price_sensitivity >= 0.6:
            within = "well within" if card.price < 0.7 * persona.budget else "within"
            reason = f"a good match and {within} my ${persona.budget:g} budget"
        return Decision(rationale=f"“{card.title}”{price} looks {reason}, so I'll open it.", action=Click(target=card.link.id))

    @staticmethod
    def _score(persona: Persona, card: Card, sim: float, page: PageView) -> float:
        t = persona.traits
        score = sim
        if card.rating is not None:
            score += 0.05 * t.review_reliance * (card.rating - 4.0)
        if persona.budget and card.price is not None:
            score -= 0.1 * t.price_sensitivity * (card.price / persona.budget)
        if persona.preferred_brands and any(b.lower() in card.title.lower() for b in persona.preferred_brands):
            score += 0.3 * max(t.brand_loyalty, 0.2)
        return score

    def _product(self, persona: Persona, history: list[StepRecord], page: PageView) -> Decision:
        price = page.product_price
        if persona.budget and price is not None and price > persona.budget:
            return Decision(
                rationale=f"At ${price:.2f} this is over my ${persona.budget:g} budget, so I'll go back to the results.", action=Back()
            )
        if (
            persona.preferred_brands
            and persona.traits.brand_loyalty >= 0.7
            and not any(b.lower() in page.product_title.lower() for b in persona.preferred_brands)
        ):
            return Decision(
                rationale=f"I only buy {', '.join(persona.preferred_brands)}, and this isn't one of them, so back I go.", action=Back()
            )
        for group in page.choice_groups:
            if group.chosen is None and group.options:
                return self._choose(persona, group)
        if page.add_to_cart is None and page.buy_now is not None:
            return Decision(
                rationale=f"This {page.product_title[:60]} has what I asked for, so I'll buy it now.",
                action=Purchase(target=page.buy_now.id),
            )
        if page.add_to_cart is None:
            return Decision(rationale="I can't add this to my cart, so I'll go back.", action=Back())
        return Decision(
            rationale=f"This {page.product_title[:60]} has what I asked for, so I'll add it to my cart.",
            action=Click(target=page.add_to_cart.id),
        )

    def _choose(self, persona: Persona, group: ChoiceGroup) -> Decision:
        scored = sorted(((option_score(o, persona.intent), i, o) for i, o in enumerate(group.options)), key=lambda t: (-t[0], t[1]))
        score, index, option = scored[0]
        if score >= 1:
            rationale = f"I asked for {option.lower()}, so I'll pick that {group.name.replace('_', ' ')}."
        else:
            rationale = f"I didn't have a {group.name.replace('_', ' ')} in mind, so {option} will do."
        if group.is_select:
            return Decision(rationale=rationale, action=Select(target=group.elements[0].id, value=option))
        return Decision(rationale=rationale, action=Click(target=group.elements[index].id))

    def _checkout(self, persona: Persona, history: list[StepRecord], page: PageView) -> Decision:
        details = ShippingDetails(persona)
        tries = sum(1 for s in history if s.action is not None and s.action.type == "purchase")
        if tries >= 2:
            return Decision(rationale="The checkout keeps rejecting my details, so I'm giving up.", action=Terminate())
        for element in page.form_fields:
            wanted = details.value_for(element)
            if wanted and (element.value or "") != wanted[0]:
                value, what = wanted
                return Decision(
                    rationale=f"The checkout needs my {what}, so I'll fill it in.", action=Type(target=element.id, text=value, submit=False)
                )
        assert page.purchase is not None
        return Decision(
            rationale="My details are in and the total looks right, so I'll place the order.", action=Purchase(target=page.purchase.id)
        )
