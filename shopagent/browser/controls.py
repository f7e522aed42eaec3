"""What a store's controls say, in the words shops use: the one place that recognises a search box and a search,
an add-to-cart or a buy-now control, for page reading, the shopper, interviews and study measures alike."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from shopagent.types import Element, StepRecord, Type

_GAP = r"[\s_-]?"  # ids write words with underscores or hyphens, labels with spaces
ADD_TO_CART_RE = re.compile(
    rf"\badd(ed)?{_GAP}to{_GAP}(your{_GAP})?(cart|bag|basket|shopping{_GAP}bag)\b|warenkorb|panier|carrinho|carrito|carrello", re.I
)
BUY_NOW_RE = re.compile(rf"\bbuy{_GAP}(it{_GAP})?now\b", re.I)
SEARCH_RE = re.compile(r"search", re.I)


def is_search_box(element: Element) -> bool:
    """A text input whose id or label says search."""
    return element.kind == "input" and bool(SEARCH_RE.search(f"{element.id} {element.text}"))


SEARCH_TOGGLE_RE = re.compile(r"\s*(open |show |toggle )?search( products| the store| site)?\s*$", re.I)


def is_search_toggle(element: Element) -> bool:
    """A short "Search" link or button (often an icon's label) that reveals a search box."""
    return element.kind in ("link", "button") and not element.disabled and bool(SEARCH_TOGGLE_RE.match(element.text))


def is_search(step: StepRecord) -> bool:
    """A query typed and submitted into a search box (by its id), or one that landed on a search page (its path, or ?q=)."""
    action = step.action
    if not isinstance(action, Type) or not action.submit:
        return False
    landed = urlsplit(step.result.url or "")
    return bool(SEARCH_RE.search(action.target) or SEARCH_RE.search(landed.path)) or "q" in parse_qs(landed.query)


def _said(step: StepRecord) -> str:
    """What the clicked control is called: its id and the text the page showed on it."""
    target = getattr(step.action, "target", None) or ""
    element = step.observation.element(target) if target else None
    return f"{target} {element.text if element else ''}"


def adds_to_cart(step: StepRecord) -> bool:
    """A click that worked, on a control whose id or text says add to cart."""
    return step.action is not None and step.action.type == "click" and step.result.ok and bool(ADD_TO_CART_RE.search(_said(step)))


def buys_now(step: StepRecord) -> bool:
    """A click or purchase that worked, on a buy-now control (straight to checkout, past the cart)."""
    return step.action is not None and step.action.type in ("click", "purchase") and step.result.ok and bool(BUY_NOW_RE.search(_said(step)))
