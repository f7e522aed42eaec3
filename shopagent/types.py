"""The shared vocabulary of shopagent: personas, actions, observations, steps and sessions.

Every part of the system imports these models and nothing else from its siblings'
internals, so data flows one way: store -> browser observes -> agent decides ->
browser acts -> session log. The shapes follow ../shared/SPEC.md sections 1-4.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, Protocol, TypeVar, Union, cast

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, GetJsonSchemaHandler, SerializationInfo, TypeAdapter, create_model
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from shopagent.errors import ActionFailed


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


# --------------------------------------------------------------------------- persona (SPEC §3)


class Traits(BaseModel):
    """Behavioural dials in [0, 1]; they shape how a policy shops, not what it wants."""

    model_config = ConfigDict(extra="forbid")

    price_sensitivity: float = Field(0.5, ge=0, le=1, description="1 = always picks the cheapest fit")
    patience: float = Field(0.5, ge=0, le=1, description="1 = refines searches and reads on before giving up")
    brand_loyalty: float = Field(0.0, ge=0, le=1, description="1 = only buys the preferred brands")
    review_reliance: float = Field(0.5, ge=0, le=1, description="1 = weighs ratings and reviews heavily")
    impulsiveness: float = Field(0.3, ge=0, le=1, description="1 = buys the first decent match")


class Expectation(BaseModel):
    """What fits an intent, labelled by hand (bench/intents/README.md gives the conventions). A judge of orders
    compares the store's record with these, never with the shopper's own reading of the intent."""

    model_config = ConfigDict(extra="forbid")

    kind: str = Field(min_length=1, description="The product's name: head noun with the nouns that name it, lower case, singular")
    essential: list[str] = Field(default_factory=list, description="Modifiers without which it is another product")
    describing: list[str] = Field(default_factory=list, description="Other wishes that would not make the person refuse it")
    must_not: list[str] = Field(default_factory=list, description="What it must not be or contain")
    options: list[str] = Field(default_factory=list, description="Sizes, quantities and colours named, in canonical form")
    brand: str | None = Field(None, description="A brand the person names, as the brand spells itself")
    price_max: float | None = Field(None, gt=0, description="The most the person will pay for the item, in dollars")
    store_kinds: list[str] = Field(default_factory=list, description="The store's own names for the kind, where it uses others")


INTENT_MAX_CHARS = 1000  # a long paragraph; longer is a pasted document, not a shopping intent


class Persona(BaseModel):
    """Who the shopper is and what they want. Only `intent` is required."""

    model_config = ConfigDict(extra="forbid")

    intent: str = Field(
        min_length=1,
        max_length=INTENT_MAX_CHARS,
        description=f"What the shopper wants, in their own words (at most {INTENT_MAX_CHARS} characters)",
    )
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
    expect: Expectation | None = Field(
        None,
        description="Hand-written labels of what fits this intent (bench/intents/README.md); "
        "when given, studies judge purchases against them instead of the shopper's own reading",
    )
    unmet: bool | None = Field(
        None,
        description="Set by `personas generate` for a store: true when it drew this intent as one the store cannot satisfy "
        "(--unmet), false when as one it can. The generator's reading of the catalog, not a hand label; the shopper never sees it",
    )


# --------------------------------------------------------------------------- actions (SPEC §1)
#
# Each action type is declared once, below, as a pydantic model registered with
# `@register_action`. From that one declaration come: the model (and the `Action`
# union every record uses), its line in the LLM system prompt (`prompt`), its JSON
# Schema (`action_schema()`), the element kinds its target may be (`targets`), and
# its executor (`perform`, run by the browser through the `PageDriver` protocol).


class Control(Protocol):
    """One element of the live page, resolved from its semantic id (implemented by the browser)."""

    element: Element | None  # what the observation said about it, when known

    async def click(self) -> None: ...

    async def fill(self, text: str, submit: bool) -> None: ...

    async def choose(self, value: str) -> None: ...


class PageDriver(Protocol):
    """What an action may do to the page; `control` raises ActionFailed for a missing or unusable target."""

    async def control(self, target: str) -> Control: ...

    async def go_back(self) -> None: ...


class ActionBase(BaseModel):
    """Common ground of every action type."""

    model_config = ConfigDict(extra="forbid")

    type: str
    prompt: ClassVar[str] = ""  # the system prompt's line for this action (after the JSON example)
    targets: ClassVar[tuple[str, ...]] = ()  # element kinds the target may be; () = no target
    ends_session: ClassVar[bool] = False  # the session ends once it ran (a purchase: once the order is confirmed)
    needs_purchase_evidence: ClassVar[bool] = False  # the loop checks the store's orders before and after it
    changes_page: ClassVar[bool] = True  # the executor waits for the page to settle after it
    answered_late: ClassVar[bool] = False  # the page may answer it after a pause (a debounced fetch), which the executor awaits
    normalized: ClassVar[tuple[str, ...]] = ()  # fields compared after normalize_text in exact match
    ignored_in_match: ClassVar[tuple[str, ...]] = ()

    async def perform(self, page: PageDriver) -> None:
        raise NotImplementedError(f"action {self.type!r} has no executor")

    @classmethod
    def valid_targets(cls, observation: Observation) -> list[Element]:
        """The elements of this page this action may take as its target."""
        return [e for e in observation.elements if e.kind in cls.targets and not e.disabled]

    @classmethod
    def step_schemas(cls, observation: Observation) -> list[dict[str, Any]]:
        """This action's JSON Schema on this page, its target an enum of the page's valid ids;
        none when the page has no valid target for it."""
        if not cls.targets:
            return [cls.object_schema()]
        ids = [e.id for e in cls.valid_targets(observation)]
        return [cls.object_schema(target={"enum": ids})] if ids else []

    @classmethod
    def object_schema(cls, **fixed: dict[str, Any]) -> dict[str, Any]:
        """{"type": <this action>, ...fields}; `fixed` replaces a field's generic schema."""
        name = cls.model_fields["type"].default
        properties: dict[str, Any] = {"type": {"const": name}}
        for field, info in cls.model_fields.items():
            if field != "type":
                properties[field] = fixed.get(field) or _FIELD_SCHEMAS[info.annotation]
        # Every field required, defaults included: OpenAI's strict structured outputs insist on it.
        return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}

    def describe(self) -> str:
        """One line for consoles and reports: type, target and arguments."""
        fields = self.model_dump(exclude={"type"})
        target = fields.pop("target", "")
        extra = " ".join(f"{k}={v!r}" for k, v in fields.items() if k not in self.ignored_in_match)
        return " ".join(part for part in (self.type, target, extra) if part)

    def matches(self, other: ActionBase | None) -> bool:
        """Exact match as SPEC §1 defines it for replay."""
        if other is None or other.type != self.type:
            return False
        for name in type(self).model_fields:
            if name == "type" or name in self.ignored_in_match:
                continue
            mine, theirs = getattr(self, name), getattr(other, name, None)
            if name in self.normalized and isinstance(mine, str) and isinstance(theirs, str):
                mine, theirs = normalize_text(mine), normalize_text(theirs)
            if mine != theirs:
                return False
        return True


# Every string a reply may hold is bounded, in length and in its characters, so the longest valid
# reply is known (agent/llm/reply.py turns it into the reply's token limit). The characters have no
# quote or backslash, so nothing is escaped; a rationale is printable ASCII (one byte each), text an
# action types is Latin (ASCII and U+00A0-U+017F, at most two bytes each: enough for the accented
# letters of European stores). The pattern holds the length too, for servers that read only the pattern.
ASCII_CHARS = r" !#-\[\]-~"
LATIN_CHARS = ASCII_CHARS + "\u00a0-\u017f"


def bounded_string(min_length: int, max_length: int, chars: str = LATIN_CHARS, first: str | None = None) -> dict[str, Any]:
    """A JSON Schema string of min_length..max_length characters from the class `chars` (optionally another class for the first)."""
    head, rest = (f"[{first}]", 1) if first else ("", 0)
    pattern = f"^{head}[{chars}]{{{max(0, min_length - rest)},{max_length - rest}}}$"
    return {"type": "string", "minLength": min_length, "maxLength": max_length, "pattern": pattern}


TEXT_SCHEMA = bounded_string(0, 80)
_FIELD_SCHEMAS: dict[Any, dict[str, Any]] = {bool: {"type": "boolean"}, "bool": {"type": "boolean"}, str: TEXT_SCHEMA, "str": TEXT_SCHEMA}

ACTIONS: dict[str, type[ActionBase]] = {}
_action_adapters: dict[str, TypeAdapter[Any]] = {}  # validators over ACTIONS, rebuilt when it changes

_A = TypeVar("_A", bound=type[ActionBase])


def register_action(cls: _A) -> _A:
    """Add an action type to the vocabulary (prompt, schema, parsing and execution pick it up)."""
    name = cls.__pydantic_fields__["type"].default
    if not isinstance(name, str) or not cls.prompt:
        raise TypeError(f"{cls.__name__} needs a literal `type` default and a `prompt` line")
    ACTIONS[name] = cls
    _action_adapters.clear()
    return cls


def unregister_action(name: str) -> None:
    ACTIONS.pop(name, None)
    _action_adapters.clear()


@register_action
class Click(ActionBase):
    type: Literal["click"] = "click"
    target: str
    prompt: ClassVar[str] = "click a link, button, radio or checkbox"
    targets: ClassVar[tuple[str, ...]] = ("link", "button", "checkbox", "radio")

    async def perform(self, page: PageDriver) -> None:
        await (await page.control(self.target)).click()


@register_action
class Type(ActionBase):
    type: Literal["type"] = "type"
    target: str
    text: str
    submit: bool = True
    prompt: ClassVar[str] = "type into a text field; submit presses Enter (use false for form fields you will fill one by one)"
    targets: ClassVar[tuple[str, ...]] = ("input",)
    normalized: ClassVar[tuple[str, ...]] = ("text",)
    ignored_in_match: ClassVar[tuple[str, ...]] = ("submit",)

    async def perform(self, page: PageDriver) -> None:
        await (await page.control(self.target)).fill(self.text, self.submit)


@register_action
class Select(ActionBase):
    type: Literal["select"] = "select"
    target: str
    value: str
    prompt: ClassVar[str] = "choose an option of a select"
    targets: ClassVar[tuple[str, ...]] = ("select",)
    answered_late: ClassVar[bool] = True  # a form fetches what the choice offers (shipping methods for a country) after a pause

    @classmethod
    def step_schemas(cls, observation: Observation) -> list[dict[str, Any]]:
        """One branch per select on the page, its value an enum of that select's options."""
        return [cls.object_schema(target={"const": e.id}, value={"enum": e.options}) for e in cls.valid_targets(observation) if e.options]

    async def perform(self, page: PageDriver) -> None:
        await (await page.control(self.target)).choose(self.value)


@register_action
class Back(ActionBase):
    type: Literal["back"] = "back"
    prompt: ClassVar[str] = "go to the previous page"

    async def perform(self, page: PageDriver) -> None:
        await page.go_back()


@register_action
class Purchase(ActionBase):
    type: Literal["purchase"] = "purchase"
    target: str
    prompt: ClassVar[str] = "press the store's final purchase control (place order / buy now)"
    targets: ClassVar[tuple[str, ...]] = ("button", "link")
    ends_session: ClassVar[bool] = True
    needs_purchase_evidence: ClassVar[bool] = True

    @classmethod
    def valid_targets(cls, observation: Observation) -> list[Element]:
        return [e for e in super().valid_targets(observation) if e.purchase]

    async def perform(self, page: PageDriver) -> None:
        control = await page.control(self.target)
        if control.element is not None and not control.element.purchase:
            raise ActionFailed(f"{self.target!r} is not a purchase control (place order / buy now); use click")
        await control.click()


@register_action
class Terminate(ActionBase):
    type: Literal["terminate"] = "terminate"
    prompt: ClassVar[str] = "leave the store without buying"
    ends_session: ClassVar[bool] = True
    changes_page: ClassVar[bool] = False

    async def perform(self, page: PageDriver) -> None:
        return None


class _AnyRegistered:
    """Pydantic's view of an action field: any action type registered *when the record is validated*,
    so an action declared with `register_action` after this module loaded still reaches the logs."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _registered_action, serialization=core_schema.plain_serializer_function_ser_schema(_dump_action, info_arg=True)
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return handler(TypeAdapter(_registry_union()).core_schema)


def _registered_action(value: Any) -> ActionBase:
    if isinstance(value, ActionBase) and ACTIONS.get(value.type) is type(value):
        return value
    return cast(ActionBase, _registry_adapter().validate_python(value))


def _dump_action(action: ActionBase, info: SerializationInfo) -> Any:
    return action.model_dump(mode=info.mode, exclude_none=info.exclude_none)


# The type every record field uses. mypy cannot follow a union read from the registry at run time,
# so it is spelled out for the type checker alone.
if TYPE_CHECKING:
    Action = Click | Type | Select | Back | Purchase | Terminate
else:
    Action = Annotated[ActionBase, _AnyRegistered]


def _registry_union() -> Any:
    members = tuple(ACTIONS.values())
    return members[0] if len(members) == 1 else Annotated[Union[members], Field(discriminator="type")]


def _registry_adapter(kind: Literal["action", "decision"] = "action") -> TypeAdapter[Any]:
    """A validator over every registered action type (or a reply holding one), rebuilt when the registry changes."""
    if kind not in _action_adapters:
        union = _registry_union()
        if kind == "action":
            _action_adapters[kind] = TypeAdapter(union)
        else:
            model = create_model("Decision", __config__=ConfigDict(extra="forbid"), rationale=(str, ...), action=(union, ...))
            _action_adapters[kind] = TypeAdapter(model)
    return _action_adapters[kind]


def parse_action(data: Any) -> ActionBase:
    """Validate one action of any registered type (raises pydantic's ValidationError)."""
    return cast(ActionBase, _registry_adapter().validate_python(data))


def action_schema() -> dict[str, Any]:
    """JSON Schema of one action: a union over the registered types."""
    return _registry_adapter().json_schema()


def decision_schema() -> dict[str, Any]:
    """JSON Schema of a policy's reply: a rationale, then one action of any registered type."""
    return _registry_adapter("decision").json_schema()


# One sentence of printable ASCII that starts with a letter: a reply that opens with "1.2.1.1" is refused by the grammar.
RATIONALE_SCHEMA: dict[str, Any] = bounded_string(10, 160, ASCII_CHARS, first="A-Za-z")


def step_schema(observation: Observation) -> dict[str, Any]:
    """JSON Schema of a reply on this page: a bounded one-sentence rationale first, then one
    action of a registered type whose target is an id of this page valid for that type.

    Servers that decode under a schema (llama.cpp, vLLM, Ollama, OpenAI) can then only
    produce an executable action; built from the registry, so a new action type joins it.
    """
    branches = [branch for cls in ACTIONS.values() for branch in cls.step_schemas(observation)]
    return {
        "type": "object",
        "properties": {"rationale": RATIONALE_SCHEMA, "action": {"anyOf": branches}},
        "required": ["rationale", "action"],
        "additionalProperties": False,
    }


def action_prompt_lines() -> str:
    """The actions section of the system prompt: one line per registered type, with its JSON shape."""
    lines = []
    for name, cls in ACTIONS.items():
        shape = {"type": name}
        for field, info in cls.model_fields.items():
            if field != "type":
                shape[field] = f"<{field}>" if info.annotation is not bool else info.default
        lines.append(f"- {json.dumps(shape)}: {cls.prompt}")
    return "\n".join(lines)


ACTION_TYPES: tuple[str, ...] = tuple(ACTIONS)


class Decision(BaseModel):
    """A policy's reply: a one-sentence rationale first, then one action."""

    model_config = ConfigDict(extra="forbid")

    rationale: str
    action: Action

    @classmethod
    def parse(cls, data: Any) -> Decision:
        """Validate a reply against every registered action type (raises pydantic's ValidationError)."""
        checked = _registry_adapter("decision").validate_python(data)
        return cls.model_construct(rationale=checked.rationale, action=checked.action)


def normalize_text(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def token_f1(predicted: str, gold: str) -> float:
    """SQuAD-style token F1 after lower-casing and collapsing white space."""
    p, g = normalize_text(predicted).split(), normalize_text(gold).split()
    if not p and not g:
        return 1.0
    overlap = sum((Counter(p) & Counter(g)).values())
    if overlap == 0:
        return 0.0
    precision, recall = overlap / len(p), overlap / len(g)
    return 2 * precision * recall / (precision + recall)


def actions_match(predicted: ActionBase | None, gold: ActionBase | None) -> bool:
    """Exact match as SPEC §1 defines it for replay."""
    return predicted is not None and gold is not None and gold.matches(predicted)


# --------------------------------------------------------------------------- observation (SPEC §2)

ElementKind = Literal["link", "button", "input", "select", "checkbox", "radio"]


class Element(BaseModel):
    """One thing a shopper can use, named by its semantic id, and where on the page it sits."""

    id: str
    kind: ElementKind
    text: str = ""
    purchase: bool = False
    disabled: bool = False
    checked: bool | None = None
    value: str | None = None
    options: list[str] | None = None
    required: bool = False
    region: str | None = Field(None, description="The named region it sits in (its id's prefix), e.g. 'header', 'filters.brand'")
    record: str | None = Field(None, description="The repeated record (product card, cart line, row) it belongs to")


class Region(BaseModel):
    """A named region of the page (landmark, labelled section, fieldset, dialog, record) and its visible text."""

    id: str
    text: str = ""
    heading: str = ""
    record: bool = False


class Observation(BaseModel):
    url: str
    title: str = ""
    html: str
    elements: list[Element] = Field(default_factory=list)
    regions: list[Region] = Field(default_factory=list)
    truncated: bool = Field(False, description="True when a token budget cut part of the page")

    def element(self, element_id: str) -> Element | None:
        return next((e for e in self.elements if e.id == element_id), None)

    @property
    def ids(self) -> list[str]:
        return [e.id for e in self.elements]

    def region(self, region_id: str) -> Region | None:
        return next((r for r in self.regions if r.id == region_id), None)

    def region_text(self, region_id: str) -> str:
        found = self.region(region_id)
        return found.text if found else ""

    @property
    def records(self) -> list[Region]:
        return [r for r in self.regions if r.record]


# --------------------------------------------------------------------------- steps and sessions (SPEC §4)


class ActionResult(BaseModel):
    ok: bool
    error: str | None = None
    url: str | None = None


# max_llm_tokens: the run's --max-llm-tokens was spent before this shopper bought or left.
Outcome = Literal["purchase", "purchase_unverified", "terminate", "max_steps", "max_llm_tokens", "error"]
Source = Literal["simulated", "human"]


class SessionRecord(BaseModel):
    record: Literal["session"] = "session"
    session_id: str
    attempt: int = Field(
        1, ge=1, description="1, or more when a resumed run ran this session again; readers keep the last complete attempt"
    )
    persona: Persona
    start_url: str
    source: Source = "simulated"
    policy: dict[str, Any] = Field(default_factory=dict)
    mission: str | None = Field(
        None,
        description="What the shopper came to do, where the policy drew it (the offline policy with missions: buy_fast, "
        "research, browse, cart; shopagent/agent/offline/missions.py); none otherwise",
    )
    started_at: str = Field(default_factory=utc_now)


class LLMUsage(BaseModel):
    """Tokens an LLM policy's requests took, as the server counted them (its `usage`)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def add(self, prompt_tokens: int, completion_tokens: int) -> None:
        self.prompt_tokens += prompt_tokens
        self.completion_tokens += completion_tokens


class StepRecord(BaseModel):
    record: Literal["step"] = "step"
    session_id: str
    index: int
    attempt: int = Field(1, ge=1)
    observation: Observation
    rationale: str = ""
    rationale_source: Literal["human", "policy", "synthesized"] | None = None
    action: Action | None = None
    result: ActionResult
    dwell_s: float | None = Field(
        None,
        ge=0,
        description="Seconds a person like the persona would take before this action (reading, deciding, moving, typing, "
        "waiting; shopagent/agent/dwell.py); none on human steps and failed decisions",
    )
    llm_usage: LLMUsage | None = Field(None, description="Tokens of this step's LLM requests (repair turn included); none without an LLM")
    at: str = Field(default_factory=utc_now)


class EndRecord(BaseModel):
    record: Literal["end"] = "end"
    session_id: str
    outcome: Outcome
    attempt: int = Field(1, ge=1)
    steps: int
    reason: str | None = None
    order: dict[str, Any] | None = None
    blocked_requests: int = 0
    llm_usage: LLMUsage | None = Field(None, description="Tokens of the session's LLM requests, before its interview; none without an LLM")
    at: str = Field(default_factory=utc_now)


Topic = Literal["goal", "outcome", "ease", "improvement", "other"]


class Question(BaseModel):
    """One question of the post-session interview. `topic` tells a policy that answers from its
    own session (the offline one) what is asked; `rating` questions also want a 1-5 score."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: str = Field(min_length=1)
    topic: Topic = "other"
    rating: bool = Field(False, description="Also answer with a score from 1 (very hard / very bad) to 5 (very easy / very good)")


class Answer(BaseModel):
    question: str = Field(description="The question's id")
    answer: str
    rating: int | None = Field(None, ge=1, le=5)
    answered: bool = Field(True, description="False when this shopper could not answer the question in character")


class InterviewRecord(BaseModel):
    """The shopper's answers to the post-session questionnaire, in character, written after the end record."""

    record: Literal["interview"] = "interview"
    session_id: str
    attempt: int = Field(1, ge=1)
    questions: list[Question]
    answers: list[Answer]
    answered_by: str = Field(description="The policy that answered, e.g. offline or local")
    at: str = Field(default_factory=utc_now)

    def answer(self, question_id: str) -> Answer | None:
        return next((a for a in self.answers if a.question == question_id), None)


LogRecord = Annotated[Union[SessionRecord, StepRecord, EndRecord, InterviewRecord], Field(discriminator="record")]


class Session(BaseModel):
    """One whole session read back from a log: its header, steps and (if finished) its end."""

    header: SessionRecord
    steps: list[StepRecord] = Field(default_factory=list)
    end: EndRecord | None = None
    interview: InterviewRecord | None = None

    @property
    def session_id(self) -> str:
        return self.header.session_id

    @property
    def outcome(self) -> str | None:
        return self.end.outcome if self.end else None

    @property
    def acted_steps(self) -> list[StepRecord]:
        """The steps that carry an action (a step whose policy failed has none)."""
        return [s for s in self.steps if s.action is not None]


# --------------------------------------------------------------------------- replay (SPEC §5)


class Prediction(BaseModel):
    """One line of predictions.jsonl: what the policy predicted at one human step."""

    session_id: str
    index: int
    gold: Action
    predicted: Action | None = None
    rationale: str = ""
    error: str | None = None
