"""What a live store sells, read from its pages: for fitting personas to a store you did not build.

The scan browses the way a shopper would. It opens the start page, follows its category
links, and follows each listing's "next page" link. On every page it collects the product
cards: a link with a title and a price, as the offline shopper reads them.

Nothing here is store-specific. It uses whatever categories and pagination the pages
offer, and it stays on the store's own origin.

Brands: listing pages rarely label the brand. A card's first title word counts as its
brand when at least two products' titles start with it ("Philips Sonicare …",
"Philips Oral …"). It is a heuristic, and it is good enough to name brands that a
brand-loyal persona can find in the store.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urldefrag, urljoin

from shopagent.agent.offline.page import PageView
from shopagent.browser.observe import ID_ATTR
from shopagent.browser.session import Browser, BrowserLaunch, Shopper, origin_of
from shopagent.browser.store import check_reachable
from shopagent.errors import BadInput
from shopagent.mock_store.server import build_catalog
from shopagent.persona.generate import StoreItem


def catalog_items(path: Path | None = None) -> list[StoreItem]:
    """What a catalog sells (a JSON or CSV file, or the bundled store's when None), for fitting personas to it."""
    products = build_catalog(path).products.values()
    return [
        StoreItem(
            p.title,
            p.brand,
            " ".join([p.description, *p.bullets]),
            p.category,
            options=tuple(v for o in p.options for v in o.values),
            price=p.price,
            in_stock=p.in_stock,
        )
        for p in products
    ]


NEXT_PAGE_RE = re.compile(r"^\s*(next( page)?|›|»|>)\s*$", re.I)
DEFAULT_MAX_PAGES = 40


async def _href(shopper: Shopper, element_id: str) -> str | None:
    """The absolute address a link on the live page points to, without its #fragment."""
    href = await shopper.page.locator(f'[{ID_ATTR}="{element_id}"]').first.get_attribute("href")
    return urldefrag(urljoin(shopper.page.url, href))[0] if href else None


async def _links_to_follow(shopper: Shopper, view: PageView) -> list[str]:
    next_pages = [e for e in view.obs.elements if e.kind == "link" and NEXT_PAGE_RE.match(e.text)]
    wanted = view.category_links + next_pages
    hrefs = [await _href(shopper, e.id) for e in wanted]
    return [h for h in hrefs if h]


def _with_brands(cards: dict[str, str]) -> list[StoreItem]:
    """StoreItems from card titles and texts, with a title's first word as brand where it recurs."""
    first_words = Counter(title.split()[0] for title in cards if title.split())
    items = []
    for title, text in cards.items():
        first = title.split()[0] if title.split() else ""
        brand = first if first_words[first] >= 2 and first[:1].isupper() else ""
        items.append(StoreItem(title=title, brand=brand, text=text))
    return items


async def scan_store(url: str, max_pages: int = DEFAULT_MAX_PAGES, launch: BrowserLaunch | None = None) -> list[StoreItem]:
    """The products found on up to `max_pages` pages of the store at `url`, one StoreItem per distinct title."""
    check_reachable(url)
    origin = origin_of(url)
    cards: dict[str, str] = {}
    queue, seen = [url], {url}
    async with Browser(**vars(launch or BrowserLaunch(images=False))) as browser:
        shopper = await browser.new_shopper([origin])
        visited = 0
        while queue and visited < max_pages:
            await shopper.goto(queue.pop(0))
            visited += 1
            view = PageView(await shopper.observe())
            for card in view.cards:
                cards.setdefault(card.title, view.obs.region_text(card.link.record or ""))
            for link in await _links_to_follow(shopper, view):
                if link not in seen and origin_of(link) == origin:
                    seen.add(link)
                    queue.append(link)
        await shopper.close()
    if not cards:
        raise BadInput(f"found no products (a link with a title and a price) on {visited} page(s) of {url}")
    return _with_brands(cards)
