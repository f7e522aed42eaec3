"""Replay reports: report.json, a readable report.md, two PNG charts, and rich tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from rich.table import Table

from shopagent.errors import BadInput, first_error, read_user_text
from shopagent.replay.metrics import Metrics
from shopagent.types import utc_now

REPORT_JSON = "report.json"


class Report(BaseModel):
    """What `replay eval` writes to report.json."""

    sessions_from: list[str]
    policy: dict[str, Any]
    created_at: str
    metrics: Metrics


def make_report(metrics: Metrics, policy: dict[str, Any], sources: list[str]) -> Report:
    return Report(sessions_from=sources, policy=policy, created_at=utc_now(), metrics=metrics)


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.2f}%"


HEADLINE: list[tuple[str, Any]] = [
    ("Exact-match accuracy", lambda m: _pct(m.exact_match)),
    ("Action-type macro-F1", lambda m: _pct(m.type_macro_f1)),
    ("Outcome purchase-F1", lambda m: _pct(m.outcome.purchase_f1)),
    ("Outcome weighted F1", lambda m: _pct(m.outcome.weighted_f1)),
    ("Query token-F1", lambda m: _pct(m.query_token_f1)),
    ("Sessions / steps", lambda m: f"{m.sessions} / {m.steps}"),
    ("Unanswered steps", lambda m: str(m.unanswered)),
]


def headline_table(report: Report, title: str = "Replay") -> Table:
    table = Table(title=f"{title}: {report.policy.get('name', '?')}")
    table.add_column("Metric")
    table.add_column("Value", justify="right")
    for label, fn in HEADLINE:
        table.add_row(label, fn(report.metrics))
    return table


def compare_table(reports: dict[str, Report]) -> Table:
    table = Table(title="Replay runs side by side")
    table.add_column("Metric")
    for name, report in reports.items():
        table.add_column(f"{name}\n({report.policy.get('name', '?')})", justify="right")
    for label, fn in HEADLINE:
        table.add_row(label, *(fn(r.metrics) for r in reports.values()))
    return table


def load_report(run_dir: Path) -> Report:
    path = run_dir / REPORT_JSON if run_dir.is_dir() else run_dir
    if not path.exists():
        raise BadInput(f"{run_dir}: no {REPORT_JSON} (is this a `replay eval` output folder?)")
    try:
        return Report.model_validate_json(read_user_text(path, "a replay report (report.json)"))
    except ValidationError as exc:
        raise BadInput(f"{path}: {first_error(exc)}") from None


def markdown(report: Report) -> str:
    m = report.metrics
    lines = [
        "# Replay report",
        "",
        f"Policy: `{json.dumps(report.policy)}`  ",
        f"Sessions from: {', '.join(report.sessions_from)}  ",
        f"Written: {report.created_at}",
        "",
        "| Metric | Value |",
        "|---|---:|",
        *(f"| {label} | {fn(m)} |" for label, fn in HEADLINE),
        "",
        "## Action types",
        "",
        "| Type | Precision | Recall | F1 | Gold steps |",
        "|---|---:|---:|---:|---:|",
        *(f"| {t} | {_pct(s.precision)} | {_pct(s.recall)} | {_pct(s.f1)} | {s.support} |" for t, s in m.per_type.items()),
        "",
        "## Confusion (rows: human, columns: policy)",
        "",
    ]
    columns = sorted({p for row in m.confusion.values() for p in row})
    lines += ["| human \\ policy | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    lines += [f"| {g} | " + " | ".join(str(row.get(c, 0)) for c in columns) + " |" for g, row in m.confusion.items()]
    lines += [
        "",
        "![confusion](confusion.png)",
        "",
        "## Accuracy by step position",
        "",
        "| Step | Steps | Exact match |",
        "|---:|---:|---:|",
    ]
    lines += [f"| {p.position} | {p.steps} | {_pct(p.accuracy)} |" for p in m.by_position]
    lines += [
        "",
        "![accuracy by step](accuracy_by_step.png)",
        "",
        f"{m.empty_sessions} empty session(s) left out. Definitions: see `shopagent/replay/metrics.py` and the README.",
    ]
    return "\n".join(lines) + "\n"


def plot(report: Report, out_dir: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    m = report.metrics
    paths = []
    gold = list(m.confusion)
    predicted = sorted({p for row in m.confusion.values() for p in row})
    fig, ax = plt.subplots(figsize=(1.2 * len(predicted) + 2.5, 0.7 * len(gold) + 2))
    grid = [[m.confusion[g].get(p, 0) for p in predicted] for g in gold]
    ax.imshow(grid or [[0]], cmap="Blues")
    ax.set_xticks(range(len(predicted)), predicted, rotation=30, ha="right")
    ax.set_yticks(range(len(gold)), gold)
    for i, row in enumerate(grid):
        for j, v in enumerate(row):
            ax.text(j, i, str(v), ha="center", va="center")
    ax.set_xlabel("policy predicted")
    ax.set_ylabel("human did")
    ax.set_title("Action-type confusion")
    fig.tight_layout()
    paths.append(out_dir / "confusion.png")
    fig.savefig(paths[-1], dpi=110)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.bar([p.position for p in m.by_position], [100 * p.accuracy for p in m.by_position], color="#3b7dd8")
    ax.set_xlabel("step position in session")
    ax.set_ylabel("exact match (%)")
    ax.set_ylim(0, 100)
    ax.set_title("Accuracy by step position")
    fig.tight_layout()
    paths.append(out_dir / "accuracy_by_step.png")
    fig.savefig(paths[-1], dpi=110)
    plt.close(fig)
    return paths


def write_report(report: Report, out_dir: Path) -> list[Path]:
    """Write report.json, report.md and the two charts; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / REPORT_JSON).write_text(report.model_dump_json(indent=2), encoding="utf-8")
    (out_dir / "report.md").write_text(markdown(report), encoding="utf-8")
    return [out_dir / REPORT_JSON, out_dir / "report.md", *plot(report, out_dir)]
