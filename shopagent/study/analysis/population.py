"""What a population of shoppers did, computed from its session log: conversion, the
page funnel, where the ones who left were when they left, and which actions failed.

Pages are named by the first segment of their URL path (`/` is `home`,
`/product/abc` is `product`), so the report works for any store, not only ours.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

from pydantic import BaseModel, Field

from shopagent.population.local import average_order_value, count_outcomes
from shopagent.study.analysis.behaviour import visited_urls
from shopagent.study.analysis.fidelity import FidelityReport
from shopagent.study.analysis.time_on_task import TimeOnTask, time_on_task
from shopagent.types import EndRecord, Session

TOP_FAILURES = 5
RUN_LOG = "sessions.jsonl"  # a run folder's session log, as simulate and study write it


def page_kind(url: str | None) -> str:
    if not url:
        return "unknown"
    first_segment = urlsplit(url).path.strip("/").split("/", 1)[0]
    return first_segment or "home"


class FunnelStage(BaseModel):
    page: str
    reached: int
    share: float


class FailedAction(BaseModel):
    page: str
    target: str
    error: str
    count: int


class PopulationReport(BaseModel):
    sessions: int
    unfinished: int
    conversion: float
    mean_steps: float
    outcomes: dict[str, int]
    failures_by_kind: dict[str, int]
    average_order_value: float | None
    funnel: list[FunnelStage]
    left_from: dict[str, int]
    failed_actions: list[FailedAction]
    time: TimeOnTask = Field(default_factory=TimeOnTask)  # human time (dwell_s) and, apart, machine time
    reference: FidelityReport | None = None


def failures_by_kind(ends: list[EndRecord]) -> dict[str, int]:
    """Error endings grouped by the words before the first colon ("stuck", "browser crashed")."""
    return dict(Counter((e.reason or "unknown").split(":")[0] for e in ends if e.outcome == "error").most_common())


def _pages_seen(session: Session) -> list[str]:
    """Page kinds in the order the shopper first saw them, including where the last action led."""
    return list(dict.fromkeys(page_kind(u) for u in visited_urls(session)))


def _last_page(session: Session) -> str:
    if not session.steps:
        return "before the first page"
    return page_kind(session.steps[-1].observation.url)


def build_report(sessions: list[Session]) -> PopulationReport:
    ends = [s.end for s in sessions if s.end is not None]
    finished = [s for s in sessions if s.end is not None]
    outcomes = count_outcomes(ends)

    reached: Counter[str] = Counter()
    first_seen: dict[str, list[int]] = {}
    for session in finished:
        for position, page in enumerate(_pages_seen(session)):
            reached[page] += 1
            first_seen.setdefault(page, []).append(position)
    # Stages in the order shoppers usually meet them: by their median first position.
    order = sorted(reached, key=lambda p: (sorted(first_seen[p])[len(first_seen[p]) // 2], -reached[p]))
    funnel = [FunnelStage(page=p, reached=reached[p], share=reached[p] / len(finished)) for p in order]
    if finished:
        funnel.append(FunnelStage(page="purchase", reached=outcomes.get("purchase", 0), share=outcomes.get("purchase", 0) / len(finished)))

    left_from = Counter(_last_page(s) for s in finished if s.outcome != "purchase")
    failed = Counter(
        (
            page_kind(step.observation.url),
            getattr(step.action, "target", None) or (step.action.type if step.action else "policy"),
            # a step the policy could not decide is listed under 'policy': its error's own prefix is not said twice
            (step.result.error or "").split(";")[0].removeprefix("policy: " if step.action is None else ""),
        )
        for s in finished
        for step in s.steps
        if not step.result.ok
    )
    return PopulationReport(
        sessions=len(finished),
        unfinished=len(sessions) - len(finished),
        conversion=outcomes.get("purchase", 0) / len(finished) if finished else 0.0,
        mean_steps=sum(e.steps for e in ends) / len(ends) if ends else 0.0,
        outcomes=outcomes,
        failures_by_kind=failures_by_kind(ends),
        average_order_value=average_order_value(ends),
        funnel=funnel,
        left_from=dict(left_from.most_common()),
        failed_actions=[FailedAction(page=p, target=t, error=e, count=n) for (p, t, e), n in failed.most_common(TOP_FAILURES)],
        time=time_on_task(sessions, page_kind),
    )
