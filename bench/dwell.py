"""Human time (issue 29): dwell_s before an action in a simulated population, beside people's time between actions. Prints JSON.

People: the shared OPeRA sample, from one click or input to the next with no tab switch between,
on the half of the people the model was fitted on and on the held-out half (bench/_human_time.py).
Ours: the dwell_s the loop logged on each decided step of generated personas of the bundled store
(offline policy), leaving out each session's first step and checkout form-filling. The shoppers draw a mission per
session (`simulate --missions`), as bench/fidelity.py's population does, so the two benches measure the same kind
of population; `--no-missions` runs every shopper as one who came to buy (as bench/dwell_fit.py's fit did).

Targets: median within 0.6–1.6× of people's, 90th percentile within 0.5–2×.

    .venv/bin/python bench/dwell.py [--run RUN_DIR_OR_LOG] [--population 40] [--seed 2] [--no-missions]
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from _human_time import counted, figures, halves, load_or_simulate, people_gaps, pooled

from shopagent.study.analysis.population import page_kind
from shopagent.study.analysis.time_on_task import human_seconds
from shopagent.types import Session

MEDIAN_TARGET = (0.6, 1.6)
P90_TARGET = (0.5, 2.0)


def beside(ours: dict[str, float], people: dict[str, float]) -> dict[str, object]:
    median, p90 = ours["median_s"] / people["median_s"], ours["p90_s"] / people["p90_s"]
    return {
        "people": people,
        "ratio_median": round(median, 2),
        "ratio_p90": round(p90, 2),
        "within_target": MEDIAN_TARGET[0] <= median <= MEDIAN_TARGET[1] and P90_TARGET[0] <= p90 <= P90_TARGET[1],
    }


def by_page(sessions: list[Session]) -> dict[str, float]:
    """Median dwell_s of the counted steps on each page type."""
    found: dict[str, list[float]] = {}
    for s in sessions:
        for step in s.steps:
            if counted(step) and step.dwell_s is not None:
                found.setdefault(page_kind(step.observation.url), []).append(step.dwell_s)
    return {page: round(statistics.median(v), 2) for page, v in sorted(found.items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--run", type=Path, help="A simulate run folder (or its sessions.jsonl) instead of simulating.")
    parser.add_argument("--population", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2, help="2: personas the fit (seed 1) never saw.")
    parser.add_argument("--no-missions", action="store_true", help="Every shopper came to buy (no missions drawn).")
    args = parser.parse_args()
    sessions = load_or_simulate(args.run, args.population, args.seed, missions=not args.no_missions)
    gaps = people_gaps()
    split = halves(gaps)
    times = [step.dwell_s for s in sessions for step in s.steps if counted(step) and step.dwell_s is not None]
    ours = figures(times)
    to_buy = [t for s in sessions if s.end and s.end.outcome == "purchase" and (t := human_seconds(s)) is not None]
    result = {
        "sessions": len(sessions),
        "missions": not args.no_missions,
        "decided_steps_without_dwell": sum(1 for s in sessions for step in s.steps if step.action and step.dwell_s is None),
        "ours": ours,
        "fit_half": beside(ours, figures(pooled(gaps, split["fit"]))),
        "held_out_half": beside(ours, figures(pooled(gaps, split["held_out"]))),
        "ours_median_by_page_s": by_page(sessions),
        "seconds_to_purchase_median": round(statistics.median(to_buy), 1) if to_buy else None,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
