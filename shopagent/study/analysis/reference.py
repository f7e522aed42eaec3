"""A reference profile of human shopping behaviour: published figures, or one reduced from human sessions.

Each figure says what it measures, in which unit (actions, events, page views, sessions)
and over which population, and where it comes from. The bundled profile
(`data/reference_profile.json`) holds published figures. Human session logs (recorded,
or imported from OPeRA or WebShop) and event clickstreams (OTTO, RetailRocket) are reduced
to the same measures by `profile_from_facts`, and keep their session-length distributions
for a distribution distance. OPeRA's own sessions (timeline files, or its action table) give
the shape figures only (`shape_profile`): the share of sessions with a review click, clicks and
inputs per session, and the seconds between actions. Figures reduced from sessions carry a
bootstrap 95% CI over those sessions where it is cheap to draw (the shape figures).
"""

from __future__ import annotations

import codecs
import math
import random
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shopagent.errors import BadInput, read_user_text
from shopagent.sessionlog import read_sessions, session_files
from shopagent.study.analysis.behaviour import SessionFacts, facts_from_session, read_otto, read_retailrocket
from shopagent.study.analysis.opera import is_action_table, is_timeline, read_action_table, read_timelines

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
    "review_click_share",
    "time_between_actions",
]
Stat = Literal["mean", "median", "p90", "share"]
Unit = Literal["actions", "events", "page_views", "sessions", "sessions_with_a_cart", "clicks_and_inputs", "seconds"]
LENGTH_UNITS: tuple[Unit, ...] = ("actions", "page_views", "events")
DISTANCE_UNITS: tuple[Unit, ...] = (*LENGTH_UNITS, "clicks_and_inputs")
BOOTSTRAP_SAMPLES = 1000


class ReferenceFigure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    measure: Measure
    of: str | None = Field(None, description="For shares of actions or events: which type (click, cart, order, view)")
    stat: Stat
    unit: Unit = Field(description="What is counted: actions, events, page views, or sessions")
    value: float
    population: str = Field(description="Whose behaviour: the data set, its size and its filter")
    source: str = Field(description="Where the figure is published (paper, data set, report)")
    ci_low: float | None = Field(None, description="Bootstrap 95% CI over the reference's sessions, where reduced from them")
    ci_high: float | None = None

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
    """Nearest rank: the smallest value with at least p% of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered) - 1e-9) - 1)]


_STATS: dict[str, Callable[[list[float]], float]] = {
    "mean": statistics.fmean,
    "median": statistics.median,
    "p90": lambda v: percentile(v, 90),
}


def _share(hits: float, total: float) -> float | None:
    return hits / total if total else None


def session_lengths(facts: list[SessionFacts], unit: str) -> list[int]:
    """Each session's length in a unit. A session with no clicks or inputs (only scrolling) still counts, as 0;
    a session with no actions, page views or events has none in that unit (a clickstream has no actions)."""
    if unit == "clicks_and_inputs":
        return [f.clicks_and_inputs for f in facts]
    return [getattr(f, unit) for f in facts if getattr(f, unit) > 0]


def measure(figure: ReferenceFigure, facts: list[SessionFacts]) -> float | None:
    """The same figure computed over these sessions; None where they cannot say (no such unit, no such sessions)."""
    m, unit = figure.measure, figure.unit
    if m == "session_length":
        values = [float(v) for v in session_lengths(facts, unit)]
        return _STATS[figure.stat](values) if values else None
    if m == "time_between_actions":
        gaps = [g for f in facts for g in f.gaps]
        return _STATS[figure.stat](gaps) if gaps else None
    if m == "review_click_share":
        return _share(sum(f.review_clicks > 0 for f in facts), len(facts))
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


def bootstrap_ci(figure: ReferenceFigure, facts: list[SessionFacts], seed: int = 0) -> tuple[float | None, float | None]:
    """The 2.5th and 97.5th percentiles of the measure over sessions resampled with replacement."""
    rng = random.Random(seed)
    values = []
    for _ in range(BOOTSTRAP_SAMPLES):
        value = measure(figure, rng.choices(facts, k=len(facts)))
        if value is not None:
            values.append(value)
    if not values:
        return None, None
    return percentile(values, 2.5), percentile(values, 97.5)


SHAPE: list[tuple[Measure, Stat, Unit]] = [
    ("review_click_share", "share", "sessions"),
    ("session_length", "median", "clicks_and_inputs"),
    ("session_length", "p90", "clicks_and_inputs"),
    ("time_between_actions", "median", "seconds"),
    ("time_between_actions", "p90", "seconds"),
]


def shape_figures(facts: list[SessionFacts], population: str, source: str) -> list[ReferenceFigure]:
    """The shape figures these sessions can answer (issue 29), each with a bootstrap 95% CI over them."""
    if not any(f.clicks_and_inputs for f in facts):
        return []  # a clickstream, or sessions with no click at all, say nothing of the shape
    figures = []
    for m, stat, unit in SHAPE:
        figure = ReferenceFigure(measure=m, stat=stat, unit=unit, value=0, population=population, source=source)
        value = measure(figure, facts)
        if value is not None:
            low, high = bootstrap_ci(figure, facts)
            figures.append(figure.model_copy(update={"value": round(value, 4), "ci_low": _rounded(low), "ci_high": _rounded(high)}))
    return figures


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def shape_profile(name: str, facts: list[SessionFacts], population: str, source: str) -> ReferenceProfile:
    """Sessions known only by their shape (OPeRA's timelines and action table): the shape figures and lengths."""
    if not facts:
        raise BadInput(f"{source}: no sessions in it")
    return ReferenceProfile(
        name=name,
        figures=shape_figures(facts, population, source),
        lengths={"clicks_and_inputs": session_lengths(facts, "clicks_and_inputs")},
    )


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
    figures += shape_figures(facts, population, source)
    lengths = {u: session_lengths(facts, u) for u in DISTANCE_UNITS}
    if not any(f.clicks_and_inputs for f in facts):
        lengths.pop("clicks_and_inputs")
    return ReferenceProfile(name=name, figures=figures, lengths={u: v for u, v in lengths.items() if v})


def load_profile(path: Path) -> ReferenceProfile:
    try:
        return ReferenceProfile.model_validate_json(read_user_text(path, "a reference profile (JSON)"))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise BadInput(f"{path}: not a reference profile ({where}: {first['msg']}); see `shopagent schema reference-profile`") from None


EXPECTED = "expected a reference profile, human session logs, OPeRA sessions (timeline files or its action table) or a clickstream"


def _head(path: Path, size: int = 8192) -> str:
    """The start of a file, enough to tell its kind without reading a clickstream of gigabytes twice."""
    with path.open("rb") as file:
        start = file.read(size)
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(start, final=False)  # a character cut at the end is no error
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path}: not a text file (byte {exc.start} is not UTF-8); {EXPECTED}") from None


def _opera(path: Path, facts: list[SessionFacts], what: str) -> ReferenceProfile:
    people = len({f.person for f in facts if f.person})
    who = f" of {people} people" if people else ""
    return shape_profile(path.name, facts, f"{len(facts)} OPeRA sessions{who} ({what}) in {path.name}", str(path))


def _file_reference(path: Path) -> ReferenceProfile | None:
    """A reference told from one file's content; None for a session log."""
    if path.suffix == ".parquet" or is_action_table(path):
        return _opera(path, read_action_table(path), "action table")
    head = _head(path).lstrip()[:2000]
    if path.suffix == ".csv" or head.startswith("timestamp"):
        return profile_from_facts(path.name, read_retailrocket(path), f"RetailRocket-style events in {path.name}", str(path))
    if is_timeline(path):
        return _opera(path, read_timelines(path), "timelines")
    first = head.splitlines()[0] if head else ""
    if first.startswith("{") and '"events"' in first and '"record"' not in first:
        return profile_from_facts(path.name, read_otto(path), f"OTTO-style sessions in {path.name}", str(path))
    if path.suffix == ".json" and '"figures"' in head:
        return load_profile(path)
    return None


def _folder_reference(path: Path) -> ReferenceProfile | None:
    """OPeRA's timeline files or action tables in a folder; None for session logs."""
    if any(is_timeline(f) for f in path.glob("*.json")):
        return _opera(path, read_timelines(path), "timelines")
    if any(is_action_table(f) for f in path.iterdir() if f.is_file()):
        return _opera(path, read_action_table(path), "action table")
    return None


def load_reference(path: Path) -> ReferenceProfile:
    """A profile file, human session logs (a file or folder), OPeRA's sessions (timeline files, or its action table
    as parquet or CSV), or a clickstream (OTTO JSONL, RetailRocket CSV), told apart by their content."""
    if not path.exists():
        raise BadInput(f"{path}: no such file or folder; {EXPECTED}")
    found = _folder_reference(path) if path.is_dir() else _file_reference(path)
    if found is not None:
        return found
    sessions = read_sessions(session_files(path))
    if not sessions:
        raise BadInput(f"{path}: no sessions in it; {EXPECTED}")
    facts = [facts_from_session(s) for s in sessions if s.end is not None or s.steps]
    return profile_from_facts(path.name, facts, f"{len(facts)} sessions from {path.name}", str(path))


def bundled_profile() -> ReferenceProfile:
    return load_profile(BUNDLED_PROFILE)
