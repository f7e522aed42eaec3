"""What a shopper's intent asks for, read the way a shop assistant would: the kind of
product (its head noun), the other words that describe it, and the option values it
names (a size, a colour, a count). Matching is exact where it matters: X-Large is not
Large, 8.5 is not 8, and grey is gray.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

# Where the product phrase ends: what follows describes it, or says what it is for.
_PHRASE_END = re.compile(
    r"\s(?:which|that|with|for|in|of|under|less|below|around|about|to|from|without|and|priced|price|at|size|color|colour)\s|[;:(]"
)
_OPENERS = re.compile(
    r"^(?:(?:i|i'm|im|we)\s+(?:am\s+|are\s+)?(?:really\s+)?(?:need|want|would like|looking for|searching for|shopping for|trying to find)"
    r"(?:\s+to\s+(?:find|buy|get|order|purchase))?|looking for|find me|get me|buy|show me|search for)\s+"
)
_ARTICLES = re.compile(r"^(?:a|an|the|some|one|two|three|a pair of|pair of|a set of|set of|a pack of|pack of|new)\s+")
_STOP = {"i", "a", "an", "the", "some", "me", "my", "need", "want", "looking", "for", "and", "or", "with", "of", "that", "is", "it"}
_STOP |= {"which", "to", "in", "on", "be", "are", "find", "get", "buy", "please", "would", "like", "am", "im", "i'm", "one", "very"}

SIZE_WORDS = [
    ("xx-small", ["xxs", "2x-small"]),
    ("x-small", ["xs", "extra small"]),
    ("small", ["s"]),
    ("medium", ["m", "med"]),
    ("large", ["l"]),
    ("x-large", ["xl", "extra large", "1x"]),
    ("xx-large", ["xxl", "2x-large", "2xl", "2x"]),
    ("3x-large", ["xxxl", "3xl", "3x", "xxx-large"]),
    ("4x-large", ["xxxxl", "4xl", "4x"]),
]
COLOUR_WORDS = [
    "black", "white", "grey", "gray", "navy", "blue", "red", "green", "pink", "beige", "brown", "purple", "yellow", "orange",
    "gold", "silver", "rose", "ivory", "khaki", "teal", "tan", "burgundy", "cream", "clear", "multicolor", "blonde", "auburn",
]  # fmt: skip
_SYNONYMS = {"gray": "grey", "colour": "color", "navy blue": "navy", "rose gold": "rose gold"}


def singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and re.search(r"(ss|x|ch|sh)es$", word):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words_of(text: str) -> list[str]:
    return [singular(w) for w in re.findall(r"[a-z0-9][a-z0-9'.-]*[a-z0-9]|[a-z0-9]", text.lower())]


def canonical(value: str) -> str:
    """One spelling per option value: sizes to their long name, gray to grey, case and spaces folded."""
    text = re.sub(r"\s+", " ", value.lower().replace("_", " ")).strip()
    for long, short in SIZE_WORDS:
        if text == long or text in short or text == long.replace("-", " "):
            return long
    return _SYNONYMS.get(text, text)


@cache
def _value_pattern(value: str) -> re.Pattern[str]:
    # A value stands alone: "8" is not inside "8.5", "large" is not inside "x-large".
    return re.compile(rf"(?<![a-z0-9.\-]){re.escape(value)}(?![a-z0-9\-]|\.\d)")


def names_value(intent: str, value: str) -> bool:
    """Does the intent name this option value exactly (under any of its spellings)?"""
    said = re.sub(r"\s+", " ", intent.lower().replace("gray", "grey"))
    target = canonical(value)
    spellings = {target, value.lower()}
    for long, short in SIZE_WORDS:
        if target == long:
            spellings |= {long, long.replace("-", " "), *[s for s in short if len(s) > 1]}
    return any(_value_pattern(s).search(said) for s in spellings if s)


def sizes_named(intent: str) -> list[str]:
    return [long for long, _ in SIZE_WORDS if names_value(intent, long)]


def colours_named(intent: str) -> list[str]:
    return [c for c in COLOUR_WORDS if names_value(intent, c)]


def numbered_sizes(intent: str) -> list[str]:
    """Sizes the intent gives as numbers ("size 8.5"): 8.5, not 8."""
    return re.findall(r"\bsize\s+(\d+(?:\.\d+)?)\b", intent, re.I)


def options_named(intent: str) -> list[str]:
    """Every option value the intent names: colours, sizes in words, sizes in numbers."""
    return colours_named(intent) + sizes_named(intent) + numbered_sizes(intent)


@dataclass
class Intent:
    """The parts of an intent a shopper checks a product against."""

    text: str
    kind: str  # the head noun, singular ("extension", "battery", "drape")
    describing: list[str] = field(default_factory=list)  # the phrase's other content words
    price_limit: float | None = None

    @classmethod
    def parse(cls, text: str) -> Intent:
        lowered = text.lower().replace(",", " ")
        limit = re.search(r"(?:lower|less|under|below|cheaper) than \$?(\d+(?:\.\d+)?)|under \$(\d+(?:\.\d+)?)", lowered)
        phrase = _ARTICLES.sub("", _ARTICLES.sub("", _OPENERS.sub("", lowered.strip())))
        head = _PHRASE_END.split(" " + phrase + " ", maxsplit=1)[0].strip()
        words = [w for w in words_of(head) if w not in _STOP and not w.isdigit()]
        if not words:
            words = [w for w in words_of(lowered) if w not in _STOP] or ["item"]
        price = next((float(g) for g in (limit.groups() if limit else ()) if g), None)
        return cls(text=text, kind=words[-1], describing=words[:-1], price_limit=price)

    def kind_in(self, title: str) -> bool:
        """The product is the kind asked for: its head noun is in the title (singular or plural)."""
        return self.kind in words_of(title) or self.kind in {singular(w) for w in re.split(r"[-\s]", title.lower())}

    def coverage(self, text: str) -> float:
        """Share of the describing words the text shows (1.0 when the intent has none)."""
        if not self.describing:
            return 1.0
        have = set(words_of(text)) | {w.replace("-", "") for w in words_of(text)}
        return sum(1 for w in self.describing if w in have or w.replace("-", "") in have) / len(self.describing)


def named_option(intent: str, group_name: str, options: list[str]) -> tuple[str | None, bool]:
    """(the option the intent names, whether it names one of this kind the product lacks).

    The second part is true when the intent names a size, a colour or a number of this
    group's kind that is not among the options: the product does not come the way it was asked.
    """
    exact = [o for o in options if names_value(intent, o)]
    if exact:
        return max(exact, key=len), False  # "x-large" over "large" when both spellings are found
    name = group_name.lower()
    if "size" in name and sizes_named(intent) and any(canonical(o) in dict(SIZE_WORDS) for o in options):
        return None, True
    if ("color" in name or "colour" in name) and colours_named(intent):
        return None, True
    numbers = re.findall(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])", " ".join(options))
    if "size" in name and numbers and numbered_sizes(intent):
        return None, True
    return None, False
