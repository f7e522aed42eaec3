"""Hand-written labels of what an intent asks for, and a judge of products and orders against them.

The judge never reads the intent itself: it compares the store's own record (an order's title,
chosen options and price, or a catalog product) with what a person wrote down by hand, so a
shopper's misreading cannot make its own purchase look right. See bench/intents/README.md.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import ConfigDict, Field, ValidationError

from shopagent.errors import BadInput, first_error, read_user_text
from shopagent.persona.intent.negation import negated_in
from shopagent.persona.intent.options import offers
from shopagent.persona.intent.reader import singular
from shopagent.types import Expectation


class IntentLabel(Expectation):
    """An intent as a person wrote it, with what fits it labelled by hand (bench/intents/README.md gives the conventions)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    intent: str = Field(min_length=1)
    style: str = ""
    satisfiable: bool | None = Field(None, description="Does the bundled store sell one that meets every label?")


def load_labels(path: Path) -> list[IntentLabel]:
    labels = []
    for number, line in enumerate(read_user_text(path, "intent labels (JSONL)").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            labels.append(IntentLabel.model_validate(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise BadInput(f"{path}:{number}: not valid JSON ({exc.msg})") from None
        except ValidationError as exc:
            raise BadInput(f"{path}:{number}: {first_error(exc)}") from None
    return labels


def _norm(text: str) -> str:
    """Lower case, hyphens and punctuation to spaces, each word singular: "Clip-In Hair Extensions" -> "clip in hair extension"."""
    return " ".join(singular(w) for w in re.findall(r"[a-z0-9+.]+", text.lower().replace("-", " ")))


def says(text: str, phrase: str) -> bool:
    """Does the text say the phrase, word for word (ignoring case, plurals and hyphens)?"""
    wanted = _norm(phrase)
    return bool(wanted) and f" {wanted} " in f" {_norm(text)} "


def is_kind(label: Expectation, title: str) -> bool:
    return any(says(title, k) for k in [label.kind, *label.store_kinds])


def is_brand(wanted: str, brand: str, title: str) -> bool:
    """Is it the brand wanted? By its recorded brand, or, where the record has none (an order line), by the title naming it."""
    compact = _norm(wanted).replace(" ", "")
    if brand.strip():
        return compact == _norm(brand).replace(" ", "")
    words = _norm(title).split()  # "HydroFlask" and "Hydro Flask" are one brand: compare runs of words without spaces
    return any("".join(words[i:j]) == compact for i in range(len(words)) for j in range(i + 1, len(words) + 1))


def why_not(label: Expectation, title: str, brand: str, price: float, chosen: list[str], details: list[str] | None = None) -> str | None:
    """Why a product, in the option values `chosen` (or offered), does not meet the labels; None when it does. An option
    or an essential word is also met where the store's record lists it among the product's details ("32 oz" on a bottle
    sold in one size, "5000 IU" on gummies whose title leaves it out): the page shows it to the shopper. The kind and the
    must-nots are read from the title alone."""
    if not is_kind(label, title):
        return f"not a {label.kind}"
    missing = [e for e in label.essential if not says(title, e) and not any(says(d, e) for d in details or [])]
    if missing:
        return f"not {', '.join(missing)}"
    present = [m for m in label.must_not if says(title, m) and not negated_in(m, title)]
    if present:
        return f"is {', '.join(present)}"
    if label.brand and not is_brand(label.brand, brand, title):
        return f"not {label.brand}"
    if label.price_max is not None and price > label.price_max + 1e-9:
        return f"${price:.2f} is over ${label.price_max:g}"
    values = [*chosen, *(details or [])]
    unmet = [o for o in label.options if not any(offers(o, value) for value in values) and not says(title, o)]
    if unmet:
        return f"not in {', '.join(unmet)}"
    return None


def order_meets(label: Expectation, items: list[dict]) -> str | None:
    """Why an order (the store's record: title, price, chosen options and, where kept, brand and listed details per item)
    misses the labels; None when it meets them."""
    if not items:
        return "nothing ordered"
    for item in items:
        title, brand, chosen = item.get("title") or "", item.get("brand") or "", list((item.get("options") or {}).values())
        reason = why_not(label, title, brand, float(item.get("price", 0)), chosen, item.get("details"))
        if reason is not None:
            return f"{title or '?'}: {reason}"
    return None
