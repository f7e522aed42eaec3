"""Store variants: what a UX team changes between arms of a study, with no code.

A variant file (YAML or JSON) sets only what differs from the default store;
every key is checked, and an unknown one is a one-line error naming it.

    name: free-shipping-50
    shipping: {standard_fee: 4.99, free_over: 50}
    ratings: {show: false}
    filters: {show: [price, brand]}
    search: {default_sort: price_asc, per_page: 12}
    checkout: {require_phone: true}
    promo_banner: "Free returns on every order"
    labels: {add_to_cart: "Add to bag"}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shopagent.errors import BadInput, first_error, read_user_text, unknown_key

FilterName = Literal["category", "price", "rating", "brand"]
SortKey = Literal["relevance", "price_asc", "price_desc", "rating", "reviews"]
PER_PAGE_CHOICES = (12, 24, 48)
ALL_FILTERS: tuple[FilterName, ...] = ("category", "price", "rating", "brand")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Shipping(_Strict):
    standard_fee: float = Field(5.99, ge=0, description="Standard shipping fee, in dollars")
    free_over: float | None = Field(35.0, ge=0, description="Standard shipping is free from this subtotal on; null: never free")
    express_fee: float = Field(7.99, ge=0)
    overnight_fee: float = Field(19.99, ge=0)

    def cost(self, subtotal: float, speed: str) -> float:
        if speed == "standard":
            free = self.free_over is not None and subtotal >= self.free_over
            return 0.0 if free else self.standard_fee
        return self.express_fee if speed == "express" else self.overnight_fee


class Ratings(_Strict):
    show: bool = Field(True, description="Star ratings on cards and product pages")
    show_review_counts: bool = Field(True, description="The number of reviews beside the stars")
    show_reviews: bool = Field(True, description="The customer reviews section of the product page")


class Filters(_Strict):
    enabled: bool = Field(True, description="The filter panel beside search results")
    show: list[FilterName] = Field(default_factory=lambda: list(ALL_FILTERS))


class Search(_Strict):
    default_sort: SortKey = "relevance"
    per_page: Literal[12, 24, 48] = 24


class Checkout(_Strict):
    require_phone: bool = Field(False, description="A required phone number field")
    require_account: bool = Field(False, description="Shoppers must create an account (choose a password) to order")


class Prices(_Strict):
    show_list_price: bool = Field(True, description="The struck-out list price and the 'Save N%' beside a discounted price")
    show_cents: bool = Field(True, description="False shows prices rounded to whole dollars (charged exactly)")


class Labels(_Strict):
    add_to_cart: str = Field("Add to cart", min_length=1)
    buy_now: str = Field("Buy now", min_length=1)
    proceed_to_checkout: str = Field("Proceed to checkout", min_length=1)
    place_order: str = Field("Place order", min_length=1)


class StoreVariant(_Strict):
    """One version of the bundled store. The defaults are the store as it ships."""

    name: str = "default"
    description: str = ""
    shipping: Shipping = Field(default_factory=Shipping)
    ratings: Ratings = Field(default_factory=Ratings)
    filters: Filters = Field(default_factory=Filters)
    search: Search = Field(default_factory=Search)
    checkout: Checkout = Field(default_factory=Checkout)
    prices: Prices = Field(default_factory=Prices)
    promo_banner: str | None = Field(None, description="A line shown above every page's content")
    labels: Labels = Field(default_factory=Labels)

    def shows_filter(self, name: str) -> bool:
        return self.filters.enabled and name in self.filters.show


VARIANT_FILE = "a store variant (YAML or JSON: shipping, ratings, filters, search, checkout, prices, promo_banner, labels)"


def parse_variant(data: Any, where: str) -> StoreVariant:
    """A variant from already-parsed data (a study file may hold one inline); `where` names it in errors."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BadInput(f"{where}: expected {VARIANT_FILE}, got {type(data).__name__}")
    try:
        return StoreVariant.model_validate(data)
    except ValidationError as exc:
        raise BadInput(f"{where}: {_variant_error(exc)}") from None


def _variant_error(exc: ValidationError) -> str:
    key = unknown_key(exc)
    if key is not None:
        return f"unknown key '{key}' (a variant may set: {', '.join(StoreVariant.model_fields)}; see `shopagent schema store-variant`)"
    return first_error(exc)


def load_variant(path: Path) -> StoreVariant:
    """A variant file; a missing file, bad YAML or an unknown key is one line naming the file."""
    if not path.exists():
        raise BadInput(f"{path}: no such variant file")
    text = read_user_text(path, VARIANT_FILE)
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else (f":{exc.lineno}" if isinstance(exc, json.JSONDecodeError) else "")
        raise BadInput(f"{path}{line}: not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}; expected {VARIANT_FILE}") from None
    variant = parse_variant(data, str(path))
    return variant if "name" in (data or {}) else variant.model_copy(update={"name": path.stem})
