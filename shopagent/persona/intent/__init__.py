"""What a shopper's intent asks for, read the way a shop assistant would.

`Intent.parse(text)` reads any phrasing (reader.py): the kind of product, the words that make
it that kind, what it must not be, the sizes, quantities and colours named (options.py, in one
canonical spelling each), a brand, and a price limit (price.py). Purposes and chatter ("for my
dad's birthday", "hey!") are set aside: they never reach a search box or a rationale.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rapidfuzz.distance import Indel

from shopagent.persona.intent.heads import head_share
from shopagent.persona.intent.negation import negated_in
from shopagent.persona.intent.options import LETTER_SIZES, SINGLE_LETTER_SIZES, Named, best_offer, canonical_value, find_options, offers
from shopagent.persona.intent.price import numbers_in_digits
from shopagent.persona.intent.reader import MAX_INTENT_CHARS, Reading, load_language_model, read_intent, singular, unaccented
from shopagent.persona.intent.specs import find_specs, spec_words
from shopagent.persona.intent.spelling import clipped

__all__ = [
    "MAX_INTENT_CHARS",
    "Intent",
    "Named",
    "Reading",
    "a_or_an",
    "canonical_value",
    "load_language_model",
    "named_option",
    "names_value",
    "offers",
    "options_named",
    "plural",
    "read_intent",
    "singular",
    "without_brand",
    "words_of",
]

INITIALS_RE = re.compile(r"[A-Za-z]{2,4}")
ESSENTIAL_SHARE = 0.67  # of the intent's essential words a product must show, when it names more than two


def plural(noun: str) -> str:
    """ "dress" -> "dresses", "battery" -> "batteries", "jeans" stays."""
    if noun.endswith(("ss", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and len(noun) > 2 and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun if noun.endswith("s") else noun + "s"


def a_or_an(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


NUMBER_WORD_RE = re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred)\b")


def words_of(text: str) -> list[str]:
    """The text's words, lower case and singular, hyphenated words also split: "Clip-In" gives clip-in, clip, in; a number
    said in words also in digits ("Four Bulb" gives four, 4, bulb); a rating as its number and unit ("65W": 65, watt)."""
    return list(_words_of(unaccented(text.lower())))


@lru_cache(maxsize=16384)  # a shopper judges the same titles step after step
def _words_of(text: str) -> tuple[str, ...]:
    if NUMBER_WORD_RE.search(text):
        text += " " + numbers_in_digits(text)
    words = [part for w in re.findall(r"[a-z0-9][a-z0-9'.+-]*[a-z0-9+]|[a-z0-9]", text) for part in spec_words(w)]
    return (*(singular(w) for w in words), *(singular(p) for w in words if "-" in w for p in w.split("-")))


def _have(text: str) -> set[str]:
    """The text's words, also without hyphens and each two run together ("Under Bed" shows "underbed")."""
    words = words_of(text)
    return set(words) | {w.replace("-", "") for w in words} | {a + b for a, b in itertools.pairwise(words)}


SPELLING_MIN = 5  # words this long are the same word one letter apart: "colour" and "color", "removeable" and "removable"


def _shown(word: str, have: set[str]) -> bool:
    """Is the word among the text's words, as spelt, one letter added or left out (not changed: "heated" is not
    "heater"), an adjective in -ed by its noun, or clipped ("low temp": Low Temperature)?"""
    if word in have:
        return True
    doubled = [word[:-3]] if word[-3:-2] == word[-4:-3] else []
    if word.endswith("ed") and len(word) > 5 and any(stem in have for stem in (word[:-2], word[:-1], *doubled)):
        return True  # "waisted", "hooded", "padded": the noun's adjective, shown by the noun ("High Waist")
    if len(word) >= SPELLING_MIN and any(abs(len(h) - len(word)) == 1 and Indel.distance(word, h) == 1 for h in have):
        return True
    return any(clipped(word, h) for h in have if h.startswith(word))


# A wish said as one the person can do without: "round if you have one", "colour-safe would be a bonus", "tagless if poss".
HEDGE_RE = re.compile(
    r"\b(?:if\s+(?:you\s+(?:have|got|can|do)|possible|poss|available|any|they\s+(?:have|do|make))|ideally|preferably|optional"
    r"|(?:would|wud|'d)\s+be\s+(?:nice|a\s+bonus|a\s+plus|great|good|ideal|lovely|cool|handy)|bonus|nice\s+to\s+have"
    r"|not\s+(?:essential|a\s+must|required|fussed|bothered)|if\s+not\s+no\s+worries)\b",
    re.I,
)
CLAUSE_RE = re.compile(r"[^,;.!?()]+")


@lru_cache(maxsize=1024)
def _clauses(text: str) -> tuple[tuple[str, bool], ...]:
    """The text's clauses, each with whether it says the person can do without what it names: read once per intent."""
    return tuple((c, bool(HEDGE_RE.search(c))) for c in CLAUSE_RE.findall(text.lower()))


def _said_hedged(word: str, text: str) -> bool:
    """Is the word said only in a clause that says the person can do without it?"""
    said = [hedged for c, hedged in _clauses(text) if re.search(rf"\b{re.escape(word)}\b", c)]
    return bool(said) and all(said)


def _said_after_a_no(word: str, text: str) -> bool:
    """Is the word said shortly after a "not", "no", "without" or a verb with "n't" ("not an anti aging one", "isn't
    sandalwood scented")? Then it is never a wish, whatever the must-nots made of it."""
    return bool(re.search(rf"(?:\b(?:not|no|without|nothing|never)\b|n[’']t\b)(?:\W+\w+){{0,3}}?\W+{re.escape(word)}\b", text, re.I))


def _said_as_theirs(word: str, text: str) -> bool:
    """Is the word said only as what the person's own things are ("laundry bags for my delicates")? Every product of
    the kind is for them, whether its title says so or not."""
    said = len(re.findall(rf"\b{re.escape(word)}\b", text, re.I))
    theirs = len(re.findall(rf"\bfor\s+(?:my|our|his|her|their)\s+{re.escape(word)}\b", text, re.I))
    return said > 0 and theirs == said


@dataclass(frozen=True)
class Intent:
    """The parts of an intent a shopper searches with and checks a product against."""

    reading: Reading
    brands: tuple[str, ...] = ()  # the store's brands, where known: a brand's words in a title never name its kind

    @classmethod
    def parse(cls, text: str, brands: tuple[str, ...] = ()) -> Intent:
        return cls(read_intent(text, tuple(brands)), tuple(brands))

    @property
    def text(self) -> str:
        return self.reading.text

    @property
    def kind(self) -> str:
        return self.reading.kind

    @property
    def head(self) -> str:
        """The kind's last noun: "bag" of "tea bag"."""
        return self.reading.kind.split()[-1]

    @property
    def essential(self) -> list[str]:
        return self.reading.essential

    @property
    def must_not(self) -> list[str]:
        return self.reading.must_not

    @property
    def options(self) -> list[str]:
        return list(dict.fromkeys(o.value for o in self.reading.options))

    @property
    def brand(self) -> str | None:
        return self.reading.brand

    @property
    def price_limit(self) -> float | None:
        return self.reading.price_limit

    @property
    def describing(self) -> list[str]:
        """Everything said of the product beyond its kind: essential words, then the rest."""
        return [*self.reading.essential, *self.reading.describing]

    @cached_property
    def search_words(self) -> list[str]:
        """What a person types: the brand if named, the words that make the kind, the kind; never options, prices or purposes."""
        brand = [self.brand.lower()] if self.brand else []
        return list(dict.fromkeys([*brand, *self.reading.essential, *self.reading.kind_words]))

    def query(self) -> str:
        return " ".join(self.search_words)

    def kind_in(self, title: str) -> bool:
        """The product is the kind asked for: the title says every word of the kind (singular or plural, hyphens or not),
        and its head noun names the product, not something the product is for ("Water Bottle" is no water)."""
        title = without_brand(title, self.brands)  # "Tidy Cats Calming Donut Dog Bed" is no cat bed
        # "eyeshadow" and "hairdryer" are the store's "Eye Shadow" and "Hair Dryer" written as one word
        have = _have(title)
        kind = self.kind.split()
        if len(kind) > 1 and self.head in COLLECTIVE and not _names_the_product(self.head, title):
            kind = kind[:-1]  # "dental tool set": "Dental Tools, Set of 4" or "Dental Tools" are what was asked for
        return all(w in have or w.replace("-", "") in have for w in kind) and _names_the_product(singular(kind[-1]), title)

    def essentials_missing(self, text: str, unused: frozenset[str] = frozenset()) -> list[str]:
        """The essential words the text does not show, less those the store never uses (`unused`)."""
        have = _have(text)
        made_for = [self.reading.made_for] if self.reading.made_for else []
        wanted = [e for e in [*self.reading.essential, *made_for] if e not in unused]
        shown = [e for e in wanted if all(_shown(w, have) for w in words_of(e) if "-" not in w) or self._initials_shown(e, text)]
        return [e for e in wanted if e not in shown]

    def _abbreviation(self, word: str) -> bool:
        """Is the word written as an abbreviation: 2 to 4 letters, in capitals or without vowels ("SS", "ANC", "pvc")?"""
        written = re.search(rf"\b{re.escape(word)}\b", self.text, re.I)
        as_written = written.group(0) if written else ""
        return bool(INITIALS_RE.fullmatch(as_written)) and (as_written.isupper() or not re.search(r"[aeiou]", word))

    def _initials_shown(self, word: str, text: str) -> bool:
        """An abbreviation, written in capitals or without vowels ("SS", "ANC"), shown by the words it is made of
        ("Stainless Steel", "Active Noise Cancelling")."""
        if not self._abbreviation(word):
            return False
        initials = "".join(w[0] for w in re.findall(r"[a-z]+", text.lower()))
        return word.lower() in initials

    def coverage(self, text: str) -> float:
        """Share of the essential words the text shows (1.0 when the intent has none)."""
        essential = self.reading.essential
        return 1.0 - len(self.essentials_missing(text)) / len(essential) if essential else 1.0

    def wishes_shown(self, text: str) -> float:
        """Share of the other wishes (describing words, flavours, scents) the text shows: for choosing among fitting products."""
        wishes = [w for w in self.reading.describing if len(w) > 2]
        if not wishes:
            return 0.0
        have = set(words_of(text))
        return sum(1 for w in wishes if singular(w) in have) / len(wishes)

    def wishes_used_by(self, titles: list[str]) -> frozenset[str]:
        """Words said of the product, or around it, that some of these titles use ("retractable" gel pens, "honey bbq"
        wings, pens with a "fine point"): where the store says it of products of the kind, the shopper who said it holds
        each one to it; a word it never uses of them ("for my dad", "lol") cannot be checked and is not."""
        seen = {w for t in titles for w in words_of(t)}
        kind = set(words_of(" ".join(self.reading.kind_words)))
        # What was said of the product and around it, word by word: "non alcoholic" is held as the store says it.
        said = dict.fromkeys(w for phrase in [*self.reading.describing, *self.reading.filler] for w in phrase.split())
        return frozenset(
            w
            for w in said
            if len(w) > 2
            and singular(w) in seen
            and singular(w) not in kind
            and not _said_after_a_no(w, self.text)
            and not _said_hedged(w, self.text)
            and not _said_as_theirs(w, self.text)
        )

    def wishes_missing(self, text: str, wishes: frozenset[str]) -> list[str]:
        """Of the wishes the store uses (`wishes_used_by`), those the text does not show, as said: words said one after
        the other are one phrase ("fine point")."""
        have = set(words_of(text))
        missing = {w for w in wishes if not _shown(singular(w), have)}
        phrases, current = [], []
        for word in [*re.findall(r"[\w'-]+", self.text.lower()), ""]:
            if word in missing:
                current.append(word)
            elif current:
                phrases.append(" ".join(dict.fromkeys(current)))
                current = []
        said = {w for p in phrases for w in p.split()}
        return list(dict.fromkeys([*phrases, *sorted(missing - said)]))

    def shows_enough(self, text: str, unused: frozenset[str] = frozenset(), wished: frozenset[str] = frozenset()) -> bool:
        """Does the text show what makes the product the kind asked for: every essential word (but those the store
        never uses) and every wish the store uses (`wishes_used_by`), or most when many?"""
        missing = self.essentials_missing(text, unused)
        if self.reading.made_for in missing or any(re.search(r"\d", e) for e in missing):
            return False  # the model it must fit, or a number it must have ("5000 iu", "4 bulb"), is never one of many wishes
        checked = len([e for e in self.reading.essential if e not in unused]) + len(wished)
        unshown = len(missing) + sum(len(p.split()) for p in self.wishes_missing(text, wished))
        return not unshown or (checked > 2 and 1 - unshown / checked >= ESSENTIAL_SHARE)

    def unused_by(self, titles: list[str]) -> frozenset[str]:
        """Describing adjectives that none of these product titles uses ("decorative" toppers, "portable" extensions):
        the store does not describe its products that way, so they cannot be checked, only preferred."""
        seen = {w for t in titles for w in _have(t)}
        # Adjectives only: a noun the store never uses is usually a brand or a kind it does not sell ("dyson", "herbal tea").
        # So is a word in capitals no title spells out: "UGG" is a brand as often as "ANC" is a quality.
        return frozenset(e for e in self.reading.essential if e in self.reading.adjectives and not set(words_of(e)) & seen)

    def brand_in(self, text: str) -> bool:
        """The text names the brand asked for (true when none was asked for)."""
        return not self.brand or self.brand.lower() in text.lower()

    def must_nots_in(self, title: str) -> list[str]:
        have = set(words_of(title))
        return [m for m in self.must_not if all(singular(w) in have for w in m.split()) and not negated_in(m, title)]

    def choose(self, group_name: str, offered: list[str]) -> tuple[str | None, bool]:
        """(the offered value the intent names, whether it names one of this group's kind that is not offered)."""
        spelled = spell_size_letters(group_name, offered)
        for named in self.reading.options:
            value = best_offer(named.value, spelled)
            if value is not None:
                return offered[spelled.index(value)], False
        if self._lacks(group_name, spelled):
            return None, True
        said = [o for o in offered if _words_said(o, self.reading.rest)]
        return (max(said, key=len), False) if said else (None, False)

    def named_for(self, group_name: str, offered: list[str]) -> list[str]:
        """The option values the intent names of this group's kind (its sizes for a size group), including a size said
        as a describing word ("a medium long sleeve sweater") where the group offers letter sizes."""
        kinds = {_value_kind(o) for o in offered}
        kinds |= {kind for kind in ("colour", "flavour") if re.search(kind.replace("ou", "ou?"), group_name, re.I)}
        named = [n.value for n in self.reading.options if n.kind in kinds]
        if any(canonical_value(o) in LETTER_SIZES for o in offered):
            named += [canonical_value(e) for e in self.reading.essential if canonical_value(e) in LETTER_SIZES]
        return list(dict.fromkeys(named))

    def _lacks(self, group_name: str, offered: list[str]) -> bool:
        return any(not any(offers(value, o) for o in offered) for value in self.named_for(group_name, offered))


def spell_size_letters(group_name: str, offered: list[str]) -> list[str]:
    """A size option's single letters as words ("M" is medium), where the group says it is a size: said alone, a
    letter is a size only there."""
    if not re.search(r"\bsizes?\b", group_name.replace("_", " "), re.I):
        return offered
    return [SINGLE_LETTER_SIZES.get(o.strip().lower(), o) for o in offered]


TITLE_PHRASE_END = re.compile(r",|\(|\||\s[-–—]\s|\s(?:with|for|by|from)\s", re.I)
NOUN_AFTER_HEAD = 0.3  # heads.py's share above which the next word is a product noun the head describes
COLLECTIVE = {"set", "kit", "pack", "bundle", "pair", "count", "piece", "pc", "pcs", "ct", "box", "combo", "collection"}


def without_brand(title: str, brands: tuple[str, ...]) -> str:
    """The title less the brand it opens with, where that is one of `brands`."""
    for brand in sorted(brands, key=len, reverse=True):
        m = re.match(rf"\s*{re.escape(brand)}(?:'s)?\b", title, re.I)
        if m and title[m.end() :].strip():
            return title[m.end() :]
    return title


def _names_the_product(head: str, title: str) -> bool:
    """The head noun is where a title names its product, not a word describing another noun ("Water Bottle")."""
    phrase = TITLE_PHRASE_END.split(title, maxsplit=1)[0]
    words = [singular(w) for w in re.findall(r"[a-z0-9][a-z0-9'.+-]*", phrase.lower())]
    keys = [w.replace("-", "") for w in words]
    target = head.replace("-", "")
    spots = [i for i, (w, k) in enumerate(zip(words, keys)) if k == target or target in w.split("-")]
    spots += [i + 1 for i in range(len(keys) - 1) if keys[i] + keys[i + 1] == target]  # "hairdryer": "Hair Dryer"
    if not spots:
        return False  # said only after the name ("Dog Bed, Removable Cover"): a part or feature, not the product
    after = words[spots[-1] + 1 :]
    # Followed by another product noun, the word describes that noun ("Water Bottle"); followed by a count, a size or
    # the product's qualities, it is the product ("Tea Bags 100 Count", "Hair Extensions 22 Inch Natural Straight").
    return not after or after[0] in COLLECTIVE or bool(re.match(r"[\d.]", after[0])) or head_share(after[0]) < NOUN_AFTER_HEAD


def _words_said(value: str, text: str) -> bool:
    """Every word of an offered value ("Peanut Butter", "Large") is in the text, standing alone."""
    words = re.findall(r"[a-z0-9.]+", value.lower())
    lowered = text.lower().replace("gray", "grey")
    return bool(words) and all(re.search(rf"(?<![\w.-]){re.escape(w)}(?![\w-]|\.\d)", lowered) for w in words)


def _value_kind(value: str) -> str:
    """What kind of value a store offers: a size, a quantity, a colour, or something else (a flavour)."""
    found = find_options(value)
    if found and found[0].start == 0:
        return found[0].kind
    return "size" if re.fullmatch(r"\d{1,2}(?:\.5)?", value.strip()) else "other"


def named_option(intent: str, group_name: str, options: list[str]) -> tuple[str | None, bool]:
    """(the option the intent names, whether it names one of this kind the product lacks)."""
    return Intent.parse(intent).choose(group_name, options)


def names_value(text: str, value: str) -> bool:
    """Does the text name this option value (under any spelling: XL for X-Large, 8oz for 8 Fl Oz)?"""
    return any(offers(n.value, value) for n in find_options(text)) or _rating_says(text, value) or _words_said(value, text)


def _rating_says(text: str, value: str) -> bool:
    """A rating in the text is the measure asked for ("40L" in a title for "40 liter")."""
    asked = canonical_value(value).split()
    return len(asked) == 2 and any(spec_words(s.text.replace(" ", "")) == asked for s in find_specs(text))


def options_named(text: str) -> list[str]:
    """Every size, quantity and colour the text names, in canonical form."""
    return [n.value for n in find_options(text)]
