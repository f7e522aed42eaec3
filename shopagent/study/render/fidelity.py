"""The comparison beside people shown: a terminal table, report.md's section, and an SVG chart."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from rich.table import Table

from shopagent.study.analysis.behaviour import SessionFacts
from shopagent.study.analysis.fidelity import CAVEAT, FidelityReport, FidelityRow
from shopagent.study.analysis.reference import DISTANCE_UNITS, ReferenceProfile, session_lengths


def _number(value: float | None, share: bool) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1%}" if share else f"{value:.2f}"


class _Cells(NamedTuple):
    """One row as text, the same in the terminal table and in report.md."""

    name: str
    people: str
    simulated: str
    ci: str
    gap: str


def _cells(r: FidelityRow) -> _Cells:
    share = r.stat == "share"
    ci = f"{_number(r.ci_low, share)}–{_number(r.ci_high, share)}" if r.ci_low is not None else ""
    gap = "n/a" if r.gap is None else (f"{r.gap:+.1%}" if share else f"{r.gap:+.2f}")
    name = f"{r.measure}{' ' + r.of if r.of else ''} ({r.stat})"
    people = _number(r.reference, share)
    if r.reference_ci_low is not None:
        people += f" ({_number(r.reference_ci_low, share)}–{_number(r.reference_ci_high, share)})"
    return _Cells(name, people, _number(r.simulated, share), ci, gap)


def fidelity_markdown(report: FidelityReport) -> str:
    lines = [
        f"## Beside people: {report.reference}",
        "",
        report.caveat,
        "",
        "| measure | unit | people (95% CI) | simulated (95% CI) | gap | source |",
        "|---|---|---:|---:|---:|---|",
    ]
    for r in report.rows:
        c = _cells(r)
        ci = f" ({c.ci})" if c.ci else ""
        lines.append(f"| {c.name} | {r.unit} | {c.people} | {c.simulated}{ci} | {c.gap} | {r.source} |")
    if report.distances:
        lines += ["", "| session length in | Wasserstein distance | simulated sessions | human sessions |", "|---|---:|---:|---:|"]
        lines += [f"| {d.unit} | {d.wasserstein} | {d.simulated_sessions} | {d.reference_sessions} |" for d in report.distances]
    return "\n".join(lines) + "\n"


def fidelity_table(report: FidelityReport) -> Table:
    table = Table("measure", "unit", "people", "simulated", "95% CI", "gap", "source", title=f"Beside people: {report.reference}")
    for r in report.rows:
        c = _cells(r)
        table.add_row(c.name, r.unit, c.people, c.simulated, c.ci, c.gap, r.source[:40])
    table.caption = CAVEAT
    return table


def fidelity_chart(report: FidelityReport, facts: list[SessionFacts], reference: ReferenceProfile, path: Path) -> Path:
    """An SVG: each measure's simulated CI against the people's figure, scaled to the reference (1.0 = the same)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in report.rows if r.simulated is not None and r.reference]
    lengths = [u for u in DISTANCE_UNITS if reference.lengths.get(u)]
    fig, axes = plt.subplots(1, 1 + bool(lengths), figsize=(11 if lengths else 7, 0.45 * len(rows) + 1.5), squeeze=False)
    ax = axes[0][0]
    for i, r in enumerate(rows):
        value = r.simulated or 0.0
        low, high = (r.ci_low if r.ci_low is not None else value), (r.ci_high if r.ci_high is not None else value)
        ax.plot([low / r.reference, high / r.reference], [i, i], color="tab:blue", linewidth=4, solid_capstyle="butt")
        ax.plot([value / r.reference], [i], "o", color="tab:blue")
    ax.axvline(1.0, color="black", linewidth=1)
    ax.set_yticks(
        range(len(rows)), [f"{r.measure}{' ' + r.of if r.of else ''} ({r.stat}, {r.unit})\n{r.source[:40]}" for r in rows], fontsize=7
    )
    ax.set_xscale("symlog", linthresh=0.1)  # a simulated 0 stays on the chart
    ax.set_xlim(left=0)
    ax.set_xlabel("simulated / people (1 = the same); bar: 95% CI")
    if lengths:
        unit = lengths[0]
        side = axes[0][1]
        side.hist(
            [session_lengths(facts, unit), reference.lengths[unit]],
            bins=20,
            density=True,
            label=["simulated", "people"],
        )
        side.set_xlabel(f"session length ({unit})")
        side.legend()
    fig.tight_layout()
    fig.savefig(path, format="svg")
    plt.close(fig)
    return path
