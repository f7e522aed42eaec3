"""The simplifier says exactly what it said: the full observation of the stored pages, byte for byte.

tests/fixtures/observe_golden.json.gz holds the Observation JSON (html, elements, regions, truncated) of
every captured real page and foreign storefront, loaded as stored HTML, at 0, 8000, 4000 and 2000 tokens,
and the Chromium version that made it (layout decides what is visible, so another version may differ:
the test is skipped there). It was the safety net for splitting the simplifier by stage (issue 28). A
change that means to change the observation records it again:

    .venv/bin/python bench/observe_golden.py record tests/fixtures/observe_golden.json.gz --stored
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from shopagent.browser import Browser

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = FIXTURES / "observe_golden.json.gz"
BUDGETS = (0, 8000, 4000, 2000)


async def stored_observations(browser: Browser) -> dict[str, Any]:
    """Each stored page's observation at each budget, keyed 'stored/NAME@BUDGET'."""
    out: dict[str, Any] = {}
    for path in sorted((FIXTURES / "real_pages").glob("*.html.gz")) + sorted(FIXTURES.glob("*.html")):
        raw = path.read_bytes()
        html = (gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8", errors="replace")
        for budget in BUDGETS:
            obs = await browser.observe_html(html, "https://shop.example/", max_tokens=budget)
            out[f"stored/{path.name}@{budget}"] = json.loads(obs.model_dump_json())
    return out


def differences(old: Any, new: Any, where: str = "") -> list[str]:
    """Where two JSON values differ, with a little of the text around a differing string."""
    if type(old) is not type(new):
        return [f"{where}: {old!r:.200} != {new!r:.200}"]
    if isinstance(old, dict):
        return [d for k in sorted(set(old) | set(new)) for d in differences(old.get(k), new.get(k), f"{where}.{k}")]
    if isinstance(old, list):
        if len(old) != len(new):
            return [f"{where}: {len(old)} items != {len(new)}"]
        return [d for i, (a, b) in enumerate(zip(old, new)) for d in differences(a, b, f"{where}[{i}]")]
    if old != new and isinstance(old, str):
        at = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
        return [f"{where} at {at}: {old[max(0, at - 80) : at + 80]!r} != {new[max(0, at - 80) : at + 80]!r}"]
    return [f"{where}: {old!r} != {new!r}"] if old != new else []


async def test_stored_pages_observe_as_recorded():
    golden = json.loads(gzip.decompress(GOLDEN.read_bytes()))
    async with Browser() as browser:
        if browser.version != golden["_browser"]:
            pytest.skip(f"recorded with Chromium {golden['_browser']}, this is {browser.version}: record it again (see the docstring)")
        seen = await stored_observations(browser)
    assert sorted(seen) == sorted(k for k in golden if k != "_browser")
    changed = {key: differences(golden[key], seen[key])[:3] for key in seen if seen[key] != golden[key]}
    assert not changed, f"{len(changed)} of {len(seen)} observations changed: {json.dumps(changed, indent=1)[:4000]}"
