"""Searching and looking further: the first query, shorter ones the way people refine, the store's suggestion, a
category, a product's variants as separate pages; and, when nothing more is worth looking for, back to the best seen."""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from shopagent.agent.offline.choosing import Chooser, wanted
from shopagent.agent.offline.kinds import kind_as_said
from shopagent.agent.offline.memory import Memory
from shopagent.agent.offline.models import Models
from shopagent.agent.offline.page import PageView
from shopagent.persona.intent import Intent, a_or_an, names_value, options_named
from shopagent.persona.intent.spelling import MIN_COUNT, shoppers_write
from shopagent.persona.intent.wordnet import other_names
from shopagent.types import Back, Click, Decision, Element, Select, Terminate, Type

CATEGORY_SIMILARITY = 0.3  # a category worth browsing when search failed


class Searching:
    def __init__(self, models: Models, chooser: Chooser) -> None:
        self.models = models
        self.chooser = chooser

    def query(self, intent: str) -> str:
        """The first search: the kind and the words that make it that kind (the reader's), or a learned model's query."""
        learned = self.models.query_model
        return learned.query(intent) if learned is not None else Intent.parse(intent).query()

    def first(self, memory: Memory, box: Element) -> Decision:
        query = self.query(memory.persona.intent)
        return Decision(
            rationale=f"I'm after {a_or_an(memory.intent.kind)}, so I'll search for “{query}” instead of browsing.",
            action=Type(target=box.id, text=query, submit=True),
        )

    def look_further(self, memory: Memory, page: PageView, why: str) -> Decision:
        """Nothing (more) here: search again while patience lasts, else go back to the best product seen."""
        fits = memory.fits
        chosen = self.chooser.chosen(memory)
        if fits and (chosen is not None or not memory.searches_left):
            best = chosen or self.chooser.best(memory, fits)
            if page.search_box is not None and best.title not in memory.searches:
                return Decision(
                    rationale=f"{why}; I'll look up the one I liked best, “{best.title}”.",
                    action=Type(target=page.search_box.id, text=best.title),
                )
            last = memory.history[-1] if memory.history else None
            if last is not None and last.action == Back() and last.observation.url == page.obs.url:
                return Decision(rationale=f"{why}, and I can't find my way back to the one I liked, so I'll leave.", action=Terminate())
            return Decision(rationale=f"{why}; the best one I saw was earlier, so I'll go back to it.", action=Back())
        return self.refine(memory, page, why)

    def refine(self, memory: Memory, page: PageView, why: str) -> Decision:
        """Search again the way people do: fewer words, down to the kind of thing; then browse a category; then leave."""
        done = memory.searches
        if not memory.searches_left:
            tried = f"{len(done)} search" + ("es" if len(done) != 1 else "")
            return Decision(rationale=f"{why}, and I've tried {tried}, so I'll leave without buying.", action=Terminate())
        suggested = self.suggestion(memory, page)
        if suggested is not None:
            return Decision(
                rationale=f"{why}; the store suggests “{suggested.text}”, which sounds like it, so I'll try that.",
                action=Click(target=suggested.id),
            )
        query = next((q for q in self.shorter_queries(memory, page) if q not in done), None)
        kind_alone = {" ".join(memory.intent.reading.kind_words), memory.intent.head}
        another_name = query in other_names_for(memory.intent)
        if not page.cards and (query is None or (done and done[-1] in kind_alone and not another_name)):
            browse = self.category(memory, page, why)  # the kind's own name found nothing: the store may call it otherwise
            if browse is not None:
                return browse
        fits = memory.fits
        if query is None and fits and page.search_box is not None:
            best = self.chooser.best(memory, fits)
            if best.title not in done:
                return Decision(
                    rationale=f"{why}; the best I found was “{best.title}”, so I'll look it up again.",
                    action=Type(target=page.search_box.id, text=best.title),
                )
        if query is not None and page.search_box is not None:
            return Decision(
                rationale=f"{why}; people also call it “{query}”, so I'll search for that."
                if another_name
                else f"{why}, so I'll try a simpler search: “{query}”.",
                action=Type(target=page.search_box.id, text=query),
            )
        if query is not None and page.back_to_search is not None:
            return Decision(rationale=f"{why}, so I'll go back to the search and try again.", action=Click(target=page.back_to_search.id))
        browse = self.category(memory, page, why)
        if browse is not None:
            return browse
        return Decision(rationale=f"{why}, and the store doesn't seem to sell it, so I'm leaving.", action=Terminate())

    def category(self, memory: Memory, page: PageView, why: str) -> Decision | None:
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
        sims = self.models.embedder.similarity(kind_as_said(memory.intent), [text for text, _ in choices])
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

    def suggestion(self, memory: Memory, page: PageView) -> Element | None:
        """The store's suggestion closest to the intent, if it names the kind of thing wanted."""
        offered = [e for e in page.suggestions if e.id not in memory.clicked and memory.is_kind(e.text)]
        if not offered:
            return None
        sims = self.models.similarities(wanted(memory.intent), [e.text for e in offered])
        return max(zip(offered, sims), key=lambda t: t[1])[0]

    def shorter_queries(self, memory: Memory, page: PageView) -> list[str]:
        """What to search next, as people refine: the store's own name for the kind where a result showed one
        ("sofa" for "couch"), then fewer describing words, nearest the kind kept longest, then the kind alone.
        The kind's words stay in every query; options, prices and purposes never enter one."""
        intent = memory.intent
        kind_words = intent.reading.kind_words
        essential = intent.reading.essential
        cards = [] if memory.store_says_the_kind else page.cards
        store_names = [n for c in cards if (n := self.models.kinds.store_name(intent, c.title))]
        renamed = [" ".join(dict.fromkeys([*essential[-1:], *name.split()])) for name in store_names[:1]] + store_names[:1]
        brand = [intent.brand.lower()] if intent.brand else []
        fewer = [" ".join(dict.fromkeys([*brand, *essential[-n:], *kind_words])) for n in range(len(essential) - 1, -1, -1)]
        others = other_names_for(intent)
        if not any(memory.is_kind(c.title) for c in page.cards):
            # Nothing here is the kind at all: fewer words will not find it where its name found nothing; another may.
            return [q for q in dict.fromkeys([*renamed, *others, *fewer, " ".join(kind_words), intent.head]) if q]
        return [q for q in dict.fromkeys([*renamed, *fewer, " ".join(kind_words), *others, intent.head]) if q]

    def variant(self, memory: Memory, page: PageView) -> Decision:
        """A product whose variants are separate pages: open the one that names exactly what I asked for."""
        named = options_named(memory.persona.intent)
        exact = [e for e in page.variant_links if all(names_value(e.text, value) for value in named)]
        if not exact:
            wanted_ = " and ".join(named) or "the one I want"
            return self.look_further(memory, page, f"None of these variants is {wanted_}")
        link = exact[0]
        # Clicked on this page: another page's link may bear the same id (a result card named as the product is).
        clicked_here = {getattr(s.action, "target", "") for s in memory.history if s.observation.url == page.obs.url}
        if link.id in clicked_here:
            # Back on a product whose variant I've seen: open it again once it is the best I've found.
            fits = memory.fits
            best = self.chooser.chosen(memory) or (self.chooser.best(memory, fits) if fits else None)
            if best is not None and best.title == link.text and (len(fits) >= memory.to_compare or not memory.searches_left):
                return Decision(
                    rationale=f"“{link.text}” is still the best I've seen, so I'll open it again.", action=Click(target=link.id)
                )
            return self.look_further(memory, page, f"I've seen the {' and '.join(named) or 'right'} one of these")
        what = f"it names {' and '.join(named)}, as I asked" if named else "I didn't ask for a particular variant"
        return Decision(rationale=f"I'll open “{link.text}”: {what}.", action=Click(target=link.id))


OTHER_NAMES = 2  # of the kind's other names, the ones shoppers use most


def other_names_for(intent: Intent) -> list[str]:
    """What else people call the kind asked for, by WordNet, the names shoppers write most first ("ottoman" for
    "footstool", "sweater" for "jumper"; "tv antenna" for "tv aerial"); none they never write."""
    kind_words = intent.reading.kind_words
    named = [n for n in other_names(" ".join(kind_words)) if _said(n)]
    if not named and len(kind_words) > 1:  # "tv aerial": no name for the whole, so "tv" with a name of the aerial
        named = [" ".join([*kind_words[:-1], n]) for n in other_names(kind_words[-1]) if _said(" ".join([*kind_words[:-1], n]))]
    return sorted(named, key=lambda n: (shoppers_write(n), zipf_frequency(n, "en")), reverse=True)[:OTHER_NAMES]


COMMON_NAME_ZIPF = 3.0  # a one-word name said about once in a million words of English is one people use ("backpack")


def _said(name: str) -> bool:
    """A name people use: shoppers write it, or, one word, English does often enough (shoppers' text has few
    backpacks)."""
    return shoppers_write(name) >= MIN_COUNT or (" " not in name and zipf_frequency(name, "en") >= COMMON_NAME_ZIPF)
