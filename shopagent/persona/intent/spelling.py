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

from shopagent.persona.intent.options import BASE_COLOURS
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


def shoppers_write(phrase: str) -> int:
    """How often shoppers write the phrase as one: a word in either number, or its words one after another ("back pack"
    is rarer than "backpack", however common "back" and "pack" are)."""
    words = phrase.lower().split()
    if len(words) == 1:
        return shoppers_say(phrase)
    pairs = pair_counts()
    return min(max(pairs[(a, b)], pairs[(a, b + "s")]) for a, b in itertools.pairwise(words))


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
        # a part of a hyphenated word joins nothing outside it ("a t-shirt" is no "at-shirt")
        hyphenated = text[second.end() : second.end() + 1] == "-" or text[first.start() - 1 : first.start()] == "-"
        free = free and not (between == " " and hyphenated)
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
    # ... with the consonant it doubled ("capping": "cap") or the e it dropped ("baking": "bake")
    stems += [s[:-1] for s in stems if len(s) > 2 and s[-1] == s[-2] and s[-1] not in "aeiou"] + [f"{s}e" for s in stems]
    return _zipf(word) > 0 and any(word_counts()[w] >= 2 or w in english_words() for w in stems)


def slip_of(word: str, other: str) -> bool:
    """Is the word a slip in typing the other, a word it saw written ("tnet" of "tent", "shampo" of "shampoo")? Only for a
    word English all but never writes, one edit from the other (a letter left out, added, swapped or typed for another;
    two left out of a long word), and never a word the other merely ends differently ("tumbler" of "tumble")."""
    word, other = word.lower(), other.lower()
    if word == other or len(word) < MIN_LENGTH - 1 or word[0] != other[0] or _zipf(word) >= ENGLISH_ZIPF:
        return False
    if _inflected(word, other) or _inflected(other, word):
        return False
    distance = OSA.distance(word, other)
    return distance == 1 or (distance == 2 and len(other) >= 7 and _dropped_letters(word, other))


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
    if (full := _dropped_g(word) or _american(word) or _f_for_ph(word)) is not None:
        return full
    if word in joined_compounds():
        return joined_compounds()[word]
    if (spelt := _vowels_left_out(word)) is not None:
        return spelt
    if len(word) < MIN_LENGTH - 2 or known(word) or not re.fullmatch(r"[a-z]+(?:-[a-z]+)*", word):
        return None
    if len(word) < MIN_LENGTH:
        return (_letter_left_out(word) if len(word) == MIN_LENGTH - 1 else None) or _colour_texted(word)
    # One edit against shoppers' words; two, for a long word, against shoppers' words; then one against common English
    # (shoppers' text lacks some everyday things: "sanitzer" is "sanitizer").
    two = 2 if len(word) >= 7 else 1
    unheard = _zipf(word) == 0  # English text never has it: no name or slang ("purell", "lowkey")
    tiers = ((_targets(), 1), (vocab.keys(), two), *([(_english_targets(), 1)] if unheard else []))
    if (swapped := _letters_swapped(word)) is not None:
        return swapped
    if (whole := _letter_put_back(word)) is not None:
        return whole
    for candidates, allowed in tiers:
        near = [hit for hit in extract(word, candidates, scorer=OSA.distance, score_cutoff=allowed, limit=20) if hit[0][0] == word[0]]
        if candidates is _english_targets():  # a name English lacks ("phocus") is not a slip of one it has ("pocus")
            near = [hit for hit in near if hit[0][:2] == word[:2]]
        near = [hit for hit in near if hit[1] < 2 or _dropped_letters(word, hit[0])]  # two edits only as letters left out
        near = [hit for hit in near if not _inflected(word, hit[0])]
        if near:
            return max(near, key=lambda hit: (-hit[1], _dropped_letters(word, hit[0]), vocab.get(hit[0], 0), _zipf(hit[0])))[0]
    return None


ENGLISH_ZIPF = 2.5  # an English word said about once in three million words: what a misspelling shoppers' words miss may be


@cache
def _english_targets() -> frozenset[str]:
    return frozenset(w for w in top_n_list("en", 50_000) if w.isalpha() and len(w) >= MIN_LENGTH and _zipf(w) >= ENGLISH_ZIPF)


def _zipf(word: str) -> float:
    return zipf_frequency(word, "en")


CLIPPING_MIN = 4  # shorter beginnings are words of their own as often as clippings ("tin", "pan")
CLIPPING_MARGIN = 0.5  # the whole word is said at least ~3 times as often as its beginning (zipf is log10)


def clipped(word: str, full: str) -> bool:
    """Is `word` the clipped form of `full`, as people write "temp" for temperature or "prof" for professional? It
    begins the longer word, and English says the longer word far more, so the short one is rarely meant on its own:
    not "stain" for stainless, "bath" for bathroom, "cord" for cordless or "tint" for tinted."""
    return (
        len(word) >= CLIPPING_MIN and len(full) >= len(word) + 3 and full.startswith(word) and _zipf(full) - _zipf(word) >= CLIPPING_MARGIN
    )


LETTER_BACK_ZIPF = 2.0  # a word with a letter put back must be one English says at least once in ten million words


def _letter_put_back(word: str) -> str | None:
    """A letter left out, the commonest slip, put back where that makes a word shoppers or English text use, the same
    first two letters kept ("straightner": straightener, not the "straighter" one other edit away)."""
    if "-" in word or _zipf(word) > 0:
        return None  # English text has it as written: a name ("crocker", "lippman"), not a slip
    made = {word[:i] + c + word[i:] for i in range(2, len(word) + 1) for c in "abcdefghijklmnopqrstuvwxyz"}
    # English text's words only where WordNet lists them: a place or a name ("Denton" for the brand "denon") is no slip
    common = (w for w in made if vocabulary().get(w, 0) >= MIN_COUNT or (_zipf(w) >= LETTER_BACK_ZIPF and lists(w)))
    words = [w for w in common if not _inflected(word, w)]
    return max(words, key=lambda w: (vocabulary().get(w, 0), _zipf(w))) if words else None


def _dropped_g(word: str) -> str | None:
    """The word with the g a texter dropped put back ("nothin": "nothing"), where that is far the commoner word."""
    if len(word) < 4 or not word.endswith("in") or lists(word):
        return None
    full = word + "g"
    said = _zipf(full)
    return full if said >= COMMON_ZIPF and said - _zipf(word) >= TEXTING_MARGIN else None


# British spellings and their American forms, which stores mostly use: "odour", "organiser", "analyse", "fibre", "sulphate".
BRITISH_RE = (
    (re.compile(r"our(s?)$"), r"or\1"),
    (re.compile(r"is(e|es|ed|er|ers|ing)$"), r"iz\1"),
    (re.compile(r"ys(e|es|ed|er|ers|ing)$"), r"yz\1"),
    (re.compile(r"([^aeiou])re(s?)$"), r"\1er\2"),
    (re.compile(r"^sulph"), "sulf"),
)


def _american(word: str) -> str | None:
    """A British spelling as American English writes it ("odour": "odor", "sulphate": "sulfate"), where English text has
    the American form more often: "four", "wise" and "phone" stay."""
    if "-" in word:  # each part alone ("sulphate-free"; "eighty-four" is no "eighty-for")
        parts = [_american(part) or part for part in word.split("-")]
        return "-".join(parts) if parts != word.split("-") else None
    if len(word) < MIN_LENGTH:
        return None
    for pattern, replacement in BRITISH_RE:
        other = pattern.sub(replacement, word)
        if other != word and _zipf(other) >= ENGLISH_ZIPF and _zipf(other) > _zipf(word):
            return other
    return None


def _f_for_ph(word: str) -> str | None:
    """A "ph" texted as "f" ("fone", "foto"), where the word with it is far the commoner."""
    if "f" not in word or "-" in word or lists(word):
        return None
    said = _zipf(word)
    return next((o for o in (word.replace("f", "ph", 1),) if _zipf(o) >= COMMON_ZIPF and _zipf(o) - said >= TEXTING_MARGIN), None)


def _swaps(word: str) -> set[str]:
    """The word with two neighbouring letters the other way round, each way it can be."""
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)} - {word}


def _letters_swapped(word: str) -> str | None:
    """Two letters typed the wrong way round in a word shoppers often write ("shrit": "shirt"), before any other slip:
    no letter is missing or extra, so it is the likeliest reading ("shrift" is one letter off too)."""
    common = [w for w in _swaps(word) if vocabulary().get(w, 0) >= COMMON_COUNT]
    return max(common, key=lambda w: vocabulary()[w]) if common else None


def _letter_left_out(word: str) -> str | None:
    """A short word is put right only as a common word with one letter left out ("stik": "stick", "undr": "under"), two
    swapped ("wnat": "want") or its last letter typed twice ("wigg": "wig"); any other slip in four letters is as likely
    a brand or an abbreviation."""
    shoppers = {w for w, c in vocabulary().items() if c >= COMMON_COUNT}
    common = (w for w in shoppers | _common_english() if len(w) == len(word) + 1 and w[0] == word[0])
    near = [w for w in common if _dropped_letters(word, w)]
    if not near:  # or two letters swapped in a common word ("wnat": "want")
        near = [w for w in _swaps(word) if w[0] == word[0] and (w in shoppers or w in _common_english())]
    if not near and word[-1] == word[-2] and _zipf(word) < ENGLISH_ZIPF and word[:-1] in shoppers:
        near = [word[:-1]]
    return max(near, key=lambda w: (vocabulary()[w], _zipf(w))) if near else None


TEXTED_ZIPF = 3.0  # a vowelless word English writes this often is one of its own ("pls", "ppl", "ltd")
TEXTED_MARGIN = 2  # the word meant is at least this many times as common among shoppers as the next with its consonants


def _consonants(word: str) -> tuple[str, str]:
    return word[0], re.sub(r"[aeiouy]", "", word[1:])


@cache
def _by_consonants() -> dict[tuple[str, str], list[str]]:
    """Shoppers' common words by their first letter and the consonants after it, commonest first."""
    found: dict[tuple[str, str], list[str]] = {}
    for w, _ in sorted(vocabulary().items(), key=lambda item: -item[1]):
        if vocabulary()[w] >= COMMON_COUNT and w.isalpha():
            found.setdefault(_consonants(w), []).append(w)
    return found


def _vowels_left_out(word: str) -> str | None:
    """A word texted without its vowels ("lthr": leather, "strg": storage, "sz": size): the one common shoppers' word
    with those consonants, far commoner than any other ("frm" may be frame or from, so it stays)."""
    if len(word) < 2 or re.search(r"[aeiou]", word) or not word.isalpha() or word in vocabulary() or _zipf(word) >= TEXTED_ZIPF:
        return None
    meant = _by_consonants().get(_consonants(word), [])
    counts = [vocabulary()[w] for w in meant]
    return meant[0] if meant and (len(counts) == 1 or counts[0] >= TEXTED_MARGIN * counts[1]) and meant[0] != word else None


COMMON_COLOURS = BASE_COLOURS[:14]  # black ... orange: the colours people shorten in texts


def _colour_texted(word: str) -> str | None:
    """A colour texted without its vowels ("pnk", "blk", "prpl"): the one common colour whose letters it keeps in order."""
    near = {"grey" if c == "gray" else c for c in COMMON_COLOURS if c[0] == word[0] and _dropped_letters(word, c) and len(c) > len(word)}
    return near.pop() if len(near) == 1 else None


@cache
def _common_english() -> frozenset[str]:
    return frozenset(w for w in top_n_list("en", COMMON_ENGLISH) if w.isalpha())


@cache
def _targets() -> frozenset[str]:
    """What a misspelling may be put right to in one edit: words shoppers used twice or more."""
    return frozenset(w for w, c in word_counts().items() if c >= 2)


SPOKEN_LETTERS_RE = re.compile(r"\b[b-hj-z](?:\s+[a-z]\b)+|\bi(?:\s+[b-z]\b)+", re.I)  # "i u", "u s b"; not "a", "i" alone
LETTER_NUMBER_RE = re.compile(r"(?<![\d.]\s)\b([b-hj-kn-rt-wyz])\s+(\d{1,2})\b(?!\s*(?:x|by|oz|lb|inch|in|pack|count|ct|pcs?)\b)", re.I)
ACRONYM_ZIPF = 3.0  # letters said apart that make a word English writes at least this often ("usb", "led", "iu")


def letters_spoken(text: str) -> str:
    """Letters dictated one by one, written as one word ("five thousand i u": "iu", "u s b": "usb"), and a letter said
    before its number ("vitamin d 3": "d3")."""

    def joined(m: re.Match[str]) -> str:
        word = re.sub(r"\s+", "", m.group(0))
        return word if _zipf(word.lower()) >= ACRONYM_ZIPF and not lists(word) else m.group(0)

    text = SPOKEN_LETTERS_RE.sub(joined, text)
    return LETTER_NUMBER_RE.sub(lambda m: m.group(1) + m.group(2), text)
