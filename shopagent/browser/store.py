"""What a store can tell about a shopper: who they are, which orders it recorded, whether a page confirms one.

The loop, the recorder and live replay ask these questions through one interface,
`StoreAdapter`, and never name a store's cookies or URLs themselves. The bundled
store answers all three through its order API; any other store is read from its
pages alone: a purchase there counts only when the page after the click confirms it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import httpx

from shopagent.browser.session import Shopper, origin_of
from shopagent.errors import ShopagentError
from shopagent.types import Observation, Outcome

if TYPE_CHECKING:
    from shopagent.mock_store.variant import StoreVariant

# What order confirmation pages say, in the words shops use (checked on the page after a purchase click).
CONFIRMATION_RE = re.compile(
    r"\b(thank(s| you) for (your )?(order|purchase)|order (has been )?(placed|confirmed|received)"
    r"|order (number|no\b\.?|#|id\b)\s*:?\s*#?[a-z-]*\d[\w-]*|your order is confirmed|confirmation (number|no\b\.?))\b",
    re.I,
)


def confirms_order(observation: Observation) -> bool:
    """Whether a page reads as an order confirmation (title, headings or text)."""
    heads = " ".join([observation.title] + [r.heading for r in observation.regions])
    html = observation.html
    top = html[html.find("</header>") :] if "</header>" in html else html  # what follows the site header, not its menus
    return bool(CONFIRMATION_RE.search(heads) or CONFIRMATION_RE.search(top[:4000]))


@dataclass
class PurchaseCheck:
    """Evidence for a purchase click: the store's new order, or a confirmation page."""

    ok: bool
    outcome: Outcome = "purchase"
    order: dict[str, Any] | None = None


async def order_evidence(
    store: StoreAdapter, shopper: Shopper, before: list[dict[str, Any]] | None, after: list[dict[str, Any]] | None
) -> PurchaseCheck | None:
    """One look for a new order: `after`, the store's orders now (None where it has no order API), holding more than
    `before`; without an API, the page the shopper is on confirming one. None when neither shows it (yet)."""
    if after is not None:
        return PurchaseCheck(True, "purchase", after[-1]) if len(after) > len(before or []) else None
    if not shopper.page.is_closed() and store.confirms_order(await shopper.observe()):
        return PurchaseCheck(True, "purchase")
    return None


async def verify_purchase(
    store: StoreAdapter, shopper: Shopper, before: list[dict[str, Any]] | None, clicked_on: Observation | None = None
) -> PurchaseCheck:
    """After a purchase click on the page `clicked_on`: did the store record an order, or does the page confirm one?

    A store with an order API is believed: no new order means the click did not buy.
    Without one, the page after the click is the evidence, unless the page clicked on read as a
    confirmation already; with neither the purchase is logged as `purchase_unverified`.
    """
    after = await store.orders(shopper)
    if after is None:  # the page after the click is the evidence: let a late redirect land
        await shopper.wait_for_new_url(clicked_on.url if clicked_on else "")
    found = await order_evidence(store, shopper, before, after)
    said_before = after is None and clicked_on is not None and store.confirms_order(clicked_on)
    if found is not None and not said_before:
        return found
    return PurchaseCheck(False) if after is not None else PurchaseCheck(True, "purchase_unverified")


class StoreAdapter(Protocol):
    """The store-specific knowledge the generic parts need."""

    name: str

    async def shopper_id(self, shopper: Shopper) -> str | None:
        """The store's own id for this shopper (a cookie, say), if it has one."""
        ...

    async def orders(self, shopper: Shopper) -> list[dict[str, Any]] | None:
        """Orders the store recorded for this shopper, oldest first; None when the store cannot say."""
        ...

    def confirms_order(self, observation: Observation) -> bool:
        """Whether this page confirms that an order was placed."""
        ...


class GenericStore:
    """Any storefront: no order API, so evidence of a purchase comes from the confirmation page."""

    name = "generic"

    async def shopper_id(self, shopper: Shopper) -> str | None:
        return None

    async def orders(self, shopper: Shopper) -> list[dict[str, Any]] | None:
        return None

    def confirms_order(self, observation: Observation) -> bool:
        return confirms_order(observation)


class BundledStore(GenericStore):
    """shopagent's mock store: a shopper is the `sa_shopper` cookie, and `/api/orders` lists what it recorded."""

    name = "bundled"
    COOKIE = "sa_shopper"
    ORDERS = "/api/orders"

    def __init__(self, store_url: str) -> None:
        self.store_url = store_url.rstrip("/")

    async def shopper_id(self, shopper: Shopper) -> str | None:
        return await shopper.cookie(self.COOKIE)

    async def orders(self, shopper: Shopper) -> list[dict[str, Any]] | None:
        who = await self.shopper_id(shopper)
        return await fetch_orders(self.store_url + self.ORDERS, who) if who else None


async def fetch_orders(url: str, shopper_id: str) -> list[dict[str, Any]] | None:
    """The bundled store's order list for one shopper, or None if it cannot be read."""
    try:
        async with httpx.AsyncClient(timeout=5) as client:
            response = await client.get(url, params={"shopper": shopper_id})
        data = response.json() if response.status_code == 200 else None
    except (httpx.HTTPError, ValueError):
        return None
    return data if isinstance(data, list) else None


async def adapter_for(store_url: str) -> StoreAdapter:
    """The bundled store's adapter when the store answers its order API, else the generic one."""
    try:
        async with httpx.AsyncClient(timeout=3) as client:
            response = await client.get(store_url.rstrip("/") + BundledStore.ORDERS, params={"shopper": "-"})
        if response.status_code == 200 and isinstance(response.json(), list):
            return BundledStore(store_url)
    except (httpx.HTTPError, ValueError):
        pass
    return GenericStore()


def check_reachable(url: str, timeout: float = 10) -> None:
    """Raise one line, before a run writes anything, if nothing answers at this store URL.

    Any HTTP answer counts (a shop may turn away clients that are not browsers); only no
    answer at all (refused, unknown host, timed out) stops the run. Proxies in the
    environment are ignored, as the simulated browser ignores them.
    """
    origin_of(url)
    try:
        httpx.get(url, timeout=timeout, follow_redirects=True, trust_env=False)
    except httpx.HTTPError as exc:
        raise ShopagentError(f"cannot reach the store at {url}: {exc or type(exc).__name__}") from None


@contextmanager
def open_store(store_url: str | None, variant: StoreVariant | None = None) -> Iterator[str]:
    """The one way to choose the store to shop at: `store_url` once it answers, or else the bundled
    store (as `variant` changes it), served on 127.0.0.1 for as long as the block runs."""
    from shopagent.mock_store.server import StoreServer

    if store_url:
        if variant is not None:
            raise ShopagentError("a variant changes the bundled store; it cannot change the store at a given URL")
        check_reachable(store_url)
        yield store_url
        return
    with StoreServer(variant=variant) as server:
        yield server.url + "/"
