"""Read what a person asks for, however they phrase it.

The text is read in passes, each taking out what it recognises so the next sees less:
1. the price limit ("under $25", "50 bucks max");
2. what the product must not be ("nothing upholstered");
3. option values: sizes, quantities and colours (options.py);
4. a brand, when the reader is told which brands exist (a store's, say);
5. misspellings, put right against real shoppers' words (spelling.py);
6. what is left is parsed by spaCy's English pipeline (en_core_web_sm). Its noun phrases are
   the candidates for the product, each described by where it sits (after a want-word such as
   "looking for", governed by "for" as in "for my dad's birthday", inside a story about someone
   else, how often shoppers name products by its head noun, ...). Weights learned from
   hand-labelled intents (ranker.py) score the descriptions; the best is the product phrase.
   Its head noun, with the nouns before it, is the kind; its other words are what make it that
   kind. What the person says of it afterwards describes it.
"""

from __future__ import annotations

import itertools
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from shopagent.persona.intent.choices import settled
from shopagent.persona.intent.heads import UNSEEN, head_share
from shopagent.persona.intent.negation import MustNot, find_must_nots
from shopagent.persona.intent.options import Named, find_options, shades_spelt_out
from shopagent.persona.intent.price import PriceLimit, find_price_limit, in_digits, numbers_in_digits
from shopagent.persona.intent.ranker import FEATURES, phrase_score
from shopagent.persona.intent.specs import find_specs
from shopagent.persona.intent.spelling import correction, english_words, letters_spoken, usual_compounds
from shopagent.persona.intent.wordnet import available as wordnet_available
from shopagent.persona.intent.wordnet import lists, mostly_a_noun, never_a_product, sold_as_noun, trade_name

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MAX_INTENT_CHARS = 2000  # longer is not an intent; persona files are checked against it

WANT_RE = re.compile(
    r"\b(?:need|needs|want|wants|wanting|looking\s+for|look\s+for|searching\s+for|search\s+for|shopping\s+for|hunting\s+for|shop\s+for"
    r"|find\s+me|find|get\s+me|buy|buying|purchase|purchasing|order|ordering|get|getting|grab|after|in\s+the\s+market\s+for|would\s+like|i'?d\s+like|like\s+to\s+(?:buy|get)"
    r"|recommend|suggest|show\s+me|help\s+me\s+find|any|got|is\s+there|are\s+there|you(?:\s+guys|\s+all)?\s+(?:have|carry|sell|stock)"
    r"|(?:could|can|would)\s+do\s+with|after\s+getting|on\s+the\s+hunt\s+for|in\s+need\s+of|hoping\s+to\s+(?:find|get|buy)"
    r"|(?:has|have|needs?)\s+to\s+be|must\s+be)\b",
    re.I,
)
CONTAINERS = {"bag", "pack", "box", "pair", "set", "bottle", "jar", "case", "bundle", "can", "packet", "tub", "carton", "roll", "couple"}
# Nouns that name people, times, occasions and places a product is for, or stand in for a product
# without naming one: general English, never a store's words.
NOT_PRODUCTS = {
    "i", "me", "you", "it", "something", "anything", "thing", "things", "stuff", "item", "items", "one", "ones", "product",
    "products", "gift", "present", "idea", "option", "options", "kind", "type", "sort", "style", "brand", "quality", "price",
    "budget", "dollar", "buck", "size", "color", "colour", "flavor", "flavour", "scent", "dad", "mom", "mum", "mother",
    "father", "parent", "wife", "husband", "son", "daughter", "kid", "child", "baby", "toddler", "boy", "girl", "man",
    "men", "woman", "women", "friend", "niece", "nephew", "grandma", "grandpa", "grandmother", "grandfather", "sister",
    "brother", "teen", "teenager", "boyfriend", "girlfriend", "partner", "family", "guy", "people", "person", "coworker",
    "boss", "teacher", "roommate", "aunt", "uncle", "cousin", "birthday", "anniversary", "christmas", "holiday", "party",
    "wedding", "week", "day", "month", "year", "time", "weekend", "tonight", "morning", "night", "summer", "winter",
    "trip", "flight", "vacation", "room", "apartment", "place", "house", "home", "office", "course", "gym", "school",
    "college", "work", "job", "shift", "hey", "hi", "hello", "thanks", "please", "lol", "help", "look", "way", "lot",
    "bit", "deal", "sale", "shipping", "delivery", "store", "shop", "site", "amazon", "guys", "folks", "everyone",
    "length", "width", "height", "weight", "inch", "inches", "foot", "feet", "count", "piece", "ounce", "pound", "pack",
    "uk", "eu",
    "pls", "plz", "thx", "ty", "asap", "btw", "hours", "hour", "minutes", "saturday", "sunday", "monday",
    "friday", "weekends", "days", "weeks", "years", "months", "chance",
}  # fmt: skip
ATTRIBUTE_NOUNS = {"flavor", "flavour", "scent", "color", "colour", "shade", "taste", "smell"}
GENERIC_ADJECTIVES = {
    "good", "nice", "great", "best", "cheap", "new", "quality", "cute", "pretty", "perfect", "decent", "simple",
    "basic", "lovely", "awesome", "beautiful", "cool", "fancy", "affordable", "inexpensive", "reasonable", "reliable",
    "solid", "sturdy", "durable", "comfy", "comfortable", "little", "nice-looking", "other", "another", "some", "any",
    "real", "actual", "proper", "favorite", "favourite", "usual", "regular", "normal", "standard", "whole",
    "color", "colour", "clothing", "apparel", "product", "item", "stuff", "style", "styled", "type",
    "home", "old", "ideal", "ok", "okay", "same", "similar", "exact",
}  # fmt: skip
PURPOSE_PREPOSITIONS = {"for", "on", "to", "at", "in", "from", "during", "while", "by", "around", "of", "about", "like", "as", "with"}
GENDER_WORDS = {
    "men",
    "mens",
    "men's",
    "women",
    "womens",
    "women's",
    "woman's",
    "man's",
    "kids",
    "kid's",
    "boys",
    "girls",
    "unisex",
    "ladies",
    "guys",
}
RUN_POS = {"NOUN", "PROPN", "ADJ", "X", "NUM"}
FILLER_POS = {"NOUN", "PROPN", "ADJ", "INTJ", "NUM", "ADV"}  # what a person says around the product that could leak into a reason
LIKELY_HEAD = 0.4  # a word named the product at least this often in WebShop's instructions (heads.py)
UNLIKELY_HEAD = 0.2  # ... and at most this often (or never seen): a describing noun ("foam", "waist", "shockproof")
DESCRIBING_HEAD = 0.075  # ... and seldom at all: a material or quality ("cotton", "waterproof", "moisture")
COLLECTIVE_HEADS = {"set", "kit", "system", "bundle", "combo", "collection", "assortment", "organizer"}
HEAD_POS = {"NOUN", "PROPN"}

_nlp_lock = threading.Lock()


@cache
def _nlp() -> Any:
    import spacy

    from shopagent.persona.intent.model_files import spacy_model_dir

    return spacy.load(spacy_model_dir(), exclude=["senter"])


def load_language_model() -> None:
    """Load spaCy's pipeline now (about a second), so no shopper's first step waits for it."""
    _nlp()


@dataclass
class Reading:
    """Everything read from an intent."""

    text: str
    kind: str  # the product's name: head noun, singular, with the nouns before it ("tea bag")
    kind_words: list[str]  # the kind as written ("tea", "bags"), for searching
    essential: list[str] = field(default_factory=list)  # what makes it that kind, as written ("oolong")
    adjectives: list[str] = field(default_factory=list)  # those of the essential words that are adjectives ("decorative")
    describing: list[str] = field(default_factory=list)  # what else the person says of it
    must_not: list[str] = field(default_factory=list)
    options: list[Named] = field(default_factory=list)
    brand: str | None = None
    price_limit: float | None = None
    corrections: dict[str, str] = field(default_factory=dict)  # misspelt word -> what it meant
    filler: list[str] = field(default_factory=list)  # content words said around the product: purposes, chatter
    rest: str = ""  # the text less its price limit, must-nots and options: where other wishes (a flavour) are said
    made_for: str | None = None  # the model it must fit, "for iphone 13 pro max" -> "iphone 13 pro max": all or nothing


def _mask(
    text: str, spans: list[tuple[int, int]], quiet: list[tuple[int, int]], marked: tuple[list[tuple[int, int]], ...]
) -> tuple[str, tuple[list[int], ...]]:
    """The text less each span: a quiet one (a brand, an option, inside the product's phrase) leaves a space,
    any other (a price, a must-not) a comma, so the parse sees a break there. Also, for each group of `marked` spans
    (sizes and quantities; colours), where each stood in the masked text (the offset of the word after it)."""
    out, at = "", 0
    gaps: tuple[list[int], ...] = tuple([] for _ in marked)
    for start, end in sorted(spans):
        if start < at:
            continue
        out = (out + text[at:start]).rstrip(" ")
        out += " " if (start, end) in quiet else " , "
        for group, found in zip(marked, gaps):
            if (start, end) in group and out.strip():
                found.append(len(out))
        at = end
        while at < len(text) and text[at] == " ":
            at += 1
    return re.sub(r" {2,}", " ", out + text[at:]), gaps


def _brand_in(text: str, brands: tuple[str, ...]) -> tuple[str, int, int] | None:
    """A known brand the text names, written as the brand does or run together ("hydroflask")."""
    for brand in sorted(brands, key=len, reverse=True):
        first = next(iter(_mentions(text, brand)), None)
        if first is not None:
            return brand, *first
    return _brand_misspelt(text, brands)


def _mentions(text: str, brand: str) -> list[tuple[int, int]]:
    """Where the text names the brand, written as the brand does or run together ("hydroflask"): start and end of each."""
    key = re.sub(r"[^a-z0-9]", "", brand.lower())
    if len(key) < 3:
        return []
    squashed = [(m.start(), m.end(), re.sub(r"[^a-z0-9]", "", m.group(0).lower())) for m in re.finditer(r"[\w&'.-]+", text)]
    found = []
    for i in range(len(squashed)):
        joined = ""
        for j in range(i, min(i + 4, len(squashed))):
            joined += squashed[j][2]
            if joined == key:
                found.append((squashed[i][0], squashed[j][1]))
            if len(joined) >= len(key):
                break
    return found


def _brands_by_name(text: str) -> list[tuple[str, int, int]]:
    """Brands the store has not shown, known as people know one: a company's name, capitalised in a sentence that
    is not all capitals ("my usual Starbucks beans", "Chanel's argan oil"). Not in a title-cased text, where every
    word looks like a name."""
    words = re.findall(r"[A-Za-z]+", text)
    if not words or sum(w[0].isupper() for w in words) > len(words) / 2:
        return []
    with _nlp_lock:
        doc = _nlp()(text)
    found = []
    for ent in doc.ents:
        if len(ent) > 2 or not all(t.pos_ == "PROPN" and t.text[:1].isupper() and not t.is_upper for t in ent):
            continue
        if _a_given_name(doc, ent.start):
            continue
        # The parser takes an unknown name for a place or a product as often as for a company ("Kerrygold"): a name
        # WordNet does not list, capitalised as a name, is a brand; one it lists is a place or a thing ("Paris").
        named = ent.text[1:].islower() and not lists(ent.text.lower())  # not "GaN", a material's symbol
        if ent.label_ == "ORG" or (ent.label_ in ("GPE", "PRODUCT") and named):
            found.append((ent.text, ent.start_char, ent.end_char))
    return found + _trade_names(doc)


def _trade_names(doc: Doc) -> list[tuple[str, int, int]]:
    """A trade name WordNet knows, said before the kind it names ("levis mens relaxed fit jeans": Levi's). Said alone it
    stands for its kind ("a hoover for pet hair")."""
    found = []
    for token in doc:
        possessive = token.i + 1 < len(doc) and doc[token.i + 1].text in ("'s", "’s")  # "Levi" "'s", as the parser splits it
        said = token.text + "'s" if possessive else token.text
        known = trade_name(said) if token.is_alpha and len(token) > 3 else None
        if known is None:
            continue
        # before its kind, or said as the maker anywhere ("jeans but from Levi's")
        maker = token.i > 0 and doc[token.i - 1].lower_ in ("from", "by")
        names_it = [t for t in (doc if maker else doc[token.i + 1 :]) if singular(t.lower_) in known[1] or t.lower_ in known[1]]
        if names_it:
            found.append((known[0], token.idx, token.idx + len(said)))
    return found


def _a_given_name(doc: Doc, start: int) -> bool:
    """A name said right after someone's own ("our old lab Biscuit", "my cat Luna"): the name of that one."""
    before = doc[start - 1] if start > 0 else None
    return before is not None and before.pos_ == "NOUN" and any(c.dep_ == "poss" for c in before.children)


# "something similar to the Pilot chair": the brand of the product to be like.
# ... or compared with, or to be had instead ("more stretch than my carhartts", "instead of Levi's").
LIKE_RE = re.compile(
    r"\b(?:similar\s+to|same\s+as|alternative\s+to|dupe\s+(?:of|for)|than|instead\s+of|unlike)\s+(?:the\s+|my\s+|a\s+|an\s+|those\s+)?$",
    re.I,
)
# "the Wyze or the Denon one", "Purell vs Philips": a brand set against another, known to the store or not.
ALTERNATIVE_RE = re.compile(r"\b[A-Z][\w&'-]*\s+(?:or|vs\.?|versus)\s+(?:the\s+)?$")
ALTERNATIVE_AFTER_RE = re.compile(r"\s+(?:or|vs\.?|versus)\s+(?:the\s+)?[A-Z][\w&'-]*\b")
LIKE_BEFORE_RE = re.compile(r"\blike\W+(?:\w+\W+){0,2}$", re.I)  # "like" up to three words before, to be parsed


def _a_likeness(text: str, start: int) -> bool:
    """Is the name said as what the product is to be like ("like my Carhartt jeans", "similar to the Pilot chair")?"""
    before = text[:start]
    return bool(LIKE_RE.search(before) or re.search(r"\blike\s+(?:my|our|the|a|an|those|these)\s+$", before, re.I))


def _meant_brand(text: str, found: tuple[str, int, int] | None, brands: tuple[str, ...]) -> tuple[str, int, int] | None:
    """The brand the person wants: the first one named, else another named after a likeness ("like my Carhartt jeans
    but from Levi's")."""
    if found is None or _brand_meant(text, found, brands):
        return found
    others = sorted((m[0], b, m[1]) for b in brands if b != found[0] for m in _mentions(text, b))
    return next(((b, start, end) for start, b, end in others if _brand_meant(text, (b, start, end), brands)), None)


def _brand_meant(text: str, found: tuple[str, int, int], brands: tuple[str, ...]) -> bool:
    """Is the brand named one the person wants? Not where another brand is named as often ("the Wyze or the Denon one",
    "Purell vs Philips"), not the one the product is to be like ("something like the Pilot chair but cheaper"), and not
    a brand that is an everyday word said as that word ("the kind with 10 colours", "kind of like a hoodie")."""
    brand, start, end = found
    named = {b: len([m for m in _mentions(text, b) if not _a_likeness(text, m[0])]) for b in {*brands, brand}}
    if any(n >= max(named[brand], 1) for b, n in named.items() if b != brand):
        return False
    if LIKE_RE.search(text[:start]) or ALTERNATIVE_RE.search(text[:start]) or ALTERNATIVE_AFTER_RE.match(text[end:]):
        return False
    everyday = text[start:end].islower() and brand.lower() in english_words()
    if not everyday and not LIKE_BEFORE_RE.search(text[:start]):
        return True  # nothing left that needs the parse
    with _nlp_lock:
        doc = _nlp()(text)
    first = next((t for t in doc if t.idx >= start), None)
    if first is None:
        return True
    said_before = [t for t in doc[max(0, first.i - 3) : first.i] if t.tag_ not in ("DT", "PDT", "PRP$")]
    if said_before and said_before[-1].lower_ == "like" and said_before[-1].pos_ in ("ADP", "SCONJ"):
        return False  # "like" as a preposition; "I'd like the KIND bars" wants them
    if not everyday:
        return True
    # An everyday word in lower case: a brand where it names the product ("kind bars"), not after "the" or before "of",
    # and not where it is itself the noun said of ("the low temp kind", "not the wrinkle free kind").
    before = doc[first.i - 1] if first.i > 0 else None
    after = doc[first.i + 1] if first.i + 1 < len(doc) else None
    determined = before is not None and before.tag_ in ("DT", "WDT", "PDT")
    names_what_follows = after is not None and after.pos_ not in ("ADP", "ADV", "SCONJ", "PRON", "AUX", "PART", "PUNCT")
    described = before is not None and before.head == first and before.pos_ in ("ADJ", "NOUN", "PROPN", "VERB")
    return not determined and names_what_follows and not described


def _brand_slips(word: str, brand: str) -> int:
    """How many slips a word may have from a brand's name: two in six letters or more ("osprie": Osprey), else one."""
    return 2 if min(len(word), len(brand)) >= 6 and not lists(word) else 1  # not "millet" for MIULEE


def _brand_misspelt(text: str, brands: tuple[str, ...]) -> tuple[str, int, int] | None:
    """A one-word brand written one or two letters off ("sketchers" for Skechers, "osprie" for Osprey), by a word that
    is no English word."""
    from rapidfuzz.distance import OSA

    keys = {b.lower(): b for b in brands if re.fullmatch(r"[A-Za-z]{5,}", b)}
    for m in re.finditer(r"[A-Za-z]{5,}", text):
        word = m.group(0).lower()
        if word in english_words() or singular(word) in english_words():
            continue
        near = [b for k, b in keys.items() if k[0] == word[0] and OSA.distance(word, k, score_cutoff=2) <= _brand_slips(word, k)]
        if len(near) == 1:
            return near[0], m.start(), m.end()
    # A brand of two or three words, one letter off in all ("under armor"): its words may each be English ones.
    words = list(re.finditer(r"[A-Za-z]+", text))
    for brand in brands:
        key = brand.lower()
        n = len(key.split())
        if n < 2 or len(key) < 8 or not re.fullmatch(r"[a-z ]+", key):
            continue
        for i in range(len(words) - n + 1):
            said = " ".join(w.group(0).lower() for w in words[i : i + n])
            if said[0] == key[0] and OSA.distance(said, key, score_cutoff=1) == 1:
                return brand, words[i].start(), words[i + n - 1].end()
    return None


def _spelling(text: str, protected: list[tuple[int, int]]) -> tuple[str, dict[str, str]]:
    fixed: dict[str, str] = {}

    def put_right(m: re.Match[str]) -> str:
        if any(s <= m.start() < e for s, e in protected) or m.group(0).isupper():
            return m.group(0)  # a brand, or letters in capitals (XXL, USB)
        better = correction(m.group(0))
        if better is None:
            return m.group(0)
        fixed[m.group(0).lower()] = better
        return better

    return re.sub(r"(?<![\dA-Za-z])[A-Za-z]+(?:-[A-Za-z]+)*(?![\dA-Za-z])", put_right, text), fixed  # not a model's letters ("sx610")


def singular(word: str) -> str:
    word = word.lower()
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and re.search(r"(ss|x|ch|sh)es$", word):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _said_after_the_product(current: list[Token], doc: Doc) -> None:
    """Take off the end of a phrase what is said after its product, in place."""
    while len(current) > 1 and current[-1].tag_ in ("VBN", "VBD") and not _can_head(current[-1]):
        current.pop()  # "beef flavor made in the usa": a participle that begins what is said after the phrase
    if len(current) > 1 and current[-1].lower_ in ATTRIBUTE_NOUNS:
        del current[-2:]  # "sparkling water lime flavour", "toothpaste in mint flavor": the value of a flavour, not the product
    if len(current) > 2 and _said_after(current[-2:]) and any(_can_head(t) for t in current[:-2]):
        del current[-2:]  # "gummies sugar free", "mat dishwasher safe": a noun and its adjective after the product, one quality
    if len(current) > 2 and _a_named_size(current[-2]) and any(_can_head(t) for t in current[:-2]):
        del current[-2:]  # "hand sanitizer travel size": a size said by name after the product
    if len(current) > 1 and current[-1].lower_ in doc.user_data.get("spec_words", ()) and _can_head(current[-2]):
        current.pop()  # "hiking backpack 40l": a rating said after the product
    said_after = len(current) > 1 and current[-1].pos_ in HEAD_POS and _can_head(current[-2])
    if said_after and head_share(current[-1].text) < LIKELY_HEAD and _no_noun(current[-1]):
        current.pop()  # "frying pan nonstick": a word English has no noun for, said after the product


def _no_noun(token: Token) -> bool:
    """A word WordNet lists, but never as a noun ("nonstick", "foldable", "cordless"); not a plural ("gummies", "thins")."""
    word = token.lower_
    return token.is_alpha and singular(word) == word and sold_as_noun(word) is None and lists(word)


def _runs(doc: Doc) -> list[list[Token]]:
    """Noun phrases without their determiners: maximal runs of describing words ending in a noun."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    gaps = doc.user_data.get("option_gaps", set())

    def close() -> None:
        _said_after_the_product(current, doc)
        while current and (
            not _can_head(current[-1])
            or current[-1].lower_ in QUALITY_ENDS
            or current[-1].ent_type_ in ("DATE", "TIME", "MONEY")
            or current[-1].lower_ in GENDER_WORDS
            or (len(current) > 1 and current[-1].lower_ in NOT_PRODUCTS)  # "hair dryer pls"
        ):
            if current[-1].lower_ in QUALITY_ENDS and len(current) > 1:
                current.clear()  # "paraben free and ...": the noun is what it is free of, no product
                break
            current.pop()
        if current:
            runs.append(list(current))
        current.clear()

    for token in doc:
        word_like = (
            token.pos_ in RUN_POS
            or (token.dep_ in ("compound", "amod", "nmod") and token.head.i > token.i and token.pos_ not in ("ADP", "DET", "PRON", "CCONJ"))
            or (token.pos_ == "VERB" and token.tag_ in ("VBG", "VBN"))
            or _opens_a_fragment(token)
            or _between_nouns(token)
            or (token.is_alpha and not token.is_stop and head_share(token.text) >= LIKELY_HEAD)  # a product noun tagged otherwise
        )
        if WANT_RE.fullmatch(token.lower_) and current:
            close()  # "this saturday need dinosaur cupcake toppers": a want begins the product's phrase
            continue
        if token.lower_ in GENDER_WORDS or token.lower_ == "'s" or WANT_RE.fullmatch(token.lower_):
            continue  # "mens running shoes": who it is for, said inside the phrase
        following = doc[token.i + 1].pos_ if token.i + 1 < len(doc) else ""
        participle = not word_like and token.tag_ in ("VBD", "VBN") and len(current) == 1 and current[0].i == token.i - 1
        if participle and following in ("ADJ", "NOUN", "PROPN", "VERB"):
            current.clear()  # "wall mounted floating tv stand": a noun and its participle are one quality
            continue
        if word_like and not token.is_punct:
            if token.pos_ == "NUM" and not current:
                continue
            if current and _counts_containers(token) and _names_a_product(current):
                close()  # "hand sanitizer 3 bottles": how many it comes in, after the product
                continue
            if token.idx in gaps and current and _names_a_product(current):
                close()  # "frying pan 12in induction", "skinny jeans 32x32 light wash": after a size, other wishes
                doc.user_data.setdefault("after_size", set()).add(token.i)
            current.append(token)
        else:
            close()
    close()
    return runs


def _counts_containers(number: Token) -> bool:
    """A number before a container that holds nothing named after it ("3 bottles", not "3 bottles of lotion")."""
    doc = number.doc
    container = doc[number.i + 1] if number.i + 1 < len(doc) else None
    after = doc[number.i + 2] if number.i + 2 < len(doc) else None
    holds = after is not None and after.lower_ == "of"
    return number.like_num and container is not None and singular(container.lower_) in CONTAINERS and not holds


def _a_named_size(token: Token) -> bool:
    """A word naming a size, said before "size" ("travel size", "family size"); not a number's ("8 wide size") nor a
    product noun's ("ssd size")."""
    doc = token.doc
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if following is None or following.lower_ != "size" or following.idx in doc.user_data.get("option_gaps", ()):
        return False  # "full xl size": the size was a letter taken out, the word before it is something else
    ends = following.i + 1 == len(doc) or (doc[following.i + 1].is_punct and doc[following.i + 1].text != ":")  # not "size: 12"
    counted = token.i > 0 and token.nbor(-1).like_num
    named = token.is_alpha and token.pos_ in ("NOUN", "PROPN", "ADJ") and head_share(token.text) < UNLIKELY_HEAD
    return ends and named and not counted


def _said_after(pair: list[Token]) -> bool:
    """A noun and the adjective after it ending the phrase ("sugar free", "water resistant"): English puts an adjective
    before its noun, so the two are one quality said the other way round, as of a product named before them."""
    noun, adjective = pair
    following = adjective.nbor(1) if adjective.i + 1 < len(adjective.doc) else None
    ends = following is None or following.is_punct  # "holder easy to clean", "tablecloth fit for": a judgement, said on
    return ends and noun.pos_ in HEAD_POS and adjective.pos_ == "ADJ" and head_share(noun.text) < LIKELY_HEAD and not noun.like_num


def _names_a_product(run: list[Token]) -> bool:
    """Does the phrase so far end in a product noun: a likely head, or a noun not known to describe after another word?"""
    last = run[-1]
    share = head_share(last.text)
    return last.pos_ in HEAD_POS and (share >= LIKELY_HEAD or (len(run) > 1 and share >= UNLIKELY_HEAD))


def _retag_phrase_nouns(doc: Doc) -> Doc:
    """Nouns the tagger read as verbs at the end of a noun phrase ("coat rack in solid wood", "brush set 15 pc"):
    a finite verb right after a noun, taking no object, that names products in shoppers' words, a set or kit, or
    follows an article and that noun ("a gps watch"), or one English mostly uses as a noun, before a noun ("acid face
    moisturizer");
    and words it read as pronouns that English has not ("usb", "bluetooth")."""
    for token in doc:
        if token.pos_ == "PRON" and not token.is_stop and token.is_alpha:
            token.pos_, token.tag_ = "PROPN", "NNP"  # "usb", "bluetooth": no pronoun of English
    for token in doc[1:]:
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if (
            token.pos_ == "VERB"
            and (token.tag_ in ("VB", "VBD", "VBP", "VBZ") or (token.tag_ == "VBN" and token.lower_ in COLLECTIVE_HEADS))
            and doc[token.i - 1].pos_ in HEAD_POS
            and not doc[token.i - 1].is_stop
            and (following is None or following.pos_ not in ("DET", "PRON", "PART", "ADV", "VERB", "AUX"))
            and (
                token.lower_ in COLLECTIVE_HEADS
                or head_share(token.text) > UNSEEN
                or _after_an_article(token)
                or (following is not None and following.pos_ in HEAD_POS and (mostly_a_noun(token.lower_) or _a_plural_sold(token)))
            )
        ):
            token.pos_, token.tag_ = "NOUN", "NN"
    return doc


def _a_plural_sold(token: Token) -> bool:
    """A plural noun of a thing sold read as a verb after a bare noun opening the sentence ("dog treats chicken flavor"):
    no determiner, no pronoun, so no subject and verb."""
    before = token.nbor(-1)
    opening = all(t.pos_ in ("ADJ", "NOUN", "PROPN") for t in token.sent[: before.i - token.sent.start + 1])
    return token.tag_ == "VBZ" and opening and bool(sold_as_noun(singular(token.lower_)))


def _after_an_article(token: Token) -> bool:
    """A bare verb form after an article and a noun ("a gps watch"): no verb can stand there, so it is a noun."""
    return token.tag_ == "VB" and token.i > 1 and token.nbor(-2).pos_ == "DET"


def _between_nouns(token: Token) -> bool:
    """A participle inside a noun phrase ("bee themed cupcake toppers", "hand crafted tea")."""
    doc = token.doc
    return (
        token.pos_ == "VERB"
        and token.lower_.endswith("ed")
        and 0 < token.i < len(doc) - 1
        and doc[token.i - 1].pos_ in ("NOUN", "PROPN", "ADJ")
        and doc[token.i + 1].pos_ in ("NOUN", "PROPN", "ADJ")
    )


def _opens_a_fragment(token: Token) -> bool:
    """A verb-tagged first word of a phrase with no verb of its own ("cast iron skillet", "tinted lip oil"): a modifier."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    attributive = token.i == 0 or token.nbor(-1).pos_ in ("DET", "ADJ", "NUM", "PUNCT")
    return (
        token.pos_ == "VERB"
        and attributive
        and not WANT_RE.fullmatch(token.lower_)
        and following is not None
        and following.pos_ in ("NOUN", "PROPN", "ADJ")
    )


def _can_head(token: Token) -> bool:
    return token.pos_ in HEAD_POS or (token.is_alpha and head_share(token.text) >= LIKELY_HEAD)


def _head_index(run: list[Token]) -> int:
    """Where the run's product noun is: the last noun, unless a more product-like noun comes before
    words that describe it ("yoga pants high waist", "walking shoes memory foam")."""
    candidates = [i for i, t in enumerate(run) if _can_head(t) and not _not_a_product(run[: i + 1])]
    if not candidates:
        return len(run) - 1
    last = candidates[-1]
    if run[last].lower_ in COLLECTIVE_HEADS:
        return last  # "brush set", "camera system": the set is what is bought
    best = max(head_share(run[i].text) for i in candidates)
    if best < LIKELY_HEAD:
        return last
    head = max(i for i in candidates if head_share(run[i].text) >= 0.5 * best)
    # Only a phrase of describing words may follow the head ("memory foam", "high waist"), never another product
    # noun, and never a single noun: "board game", "coat rack" are compounds whose last noun is the head.
    trailing = run[head + 1 :]
    # "speaker waterproof", "hoodie cotton": a quality said after the product, in a terse list. After an article the
    # last noun is the head ("a family board game").
    terse = run[0].i == 0 or run[0].nbor(-1).pos_ != "DET"
    # Not where the two are one name WordNet lists for a thing ("board game", "card game").
    named_together = bool(trailing) and lists(f"{run[head].text} {trailing[0].text}")
    # "tea bags oolong": English puts no plural before a compound's last noun, so a plural product noun before a word
    # shoppers do not name products by ends the product's name.
    plural_before = singular(run[head].lower_) != run[head].lower_ and head_share(trailing[0].text) <= UNSEEN if trailing else False
    describes = _describes(trailing[0]) or plural_before if trailing else False
    if terse and len(trailing) == 1 and head_share(run[head].text) >= LIKELY_HEAD and describes and not named_together:
        return head
    # "usb-c charger foldable plug": an adjective after a product noun starts what is said of it (English puts an
    # adjective before its noun), in a terse list.
    said_after = [i for i in candidates[:-1] if head_share(run[i].text) >= LIKELY_HEAD and run[i + 1].pos_ == "ADJ"]
    if terse and said_after:
        return said_after[0]
    if len(trailing) < 2 or any(t.pos_ in HEAD_POS and head_share(t.text) >= UNSEEN for t in trailing):
        return last
    return head


def _describes(token: Token) -> bool:
    """A word that all but never names a product (a material, a quality) and is not written as a plural, as product
    nouns often are ("computer glasses", "dog toys")."""
    return head_share(token.text) < DESCRIBING_HEAD and token.tag_ != "NNS" and singular(token.lower_) == token.lower_


def _head_ok(run: list[Token]) -> bool:
    head = run[-1]
    return (
        not _not_a_product(run)
        and head.ent_type_ not in ("DATE", "TIME", "MONEY", "CARDINAL", "QUANTITY", "PERCENT", "ORDINAL")
        and len(head.text) > 1
    )


def _not_a_product(run: list[Token]) -> bool:
    """Does the phrase end in a word that names no product: a person, time, place or the like ("dad", "birthday"), or
    one WordNet knows only so or not as a noun ("graduation", "nephew", "retires") and shoppers never name products by,
    alone or after a noun that names no product either ("stepdad retires")? A describing word before it may make it a
    product ("stuffed animal")."""
    head = run[-1].lower_
    if head in NOT_PRODUCTS or singular(head) in NOT_PRODUCTS:
        return True
    if head_share(head) >= LIKELY_HEAD or not never_a_product(head):
        return False
    return len(run) == 1 or sold_as_noun(run[-2].lower_) is False


def _governing_preposition(head: Token) -> Token | None:
    if head.dep_ == "pobj" and head.head.pos_ == "ADP":
        return head.head
    return None


def _in_a_story(head: Token) -> bool:
    """Is the phrase said of someone else ("he", "my son"), outside a request? The subject is the nearest verb's,
    or, for a verb that has none ("keeps stealing my sweatshirts"), the verb's it depends on."""
    verbs = [t for t in head.ancestors if t.pos_ in ("VERB", "AUX")]
    if not verbs or (WANT_RE.search(verbs[0].text) and _asked(verbs[0])):
        return False
    for verb in verbs:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and head in subject.subtree and any(c.lower_ in ("a", "an") for c in head.children):
            continue  # "I thought a sparkling drink would be nice": a thing wished for is its verb's subject; who says so?
        if subject is not None:
            return subject.lower_ not in ("i", "we", "you") and not WANT_RE.search(verb.text)
        if verb.dep_ not in ("xcomp", "conj"):
            return False
    return False


def _counted(of: Token) -> bool:
    """Does "of" follow a count or a container ("3 pack of", "a box of"), or a quantity the reader took out?"""
    before = of.nbor(-1) if of.i > 0 else None
    return (
        before is None or before.is_punct or before.is_space or before.like_num or singular(before.lower_) in CONTAINERS | COLLECTIVE_HEADS
    )


HEDGES = {"maybe", "perhaps", "probably", "possibly", "ideally", "like", "preferably", "so"}  # "so" after a story: ", so a ..."


def _after_a_break(token: Token) -> bool:
    """Punctuation, or a hedge right after it ("..., maybe a spice rack")."""
    return token.is_punct or (token.lower_ in HEDGES and (token.i == 0 or token.nbor(-1).is_punct))


def _wanted(doc: Doc, start: int) -> bool:
    """A want-word comes shortly before the phrase, with no other verb between ("need something to organize my spices"
    wants something, not spices)."""
    window = doc[max(0, start - 5) : start]
    said = WANT_RE.search(" ".join(t.lower_ for t in window))
    wants = [t.i for t in window if WANT_RE.fullmatch(t.lower_) and _asked(t)] or (
        [window[-1].i] if said and " " in said.group(0) else []  # a want of several words ("looking for")
    )
    if not wants:
        return False
    between = doc[wants[-1] + 1 : start]
    return not any(t.pos_ == "VERB" and not WANT_RE.fullmatch(t.lower_) and t.tag_ not in ("VBG", "VBN") for t in between)


def _asked(want: Token) -> bool:
    """A want-word that asks ("need", "get me"), not one that tells what happened or what others did ("Grandpa just got
    new dentures", "I ordered the wrong size")."""
    subject = next((c for c in want.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return want.tag_ not in ("VBD",) and (subject is None or subject.lower_ in ("i", "we", "you"))


def phrase_features(run: list[Token], doc: Doc, index: int, count: int) -> list[float]:
    """Where the noun phrase sits in what was said, as ranker.FEATURES names it: the evidence that it is the product."""
    head = run[-1]
    start = run[0].i
    preceding = " ".join(t.lower_ for t in doc[max(0, start - 5) : start])
    preposition = _governing_preposition(head)
    asked_for = re.search(r"(looking|searching|shopping|hunting|market|ask|asking)\s+(?:\w+\s+)?for\s*(?:\w+\s+)?$", preceding)
    # "could do with a big bag", "in need of a lamp": the preposition is the want's own
    own = preposition is not None and bool(re.search(r"\b(?:do\s+with|need\s+of)$", doc[: preposition.i + 1].text.lower()))
    wanted = bool((_wanted(doc, start) and (preposition is None or preposition.lower_ == "for" or own)) or asked_for)
    counted = not wanted and preposition is not None and preposition.lower_ == "of" and _counted(preposition)
    purpose = not wanted and not counted and preposition is not None and preposition.lower_ in PURPOSE_PREPOSITIONS
    root = head.dep_ == "ROOT"
    apposed = not root and head.dep_ in ("appos", "conj", "npadvmod") and not any(t.pos_ == "VERB" for t in head.ancestors)
    before = doc[start - 1] if start > 0 else None
    if before is not None and before.pos_ == "ADP" and start > 1:
        before = doc[start - 2]  # ": under bed storage organizer": the phrase began at the preposition
    named_after = before is not None and (before.text == ":" or (before.text in ("-", "—", "–") and bool(before.whitespace_)))
    broke_at = before if named_after else None
    head_word = run[_head_index(run)]
    named = named_after and head_share(head_word.text) >= LIKELY_HEAD
    article = not named and start > 1 and doc[start - 1].lower_ in ("a", "an", "some") and _after_a_break(doc[start - 2])
    if article:
        broke_at = doc[start - 2]
    sold = sold_as_noun(head_word.lower_)
    evidence = {
        "wanted": wanted,
        "counted": counted,
        "purpose": purpose,
        "root": root,
        "apposed": apposed,
        "object": not root and not apposed and (head.dep_ == "dobj" or index == 0),
        "after_size": start in doc.user_data.get("after_size", ()),
        "in_story": _in_a_story(head),
        "in_clause": any(t.dep_ in ("relcl", "acl") for t in head.ancestors),
        "named_after_break": named,
        "article_after_break": article,
        "rejoined": bool(
            broke_at is not None and preposition is not None and preposition.i < broke_at.i and preposition.lower_ in PURPOSE_PREPOSITIONS
        ),
        "head_share": head_share(head_word.text),
        "index": index,
        "last": index == count - 1,
        "sold": sold is True,
        "not_sold": sold is False,
        "length": len(run),
        "plural": head_word.tag_ == "NNS",
        "proper": head_word.pos_ == "PROPN",
        "determiner": start > 0 and doc[start - 1].lower_ in ("a", "an", "some", "the"),
    }
    return [float(evidence[name]) for name in FEATURES]


def _candidates(doc: Doc) -> list[list[Token]]:
    return [r for r in _runs(doc) if _head_ok(r) and not _container_of_a_quantity(r)]


def _product_run(doc: Doc) -> list[Token] | None:
    runs = _candidates(doc)
    if not runs:
        return None
    features = [phrase_features(r, doc, i, len(runs)) for i, r in enumerate(runs)]
    best = _best_of(range(len(runs)), features, 0)
    chosen = _completed(runs[_not_a_part(best, runs, features, doc)], runs, doc)
    # "looking for big and tall cowboy cut, comfortable fit original jeans": the phrase asked for, joined to the chosen
    # one, begins the product's phrase.
    asked = [_completed(r, runs, doc) for r, f in zip(runs, features, strict=True) if f[FEATURES.index("wanted")]]
    longer = [c for c in asked if len(c) > len(chosen) and c[-len(chosen) :] == chosen]
    return max(longer, key=len) if longer else chosen


def _best_of(indices: Iterable[int], features: list[list[float]], fallback: int) -> int:
    """The candidate the ranker scores highest, of those given; `fallback` when none is."""
    return max(indices, key=lambda i: phrase_score(features[i]), default=fallback)


def _not_a_part(best: int, runs: list[list[Token]], features: list[list[float]], doc: Doc) -> int:
    """The ranker's choice, unless it names what the person has or what the product has or does: then the best other."""
    wanted = FEATURES.index("wanted")
    if _owned(runs[best]):  # "an amp for my bookshelf speakers": what the person has is not what they ask for
        best = _best_of((i for i, r in enumerate(runs) if features[i][wanted] and not _owned(r)), features, best)
    if _feature_required(runs[best][-1], []) is not None:  # "denture box, it must have a mirror": a part of the product
        best = _best_of((i for i, r in enumerate(runs) if r[-1].i < runs[best][0].i), features, best)
    if _said_with(runs[best]):  # "earbuds w/ charging case", "40L, with rain cover, ...: hiking backpack": a part
        at = _with_at(runs[best])
        before = next((i for i, r in enumerate(runs) if r[-1].i == at - 1 and _can_head(r[-1])), None)
        listed = doc[at - 1].is_punct  # after a list's comma, the product may come anywhere
        others = (i for i, r in enumerate(runs) if listed and not _said_with(r))
        best = before if before is not None else _best_of(others, features, best)
    if _names_a_doing(runs[best][-1]):  # "earbuds ... noise cancelling": what a product does, said of it
        best = _best_of((i for i, r in enumerate(runs) if not _names_a_doing(r[-1])), features, best)
    return best


def _with_at(run: list[Token]) -> int:
    """Where the "with" before the phrase is (past its article), or -1."""
    start = run[0].i - 1
    while start > 0 and run[0].doc[start].pos_ == "DET":
        start -= 1
    doc = run[0].doc
    # not "could do with a big bag of ...": a verb's "with"
    return start if start > 0 and doc[start].lower_ == "with" and doc[start - 1].pos_ not in ("VERB", "AUX") else -1


def _said_with(run: list[Token]) -> bool:
    """Is the phrase what the product comes "with" ("earbuds with a charging case")? No product of its own."""
    return _with_at(run) > 0


def _names_a_doing(head: Token) -> bool:
    """A verb's -ing form WordNet lists as no noun ("cancelling", "charging"; not "clothing", "bedding"): it names what a
    product does, not the product."""
    word = head.lower_
    return word.endswith("ing") and head_share(word) < LIKELY_HEAD and wordnet_available() and sold_as_noun(word) is None


OWNERS = {"my", "our", "his", "her", "their", "your"}


def _owned(run: list[Token]) -> bool:
    """A phrase said as someone's own ("my bookshelf speakers")."""
    start = run[0].i
    return start > 0 and run[0].doc[start - 1].lower_ in OWNERS


def _completed(best: list[Token], runs: list[list[Token]], doc: Doc) -> list[Token]:
    """The chosen phrase joined to the product it describes, or, for a container, the phrase of what it holds."""
    best = _joined_to_product(best, runs, doc)
    # "a bag of pineapples", "a pair of shoes": the product is what the container holds.
    after = doc[best[-1].i + 1 : best[-1].i + 3]
    if len(after) > 1 and after[0].lower_ in CONTAINERS and after[1].lower_ == "of":
        after = after[1:]  # "a variety pack of granola bars": "pack" was left out of the phrase
    elif best[-1].lower_ not in CONTAINERS | {c + "s" for c in CONTAINERS}:
        after = after[:0]
    if len(after) and after[0].lower_ == "of":
        inner = next((r for r in runs if r[0].i > best[-1].i), None)
        if inner is not None:
            return inner
    return best


def _container_of_a_quantity(run: list[Token]) -> bool:
    """A container named right after a quantity ("8 fl oz bottle", "16 ounce tub") or counted after the product ("hand
    sanitizer 3 bottles"): how the product comes, not what."""
    gaps = run[0].doc.user_data.get("option_gaps", set())
    if len(run) != 1 or singular(run[0].lower_) not in CONTAINERS:
        return False
    doc, i = run[0].doc, run[0].i
    # "hand sanitizer 3 bottles": a count of containers after the product, with nothing said to be in them
    counted_after = i > 1 and _counts_containers(doc[i - 1]) and doc[i - 2].pos_ in HEAD_POS
    return counted_after or any(0 <= run[0].idx - g <= 1 for g in gaps)


def _joined_to_product(run: list[Token], runs: list[list[Token]], doc: Doc) -> list[Token]:
    """A phrase whose head seldom names a product ("cowboy cut", "blue cheese", "ultra hd"), joined by a comma, an
    "and" or a describing word to a phrase whose head often does ("original jeans", "chive steak sauce", "wired ...
    camera system"), describes that product: the two are one phrase."""
    share = head_share(run[_head_index(run)].text)
    after = next((r for r in runs if r[0].i > run[-1].i), None)
    if share >= UNLIKELY_HEAD or after is None or head_share(after[_head_index(after)].text) < LIKELY_HEAD:
        return run
    between = doc[run[-1].i + 1 : after[0].i]
    if len(between) > 2 or any(t.is_sent_start or not (t.text == "," or t.lower_ == "and" or t.pos_ in ("ADV", "ADJ")) for t in between):
        return run
    return [*run, *(t for t in between if t.is_alpha and t.lower_ != "and"), *after]


def _describing(doc: Doc, run: list[Token], taken: set[int]) -> list[str]:
    """Content words said of the product after it, in its sentence, outside purposes and fillers."""
    words: list[str] = []
    in_purpose = False
    for token in doc[run[-1].i + 1 :]:
        if token.is_sent_start and token.i > run[-1].i + 1:
            break
        if token.lower_ in PURPOSE_PREPOSITIONS or token.lower_ == "than":
            # what it is for, or compared with ("than my cast iron one"), is no wish for the product itself
            in_purpose = token.lower_ in ("for", "to", "on", "at", "during", "while", "than")
            use = token.nbor(1) if token.lower_ == "for" and token.i + 1 < len(doc) else None
            if use is not None and use.tag_ == "VBG" and use.i not in taken:
                words.append(use.lower_)  # "sneakers for running": the use it is made for, as a store would name it
            continue
        if token.is_punct:
            in_purpose = False
            continue
        if in_purpose or token.i in taken or token.lower_ in NOT_PRODUCTS or _generic(token):
            continue
        if token.i > 0 and _counts_containers(token.nbor(-1)):
            continue  # "3 bottles": how many it comes in
        if token.pos_ in ("ADJ", "NOUN", "PROPN") or (token.pos_ == "VERB" and token.tag_ in ("VBG", "VBN", "VBD")):
            words.append(token.lemma_.lower() if _compared(token) else token.lower_)
    return words


def _qualities(doc: Doc, run: list[Token], taken: set[int]) -> list[str]:
    """What the product must be, said apart from its name: an item of a terse list ("gel pens, fine point", "high waist,
    yoga pants", "10 lb / unscented / cat litter"), said of it in a clause ("a speaker that's waterproof"), or set
    against a likeness ("like ballet flats but foldable")."""
    found: list[str] = []
    segment: list[Token] = []
    # A sentence before the product's tells a story ("Total disaster, bristles everywhere"), unless all before it is a
    # list without a verb ("plum, waterproof, under $20, cruelty free. eye shadow stick").
    before = doc[: run[0].sent.start]
    story_ends = run[0].sent.start if any(t.pos_ in ("VERB", "AUX") for t in before) else 0
    for token in [*doc, None]:
        if token is None or token.is_punct or token.is_space or token.text in ("/", ";"):
            quality = _listed_quality(segment, taken) if segment and segment[-1].i >= story_ends else None
            if quality:
                found.append(quality)
            segment = []
        else:
            segment.append(token)
    named_sizes = [t for t in doc[run[-1].i + 1 :] if _a_named_size(t) and t.i not in taken]
    found += [f"{t.lower_} size" for t in named_sizes if t.lower_ not in SIZE_WORDS | GENERIC_ADJECTIVES]  # not "regular size"
    for token in doc:
        if token.pos_ != "ADJ" or _generic(token) or token.i in taken:
            continue
        judged = any(c.dep_ in ("xcomp", "ccomp") for c in token.children)  # "easy to carry": a judgement of use
        in_clause = token.dep_ == "acomp" and token.head.dep_ == "relcl" and token.head.head in run and not judged
        set_against = token.i > 0 and token.nbor(-1).lower_ == "but" and token.nbor(-1).head in run
        if (in_clause or set_against) and not _compared(token):
            found.append(token.lower_)
    found += [q for q in (_said_of_one(t, taken) for t in doc) if q and q not in found]
    required = [q for q in (_required_of_it(t, run) or _feature_required(t, run) for t in doc) if q]
    found += [q for q in required if q not in found and not any(q != r and q in r.split() for r in required)]
    found += [t.lemma_.lower() for t in doc if t.i not in taken and _compared(t) and not _praise(t.lemma_.lower())]
    return found


PRODUCT_PRONOUNS = {"it", "they", "this", "these", "that", "those"}
REQUIRING_VERBS = {"need", "have", "got", "gotta"}  # "it needs to be", "it has to be", "it's got to be"
REQUIRING_MODALS = {"must", "should"}
QUALITY_WORD_RE = re.compile(r"[a-z][a-z-]*")  # a word of letters, not "w57xh55(inch"


def _required_of_it(token: Token, run: list[Token]) -> str | None:
    """A quality the product is required to have, said of it by name or pronoun ("it needs to be moisture wicking",
    "they must be waterproof and breathable"), with the words before it that belong to it; none said of what was ("it
    was waterproof"), of someone else ("he has to be warm") or denied ("it can't be heavy": a must-not)."""
    quality = token.head if token.dep_ == "conj" else token  # "waterproof and breathable"
    be = quality.head
    if quality.dep_ != "acomp" or be.lemma_ != "be" or not (token.pos_ == "ADJ" or token.tag_ in ("VBG", "VBN")):
        return None
    requiring = be.dep_ == "xcomp" and be.head.lemma_ in REQUIRING_VERBS
    said_of = be.head if requiring else be
    subject = next((c for c in said_of.children if c.dep_ == "nsubj"), None)
    modal = any(c.lower_ in REQUIRING_MODALS for c in be.children)
    negated = any(c.dep_ == "neg" for c in [*be.children, *said_of.children])
    of_it = subject is None or subject.lower_ in PRODUCT_PRONOUNS or subject in run
    quiet = _generic(token) or _praise(token.lemma_.lower()) or _compared(token) or not _said_alone(token)
    if not of_it or not (requiring or modal) or negated or quiet:
        return None
    words = [token]
    while words[0].i > be.i + 1 and _part_of_quality(words[0].nbor(-1), be, token):
        words.insert(0, words[0].nbor(-1))
    return " ".join(t.lower_ for t in words)


def _said_of_one(token: Token, taken: set[int]) -> str | None:
    """The describing words that pick out the one wanted, said before "one" ("I want the extra thick one", "a unicorn
    one"): qualities of the product."""
    if token.lower_ not in ("one", "ones") or token.i < 2 or token.dep_ == "conj":
        return None  # "between a privacy screen protector and a plain clear one": one of two, not the one chosen
    words: list[Token] = []
    for t in reversed(token.doc[: token.i]):
        if t.pos_ not in ("ADJ", "ADV", "NOUN", "VERB", "PART") or t.is_punct or t.i in taken or len(words) == 4:
            break
        words.insert(0, t)
    opens = words and words[0].i > 0 and words[0].nbor(-1).lower_ in ("the", "a", "an")
    kept = [
        t for t in words if t.pos_ == "ADJ" and t.ent_type_ != "ORDINAL" and not (_generic(t) or _praise(t.lemma_.lower()) or _compared(t))
    ]
    described = bool(kept) and all(t in kept or t.pos_ == "ADV" for t in words)
    return " ".join(t.lower_ for t in words) if opens and described else None


def _feature_required(token: Token, run: list[Token]) -> str | None:
    """A part the product is required to have ("it has to have bluetooth input", "a tent that must have a rain fly"),
    with the nouns and adjectives before it that name it; none said of someone else or denied."""
    have = token.head
    # "has to have bluetooth input": the parser may take the two nouns for a clause, "bluetooth" its subject
    misparsed = token.dep_ == "ccomp" and any(c.dep_ == "nsubj" and c.i == token.i - 1 for c in token.children)
    named = token.pos_ in ("NOUN", "PROPN") or misparsed
    if token.dep_ not in ("dobj", "ccomp") or not named or have.lemma_ != "have" or token.i < have.i:
        return None
    requiring = have.dep_ == "xcomp" and have.head.lemma_ in REQUIRING_VERBS
    modal = any(c.lower_ in REQUIRING_MODALS for c in have.children)
    said_of = have.head if requiring else have
    subject = next((c for c in [*have.children, *said_of.children] if c.dep_ == "nsubj"), None)
    of_it = subject is None or subject.lower_ in PRODUCT_PRONOUNS or subject in run or (have.dep_ == "relcl" and have.head in run)
    negated = any(c.dep_ == "neg" for c in [*have.children, *said_of.children])
    after = token.nbor(1) if token.i + 1 < len(token.doc) else None
    continued = after is not None and after.pos_ in ("NOUN", "PROPN")  # "clear glass shades": the phrase ends later
    if not (requiring or modal) or not of_it or negated or continued or _generic(token) or not token.is_alpha:
        return None
    words = [token]
    while words[0].i > have.i + 1 and words[0].nbor(-1).is_alpha and not words[0].nbor(-1).is_stop and words[0].nbor(-1).pos_ != "VERB":
        words.insert(0, words[0].nbor(-1))
    if words[0].i > have.i + 1 and (words[0].nbor(-1).pos_ in ("VERB", "ADV") or words[0].nbor(-1).like_num):
        return None  # "a long lasting fragrance": a judgement, not a part; "128gb of space": a measure
    if any(_praise(t.lemma_.lower()) for t in words):
        return None  # "a unique design"
    return " ".join(t.lower_ for t in words)


def _said_alone(quality: Token) -> bool:
    """A quality said on its own, not a judgement, a measure, a shade or a model ("easy to clean", "high in protein",
    "10ft long", "deep ash brown", "omen 25l")."""
    judged = any(c.dep_ in ("xcomp", "prep", "npadvmod") for c in quality.children)
    after = quality.nbor(1) if quality.i + 1 < len(quality.doc) else None
    qualifies = after is not None and after.dep_ != "conj" and (after.pos_ in ("NOUN", "PROPN", "ADJ", "ADP", "NUM") or after.like_num)
    gaps = quality.doc.user_data.get("option_gaps", set()) | quality.doc.user_data.get("colour_gaps", set())
    measured = quality.idx in gaps  # "10ft long": a size was taken out before it
    ends = range(quality.idx + len(quality.text), (after.idx if after is not None else len(quality.doc.text)) + 1)
    shade = any(g in ends for g in gaps)  # "deep ash brown": a colour was taken out after it
    alone = quality.lower_ not in QUALITY_ENDS | {"enough", "high", "low"} and QUALITY_WORD_RE.fullmatch(quality.lower_)
    return bool(alone) and not (judged or qualifies or measured or shade)


def _part_of_quality(word: Token, be: Token, quality: Token) -> bool:
    """A word before a quality that belongs to it ("moisture" of "moisture wicking"), not an intensifier ("really")."""
    return bool(QUALITY_WORD_RE.fullmatch(word.lower_)) and not word.is_stop and word.head in (be, quality)


def _compared(token: Token) -> bool:
    """A quality said by comparison ("thicker than the standard ones", "a lighter pan than my cast iron one"): the
    product must have it, said in its plain form, as titles say it ("Extra Thick")."""
    if token.tag_ not in ("JJR", "RBR") or token.lemma_.lower() == token.lower_ or not token.is_alpha:
        return False
    set_against = token.i > 0 and token.nbor(-1).lower_ == "but"  # "like my old wig but shorter"
    return set_against or any(t.lower_ == "than" for t in token.doc[token.i + 1 : token.i + 6] if t.sent == token.sent)


def _praise(word: str) -> bool:
    """A word that praises, ranks or sizes up rather than names a quality ("nicer", "better", "bigger", "cheaper")."""
    return word in GENERIC_ADJECTIVES | SIZE_WORDS | {"well", "expensive", "pricey", "much", "many", "few", "less"}


QUALITY_POS = {"ADJ", "NOUN", "PROPN"}
QUALITY_ENDS = {"free", "proof", "resistant", "safe", "friendly"}  # "paraben free", "water resistant": a noun's quality
SIZE_WORDS = {"small", "medium", "large", "big", "mini", "tiny", "huge"}  # "small bites": how big, a wish, not what it is
LIST_MARKS = {",", ";", "/", "-", "–", "|"}
MANNER_WORDS = {"style", "look", "type", "kind"}  # "mid century style": the words before it are the quality
NEGATED_QUALITY_RE = re.compile(r"(?:non|anti)[\s-]\w")


def _counted_as_compound(noun: Token) -> bool:
    """A singular noun after a number: "2 person", not "2 persons"; a word, not a unit's letters ("100 g")."""
    return noun.tag_ == "NN" and noun.is_alpha and len(noun) > 2


def _listed_quality(segment: list[Token], taken: set[int]) -> str | None:
    """A list item of one to three describing words: no verb, pronoun or preposition, nothing of a person or an
    occasion, and an adjective or a noun that seldom names a product ("fine point", "high waist", "non slip"). A size
    said by name keeps its word ("travel size"); a style drops it ("mid century style"). Or a count said as a compound,
    a singular noun after a number ("2 person", "4 tier")."""
    if not 1 <= len(segment) <= 3 or any(t.i in taken for t in segment):
        return None
    listed = segment[0].i == 0 or segment[0].nbor(-1).text in LIST_MARKS | {"."}  # not "16:9 screen", "#3 color"
    if len(segment) == 2 and listed and segment[0].like_num and segment[0].lower_ not in ("1", "one") and _counted_as_compound(segment[1]):
        return f"{in_digits(segment[0].lower_)} {segment[1].lower_}"
    words = segment[:-1] if len(segment) > 1 and segment[-1].lower_ in MANNER_WORDS else segment
    judged = words[:-1] if len(words) > 1 and words[-1].lower_ == "size" else words
    if any(t.pos_ not in QUALITY_POS and t.tag_ not in ("VBN", "VBG") for t in judged):
        return None
    if any(t.lower_ in NOT_PRODUCTS | GENERIC_ADJECTIVES | GENDER_WORDS | SIZE_WORDS or WANT_RE.fullmatch(t.lower_) for t in judged):
        return None
    negated = any(NEGATED_QUALITY_RE.match(t.lower_) for t in judged)  # "non slip", "anti fog", however tagged
    if negated or any(t.pos_ == "ADJ" for t in judged) or head_share(judged[-1].text) < UNLIKELY_HEAD:
        return " ".join(t.lower_ for t in words)
    return None


@dataclass
class _Said:
    """What the first passes took out of the text, and the text left for the parse."""

    corrected: str
    fixed: dict[str, str]
    brand: str | None
    limit: PriceLimit | None
    must_nots: list[MustNot]
    options: list[Named]
    masked: str
    specs: list[str] = field(default_factory=list)  # ratings said with their numbers ("65w", "spf 30"): essential
    option_gaps: list[int] = field(default_factory=list)  # offsets in `masked` right after a size or quantity
    colour_gaps: list[int] = field(default_factory=list)  # ... and right after a colour


def _take_out(text: str, brands: tuple[str, ...]) -> _Said:
    """Passes 1-5: spelling, then the brand, the price limit, must-nots and options, each blanked for the parse."""
    found = _brand_in(text, brands) if brands else None
    by_name = [] if found else _brands_by_name(text)
    if by_name:
        brands = (*brands, *dict.fromkeys(name for name, _, _ in by_name if name not in brands))
        found = _brand_in(text, brands)
    named = [m for b in brands for m in _mentions(text, b)]  # every brand the store has, wherever named: no slip
    corrected, fixed = _spelling(text, [*((start, end) for _, start, end in by_name), *named])
    found = _brand_in(corrected, brands) if brands else None
    corrected = letters_spoken(numbers_in_digits(usual_compounds(corrected, [(found[1], found[2])] if found else [])))
    found = _brand_in(corrected, brands) if brands else None  # the same brand, where it now sits
    meant = _meant_brand(corrected, found, brands)
    wanted_brand = meant[0] if meant is not None else None
    spans: list[tuple[int, int]] = [(found[1], found[2])] if found else []
    spans += _mentions(corrected, wanted_brand) if wanted_brand else []  # each time it is named ("Levi's jeans")
    if found is not None and meant != found:  # brands set side by side or to be like: none is a word of the product
        spans += [mention for b in brands for mention in _mentions(corrected, b)]
    # Nor is any other company named ("... or is that only Starbucks? I'd rather have the Kerrygold ones").
    spans += [mention for name, _, _ in by_name if name != wanted_brand for mention in _mentions(corrected, name)]
    quiet = list(spans)  # blanked without a break: a brand or an option sits inside the product's phrase
    limit = find_price_limit(corrected)
    if limit is not None:
        spans.append((limit.start, limit.end))
        if limit.in_passing:
            quiet.append((limit.start, limit.end))
    must_nots = [m for m in find_must_nots(corrected) if not any(s <= m.start < e for s, e in spans)]
    spans += [(m.start, m.end) for m in must_nots]
    options = [
        o
        for o in find_options(corrected)
        if not any(s <= o.start < e or s < o.end <= e for s, e in spans) and not (o.kind == "quantity" and _of_someone(corrected, o.start))
    ]
    # A size not wanted ("12 oz is too small") or said again in other units ("14 inch (about 36 cm)") is no choice, nor
    # a word of the product: it is blanked like one.
    unwanted = [o for i, o in enumerate(options) if _too_much(corrected, o) or _said_again(corrected, options[:i], o)]
    spans += [(o.start, o.end) for o in unwanted]
    quiet += [(o.start, o.end) for o in unwanted]
    options = [o for o in options if o not in unwanted]
    # A flavour stays in the text: "chicken flavor" is a phrase of its own, where the parse expects one.
    spans += [(o.start, o.end) for o in options if o.kind != "flavour"]
    quiet += [(o.start, o.end) for o in options if o.kind != "flavour"]
    # Left in the text for the parse: a rating inside the product's phrase holds it together ("waterproof 40l rucksack").
    specs = [s for s in find_specs(corrected) if not any(a < s.end and s.start < b for a, b in spans)]
    sizes = [(o.start, o.end) for o in options if o.kind != "colour"]
    masked, (gaps, colour_gaps) = _mask(corrected, spans, quiet, (sizes, [(o.start, o.end) for o in options if o.kind == "colour"]))
    return _Said(corrected, fixed, wanted_brand, limit, must_nots, options, masked, [s.text for s in specs], gaps, colour_gaps)


TOO_RE = re.compile(r"(?:(?:\s+[a-z]+){0,2}\s*(?:is|are|was|were|'s))?\s*(?:way\s+|much\s+|far\s+)?too\s+\w+", re.I)


def _too_much(text: str, option: Named) -> bool:
    """A size said to be too much or too little ("12 oz is too small", "too small"): the one not wanted."""
    return bool(TOO_RE.match(text, option.end)) or bool(re.search(r"\btoo\s+$", text[: option.start], re.I))


AGAIN_RE = re.compile(r"\(\s*(?:about|around|approx\.?|approximately|roughly|~|=|or|aka)?\s*$", re.I)
ROUGHLY_AGAIN_RE = re.compile(r"\(\s*(?:about|around|approx\.?|approximately|roughly|~)\s*$", re.I)


def _a_measure(option: Named) -> bool:
    """A weight, volume or length; not a count ("pack of 2" beside "8 ounce" is another choice)."""
    return option.kind == "quantity" and option.value.split()[-1] not in ("pack", "count", "set", "piece")


def _said_again(text: str, before: list[Named], option: Named) -> bool:
    """A measure said again in other units, in brackets after the first ("14 inch (about 36 cm)", "32 oz insulated
    bottle (around 1 liter)"): the same size, not a second one."""
    if not _a_measure(option) or not any(_a_measure(b) for b in before):
        return False
    between = text[before[-1].end : option.start]
    right_after = AGAIN_RE.search(between) and not between.split("(")[0].strip()
    return bool(right_after or ROUGHLY_AGAIN_RE.search(text[: option.start]))


STORY_CLAUSE_RE = re.compile(
    r"(?:^|[,.;!?]|\b(?:and|but|because|since)\b)\s*(?:he|she|they)(?:'s|'re|\s+(?:is|are|was|weighs?))\b[^,.;!?]*"
    r"(?:,\s*(?:about|around|roughly|nearly|almost|over|maybe)\b[^,.;!?]*)*$",  # "he's a 70 lb lab, about 26 inches ..."
    re.I,
)


def _of_someone(text: str, start: int) -> bool:
    """Is a quantity said of someone in a clause of their own ("he's a 140 lb great dane")? A size so said ("he's a
    size 2") is the size to buy."""
    return bool(STORY_CLAUSE_RE.search(text[:start]))


def _adjective_like(token: Token, modifiers: list[Token]) -> bool:
    return (token.pos_ in ("ADJ", "VERB") or _a_feature(token, modifiers)) and not token.lower_.startswith(("non-", "anti-"))


def _a_feature(token: Token, modifiers: list[Token]) -> bool:
    """A part described by the adjective before it ("long sleeve", "high waist"), a noun that all but never names a
    product: a quality of the product, which a store may not spell out, like an adjective."""
    before = token.nbor(-1) if token.i > 0 else None
    return token.pos_ in HEAD_POS and before in modifiers and before.pos_ == "ADJ" and head_share(token.text) < DESCRIBING_HEAD


def _counted_features(doc: Doc, run: list[Token]) -> list[str]:
    """Parts counted after the product ("bookshelf with 7 tiers", "a desk with 2 drawers"): what makes it that one."""
    found = []
    for token in doc[run[-1].i + 1 :]:
        if token.is_sent_start:
            break
        if token.pos_ in HEAD_POS and token.i > 1 and token.nbor(-1).like_num and token.nbor(-2).lower_ == "with":
            found.append(f"{token.nbor(-1).text} {singular(token.lower_)}")
    return found


def _with_specs(specs: list[str], essential: list[str]) -> list[str]:
    """The ratings first, whole; then the other essential words less a rating's parts ("spf"; "30 face" is "face", in
    "spf 30 face moisturizer")."""
    parts = {w for spec in specs for w in spec.split()}
    rest = [" ".join(w for w in e.split() if w not in parts) for e in essential]
    return list(dict.fromkeys([*specs, *(e for e in rest if e)]))


def _generic(token: Token) -> bool:
    """A word that praises or ranks ("nice", "the cheapest", "best"): no title says it, so it never makes the kind. So
    is "colored" after the colour it names ("camo colored"); alone it makes the kind ("colored gel pens")."""
    if token.lower_ in ("colored", "coloured"):  # right where a colour was taken out ("camo colored"), or after a word
        return token.idx in token.doc.user_data.get("colour_gaps", ()) or (token.i > 0 and token.nbor(-1).pos_ in ("ADJ", "NOUN"))
    praised = token.tag_ in ("JJR", "RBR") and _praise(token.lemma_.lower())  # "cheaper", "better", "bigger"
    return token.lower_ in GENERIC_ADJECTIVES or token.tag_ in ("JJS", "RBS") or praised


def _with_count(token: Token) -> str:
    """A describing noun with the number that counts it ("4 person", "3 tier"), a quality said by comparison in its plain
    form ("lighter ... than": light); any other word as written."""
    counted = token.i > 0 and token.nbor(-1).like_num and token.nbor(-1).lower_ != "one"
    if counted and token.pos_ in HEAD_POS and not _counts_products(token):
        return f"{token.nbor(-1).text} {token.lower_}"  # not "one": said for "a" ("one denture boxes"), it counts no feature
    return token.lemma_.lower() if _compared(token) else token.lower_


def _counts_products(token: Token) -> bool:
    """Does the number before this describing noun count the products, a plural noun after it in the phrase ("24 gel
    pens", "100 tea bags oolong"), rather than a part of one ("4 person tent", "3 tier shelf")?"""
    end = token
    while end.i + 1 < len(end.doc) and end.nbor(1).pos_ in HEAD_POS | {"ADJ"}:
        end = end.nbor(1)
        if end.pos_ in HEAD_POS and singular(end.lower_) != end.lower_:
            return True
    return False


def _kind_and_modifiers(run: list[Token], after_head: list[Token]) -> tuple[list[Token], list[Token]]:
    """The kind (the head, with the noun before it that names it: "tea bag") and the words that make it that kind."""
    words = [t for t in run if not _generic(t)]
    kind_tokens = [run[-1]]
    before = words[-2] if len(words) > 1 else None
    described = len(words) > 2 and words[-3].pos_ == "ADJ"  # "long sleeve sweater": the sleeve is described, not the kind
    names_it = before is not None and (before.dep_ == "compound" or before.head == run[-1] or run[-1].lower_ in COLLECTIVE_HEADS)
    counted = before is not None and before.i > 0 and before.nbor(-1).like_num and not _counts_products(before)  # "a 4 person tent"
    collected = run[-1].lower_ in COLLECTIVE_HEADS  # "dental tool set": the set is of tools, however they are described
    measured = before is not None and (before.like_num or any(c.isdigit() for c in before.text))  # "40l rucksack": a size
    if before is not None and before.pos_ in HEAD_POS and names_it and not measured and (collected or not described) and not counted:
        kind_tokens.insert(0, before)
    modifiers = [t for t in [*words, *after_head] if t not in kind_tokens and t.pos_ != "NUM" and not _generic(t)]
    return kind_tokens, modifiers


def _parsed(text: str, brands: tuple[str, ...]) -> tuple[_Said, Doc]:
    """Passes 1-5, then spaCy's parse of what they left."""
    text = re.sub(r"(?<=[a-z\d]\s)w\s+(?=[a-z]{2,})", "with ", text, flags=re.I)  # "backpack w rain cover"
    text = shades_spelt_out(text)
    # "caffeine and gluten free": each is free ("caffeine-free and gluten-free"), not a product
    text = re.sub(r"\b([a-z]{3,})\s+(and|&)\s+([a-z]{3,})[\s-]free\b", r"\1-free \2 \3-free", text, flags=re.I)
    said = _take_out(re.sub(r"\bw/o\b\s*", "without ", re.sub(r"\bw/(?!o\b)\s*", "with ", text, flags=re.I), flags=re.I), brands)
    with _nlp_lock:
        doc = _retag_phrase_nouns(_merge_hyphenated(_nlp()(said.masked)))
    doc.user_data["option_gaps"] = set(said.option_gaps)
    doc.user_data["colour_gaps"] = set(said.colour_gaps)
    doc.user_data["spec_words"] = {w.lower() for spec in said.specs for w in spec.split()}
    return said, doc


def candidate_groups(labels: Path) -> list[tuple[np.ndarray, np.ndarray] | None]:
    """For each hand-labelled intent, its candidate phrases' features and which of them read as the labelled kind
    (None where the reader finds no candidate): what ranker.py learns from."""
    from shopagent.persona.labels import load_labels

    groups: list[tuple[np.ndarray, np.ndarray] | None] = []
    for label in load_labels(labels):
        _, doc = _parsed(plain_text(label.intent), ())
        runs = _candidates(doc)
        if not runs:
            groups.append(None)
            continue
        wanted = singular(label.kind.split()[-1])
        heads = [singular(chosen[_head_index(chosen)].lower_) for chosen in (_completed(r, runs, doc) for r in runs)]
        features = np.array([phrase_features(r, doc, i, len(runs)) for i, r in enumerate(runs)])
        groups.append((features, np.array([h == wanted for h in heads], dtype=float)))
    return groups


# Emoji and their joiners, variation selectors and skin tones: symbols (So, Sk), format (Cf) and marks after them (Mn).
_EMOJI_CATEGORIES = {"So", "Sk", "Cf"}


def without_emoji(text: str) -> str:
    """The text with each run of emoji a space: the parser takes "yoga mat 🧘‍♀️ purple" for one odd noun phrase."""
    out, in_emoji = [], False
    for char in text:
        category = unicodedata.category(char)
        if category in _EMOJI_CATEGORIES or (in_emoji and category == "Mn"):
            if not in_emoji:
                out.append(" ")
            in_emoji = True
            continue
        in_emoji = False
        out.append(char)
    return "".join(out)


SHOUTED_RE = re.compile(r"\b[A-Z][A-Z'-]*[A-Z]\b(?:[^\w]+\b[A-Z][A-Z'-]*[A-Z]\b)+")


def unshouted(text: str) -> str:
    """Runs of two or more words in capitals in lower case ("GEL PENS", "NEED UNICORN CUPCAKE TOPPERS"): the parser takes
    capitals for names. A word alone in capitals stays: it may be a brand or a size ("KIND", "JBL", "XL")."""
    return SHOUTED_RE.sub(lambda m: m.group(0).lower(), text)


def plain_text(text: str) -> str:
    """The text as the parser reads it: one line, no emoji, no shouting, no accents ("rosé": stores write "Rose"), at most
    MAX_INTENT_CHARS."""
    return unshouted(re.sub(r"\s+", " ", unaccented(without_emoji(text)).strip())[:MAX_INTENT_CHARS])


def unaccented(text: str) -> str:
    """The text less its accents ("Rosé" as "Rose"), by canonical decomposition: "½" and "™" are kept as they are."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def read_intent(text: str, brands: tuple[str, ...] = ()) -> Reading:
    """What the text asks for. `brands`, when given, are the brands that exist (a store's), so one named is recognised."""
    text = plain_text(text)
    said, doc = _parsed(settled(text), brands)
    found = _product_run(doc)
    if found is None:
        from spacy.lang.en.stop_words import STOP_WORDS

        said_words = re.findall(r"[a-z][a-z-]+", said.masked.lower())
        freed = {w for w, after in itertools.pairwise(said_words) if after in QUALITY_ENDS}  # "bpa free": no product
        words = [w for w in said_words if w not in NOT_PRODUCTS | QUALITY_ENDS | STOP_WORDS | freed] or ["item"]
        return _reading(text, said, kind=singular(words[-1]), kind_words=[words[-1]])
    run, after_head = found[: _head_index(found) + 1], found[_head_index(found) + 1 :]
    kind_tokens, modifiers = _kind_and_modifiers(run, after_head)
    taken = {t.i for t in [*run, *after_head]}
    qualities = _qualities(doc, run, taken)
    return _reading(
        text,
        said,
        kind=" ".join([*(t.lower_ for t in kind_tokens[:-1]), singular(run[-1].lower_)]),
        kind_words=[t.lower_ for t in kind_tokens],
        essential=_with_specs(said.specs, [*(_with_count(t) for t in modifiers), *_counted_features(doc, run), *qualities]),
        # Like an adjective, a quality said apart is only preferred where the store never uses its words (Intent.unused_by).
        adjectives=[*(t.lower_ for t in modifiers if _adjective_like(t, modifiers)), *qualities],
        describing=[w for w in _describing(doc, run, taken) if not any(w in spec.split() for spec in said.specs)],
        # the request's own verbs ("need", "want") are how it is asked, not chatter around it
        filler=[
            t.lower_
            for t in doc
            if t.i not in taken and t.is_alpha and not t.is_stop and t.pos_ in FILLER_POS and not WANT_RE.fullmatch(t.lower_)
        ],
    )


# "for iphone 13 pro max", "for a macbook 12": a named model, a word with a number after it, is what the product must fit.
MADE_FOR_RE = re.compile(
    r"\bfor\s+(?:an?\s+|the\s+)?([a-z][a-z-]+(?:\s+[a-z][a-z-]+)?\s+[a-z]{0,2}\d+[a-z]?(?:\s+[a-z]{2,5}){0,2})\b", re.I
)  # "for iphone 13 pro max", "for samsung galaxy s23"


def _made_for(masked: str) -> str | None:
    from spacy.lang.en.stop_words import STOP_WORDS

    m = MADE_FOR_RE.search(masked)
    if m is None:
        return None
    words = m.group(1).lower().split()
    while words and (words[-1] in STOP_WORDS or not words[-1].isalnum()):
        words.pop()
    if words[0] in STOP_WORDS or singular(words[0]) in NOT_PRODUCTS | GENDER_WORDS | {"age"}:
        return None  # "for my 3 year old", "for kids 3 and up", "for ages 3"
    return " ".join(words)


def _reading(text: str, said: _Said, kind: str, kind_words: list[str], **product: list[str]) -> Reading:
    made_for = _made_for(said.masked)
    return Reading(
        text=text,
        kind=kind,
        kind_words=kind_words,
        must_not=[m.word for m in said.must_nots],
        options=said.options,
        brand=said.brand,
        price_limit=said.limit.amount if said.limit else None,
        corrections=said.fixed,
        rest=said.masked,
        essential=product.get("essential", list(said.specs)),
        adjectives=product.get("adjectives", []),
        describing=product.get("describing", []),
        filler=[w for w in product.get("filler", []) if not made_for or w not in made_for.split()],
        made_for=made_for,
    )


PARTICLES = {"in", "on", "up", "off", "out", "down", "over"}


def _particle_after(doc: Doc, i: int) -> bool:
    """A word and a particle with no object after it ("extensions clip in, honey blonde"): one modifier, "clip-in"."""
    word, particle = doc[i], doc[i + 1]
    ends = i + 2 < len(doc) and doc[i + 2].is_punct and not particle.whitespace_  # "clip in," as written, not "in XXL,"
    joined = word.is_alpha and not word.is_stop and word.pos_ in ("NOUN", "VERB") and particle.lower_ in PARTICLES
    return joined and (ends or _before_its_product(doc, i))


def _before_its_product(doc: Doc, i: int) -> bool:
    """ "clip in hair extensions": a word and its particle open the phrase, and what follows names a product more
    surely than the word does, so they describe it ("shoes in black" is a product in a colour)."""
    opens = i == 0 or doc[i - 1].is_punct or doc[i - 1].is_space or doc[i - 1].pos_ in ("DET", "NUM")
    following = [t for t in doc[i + 2 : i + 5] if t.pos_ in HEAD_POS]
    return (
        opens
        and doc[i].tag_ != "NNS"
        and bool(following)
        and head_share(following[-1].text) >= LIKELY_HEAD
        and head_share(following[-1].text) > head_share(doc[i].text)
    )


def _merge_hyphenated(doc: Doc) -> Doc:
    """One token for each hyphenated word ("clip-in", "t-shirt", "freeze-dried"), each "non slip", "anti aging" and
    each word with a particle ending its phrase ("clip in,"): a noun if its last part is one."""
    spans = []
    i = 0
    while i < len(doc) - 1:
        j = i
        while j + 2 < len(doc) and doc[j + 1].text == "-" and not doc[j].whitespace_ and not doc[j + 1].whitespace_:
            j += 2
        if j == i and doc[i].lower_ in ("non", "anti") and doc[i + 1].is_alpha:
            j = i + 1
        if j == i and _particle_after(doc, i):
            j = i + 1
        if j > i:
            spans.append(doc[i : j + 1])
        i = j + 1
    with doc.retokenize() as retokenizer:
        for span in spans:
            pos = "NOUN" if span[-1].pos_ in HEAD_POS else "ADJ"
            retokenizer.merge(span, attrs={"POS": pos, "TAG": "NN" if pos == "NOUN" else "JJ"})
    return doc
