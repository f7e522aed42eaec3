"""The policy interface: persona + history + current observation -> rationale and one action."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from shopagent.types import Answer, Decision, Observation, Persona, Question, Session, StepRecord


@dataclass
class PolicyInput:
    """Everything a policy may look at for one decision.

    `history` holds the earlier steps of this session (observation, rationale,
    action, result); in replay these are the human's steps (teacher forcing).
    `note` carries a message from the loop, such as "you are repeating yourself".
    `session_id` names the session: a policy that draws at random seeds its draws from it, so the
    live loop, replay and training export, which all pass it, see the same shopper.
    """

    persona: Persona
    history: list[StepRecord]
    observation: Observation
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    session_id: str = ""


class Policy(Protocol):
    name: str

    def describe(self) -> dict[str, Any]:
        """What goes into the session header's `policy` field (never secrets)."""
        ...

    async def prepare(self) -> None:
        """Get ready before a session's header is written (start a model server, find the reply
        format a server takes); cheap once done. Raise PolicyError when the policy cannot run."""
        ...

    def observation_budget(self, persona: Persona, history: list[StepRecord]) -> int:
        """Most tokens the page may take in the next decision (0: no limit of the policy's own)."""
        ...

    async def decide(self, inp: PolicyInput) -> Decision:
        """Return a rationale and one action; raise PolicyError when no valid decision can be made."""
        ...

    async def interview(self, session: Session, questions: list[Question]) -> list[Answer]:
        """Answer the post-session questionnaire in character, about this finished session (one Answer per question)."""
        ...

    async def aclose(self) -> None: ...


@runtime_checkable
class PlansMissions(Protocol):
    """A policy that decides, before a session's first step, what the shopper came to do (the offline policy's
    missions): the loop logs it on the session header."""

    def mission_of(self, persona: Persona, session_id: str) -> str | None:
        """This session's mission, or None when the policy draws none."""
        ...
