"""Offline-policy simulation throughput and memory at concurrency 1, 4 and 8. Prints JSON.

Targets (issue 4), 2-core machine: at least 5 steps/s at concurrency 8, and under
150 MB of extra resident memory per concurrent shopper (Python + Chromium processes).
    .venv/bin/python bench/simulate.py [--sessions 8] [--images]

The shoppers are the population a UX team runs: personas fitted to the bundled store
(`personas generate --catalog bundled --unmet 0.2`), so most of them browse, compare and
buy, and a fifth find nothing and leave. Each level runs at least twice as many sessions
as shoppers at once, so the figure is the steady state rather than the tail of the
slowest session, and one untimed session first warms the disk cache Chromium starts from. The browser is the
one `shopagent simulate` picks for headless runs (Chromium's headless shell when it is
installed; the JSON names it). Pictures are off, as they are for headless runs
(--images turns them on). Memory is sampled once a second: reading every process's
smaps costs CPU of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import tempfile
import time
from pathlib import Path

import psutil

from shopagent.agent.loop import RunOptions
from shopagent.agent.offline.policy import OfflinePolicy
from shopagent.browser.chromium import find_chromium
from shopagent.browser.session import BrowserLaunch
from shopagent.mock_store.server import StoreServer
from shopagent.persona.generate import generate_personas
from shopagent.population.local import run_population
from shopagent.study.analysis.store_scan import catalog_items
from shopagent.types import Persona


def tree_rss_mb() -> float:
    """Proportional set size of this process and its children (Chromium), so shared pages count once."""
    me = psutil.Process()
    total = 0
    for proc in [me, *me.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += proc.memory_full_info().pss
    return total / 2**20


def fitted_personas(n: int) -> list[Persona]:
    """The same personas at every level (one seed), fitted to the bundled store, so outcomes compare."""
    return generate_personas(n, seed=0, store=catalog_items(), unmet=0.2)


async def measure(store_url: str, concurrency: int, sessions: int, policy: OfflinePolicy, images: bool) -> dict[str, float]:
    personas = [(f"c{concurrency}-{i}", p) for i, p in enumerate(fitted_personas(sessions))]
    baseline = tree_rss_mb()
    peak = baseline
    done = False

    async def sample() -> None:
        nonlocal peak
        while not done:
            peak = max(peak, tree_rss_mb())
            await asyncio.sleep(1.0)

    sampler = asyncio.create_task(sample())
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        summary = await run_population(
            personas,
            policy,
            store_url,
            Path(tmp) / "log.jsonl",
            concurrency=concurrency,
            options=RunOptions(max_steps=20),
            launch=BrowserLaunch(images=images),
        )
        elapsed = time.perf_counter() - start
    done = True
    await sampler
    steps = sum(e.steps for e in summary.ends)
    return {
        "concurrency": concurrency,
        "sessions": sessions,
        "steps": steps,
        "seconds": round(elapsed, 2),
        "steps_per_s": round(steps / elapsed, 2),
        "baseline_pss_mb": round(baseline),
        "peak_pss_mb": round(peak),
        "extra_mb_incl_browser_start_per_shopper": round((peak - baseline) / concurrency, 1),
        "outcomes": summary.outcomes(),
    }


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=16, help="sessions per concurrency level (at least 2x the concurrency)")
    parser.add_argument("--images", action="store_true", help="load pictures, as a headed run does")
    args = parser.parse_args()
    policy = OfflinePolicy()
    await policy.prepare()  # load its models before timing
    with StoreServer() as store:
        await measure(store.url + "/", 1, 1, policy, args.images)  # warm-up, not reported
        runs = [await measure(store.url + "/", c, max(args.sessions, 2 * c), policy, args.images) for c in (1, 4, 8)]
    c1, c8 = runs[0], runs[-1]
    # What one more concurrent shopper costs, once the browser itself is running.
    marginal = (c8["peak_pss_mb"] - c1["peak_pss_mb"]) / 7
    print(
        json.dumps(
            {
                "browser": find_chromium(headless=True) or "Playwright's managed Chromium",
                "runs": runs,
                "marginal_mb_per_extra_shopper": round(marginal, 1),
                "targets": {
                    "steps_per_s_at_8_min": 5,
                    "steps_met": c8["steps_per_s"] >= 5,
                    "extra_mb_per_shopper_max": 150,
                    "memory_met": marginal < 150,
                    "memory_note": "marginal: (peak PSS at 8 shoppers - peak PSS at 1) / 7; the browser's own start-up is in both",
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
