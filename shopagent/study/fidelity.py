"""A population set beside a human reference: every figure of the reference, measured on the
population in the same unit, with a bootstrap 95% CI and the gap.

What it can tell: where simulated shoppers walk differently from people on measures that
count the same thing. What it cannot: simulated shoppers are goal-directed (each came to
buy one thing), while clickstream and analytics figures cover whole-site traffic
(browsers, returning visitors, bots filtered or not). A gap is a question to look into,
not a verdict. See the README.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel
from rich.table import Table
from scipy.stats import wasserstein_distance

from shopagent.study.behaviour import SessionFacts
from shopagent.study.reference import DISTANCE_UNITS, ReferenceProfile, bootstrap_ci, measure, session_lengths

CAVEAT = (
    "Simulated shoppers each came to buy one thing; human references count whole-site traffic. "
    "Compare like with like (the unit column) and read gaps as questions, not verdicts."
)


class FidelityRow(BaseModel):
    measure: str
    of: str | None
    stat: str
    unit: str
    reference: float
    reference_ci_low: float | None = None
    reference_ci_high: float | None = None
    population: str
    source: str
    simulated: float | None
    ci_low: float | None
    ci_high: float | None
    gap: float | None


class LengthDistance(BaseModel):
    """Session lengths, simulated against human, as a Wasserstein-1 distance (in the unit's own count)."""

    unit: str
    wasserstein: float
    simulated_sessions: int
    reference_sessions: int


class FidelityReport(BaseModel):
    reference: str
    sessions: int
    rows: list[FidelityRow]
    distances: list[LengthDistance]
    caveat: str = CAVEAT


def compare(facts: list[SessionFacts], reference: ReferenceProfile, seed: int = 0) -> FidelityReport:
    rows = []
    # Two sources may give the same measure (OPeRA and Lu et al.: mean actions); it is resampled once.
    simulated: dict[str, tuple[float | None, float | None, float | None]] = {}
    for figure in reference.figures:
        if figure.key not in simulated:
            value = measure(figure, facts) if facts else None
            simulated[figure.key] = (value, *(bootstrap_ci(figure, facts, seed) if value is not None else (None, None)))
        value, low, high = simulated[figure.key]
        rows.append(
            FidelityRow(
                measure=figure.measure,
                of=figure.of,
                stat=figure.stat,
                unit=figure.unit,
                reference=figure.value,
                reference_ci_low=figure.ci_low,
                reference_ci_high=figure.ci_high,
                population=figure.population,
                source=figure.source,
                simulated=None if value is None else round(value, 4),
                ci_low=None if low is None else round(low, 4),
                ci_high=None if high is None else round(high, 4),
                gap=None if value is None else round(value - figure.value, 4),
            )
        )
    distances = []
    for unit in DISTANCE_UNITS:
        ours = session_lengths(facts, unit)
        theirs = reference.lengths.get(unit, [])
        if ours and theirs:
            distances.append(
                LengthDistance(
                    unit=unit,
                    wasserstein=round(float(wasserstein_distance(ours, theirs)), 3),
                    simulated_sessions=len(ours),
                    reference_sessions=len(theirs),
                )
            )
    return FidelityReport(reference=reference.name, sessions=len(facts), rows=rows, distances=distances)


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
