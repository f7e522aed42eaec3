"""Steps per second of `replay eval` with the offline policy. Prints JSON.

Target (issue 5): at least 20 steps/s on this machine.
    .venv/bin/python bench/replay.py [--personas 16]

The human sessions are stand-ins made here: a population of generated personas
shops the bundled store with a varied (temperature 0.8) offline policy, and the
sessions are relabelled `human`. Replay then asks the default offline policy
(temperature 0) to predict each step. Model loading is timed apart.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path

from shopagent.agent.loop import RunOptions
from shopagent.agent.offline.policy import OfflinePolicy
from shopagent.mock_store.server import StoreServer
from shopagent.persona.generate import generate_personas
from shopagent.population.local import run_population
from shopagent.replay.evaluate import run_eval
from shopagent.replay.metrics import compute_metrics
from shopagent.sessionlog import read_sessions


async def stand_in_sessions(folder: Path, n: int) -> Path:
    log = folder / "sessions.jsonl"
    personas = [(f"p{i:03d}", p) for i, p in enumerate(generate_personas(n, seed=7))]
    with StoreServer() as store:
        await run_population(
            personas, OfflinePolicy(seed=3, temperature=0.8), store.url + "/", log, concurrency=4, options=RunOptions(max_steps=25)
        )
    return log


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--personas", type=int, default=16)
    args = parser.parse_args()
    t = time.perf_counter()
    OfflinePolicy().models.embedder.encode(["warm up"])  # load MiniLM once, timed on its own
    load_s = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        log = await stand_in_sessions(folder, args.personas)
        sessions = [s.model_copy(update={"header": s.header.model_copy(update={"source": "human"})}) for s in read_sessions([log])]
        steps = sum(1 for s in sessions for st in s.steps if st.action is not None)
        runs = []
        for concurrency in (1, 4):
            policy = OfflinePolicy()
            policy.models.embedder.clear_cache()  # the simulation above embedded these titles already: start cold
            t = time.perf_counter()
            predictions = await run_eval(sessions, policy, folder / f"c{concurrency}", concurrency=concurrency)
            elapsed = time.perf_counter() - t
            metrics = compute_metrics(sessions, predictions)
            runs.append(
                {
                    "concurrency": concurrency,
                    "steps": steps,
                    "seconds": round(elapsed, 2),
                    "steps_per_s": round(steps / elapsed, 1),
                    "exact_match": round(metrics.exact_match, 4),
                }
            )
    print(
        json.dumps(
            {
                "sessions": len(sessions),
                "model_load_s": round(load_s, 2),
                "runs": runs,
                "targets": {"steps_per_s_min": 20, "met": runs[0]["steps_per_s"] >= 20},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
