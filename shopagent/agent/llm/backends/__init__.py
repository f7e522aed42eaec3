"""Chat backends: how an LLM policy talks to a model. Each one turns messages into reply text,
decoded under the step's JSON Schema where the backend can."""

from __future__ import annotations

from typing import Any, Protocol

from shopagent.errors import BadInput

BACKENDS = ("local", "openai", "transformers")


class ChatBackend(Protocol):
    model: str
    context_window: int | None  # tokens the model reads per request, when known (sets the page budget)
    prompt_tokens: list[int]  # each request's prompt, as the model counted it

    async def prepare(self) -> None:
        """Get ready before the first session header: start a server, find the reply format the server takes."""
        ...

    async def chat(self, messages: list[dict[str, str]], schema: dict[str, Any] | None = None, max_tokens: int | None = None) -> str:
        """Return the assistant's reply text (at most max_tokens, else the backend's default); raise PolicyError
        if the model cannot be reached. Each request is charged to the usage meter in force (agent/usage.py)."""
        ...

    async def count_tokens(self, messages: list[dict[str, str]]) -> int | None:
        """The prompt's tokens by the model's own tokenizer and chat template, where the backend can tell; else None."""
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
    max_new_tokens: int = 200,
) -> ChatBackend:
    """A chat model by backend name: `local` (bundled llama.cpp server), `openai` (any compatible endpoint)
    or `transformers` (in-process)."""
    if name == "local":
        from shopagent.agent.llm.backends.llama_server import LocalBackend

        return LocalBackend(model=model, concurrency=concurrency, temperature=temperature, seed=seed, max_tokens=max_new_tokens)
    if name == "openai":
        from shopagent.agent.llm.backends.openai_chat import OpenAIBackend

        return OpenAIBackend(base_url=base_url, model=model, temperature=temperature, concurrency=concurrency)
    if name == "transformers":
        from shopagent.agent.llm.backends.transformers_chat import TransformersBackend

        return TransformersBackend(model=model, temperature=temperature, seed=seed, max_new_tokens=max_new_tokens)
    raise BadInput(f"unknown model backend {name!r}; choose one of {', '.join(BACKENDS)}")
