"""Policies (offline, openai, transformers) and the loop that lets them shop."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shopagent.agent.policy import Policy, PolicyInput
from shopagent.errors import BadInput

if TYPE_CHECKING:
    from shopagent.agent.llm import ChatBackend

POLICIES = ("offline", "openai", "transformers")


def make_backend(name: str, model: str | None = None, seed: int = 0, temperature: float = 0.0,
                 base_url: str | None = None, concurrency: int = 8, max_new_tokens: int = 160) -> "ChatBackend":
    """A chat model by backend name: `openai` (any compatible endpoint) or `transformers` (local)."""
    if name == "openai":
        from shopagent.agent.openai_backend import OpenAIBackend

        return OpenAIBackend(base_url=base_url, model=model, temperature=temperature, concurrency=concurrency)
    if name == "transformers":
        from shopagent.agent.transformers_backend import TransformersBackend

        return TransformersBackend(model=model, temperature=temperature, seed=seed, max_new_tokens=max_new_tokens)
    raise BadInput(f"unknown model backend {name!r}; choose openai or transformers")


def make_policy(name: str, model: str | None = None, seed: int = 0, temperature: float = 0.0,
                base_url: str | None = None, concurrency: int = 8) -> Policy:
    """Build a policy by name, as the CLI's --policy option names it."""
    if name == "offline":
        from shopagent.agent.offline import OfflinePolicy

        return OfflinePolicy(seed=seed, temperature=temperature, model_dir=model)
    if name in ("openai", "transformers"):
        from shopagent.agent.llm import LLMPolicy

        return LLMPolicy(make_backend(name, model, seed, temperature, base_url, concurrency), name)
    raise BadInput(f"unknown policy {name!r}; choose one of {', '.join(POLICIES)}")


__all__ = ["POLICIES", "Policy", "PolicyInput", "make_backend", "make_policy"]
