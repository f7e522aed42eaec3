"""A population's report shown: the terminal summary, report.md and report.json, and several runs side by side."""

from __future__ import annotations

import json
from pathlib import Path

from rich.table import Table

from shopagent.sessionlog import read_sessions
from shopagent.study.analysis.population import RUN_LOG, PopulationReport
from shopagent.study.analysis.time_on_task import TimeOnTask
from shopagent.study.render.fidelity import fidelity_markdown
from shopagent.types import Session


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in counts.items()) or "none"


def _seconds(value: float | None) -> str:
    return f"{value:.1f} s" if value is not None else "n/a"


def time_rows(time: TimeOnTask) -> list[tuple[str, str]]:
    """Time on task for the summary and report.md: human time from dwell_s, machine time named as such."""
    return [
        ("seconds to purchase (human, median)", _seconds(time.seconds_to_purchase)),
        ("seconds per page type (human)", ", ".join(f"{p} {s:.1f} s" for p, s in time.seconds_by_page.items()) or "n/a"),
        ("machine seconds to purchase (median)", _seconds(time.machine_seconds_to_purchase)),
    ]


def summary_table(report: PopulationReport, title: str = "Population summary") -> Table:
    table = Table(title=title, show_header=False)
    table.add_row("sessions", str(report.sessions) + (f" (+{report.unfinished} unfinished)" if report.unfinished else ""))
    table.add_row("conversion rate", f"{report.conversion:.1%}")
    table.add_row("mean steps", f"{report.mean_steps:.1f}")
    table.add_row("outcomes", _counts(report.outcomes))
    table.add_row("failures by kind", _counts(report.failures_by_kind))
    aov = report.average_order_value
    table.add_row("average order value", f"${aov:.2f}" if aov is not None else "n/a")
    table.add_row("funnel (reached)", " → ".join(f"{s.page} {s.reached}" for s in report.funnel) or "none")
    table.add_row("left from", _counts(report.left_from))
    for label, value in time_rows(report.time):
        table.add_row(label, value)
    for failure in report.failed_actions:
        table.add_row("failed action", f"{failure.count}× {failure.page}: {failure.target}: {failure.error}")
    return table


def compare_rows(reports: dict[str, PopulationReport]) -> list[tuple[str, list[str]]]:
    """Runs side by side (a store and its variant): one row per measure, one cell per run."""
    runs = list(reports.values())
    rows = [
        ("sessions", [str(r.sessions) for r in runs]),
        ("conversion rate", [f"{r.conversion:.1%}" for r in runs]),
        ("mean steps", [f"{r.mean_steps:.1f}" for r in runs]),
        ("average order value", [f"${r.average_order_value:.2f}" if r.average_order_value is not None else "n/a" for r in runs]),
        ("seconds to purchase (human, median)", [_seconds(r.time.seconds_to_purchase) for r in runs]),
        ("machine seconds to purchase (median)", [_seconds(r.time.machine_seconds_to_purchase) for r in runs]),
    ]
    for outcome in dict.fromkeys(k for r in runs for k in r.outcomes):
        rows.append((f"ended: {outcome}", [str(r.outcomes.get(outcome, 0)) for r in runs]))
    for page in dict.fromkeys(s.page for r in runs for s in r.funnel):
        cells = []
        for r in runs:
            stage = next((s for s in r.funnel if s.page == page), None)
            cells.append(f"{stage.reached} ({stage.share:.0%})" if stage else "0")
        rows.append((f"reached {page}", cells))
    for page in dict.fromkeys(k for r in runs for k in r.left_from):
        rows.append((f"left from {page}", [str(r.left_from.get(page, 0)) for r in runs]))
    return rows


def compare_table(reports: dict[str, PopulationReport]) -> Table:
    table = Table(title="Populations side by side")
    table.add_column("")
    for name in reports:
        table.add_column(name, justify="right")
    for label, cells in compare_rows(reports):
        table.add_row(label, *cells)
    return table


def compare_markdown(reports: dict[str, PopulationReport]) -> str:
    lines = ["# Populations side by side", "", "| | " + " | ".join(reports) + " |", "|---|" + "---:|" * len(reports)]
    lines += [f"| {label} | " + " | ".join(cells) + " |" for label, cells in compare_rows(reports)]
    return "\n".join(lines) + "\n"


def write_comparison(reports: dict[str, PopulationReport], folder: Path) -> tuple[Path, Path]:
    """comparison.json (each run's report by name) and comparison.md (the table)."""
    folder.mkdir(parents=True, exist_ok=True)
    json_path, md_path = folder / "comparison.json", folder / "comparison.md"
    payload = {name: r.model_dump(mode="json") for name, r in reports.items()}
    json_path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    md_path.write_text(compare_markdown(reports), encoding="utf-8")
    return json_path, md_path


def report_markdown(report: PopulationReport, source: str) -> str:
    lines = [
        f"# Population report: {source}",
        "",
        f"- sessions: {report.sessions}" + (f" (+{report.unfinished} unfinished)" if report.unfinished else ""),
        f"- conversion rate: {report.conversion:.1%}",
        f"- mean steps: {report.mean_steps:.1f}",
        f"- outcomes: {_counts(report.outcomes)}",
        f"- failures by kind: {_counts(report.failures_by_kind)}",
        "- average order value: " + (f"${report.average_order_value:.2f}" if report.average_order_value is not None else "n/a"),
        *(f"- {label}: {value}" for label, value in time_rows(report.time)),
        "",
        "## Funnel",
        "",
        "| page | sessions that reached it | share |",
        "|---|---:|---:|",
    ]
    lines += [f"| {s.page} | {s.reached} | {s.share:.0%} |" for s in report.funnel]
    lines += ["", "## Where the shoppers who did not buy were when they left", "", "| page | sessions |", "|---|---:|"]
    lines += [f"| {page} | {n} |" for page, n in report.left_from.items()] or ["| none | 0 |"]
    lines += ["", "## Most frequent failed actions", "", "| page | target | error | times |", "|---|---|---|---:|"]
    lines += [f"| {f.page} | `{f.target}` | {f.error} | {f.count} |" for f in report.failed_actions] or ["| none | | | 0 |"]
    if report.reference is not None:
        lines += ["", fidelity_markdown(report.reference).rstrip()]
    return "\n".join(lines) + "\n"


def write_report(
    report: PopulationReport, folder: Path, source: str, sessions: list[Session] | None = None, screenshots: Path | None = None
) -> tuple[Path, Path]:
    """report.json (the model above), report.md and report.html (figures and a path viewer) in `folder`.

    `sessions` are the run's sessions, and `screenshots` the folder of their screenshots; by default the
    sessions.jsonl and screenshots/ in `folder` itself (a run's own folder). Without sessions there is no report.html.
    """
    # Imported here: run_report builds on this module.
    from shopagent.study.render.run_html import write_run_html

    folder.mkdir(parents=True, exist_ok=True)
    json_path, md_path = folder / "report.json", folder / "report.md"
    json_path.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    md_path.write_text(report_markdown(report, source), encoding="utf-8")
    if sessions is None and (folder / RUN_LOG).exists():
        sessions = read_sessions([folder / RUN_LOG])
    if sessions is not None:
        write_run_html(report, sessions, folder, source, screenshots or folder / "screenshots")
    return json_path, md_path
