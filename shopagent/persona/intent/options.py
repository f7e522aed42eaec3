"""Option values a person names (sizes, quantities, colours), in one canonical spelling each,
and whether a store's offered value says the same thing.

People write "8oz", "8 fl. oz", "2 pounds", "100 ct", "pack of 6", "XXL", "34w x 32l";
stores write "8 Fl Oz", "2 Pound", "100 Count", "Pack of 6", "XX-Large", "34W x 32L".
Both sides go through `canonical_value`, so `offers` compares like with like:
8 oz is 8 Fl Oz, 40lb is 40 Pound, and X-Large is not Large, 8.5 is not 8.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

LETTER_SIZES = ["xx-small", "x-small", "small", "medium", "large", "x-large", "xx-large", "3x-large", "4x-large"]
_LETTER_SPELLINGS = {
    "xx-small": ["xxs", "2xs", "xx small", "extra extra small"],
    "x-small": ["xs", "x small", "extra small", "extra-small"],
    "small": ["sm", "small"],
    "medium": ["med", "medium", "md"],
    "large": ["lg", "large"],
    "x-large": ["xl", "1x", "1xl", "x large", "extra large", "extra-large"],
    "xx-large": ["xxl", "2xl", "2x", "xx large", "2x-large", "2x large", "extra extra large"],
    "3x-large": ["xxxl", "3xl", "3x", "3x large", "xxx-large"],
    "4x-large": ["xxxxl", "4xl", "4x", "4x large"],
}
SINGLE_LETTER_SIZES = {"s": "small", "m": "medium", "l": "large"}  # only after the word "size"
BED_SIZES = ["twin", "full", "queen", "king"]

# The units people give quantities in, each with its canonical name.
UNITS: list[tuple[str, str]] = [
    (r"fl\.?\s*oz\.?|fluid\s+ounces?|fl\.?\s*ounces?", "fl oz"),
    (r"oz\.?|ounces?", "oz"),
    (r"lbs?\.?|pounds?", "lb"),
    (r"ct\.?|count|counts", "count"),
    (r"pk|pak|pck|packs?|pack", "pack"),
    (r"pcs?\.?|pieces?", "piece"),
    (r"inch(?:es|s)?|in\.|\"|”|''", "inch"),
    (r"sets?", "set"),
    (r"ml|milliliters?|millilitres?", "ml"),
    (r"liters?|litres?|ltr", "liter"),
    (r"kgs?|kilograms?|kilos?", "kg"),
    (r"grams?|gr", "gram"),
    (r"cm|centimeters?|centimetres?", "cm"),
    (r"mm|millimeters?|millimetres?", "mm"),
    (r"ft|feet|foot", "ft"),
    (r"gallons?|gal", "gallon"),
    (r"quarts?|qt", "quart"),
]
_UNIT_RE = "|".join(f"(?:{pattern})" for pattern, _ in UNITS)
NUMBER = r"\d+(?:\.\d+)?"
# "10in" and "22 in," (the list goes on), not "10 in black"
QUANTITY_RE = re.compile(rf"(?<![\w.])({NUMBER})(?:\s*-?\s*({_UNIT_RE})|(in)|\s(in)\.?(?=\s*(?:[,;/]|$)))(?![a-z])", re.I)
OF_QUANTITY_RE = re.compile(rf"\b(pack|set|box|bag|case|bundle|count)\s+of\s+({NUMBER})\b", re.I)
IN_COUNT_RE = re.compile(rf"\b({NUMBER})\s+in\s+(?:a\s+)?(count|pack|set)\b", re.I)
WAIST_LENGTH_RE = re.compile(  # "34w x 32l", "34x32"; with inch marks, with its letters or on both: "52\" W x 84\" L", "52\" x 84\""
    r"(?<![\w.$])(\d{2})(?:\s*(w|waist)?(?:\s*(?:x|by)\s*|/)(\d{2})\s*(l|length|inseam)?"
    r"|\s*[\"”]\s*(w)\s*x\s*(\d{2})\s*[\"”]\s*(l)|\s*[\"”]\s*(?:x|by)\s*(\d{2})\s*[\"”])(?![a-z0-9])",
    re.I,
)

BARE_SIZE_RE = re.compile(
    r"\b(?:in\s+(?:a\s+)?|a\s+|mens\s+|men'?s\s+|womens\s+|women'?s\s+|ladies\s+|us\s+|uk\s+|eu\s+|toddler\s+|kids\s+"
    r"|little\s+kid\s+|big\s+kid\s+|youth\s+)(\d{1,2}(?:\.5)?)(?!\w|\.\d|\s*(?:"
    r"oz|ounce|fl|lb|pound|count|ct|pack|pk|inch|in\b|\"|piece|pc|year|yr|month|day|hour|minute|dollar|buck|\$|%|x\b|by\b|-?\s*year))",
    re.I,
)
# Two measures by each other without waist and length ("8x10" rug, "5' x 7'").
DIMENSIONS_RE = re.compile(r"(?<![\w.$])(\d{1,3}(?:\.\d+)?)\s*(?:ft|')?\s*x\s*(\d{1,3}(?:\.\d+)?)\s*(?:ft|feet|')?(?![\w.])", re.I)
WAIST_WORDS_RE = re.compile(r"\bwaist\s*(\d{2})\D{0,12}?(?:length|inseam)\s*(\d{2})\b", re.I)
WAIST_LETTERS_RE = re.compile(r"(?<![\w.$])(\d{2})\s*w[\s,]+(\d{2})\s*l(?![a-z0-9])", re.I)  # "32W 32L": no "x" between
WAIST_LETTERS_FIRST_RE = re.compile(r"\bw\s?(\d{2})[\s,]+(?:x\s*)?l\s?(\d{2})\b", re.I)  # "W34 L32", as European labels write it
WAIST_AFTER_RE = re.compile(
    r"\b(\d{2})\s*(?:inch\s+|in\.?\s+|\")?waist\W{0,3}(?:and\s+|by\s+|x\s+)?(\d{2})\s*(?:inch\s+|in\.?\s+|\")?(?:leg|length|inseam)\b", re.I
)
SMALL_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                 "eleven": 11, "twelve": 12, "thirteen": 13}  # fmt: skip
SIZE_NUMBER_RE = re.compile(
    r"\b(?:size|sz|sized?)\s*:?\s*(\d{1,2}(?:\.5)?|\d{1,2}\s+(?:and\s+a\s+)?half|[sml]|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen)(?:\s+and\s+a\s+half)?)\b(?!\s*(?:inch|oz|lb|count))",
    re.I,
)
LENGTH_RE = re.compile(r"(?<![\w.])(\d{1,3})\s*(?:in(?:ch(?:es)?)?\.?\s*)?(?:length|long)\b", re.I)  # "18 length", "18 inch long"
HALF_SIZE_RE = re.compile(
    r"(?<![\w.$])(\d{1,2}\.5)(?![\w.]|\s*(?:oz|ounce|fl|lb|pound|inch|in\b|\"|cm|mm|%|x\b|ft|feet))", re.I
)  # "flats 8.5"
HALF_RE = re.compile(r"(\d{1,2})\s+(?:and\s+a\s+)?half")

# Colour words of English (not a store's list): a base colour, optionally with a shade word before it.
BASE_COLOURS = [
    "black", "white", "grey", "gray", "navy", "blue", "red", "green", "pink", "beige", "brown", "purple", "yellow", "orange",
    "gold", "silver", "ivory", "khaki", "teal", "tan", "burgundy", "cream", "maroon", "turquoise", "charcoal", "olive",
    "lavender", "coral", "mint", "nude", "blonde", "blond", "auburn", "copper", "bronze", "champagne", "taupe", "plum",
    "walnut", "espresso", "oak", "peach", "rose", "aqua", "magenta", "violet", "mustard", "camo", "multicolor", "berry", "clear",
]  # fmt: skip
SHADES = [
    "dark", "light", "flat", "matte", "matt", "emerald", "forest", "hunter", "sage", "dusty", "burnt", "lime", "neon", "jet",
    "midnight", "slate", "heather", "army", "kelly", "powder", "navy", "pale", "bright", "deep", "hot", "baby", "sky", "royal",
    "rose", "ash", "honey", "natural", "off",
]  # fmt: skip
# "dk brown", "lt blue", "dk wash": the two shade words people shorten, said before a colour or a denim's wash.
_SHORT_SHADES = {"dk": "dark", "drk": "dark", "lt": "light", "lght": "light"}
SHORT_SHADE_RE = re.compile(rf"\b({'|'.join(_SHORT_SHADES)})\.?\s+(?=(?:{'|'.join(BASE_COLOURS)}|wash)\b)", re.I)


def shades_spelt_out(text: str) -> str:
    """The text with a shortened shade word spelt out ("dk brown" -> "dark brown")."""
    return SHORT_SHADE_RE.sub(lambda m: f"{_SHORT_SHADES[m.group(1).lower()]} ", text)


DENIM_WASH_RE = re.compile(r"\b(?:light|dark|medium|mid|acid|stone|vintage|rinse)[\s-]wash\b", re.I)  # denim's colours
_AMBIGUOUS_COLOURS = {"rose", "espresso", "mint", "cream", "peach", "plum", "copper", "orange", "champagne", "natural", "berry", "clear"}


@dataclass(frozen=True)
class Named:
    """One option value found in a text: its canonical spelling, what kind of value, and where it was."""

    value: str
    kind: str  # "size", "quantity", "colour", "flavour"
    start: int
    end: int


def _number(text: str) -> str:
    value = float(text)
    return f"{value:g}"


def canonical_unit(unit: str) -> str:
    for pattern, name in UNITS:
        if re.fullmatch(pattern, unit.strip(), re.I):
            return name
    return unit.lower()


def letter_size(text: str) -> str | None:
    said = re.sub(r"[\s_]+", " ", text.lower().strip().strip(".")).replace("x-", "x ").replace("x ", "x ")
    for canonical, spellings in _LETTER_SPELLINGS.items():
        if said in (canonical, canonical.replace("-", " "), *spellings):
            return canonical
    return None


def _waist_length(m: re.Match[str]) -> str:
    """A waist and length as the store writes them ("34w x 32l"), whichever way the length was said."""
    return f"{m.group(1)}w x {m.group(3) or m.group(6) or m.group(8)}l"


def _unaccented(text: str) -> str:
    """ "Rosé" as "Rose": a person may type the accent or not."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def canonical_value(value: str) -> str:
    """One spelling for an option value, from a person or a store: '8 Fl Oz' -> '8 fl oz', 'Pack of 6' -> '6 pack',
    'XX-Large' -> 'xx-large', '34W x 32L' -> '34w x 32l', 'Gray' -> 'grey'."""
    text = re.sub(r"\s+", " ", _unaccented(value).lower().replace("_", " ")).strip()
    if size := letter_size(text):
        return size
    if m := OF_QUANTITY_RE.fullmatch(text):
        unit = {"pack": "pack", "set": "set"}.get(m.group(1).lower(), "count")
        return f"{_number(m.group(2))} {unit}"
    if m := QUANTITY_RE.fullmatch(text):
        return f"{_number(m.group(1))} {canonical_unit(m.group(2) or 'inch')}"
    if m := WAIST_LENGTH_RE.fullmatch(text):
        return _waist_length(m)
    if m := DIMENSIONS_RE.fullmatch(text):
        return f"{_number(m.group(1))} x {_number(m.group(2))}"
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return _number(text)
    if m := HALF_RE.fullmatch(text):
        return f"{m.group(1)}.5"
    return re.sub(r"\bgray\b", "grey", text).replace("blond ", "blonde ").removesuffix(" size")


def _same_quantity(asked: str, offered: str) -> bool:
    a, b = asked.split(" ", 1), offered.split(" ", 1)
    if len(a) != 2 or len(b) != 2 or a[0] != b[0]:
        return False
    ounces = {"oz", "fl oz"}
    counts = {"count", "pack", "piece", "set"}
    return a[1] == b[1] or (a[1] in ounces and b[1] in ounces) or (a[1] in counts and b[1] in counts and a[1] != "pack" and b[1] != "pack")


def _one_side(asked: str, offered: str) -> bool:
    """A length in inches is one side of a width-by-length value ("52 inch" drapes come as 52W x 84L)."""
    inches = re.fullmatch(r"(\d+(?:\.\d+)?) inch", asked)
    sides = re.fullmatch(r"(\d+(?:\.\d+)?)w x (\d+(?:\.\d+)?)l", offered)
    return bool(inches and sides and inches.group(1) in sides.groups())


def offers(asked: str, offered: str) -> bool:
    """Does a store's offered value say what the person asked for? Exact where it matters: x-large is not large."""
    want, have = canonical_value(asked), canonical_value(offered)
    if want == have:
        return True
    if re.match(r"\d", want) and re.match(r"\d", have):
        return _same_quantity(want, have) or _one_side(want, have)
    if want in LETTER_SIZES or have in LETTER_SIZES or re.match(r"\d", want) or re.match(r"\d", have):
        return False
    # Colours and other words: every word asked for is in the offered value ("navy" in "Navy Blue"), or the offered value
    # says it less a word that names no shade: "Navy" is "navy blue", "Natural" "natural wood"; "Brown" is no "dark brown".
    wanted, shown = set(want.split()), set(have.split())
    return wanted <= shown or (bool(shown) and shown < wanted and not (wanted - shown) & set(SHADES))


def best_offer(asked: str, offered: list[str]) -> str | None:
    """The offered value that says what was asked: an exact one first, else the shortest that contains it."""
    same = [o for o in offered if canonical_value(o) == canonical_value(asked)]
    if same:
        return same[0]
    matching = [o for o in offered if offers(asked, o)]
    return min(matching, key=len) if matching else None


NAMED_COLOUR_RE = re.compile(
    r"\b(?:in\s+)?(?:the\s+)?colou?r\b\s*(?:is|of|:)?\s*(?:the\s+)?([a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)\s*(?=$|[.,;!?)]|\s+(?:and|please|pls|with|if|or)\b)"
    r"|\b([a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)\s+colou?r(?:ed)?\b",
    re.I,
)
_NOT_COLOUR_WORDS = {
    "a", "an", "the", "that", "is", "in", "of", "any", "some", "this", "one", "nice", "same", "other", "my", "its", "it", "be",
    "been", "are", "am", "was", "were", "to", "need", "needs", "must", "should", "they", "them", "what", "which", "and", "or",
    "prefer", "like", "want", "love", "dark", "light", "solid", "multi", "neutral", "fun", "bright", "cute", "pretty",
    "with", "for", "on", "at", "by", "from", "but", "not", "no",
    "safe", "free", "proof", "resistant", "fast", "treated", "changing",  # "color safe": what the colour is kept from
    "her", "his", "their", "our", "your", "favourite", "favorite",  # "green is her favourite colour"
}  # fmt: skip


def _said_colours(text: str) -> list[Named]:
    """A colour named as one ("a soft brass color", "in the color persimmon"), whatever its words."""
    found = []
    for m in NAMED_COLOUR_RE.finditer(text):
        group = 1 if m.group(1) else 2
        words = m.group(group).lower().split()
        if group == 2:
            words = words[-2:]
        while words and words[0] in _NOT_COLOUR_WORDS - {"dark", "light"}:
            words = words[1:]
        if not words or words[-1] in _NOT_COLOUR_WORDS:
            continue
        if words:
            start = m.start(group) + m.group(group).lower().rfind(words[0])
            words = [part for w in words for part in _joined_colours(w)]
            found.append(Named(canonical_value(" ".join(words)), "colour", start, m.end(group)))
    return found


def _joined_colours(word: str) -> list[str]:
    """Two colours run together ("redblack", "blackwhite") as two words; any other word as it is."""
    for base in BASE_COLOURS:
        rest = word.removeprefix(base)
        if rest != word and rest in BASE_COLOURS:
            return [base, rest]
    return [word]


def _alone_in_a_list(text: str, m: re.Match[str]) -> bool:
    """The word is an item of its own in a list ("hard shell, clear"): nothing else said between its commas."""
    return bool(re.search(r"(?:^|,)\s*$", text[: m.start()]) and re.match(r"\s*(?:$|[,.;!])", text[m.end() :]))


# The noun only: "honey bbq flavored wings" describes the wings, as "bbq" wings would.
FLAVOUR_RE = re.compile(r"\b(?:([a-zé]+)\s+)?([a-zé]+)\s+flavou?rs?\b", re.I)
PAIRED = 3  # two words shoppers write together at least this often are one flavour ("peanut butter", not "iu lemon")


def _flavour_spans(text: str) -> list[Named]:
    """A flavour named as one ("peanut butter flavor", "beef flavour", "rosé flavor"): stores sell it as an option."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from shopagent.persona.intent.spelling import pair_counts  # spelling reads the colours from here

    found = []
    for m in FLAVOUR_RE.finditer(text):
        first, last = (m.group(1) or "").lower(), m.group(2).lower()
        if last in STOP_WORDS or last in {"fav", "favorite", "favourite", "new", "any", "fave", "usual"}:
            continue
        paired = first and first not in STOP_WORDS and pair_counts()[(first, last)] >= PAIRED
        start = m.start(1) if paired else m.start(2)
        found.append(Named(canonical_value(text[start : m.end(2)]), "flavour", start, m.end()))
    return found


def _colour_spans(text: str) -> list[Named]:
    found: list[Named] = _said_colours(text)
    found += [
        Named(canonical_value(m.group(0).lower().replace("-", " ")), "colour", m.start(), m.end()) for m in DENIM_WASH_RE.finditer(text)
    ]
    base = "|".join(BASE_COLOURS)
    shades = "|".join(SHADES)
    # "honey blondes": a shade's colour said in the plural is one colour
    for m in re.finditer(rf"\b(?:(?:{shades})[\s-](?:{base})(?=e?s\b)|(?:(?:{shades})[\s-])?(?:{base})(?:[\s-](?:{base}))?\b)", text, re.I):
        words = m.group(0).lower().replace("-", " ")
        said_as_colour = re.match(r"\s*(?:colou?r|shade)\b", text[m.end() :], re.I) or re.search(
            r"(?:\bin|colou?r:?|shade:?)\s*$", text[: m.start()], re.I
        )
        if words in _AMBIGUOUS_COLOURS and not said_as_colour and not _alone_in_a_list(text, m):
            continue  # "rose", "mint", "cream" alone are as often a scent or a flavour as a colour
        if re.match(
            r"[\s-]*(?:scent|scented|flavou?r|flavou?red|oil|extract|essential|tea|cheese|wine|sauce|pepper)\b", text[m.end() :], re.I
        ):
            continue  # "lavender scent", "green tea", "blue cheese": not the product's colour
        found.append(Named(canonical_value(words), "colour", m.start(), m.end()))
    return found


def find_options(text: str) -> list[Named]:
    """Every size, quantity and colour the text names, in canonical form, left to right, without overlaps."""
    found: list[Named] = []
    for m in WAIST_LENGTH_RE.finditer(text):
        found.append(Named(_waist_length(m), "size", m.start(), m.end()))
    for m in DIMENSIONS_RE.finditer(text):
        found.append(Named(f"{_number(m.group(1))} x {_number(m.group(2))}", "size", m.start(), m.end()))
    for m in HALF_SIZE_RE.finditer(text):
        found.append(Named(_number(m.group(1)), "size", m.start(1), m.end(1)))
    for m in BARE_SIZE_RE.finditer(text):
        if _counts_a_noun(text, m):
            continue
        found.append(Named(_number(m.group(1)), "size", m.start(1), m.end(1)))
    for m in [
        *WAIST_WORDS_RE.finditer(text),
        *WAIST_AFTER_RE.finditer(text),
        *WAIST_LETTERS_RE.finditer(text),
        *WAIST_LETTERS_FIRST_RE.finditer(text),
    ]:  # "waist 34 length 32", "34 waist 30 leg"
        found.append(Named(f"{m.group(1)}w x {m.group(2)}l", "size", m.start(), m.end()))
    for m in IN_COUNT_RE.finditer(text):
        found.append(Named(f"{_number(m.group(1))} {m.group(2).lower()}", "quantity", m.start(), m.end()))
    for m in OF_QUANTITY_RE.finditer(text):
        unit = {"pack": "pack", "set": "set"}.get(m.group(1).lower(), "count")
        found.append(Named(f"{_number(m.group(2))} {unit}", "quantity", m.start(), m.end()))
    for m in QUANTITY_RE.finditer(text):
        if _weight_of_another(text, m):
            continue
        found.append(Named(f"{_number(m.group(1))} {canonical_unit(m.group(2) or 'inch')}", "quantity", m.start(), m.end()))
    for m in LENGTH_RE.finditer(text):
        found.append(Named(f"{_number(m.group(1))} inch", "quantity", m.start(), m.end()))
    for m in SIZE_NUMBER_RE.finditer(text):
        said = m.group(1).lower()
        number = SMALL_NUMBERS.get(said.split()[0])
        value = SINGLE_LETTER_SIZES.get(said) or (
            f"{number}.5" if number and "half" in said else str(number) if number else canonical_value(said)
        )
        found.append(Named(value, "size", m.start(), m.end()))
    spellings = sorted({s for c, ss in _LETTER_SPELLINGS.items() for s in [c, *ss]}, key=len, reverse=True)
    for m in re.finditer(rf"(?<![\w-])(?:{'|'.join(re.escape(s) for s in spellings)})(?![\w-])", text, re.I):
        if _attributive(text, m):
            continue  # "a small end table": a word describing the product, not a size chosen from a list
        said_size = re.search(r"\bsize\s*:?\s*$", text[: m.start()], re.I)  # "size 2X": the word goes with it
        start = said_size.start() if said_size else m.start()
        found.append(Named(letter_size(m.group(0)) or m.group(0).lower(), "size", start, m.end()))
    for m in re.finditer(rf"\b({'|'.join(BED_SIZES)})(?:[\s-]size)?\b", text, re.I):
        word = m.group(1).lower()
        if word != "full" or "size" in m.group(0).lower():
            found.append(Named(word, "size", m.start(), m.end()))
    found += _colour_spans(text)
    found += _flavour_spans(text)
    return _without_overlaps(found)


SIZE_FOLLOWERS = {"in", "and", "or", "wide", "narrow", "please", "pls", "if", "for", "with", "but", "mens", "womens", "men",
                   "women", "us", "uk", "eu", "would", "is", "should", "shoe", "shoes"}  # fmt: skip


def _counts_a_noun(text: str, m: re.Match[str]) -> bool:
    """ "a 4 person tent", "a 3 tier shelf": after "a", a number followed by a noun counts that noun; it is no size."""
    if not re.match(r"(?:in\s+)?a\s", m.group(0), re.I):
        return False
    after = re.match(r"\s*-?\s*([a-z]+)", text[m.end() :], re.I)
    return after is not None and after.group(1).lower() not in SIZE_FOLLOWERS | set(BASE_COLOURS)


def _attributive(text: str, m: re.Match[str]) -> bool:
    word = m.group(0).lower()
    if word not in ("small", "medium", "large") or re.search(r"\bsize\s*:?\s*$", text[: m.start()], re.I):
        return False
    if re.search(r"\b(?:wo)?m[ae]n'?s?\s*$|\b(?:ladies|girls|boys|kids)'?\s*$", text[: m.start()], re.I):
        return False  # "a womens medium long sleeve sweater": who wears it, then the size
    after = re.match(r"\s+([a-z][a-z-]*)", text[m.end() :], re.I)
    if after is None:
        return False
    following = after.group(1).lower()
    not_a_noun = {"and", "or", "size", "in", "for", "please", "with", "if", "but", "under", "too", "pls", "plz", "is", "would", "no", "not"}
    if re.search(r"\bin\s+(?:an?\s+)?$", text[: m.start()], re.I) and following in STOP_WORDS:
        return False  # "in a medium this time": a size chosen, then more said
    return following not in not_a_noun and following not in BASE_COLOURS and following not in SHADES


WEIGHT_OF_ANOTHER_RE = re.compile(r"\bfor\s+(?:an?|my|our|his|her|their|the)\s+$", re.I)


# A weight said of someone: a person or animal, then "is" or "weighs" ("she's 65 lbs", "my dog weighs 50 pounds").
WEIGHED_RE = re.compile(
    r"\b(?P<who>[a-z]+)(?:'s|'re|\s+is|\s+are|\s+weighs?)\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|almost\s+|over\s+)?$", re.I
)
PERSONAL_PRONOUNS = {"she", "he", "they"}


def _weight_of_another(text: str, m: re.Match[str]) -> bool:
    """ "for a 90 lb shepherd", "for my 50 pound dog": the weight of the one it is for, not of the product."""
    from shopagent.persona.intent.wordnet import a_living_thing

    if canonical_unit(m.group(2) or "") not in ("lb", "kg"):
        return False
    if (weighed := WEIGHED_RE.search(text[: m.start()])) and (
        weighed.group("who").lower() in PERSONAL_PRONOUNS or a_living_thing(weighed.group("who"))
    ):
        return True  # "she's 65 lbs", "my dog weighs 50 pounds"
    after = re.match(r"\s+([a-z]{3,})", text[m.end() :], re.I)
    return bool(WEIGHT_OF_ANOTHER_RE.search(text[: m.start()])) and after is not None and a_living_thing(after.group(1))


def _without_overlaps(found: list[Named]) -> list[Named]:
    kept: list[Named] = []
    for item in sorted(found, key=lambda n: (n.start, -(n.end - n.start))):
        if all(item.end <= k.start or item.start >= k.end for k in kept):
            kept.append(item)
    return kept
