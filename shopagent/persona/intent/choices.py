"""A choice the person weighs and then settles: "chicken or beef dental treats? ... so beef it is", "Executive chair
or an ergonomic one? My back says ergonomic", "torn between a clear case and a wallet one... going wallet".

The two alternatives are single words set side by side ("A or B N", "A N or a B one", "between a A N and a B one"),
or two counts of one unit ("set of 4 or set of 6");
what is said after them settles it, the one named last being the one chosen. The text is read as if only the chosen
one had been asked for, and the one turned down is not said again. Where nothing after names either, the person has
not chosen ("black or navy, whichever is cheaper") and the text stays as written.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

__all__ = ["settled"]

_ARTICLE = r"(?:(?:an?|the)\s+)?"
_WORD = r"[a-z][a-z'-]*"
ALTERNATIVES = (
    # "Executive chair or an ergonomic one", "between a clear case and a wallet one"
    re.compile(
        rf"\b(?:(?:(?:torn|deciding|choosing|stuck|undecided)\s+)?between\s+{_ARTICLE}(?P<a1>{_WORD})\s+(?P<n1>{_WORD})\s+and|{_ARTICLE}(?P<a2>{_WORD})\s+(?P<n2>{_WORD})\s+or)"
        rf"\s+{_ARTICLE}(?P<b>{_WORD})\s+one\b",
        re.I,
    ),
    # "chicken or beef dental treats", "salted or unsalted for baking"
    re.compile(rf"\b(?P<a>{_WORD})\s+or\s+(?P<b>{_WORD})\b", re.I),
    # "set of 4 or set of 6 dental tools... I'll take the 6"
    re.compile(r"\b(?P<unit>set|pack|box|case|bag|bundle)\s+of\s+(?P<a>\d+)\s+or\s+(?:(?:a\s+)?(?P=unit)\s+of\s+)?(?P<b>\d+)\b", re.I),
)
# How the choice is said, less the saying: "I'll go unsalted" is "unsalted", "so beef it is" is "beef".
SETTLING = (
    r"\b(?:(?:i'?ll|i\s+will|i'?d|let'?s|gonna|going\s+to|so|ok|okay)\s+)?(?:go|going|take|get|pick|choose|have)\s+"
    r"(?:with\s+)?(?:the\s+)?(?P<chosen>{0})\b|\b(?P<said>{0})\s+it\s+is\b"
)
NOT_ALTERNATIVES = {"either", "whether", "more", "less", "two", "so", "not", "with", "without", "one", "this", "that"}


def _a_word_to_weigh(word: str) -> bool:
    return len(word) > 2 and word.lower() not in STOP_WORDS | NOT_ALTERNATIVES


def settled(text: str) -> str:
    """The text as if only the alternative chosen had been asked for; unchanged where no choice is settled."""
    for pattern in ALTERNATIVES:
        for m in pattern.finditer(text):
            named = m.groupdict()
            first, second, noun = named.get("a") or named.get("a1") or named["a2"], named["b"], named.get("n1") or named.get("n2") or ""
            counted = named.get("unit")
            if (not counted and not (_a_word_to_weigh(first) and _a_word_to_weigh(second))) or first.lower() == second.lower():
                continue  # "a wood sculpture or a statue": no choice between "sculpture" and "a"
            chosen = _named_last(text[m.end() :], first, second)
            if chosen is None:
                continue
            dropped = second if chosen == first else first
            said = f"{'an' if chosen[0].lower() in 'aeiou' else 'a'} {chosen} {noun}" if noun else chosen
            if counted:
                said = f"{counted} of {chosen}"
            after = re.sub(rf"\s*\b(?:of\s+)?{re.escape(dropped)}\b", "", text[m.end() :], flags=re.I)
            after = re.sub(SETTLING.format(re.escape(chosen)), lambda s: s.group("chosen") or s.group("said"), after, flags=re.I)
            return f"{text[: m.start()]}{said}{after}"
    return text


def _named_last(after: str, first: str, second: str) -> str | None:
    """Which of the two the words after them name last, if either."""
    hits = [(m.start(), word) for word in (first, second) for m in re.finditer(rf"\b{re.escape(word)}\b", after, re.I)]
    return max(hits)[1] if hits else None
