"""The shared vocabulary of shopagent: personas, actions, observations, steps and sessions.

Every part of the system imports these models and nothing else from its siblings'
internals, so data flows one way: store -> browser observes -> agent decides ->
browser acts -> session log. The shapes follow ../shared/SPEC.md sections 1-4.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


# --------------------------------------------------------------------------- persona (SPEC §3)


class Traits(BaseModel):
    """Behavioural dials in [0, 1]; they shape how a policy shops, not what it wants."""

    model_config = ConfigDict(extra="forbid")

    price_sensitivity: float = Field(0.5, ge=0, le=1, description="1 = always picks the cheapest fit")
    patience: float = Field(0.5, ge=0, le=1, description="1 = refines searches and reads on before giving up")
    brand_loyalty: float = Field(0.0, ge=0, le=1, description="1 = only buys the preferred brands")
    review_reliance: float = Field(0.5, ge=0, le=1, description="1 = weighs ratings and reviews heavily")
    impulsiveness: float = Field(0.3, ge=0, le=1, description="1 = buys the first decent match")


class Persona(BaseModel):
    """Who the shopper is and what they want. Only `intent` is required."""

    model_config = ConfigDict(extra="forbid")

    intent: str = Field(min_length=1, description="What the shopper wants, in their own words")
    name: str = "Shopper"
    budget: float | None = Field(None, gt=0, description="Most they will pay for the item, in dollars")
    age: int | None = Field(None, ge=13, le=120)
    gender: str | None = None
    income: str | None = None
    occupation: str | None = None
    location: str | None = Field(None, description="City used when filling the shipping form")
    background: str | None = None
    shopping_style: str | None = None
    preferred_brands: list[str] = Field(default_factory=list)
    traits: Traits = Field(default_factory=Traits)


# --------------------------------------------------------------------------- actions (SPEC §1)


class _Action(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Click(_Action):
    type: Literal["click"] = "click"
    target: str


class Type(_Action):
    type: Literal["type"] = "type"
    target: str
    text: str
    submit: bool = True


class Select(_Action):
    type: Literal["select"] = "select"
    target: str
    value: str


class Back(_Action):
    type: Literal["back"] = "back"


class Purchase(_Action):
    type: Literal["purchase"] = "purchase"
    target: str


class Terminate(_Action):
    type: Literal["terminate"] = "terminate"


Action = Annotated[Union[Click, Type, Select, Back, Purchase, Terminate], Field(discriminator="type")]
ACTION_TYPES: tuple[str, ...] = ("click", "type", "select", "back", "purchase", "terminate")


class Decision(BaseModel):
    """A policy's reply: a one-sentence rationale first, then one action."""

    model_config = ConfigDict(extra="forbid")

    rationale: str
    action: Action


def normalize_text(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def actions_match(predicted: Any, gold: Any) -> bool:
    """Exact match as SPEC §1 defines it for replay."""
    if predicted is None or gold is None or predicted.type != gold.type:
        return False
    if getattr(predicted, "target", None) != getattr(gold, "target", None):
        return False
    if gold.type == "type":
        return normalize_text(predicted.text) == normalize_text(gold.text)
    if gold.type == "select":
        return predicted.value == gold.value
    return True


# --------------------------------------------------------------------------- observation (SPEC §2)

ElementKind = Literal["link", "button", "input", "select", "checkbox", "radio"]


class Element(BaseModel):
    """One thing a shopper can use, named by its semantic id."""

    id: str
    kind: ElementKind
    text: str = ""
    purchase: bool = False
    disabled: bool = False
    checked: bool | None = None
    value: str | None = None
    options: list[str] | None = None


class Observation(BaseModel):
    url: str
    title: str = ""
    html: str
    elements: list[Element] = Field(default_factory=list)

    def element(self, element_id: str) -> Element | None:
        return next((e for e in self.elements if e.id == element_id), None)

    @property
    def ids(self) -> list[str]:
        return [e.id for e in self.elements]


# --------------------------------------------------------------------------- steps and sessions (SPEC §4)


class ActionResult(BaseModel):
    ok: bool
    error: str | None = None
    url: str | None = None


Outcome = Literal["purchase", "terminate", "max_steps", "error"]
Source = Literal["simulated", "human"]


class SessionRecord(BaseModel):
    record: Literal["session"] = "session"
    session_id: str
    persona: Persona
    start_url: str
    source: Source = "simulated"
    policy: dict[str, Any] = Field(default_factory=dict)
    started_at: str = Field(default_factory=utc_now)


class StepRecord(BaseModel):
    record: Literal["step"] = "step"
    session_id: str
    index: int
    observation: Observation
    rationale: str = ""
    rationale_source: Literal["human", "policy", "synthesized"] | None = None
    action: Action | None = None
    result: ActionResult
    at: str = Field(default_factory=utc_now)


class EndRecord(BaseModel):
    record: Literal["end"] = "end"
    session_id: str
    outcome: Outcome
    steps: int
    reason: str | None = None
    order: dict[str, Any] | None = None
    blocked_requests: int = 0
    at: str = Field(default_factory=utc_now)


LogRecord = Annotated[Union[SessionRecord, StepRecord, EndRecord], Field(discriminator="record")]


class Session(BaseModel):
    """One whole session read back from a log: its header, steps and (if finished) its end."""

    header: SessionRecord
    steps: list[StepRecord] = Field(default_factory=list)
    end: EndRecord | None = None

    @property
    def session_id(self) -> str:
        return self.header.session_id

    @property
    def outcome(self) -> str | None:
        return self.end.outcome if self.end else None


# --------------------------------------------------------------------------- replay (SPEC §5)


class Prediction(BaseModel):
    """One line of predictions.jsonl: what the policy predicted at one human step."""

    session_id: str
    index: int
    gold: Action
    predicted: Action | None = None
    rationale: str = ""
    error: str | None = None
