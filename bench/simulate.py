"""Offline-policy simulation throughput and memory at concurrency 1, 4 and 8. Prints JSON.

Targets (issue 4), 2-core machine: at least 5 steps/s at concurrency 8, and under
150 MB of extra resident memory per concurrent shopper (Python + Chromium processes).
    .venv/bin/python bench/simulate.py [--sessions 8]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path

import psutil

from shopagent.agent.loop import RunOptions
from shopagent.agent.offline import OfflinePolicy
from shopagent.agent.population import run_population
from shopagent.mock_store.server import StoreServer
from shopagent.persona.generate import generate_personas


def tree_rss_mb() -> float:
    """Proportional set size of this process and its children (Chromium), so shared pages count once."""
    me = psutil.Process()
    total = 0
    for proc in [me, *me.children(recursive=True)]:
        try:
            total += proc.memory_full_info().pss
        except psutil.Error:
            pass
    return total / 2**20


async def measure(store_url: str, concurrency: int, sessions: int, policy: OfflinePolicy) -> dict[str, float]:
    personas = [(f"c{concurrency}-{i}", p) for i, p in enumerate(generate_personas(sessions, seed=concurrency))]
    baseline = tree_rss_mb()
    peak = baseline
    done = False

    async def sample() -> None:
        nonlocal peak
        while not done:
            peak = max(peak, tree_rss_mb())
            await asyncio.sleep(0.1)

    sampler = asyncio.create_task(sample())
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        summary = await run_population(personas, policy, store_url, Path(tmp) / "log.jsonl", concurrency=concurrency,
                                       options=RunOptions(max_steps=20))
        elapsed = time.perf_counter() - start
    done = True
    await sampler
    steps = sum(e.steps for e in summary.ends)
    return {
        "concurrency": concurrency, "sessions": sessions, "steps": steps, "seconds": round(elapsed, 2),
        "steps_per_s": round(steps / elapsed, 2), "baseline_pss_mb": round(baseline), "peak_pss_mb": round(peak),
        "extra_mb_per_shopper": round((peak - baseline) / concurrency, 1), "outcomes": summary.outcomes(),
    }


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=8, help="sessions per concurrency level")
    args = parser.parse_args()
    policy = OfflinePolicy()
    policy.embedder.encode(["warm up"])  # load MiniLM before timing
    with StoreServer() as store:
        runs = [await measure(store.url + "/", c, max(args.sessions, c), policy) for c in (1, 4, 8)]
    c8 = runs[-1]
    print(json.dumps({"runs": runs, "targets": {
        "steps_per_s_at_8_min": 5, "steps_met": c8["steps_per_s"] >= 5,
        "extra_mb_per_shopper_max": 150, "memory_met": c8["extra_mb_per_shopper"] < 150,
    }}, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
