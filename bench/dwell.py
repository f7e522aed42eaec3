"""Human time (issue 29): dwell_s before an action in a simulated population, beside people's time between actions. Prints JSON.

People: the shared OPeRA sample, from one click or input to the next with no tab switch between,
all eight people, the half of them the model was fitted on (half A) and the held-out half (half B;
bench/_human_time.py). Ours: the dwell_s the loop logged on each decided step of generated personas
of the bundled store (offline policy), leaving out each session's first step and checkout
form-filling, with a bootstrap 95% CI over sessions. The population is bench/fidelity.py's shape
population: 40 personas of each of three seeds, pooled (`--run DIR` reads the logs
`bench/fidelity.py --shape-only --keep DIR` left, so both benches measure the same sessions). The
shoppers draw a mission per session (`simulate --missions`); `--no-missions` runs every shopper as
one who came to buy (as bench/dwell_fit.py's fit did).

Targets: median within 0.6–1.6× of people's, 90th percentile within 0.5–2×.

    .venv/bin/python bench/dwell.py [--run RUN_DIR_OR_LOG] [--population 40] [--seeds 2 3 4] [--no-missions]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
from pathlib import Path

from _human_time import SHAPE_PERSONAS, SHAPE_SEEDS, counted, figures, halves, load_or_simulate, people_gaps, pooled, quantile

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


def ours_ci95(sessions: list[Session], draws: int = 1000) -> dict[str, list[float]]:
    """Bootstrap 95% CIs of the median and 90th percentile of dwell_s, resampling sessions."""
    each = [[st.dwell_s for st in s.steps if counted(st) and st.dwell_s is not None] for s in sessions]
    each = [times for times in each if times]
    rng = random.Random(0)
    found: dict[str, list[float]] = {"median_s": [], "p90_s": []}
    for _ in range(draws):
        pooled_times = [t for times in rng.choices(each, k=len(each)) for t in times]
        found["median_s"].append(quantile(pooled_times, 0.5))
        found["p90_s"].append(quantile(pooled_times, 0.9))
    cut = draws // 40
    return {k: [round(sorted(v)[cut], 2), round(sorted(v)[draws - 1 - cut], 2)] for k, v in found.items()}


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
    parser.add_argument("--run", type=Path, help="A run folder, a log, or a folder of logs (fidelity.py --keep): read, not simulated.")
    parser.add_argument("--population", type=int, default=SHAPE_PERSONAS, help="Generated personas of each seed.")
    parser.add_argument("--seeds", type=int, nargs="+", default=list(SHAPE_SEEDS), help="Seeds pooled (the fit's was 1).")
    parser.add_argument("--no-missions", action="store_true", help="Every shopper came to buy (no missions drawn).")
    args = parser.parse_args()
    sessions = load_or_simulate(args.run, args.population, tuple(args.seeds), missions=not args.no_missions)
    gaps = people_gaps()
    split = halves(gaps)
    times = [step.dwell_s for s in sessions for step in s.steps if counted(step) and step.dwell_s is not None]
    ours = figures(times)
    to_buy = [t for s in sessions if s.end and s.end.outcome == "purchase" and (t := human_seconds(s)) is not None]
    result = {
        "sessions": len(sessions),
        "missions": not args.no_missions,
        "decided_steps_without_dwell": sum(1 for s in sessions for step in s.steps if step.action and step.dwell_s is None),
        "population": str(args.run) if args.run else {"personas_per_seed": args.population, "seeds": args.seeds},
        "ours": ours,
        "ours_ci95": ours_ci95(sessions),
        "all_people": beside(ours, figures(pooled(gaps, sorted(gaps)))),
        "half_a (fit)": beside(ours, figures(pooled(gaps, split["fit"]))),
        "half_b (held out)": beside(ours, figures(pooled(gaps, split["held_out"]))),
        "ours_median_by_page_s": by_page(sessions),
        "seconds_to_purchase_median": round(statistics.median(to_buy), 1) if to_buy else None,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
