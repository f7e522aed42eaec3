"""Segments of a study's shoppers: trait bands, budget, age, income and mission, with each arm's
conversion in each band. Bands hold few personas; read them as where to look, with n beside."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from shopagent.study.analysis.measures import bought
from shopagent.types import Persona, Session, Traits


class SegmentRow(BaseModel):
    segment: str
    band: str
    sessions: int  # in the baseline arm
    conversion: dict[str, float]  # arm -> share of this band's sessions that bought


def _band(value: float) -> str:
    return "low (<0.34)" if value < 0.34 else "high (≥0.67)" if value >= 0.67 else "mid"


def _budget(persona: Persona) -> str:
    b = persona.budget
    if b is None:
        return "none given"
    return "under $25" if b < 25 else "$25–74" if b < 75 else "$75–149" if b < 150 else "$150 and over"


def _age(persona: Persona) -> str:
    a = persona.age
    return "unknown" if a is None else "under 30" if a < 30 else "30–49" if a < 50 else "50 and over"


def _stocked(persona: Persona) -> str:
    """Whether the generator drew the intent as one the store sells: a shopper's failure or the store's lack."""
    return "not marked" if persona.unmet is None else "no (--unmet)" if persona.unmet else "yes"


def _trait(name: str) -> Callable[[Persona], str]:
    return lambda p: _band(getattr(p.traits, name))


NO_MISSION = "none drawn"


def _mission(session: Session) -> str:
    """What the shopper came to do, where the policy drew a mission (the offline policy's `missions`)."""
    return (session.header.mission or NO_MISSION).replace("_", " ")


SEGMENTS: dict[str, Callable[[Persona], str]] = {
    "store sells the item": _stocked,
    "budget": _budget,
    "age": _age,
    "income": lambda p: p.income or "unknown",
    **{name.replace("_", " "): _trait(name) for name in Traits.model_fields},
}
SESSION_SEGMENTS: dict[str, Callable[[Session], str]] = {"mission": _mission}


def _of_persona(band: Callable[[Persona], str]) -> Callable[[Session], str]:
    return lambda session: band(session.header.persona)


def _bands() -> dict[str, Callable[[Session], str]]:
    """Every segment as a band of a session: the persona's, then the session's own."""
    return {**{name: _of_persona(band) for name, band in SEGMENTS.items()}, **SESSION_SEGMENTS}


def segment_rows(arms: dict[str, dict[str, Session]]) -> list[SegmentRow]:
    """For every segment and band, each arm's conversion over the sessions (session ids) of that band."""
    baseline = next(iter(arms.values()))
    rows = []
    for segment, band_of in _bands().items():
        bands: dict[str, list[str]] = {}
        for sid, session in baseline.items():
            bands.setdefault(band_of(session), []).append(sid)
        if list(bands) == [NO_MISSION]:
            continue  # a policy that draws no missions: no segment to show
        for band in sorted(bands):
            conversion = {}
            for arm, sessions in arms.items():
                mine = [sessions[sid] for sid in bands[band] if sid in sessions]
                if mine:
                    conversion[arm] = round(sum(bought(s) for s in mine) / len(mine), 4)
            rows.append(SegmentRow(segment=segment, band=band, sessions=len(bands[band]), conversion=conversion))
    return rows
