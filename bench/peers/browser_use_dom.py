"""Run by bench/observe_peers.py under a Python that has browser-use installed (never ours).

Prints JSON: for each URL given, the size in characters of browser-use's DOM as its
agent shows it to the model (`SerializedDOMState.llm_representation()`), for the whole
page (no viewport threshold), and how long browser-use took to build it (median ms).

    /path/to/other/venv/bin/python bench/peers/browser_use_dom.py CHROMIUM URL [URL ...]
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time

from browser_use import BrowserSession
from browser_use.dom.service import DomService

ROUNDS = 5


async def main(chromium: str, urls: list[str]) -> None:
    session = BrowserSession(executable_path=chromium, headless=True, user_data_dir=None, enable_default_extensions=False)
    await session.start()
    out = {}
    try:
        for url in urls:
            await session.navigate_to(url)
            await asyncio.sleep(0.5)
            ms, text = [], ""
            for _ in range(ROUNDS):
                started = time.perf_counter()
                async with DomService(session, viewport_threshold=None) as dom:
                    state, _, _ = await dom.get_serialized_dom_tree()
                text = state.llm_representation()
                ms.append((time.perf_counter() - started) * 1000)
            out[url] = {"chars": len(text), "ms": round(statistics.median(ms), 1)}
    finally:
        await session.kill()
    print(json.dumps(out))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2:]))
