"""Chat backends: how an LLM policy talks to a model. Each one turns messages into reply text."""

from __future__ import annotations

from typing import Any, Protocol

from shopagent.errors import BadInput

BACKENDS = ("openai", "transformers")


class ChatBackend(Protocol):
    model: str

    async def chat(self, messages: list[dict[str, str]]) -> str:
        """Return the assistant's reply text; raise PolicyError if the model cannot be reached."""
        ...

    def describe(self) -> dict[str, Any]: ...

    async def aclose(self) -> None: ...


def make_backend(
    name: str,
    model: str | None = None,
    seed: int = 0,
    temperature: float = 0.0,
    base_url: str | None = None,
    concurrency: int = 8,
    max_new_tokens: int = 160,
) -> ChatBackend:
    """A chat model by backend name: `openai` (any compatible endpoint) or `transformers` (local)."""
    if name == "openai":
        from shopagent.agent.llm.backends.openai_chat import OpenAIBackend

        return OpenAIBackend(base_url=base_url, model=model, temperature=temperature, concurrency=concurrency)
    if name == "transformers":
        from shopagent.agent.llm.backends.transformers_chat import TransformersBackend

        return TransformersBackend(model=model, temperature=temperature, seed=seed, max_new_tokens=max_new_tokens)
    raise BadInput(f"unknown model backend {name!r}; choose one of {', '.join(BACKENDS)}")
