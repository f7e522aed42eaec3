"""Policies (offline, openai, transformers) and the loop that lets them shop."""

from __future__ import annotations

from shopagent.agent.policy import Policy, PolicyInput
from shopagent.errors import BadInput

POLICIES = ("offline", "openai", "transformers")


def make_policy(name: str, model: str | None = None, seed: int = 0, temperature: float = 0.0,
                base_url: str | None = None, concurrency: int = 8) -> Policy:
    """Build a policy by name, as the CLI's --policy option names it."""
    if name == "offline":
        from shopagent.agent.offline import OfflinePolicy

        return OfflinePolicy(seed=seed, temperature=temperature, model_dir=model)
    if name == "openai":
        from shopagent.agent.llm import LLMPolicy
        from shopagent.agent.openai_backend import OpenAIBackend

        return LLMPolicy(OpenAIBackend(base_url=base_url, model=model, temperature=temperature, concurrency=concurrency), "openai")
    if name == "transformers":
        from shopagent.agent.llm import LLMPolicy
        from shopagent.agent.transformers_backend import TransformersBackend

        return LLMPolicy(TransformersBackend(model=model, temperature=temperature, seed=seed), "transformers")
    raise BadInput(f"unknown policy {name!r}; choose one of {', '.join(POLICIES)}")


__all__ = ["POLICIES", "Policy", "PolicyInput", "make_policy"]
