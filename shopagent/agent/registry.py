"""Policies by name, and `PolicySpec`: the one serialisable description that makes a policy.

The command line, study files, Ray workers and replay all build their policy from a `PolicySpec`,
so each gets the same options (a study's `concurrency` reaches its local LLM server too).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from shopagent.agent.policy import Policy
from shopagent.errors import BadInput

POLICIES = ("offline", "local", "openai", "transformers")


def known_policy(name: str) -> str:
    """`name` if it names a policy: built in, `module:Class`, `file.py:Class` or registered; ValueError if not."""
    from shopagent.agent.outside import is_outside

    if name not in POLICIES and not is_outside(name):
        raise ValueError(f"unknown policy {name!r}; choose one of {', '.join(POLICIES)}, or give module.path:ClassName")
    return name


class PolicySpec(BaseModel):
    """What makes a policy: a built-in name (offline, local, openai, transformers), an outside class
    (`module.path:ClassName`, `file.py:ClassName`) or a name registered under `shopagent.policies`,
    with its options."""

    model_config = ConfigDict(extra="forbid")

    name: str = "offline"
    model: str | None = Field(None, description="A .gguf (local), a model name (openai), a directory (transformers, offline)")
    seed: int = 0
    temperature: float = Field(0.0, ge=0)
    base_url: str | None = Field(None, description="An OpenAI-compatible endpoint (openai); default $OPENAI_BASE_URL")
    concurrency: int = Field(8, ge=1, description="Requests in flight at once (a local server gets this many slots)")
    missions: bool = Field(
        False, description="The offline shopper draws a mission per session (buy fast, research, browse and leave, leave it in the cart)"
    )
    options: dict[str, Any] = Field(default_factory=dict, description="More keywords for an outside policy's constructor")

    @field_validator("name")
    @classmethod
    def _known(cls, name: str) -> str:
        return known_policy(name)

    @model_validator(mode="after")
    def _missions_offline(self) -> PolicySpec:
        if self.missions and self.name != "offline":
            raise ValueError(f"missions: only the offline policy draws missions, not {self.name!r}")
        return self

    def make(self) -> Policy:
        """Build the policy; an unknown name, model or class is one line (BadInput)."""
        if self.name == "offline":
            from shopagent.agent.offline.policy import OfflinePolicy

            return OfflinePolicy(seed=self.seed, temperature=self.temperature, model_dir=self.model, missions=self.missions)
        if self.name in POLICIES:
            from shopagent.agent.llm.backends import make_backend
            from shopagent.agent.llm.policy import LLMPolicy

            backend = make_backend(self.name, self.model, self.seed, self.temperature, self.base_url, self.concurrency)
            return LLMPolicy(backend, self.name)
        from shopagent.agent.outside import OutsidePolicy, build, load_class

        keywords = {**self.model_dump(exclude={"name", "options", "missions"}), **self.options}
        return OutsidePolicy(build(load_class(self.name), keywords), self.name)


def make_policy(
    name: str,
    model: str | None = None,
    seed: int = 0,
    temperature: float = 0.0,
    base_url: str | None = None,
    concurrency: int = 8,
    missions: bool = False,
) -> Policy:
    """Build a policy by name, as the CLI's --policy option names it (see PolicySpec)."""
    options = {"model": model, "seed": seed, "temperature": temperature, "base_url": base_url, "concurrency": concurrency}
    return policy_spec(name, **options, missions=missions).make()


def policy_spec(name: str, **options: Any) -> PolicySpec:
    """A PolicySpec from the command line's words; an unknown name is one line."""
    from pydantic import ValidationError

    from shopagent.errors import first_error

    try:
        return PolicySpec(name=name, **options)
    except ValidationError as exc:
        raise BadInput(first_error(exc).removeprefix("field 'name': ")) from None
