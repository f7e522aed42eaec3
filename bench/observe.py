"""Observation speed, size and budgets per page, on our store and on captured pages of real shops. Prints JSON.

    .venv/bin/python bench/observe.py

Per page: the simplifier's time (median, p95), `page.content()`'s time on the same page
(one serialisation round trip: the floor for any observer), tokens, and the tokens at
--max-tokens 8000, 4000 and 2000 with the key controls that survived each (the search
box, and on product pages the add-to-cart control; see tests/test_real_pages.py).

Targets (issue 16): time <= 1.5x page.content() on every page; the budget holds at
2000, 4000 and 8000 tokens with the key controls kept. The real pages
(tests/fixtures/real_pages) are loaded as stored HTML in a scriptless page; requests
they make to outside hosts are refused at once by the network guard.
Raw tokens are counted on the page's HTML without the ids the simplifier writes onto it.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import time
from pathlib import Path

from _stats import summarize_ms

from shopagent.browser import Browser, Shopper, count_tokens
from shopagent.mock_store.server import StoreServer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the real pages' key controls are defined beside their tests
from tests.test_real_pages import ADD_TO_CART, key_controls, page_html

RUNS = 30
FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
OUR_IDS = re.compile(r' data-shopagent-id="[^"]*"')


async def timed(call, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    ms = []
    for _ in range(runs):
        t = time.perf_counter()
        await call()
        ms.append((time.perf_counter() - t) * 1000)
    return ms


async def measure(shopper: Shopper, keys: list[str] | None = None, runs: int = RUNS) -> dict[str, object]:
    for _ in range(3):
        obs = await shopper.observe()
    observe_ms = summarize_ms(await timed(shopper.observe, runs))
    content_ms = summarize_ms(await timed(shopper.page.content, runs))
    raw = OUR_IDS.sub("", await shopper.page.content())
    keys = keys if keys is not None else [i for i in obs.ids if i == "header.search" or i.endswith("add_to_cart")][:2]
    budgets = {}
    for budget in (8000, 4000, 2000):
        cut = await shopper.observe(budget)
        budgets[str(budget)] = {
            "tokens": count_tokens(cut.html),
            "held": count_tokens(cut.html) <= budget,
            "kept": [k for k in keys if k in cut.ids],
            "lost": [k for k in keys if k not in cut.ids],
        }
    return {
        "observe_ms": observe_ms,
        "content_ms": content_ms,
        "time_vs_content": round(observe_ms["p50_ms"] / max(content_ms["p50_ms"], 0.01), 2),
        "elements": len(obs.elements),
        "raw_tokens": count_tokens(raw),
        "tokens": count_tokens(obs.html),
        "budgets": budgets,
    }


def budgets_held(page: dict) -> bool:  # type: ignore[type-arg]
    return all(b["held"] and not b["lost"] for b in page["budgets"].values())


async def main() -> None:
    with StoreServer() as store:
        catalog = store.app.state.catalog
        product = next(p for p in catalog.products.values() if len(p.options) >= 2 and len(p.reviews) >= 5)
        simple = next(p for p in catalog.products.values() if not p.required_options and p.in_stock)
        results: dict[str, object] = {}
        async with Browser() as browser:
            shopper = await browser.new_shopper([store.url])
            await shopper.goto(store.url + "/")
            # A cart with something in it, so the cart and checkout pages are real.
            await shopper.page.evaluate(
                "(id) => fetch('/cart/add', {method: 'POST', body: new URLSearchParams({product_id: id})})", simple.id
            )
            pages = {
                "home": "/",
                "results_48": "/search?q=a&per_page=48",
                "product": f"/product/{product.id}",
                "cart": "/cart",
                "checkout": "/checkout",
            }
            for kind, path in pages.items():
                await shopper.goto(store.url + path)
                results[kind] = await measure(shopper)
            for fixture in sorted(FIXTURES.glob("*.html")):
                await shopper.page.set_content(fixture.read_text(encoding="utf-8"))
                results[f"fixture_{fixture.stem}"] = await measure(shopper)
            guarded = await browser.new_shopper([], java_script=False)  # stored pages: no scripts, nothing fetched
            for name in sorted(ADD_TO_CART):
                await guarded.page.set_content(page_html(name), wait_until="load")
                keys = key_controls(name, await guarded.observe())
                results[f"real_{name}"] = await measure(guarded, keys, runs=10)
        pages = [v for v in results.values() if isinstance(v, dict)]
        results["targets"] = {
            "time_vs_content_max": 1.5,
            "time_met_on": f"{sum(p['time_vs_content'] <= 1.5 for p in pages)}/{len(pages)} pages",
            "budget_held_with_keys_on": f"{sum(budgets_held(p) for p in pages)}/{len(pages)} pages",
            "tokens": "words and punctuation marks (Unicode \\w+|[^\\w\\s]), the same count --max-tokens uses",
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
