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
from shopagent.agent.offline.fit import misfit, price_limit
from shopagent.agent.offline.habits import Habits
from shopagent.agent.offline.interview import answer_from_session
from shopagent.agent.offline.kinds import KindMatcher
from shopagent.agent.offline.memory import Memory, Viewed, cards_of
from shopagent.agent.offline.page import Card, ChoiceGroup, PageView
from shopagent.agent.offline.query_model import MODEL_FILE, QueryModel
from shopagent.agent.offline.reactions import (
    Reaction,
    account_wall,
    doubts,
    failing_checkout,
    late_costs,
    long_checkout,
    out_of_stock,
)
from shopagent.agent.policy import PolicyInput
from shopagent.browser.controls import adds_to_cart
from shopagent.errors import BadInput
from shopagent.persona.intent import Intent, a_or_an, load_language_model, names_value, options_named, plural
from shopagent.types import (
    Answer,
    Back,
    Click,
    Decision,
    Element,
    Observation,
    Persona,
    Purchase,
    Question,
    Select,
    Session,
    StepRecord,
    Terminate,
    Type,
)

CATEGORY_SIMILARITY = 0.3  # a category worth browsing when search failed
RANKER_MARKER = "modules.json"  # what a saved sentence-transformers model folder holds
STREETS = ["Elm Street", "Oak Avenue", "Maple Drive", "Cedar Lane", "Pine Road", "Lakeview Court"]


PASSWORD_RE = re.compile(r"password|passcode", re.I)


def _seed_of(*parts: object) -> int:
    return int(hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:12], 16)


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
        self.phone = f"202-555-01{rng.randint(10, 99)}"  # the range set aside for fiction, in a format shops validate
        self.password = f"{first.lower()}-{rng.randint(1000, 9999)}-shop"

    def value_for(self, element: Element) -> tuple[str, str] | None:
        label = f"{element.id.rsplit('.', 1)[-1]} {element.text}".lower()
        if re.search(r"second line|third line|line ?[23]\b|apartment|suite|instruction|note|state|county|company", label):
            return None  # optional extras a shopper leaves empty
        first, last = self.full_name.split(" ", 1)
        for pattern, value, what in (
            (r"first.?name|given", first, "first name"),
            (r"last.?name|surname|family", last, "last name"),
            (r"e-?mail", self.email, "email"),
            (r"zip|postal|postcode", self.zip, "ZIP code"),
            (r"city|town", self.city, "city"),
            (r"street|address", self.street, "street address"),
            (r"phone|tel", self.phone, "phone number"),
            (PASSWORD_RE.pattern, self.password, "new account's password"),
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
        self._kinds: KindMatcher | None = None
        self._sims: dict[tuple[str, str], float] = {}

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "seed": self.seed, "temperature": self.temperature, "model": self.model_dir or "all-MiniLM-L6-v2"}

    async def prepare(self) -> None:
        """Load the models once, before the first session, so no shopper's step pays for it."""
        if self._query_model is None:
            await asyncio.to_thread(self._load_models)

    def _load_models(self) -> None:
        _ = self.query_model, self.embedder
        load_language_model()

    def observation_budget(self, persona: Persona, history: list[StepRecord]) -> int:
        return 0  # it reads the structured elements, not the prompt

    @property
    def query_model(self) -> QueryModel | None:
        """A learned intent-to-query model, where --model DIR holds one (`shopagent train query`)."""
        if self._query_model is None and self.model_dir and (Path(self.model_dir) / MODEL_FILE).exists():
            self._query_model = QueryModel.load(Path(self.model_dir) / MODEL_FILE)
        return self._query_model

    def search_query(self, persona: Persona) -> str:
        """The first search: the kind and the words that make it that kind (the reader's), or a learned model's query."""
        learned = self.query_model
        return learned.query(persona.intent) if learned is not None else Intent.parse(persona.intent).query()

    @property
    def kinds(self) -> KindMatcher:
        if self._kinds is None:
            self._kinds = KindMatcher(self.embedder)
        return self._kinds

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            ranker = self.model_dir if self.model_dir and (Path(self.model_dir) / RANKER_MARKER).exists() else None
            self._embedder = get_embedder(ranker)
        return self._embedder

    async def interview(self, session: Session, questions: list[Question]) -> list[Answer]:
        return answer_from_session(session, questions)

    async def aclose(self) -> None:
        return None

    async def decide(self, inp: PolicyInput) -> Decision:
        page = PageView(inp.observation)
        brands = store_brands([*(s.observation for s in inp.history), inp.observation])
        memory = Memory(inp.persona, inp.history, inp.session_id, self.kinds.matches, brands)
        if page.purchase is not None and (page.form_fields or (page.checkout is None and page.product_region is None)):
            return self._checkout(memory, page)
        in_cart = page.cart_count > 0 or any(self._adds_to_cart(step) for step in inp.history)
        if page.checkout is not None and in_cart and page.add_to_cart is None:
            if costs := late_costs(inp.persona, memory.session, inp.history, page):
                return Decision(rationale=costs.rationale, action=Terminate())
            return Decision(rationale="Everything I need is in the cart, so I'll head to checkout.", action=Click(target=page.checkout.id))
        if in_cart and page.continue_button is not None and page.product_region is None and not page.cards:
            return self._checkout_step(memory, page)
        target = page.view_cart or page.cart_link
        if self._just_added(inp.history) and target is not None:
            return Decision(rationale="It's in my cart now; I'll go to the cart to check out.", action=Click(target=target.id))
        if gone := out_of_stock(page):
            return Decision(rationale=gone.rationale, action=Back())
        if page.is_reviews_page:
            return self._reviews(memory, page)
        if page.product_region is not None:
            return await asyncio.to_thread(self._product, memory, page)
        if page.search_box is not None and not memory.searches:
            query = await asyncio.to_thread(self.search_query, inp.persona)
            return Decision(
                rationale=f"I'm after {a_or_an(memory.intent.kind)}, so I'll search for “{query}” instead of browsing.",
                action=Type(target=page.search_box.id, text=query, submit=True),
            )
        if page.cards:
            rng = random.Random(_seed_of(self.seed, memory.session, inp.persona.intent, len(inp.history)))
            return await asyncio.to_thread(self._results, memory, page, rng)
        if page.variant_links:
            return self._variant(memory, page)
        return self._look_further(memory, page, "This page doesn't show what I'm after")

    def _variant(self, memory: Memory, page: PageView) -> Decision:
        """A product whose variants are separate pages: open the one that names exactly what I asked for."""
        named = options_named(memory.persona.intent)
        exact = [e for e in page.variant_links if all(names_value(e.text, value) for value in named)]
        if not exact:
            wanted = " and ".join(named) or "the one I want"
            return self._look_further(memory, page, f"None of these variants is {wanted}")
        link = exact[0]
        if link.id in memory.clicked:
            # Back on a product whose variant I've seen: open it again once it is the best I've found.
            fits = [v for v in memory.viewed.values() if v.fits]
            searches_left = len(memory.searches) < (self.max_searches or memory.search_limit)
            best = self._chosen(memory) or (self._best(memory, fits) if fits else None)
            if best is not None and best.title == link.text and (len(fits) >= memory.to_compare or not searches_left):
                return Decision(
                    rationale=f"“{link.text}” is still the best I've seen, so I'll open it again.", action=Click(target=link.id)
                )
            return self._look_further(memory, page, f"I've seen the {' and '.join(named) or 'right'} one of these")
        what = f"it names {' and '.join(named)}, as I asked" if named else "I didn't ask for a particular variant"
        return Decision(rationale=f"I'll open “{link.text}”: {what}.", action=Click(target=link.id))

    def _look_further(self, memory: Memory, page: PageView, why: str) -> Decision:
        """Nothing (more) here: search again while patience lasts, else go back to the best product seen."""
        searches_left = len(memory.searches) < (self.max_searches or memory.search_limit)
        fits = [v for v in memory.viewed.values() if v.fits]
        if fits and (self._chosen(memory) is not None or not searches_left):
            best = self._chosen(memory) or self._best(memory, fits)
            if page.search_box is not None and best.title not in memory.searches:
                return Decision(
                    rationale=f"{why}; I'll look up the one I liked best, “{best.title}”.",
                    action=Type(target=page.search_box.id, text=best.title),
                )
            last = memory.history[-1] if memory.history else None
            if last is not None and last.action == Back() and last.observation.url == page.obs.url:
                return Decision(rationale=f"{why}, and I can't find my way back to the one I liked, so I'll leave.", action=Terminate())
            return Decision(rationale=f"{why}; the best one I saw was earlier, so I'll go back to it.", action=Back())
        return self._refine(memory, page, why)

    @staticmethod
    def _adds_to_cart(step: StepRecord) -> bool:
        return adds_to_cart(step)

    @classmethod
    def _just_added(cls, history: list[StepRecord]) -> bool:
        return bool(history) and cls._adds_to_cart(history[-1])

    # ---------------------------------------------------------------- searching

    def _refine(self, memory: Memory, page: PageView, why: str) -> Decision:
        """Search again the way people do: fewer words, down to the kind of thing; then browse a category; then leave."""
        done = memory.searches
        if len(done) >= (self.max_searches or memory.search_limit):
            tried = f"{len(done)} search" + ("es" if len(done) != 1 else "")
            return Decision(rationale=f"{why}, and I've tried {tried}, so I'll leave without buying.", action=Terminate())
        suggested = self._suggestion(memory, page)
        if suggested is not None:
            return Decision(
                rationale=f"{why}; the store suggests “{suggested.text}”, which sounds like it, so I'll try that.",
                action=Click(target=suggested.id),
            )
        query = next((q for q in self._shorter_queries(memory, page) if q not in done), None)
        kind_alone = {" ".join(memory.intent.reading.kind_words), memory.intent.head}
        if not page.cards and (query is None or (done and done[-1] in kind_alone)):
            browse = self._category(memory, page, why)  # the kind's own name found nothing: the store may call it otherwise
            if browse is not None:
                return browse
        fits = [v for v in memory.viewed.values() if v.fits]
        if query is None and fits and page.search_box is not None:
            best = self._best(memory, fits)
            if best.title not in done:
                return Decision(
                    rationale=f"{why}; the best I found was “{best.title}”, so I'll look it up again.",
                    action=Type(target=page.search_box.id, text=best.title),
                )
        if query is not None and page.search_box is not None:
            return Decision(
                rationale=f"{why}, so I'll try a simpler search: “{query}”.", action=Type(target=page.search_box.id, text=query)
            )
        if query is not None and page.back_to_search is not None:
            return Decision(rationale=f"{why}, so I'll go back to the search and try again.", action=Click(target=page.back_to_search.id))
        browse = self._category(memory, page, why)
        if browse is not None:
            return browse
        return Decision(rationale=f"{why}, and the store doesn't seem to sell it, so I'm leaving.", action=Terminate())

    def _category(self, memory: Memory, page: PageView, why: str) -> Decision | None:
        """Look under the store's category closest to the kind, once: by searching its name where there is a search box
        (a filter would keep the query that found nothing), else by its link or its filter and Apply."""
        select = page.category_select
        last = memory.history[-1].action if memory.history else None
        if select is not None and last is not None and last.type == "select" and last.target == select.id:
            apply = page.first(("button",), re.compile(r"apply|filter|go\b", re.I))
            if apply is not None:
                return Decision(rationale=f"Now I'll show only {select.value}.", action=Click(target=apply.id))
        tried = {q.lower() for q in memory.searches}
        links = [(c.text, c) for c in page.category_links if c.id not in memory.clicked]
        options = [(o, select) for o in page.category_options if select is not None and select.id not in memory.clicked]
        choices = [(text, e) for text, e in links + options if text.lower() not in tried]
        if not choices:
            return None
        sims = self.embedder.similarity(" ".join(memory.intent.reading.kind_words), [text for text, _ in choices])
        best = int(sims.argmax())
        if float(sims[best]) < CATEGORY_SIMILARITY:
            return None
        text, element = choices[best]
        rationale = f"{why}; the store may file it under {text}, so I'll look there."
        if page.search_box is not None:
            return Decision(rationale=rationale, action=Type(target=page.search_box.id, text=text))
        if element.kind == "select":
            return Decision(rationale=rationale, action=Select(target=element.id, value=text))
        return Decision(rationale=rationale, action=Click(target=element.id))

    def _suggestion(self, memory: Memory, page: PageView) -> Element | None:
        """The store's suggestion closest to the intent, if it names the kind of thing wanted."""
        offered = [e for e in page.suggestions if e.id not in memory.clicked and memory.is_kind(e.text)]
        if not offered:
            return None
        sims = self._similarities(self._wanted(memory.intent), [e.text for e in offered])
        return max(zip(offered, sims), key=lambda t: t[1])[0]

    def _shorter_queries(self, memory: Memory, page: PageView) -> list[str]:
        """What to search next, as people refine: the store's own name for the kind where a result showed one
        ("sofa" for "couch"), then fewer describing words, nearest the kind kept longest, then the kind alone.
        The kind's words stay in every query; options, prices and purposes never enter one."""
        intent = memory.intent
        kind_words = intent.reading.kind_words
        essential = intent.reading.essential
        cards = [] if memory.store_says_the_kind else page.cards
        store_names = [n for c in cards if (n := self.kinds.store_name(intent, c.title))]
        renamed = [" ".join(dict.fromkeys([*essential[-1:], *name.split()])) for name in store_names[:1]] + store_names[:1]
        brand = [intent.brand.lower()] if intent.brand else []
        fewer = [" ".join(dict.fromkeys([*brand, *essential[-n:], *kind_words])) for n in range(len(essential) - 1, -1, -1)]
        return [q for q in dict.fromkeys([*renamed, *fewer, " ".join(kind_words), intent.head]) if q]

    # ---------------------------------------------------------------- results

    def _results(self, memory: Memory, page: PageView, rng: random.Random) -> Decision:
        persona, intent = memory.persona, memory.intent
        chosen = self._chosen(memory)
        if chosen is not None:
            card = next((c for c in page.cards if c.title == chosen.title), None)
            if card is not None:
                return Decision(rationale=self._choice_reason(memory, chosen), action=Click(target=card.link.id))
        narrowed = self._brand_filter(memory, page) or self._sort_first(memory, page)
        if narrowed is not None:
            return narrowed
        if memory.opened_since_search >= memory.open_limit:
            return self._look_further(
                memory, page, f"I've opened {memory.opened_since_search} {plural(intent.kind)} from this search and none is right"
            )
        budget = price_limit(intent, persona)
        kinds = [c for c in page.cards if memory.is_kind(c.title)]
        fitting = [c for c in kinds if c.link.id not in memory.clicked and _brand_ok(persona, intent, c.title)]
        lacking = memory.missing_on_pages
        if lacking and fitting:
            fitting = [c for c in fitting if not intent.essentials_missing(c.title, frozenset(intent.essential) - lacking)]
            if not fitting:
                said = " or ".join(sorted(lacking))
                return self._look_further(memory, page, f"None of the {plural(intent.kind)} here says {said}")
        affordable = [c for c in fitting if budget is None or c.price is None or c.price <= budget]
        if not affordable:
            return self._look_further(memory, page, self._none_here(memory, page, kinds, fitting, budget))
        sims = self._similarities(self._wanted(intent), [c.title for c in affordable])
        ranked = sorted(zip((self._score(persona, intent, c, s) for c, s in zip(affordable, sims)), affordable), key=lambda t: -t[0])
        choice = ranked[0]
        if self.temperature > 0 and len(ranked) > 1:
            top = ranked[:4]
            choice = rng.choices(top, weights=[math.exp((sc - top[0][0]) / self.temperature) for sc, _ in top], k=1)[0]
        card = choice[1]
        return Decision(rationale=self._open_reason(memory, card, kinds), action=Click(target=card.link.id))

    @staticmethod
    def _wanted(intent: Intent) -> str:
        """What the shopper compares titles with: the product phrase and its describing words, not the chatter around it."""
        return " ".join(
            dict.fromkeys([*(intent.brand.lower().split() if intent.brand else []), *intent.describing, *intent.reading.kind_words])
        )

    @staticmethod
    def _none_here(memory: Memory, page: PageView, kinds: list[Card], fitting: list[Card], budget: float | None) -> str:
        """Why no card is worth opening, naming only what the cards show: the kind, a brand, a price."""
        intent = memory.intent
        if fitting and budget:
            return f"Every {intent.kind} here costs more than my ${budget:g} budget"
        if kinds and intent.brand and not fitting:
            return f"None of the {plural(intent.kind)} here is {intent.brand}"
        if kinds:
            return f"I've already looked at the {plural(intent.kind)} here"
        return f"None of these is {a_or_an(intent.kind)}"

    def _brand_filter(self, memory: Memory, page: PageView) -> Decision | None:
        """A brand-loyal shopper narrows the results to their brand, where the page has a brand filter."""
        persona = memory.persona
        if not memory.habits.brand_loyal:
            return None
        select = page.select_named(r"brand")
        if select is None:
            return None
        wanted = next((o for o in select.options or [] for b in persona.preferred_brands if o.lower().startswith(b.lower())), None)
        if wanted is None:
            return None
        if (select.value or "") != wanted and select.id not in memory.clicked:
            return Decision(
                rationale=f"I stick to {wanted.split(' (')[0]}, so I'll show only that brand.",
                action=Select(target=select.id, value=wanted),
            )
        last = memory.history[-1].action if memory.history else None
        apply = page.first(("button",), re.compile(r"apply|filter", re.I))
        if last == Select(target=select.id, value=wanted) and apply is not None:
            return Decision(rationale="Now I'll apply the brand filter.", action=Click(target=apply.id))
        return None

    def _sort_first(self, memory: Memory, page: PageView) -> Decision | None:
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

    def _open_reason(self, memory: Memory, card: Card, kinds: list[Card]) -> str:
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

    def _similarities(self, intent: str, titles: list[str]) -> list[float]:
        missing = [t for t in titles if (intent, t) not in self._sims]
        if missing:
            for title, sim in zip(missing, self.embedder.similarity(intent, missing)):
                self._sims[(intent, title)] = float(sim)
        return [self._sims[(intent, t)] for t in titles]

    @staticmethod
    def _score(persona: Persona, intent: Intent, card: Card, sim: float) -> float:
        """A card's promise: its closeness to what was asked, and the essential words its title shows."""
        return _value(
            persona, sim + 0.3 * intent.coverage(card.title) + 0.2 * intent.wishes_shown(card.title), card.price, card.rating, card.title
        )

    # ---------------------------------------------------------------- comparing and choosing

    def _chosen(self, memory: Memory) -> Viewed | None:
        """The best of the products that fit, once the shopper has seen enough of them, or has
        stopped looking for more (no searches left, or a search for the one they liked)."""
        fits = [v for v in memory.viewed.values() if v.fits]
        if not fits:
            return None
        done_looking = len(memory.searches) >= (self.max_searches or memory.search_limit) or any(v.title in memory.searches for v in fits)
        return self._best(memory, fits) if len(fits) >= memory.to_compare or done_looking else None

    def _best(self, memory: Memory, products: list[Viewed]) -> Viewed:
        intent = memory.intent
        sims = self._similarities(self._wanted(intent), [v.title for v in products])
        scores = [
            _value(memory.persona, sim + 0.3 * intent.wishes_shown(v.page_text), v.price, v.rating, v.title)
            for v, sim in zip(products, sims)
        ]
        return products[max(range(len(products)), key=scores.__getitem__)]

    def _choice_reason(self, memory: Memory, best: Viewed) -> str:
        """Why this one, naming only what the pages showed: the lowest price or the best rating where it was."""
        fits = [v for v in memory.viewed.values() if v.fits]
        if len(fits) == 1:
            return f"“{best.title}” is the one that fits, so I'll go back to it."
        prices = [v.price for v in fits if v.price is not None]
        ratings = [v.rating for v in fits if v.rating is not None]
        if memory.habits.chooses_on_price and best.price is not None and best.price <= min(prices):
            return f"Of the {len(fits)} I compared, “{best.title}” is the cheapest at ${best.price:.2f}, so I'll go back to it."
        if memory.habits.chooses_on_rating and best.rating is not None and best.rating >= max(ratings):
            return f"Of the {len(fits)} I compared, “{best.title}” has the best rating ({best.rating:.1f}), so I'll go back to it."
        return f"Of the {len(fits)} I compared, “{best.title}” is closest to what I asked for, so I'll go back to it."

    def _product(self, memory: Memory, page: PageView) -> Decision:
        why_not = misfit(memory.intent, memory.persona, page, memory.is_kind, memory.unused_words)
        if why_not is not None:
            return Decision(rationale=f"{why_not[0].upper()}{why_not[1:]}, so I'll go back.", action=Back())
        if doubt := doubts(memory.persona, memory.session, page):
            return self._doubted(memory, doubt)
        url = page.obs.url.split("?")[0]
        wants_reviews = memory.habits.reads_reviews and page.reviews_link is not None
        if wants_reviews and url not in memory.reviews_read and page.reviews_link is not None:
            return Decision(rationale="Before I decide I want to read what other buyers say.", action=Click(target=page.reviews_link.id))
        current = memory.judge(page)
        others = [v for v in memory.viewed.values() if v.fits and v.url != url]
        first_visit = memory.arrivals(url, page.obs.url) == 1
        if first_visit and len(others) + 1 < memory.to_compare:
            return Decision(rationale="This one would do, but I'll compare it with another before deciding.", action=Back())
        best = self._best(memory, [*others, current])
        if best.url != url:
            return Decision(rationale=f"“{best.title}” suited me better, so I'll go back for it.", action=Back())
        return self._take(memory, page)

    def _take(self, memory: Memory, page: PageView) -> Decision:
        for group in page.choice_groups:
            named, _ = memory.intent.choose(group.name, group.options)
            if group.options and (group.chosen is None or (named is not None and group.chosen != named)):
                return self._choose(memory.intent, group)
        if page.add_to_cart is None and page.buy_now is not None:
            return Decision(
                rationale=f"This {memory.intent.kind} is what I asked for, so I'll buy it now.", action=Purchase(target=page.buy_now.id)
            )
        if page.add_to_cart is None:
            return Decision(rationale="I can't add this to my cart, so I'll go back.", action=Back())
        price = f" at ${page.product_price:.2f}" if page.product_price is not None else ""
        return Decision(
            rationale=f"This {memory.intent.kind}{price} is what I asked for, so I'll add it to my cart.",
            action=Click(target=page.add_to_cart.id),
        )

    def _choose(self, intent: Intent, group: ChoiceGroup) -> Decision:
        named, _ = intent.choose(group.name, group.options)
        what = group.name.replace("_", " ").lower()
        if named is not None:
            option, rationale = named, f"I asked for {named}, so I'll pick that {what}."
        else:
            option, rationale = group.options[0], f"I didn't ask for a particular {what}, so {group.options[0]} will do."
        if group.is_select:
            return Decision(rationale=rationale, action=Select(target=group.elements[0].id, value=option))
        return Decision(rationale=rationale, action=Click(target=group.elements[group.options.index(option)].id))

    def _reviews(self, memory: Memory, page: PageView) -> Decision:
        """A careful shopper sorts to the worst reviews first, reads, and goes back to the product."""
        sorter = page.sort_select
        worst = page.sort_option(re.compile(r"lowest|critical|worst", re.I))
        if memory.habits.reads_worst_reviews_first and sorter is not None and worst and (sorter.value or "") != worst:
            return Decision(rationale="I want to see the worst reviews first.", action=Select(target=sorter.id, value=worst))
        # The browser's back, not the page's "back to product" link: the way back to the results stays as it was.
        return Decision(rationale="I've read the reviews; I'll go back to the product and decide.", action=Back())

    @staticmethod
    def _doubted(memory: Memory, doubt: Reaction) -> Decision:
        """A product turned down for its rating or reviews; a store that has shown no ratings anywhere is left."""
        rated = any(c.rating is not None for s in memory.history for c in cards_of(s.observation))
        if doubt.name == "no_reviews" and not rated:
            return Decision(
                rationale="Nothing I've seen in this store shows a rating or reviews, and I go by what other buyers say, "
                "so I'll leave without buying.",
                action=Terminate(),
            )
        return Decision(rationale=doubt.rationale, action=Back())

    # ---------------------------------------------------------------- checkout

    @staticmethod
    def _leaves_checkout(memory: Memory, page: PageView) -> Decision | None:
        """What a checkout page shows that makes a shopper leave: costs the product page didn't show, a long form, a forced account."""
        persona, session, history = memory.persona, memory.session, memory.history
        reaction = late_costs(persona, session, history, page) or long_checkout(persona, session, history, page)
        reaction = reaction or account_wall(persona, session, page)
        return Decision(rationale=reaction.rationale, action=Terminate()) if reaction else None

    def _checkout_step(self, memory: Memory, page: PageView) -> Decision:
        """One step of a checkout spread over several pages: fill what it asks, then continue."""
        details = ShippingDetails(memory.persona)
        if leave := self._leaves_checkout(memory, page):
            return leave
        for element in page.form_fields:
            wanted = details.value_for(element)
            if wanted and (element.value or "") != wanted[0]:
                value, what = wanted
                return Decision(
                    rationale=f"The checkout asks for my {what}, so I'll fill it in.",
                    action=Type(target=element.id, text=value, submit=False),
                )
        assert page.continue_button is not None
        same = sum(1 for s in memory.history if s.observation.url == page.obs.url and s.action == Click(target=page.continue_button.id))
        if same >= 2:
            return Decision(rationale=failing_checkout(page, same).rationale, action=Terminate())
        return Decision(rationale="That's this step of the checkout done, so I'll continue.", action=Click(target=page.continue_button.id))

    def _checkout(self, memory: Memory, page: PageView) -> Decision:
        persona = memory.persona
        details = ShippingDetails(persona)
        budget = persona.budget  # the whole order's; the intent's limit was the item's, checked on its page
        total = page.order_total
        if budget and total is not None and total > budget:
            fee = f" with ${page.shipping_fee:.2f} shipping" if page.shipping_fee else ""
            return Decision(
                rationale=f"The order comes to ${total:.2f}{fee}, over my ${budget:g} budget, so I'll leave it in the cart.",
                action=Terminate(),
            )
        if leave := self._leaves_checkout(memory, page):
            return leave
        tries = sum(1 for s in memory.history if s.action is not None and s.action.type == "purchase")
        if tries >= 2:
            return Decision(rationale=failing_checkout(page, tries).rationale, action=Terminate())
        for element in page.form_fields:
            wanted = details.value_for(element)
            if wanted and (element.value or "") != wanted[0]:
                value, what = wanted
                return Decision(
                    rationale=f"The checkout needs my {what}, so I'll fill it in.", action=Type(target=element.id, text=value, submit=False)
                )
        assert page.purchase is not None
        total_text = f" (${total:.2f} in all)" if total is not None else ""
        return Decision(
            rationale=f"My details are in and the total{total_text} is fine, so I'll place the order.",
            action=Purchase(target=page.purchase.id),
        )


def store_brands(observations: list[Observation]) -> tuple[str, ...]:
    """The brands a store's filters list ("Hydro Flask (12)"), so that a brand named in an intent is known as one."""
    filters = [PageView(obs).select_named(r"brand") for obs in observations]
    found = {re.sub(r"\s*\(\d+\)$", "", option).strip() for select in filters if select for option in select.options or []}
    return tuple(sorted(b for b in found if b and not re.match(r"(all|any)\b", b, re.I)))


def _brand_ok(persona: Persona, intent: Intent, title: str) -> bool:
    """A card shows the brand the intent names; a loyal shopper (brand_loyalty >= 0.7) passes over other brands."""
    if not intent.brand_in(title):
        return False
    if not Habits(persona).brand_loyal:
        return True
    return any(b.lower() in title.lower() for b in persona.preferred_brands)


def _value(persona: Persona, sim: float, price: float | None, rating: float | None, title: str) -> float:
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
