"""Misspellings put right against the words real shoppers use.

The vocabulary is every word of WebShop's 11,063 crowd-written instructions and 1,489 typed
queries (bundled), counted. A word the vocabulary does not know, with a frequent word one
or two edits away (rapidfuzz's optimal string alignment: a swap is one edit), is taken to mean that word: "shampo" is
"shampoo", "blckout" is "blackout". A hyphenated word run together is read hyphenated ("tshirt" is "t-shirt");
brands run together ("hydroflask") are the reader's, which knows the brands. A compound is written
the way shoppers write it far more often: "t shirt" as "t-shirt", "tooth brush" as "toothbrush",
"water-proof" as "waterproof", "walking-shoes" as "walking shoes".

Texting is put right against general English, by wordfreq's counts of web, subtitle and social-media text: a dropped g
("nothin", "lookin'") where the word with it is far commoner and WordNet does not list the word as written ("cabin"), and
a short word with a letter left out of a very common one ("undr": "under").
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
from collections import Counter
from functools import cache
from importlib.resources import files

from rapidfuzz.distance import OSA
from rapidfuzz.process import extract
from wordfreq import top_n_list, zipf_frequency

from shopagent.persona.intent.wordnet import lists

WORD_RE = re.compile(r"[a-z]+(?:[-'][a-z]+)*")
MIN_COUNT = 3  # a word seen fewer times may itself be a typo: only one edit away from it is trusted
COMMON_COUNT = 20  # a short misspelling is put right only to a word shoppers use this often
MIN_LENGTH = 5  # shorter words are as often brands or abbreviations ("luxy", "gan") as typos
COMMON_ZIPF = 3.5  # a word said at least ~3 times in a million words of English: common enough to be what was meant
TEXTING_MARGIN = 1.5  # the texting form is at least ~30 times rarer than the word it stands for (zipf is log10)
COMMON_ENGLISH = 2000  # the commonest English words, what a short word with a letter left out may be
CONTRACTIONS = {"wont", "dont", "cant", "isnt", "doesnt", "didnt", "wasnt", "arent", "youre", "thats", "whats", "theyre", "shouldnt",
                "wouldnt", "couldnt", "ive", "id", "im", "hes", "shes", "itll", "youll", "theres", "lets"}  # fmt: skip


@cache
def vocabulary() -> Counter[str]:
    """Words shoppers use at least MIN_COUNT times: what a misspelling is put right to."""
    return Counter({w: c for w, c in word_counts().items() if c >= MIN_COUNT})


@cache
def word_counts() -> Counter[str]:
    return _counts()[0]


@cache
def pair_counts() -> Counter[tuple[str, str]]:
    """How often each two words follow each other in shoppers' text."""
    return _counts()[1]


@cache
def _counts() -> tuple[Counter[str], Counter[tuple[str, str]]]:
    counts: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    data = files("shopagent.persona") / "data"
    for name, fields in (("webshop_intents.jsonl.gz", ("instruction",)), ("webshop_search_queries.jsonl.gz", ("human_queries",))):
        with gzip.open(str(data / name), "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                for field in fields:
                    value = row.get(field) or ""
                    for text in value if isinstance(value, list) else [value]:
                        words = WORD_RE.findall(text.lower())
                        counts.update(words)
                        pairs.update(itertools.pairwise(words))
    return counts, pairs


def shoppers_say(phrase: str) -> int:
    """How often shoppers write the phrase's rarest word (in either number): 0 for a name they never use."""
    from shopagent.persona.intent.reader import singular

    counts = word_counts()
    return min((max(counts[w], counts[singular(w)], counts[w + "s"]) for w in phrase.lower().split()), default=0)


COMPOUND_MARGIN = 2  # another spelling of a compound wins when shoppers write it at least this many times as often


def usual_compound(first: str, second: str) -> str | None:
    """How shoppers usually write the two words as a compound, apart, hyphenated or run together, where that is
    not how they are written here (joined by "-" if `first` ends in one); None when the writing is usual enough."""
    a, b = first.lower().rstrip("-"), second.lower()
    forms = {f"{a} {b}": pair_counts()[(a, b)], f"{a}-{b}": word_counts()[f"{a}-{b}"], f"{a}{b}": word_counts()[f"{a}{b}"]}
    written = f"{a}-{b}" if first.endswith("-") else f"{a} {b}"
    if first.endswith("-") and forms[written]:
        return None  # hyphenated on purpose, as shoppers also write it ("clip-in", "non-slip")
    best = max(forms, key=lambda f: forms[f])
    if best == written or forms[best] < MIN_COUNT or forms[best] < COMPOUND_MARGIN * max(forms[written], 1):
        return None
    return best


def usual_compounds(text: str, protected: list[tuple[int, int]]) -> str:
    """The text with each two-word or hyphenated compound written as shoppers usually write it."""
    words = list(re.finditer(r"[A-Za-z]+", text))
    out, at, i = [], 0, 0
    while i < len(words) - 1:
        first, second = words[i], words[i + 1]
        between = text[first.end() : second.start()]
        free = not any(s < second.end() and first.start() < e for s, e in protected)
        better = usual_compound(first.group(0) + between.strip(), second.group(0)) if free and between in (" ", "-") else None
        if better is None:
            i += 1
            continue
        out += [text[at : first.start()], better]
        at, i = second.end(), i + 2
    return "".join([*out, text[at:]])


@cache
def english_words() -> frozenset[str]:
    """Whole words of the bundled MiniLM's WordPiece vocabulary: 30,000 pieces of general English text."""
    from shopagent.persona.intent.model_files import minilm_vocab_file

    return frozenset(w for w in minilm_vocab_file().read_text(encoding="utf-8").split() if w.isalpha())


@cache
def joined_compounds() -> dict[str, str]:
    """Hyphenated words of the vocabulary by their run-together spelling: "tshirt" -> "t-shirt"."""
    return {w.replace("-", ""): w for w in vocabulary() if "-" in w}


def known(word: str) -> bool:
    """A word WordNet lists ("parka"), or in the shoppers' vocabulary or MiniLM's general English, as written or less
    an inflection that English uses ("frying": "fry"; not "protecter", which no English text says)."""
    word = word.lower()
    if "-" in word:
        return all(known(part) for part in word.split("-") if part)
    if word in CONTRACTIONS:
        return True
    if lists(word) or word_counts()[word] >= 2 or word in english_words():
        return True
    stems = [word[: -len(end)] for end in ("ing", "ed", "es", "s", "er", "ers") if word.endswith(end) and len(word) > len(end) + 2]
    return zipf_frequency(word, "en") > 0 and any(word_counts()[w] >= 2 or w in english_words() for w in stems)


def _inflected(word: str, candidate: str) -> bool:
    """The word is the candidate with an ending ("tumbler": "tumble" + r): another word, not a slip."""
    return word.startswith(candidate) and word[len(candidate) :] in ("r", "s", "d", "er", "y", "ed", "es", "ers", "ing")


def _dropped_letters(word: str, candidate: str) -> bool:
    """The candidate is the word with letters put back ("blendr" in "blender"): the commonest slip."""
    rest = iter(candidate)
    return all(ch in rest for ch in word)


@cache
def correction(word: str) -> str | None:
    """What a word the vocabulary does not know was meant to be; None when it is known or nothing is close."""
    word = word.lower()
    vocab = vocabulary()
    if (full := _dropped_g(word)) is not None:
        return full
    if word in joined_compounds():
        return joined_compounds()[word]
    if len(word) < MIN_LENGTH - 1 or known(word) or not re.fullmatch(r"[a-z]+(?:-[a-z]+)*", word):
        return None
    if len(word) < MIN_LENGTH:
        return _letter_left_out(word)
    # One edit against shoppers' words and general English; two, for a long word, against shoppers' words only.
    for candidates, allowed in ((_targets(), 1), (vocab.keys(), 2 if len(word) >= 7 else 1)):
        near = [hit for hit in extract(word, candidates, scorer=OSA.distance, score_cutoff=allowed, limit=20) if hit[0][0] == word[0]]
        near = [hit for hit in near if hit[1] < 2 or _dropped_letters(word, hit[0])]  # two edits only as letters left out
        near = [hit for hit in near if not _inflected(word, hit[0])]
        if near:
            return max(near, key=lambda hit: (-hit[1], _dropped_letters(word, hit[0]), vocab.get(hit[0], 0)))[0]
    return None


def _dropped_g(word: str) -> str | None:
    """The word with the g a texter dropped put back ("nothin": "nothing"), where that is far the commoner word."""
    if len(word) < 4 or not word.endswith("in") or lists(word):
        return None
    full = word + "g"
    said = zipf_frequency(full, "en")
    return full if said >= COMMON_ZIPF and said - zipf_frequency(word, "en") >= TEXTING_MARGIN else None


def _letter_left_out(word: str) -> str | None:
    """A short word is put right only as a common word with one letter left out ("stik": "stick", "undr": "under");
    any other slip in four letters is as likely a brand or an abbreviation."""
    shoppers = {w for w, c in vocabulary().items() if c >= COMMON_COUNT}
    common = (w for w in shoppers | _common_english() if len(w) == len(word) + 1 and w[0] == word[0])
    near = [w for w in common if _dropped_letters(word, w)]
    return max(near, key=lambda w: (vocabulary()[w], zipf_frequency(w, "en"))) if near else None


@cache
def _common_english() -> frozenset[str]:
    return frozenset(w for w in top_n_list("en", COMMON_ENGLISH) if w.isalpha())


@cache
def _targets() -> frozenset[str]:
    """What a misspelling may be put right to in one edit: words shoppers used twice or more."""
    return frozenset(w for w, c in word_counts().items() if c >= 2)
