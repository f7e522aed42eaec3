"""Our observation beside its peers', on the same pages in one run. Prints JSON.

Targets (issue 16), on every page: size <= 0.8x browser-use's full-page DOM, and time
<= 0.5x UXAgent's parser. The peers are not dependencies of shopagent; bring them:

    python3.11 -m venv /tmp/bu && /tmp/bu/bin/pip install browser-use
    .venv/bin/python bench/observe_peers.py --uxagent-parser parser.js --browser-use-python /tmp/bu/bin/python

- `--uxagent-parser`: a copy of UXAgent's `src/simulated_web_agent/executor/parser/parser.js`
  (its last statement calls `parse()`, so evaluating the file returns the result). It runs
  in the same page as ours, alternating with ours, 8 rounds each; medians.
- `--browser-use-python`: a Python with browser-use installed. `bench/peers/browser_use_dom.py`
  runs there, in browser-use's own Chromium session, and reports the size of
  `llm_representation()` for the whole page (no viewport threshold) and its time.

Pages: our store's home, 48 results and product pages (a cart and a checkout need a
cart, and each observer's browser has its own); the three foreign
storefront fixtures; and the captured real pages, served from 127.0.0.1 with their
scripts removed, so every observer sees the same document. Sizes are characters / 4, as
the issue measured them (our own token count is printed beside).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import gzip
import http.server
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from shopagent.browser import Browser, count_tokens
from shopagent.browser.chromium import find_chromium
from shopagent.browser.observe import _CALL, install_script
from shopagent.mock_store.server import StoreServer

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 8
SCRIPT_RE = re.compile(r"<script\b.*?</script\s*>", re.S | re.I)


def serve_folder(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}", httpd


def page_urls(store: str, static: str, product: str) -> dict[str, str]:
    urls = {"home": store + "/", "results_48": store + "/search?q=shirt&per_page=48", "product": f"{store}/product/{product}"}
    for name in ("aria_spa", "div_soup", "table_shop"):
        urls[f"fixture_{name}"] = f"{static}/fixtures/{name}.html"
    for gz in sorted((ROOT / "tests/fixtures/real_pages").glob("*.html.gz")):
        name = gz.name.removesuffix(".html.gz")
        urls[f"real_{name}"] = f"{static}/real/{name}.html"
    return urls


def write_static(folder: Path) -> None:
    """The real pages without their scripts, and the fixture storefronts, in one folder."""
    (folder / "real").mkdir()
    for gz in (ROOT / "tests/fixtures/real_pages").glob("*.html.gz"):
        html = gzip.decompress(gz.read_bytes()).decode("utf-8", errors="replace")
        (folder / "real" / gz.name.removesuffix(".gz")).write_text(SCRIPT_RE.sub("", html), encoding="utf-8")
    (folder / "fixtures").mkdir()
    for page in (ROOT / "tests/fixtures").glob("*.html"):
        (folder / "fixtures" / page.name).write_text(page.read_text(encoding="utf-8"), encoding="utf-8")


async def ours_and_uxagent(urls: dict[str, str], store_origin: str, static_origin: str, parser: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    async with Browser(images=True) as browser:
        shopper = await browser.new_shopper([store_origin, static_origin])
        for name, url in urls.items():
            await shopper.page.goto(url, wait_until="load")
            await shopper.page.evaluate(install_script())
            ours_ms, theirs_ms, raw, theirs = [], [], "", None
            for _ in range(ROUNDS):
                started = time.perf_counter()
                raw = await shopper.page.evaluate(_CALL, {"maxTokens": 0})
                ours_ms.append((time.perf_counter() - started) * 1000)
                if parser:
                    started = time.perf_counter()
                    theirs = await shopper.page.evaluate(parser)
                    theirs_ms.append((time.perf_counter() - started) * 1000)
            html = json.loads(raw)["html"]
            row = {"ours_ms": round(statistics.median(ours_ms), 2), "ours_chars4": len(html) // 4, "ours_tokens": count_tokens(html)}
            if parser and theirs is not None:
                row |= {"uxagent_ms": round(statistics.median(theirs_ms), 2), "uxagent_chars4": len(theirs["html"]) // 4}
            out[name] = row
        await shopper.close()
    return out


def browser_use_sizes(python: str, urls: dict[str, str]) -> dict[str, Any]:
    script = ROOT / "bench" / "peers" / "browser_use_dom.py"
    done = subprocess.run(
        [python, str(script), find_chromium(False) or "", *urls.values()], capture_output=True, text=True, timeout=1800, check=True
    )
    by_url = json.loads(done.stdout.strip().splitlines()[-1])
    return {name: by_url[url] for name, url in urls.items()}


def compare(rows: dict[str, Any], peers: dict[str, Any] | None) -> dict[str, Any]:
    size_met = time_met = sized = 0
    for name, row in rows.items():
        if "uxagent_ms" in row:
            row["time_vs_uxagent"] = round(row["ours_ms"] / row["uxagent_ms"], 2)
            time_met += row["time_vs_uxagent"] <= 0.5
        if peers:
            row["browser_use_chars4"] = peers[name]["chars"] // 4
            row["browser_use_ms"] = peers[name]["ms"]
            if row["browser_use_chars4"] == 0:
                row["size_vs_browser_use"] = None  # browser-use returned nothing for this page: not compared
                continue
            row["size_vs_browser_use"] = round(row["ours_chars4"] / row["browser_use_chars4"], 2)
            size_met += row["size_vs_browser_use"] <= 0.8
            sized += 1
    return {
        "time_vs_uxagent_at_most_0.5_on": f"{time_met}/{len(rows)}",
        "size_vs_browser_use_at_most_0.8_on": f"{size_met}/{sized} (pages browser-use returned a DOM for)",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uxagent-parser", type=Path)
    parser.add_argument("--browser-use-python")
    args = parser.parse_args()
    uxagent = args.uxagent_parser.read_text(encoding="utf-8") if args.uxagent_parser else None
    with tempfile.TemporaryDirectory() as tmp, StoreServer() as store:
        write_static(Path(tmp))
        static, httpd = serve_folder(Path(tmp))
        urls = page_urls(store.url, static, next(iter(store.app.state.catalog.products)))
        rows = asyncio.run(ours_and_uxagent(urls, store.url, static, uxagent))
        peers = browser_use_sizes(args.browser_use_python, urls) if args.browser_use_python else None
        httpd.shutdown()
    targets = compare(rows, peers)
    print(json.dumps({"pages": rows, "targets": targets, "rounds": ROUNDS, "cpus": os.cpu_count()}, indent=2))


if __name__ == "__main__":
    sys.exit(main())
