"""Time on task, two clocks kept apart: human time (the steps' modelled `dwell_s` summed, SPEC §4) and
machine time (the simulator's wall clock from the session header to its end record, which only says
how fast the run went)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from pydantic import BaseModel, Field

from shopagent.types import Session

PURCHASED = ("purchase", "purchase_unverified")


def human_seconds(session: Session) -> float | None:
    """The steps' dwell_s summed; None when no step has one (an old log, a human session)."""
    times = [s.dwell_s for s in session.steps if s.dwell_s is not None]
    return sum(times) if times else None


def machine_seconds(session: Session) -> float | None:
    """The simulator's wall clock for the session; None while it is unfinished."""
    if session.end is None:
        return None
    start, end = datetime.fromisoformat(session.header.started_at), datetime.fromisoformat(session.end.at)
    return (end - start).total_seconds()


def seconds_by_page(sessions: list[Session], page_kind: Callable[[str], str]) -> dict[str, float]:
    """Human seconds spent on each page type (page_kind of the URL), per session that acted there (mean), most time first."""
    spent: dict[str, list[float]] = defaultdict(list)
    for session in sessions:
        here: dict[str, float] = defaultdict(float)
        for step in session.steps:
            if step.dwell_s is not None:
                here[page_kind(step.observation.url)] += step.dwell_s
        for page, seconds in here.items():
            spent[page].append(seconds)
    means = {page: round(statistics.fmean(v), 1) for page, v in spent.items()}
    return dict(sorted(means.items(), key=lambda kv: -kv[1]))


def _median(values: list[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return round(statistics.median(kept), 1) if kept else None


class TimeOnTask(BaseModel):
    """Medians over the finished sessions; human time is None when the log has no dwell_s."""

    seconds_to_purchase: float | None = Field(None, description="Human time: median over purchasing sessions of their dwell_s summed")
    seconds_per_session: float | None = Field(None, description="Human time: median over all sessions of their dwell_s summed")
    seconds_by_page: dict[str, float] = Field(
        default_factory=dict, description="Human time on each page type: mean dwell_s summed per session that acted there"
    )
    machine_seconds_to_purchase: float | None = Field(
        None, description="Machine time: median wall clock of purchasing sessions in the simulator (not a person's time)"
    )


def time_on_task(sessions: list[Session], page_kind: Callable[[str], str]) -> TimeOnTask:
    finished = [s for s in sessions if s.end is not None]
    bought = [s for s in finished if s.end is not None and s.end.outcome in PURCHASED]
    return TimeOnTask(
        seconds_to_purchase=_median([human_seconds(s) for s in bought]),
        seconds_per_session=_median([human_seconds(s) for s in finished]),
        seconds_by_page=seconds_by_page(finished, page_kind),
        machine_seconds_to_purchase=_median([machine_seconds(s) for s in bought]),
    )
