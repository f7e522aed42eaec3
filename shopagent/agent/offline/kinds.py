"""Is this product the kind of thing the shopper asked for, under the store's name for it?

The title says the kind word for word ("Oolong Tea Bags" for "tea bags"), or it names the
kind another way ("Sofa" for "couch", "Wireless Earbuds" for "earphones"). The second is
judged by MiniLM: the kind asked for beside the title's last words, where shops put the kind.
A title with the asked-for head noun but other words before it is another kind ("Walking Shoes"
for "running shoes", "Laundry Bag" for "tea bags") unless MiniLM finds the two names all but the
same ("Office Chair" for "desk chair").
"""

from __future__ import annotations

import re

import numpy as np

from shopagent.agent.offline.embeddings import Embedder
from shopagent.persona.intent import Intent, singular, without_brand, words_of
from shopagent.persona.intent.spelling import slip_of
from shopagent.persona.intent.wordnet import names_a_kind_of

# Measured with all-MiniLM-L6-v2 on kind names: synonyms (couch/sofa 0.86, earphones/earbuds 0.79,
# curtain/drapes 0.67) above, near kinds without a shared head (lip balm/lip oil 0.64, hoodie/sweater 0.64) below.
SYNONYM_SIMILARITY = 0.66
# With the same head noun the bar is higher: desk/office chair 0.90 and gym/athletic shorts 0.90 are one kind;
# running/walking shoe 0.78, face/eye cream 0.76 and rain/winter boots 0.75 are not.
SAME_HEAD_SIMILARITY = 0.85
# A near kind, one a shopper might take instead when the store has none of theirs: hoodie/sweater 0.64, court dress/dress
# 0.67, pc build/desktop computer 0.57; not drill/tool kit 0.47, tea/coffee beans 0.47, drill/roller blinds 0.20.
NEAR_KIND = 0.55


def name_part(title: str) -> str:
    """The title before any comma, dash or bracket: the product's name, not its details ("..., Keyboard Cover Included")."""
    return re.split(r"[,(|–—]| - ", title)[0]


def title_kind(title: str) -> list[str]:
    """Where a title names its kind: its last one, two and three words of its name part."""
    words = name_part(title).split()
    return list(dict.fromkeys(" ".join(words[-n:]) for n in (1, 2, 3) if len(words) >= n))


def wordnet_name(kind: str, title: str) -> str | None:
    """The title's name for its kind where WordNet says it is the kind asked for or a kind of it, the whole name
    ("Eau de Toilette" for "perfume") or, for the same last noun, the words before it ("Throw Pillow Covers" for
    "cushion cover")."""
    asked = kind.split()
    phrase = re.sub(r"(?:\s+\S*\d\S*)+\s*$", "", title.split(",")[0]) or title  # less a size after it
    for name in title_kind(phrase):
        words = name.lower().split()
        if names_a_kind_of(kind, name):
            return name
        if len(asked) < 2:
            continue
        same_head = len(words) > 1 and singular(words[-1]) == singular(asked[-1])
        if same_head and names_a_kind_of(" ".join(asked[:-1]), " ".join(words[:-1])):
            return name
    return None


def spelt_otherwise(intent: Intent, title: str) -> str | None:
    """The title's word for the kind where the asked-for noun is a slip of it ("tnet": "Tent", "pann": "Pan"), the
    kind's other words shown: what a person reads past on a results page."""
    kind = intent.kind.split()
    shown = set(words_of(title))
    if not all(w in shown for w in kind[:-1]):
        return None
    named = [w for w in name_part(title).lower().split()[-3:] if w.isalpha()]
    return next((w for w in named if slip_of(singular(kind[-1]), singular(w))), None)


class KindMatcher:
    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._seen: dict[tuple[str, str], bool] = {}

    def matches(self, intent: Intent, title: str) -> bool:
        title = without_brand(title, intent.brands)
        if intent.kind_in(title):
            return True
        named = words_of(name_part(title))
        if " " not in intent.kind and intent.head in named:
            return False
        key = (intent.kind, title)
        if key not in self._seen and (
            wordnet_name(intent.kind, title) is not None
            or self._noun_named_otherwise(intent, title, named)
            or spelt_otherwise(intent, title) is not None
        ):
            self._seen[key] = True
        if key not in self._seen:
            same_head = intent.head in named
            names = [n for n in title_kind(title) if " " in n] if same_head else title_kind(title)  # not the bare head
            bar = SAME_HEAD_SIMILARITY if same_head else SYNONYM_SIMILARITY
            self._seen[key] = bool(names) and self._closest(intent, names)[1] >= bar
        return self._seen[key]

    def _noun_named_otherwise(self, intent: Intent, title: str, named: list[str]) -> bool:
        """A kind said with a word before its noun ("bluetooth amp"): the title shows that word anywhere and names the
        noun another way ("Stereo Amplifier, Bluetooth Input"). A name with the noun itself (`named`: the words of the
        title's name part) is judged as a whole."""
        words = intent.kind.split()
        shown = set(words_of(title))
        if len(words) < 2 or intent.head in named or not all(w in shown for w in words[:-1]):
            return False
        names = title_kind(title)
        return bool(names) and float(self.embedder.similarity(intent.head, names).max()) >= SYNONYM_SIMILARITY

    def store_name(self, intent: Intent, title: str) -> str | None:
        """The store's word for the kind, learned from a title it matched under another name ("sofa" for "couch")."""
        if intent.kind_in(title) or not self.matches(intent, title):
            return None
        if (name := wordnet_name(intent.kind, title)) is not None:
            return name.lower()
        if (word := spelt_otherwise(intent, title)) is not None:
            return " ".join([*intent.kind.split()[:-1], word])
        return self._closest(intent, title_kind(title))[0].lower()

    def nearness(self, intent: Intent, title: str) -> float:
        """How close the kind a title names is to the kind asked for (MiniLM, as `matches` judges a synonym)."""
        names = title_kind(title)
        return self._closest(intent, names)[1] if names else 0.0

    def _closest(self, intent: Intent, names: list[str]) -> tuple[str, float]:
        """Of a title's names for its kind, the one closest to the kind asked for, and how close."""
        said, bare = kind_as_said(intent), " ".join(intent.reading.kind_words)
        # A describing word the name shares ("sparkling" water, "Sparkling Drink") would bring them closer than the
        # kinds are: then the kind alone is compared.
        sims = self.embedder.similarity(said, names)
        if said != bare:
            sims = np.where([said.split()[0] in words_of(n) for n in names], self.embedder.similarity(bare, names), sims)
        best = int(sims.argmax())
        return names[best], float(sims[best])


def kind_as_said(intent: Intent) -> str:
    """The kind with the describing word said right before a one-word kind ("stuffed animal", "frying pan"): alone,
    the noun may name something else."""
    words = intent.reading.kind_words
    adjectives = [e for e in intent.reading.essential if e in intent.reading.adjectives]
    before = [rf"\b{re.escape(a)}\s+{re.escape(words[0])}\b" for a in adjectives] if len(words) == 1 else []
    said_before = [a for a, pattern in zip(adjectives, before) if re.search(pattern, intent.text, re.I)]
    return f"{said_before[-1]} {words[0]}" if said_before else " ".join(words)
