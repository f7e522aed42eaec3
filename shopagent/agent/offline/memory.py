"""What a shopper remembers of this session, read back from its history: the products
they opened (and what those pages showed), the searches they tried, the reviews they read.

The policy keeps no state between steps; everything comes from (persona, history), so a
replayed human history works the same way as the shopper's own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from shopagent.agent.offline.draws import seeded
from shopagent.agent.offline.fit import misfit
from shopagent.agent.offline.habits import Habits
from shopagent.agent.offline.missions import Mission, compares, draw_mission, searches
from shopagent.agent.offline.page import Card, PageView
from shopagent.agent.offline.reactions import doubts
from shopagent.browser.controls import is_search
from shopagent.persona.intent import Intent
from shopagent.types import Click, Observation, Persona, Select, StepRecord, Type

_CARDS: dict[int, tuple[Observation, list[Card]]] = {}


def cards_of(observation: Observation) -> list[Card]:
    """An observation's result cards, read once: a history is read again at every step."""
    key = id(observation)
    hit = _CARDS.get(key)
    if hit is None or hit[0] is not observation:
        if len(_CARDS) > 20_000:
            _CARDS.clear()
        hit = _CARDS[key] = (observation, PageView(observation).cards)
    return hit[1]


TITLES_TO_JUDGE_WORDS = 4  # products of the kind seen before a describing word no title uses stops counting against one


@dataclass
class Viewed:
    """A product page the shopper opened, as it looked."""

    url: str
    title: str
    price: float | None
    rating: float | None
    reviews: int
    fits: bool  # the kind asked for, in budget, offered the way it was asked, not doubted for its rating or reviews
    page_text: str = ""


@dataclass
class Memory:
    persona: Persona
    history: list[StepRecord]
    session: str = ""
    same_kind: Callable[[Intent, str], bool] = lambda intent, title: intent.kind_in(title)
    brands: tuple[str, ...] = ()  # the store's brands, as its filters list them: so a brand the intent names is known
    max_searches: int | None = None  # a cap set on the policy (`OfflinePolicy(max_searches=...)`), over the habit's
    missions: bool = False  # the policy draws a mission per session (`OfflinePolicy(missions=True)`, missions.py)
    intent: Intent = field(init=False)

    def __post_init__(self) -> None:
        self.intent = Intent.parse(self.persona.intent, self.brands)

    def is_kind(self, title: str) -> bool:
        """The kind asked for: by name; or, only in a store that never uses that name, by the store's own name for it."""
        if self.intent.kind_in(title):
            return True
        return not self.store_says_the_kind and self.same_kind(self.intent, title)

    @cached_property
    def opened_from(self) -> dict[tuple[str, str], str]:
        """The page each clicked link opened, by the page it was on and its id: two cards may bear one title (a product
        listed twice), so a title alone does not say which product a card opens."""
        found = {}
        for step, after in zip(self.history, self.history[1:]):
            if isinstance(step.action, Click) and after.observation.url != step.observation.url:
                found[(step.observation.url, step.action.target)] = after.observation.url.split("?")[0]
        return found

    @cached_property
    def titles_seen(self) -> list[str]:
        return [c.title for s in self.history for c in cards_of(s.observation)]

    @cached_property
    def store_says_the_kind(self) -> bool:
        """Has the store shown a product under the very name the shopper uses? Then no other name will do."""
        return any(self.intent.kind_in(t) for t in self.titles_seen)

    @cached_property
    def unused_words(self) -> frozenset[str]:
        """Essential adjectives the store never uses for this kind, once the shopper has seen enough of its titles."""
        titles = self.kind_titles
        return self.intent.unused_by(titles) if len(titles) >= TITLES_TO_JUDGE_WORDS else frozenset()

    @cached_property
    def kind_titles(self) -> list[str]:
        """The titles seen that name the kind asked for, each once, sorted."""
        return sorted({t for t in self.titles_seen if self.is_kind(t)})

    @cached_property
    def wished_words(self) -> frozenset[str]:
        """Words said of or around the product that titles of the kind the shopper has seen use: each product is held to
        them (Intent.wishes_used_by)."""
        return self.intent.wishes_used_by(self.kind_titles)

    @cached_property
    def searches(self) -> list[str]:
        return [s.action.text for s in self.history if isinstance(s.action, Type) and is_search(s)]

    @cached_property
    def clicked(self) -> set[str]:
        return {s.action.target for s in self.history if s.action is not None and s.action.type in ("click", "select")}

    @cached_property
    def viewed(self) -> dict[str, Viewed]:
        """Product pages seen, by URL (without its query), in the order first seen."""
        seen: dict[str, Viewed] = {}
        for step in self.history:
            page = PageView(step.observation)
            if page.product_region is None:
                continue
            url = step.observation.url.split("?")[0]
            if url not in seen:
                seen[url] = self.judge(page)
        return seen

    def judge(self, page: PageView) -> Viewed:
        rating, count = page.product_rating
        text = " ".join([page.product_title, page.obs.region_text(page.product_region or "")])
        return Viewed(
            page.obs.url.split("?")[0],
            page.product_title,
            page.product_price,
            rating,
            count,
            misfit(self.intent, self.persona, page, self.is_kind, self.unused_words, self.wished_words) is None
            and doubts(self.persona, self.session, page) is None,
            text,
        )

    def arrivals(self, url: str, now: str) -> int:
        """How many times the shopper has come to this product page from elsewhere (reading its
        reviews, or choosing its options, is staying on it), counting the page they are on now."""
        trail = [s.observation.url.split("?")[0] for s in self.history] + [now.split("?")[0]]
        staying = {url, url + "/reviews"}
        return sum(1 for i, u in enumerate(trail) if u == url and (i == 0 or trail[i - 1] not in staying))

    @cached_property
    def reviews_read(self) -> set[str]:
        """Product URLs whose full reviews the shopper opened."""
        read = set()
        for before, after in zip(self.history, self.history[1:]):
            if PageView(after.observation).is_reviews_page and PageView(before.observation).product_region is not None:
                read.add(before.observation.url.split("?")[0])
        return read

    @cached_property
    def to_compare(self) -> int:
        """How many fitting products this shopper looks at before choosing, drawn once per session.

        Impulsive shoppers take the first that fits; patient, deliberate ones open several.
        """
        t = self.persona.traits
        mean = 1.2 + 3 * t.patience * (1 - t.impulsiveness)
        rng = seeded(self.session, self.persona.name, self.persona.intent)
        drawn = max(1, min(5, round(rng.gauss(mean, 0.6 * (1 - t.impulsiveness)))))
        return drawn if self.mission is None else compares(self.mission, drawn)

    @cached_property
    def mission(self) -> Mission | None:
        """What the shopper came to do this session, where the policy draws missions."""
        return draw_mission(self.persona, self.session) if self.missions else None

    @cached_property
    def reads_reviews(self) -> bool:
        """Whether this session opens the full reviews of the products it weighs: with missions a habit drawn once per
        session (habits.review_chance); without, every session of a review-reliant shopper."""
        if self.mission is None:
            return self.habits.reads_reviews
        chance = self.habits.review_chance(self.mission)
        return seeded(self.session, self.persona.name, self.persona.intent, "reviews").random() < chance

    @property
    def review_sorts(self) -> int:
        """How many sort orders of a product's reviews this shopper reads them in (worst first, then best first)."""
        if self.mission is None:
            return int(self.habits.reads_worst_reviews_first)
        return self.habits.review_sorts

    @property
    def done_browsing(self) -> bool:
        """A shopper who came to look around has opened as many products as they meant to, the one on screen included."""
        return self.mission is Mission.BROWSE and len(self.viewed) + 1 >= self.habits.browse_looks

    def chosen_in(self, url: str, target: str) -> set[str]:
        """The values chosen so far in one select (its id) on one page (its URL, without the query)."""
        path = url.split("?")[0]
        return {
            s.action.value
            for s in self.history
            if isinstance(s.action, Select) and s.action.target == target and s.observation.url.split("?")[0] == path
        }

    @cached_property
    def missing_on_pages(self) -> set[str]:
        """Essential words that products of the kind turned out not to show: a card without them in its title won't either."""
        return {
            word
            for v in self.viewed.values()
            if not v.fits and self.is_kind(v.title)
            for word in self.intent.essentials_missing(v.page_text, self.unused_words)
        }

    @cached_property
    def opened_since_search(self) -> int:
        """Product pages opened from the results of the latest search."""
        last = max((i for i, s in enumerate(self.history) if s.action is not None and s.action.type == "type"), default=-1)
        urls = [s.observation.url.split("?")[0] for s in self.history[last + 1 :]]
        products = [PageView(s.observation).product_region is not None for s in self.history[last + 1 :]]
        return sum(1 for i, url in enumerate(urls) if products[i] and (i == 0 or urls[i - 1] != url))

    @cached_property
    def habits(self) -> Habits:
        return Habits(self.persona)

    @property
    def open_limit(self) -> int:
        return self.habits.opens_per_search

    @property
    def search_limit(self) -> int:
        drawn = self.habits.searches
        return self.max_searches or (drawn if self.mission is None else searches(self.mission, drawn))

    @property
    def searches_left(self) -> bool:
        return len(self.searches) < self.search_limit

    @property
    def fits(self) -> list[Viewed]:
        """The products seen that fit, in the order first seen."""
        return [v for v in self.viewed.values() if v.fits]
