"""The default policy: shops sensibly with no network and no API key.

It decides from (persona, history, observation) alone, so it also serves replay, where the history is a human's.
`decide` reads which stage the page is at and hands it to that stage's module:
- searching.py: the first search, shorter ones, a suggestion or a category, variants that are pages of their own;
- results.py: narrowing and opening cards, judged from what cards show;
- product.py: fit, reviews, comparing, options and the cart button;
- checkout.py: cart, forms and placing the order, or leaving for what the checkout shows.
What the shopper remembers is read back from the history (memory.py), its traits' habits are in habits.py,
comparing and choosing in choosing.py, and its models in models.py.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from shopagent.agent.offline import checkout
from shopagent.agent.offline.choosing import Chooser
from shopagent.agent.offline.draws import seeded
from shopagent.agent.offline.interview import answer_from_session
from shopagent.agent.offline.memory import Memory
from shopagent.agent.offline.missions import draw_mission
from shopagent.agent.offline.models import Models
from shopagent.agent.offline.page import PageView
from shopagent.agent.offline.product import ProductPage, reviews
from shopagent.agent.offline.reactions import out_of_stock
from shopagent.agent.offline.results import Results
from shopagent.agent.offline.searching import Searching
from shopagent.agent.policy import PolicyInput
from shopagent.browser.controls import adds_to_cart
from shopagent.types import Answer, Back, Click, Decision, Observation, Persona, Question, Session, StepRecord


class OfflinePolicy:
    name = "offline"

    def __init__(
        self, seed: int = 0, temperature: float = 0.0, model_dir: str | None = None, max_searches: int | None = None, missions: bool = False
    ) -> None:
        self.seed = seed
        self.missions = missions  # draw a mission per session (missions.py); without, every shopper came to buy
        self.temperature = temperature
        self.model_dir = model_dir
        self.max_searches = max_searches
        self.models = Models(model_dir)
        self.chooser = Chooser(self.models)
        self.searching = Searching(self.models, self.chooser)
        self.results = Results(self.models, self.chooser, self.searching, temperature)
        self.product = ProductPage(self.chooser)

    def describe(self) -> dict[str, Any]:
        described = {"name": self.name, "seed": self.seed, "temperature": self.temperature, "model": self.model_dir or "all-MiniLM-L6-v2"}
        return described | ({"missions": True} if self.missions else {})

    def mission_of(self, persona: Persona, session_id: str) -> str | None:
        """This session's mission, for the session header (the same draw the shopper's memory makes)."""
        return draw_mission(persona, session_id).value if self.missions else None

    async def prepare(self) -> None:
        """Load the models once, before the first session, so no shopper's step pays for it."""
        if not self.models.loaded:
            await asyncio.to_thread(self.models.load)

    def observation_budget(self, persona: Persona, history: list[StepRecord]) -> int:
        return 0  # it reads the structured elements, not the prompt

    def search_query(self, persona: Persona) -> str:
        return self.searching.query(persona.intent)

    async def interview(self, session: Session, questions: list[Question]) -> list[Answer]:
        return answer_from_session(session, questions)

    async def aclose(self) -> None:
        return None

    async def decide(self, inp: PolicyInput) -> Decision:
        page = PageView(inp.observation)
        brands = store_brands([*(s.observation for s in inp.history), inp.observation])
        memory = Memory(inp.persona, inp.history, inp.session_id, self.models.kinds.matches, brands, self.max_searches, self.missions)
        at_checkout = page.purchase is not None and (page.form_fields or (page.checkout is None and page.product_region is None))
        if at_checkout or page.is_order_form:
            return checkout.checkout(memory, page)
        in_cart = page.cart_count > 0 or any(adds_to_cart(step) for step in inp.history)
        if page.checkout is not None and in_cart and page.add_to_cart is None:
            return checkout.to_checkout(memory, page)
        if in_cart and page.continue_button is not None and page.product_region is None and not page.cards:
            return checkout.checkout_step(memory, page)
        target = page.view_cart or page.cart_link
        if inp.history and adds_to_cart(inp.history[-1]) and target is not None:
            return Decision(rationale="It's in my cart now; I'll go to the cart to check out.", action=Click(target=target.id))
        if gone := out_of_stock(page):
            return Decision(rationale=gone.rationale, action=Back())
        if page.is_reviews_page:
            return reviews(memory, page)
        if page.product_region is not None:
            return await asyncio.to_thread(self.product.decide, memory, page)
        if page.search_box is not None and not memory.searches:
            return await asyncio.to_thread(self.searching.first, memory, page.search_box)
        if page.cards:
            rng = seeded(self.seed, memory.session, inp.persona.intent, len(inp.history))
            return await asyncio.to_thread(self.results.decide, memory, page, rng)
        if page.variant_links:
            return self.searching.variant(memory, page)
        return self.searching.look_further(memory, page, "This page doesn't show what I'm after")


def store_brands(observations: list[Observation]) -> tuple[str, ...]:
    """The brands a store's filters list ("Hydro Flask (12)"), so that a brand named in an intent is known as one."""
    filters = [PageView(obs).select_named(r"brand") for obs in observations]
    found = {re.sub(r"\s*\(\d+\)$", "", option).strip() for select in filters if select for option in select.options or []}
    return tuple(sorted(b for b in found if b and not re.match(r"(all|any)\b", b, re.I)))
