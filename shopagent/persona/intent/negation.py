"""What a person says a product must not be: "not leather", "nothing upholstered", "no sugar",
"without fragrance", "avoid plastic", "don't want decaf"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

NEGATION_RE = re.compile(
    r"\b(?:not|no|nothing|without|avoid|never|anything\s+but|don'?t\s+want|do\s+not\s+want|none\s+of\s+that|no\s+more"
    r"|isn'?t|aren'?t|wasn'?t|is\s+not|are\s+not|but\s+not|rather\s+not(?:\s+have)?|hate|allergic\s+to|skip\s+the|except(?:\s+for)?"
    r"|other\s+than|minus|can'?t\s+stand|cannot\s+stand|not\s+a\s+fan\s+of|stay\s+away\s+from|steer\s+clear\s+of|free\s+of)"
    r"(?:\s+(?:a|an|any|anything|made\s+(?:of|from|with)|with|too|that'?s|that\s+is|real|the|those|them|ones?|of))*\s+([a-z][a-z-]+ly\s+[a-z]+ed\b|[a-z][a-z-]+)",
    re.I,
)
# Words after a negation that do not name something the product must lack ("no more than $40", "not sure").
NOT_A_THING = {
    "more", "less", "than", "sure", "need", "rush", "idea", "preference", "frills", "clue", "matter", "big", "problem", "worries",
    "longer", "later", "one", "reason", "other", "over", "under", "above", "higher", "much", "expensive", "pricey", "fussy",
    "picky", "fancy", "huge", "deal", "hurry", "particular", "specific", "want", "to", "be", "have", "spend", "pay", "exceed",
    "doing", "going", "looking", "getting", "paying", "spending", "bothered", "keen", "fan", "crazy", "worth", "needed",
    "that", "this", "it", "them", "those", "these", "something", "anything", "shipping", "stress", "budget", "brand",
    "what", "who", "how", "when", "where", "which", "why", "really", "very", "quite", "exactly", "necessarily",
}  # fmt: skip


@dataclass(frozen=True)
class MustNot:
    word: str
    start: int
    end: int


# A noun and one of these is one quality: "not the wrinkle free kind" must not be wrinkle free (it may have wrinkles);
# "not travel size" is a size by name.
COMPOUND_ENDS_RE = re.compile(r"[\s-]+(free|proof|resistant|safe|friendly|size)\b", re.I)
# A participle after the thing names how the product has it: "isn't sandalwood scented", "no sugar added". It goes with
# the must-not, and is no wish of its own.
HAVING_RE = re.compile(r"\s+[a-z]+ed\b(?!\s+(?:by|to|for|from|with|in|on|at)\b)", re.I)
# A part named right after a participle, ending the clause: "no pointed toe", "not a padded seat".
DESCRIBED_PART_RE = re.compile(r"\s+([a-z]{3,})(?=\s*(?:[,.;!?)]|$))", re.I)
PLACEHOLDERS = {"kind", "type", "sort", "style", "version", "variety", "stuff", "look", "thing", "things"}  # "not the upholstered kind"
NOT_PARTS = STOP_WORDS | PLACEHOLDERS
# Said of the speaker, not of a product: "I'm not made of money", "we are not fussy".
SPEAKER_RE = re.compile(r"\b(?:i'?m|i\s+am|we'?re|we\s+are)\s*$", re.I)


def find_must_nots(text: str) -> list[MustNot]:
    found = []
    for m in NEGATION_RE.finditer(text):
        word = m.group(1).lower()
        if word in NOT_A_THING or re.match(r"\d", word) or SPEAKER_RE.search(text[: m.start()]):
            continue
        if re.search(r"\b(?:is|are|was|were)(?:n'?t|\s+not)\s+$", text[: m.start(1)], re.I) and word.endswith("ing"):
            continue  # "the guests aren't drinking": what someone does, not what the product is
        if re.search(r"\btoo\s+$", text[: m.start(1)], re.I):
            continue  # "nothing too dear", "not too heavy": how much of a quality, not a thing it must lack
        end = m.end()
        if compound := COMPOUND_ENDS_RE.match(text, end):
            word, end = f"{word} {compound.group(1).lower()}", compound.end()
        elif not word.endswith("ed") and (having := HAVING_RE.match(text, end)):
            end = having.end()
        elif word.endswith("ed") and (part := DESCRIBED_PART_RE.match(text, end)) and part.group(1).lower() not in NOT_PARTS:
            word, end = f"{word} {part.group(1).lower()}", part.end()  # "no pointed toe": the part so described
        found.append(MustNot(word, m.start(), end))
    return found


def negated_in(word: str, text: str) -> bool:
    """Is the word said only as what a product is free of ("Sugar Free", "Zero Sugar", "Non GMO")?"""
    w = re.escape(word.lower())
    lowered = text.lower()
    mentions = len(re.findall(rf"\b{w}\b", lowered))
    negated = len(re.findall(rf"\b(?:no|non|zero|free\s+of|without|{w}[\s-]free)[\s-]*{w}\b|\b{w}[\s-]free\b", lowered))
    return mentions > 0 and negated >= mentions
