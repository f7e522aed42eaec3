"""Policies by name, as the command line's --policy option names them."""

from __future__ import annotations

from shopagent.agent.policy import Policy
from shopagent.errors import BadInput

POLICIES = ("offline", "local", "openai", "transformers")


def make_policy(
    name: str, model: str | None = None, seed: int = 0, temperature: float = 0.0, base_url: str | None = None, concurrency: int = 8
) -> Policy:
    """Build a policy by name, as the CLI's --policy option names it."""
    if name == "offline":
        from shopagent.agent.offline.policy import OfflinePolicy

        return OfflinePolicy(seed=seed, temperature=temperature, model_dir=model)
    if name in ("local", "openai", "transformers"):
        from shopagent.agent.llm.backends import make_backend
        from shopagent.agent.llm.policy import LLMPolicy

        return LLMPolicy(make_backend(name, model, seed, temperature, base_url, concurrency), name)
    raise BadInput(f"unknown policy {name!r}; choose one of {', '.join(POLICIES)}")
