"""The most a person will pay, however they say it: "under $25", "no more than 40 bucks",
"budget is 30", "<$30", "50 bucks max", "price lower than 40.00 dollars", "$30 or less", "around 20 bucks",
"shouldn't cost more than 30", "40 is my limit", "sub $15", "~$80".

An amount said as money with no such words around it ("got 30 bucks to spend", "i have $30", "20-30 dollars")
is the limit too: people name money in a shopping request to say what they will pay, and a range's top is the most.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import alpha2digit

_NUMBER_WORDS = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one\s+hundred|a\s+hundred|hundred|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|five|eight|nine|six|seven)"
)
_CURRENCY = r"(?:[$£€]|(?:usd|gbp|eur)\s)"
_SPOKEN = r"\d{1,3}\s\d{2}(?!\.\d)(?=\s*(?:[.,;:!?)]|$|dollars?\b|bucks\b))"  # "eleven ninety-nine": text2num's "11 99"
_MONEY_WORD = r"(?:usd|dollars?|bucks|bux|quid|euros?|gbp|eur|\$)"
_AMOUNT = rf"{_CURRENCY}?\s?({_SPOKEN}|\d{{1,5}}(?:,\d{{3}})*(?:\.\d{{1,2}})?|{_NUMBER_WORDS})\s*{_MONEY_WORD}?"
_BEFORE = (
    r"(?:price\s+|priced\s+|costs?\s+|costing\s+|that\s+is\s+|is\s+|and\s+)?"
    r"(?:(?:lower|less|cheaper|not\s+more|no\s+more|nothing\s+more|not\s+over|no\s+higher|not\s+higher)\s+th[ae]n"
    r"|under|below|beneath|within|up\s+to|at\s+most|max(?:imum)?\.?(?:\s+of)?|tops|no\s+more|not\s+over|not\s+above|<=?|≤"
    r"|(?:nothing|not\s+anything|none)\s+(?:over|above|more\s+than|pricier\s+than)|keep\s+it\s+(?:under|below|to)|less\s+th[ae]n"
    r"|(?:my\s+|the\s+)?budget(?:'?s|\s+is|\s+of|:)?(?:\s+tight,?)?(?:\s+(?:around|about|roughly|approximately|like)|\s*~)?|(?:i\s+)?(?:can|could|want\s+to|wanna)\s+(?:only\s+)?spend(?:\s+up\s+to|\s+at\s+most|\s+like|\s+about|\s+around)?"
    r"|(?:not|never)\s+(?:spending|paying|going)\s+(?:more\s+than|over|above|past)"
    r"|(?:don'?t|do\s+not|won'?t|can'?t|cannot|can\s+not|couldn'?t|shouldn'?t|mustn'?t|must\s+not|should\s+not|doesn'?t|does\s+not"
    r"|(?:would|'d)\s+rather\s+not|prefer\s+not\s+to)\s+(?:really\s+)?(?:want\s+to\s+|wanna\s+|afford\s+to\s+)?"
    r"(?:spend|pay|go|afford|cost|be|run)\s+(?:more\s+th[ae]n|over|above|past|anything\s+over)"
    r"|(?:no|not)\s+(?:pricier|more\s+expensive|dearer)\s+than|not\s+a\s+(?:penny|cent|dollar|pound)\s+(?:over|above|more\s+than)"
    r"|(?:spending\s+|price\s+)?(?:limit|cap)(?:\s+is|\s+of|:)?|sub[\s-]?|max(?:imum)?\s+price(?:\s+is|:)?"
    r"|cap(?:ping|ped)?\s+(?:it\s+)?at|(?:can|could|would|will)\s+stretch\s+to|tops?\s+out\s+at"
    r"|the\s+most\s+i(?:'ll|\s+will|\s+can|'d|\s+would)\s+(?:pay|spend)\s+is)"
)
_AFTER = (
    r"(?:(?:or|and)\s+(?:less|under|below|cheaper)|all\s+in|max(?:imum)?|tops|at\s+(?:the\s+)?(?:absolute\s+|very\s+)?most|limit|budget|or\s+so\s+max"
    r"|(?:is|'s)\s+(?:my|the)\s+(?:limit|max(?:imum)?|budget|cap|ceiling)|is\s+the\s+most\s+i(?:'ll|\s+will|\s+can|'d|\s+would)\s+(?:pay|spend))"
)
_NOT_MONEY = (
    r"(?![\d.]\d|\d|\s*x\b|[a-z])"  # not "4o", a typo for 40
    r"(?!\s*(?:oz|ounce|fl|lb|pound|count|ct|pack|inch|in\b|piece|pcs|%|year|yr|month|minute|hour|kg|g\b|ml|l\b|watt|mile|feet|ft|people))"
)
LIMIT_BEFORE_RE = re.compile(rf"\b{_BEFORE}\s*{_AMOUNT}{_NOT_MONEY}", re.I)
LIMIT_AFTER_RE = re.compile(rf"(?<![\w.]){_AMOUNT}\s*(?:total\s+)?{_AFTER}\b", re.I)
LIMIT_SYMBOL_RE = re.compile(r"(?:<\s*=?|≤)\s*[$£€]?\s?(\d{1,5}(?:\.\d{1,2})?)")
# "around 20 bucks", "budget about $600": an amount said roughly is a limit only when it is said as money.
_MONEY = (
    rf"(?:[$£€]\s?(\d{{1,5}}(?:,\d{{3}})*(?:\.\d{{1,2}})?)|(\d{{1,5}}(?:\.\d{{1,2}})?|{_NUMBER_WORDS})\s*(?:usd|dollars?|bucks|quid)\b)"
)
LIMIT_ROUGHLY_RE = re.compile(
    rf"(?:\b(?:(?:my\s+)?budget\s+(?:is\s+)?)?(?:around|about|roughly|approximately|approx\.?)\s*|~\s*){_MONEY}"
    # "$50ish", "fifty-ish dollars"
    rf"|[$£€](\d{{1,5}})-?ish\b|(?<![\w.])(\d{{1,5}}|{_NUMBER_WORDS})-?ish\s*(?:usd|dollars?|bucks|quid)\b",
    re.I,
)


_DIGITS = r"\d{1,5}(?:,\d{3})*(?:\.\d{1,2})?"  # "1,299.99"
_NUMBER = rf"(?:{_DIGITS}|{_NUMBER_WORDS})"
# Any amount said as money, after the top of a range it may close ("20-30 dollars", "between $20 and $30").
LIMIT_MONEY_RE = re.compile(
    rf"(?<![\w.])(?:[$£€]?\s?{_NUMBER}\s*(?:-|–|to|and)\s*)?"
    rf"(?:[$£€]\s?({_DIGITS})(?![\d.]\d|\d)|(?:usd|gbp|eur)\s?(\d{{1,5}}(?:\.\d{{1,2}})?)\b"
    rf"|({_NUMBER})\s*(?:[$£€]|(?:usd|dollars?|bucks|quid|euros?|gbp|eur|pounds\s+sterling)\b)"
    rf"|\b(?:a\s+)?(tenner|fiver)\b)",
    re.I,
)


@dataclass(frozen=True)
class PriceLimit:
    amount: float
    start: int
    end: int
    in_passing: bool = False  # said as money alone ("a 30 dollar kettle"), maybe inside the product's phrase


# "$20-30", "$20 to $30", "price range 20-40": a range said from its currency sign or as a price range; its top is the most.
LIMIT_RANGE_RE = re.compile(rf"(?:[$£€]|\bprice\s+range:?\s*[$£€]?)\s?{_DIGITS}\s*(?:-|–|to)\s*[$£€]?\s?({_DIGITS})(?![\d.]\d|\d)", re.I)


# "two twenties to spend", "a couple of fifties": banknotes counted
BILLS_RE = re.compile(
    r"\b(\d{1,2}|a\s+couple(?:\s+of)?|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(fives|fivers|tens|tenners|twenties|fifties|hundreds)\b(?!\s+of\b)",
    re.I,
)
BILLS = {"fives": 5, "fivers": 5, "tens": 10, "tenners": 10, "twenties": 20, "fifties": 50, "hundreds": 100}


def _bills(text: str) -> PriceLimit | None:
    m = BILLS_RE.search(text)
    if m is None:
        return None
    count = m.group(1).lower()
    many = 2 if count.startswith("a couple") else 1 if count == "a" else int(count) if count.isdigit() else _UNITS[count]
    return PriceLimit(float(many * BILLS[m.group(2).lower()]), m.start(), m.end())


def find_price_limit(text: str) -> PriceLimit | None:
    """The price limit the text states, with where it was said; None when it states none."""
    if (bills := _bills(text)) is not None:
        return bills
    for pattern in (LIMIT_BEFORE_RE, LIMIT_AFTER_RE, LIMIT_SYMBOL_RE, LIMIT_ROUGHLY_RE, LIMIT_RANGE_RE, LIMIT_MONEY_RE):
        m = pattern.search(text)
        if m:
            amount = next(g for g in m.groups() if g)
            value = _value(amount)
            if value is not None:
                end = m.end() + _said_after(text[m.end() :])
                return PriceLimit(value, m.start(), end, in_passing=pattern is LIMIT_MONEY_RE)
    return None


# "about 25 dollars tops"; "under eight bucks a bottle?": the price of each, not a product
_EACH = r"(?:a|an|per|each)\s+[a-z]+(?=\s*(?:[.,;:!?)]|$|please\b|pls\b|thanks\b))"
_NOT_MORE = r",?\s*(?:and\s+)?not\s+a\s+(?:cent|penny|dollar|pound|dime)\s+more"  # "up to $25, not a cent more"
_AFTER_AGAIN_RE = re.compile(rf"\s*(?:{_AFTER}\b|(?:price\s+)?range\b|{_EACH}|{_NOT_MORE}\b)", re.I)


def _said_after(rest: str) -> int:
    """How much of the rest still says it is the limit ("about 25 dollars tops"): part of the limit's span, so that
    "tops" is not read as a product."""
    m = _AFTER_AGAIN_RE.match(rest)
    return m.end() if m else 0


_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
          "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
          "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
          "eighty": 80, "ninety": 90, "hundred": 100, "tenner": 10, "fiver": 5}  # fmt: skip


def in_digits(number: str) -> str:
    """A number said in words in digits ("two": "2"); digits, or any other word, as they are."""
    value = None if re.match(r"\d", number) else _value(number)
    return f"{value:g}" if value is not None else number


def _value(amount: str) -> float | None:
    """An amount in digits ("1,299.99") or in words ("twenty five", "a hundred")."""
    if m := re.fullmatch(r"(\d{1,3})\s(\d{2})", amount):  # "eleven ninety-nine", said as a price
        return float(f"{m.group(1)}.{m.group(2)}")
    if re.match(r"\d", amount):
        return float(amount.replace(",", ""))
    words = [w for w in re.split(r"[\s-]+", amount.lower()) if w not in ("a", "one") or len(amount.split()) == 1]
    total = sum(_UNITS.get(w, 0) for w in words if w != "hundred") + (100 if "hundred" in words else 0)
    return float(total) or None


_COUNTED = re.compile(
    rf"\b({_NUMBER_WORDS}|one|two|three|four)(?=[\s-]+(?:inch|inches|oz|ounces?|pounds?|lbs?|pack|packs|pieces?|count|ct|pairs?)\b)"
    rf"|(?<=\bof\s)({_NUMBER_WORDS}|one|two|three|four)\b"
    rf"|\b({_NUMBER_WORDS})(?=\s+(?:by|x)\s+{_NUMBER_WORDS}\b)|(?<=\sby\s)({_NUMBER_WORDS})\b",  # "fifty two by eighty four"
    re.I,
)


def numbers_in_digits(text: str) -> str:
    """Number words in digits: text2num's English parser for any number it reads as one ("six hundred dollars" -> "600
    dollars", "one hundred fifty" -> "150"), then the small ones that count or measure, which it leaves as words
    ("two pounds" -> "2 pounds", "pack of six" -> "pack of 6")."""
    text = alpha2digit(text, "en")
    text = re.sub(r"\ba\s+(1000?)\b", r"\1", text)  # it keeps the article of "a hundred": "a 100"
    text = re.sub(r"\b(\d+)\s+and\s+a\s+half\b", r"\1.5", text)  # "eight and a half" became "8 and a half"
    text = re.sub(r"\b(\d{1,2})(?:\s+|-)?(?:1/2|½)(?![\d/])", r"\1.5", text)  # "7 1/2", "7½"
    return _COUNTED.sub(lambda m: f"{_value(m.group(0)) or m.group(0):g}" if _value(m.group(0)) else m.group(0), text)
