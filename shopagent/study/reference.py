"""A reference profile of human shopping behaviour: published figures, or one reduced from human sessions.

Each figure says what it measures, in which unit (actions, events, page views, sessions)
and over which population, and where it comes from. The bundled profile
(`data/reference_profile.json`) holds published figures. Human session logs (recorded,
or imported from OPeRA or WebShop) and event clickstreams (OTTO, RetailRocket) are reduced
to the same measures by `profile_from_facts`, and keep their session-length distributions
for a distribution distance.
"""

from __future__ import annotations

import codecs
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shopagent.errors import BadInput, read_user_text
from shopagent.sessionlog import read_sessions, session_files
from shopagent.study.behaviour import SessionFacts, facts_from_session, read_otto, read_retailrocket

BUNDLED_PROFILE = Path(__file__).with_name("data") / "reference_profile.json"

Measure = Literal[
    "session_length",
    "action_share",
    "event_share",
    "product_pages_per_session",
    "product_pages_per_purchasing_session",
    "page_views_per_purchasing_session",
    "back_share",
    "review_views_per_session",
    "add_to_cart_rate",
    "cart_abandonment",
    "conversion",
]
Stat = Literal["mean", "median", "p90", "share"]
Unit = Literal["actions", "events", "page_views", "sessions", "sessions_with_a_cart"]
LENGTH_UNITS: tuple[Unit, ...] = ("actions", "page_views", "events")


class ReferenceFigure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    measure: Measure
    of: str | None = Field(None, description="For shares of actions or events: which type (click, cart, order, view)")
    stat: Stat
    unit: Unit = Field(description="What is counted: actions, events, page views, or sessions")
    value: float
    population: str = Field(description="Whose behaviour: the data set, its size and its filter")
    source: str = Field(description="Where the figure is published (paper, data set, report)")

    @property
    def key(self) -> str:
        return f"{self.measure}{'[' + self.of + ']' if self.of else ''} ({self.stat}, {self.unit})"


class ReferenceProfile(BaseModel):
    """Figures to hold a population against; `lengths` (per unit) when reduced from sessions."""

    model_config = ConfigDict(extra="forbid")

    name: str
    figures: list[ReferenceFigure]
    lengths: dict[str, list[int]] = Field(default_factory=dict, description="Session lengths per unit, for a distribution distance")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


_STATS: dict[str, Callable[[list[float]], float]] = {
    "mean": statistics.fmean,
    "median": statistics.median,
    "p90": lambda v: percentile(v, 90),
}


def _share(hits: float, total: float) -> float | None:
    return hits / total if total else None


def measure(figure: ReferenceFigure, facts: list[SessionFacts]) -> float | None:
    """The same figure computed over these sessions; None where they cannot say (no such unit, no such sessions)."""
    m, unit = figure.measure, figure.unit
    if m == "session_length":
        values = [float(getattr(f, unit)) for f in facts if getattr(f, unit) > 0]
        return _STATS[figure.stat](values) if values else None
    if m == "action_share":
        return _share(sum(f.action_types[figure.of or ""] for f in facts), sum(f.actions for f in facts))
    if m == "event_share":
        return _share(sum(f.event_types[figure.of or ""] for f in facts), sum(f.events for f in facts))
    bought = [f for f in facts if f.purchased]
    per_session: dict[str, tuple[list[SessionFacts], Callable[[SessionFacts], float]]] = {
        "product_pages_per_session": (facts, lambda f: f.product_pages),
        "product_pages_per_purchasing_session": (bought, lambda f: f.product_pages),
        "page_views_per_purchasing_session": (bought, lambda f: f.page_views),
        "review_views_per_session": (facts, lambda f: f.review_views),
    }
    if m in per_session:
        group, value = per_session[m]
        return _STATS[figure.stat]([float(value(f)) for f in group]) if group else None
    if m == "cart_abandonment":
        carted = [f for f in facts if f.added_to_cart]
        return _share(sum(not f.purchased for f in carted), len(carted))
    flags: dict[str, Callable[[SessionFacts], bool]] = {
        "back_share": lambda f: f.used_back,
        "add_to_cart_rate": lambda f: f.added_to_cart,
        "conversion": lambda f: f.purchased,
    }
    return _share(sum(flags[m](f) for f in facts), len(facts))


def profile_from_facts(name: str, facts: list[SessionFacts], population: str, source: str) -> ReferenceProfile:
    """Every measure these sessions can answer, as a profile (actions only where the sessions have them)."""
    candidates = [
        ReferenceFigure(measure="session_length", stat=s, unit=u, value=0, population=population, source=source)
        for u in LENGTH_UNITS
        for s in ("mean", "median", "p90")
    ]
    candidates += [
        ReferenceFigure(measure="action_share", of=a, stat="share", unit="actions", value=0, population=population, source=source)
        for a in ("click", "type", "select", "back", "purchase", "terminate")
    ]
    candidates += [
        ReferenceFigure(measure="event_share", of=e, stat="share", unit="events", value=0, population=population, source=source)
        for e in ("view", "cart", "order")
    ]
    sessions_level: list[tuple[Measure, Stat, Unit]] = [
        ("product_pages_per_session", "mean", "page_views"),
        ("product_pages_per_purchasing_session", "mean", "page_views"),
        ("page_views_per_purchasing_session", "mean", "page_views"),
        ("review_views_per_session", "mean", "page_views"),
        ("back_share", "share", "sessions"),
        ("add_to_cart_rate", "share", "sessions"),
        ("cart_abandonment", "share", "sessions_with_a_cart"),
        ("conversion", "share", "sessions"),
    ]
    candidates += [ReferenceFigure(measure=m, stat=s, unit=u, value=0, population=population, source=source) for m, s, u in sessions_level]
    has_actions = any(f.actions for f in facts)
    figures = []
    for figure in candidates:
        if (figure.unit == "actions" and not has_actions) or (
            figure.measure in ("back_share", "review_views_per_session") and not has_actions
        ):
            continue  # a clickstream has no actions, and cannot say who went back
        value = measure(figure, facts)
        if value is not None:
            figures.append(figure.model_copy(update={"value": round(value, 4)}))
    lengths = {u: [getattr(f, u) for f in facts if getattr(f, u) > 0] for u in LENGTH_UNITS}
    return ReferenceProfile(name=name, figures=figures, lengths={u: v for u, v in lengths.items() if v})


def load_profile(path: Path) -> ReferenceProfile:
    try:
        return ReferenceProfile.model_validate_json(read_user_text(path, "a reference profile (JSON)"))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise BadInput(f"{path}: not a reference profile ({where}: {first['msg']}); see `shopagent schema reference-profile`") from None


def _head(path: Path, size: int = 8192) -> str:
    """The start of a file, enough to tell its kind without reading a clickstream of gigabytes twice."""
    with path.open("rb") as file:
        start = file.read(size)
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(start, final=False)  # a character cut at the end is no error
    except UnicodeDecodeError as exc:
        raise BadInput(
            f"{path}: not a text file (byte {exc.start} is not UTF-8); expected a reference profile, session log or clickstream"
        ) from None


def load_reference(path: Path) -> ReferenceProfile:
    """A profile file, human session logs (a file or folder), or a clickstream (OTTO JSONL, RetailRocket CSV)."""
    if not path.exists():
        raise BadInput(f"{path}: no such file or folder; expected a reference profile, human session logs or a clickstream")
    if path.is_file():
        head = _head(path).lstrip()[:2000]
        if path.suffix == ".csv" or head.startswith("timestamp"):
            return profile_from_facts(path.name, read_retailrocket(path), f"RetailRocket-style events in {path.name}", str(path))
        first = head.splitlines()[0] if head else ""
        if first.startswith("{") and '"events"' in first and '"record"' not in first:
            return profile_from_facts(path.name, read_otto(path), f"OTTO-style sessions in {path.name}", str(path))
        if path.suffix == ".json" and '"figures"' in head:
            return load_profile(path)
    sessions = read_sessions(session_files(path))
    if not sessions:
        raise BadInput(f"{path}: no sessions in it; expected a reference profile, human session logs or a clickstream")
    facts = [facts_from_session(s) for s in sessions if s.end is not None or s.steps]
    return profile_from_facts(path.name, facts, f"{len(facts)} sessions from {path.name}", str(path))


def bundled_profile() -> ReferenceProfile:
    return load_profile(BUNDLED_PROFILE)
