"""A population set beside a human reference: every figure of the reference, measured on the
population in the same unit, with a bootstrap 95% CI and the gap.

What it can tell: where simulated shoppers walk differently from people on measures that
count the same thing. What it cannot: simulated shoppers are goal-directed (each came to
buy one thing), while clickstream and analytics figures cover whole-site traffic
(browsers, returning visitors, bots filtered or not). A gap is a question to look into,
not a verdict. See the README.
"""

from __future__ import annotations

from pydantic import BaseModel
from scipy.stats import wasserstein_distance

from shopagent.study.analysis.behaviour import SessionFacts
from shopagent.study.analysis.reference import DISTANCE_UNITS, ReferenceProfile, bootstrap_ci, measure, session_lengths

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
                # The gap between the figures as shown: a share of 1/32 beside itself is 0, not 0.0001.
                gap=None if value is None else round(round(value, 4) - figure.value, 4),
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
