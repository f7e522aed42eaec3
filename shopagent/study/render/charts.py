"""Reports' charts as inline SVG text (matplotlib), so each HTML report is one self-contained file."""

from __future__ import annotations

import io
import textwrap
from typing import Any

from shopagent.study.analysis.compare import StudyComparison
from shopagent.study.analysis.measures import MEASURES
from shopagent.study.analysis.population import FunnelStage

# The CI chart's x axis spans at least this many points either side of 0, so that arms with no
# difference at all get ticks in whole points rather than matplotlib's ±0.04 around a single value.
MIN_POINTS_SPAN = 5.0


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _svg(fig: Any) -> str:
    buffer = io.StringIO()
    fig.tight_layout()
    fig.savefig(buffer, format="svg")
    _pyplot().close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog and doctype: the svg sits inside HTML


def funnel_chart(comparison: StudyComparison) -> str:
    """Grouped bars: the share of each arm's sessions that reached each page kind, and bought."""
    plt = _pyplot()
    pages = list(dict.fromkeys(stage.page for arm in comparison.arms for stage in arm.population.funnel))
    fig, ax = plt.subplots(figsize=(max(6.0, 1.1 * len(pages) + 2), 3.2))
    width = 0.8 / max(1, len(comparison.arms))
    for i, arm in enumerate(comparison.arms):
        share = {s.page: s.share for s in arm.population.funnel}
        ax.bar([p + i * width for p in range(len(pages))], [share.get(page, 0) for page in pages], width, label=arm.arm)
    ax.set_xticks([p + width * (len(comparison.arms) - 1) / 2 for p in range(len(pages))], pages)
    ax.set_ylabel("share of sessions")
    ax.set_ylim(0, 1)
    ax.legend(fontsize=8)
    return _svg(fig)


def difference_chart(comparison: StudyComparison) -> str:
    """Each share measure's difference from the baseline, with its bootstrap 95% CI, per arm."""
    plt = _pyplot()
    rows = [d for d in comparison.differences if MEASURES[d.measure][1] == "share" and d.difference is not None]
    fig, ax = plt.subplots(figsize=(8, 0.55 * len(rows) + 1.2))
    for i, d in enumerate(rows):
        if d.ci_low is not None and d.ci_high is not None:
            ax.plot([d.ci_low * 100, d.ci_high * 100], [i, i], color="tab:blue", linewidth=4, solid_capstyle="butt")
        ax.plot([(d.difference or 0) * 100], [i], "o", color="tab:blue")
    ax.axvline(0, color="black", linewidth=1)
    # Long measure names are wrapped, or they squeeze the plot and cut off the axis label.
    ax.set_yticks(range(len(rows)), [textwrap.fill(f"{d.arm}: {MEASURES[d.measure][0]}", 48) for d in rows], fontsize=8)
    points_axis(ax, [x * 100 for d in rows for x in (d.difference, d.ci_low, d.ci_high) if x is not None])
    ax.set_xlabel(f"percentage points against {comparison.baseline} (bar: 95% CI)")
    ax.invert_yaxis()
    return _svg(fig)


def points_axis(ax: Any, points: list[float]) -> None:
    """A symmetric x axis in whole percentage points (+10, 0, -10), as the label says."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    span = max([MIN_POINTS_SPAN, *(abs(p) * 1.1 for p in points)])
    ax.set_xlim(-span, span)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=8, integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:+.0f}" if round(x) else "0"))


def funnel_bars(funnel: list[FunnelStage]) -> str:
    """One run's funnel: the share of its sessions that reached each page kind, and bought, top to bottom."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 0.4 * len(funnel) + 1.0))
    ax.barh(range(len(funnel)), [s.share * 100 for s in funnel], color="tab:blue")
    for i, stage in enumerate(funnel):
        ax.text(stage.share * 100 + 1, i, f"{stage.reached} ({stage.share:.0%})", va="center", fontsize=8)
    ax.set_yticks(range(len(funnel)), [s.page for s in funnel], fontsize=9)
    ax.set_xlim(0, 115)
    ax.set_xlabel("% of finished sessions that reached it")
    ax.invert_yaxis()
    return _svg(fig)


def time_on_task_chart(seconds: list[float]) -> str:
    """How long sessions took, in seconds of the steps' dwell time."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 2.6))
    ax.hist(seconds, bins=min(20, max(1, len(seconds))), color="tab:blue")
    ax.set_xlabel("time on task (seconds)")
    ax.set_ylabel("sessions")
    return _svg(fig)
