"""Known effects: paired studies of store changes whose direction is known from research on people. Prints JSON.

    .venv/bin/python bench/effects.py [--personas 40] [--seed 1] [--concurrency 4] [--out DIR]

One `shopagent study` of generated personas (`personas: {generate: N, seed: S}`) on the bundled store as it ships
and on four variants of it (examples/variants/), each compared with the store as it ships. For each variant it prints
the conversion difference with the study's bootstrap 95% CI (read from comparison.json), the paired McNemar counts,
the direction people show and its source. Target (issue 29): on 40 personas, a $12 never-free shipping fee and a
required account each lower conversion with the 95% CI entirely below 0.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = ROOT / "examples" / "variants"
# arm -> (variant file, direction people show, source, whether the issue sets a target on it)
EFFECTS: dict[str, tuple[str, str, str, bool]] = {
    "shipping-12": (
        "shipping-12.yaml",
        "lower",
        "Baymard Institute, cart & checkout abandonment survey (2024): 48% of US shoppers who abandoned a checkout "
        "name extra costs (shipping, tax, fees) too high; Lewis, Singh & Fay, Marketing Science 25(1), 2006: "
        "shipping fees cut order incidence",
        True,
    ),
    "required-account": (
        "required-account.yaml",
        "lower",
        "Baymard Institute, cart & checkout abandonment survey (2024): 24-26% of abandoners name a forced account; "
        "Spool, 'The $300 Million Button' (UIE, 2009): dropping forced registration raised purchases 45%",
        True,
    ),
    "no-ratings": (
        "no-ratings.yaml",
        "lower",
        "Spiegel Research Center, 'How Online Reviews Influence Sales' (Northwestern University, 2017): a product "
        "with five reviews is 270% likelier to be bought than one with none",
        False,
    ),
    "free-shipping-50": (
        "free-shipping-50.yaml",
        "lower",
        "Lewis, Singh & Fay, Marketing Science 25(1), 2006: orders fall as more of them pay shipping; Baymard (2024): "
        "extra costs are the first reason for abandoning a checkout",
        False,
    ),
}


def write_study(folder: Path, personas: int, seed: int, concurrency: int) -> Path:
    arms = [{"name": "control"}] + [{"name": arm, "variant": str(VARIANTS / spec[0])} for arm, spec in EFFECTS.items()]
    study = {
        "name": "known-effects",
        "personas": {"generate": personas, "seed": seed},
        "arms": arms,
        "concurrency": concurrency,
        "interview": False,
    }
    path = folder / "effects.yaml"
    path.write_text(yaml.safe_dump(study, sort_keys=False))
    return path


def effects(comparison: dict[str, Any]) -> dict[str, Any]:
    """Each variant's conversion against the store as it ships, with its CI and paired counts, beside people's direction."""
    differences = {d["arm"]: d for d in comparison["differences"] if d["measure"] == "converted"}
    tests = {t["arm"]: t for t in comparison["mcnemar"]}
    found = {}
    for arm, (_, direction, source, targeted) in EFFECTS.items():
        d, t = differences[arm], tests[arm]
        below = d["ci_high"] is not None and d["ci_high"] < 0
        found[arm] = {
            "control_conversion": d["baseline"],
            "conversion": d["value"],
            "difference": d["difference"],
            "ci95": [d["ci_low"], d["ci_high"]],
            "ci_below_0": below,
            "bought_only_in_control": t["baseline_only"],
            "bought_only_in_variant": t["arm_only"],
            "mcnemar_p": round(t["p_value"], 4),
            "people": direction,
            "source": source,
            **({"target_ci_below_0_met": below} if targeted else {}),
        }
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--personas", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--out", type=Path, help="keep the study here (default: a temporary folder)")
    args = parser.parse_args()
    folder = args.out or Path(tempfile.mkdtemp(prefix="bench-effects"))
    folder.mkdir(parents=True, exist_ok=True)
    study = write_study(folder, args.personas, args.seed, args.concurrency)
    started = time.perf_counter()
    command = [sys.executable, "-m", "shopagent", "study", str(study), "--out", str(folder / "study")]
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - started
    comparison = json.loads((folder / "study" / "comparison.json").read_text())
    result = {
        "personas": {"generate": args.personas, "seed": args.seed},
        "policy": "offline",
        "wall_s": round(wall, 1),
        "study": str(folder / "study"),
        "effects": effects(comparison),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
