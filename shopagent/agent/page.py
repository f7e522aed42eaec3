"""Read a simplified page the way a shopper skims it: search box, result cards, options, buttons.

Works from the observation alone (ids, element text and the simplified HTML), so it
serves live pages and replayed ones alike, on any store the simplifier can read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from bs4 import BeautifulSoup

from shopagent.types import Element, Observation

PRICE_RE = re.compile(r"\$\s?(\d{1,5}(?:,\d{3})*(?:\.\d{2})?)")
ADD_TO_CART_RE = re.compile(r"\badd to (cart|bag|basket)\b", re.I)
BACK_TO_SEARCH_RE = re.compile(r"\b(back to|new) search\b", re.I)
BUY_NOW_RE = re.compile(r"\bbuy (it )?now\b", re.I)
CHECKOUT_RE = re.compile(r"\b(proceed to )?check ?out\b", re.I)
VIEW_CART_RE = re.compile(r"\b(view|go to|see) (your )?(cart|bag|basket)\b", re.I)
SEARCH_RE = re.compile(r"search", re.I)
ERROR_RE = re.compile(r"please (choose|select|fix)|enter (a|an|your)|required|out of stock", re.I)


def parse_price(text: str) -> float | None:
    match = PRICE_RE.search(text)
    return float(match.group(1).replace(",", "")) if match else None


@dataclass
class Card:
    """One product in a list of results."""

    link: Element
    title: str
    price: float | None
    rating: float | None
    add_to_cart: Element | None = None


@dataclass
class ChoiceGroup:
    """A product option: a <select>, or radios sharing an id prefix."""

    name: str
    elements: list[Element]
    is_select: bool
    required: bool = False
    options: list[str] = field(default_factory=list)

    @property
    def chosen(self) -> str | None:
        if self.is_select:
            value = self.elements[0].value or ""
            return None if not value or value.lower() in ("select", "choose", "choose an option", "--") else value
        checked = [e for e in self.elements if e.checked]
        return checked[0].text if checked else None


def prefix(element_id: str) -> str:
    return element_id.rsplit(".", 1)[0] if "." in element_id else ""


class PageView:
    """Shopper-level facts about one observation."""

    def __init__(self, observation: Observation) -> None:
        self.obs = observation
        self.soup = BeautifulSoup(observation.html, "lxml")

    def first(self, kinds: tuple[str, ...], pattern: re.Pattern[str]) -> Element | None:
        return next((e for e in self.obs.elements if e.kind in kinds and not e.disabled and (pattern.search(e.text) or pattern.search(e.id.rsplit(".", 1)[-1].replace("_", " ")))), None)

    @cached_property
    def search_box(self) -> Element | None:
        return next((e for e in self.obs.elements if e.kind == "input" and SEARCH_RE.search(e.id + " " + e.text)), None)

    @cached_property
    def purchase(self) -> Element | None:
        return next((e for e in self.obs.elements if e.purchase and not e.disabled and not ADD_TO_CART_RE.search(e.text) and "buy" not in e.text.lower()), None) \
            or next((e for e in self.obs.elements if e.purchase and not e.disabled), None)

    @cached_property
    def add_to_cart(self) -> Element | None:
        return self.first(("button",), ADD_TO_CART_RE)

    @cached_property
    def buy_now(self) -> Element | None:
        """A purchase button beside a product (no cart in between), as WebShop's item pages have."""
        return next((e for e in self.obs.elements if e.purchase and not e.disabled and BUY_NOW_RE.search(e.text)), None)

    @cached_property
    def back_to_search(self) -> Element | None:
        """A way back to a search form on pages without a search box (WebShop's results and items)."""
        return self.first(("link", "button"), BACK_TO_SEARCH_RE)

    @cached_property
    def checkout(self) -> Element | None:
        return self.first(("link", "button"), CHECKOUT_RE)

    @cached_property
    def view_cart(self) -> Element | None:
        return self.first(("link", "button"), VIEW_CART_RE)

    @cached_property
    def cart_link(self) -> Element | None:
        return next((e for e in self.obs.elements if e.kind == "link" and re.search(r"\b(cart|bag|basket)\b", e.text + " " + e.id, re.I)), None)

    @cached_property
    def cart_count(self) -> int:
        link = self.cart_link
        tag = self.soup.find(attrs={"name": link.id}) if link else None
        match = re.search(r"(\d+)", tag.get_text(" ") if tag else "")
        return int(match.group(1)) if match else 0

    @cached_property
    def alerts(self) -> list[str]:
        found = [t.get_text(" ", strip=True) for t in self.soup.find_all(attrs={"role": ["alert", "status"]})]
        found += [p.get_text(" ", strip=True) for p in self.soup.find_all(["p", "div"]) if ERROR_RE.search(p.get_text(" ", strip=True)) and len(p.get_text()) < 160]
        return list(dict.fromkeys(found))

    def region_text(self, region: str) -> str:
        tag = self.region_tag(region)
        return tag.get_text(" ", strip=True) if tag else ""

    def region_tag(self, region: str):  # type: ignore[no-untyped-def]
        """The tag named `region`, or else the largest tag that holds its elements and no others.

        Records such as product cards are not named in the HTML (their ids carry the name),
        so a card is found as the widest ancestor of its elements with nothing foreign inside.
        """
        named = self.soup.find(attrs={"name": region})
        if named is not None:
            return named
        members = [t for t in self._named_tags if t["name"].startswith(region + ".")]
        if not members:
            return None
        tag = members[0]
        while tag.parent is not None and tag.parent.name != "[document]":
            if any(not t["name"].startswith(region + ".") for t in tag.parent.find_all(attrs={"name": True})):
                break
            tag = tag.parent
        return tag

    @cached_property
    def _named_tags(self) -> list:  # type: ignore[type-arg]
        return self.soup.find_all(attrs={"name": True})

    @cached_property
    def cards(self) -> list[Card]:
        """Product cards: a region holding a link and a price, named after the product."""
        cards: list[Card] = []
        seen: set[str] = set()
        for element in self.obs.elements:
            region = prefix(element.id)
            if element.kind != "link" or not region or "." not in region or region in seen:
                continue
            text = self.region_text(region)
            price = parse_price(text)
            if price is None:
                continue
            seen.add(region)
            rating_match = re.search(r"\b([1-5]\.\d)\b", text)
            add = next((e for e in self.obs.elements if prefix(e.id) == region and ADD_TO_CART_RE.search(e.text)), None)
            cards.append(Card(element, element.text or region.rsplit(".", 1)[-1].replace("_", " "), price,
                              float(rating_match.group(1)) if rating_match else None, add))
        return cards

    @cached_property
    def product_region(self) -> str | None:
        """The region holding a product page's add-to-cart (or, with no cart, buy-now) button; not a results card."""
        anchor = self.add_to_cart or (self.buy_now if not self.form_fields else None)
        if anchor is None or any(c.add_to_cart is anchor for c in self.cards):
            return None
        return prefix(anchor.id) or None

    @cached_property
    def product_title(self) -> str:
        h1 = self.soup.find("h1")
        return h1.get_text(" ", strip=True) if h1 else self.obs.title

    @cached_property
    def product_price(self) -> float | None:
        region = self.product_region
        return parse_price(self.region_text(region)) if region else None

    @cached_property
    def choice_groups(self) -> list[ChoiceGroup]:
        """Options of the product on a product page (selects and radio groups), not filters."""
        region = self.product_region
        if region is None:
            return []
        groups: dict[str, ChoiceGroup] = {}
        for e in self.obs.elements:
            if not e.id.startswith(region + ".") or e.disabled:
                continue
            if e.kind == "select":
                groups[e.id] = ChoiceGroup(e.id.rsplit(".", 1)[-1], [e], True, options=[o for o in (e.options or []) if o.lower() not in ("select", "choose", "--")])
            elif e.kind == "radio":
                key = prefix(e.id)
                group = groups.setdefault(key, ChoiceGroup(key.rsplit(".", 1)[-1], [], False))
                group.elements.append(e)
                group.options.append(e.text)
        for key, group in groups.items():
            group.required = "required" in (self._select_label(key) if group.is_select else self.region_text(key)).lower()
        return list(groups.values())

    def _select_label(self, select_id: str) -> str:
        """The text around a select (its label says whether it is required)."""
        tag = self.soup.find(attrs={"name": select_id})
        return tag.parent.get_text(" ", strip=True) if tag is not None and tag.parent is not None else ""

    @cached_property
    def form_fields(self) -> list[Element]:
        """Text inputs outside the header (e.g. a shipping form), in page order."""
        return [e for e in self.obs.elements if e.kind == "input" and e is not self.search_box and not e.disabled
                and not re.search(r"quantity|qty|price|search", e.id)]
