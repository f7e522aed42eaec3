"""The policy interface (persona + history + current observation -> rationale and one action) and the registry of policies by name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from shopagent.errors import BadInput
from shopagent.types import Decision, Observation, Persona, StepRecord


@dataclass
class PolicyInput:
    """Everything a policy may look at for one decision.

    `history` holds the earlier steps of this session (observation, rationale,
    action, result); in replay these are the human's steps (teacher forcing).
    `note` carries a message from the loop, such as "you are repeating yourself".
    """

    persona: Persona
    history: list[StepRecord]
    observation: Observation
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Policy(Protocol):
    name: str

    def describe(self) -> dict[str, Any]:
        """What goes into the session header's `policy` field (never secrets)."""
        ...

    async def decide(self, inp: PolicyInput) -> Decision:
        """Return a rationale and one action; raise PolicyError when no valid decision can be made."""
        ...

    async def aclose(self) -> None:
        ...


POLICIES = ("offline", "openai", "transformers")


def make_policy(name: str, model: str | None = None, seed: int = 0, temperature: float = 0.0,
                base_url: str | None = None, concurrency: int = 8) -> Policy:
    """Build a policy by name, as the CLI's --policy option names it."""
    if name == "offline":
        from shopagent.agent.offline.policy import OfflinePolicy

        return OfflinePolicy(seed=seed, temperature=temperature, model_dir=model)
    if name in ("openai", "transformers"):
        from shopagent.agent.llm.backends import make_backend
        from shopagent.agent.llm.policy import LLMPolicy

        return LLMPolicy(make_backend(name, model, seed, temperature, base_url, concurrency), name)
    raise BadInput(f"unknown policy {name!r}; choose one of {', '.join(POLICIES)}")
