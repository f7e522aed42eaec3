"""A study's comparison: each arm's figures, each arm against the baseline (the first arm)
with a bootstrap 95% CI and an exact McNemar test for conversion, the personas whose
outcome changed and the step where their paths parted, and the figures by segment.

The unit is the session id, which is the same in every arm (persona, and replicate):
a persona's sessions in two arms are a pair. The bootstrap resamples personas, with
all their replicates, so it respects that pairing and the clustering of replicates.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from urllib.parse import urlsplit

from pydantic import BaseModel
from scipy.stats import binomtest

from shopagent.agent.hindsight import zero_result_queries
from shopagent.study.analysis.measures import MEASURES, bought, mean, measure_session, topic_answers
from shopagent.study.analysis.population import PopulationReport, build_report
from shopagent.study.analysis.segments import SegmentRow, segment_rows
from shopagent.types import Session, StepRecord

BOOTSTRAP_SAMPLES = 2000
TOP = 10


class ArmSummary(BaseModel):
    arm: str
    sessions: int
    figures: dict[str, float | None]  # measure name -> mean over the sessions it applies to
    applies_to: dict[str, int]  # measure name -> how many sessions it applies to
    population: PopulationReport  # funnel, outcomes, where shoppers left, failed actions
    leave_reasons: dict[str, int]
    zero_result_queries: dict[str, int]
    improvements: dict[str, int]  # the interview's "one change" answers, most frequent first


class Difference(BaseModel):
    arm: str
    measure: str
    baseline: float | None
    value: float | None
    difference: float | None
    ci_low: float | None
    ci_high: float | None


class McNemar(BaseModel):
    """Paired conversion: b bought only in the baseline, c bought only in this arm; exact two-sided p."""

    arm: str
    pairs: int
    both: int
    neither: int
    baseline_only: int
    arm_only: int
    p_value: float


class PathStep(BaseModel):
    index: int
    page: str
    action: str
    rationale: str
    ok: bool
    screenshot: str | None = None


class Divergence(BaseModel):
    session_id: str
    persona: str
    intent: str
    arm: str
    outcomes: dict[str, str]  # baseline and this arm
    parted_at: int  # the first step index where the two sessions did different things
    paths: dict[str, list[PathStep]]


class StudyComparison(BaseModel):
    study: str
    baseline: str
    arms: list[ArmSummary]
    differences: list[Difference]
    mcnemar: list[McNemar]
    diverging: list[Divergence]
    segments: list[SegmentRow]

    def difference(self, arm: str, measure: str) -> Difference | None:
        return next((d for d in self.differences if d.arm == arm and d.measure == measure), None)


def _clean(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 4)


def summarise_arm(name: str, sessions: list[Session], rows: list[dict[str, float]]) -> ArmSummary:
    """One arm's figures; `rows` are its finished sessions' measures (measure_session), computed once by the caller."""
    finished = [s for s in sessions if s.end is not None]
    leave = Counter((s.end.reason or s.end.outcome) for s in finished if s.end and not bought(s))
    empty = Counter(q.lower() for s in finished for q in zero_result_queries(s))
    improve = Counter(a.answer for s in finished for a in topic_answers(s, "improvement") if a.answered)
    return ArmSummary(
        arm=name,
        sessions=len(finished),
        figures={m: _clean(mean([r[m] for r in rows])) for m in MEASURES},
        applies_to={m: sum(1 for r in rows if not math.isnan(r[m])) for m in MEASURES},
        population=build_report(sessions),
        leave_reasons=dict(leave.most_common(TOP)),
        zero_result_queries=dict(empty.most_common(TOP)),
        improvements=dict(improve.most_common(TOP)),
    )


def persona_of(session_id: str) -> str:
    """The persona key of a session id ("persona_0003.r2" -> "persona_0003")."""
    head, _, rep = session_id.rpartition(".r")
    return head if head and rep.isdigit() else session_id


def _differences(name: str, base: dict[str, dict[str, float]], arm: dict[str, dict[str, float]], seed: int) -> list[Difference]:
    """Arm minus baseline for every measure, over the sessions both arms finished, with a persona bootstrap."""
    paired = sorted(set(base) & set(arm))
    clusters: dict[str, list[str]] = {}
    for sid in paired:
        clusters.setdefault(persona_of(sid), []).append(sid)
    keys = sorted(clusters)
    rng = random.Random(seed)
    draws = [[sid for key in rng.choices(keys, k=len(keys)) for sid in clusters[key]] for _ in range(BOOTSTRAP_SAMPLES)] if keys else []
    out = []
    for m in MEASURES:
        b, a = mean([base[s][m] for s in paired]), mean([arm[s][m] for s in paired])
        diffs = sorted(d for d in (mean([arm[s][m] for s in ids]) - mean([base[s][m] for s in ids]) for ids in draws) if not math.isnan(d))
        low, high = (diffs[int(0.025 * len(diffs))], diffs[int(0.975 * len(diffs)) - 1]) if len(diffs) >= 40 else (math.nan, math.nan)
        out.append(
            Difference(
                arm=name, measure=m, baseline=_clean(b), value=_clean(a), difference=_clean(a - b), ci_low=_clean(low), ci_high=_clean(high)
            )
        )
    return out


def _mcnemar(name: str, base: dict[str, Session], arm: dict[str, Session]) -> McNemar:
    paired = [(bought(base[s]), bought(arm[s])) for s in sorted(set(base) & set(arm))]
    only_base = sum(1 for b, a in paired if b and not a)
    only_arm = sum(1 for b, a in paired if a and not b)
    discordant = only_base + only_arm
    p = binomtest(min(only_base, only_arm), discordant, 0.5).pvalue if discordant else 1.0
    return McNemar(
        arm=name,
        pairs=len(paired),
        both=sum(1 for b, a in paired if a and b),
        neither=sum(1 for b, a in paired if not a and not b),
        baseline_only=only_base,
        arm_only=only_arm,
        p_value=round(float(p), 6),
    )


def _what(step: StepRecord) -> tuple[str, str]:
    """What a step did, comparable across arms (whose stores may sit at different ports)."""
    url = urlsplit(step.observation.url)
    return f"{url.path}?{url.query}", step.action.describe() if step.action else "(no action)"


def _path(session: Session, screenshots: dict[str, str]) -> list[PathStep]:
    return [
        PathStep(
            index=s.index,
            page=urlsplit(s.observation.url).path or "/",
            action=s.action.describe() if s.action else "(no valid action)",
            rationale=s.rationale,
            ok=s.result.ok,
            screenshot=screenshots.get(f"{session.session_id}_{s.index:03d}"),
        )
        for s in session.steps
    ]


def _divergences(
    name: str, baseline: str, base: dict[str, Session], arm: dict[str, Session], shots: dict[str, dict[str, str]]
) -> list[Divergence]:
    found = []
    for sid in sorted(set(base) & set(arm)):
        b, a = base[sid], arm[sid]
        if bought(b) == bought(a):
            continue
        parted = next((i for i, (x, y) in enumerate(zip(b.steps, a.steps)) if _what(x) != _what(y)), min(len(b.steps), len(a.steps)))
        found.append(
            Divergence(
                session_id=sid,
                persona=b.header.persona.name,
                intent=b.header.persona.intent,
                arm=name,
                outcomes={baseline: b.outcome or "unfinished", name: a.outcome or "unfinished"},
                parted_at=parted,
                paths={baseline: _path(b, shots.get(baseline, {})), name: _path(a, shots.get(name, {}))},
            )
        )
    return found


def compare_arms(
    study: str, sessions: dict[str, list[Session]], screenshots: dict[str, dict[str, str]] | None = None, seed: int = 0
) -> StudyComparison:
    """`sessions`: each arm's sessions, the baseline first; `screenshots`: per arm, '<session>_<step>' -> a file path."""
    names = list(sessions)
    baseline = names[0]
    by_id = {n: {s.session_id: s for s in sessions[n] if s.end is not None} for n in names}
    measured = {n: {sid: measure_session(s) for sid, s in by_id[n].items()} for n in names}
    others = names[1:]
    return StudyComparison(
        study=study,
        baseline=baseline,
        arms=[summarise_arm(n, sessions[n], list(measured[n].values())) for n in names],
        differences=[d for n in others for d in _differences(n, measured[baseline], measured[n], seed)],
        mcnemar=[_mcnemar(n, by_id[baseline], by_id[n]) for n in others],
        diverging=[d for n in others for d in _divergences(n, baseline, by_id[baseline], by_id[n], screenshots or {})],
        segments=segment_rows(by_id),
    )
