"""A study's report, read back from its folder: comparison.json (the source of every figure),
report.md, and report.html (one self-contained file: inline SVG charts, embedded screenshots)."""

from __future__ import annotations

import base64
import json
import math
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from rich.table import Table

from shopagent.errors import BadInput
from shopagent.sessionlog import read_sessions
from shopagent.study.analysis.compare import Difference, StudyComparison, compare_arms
from shopagent.study.analysis.measures import INTENT_FIT_NOTE, MEASURES
from shopagent.study.render.charts import difference_chart, funnel_chart
from shopagent.study.render.population import write_report
from shopagent.study.run import STUDY_JSON, arm_folder
from shopagent.types import Session


def fmt(value: float | None, kind: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.1%}" if kind == "share" else f"${value:.2f}" if kind == "dollars" else f"{value:.2f}"


def fmt_diff(d: Difference | None, kind: str) -> str:
    if d is None or d.difference is None:
        return "–"
    if kind == "share":
        main, low, high = (f"{x * 100:+.1f}" if x is not None else "?" for x in (d.difference, d.ci_low, d.ci_high))
        return f"{main} pts ({low} to {high})" if d.ci_low is not None else f"{main} pts"
    main, low, high = (f"{x:+.2f}" if x is not None else "?" for x in (d.difference, d.ci_low, d.ci_high))
    return f"{main} ({low} to {high})" if d.ci_low is not None else main


def headline(c: StudyComparison) -> list[str]:
    """One sentence per arm: the conversion difference, its CI, the paired test, and what it means."""
    lines = []
    for test in c.mcnemar:
        d = c.difference(test.arm, "converted")
        assert d is not None  # every arm with a paired test has its differences
        verdict = (
            "a difference this study can tell from chance (p < 0.05)"
            if test.p_value < 0.05
            else "not distinguishable from no difference at this sample size"
        )
        lines.append(
            f"{test.arm}: conversion {fmt(d.value, 'share')} against {fmt(d.baseline, 'share')} in {c.baseline}, "
            f"{fmt_diff(d, 'share')}. {test.arm_only} personas bought only in {test.arm}, {test.baseline_only} only in {c.baseline}; "
            f"McNemar exact p = {test.p_value:.3g}: {verdict}."
        )
    return lines


def read_study(out: Path) -> tuple[dict[str, Any], dict[str, list[Session]]]:
    saved = out / STUDY_JSON
    if not saved.exists():
        raise BadInput(f"{out}: no {STUDY_JSON} here; expected a study folder written by `shopagent study`")
    record = json.loads(saved.read_text(encoding="utf-8"))
    sessions = {}
    for name in record["arms"]:
        log = arm_folder(out, name) / "sessions.jsonl"
        sessions[name] = read_sessions([log]) if log.exists() else []
    return record, sessions


def _screenshots(out: Path, arms: list[str]) -> dict[str, dict[str, str]]:
    return {arm: {p.stem: str(p) for p in (arm_folder(out, arm) / "screenshots").glob("*.png")} for arm in arms}


def _embedded(c: StudyComparison) -> dict[str, str]:
    """Data URIs of the screenshots at the step where each diverging persona's paths parted."""
    shots = {}
    for d in c.diverging:
        for arm, path in d.paths.items():
            step = next((s for s in path if s.index == d.parted_at and s.screenshot), None)
            if step and step.screenshot and Path(step.screenshot).exists():
                data = base64.b64encode(Path(step.screenshot).read_bytes()).decode()
                shots[f"{arm}/{d.session_id}/{step.index}"] = f"data:image/png;base64,{data}"
    return shots


def paired_runs_record(runs: dict[str, list[Session]]) -> dict[str, Any]:
    """What the HTML report says about runs compared with `shopagent report A B` (not started as a study)."""
    first = {name: sessions[0].header for name, sessions in runs.items() if sessions}
    personas = sorted({s.session_id for sessions in runs.values() for s in sessions})
    policy = next(iter(first.values())).policy.get("name", "?") if first else "?"
    return {
        "study": {"name": " vs ".join(runs), "description": "Runs compared by session id.", "replicates": 1, "policy": policy},
        "personas": personas,
        "arms": {name: {"store_url": header.start_url, "variant": None} for name, header in first.items()},
    }


def study_html(c: StudyComparison, record: dict[str, Any]) -> str:
    env = Environment(loader=PackageLoader("shopagent.study.render", "templates"), autoescape=select_autoescape(["html"]))
    spec = record["study"]
    arms = {
        name: a["store_url"] or (f"bundled store, variant {a['variant']['name']}" if a["variant"] else "bundled store as it ships")
        for name, a in record["arms"].items()
    }
    return env.get_template("study_report.html").render(
        c=c,
        description=spec.get("description", ""),
        personas=len(record["personas"]),
        replicates=spec["replicates"],
        sessions_per_arm=len(record["personas"]) * spec["replicates"],
        policy=spec["policy"],
        arms=arms,
        headline=headline(c),
        measures=MEASURES,
        intent_fit_note=INTENT_FIT_NOTE,
        fmt=fmt,
        fmt_diff=fmt_diff,
        pct=lambda v: "–" if v is None else f"{v:.0%}",
        diff=c.difference,
        any_interviews=any(a.applies_to["ease"] for a in c.arms),
        difference_svg=difference_chart(c),
        funnel_svg=funnel_chart(c),
        shots=_embedded(c),
    )


def figure_rows(c: StudyComparison) -> list[tuple[str, list[str]]]:
    """One row per measure: each arm's figure, then each other arm's difference from the baseline."""
    rows = []
    for m, (label, kind) in MEASURES.items():
        cells = [fmt(a.figures[m], kind) for a in c.arms]
        cells += [fmt_diff(c.difference(a.arm, m), kind) for a in c.arms[1:]]
        rows.append((label, cells))
    return rows


def study_markdown(c: StudyComparison) -> str:
    lines = [f"# Study: {c.study}", "", *[f"- {h}" for h in headline(c)], ""]
    others = [a.arm for a in c.arms[1:]]
    lines.append("| measure | " + " | ".join(a.arm for a in c.arms) + " | " + " | ".join(f"{o} − {c.baseline}" for o in others) + " |")
    lines.append("|---|" + "---:|" * (len(c.arms) + len(others)))
    lines += [f"| {label} | " + " | ".join(cells) + " |" for label, cells in figure_rows(c)]
    lines += ["", INTENT_FIT_NOTE]
    lines += ["", f"{len(c.diverging)} personas' outcomes changed between arms; see report.html for their paths."]
    return "\n".join(lines) + "\n"


def study_table(c: StudyComparison) -> Table:
    table = Table(
        title=f"Study: {c.study}",
        caption="Intent fit is judged against the personas' hand labels, blank without them; the shopper's own reading is self-consistency",
    )
    table.add_column("measure")
    for a in c.arms:
        table.add_column(a.arm, justify="right")
    for a in c.arms[1:]:
        table.add_column(f"{a.arm} − {c.baseline} (95% CI)", justify="right")
    for label, cells in figure_rows(c):
        table.add_row(label, *cells)
    return table


def write_study_report(out: Path) -> tuple[StudyComparison, list[Path]]:
    record, sessions = read_study(out)
    c = compare_arms(record["study"]["name"], sessions, _screenshots(out, list(sessions)), seed=record["study"].get("seed", 0))
    for arm in c.arms:  # each arm's own population report, as `shopagent report` writes it
        write_report(arm.population, arm_folder(out, arm.arm), f"{record['study']['name']}: {arm.arm}", sessions[arm.arm])
    paths = [out / "comparison.json", out / "report.md", out / "report.html"]
    paths[0].write_text(c.model_dump_json(indent=2) + "\n", encoding="utf-8")
    paths[1].write_text(study_markdown(c), encoding="utf-8")
    paths[2].write_text(study_html(c, record), encoding="utf-8")
    return c, paths
