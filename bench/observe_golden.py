"""The full observation of many pages at several budgets, to check that a change to the simplifier changes nothing.

    .venv/bin/python bench/observe_golden.py record /tmp/golden.json.gz
    .venv/bin/python bench/observe_golden.py check /tmp/golden.json.gz

Pages: every captured real page (tests/fixtures/real_pages) and the foreign storefronts
(tests/fixtures/*.html) as stored HTML, the storefronts again live (scripts on), and pages of the
bundled mock store. Each at budgets 0, 8000, 4000 and 2000; the record is each Observation's JSON
(html, elements, regions, truncated, ...). `check` prints how many observations match and where the
first differences are, and exits 1 on any difference. The store's port is replaced by a placeholder.
With --stored, only the stored pages: tests/test_observe_golden.py compares those with its fixture.
"""

from __future__ import annotations

import asyncio
import functools
import gzip
import http.server
import json
import sys
import threading
from pathlib import Path
from typing import Any

from shopagent.browser import Browser
from shopagent.mock_store.server import StoreServer, free_port

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the stored pages are observed as their test does
from tests.test_observe_golden import BUDGETS, FIXTURES, differences, stored_observations

STORE_PATHS = ("/", "/search?q=shoes", "/search?q=shirt&per_page=48", "/search?q=hair+extension", "/cart")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


async def observe_all(stored_only: bool = False) -> dict[str, Any]:
    async with Browser() as browser:
        out: dict[str, Any] = {"_browser": browser.version, **await stored_observations(browser)}
        if stored_only:
            return out
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), functools.partial(_Quiet, directory=str(FIXTURES)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        site = f"http://127.0.0.1:{httpd.server_address[1]}"
        with StoreServer() as store:
            product = next(p for p in store.app.state.catalog.products.values() if p.options)
            pages = [(f"live/{p.name}", site, site + "/" + p.name) for p in sorted(FIXTURES.glob("*.html"))]
            pages += [(f"store{path}", store.url, store.url + path) for path in (*STORE_PATHS, f"/product/{product.id}")]
            for key, origin, url in pages:
                shopper = await browser.new_shopper([origin])
                await shopper.goto(url)
                await shopper.page.wait_for_load_state("load")
                for budget in BUDGETS:
                    obs = await shopper.observe(max_tokens=budget)
                    text = obs.model_dump_json().replace(origin, "http://ORIGIN")
                    out[f"{key}@{budget}"] = json.loads(text)
                await shopper.close()
        httpd.shutdown()
    return out


def main() -> int:
    mode, path = sys.argv[1], Path(sys.argv[2])
    seen = asyncio.run(observe_all(stored_only="--stored" in sys.argv[3:]))
    if mode == "record":
        path.write_bytes(gzip.compress(json.dumps(seen, ensure_ascii=False, sort_keys=True).encode(), mtime=0))
        print(f"recorded {len(seen) - 1} observations to {path}")
        return 0
    golden = json.loads(gzip.decompress(path.read_bytes()))
    if golden.get("_browser") != seen["_browser"]:
        print(f"note: recorded with {golden.get('_browser')}, now {seen['_browser']}")
    keys = sorted(k for k in set(golden) | set(seen) if k != "_browser")
    same = [k for k in keys if golden.get(k) == seen.get(k)]
    print(f"{len(same)} of {len(keys)} observations identical")
    for key in keys:
        if golden.get(key) != seen.get(key):
            print(key, *differences(golden.get(key), seen.get(key))[:3], sep="\n  ")
    return 0 if len(same) == len(keys) else 1


if __name__ == "__main__":
    sys.exit(main())
