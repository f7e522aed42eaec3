"""Fit the human-time model's free parameters (shopagent/agent/dwell.py: READ_SHARE, SIGMA) on half of the OPeRA people. Prints JSON.

The model's other constants come from the literature (KLM, Hick–Hyman, reading rates). The two
free ones are chosen on a grid so that the median and 90th percentile of dwell_s before an action
in a simulated population of the bundled store match the fit half of the people (least squares
on the log ratios); the held-out half is reported beside, never used to choose.

    .venv/bin/python bench/dwell_fit.py [--run RUN_DIR_OR_LOG] [--population 120] [--seed 1]

Without --run it simulates the population itself (offline policy, bundled store; a few minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from _human_time import figures, halves, load_or_simulate, people_gaps, pooled, quantile, session_moments

from shopagent.agent.dwell import DwellParams, Moment

READ_SHARES = [i / 50 for i in range(101)]  # 0 .. 2 (above 1: reading slower than the documented rates, or twice)
SIGMAS = [0.2 + i / 25 for i in range(60)]  # 0.2 .. 2.56


def loss(moments: list[Moment], params: DwellParams, median: float, p90: float) -> float:
    times = [m.seconds(params) for m in moments]
    return math.log(quantile(times, 0.5) / median) ** 2 + math.log(quantile(times, 0.9) / p90) ** 2


def fit(moments: list[Moment], median: float, p90: float) -> DwellParams:
    grid = [DwellParams(read_share=r, sigma=s) for r in READ_SHARES for s in SIGMAS]
    return min(grid, key=lambda p: loss(moments, p, median, p90))


def ratios(ours: dict[str, float], people: dict[str, float]) -> dict[str, float]:
    return {"median": round(ours["median_s"] / people["median_s"], 2), "p90": round(ours["p90_s"] / people["p90_s"], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--run", type=Path, help="A simulate run folder (or its sessions.jsonl) to fit on instead of simulating.")
    parser.add_argument("--population", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    gaps = people_gaps()
    split = halves(gaps)
    people = {name: figures(pooled(gaps, users)) for name, users in split.items()}
    moments = [m for s in load_or_simulate(args.run, args.population, args.seed) for m in session_moments(s)]
    best = fit(moments, people["fit"]["median_s"], people["fit"]["p90_s"])
    ours = figures([m.seconds(best) for m in moments])
    print(
        json.dumps(
            {
                "people": {name: {"users": [u[:8] for u in split[name]], **people[name]} for name in split},
                "fitted": {"READ_SHARE": round(best.read_share, 2), "SIGMA": round(best.sigma, 2)},
                "ours": ours,
                "ratio_fit_half": ratios(ours, people["fit"]),
                "ratio_held_out_half": ratios(ours, people["held_out"]),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
