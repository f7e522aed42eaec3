"""Store latency per page kind and search throughput under concurrent loopback load. Prints JSON.

Target (issue 2): search p50 under 10 ms on the bundled catalog on a 2-core machine.
    .venv/bin/python bench/store.py
"""

from __future__ import annotations

import asyncio
import json
import time

import httpx
from _stats import summarize_ms

from shopagent.mock_store.server import StoreServer

QUERIES = [
    "clip-in hair extension",
    "gluten free granola bars",
    "walking shoes",
    "wireless speaker",
    "blackout drapes",
    "oolong tea",
    "yoga mat",
    "dog bed",
    "phone case",
    "eye cream",
]


def summarize(ms: list[float]) -> dict[str, float]:
    return {"n": len(ms), **summarize_ms(ms)}


async def main() -> None:
    with StoreServer() as store:
        catalog = store.app.state.catalog
        product = next(p for p in catalog.products.values() if not p.required_options)
        pages = {
            "home": ["/"],
            "search": [f"/search?q={q}" for q in QUERIES],
            "search_filtered": [f"/search?q={q}&max_price=50&sort=price_asc&per_page=48" for q in QUERIES],
            "product": [f"/product/{pid}" for pid in list(catalog.products)[:10]],
            "cart": ["/cart"],
            "checkout": ["/checkout"],
        }
        results: dict[str, object] = {}
        async with httpx.AsyncClient(base_url=store.url) as client:
            await client.post("/cart/add", data={"product_id": product.id})
            for kind, urls in pages.items():
                for url in urls[:3]:
                    await client.get(url)  # warm up
                ms = []
                for i in range(200):
                    t = time.perf_counter()
                    response = await client.get(urls[i % len(urls)])
                    ms.append((time.perf_counter() - t) * 1000)
                    assert response.status_code == 200, (url, response.status_code)
                results[kind] = summarize(ms)

        # Throughput: 16 concurrent loopback clients searching for 5 seconds.
        async def worker(client: httpx.AsyncClient, stop: float, counts: list[int]) -> None:
            i = 0
            while time.perf_counter() < stop:
                await client.get(f"/search?q={QUERIES[i % len(QUERIES)]}")
                i += 1
            counts.append(i)

        counts: list[int] = []
        async with httpx.AsyncClient(base_url=store.url, limits=httpx.Limits(max_connections=16)) as client:
            start = time.perf_counter()
            stop = start + 5.0
            await asyncio.gather(*(worker(client, stop, counts) for _ in range(16)))
            elapsed = time.perf_counter() - start
        results["search_throughput"] = {"concurrency": 16, "seconds": round(elapsed, 2), "requests_per_s": round(sum(counts) / elapsed, 1)}
        results["catalog_products"] = len(catalog.products)
        results["target"] = {"search_p50_ms_max": 10, "met": results["search"]["p50_ms"] < 10}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
