"""Read a simplified page the way a shopper skims it: search box, result cards, options, buttons.

Works from the observation's structure alone (elements with their region and record,
and each region's text), so it serves live pages and replayed ones alike, on any store
the simplifier can read. It never parses the html again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from shopagent.browser.controls import ADD_TO_CART_RE, BUY_NOW_RE, is_search_box, is_search_toggle
from shopagent.types import Element, Observation

PRICE_RE = re.compile(r"\$\s?(\d{1,5}(?:,\d{3})*(?:\.\d{2})?)")
BACK_TO_SEARCH_RE = re.compile(r"\b(back to|new) search\b", re.I)
CHECKOUT_RE = re.compile(r"\b(proceed to )?check ?out\b", re.I)
CONTINUE_RE = re.compile(
    r"^\s*(continue|next( step)?|proceed|(continue|proceed) to (shipping|payment|delivery|review|preview)"
    r"|use this address|ship to this address|deliver (here|to this address))\b",
    re.I,
)
VIEW_CART_RE = re.compile(r"\b(view|go to|see) (your )?(cart|bag|basket)\b", re.I)


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
    """Shopper-level facts about one observation, read from its elements and regions."""

    def __init__(self, observation: Observation) -> None:
        self.obs = observation

    def first(self, kinds: tuple[str, ...], pattern: re.Pattern[str]) -> Element | None:
        return next(
            (
                e
                for e in self.obs.elements
                if e.kind in kinds
                and not e.disabled
                and (pattern.search(e.text) or pattern.search(e.id.rsplit(".", 1)[-1].replace("_", " ")))
            ),
            None,
        )

    @cached_property
    def search_box(self) -> Element | None:
        """The search input, or else the link or button that opens one (typing there opens it first)."""
        return next((e for e in self.obs.elements if is_search_box(e)), None) or self.search_toggle

    @cached_property
    def search_toggle(self) -> Element | None:
        """A short "Search" link or button (often an icon's label) that reveals a search box; not "back to search"."""
        return next((e for e in self.obs.elements if is_search_toggle(e)), None)

    @cached_property
    def purchase(self) -> Element | None:
        return next(
            (
                e
                for e in self.obs.elements
                if e.purchase and not e.disabled and not ADD_TO_CART_RE.search(e.text) and "buy" not in e.text.lower()
            ),
            None,
        ) or next((e for e in self.obs.elements if e.purchase and not e.disabled), None)

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
    def continue_button(self) -> Element | None:
        """The button that moves a multi-page checkout on ("Continue", "Next", "Use this address")."""
        return self.first(("button", "link"), CONTINUE_RE)

    @cached_property
    def view_cart(self) -> Element | None:
        return self.first(("link", "button"), VIEW_CART_RE)

    @cached_property
    def cart_link(self) -> Element | None:
        return next(
            (e for e in self.obs.elements if e.kind == "link" and re.search(r"\b(cart|bag|basket)\b", e.text + " " + e.id, re.I)), None
        )

    @cached_property
    def cart_count(self) -> int:
        link = self.cart_link
        match = re.search(r"(\d+)", link.text if link else "")
        return int(match.group(1)) if match else 0

    @cached_property
    def cards(self) -> list[Card]:
        """Product cards: records holding a link and a price."""
        cards: list[Card] = []
        seen: set[str] = set()
        for element in self.obs.elements:
            record = element.record
            # A card sits inside a named list (search_results.<title>), or links to its own title (a card
            # in an unnamed list); any other top-level record is the page's own item.
            if element.kind != "link" or not record or record in seen:
                continue
            if "." not in record and not self._links_to_its_title(record):
                continue
            text = self.obs.region_text(record)
            price = parse_price(text)
            if price is None:
                continue
            seen.add(record)
            rating_match = re.search(r"\b([1-5]\.\d)\b", text)
            add = next((e for e in self.obs.elements if e.record == record and ADD_TO_CART_RE.search(e.text)), None)
            title = self._record_heading(record) or element.text or record.rsplit(".", 1)[-1].replace("_", " ")
            cards.append(Card(element, title, price, float(rating_match.group(1)) if rating_match else None, add))
        return cards or self._card_links()

    def _card_links(self) -> list[Card]:
        """Cards with no container: links whose own text is a title and then a price ("Wool Beanie $19.00")."""
        cards = []
        for e in self.obs.elements:
            match = CARD_LINK_RE.match(e.text) if e.kind == "link" and not e.record and not e.disabled else None
            if match and not CHROME_RE.match(e.region or ""):
                rating = re.search(r"\b([1-5]\.\d)\b", match.group("title"))
                title = match.group("title").strip(" -–|,")
                cards.append(Card(e, title, parse_price(match.group("price")), float(rating.group(1)) if rating else None))
        return cards

    @cached_property
    def variant_links(self) -> list[Element]:
        """A product page that lists its variants as links ("T-Shirt, Navy, Large") instead of a picker."""
        found = []
        for region in self.obs.regions:
            title = region.heading.strip().lower()
            if not region.record or not title:
                continue
            found += [
                e
                for e in self.obs.elements
                if e.kind == "link" and e.record == region.id and e.text.lower().startswith(title) and len(e.text) > len(title) + 2
            ]
        return found

    def _links_to_its_title(self, record: str) -> bool:
        heading = self._record_heading(record).strip().lower()
        return bool(heading) and any(
            e.kind == "link" and e.record == record and e.text.strip().lower() == heading for e in self.obs.elements
        )

    def _record_heading(self, record: str) -> str:
        found = self.obs.region(record)
        return found.heading if found else ""

    @cached_property
    def product_region(self) -> str | None:
        """The region holding a product page's add-to-cart (or, with no cart, buy-now) button; not a results card."""
        anchor = self.add_to_cart or (self.buy_now if not self.form_fields else None)
        if anchor is None or (anchor.record is not None and any(c.add_to_cart is anchor for c in self.cards)):
            return None
        # An add-to-cart in no named region (an unnamed form) is the page's own product: "" stands for the whole page.
        return anchor.region or ""

    @cached_property
    def product_title(self) -> str:
        region = self.product_region
        heading = self._record_heading(region) if region else ""
        outer = next((r.heading for r in self.obs.regions if region and region.startswith(r.id) and r.heading), "")
        return heading or outer or self.obs.title

    @cached_property
    def product_price(self) -> float | None:
        return parse_price(self.product_text) if self.product_region is not None else None

    @cached_property
    def product_text(self) -> str:
        """What the product's part of the page says: its region's text, or for a page-level product the page's
        text from its main heading on (the title, price, options and description sit there)."""
        region = self.product_region
        if region:
            return self.obs.region_text(region)
        if region is None:
            return ""
        html = self.obs.html
        start = html.find("<h1")
        return " ".join(TAG_RE.sub(" ", html[max(start, 0) :]).split())[:MAX_PRODUCT_TEXT]

    @cached_property
    def choice_groups(self) -> list[ChoiceGroup]:
        """Options of the product on a product page (selects and radio groups), not filters."""
        region = self.product_region
        if region is None:
            return []
        groups: dict[str, ChoiceGroup] = {}
        for e in self.obs.elements:
            inside = e.id.startswith(region + ".") if region else not CHROME_RE.match(e.region or "")
            if not inside or e.disabled:
                continue
            if e.kind == "select":
                options = [o for o in (e.options or []) if o.lower() not in ("select", "choose", "--")]
                groups[e.id] = ChoiceGroup(e.id.rsplit(".", 1)[-1], [e], True, required=e.required, options=options)
            elif e.kind == "radio":
                key = e.region or prefix(e.id)
                group = groups.setdefault(key, ChoiceGroup(key.rsplit(".", 1)[-1], [], False))
                group.elements.append(e)
                group.options.append(e.text)
                group.required = group.required or e.required
            elif e.kind == "button" and e.checked is not None and e.region:
                # A toggle button in a list of them (a swatch, a size): one option's choices.
                group = groups.setdefault(e.region, ChoiceGroup(e.region.rsplit(".", 1)[-1], [], False))
                group.elements.append(e)
                group.options.append(e.text)
        return list(groups.values())

    @cached_property
    def form_fields(self) -> list[Element]:
        """Text inputs outside the header (e.g. a shipping form), in page order."""
        return [
            e
            for e in self.obs.elements
            if e.kind == "input" and e is not self.search_box and not e.disabled and not re.search(r"quantity|qty|price|search", e.id)
        ]

    @cached_property
    def is_order_form(self) -> bool:
        """A one-page checkout whose order button waits for the form (disabled, or named for what is missing):
        it asks for an email and, in another field, an address (not only 'my email address'), and is no product page."""
        said = [f"{e.id} {e.text}".lower() for e in self.form_fields]
        mail = any("mail" in field for field in said)
        address = any("mail" not in field and re.search(r"address|street|city", field) for field in said)
        return self.product_region is None and mail and address

    @cached_property
    def unchosen(self) -> list[ChoiceGroup]:
        """The form's choices still open, in page order: drop-downs with nothing chosen and radio groups with no
        radio checked (a shipping or payment method, a country)."""
        groups: dict[str, ChoiceGroup] = {}
        for e in self.obs.elements:
            if e.disabled or CHROME_RE.match(e.region or ""):
                continue
            if e.kind == "select" and not (e.value or "").strip() and not NOT_CHOSEN_RE.match(e.text or ""):
                groups[e.id] = ChoiceGroup(e.text or e.id.rsplit(".", 1)[-1], [e], True, e.required, list(e.options or []))
            elif e.kind == "radio":
                key = e.region or prefix(e.id) or "radio"
                group = groups.setdefault(key, ChoiceGroup(key.rsplit(".", 1)[-1], [], False))
                group.elements.append(e)
                group.options.append(e.text)
        return [g for g in groups.values() if g.is_select or not any(e.checked for e in g.elements)]

    # ---------------------------------------------------------------- what shoppers use to compare

    @cached_property
    def order_total(self) -> float | None:
        """The total a cart or checkout shows (shipping included where the page adds it)."""
        totals = [m for r in self.obs.regions for m in TOTAL_RE.finditer(r.text)]
        if not totals:
            return None
        return float(totals[-1].group(2).replace(",", ""))

    @cached_property
    def shipping_fee(self) -> float | None:
        match = next((m for r in self.obs.regions for m in SHIPPING_RE.finditer(r.text)), None)
        return float(match.group(1).replace(",", "")) if match else None

    @cached_property
    def unavailable(self) -> str | None:
        """What a product page says when it can't be bought ("Currently unavailable"), where its buy buttons are disabled."""
        buttons = [e for e in self.obs.elements if e.disabled and (ADD_TO_CART_RE.search(e.text) or BUY_NOW_RE.search(e.text))]
        said = next((m.group(0) for r in self.obs.regions for m in UNAVAILABLE_RE.finditer(r.text)), None) if buttons else None
        return said

    @cached_property
    def sort_select(self) -> Element | None:
        return next((e for e in self.obs.elements if e.kind == "select" and re.search(r"sort", e.id + " " + e.text, re.I)), None)

    def sort_option(self, pattern: re.Pattern[str]) -> str | None:
        select = self.sort_select
        return next((o for o in (select.options or []) if pattern.search(o)), None) if select else None

    @cached_property
    def reviews_link(self) -> Element | None:
        """A link to the product's full reviews ("See all 32 reviews")."""
        return self.first(("link", "button"), REVIEWS_LINK_RE)

    @cached_property
    def is_reviews_page(self) -> bool:
        return bool(re.search(r"/reviews?\b", self.obs.url)) and self.product_region is None

    @cached_property
    def product_rating(self) -> tuple[float | None, int]:
        """(stars, how many reviews) as the product page shows them next to the title."""
        region = self.product_region
        match = RATING_RE.search(self.obs.region_text(region)) if region else None
        return (float(match.group(1)), int(match.group(2))) if match else (None, 0)

    @cached_property
    def suggestions(self) -> list[Element]:
        """Links a store offers when a search finds nothing ("try one of these"), in the region that says so."""
        empty = [r.id for r in self.obs.regions if NO_RESULTS_RE.search(r.text)]
        return [e for e in self.obs.elements if e.kind == "link" and e.region and any(e.region.startswith(r) for r in empty)]

    def select_named(self, pattern: str) -> Element | None:
        """The first drop-down whose id matches: a filter by brand, by category."""
        return next((e for e in self.obs.elements if e.kind == "select" and re.search(pattern, e.id, re.I)), None)

    @cached_property
    def category_select(self) -> Element | None:
        """A filter that narrows the page to one category (not the product's own options)."""
        return self.select_named(r"categor|department")

    @cached_property
    def category_options(self) -> list[str]:
        select = self.category_select
        return [o for o in (select.options or []) if not re.match(r"\s*(all|any)\b", o, re.I)] if select else []

    @cached_property
    def category_links(self) -> list[Element]:
        """Links in a region named for categories, or in a site menu (a nav, not breadcrumbs or pages)."""
        return [
            e
            for e in self.obs.elements
            if e.kind == "link" and (re.search(r"categor|department", e.region or "", re.I) or MENU_RE.search(e.region or ""))
        ]


CARD_LINK_RE = re.compile(r"(?P<title>.*[A-Za-z]{2}.*?)\s+(?P<price>\$\s?\d[\d,]*(?:\.\d{2})?)$")
CHROME_RE = re.compile(r"(header|footer|breadcrumb|pagination)\b")
MENU_RE = re.compile(r"(^|\.)(nav|main_menu|menu)$")
TAG_RE = re.compile(r"<[^>]+>")
NOT_CHOSEN_RE = re.compile(r"\s*(sort|filter|language|currency)\b", re.I)
MAX_PRODUCT_TEXT = 600
NO_RESULTS_RE = re.compile(r"\bno (results|products|matches|items)\b|\bdid you mean\b|\b0 results\b", re.I)
TOTAL_RE = re.compile(r"\b(order total|total)\b:?\s*\$\s?(\d{1,5}(?:,\d{3})*(?:\.\d{2})?)", re.I)
SHIPPING_RE = re.compile(r"\bshipping:?\s*\$\s?(\d{1,5}(?:\.\d{2})?)", re.I)
REVIEWS_LINK_RE = re.compile(r"\b(see|read|show|all)\b.*\breviews?\b", re.I)
UNAVAILABLE_RE = re.compile(r"\b(out of stock|currently unavailable|sold out|no longer available)\b", re.I)
RATING_RE = re.compile(r"\b([1-5]\.\d)\s*\((\d[\d,]*)\)")
