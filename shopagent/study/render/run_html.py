"""One run's report.html: the population's funnel, outcomes, leave reasons, time on task and
LLM tokens, and a path viewer of every session (its steps, rationales and screenshots),
filterable by persona and outcome. One file that needs no network: charts are inline SVG,
screenshots are embedded while they are small enough in all, linked beside the run otherwise.

Everything from the log (rationales, intents, reasons, URLs) is untrusted text: the template
autoescapes it, and the filter script reads it only through data attributes and textContent.
"""

from __future__ import annotations

import base64
import os
import statistics
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel

from shopagent.study.analysis.measures import bought
from shopagent.study.analysis.population import PopulationReport, page_kind
from shopagent.study.render.charts import funnel_bars, time_on_task_chart
from shopagent.types import Session, StepRecord

# Screenshots are embedded as data URIs up to this many bytes in all; past it they are linked
# from the run's screenshots/ folder, so a large population's report stays openable.
EMBED_LIMIT = 20_000_000


class Tokens(BaseModel):
    prompt: int = 0
    completion: int = 0

    @property
    def total(self) -> int:
        return self.prompt + self.completion

    def __add__(self, other: Tokens) -> Tokens:
        return Tokens(prompt=self.prompt + other.prompt, completion=self.completion + other.completion)


class StepView(BaseModel):
    index: int
    page: str
    url: str
    action: str
    ok: bool
    error: str | None
    rationale: str
    dwell_s: float | None = None
    tokens: Tokens | None = None
    screenshot: str | None = None  # an img src: a data URI or a path relative to report.html


class SessionView(BaseModel):
    session_id: str
    persona: str
    intent: str
    unmet: bool | None  # drawn by `personas generate` as an intent the store cannot satisfy; None when not marked
    outcome: str  # the end record's outcome, or "unfinished"
    reason: str | None
    order_total: float | None
    seconds: float | None  # time on task: the steps' dwell_s summed, when the log has it
    tokens: Tokens | None
    steps: list[StepView]


def llm_tokens(record: object) -> Tokens | None:
    """A record's `llm_usage` ({"prompt_tokens", "completion_tokens"}), read whether or not the log's format has it yet."""
    usage = getattr(record, "llm_usage", None)
    if isinstance(usage, BaseModel):
        usage = usage.model_dump()
    if not isinstance(usage, dict):
        return None
    return Tokens(prompt=int(usage.get("prompt_tokens") or 0), completion=int(usage.get("completion_tokens") or 0))


def dwell(step: StepRecord) -> float | None:
    value = getattr(step, "dwell_s", None)
    return float(value) if isinstance(value, int | float) else None


def session_tokens(session: Session) -> Tokens | None:
    """The end record's usage, or the steps' usage summed where the end record has none."""
    if session.end is not None and (found := llm_tokens(session.end)) is not None:
        return found
    steps = [t for t in (llm_tokens(s) for s in session.steps) if t is not None]
    return sum(steps, Tokens()) if steps else None


def time_on_task(session: Session) -> float | None:
    times = [t for t in (dwell(s) for s in session.steps) if t is not None]
    return round(sum(times), 1) if times else None


def leave_reasons(sessions: list[Session]) -> list[tuple[str, str, int]]:
    """(outcome, reason, sessions) for the finished sessions that left without buying, most frequent first."""
    left = Counter((s.end.outcome, s.end.reason or "(no reason given)") for s in sessions if s.end is not None and not bought(s))
    return [(outcome, reason, n) for (outcome, reason), n in left.most_common()]


def by_stock(views: list[SessionView]) -> list[tuple[str, int, int]]:
    """(whether the store sells the item, sessions, purchases) for the finished sessions of personas marked either way."""
    rows = []
    for label, unmet in (("yes", False), ("no (--unmet)", True)):
        group = [v for v in views if v.unmet is unmet and v.outcome != "unfinished"]
        if group:
            rows.append((label, len(group), sum(v.outcome in ("purchase", "purchase_unverified") for v in group)))
    return rows


def screenshot_files(folder: Path | None) -> dict[str, Path]:
    """'<session>_<step>' -> the file, as the loop names them (OUT/screenshots/SESSION_NNN.png)."""
    if folder is None or not folder.is_dir():
        return {}
    return {p.stem: p for p in folder.glob("*.png")}


def _step_view(step: StepRecord, shot: str | None) -> StepView:
    return StepView(
        index=step.index,
        page=page_kind(step.observation.url),
        url=step.observation.url,
        action=step.action.describe() if step.action else "(no valid action)",
        ok=step.result.ok,
        error=step.result.error,
        rationale=step.rationale,
        dwell_s=dwell(step),
        tokens=llm_tokens(step),
        screenshot=shot,
    )


def session_view(session: Session, shots: dict[str, str]) -> SessionView:
    persona, end = session.header.persona, session.end
    total = end.order.get("total") if end is not None and end.order else None
    return SessionView(
        session_id=session.session_id,
        persona=persona.name,
        intent=persona.intent,
        unmet=persona.unmet,
        outcome=end.outcome if end is not None else "unfinished",
        reason=end.reason if end is not None else None,
        order_total=float(total) if isinstance(total, int | float) else None,
        seconds=time_on_task(session),
        tokens=session_tokens(session),
        steps=[_step_view(s, shots.get(f"{session.session_id}_{s.index:03d}")) for s in session.steps],
    )


def screenshot_sources(sessions: list[Session], files: dict[str, Path], html_dir: Path) -> dict[str, str]:
    """An img src per screenshot the sessions' steps took: data URIs within EMBED_LIMIT, else relative links."""
    wanted = {key: files[key] for s in sessions for step in s.steps if (key := f"{s.session_id}_{step.index:03d}") in files}
    if sum(p.stat().st_size for p in wanted.values()) <= EMBED_LIMIT:
        return {key: "data:image/png;base64," + base64.b64encode(p.read_bytes()).decode() for key, p in wanted.items()}
    return {key: quote(Path(os.path.relpath(p.resolve(), html_dir.resolve())).as_posix()) for key, p in wanted.items()}


def _figures(views: list[SessionView]) -> dict[str, Any]:
    """Time on task and tokens over the sessions that have them (empty lists and None before the log carries them)."""
    seconds = [v.seconds for v in views if v.seconds is not None]
    tokens = [v.tokens for v in views if v.tokens is not None]
    return {
        "seconds": seconds,
        "median_seconds": statistics.median(seconds) if seconds else None,
        "mean_seconds": statistics.fmean(seconds) if seconds else None,
        "tokens": sum(tokens, Tokens()) if tokens else None,
        "token_sessions": len(tokens),
    }


def run_html(report: PopulationReport, sessions: list[Session], source: str, shots: dict[str, str]) -> str:
    env = Environment(loader=PackageLoader("shopagent.study.render", "templates"), autoescape=select_autoescape(["html"]))
    views = [session_view(s, shots) for s in sessions]
    figures = _figures(views)
    header = sessions[0].header if sessions else None
    return env.get_template("run_report.html").render(
        r=report,
        source=source,
        policy=header.policy.get("name", "?") if header else "?",
        start_url=header.start_url if header else "",
        views=views,
        outcomes=sorted({v.outcome for v in views}),
        leave=leave_reasons(sessions),
        stock=by_stock(views),
        funnel_svg=funnel_bars(report.funnel) if report.funnel else "",
        time_svg=time_on_task_chart(figures["seconds"]) if figures["seconds"] else "",
        screenshots=len(shots),
        **figures,
    )


def write_run_html(report: PopulationReport, sessions: list[Session], folder: Path, source: str, screenshots: Path | None) -> Path:
    """report.html in `folder`, for the sessions of one run whose screenshots (if any) are in `screenshots`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "report.html"
    shots = screenshot_sources(sessions, screenshot_files(screenshots), folder)
    path.write_text(run_html(report, sessions, source, shots), encoding="utf-8")
    return path
