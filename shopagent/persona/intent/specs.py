"""A product's rating said with its number: "65w", "40l", "5000 iu", "SPF 30", "UPF 50", "4k", "1080p".

Such a rating makes the product that one (a 65 W charger is not a 20 W one), so the reader keeps it whole as an
essential word, and a title's "65 Watts" shows an intent's "65w": `spec_words` writes both as a number and a unit word.
Sizes and quantities a shopper picks (oz, lb, inch, count) are options (options.py), not ratings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wordfreq import zipf_frequency

from shopagent.persona.intent.wordnet import sold_as_noun

# A unit's short forms, as its word: what a title may spell out ("65 Watts") or shorten ("65W").
UNIT_WORDS = {"w": "watt", "watts": "watt", "watt": "watt", "v": "volt", "volts": "volt", "volt": "volt", "l": "liter",
              "liter": "liter", "liters": "liter", "litre": "liter", "litres": "liter", "ltr": "liter", "mah": "mah",
              "iu": "iu", "k": "k", "p": "p", "gb": "gb", "tb": "tb"}  # fmt: skip
_NUMBER = r"\d+(?:\.\d+)?"
# Letters written right after the number ("65w", "4k"); whole unit words may stand apart ("65 watts", "5000 iu").
_JOINED = r"w|v|l|k|p|ltr|mah|iu|gb|tb"
_APART = r"watts?|volts?|liters?|litres?|mah|iu|gb|tb"
# Not a side of a size ("96w x 72h", "12.5l by 12w").
_NOT_A_SIDE = r"(?!\s*(?:x|by)\b)"
NUMBER_UNIT_RE = re.compile(rf"(?<![\w.$£€])(?<!x )(?<!by )({_NUMBER})(?:({_JOINED})|\s+({_APART}))\b{_NOT_A_SIDE}", re.I)
# "SPF 30", "UPF 50+": a rating's letters, a word English seldom uses on its own, then its number. Run together
# ("ipx7", "s21") they are one word, which the reader keeps as it is.
RATING_RE = re.compile(rf"\b([a-z]{{2,4}})\s+({_NUMBER})\+?(?![\w.])", re.I)
COUNT_WORDS = {"qty", "pcs", "pc", "pk", "ct", "no", "nos", "nr"}  # abbreviations that count, not rate: "qty 2", "no 5"
RARE_WORD = 3.0  # wordfreq's zipf: rarer than once in a million words of English, the letters name a rating ("spf", not "mens")
_SPEC_TOKEN_RE = re.compile(rf"^({_NUMBER})({_JOINED}|{_APART})$")


@dataclass(frozen=True)
class Spec:
    text: str  # as the reader keeps it, lower case: "65w", "spf 30"
    start: int
    end: int


def find_specs(text: str) -> list[Spec]:
    """The ratings the text names, where each is said."""
    found = [Spec(m.group(0).lower(), m.start(), m.end()) for m in NUMBER_UNIT_RE.finditer(text)]
    for m in RATING_RE.finditer(text):
        letters = m.group(1).lower()
        if letters in UNIT_WORDS or letters in COUNT_WORDS or zipf_frequency(letters, "en") >= RARE_WORD or sold_as_noun(letters):
            continue  # a common word, a thing sold ("swab 375"), or how many ("qty 2")
        if not any(s.start < m.end() and m.start() < s.end for s in found):
            found.append(Spec(f"{letters} {m.group(2)}", m.start(), m.end()))
    return sorted(found, key=lambda s: s.start)


def spec_words(word: str) -> list[str]:
    """A word that is a number and a unit as the number and the unit's word ("65w" and "65 watts": 65, watt); any other
    word as it is."""
    m = _SPEC_TOKEN_RE.match(word)
    return [m.group(1), UNIT_WORDS[m.group(2)]] if m else [word]
