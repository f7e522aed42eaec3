"""Chat with any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp server) through
the official `openai` SDK.

A reply is asked for under the step's JSON Schema (`response_format: json_schema`), so a
server that decodes under a schema can only answer with an executable action. A server
that refuses it (HTTP 400) is asked for `json_object`, then for plain text; the mode in use
is part of `describe()`, and so of every session's policy record. The SDK retries 429s,
5xx and timeouts with back-off. The API key comes from the environment (OPENAI_API_KEY by
default) and is never logged.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
from typing import Any, Literal, cast
from urllib.parse import urlsplit

import httpx
import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletionMessageParam

from shopagent.errors import BadInput, PolicyError

ReplyMode = Literal["json_schema", "json_object", "text"]
MODES: tuple[ReplyMode, ...] = ("json_schema", "json_object", "text")
PROBE_SCHEMA = {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"], "additionalProperties": False}


def _is_local(base_url: str) -> bool:
    """Whether the server runs on this machine or a private network, where servers often need no key."""
    host = urlsplit(base_url).hostname or ""
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private


class OpenAIBackend:
    def __init__(
        self,
        base_url: str | None = None,
        model: str | None = None,
        api_key_env: str = "OPENAI_API_KEY",
        timeout: float = 60.0,
        max_retries: int = 3,
        concurrency: int = 8,
        temperature: float = 0.0,
        max_tokens: int = 300,
        seed: int | None = None,
        extra_body: dict[str, Any] | None = None,
    ) -> None:
        self.base_url = (base_url or os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1").rstrip("/")
        self.model = model or os.environ.get("SHOPAGENT_MODEL") or "gpt-4.1-mini"
        self.api_key_env = api_key_env
        self.timeout = timeout
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.seed = seed
        self.extra_body = extra_body or {}  # server-specific sampling settings (llama.cpp's repeat_penalty, ...)
        self.prompt_tokens: list[int] = []  # per request, as the server counted them (for bench/llm.py)
        self.mode: ReplyMode = "json_schema"
        self.context_window: int | None = None  # tokens, when the server says (llama.cpp's /props)
        self._negotiated = False
        self._semaphore = asyncio.Semaphore(concurrency)
        key = os.environ.get(api_key_env)
        if not key and not _is_local(self.base_url):
            raise BadInput(
                f"{self.base_url} needs an API key: set ${api_key_env}, or give --base-url of a local server that needs none"
            )
        key = key or "no-key"  # a local server needs no key; the SDK insists on a string
        self._client = AsyncOpenAI(base_url=self.base_url, api_key=key, timeout=timeout, max_retries=max_retries)

    def describe(self) -> dict[str, Any]:
        return {
            "backend": "openai",
            "base_url": self.base_url,
            "model": self.model,
            "api_key_env": self.api_key_env,
            "response_format": self.mode,
        }

    async def prepare(self) -> None:
        """Find the reply mode the server accepts (once), so session headers record it."""
        if self._negotiated:
            return
        self._negotiated = True
        await self.chat([{"role": "user", "content": 'Reply with {"ok": true}.'}], PROBE_SCHEMA, max_tokens=8)
        self.prompt_tokens.clear()  # the probe is not a decision
        self.context_window = self.context_window or await server_context(self.base_url)

    async def chat(self, messages: list[dict[str, str]], schema: dict[str, Any] | None = None, max_tokens: int | None = None) -> str:
        """The reply text, decoded under `schema` where the server allows; PolicyError when it cannot be had."""
        first_mode = self.mode
        while True:
            try:
                async with self._semaphore:
                    return await self._create(messages, schema if self.mode != "text" else None, max_tokens or self.max_tokens)
            except openai.BadRequestError as exc:
                if schema is None or self.mode == "text":
                    self.mode = first_mode  # refused in every mode: the reply format was not the reason
                    raise PolicyError(f"{self.base_url} refused the request (HTTP 400): {_message(exc)}") from None
                self.mode = MODES[MODES.index(self.mode) + 1]  # the server refused this response_format: ask more plainly
            except openai.APITimeoutError:
                raise PolicyError(f"model {self.model} at {self.base_url} timed out after {self.timeout:g}s (retried)") from None
            except openai.APIConnectionError as exc:
                raise PolicyError(f"could not reach {self.base_url} (retried): {_message(exc)}") from None
            except openai.APIStatusError as exc:
                raise PolicyError(f"{self.base_url} answered HTTP {exc.status_code} (retried): {_message(exc)}") from None

    async def _create(self, messages: list[dict[str, str]], schema: dict[str, Any] | None, max_tokens: int) -> str:
        extra: dict[str, Any] = {}
        if schema is not None and self.mode == "json_schema":
            extra["response_format"] = {"type": "json_schema", "json_schema": {"name": "decision", "schema": schema, "strict": True}}
        elif schema is not None and self.mode == "json_object":
            extra["response_format"] = {"type": "json_object"}
        if self.seed is not None:
            extra["seed"] = self.seed
        if self.extra_body:
            extra["extra_body"] = self.extra_body
        completion = await self._client.chat.completions.create(
            model=self.model,
            messages=cast(list[ChatCompletionMessageParam], messages),
            temperature=self.temperature,
            max_tokens=max_tokens,
            **extra,
        )
        if completion.usage is not None:
            self.prompt_tokens.append(completion.usage.prompt_tokens)
        if not completion.choices:
            raise PolicyError(f"{self.base_url}: the chat completion has no choices")
        return completion.choices[0].message.content or ""

    async def aclose(self) -> None:
        await self._client.close()


def _message(exc: openai.OpenAIError) -> str:
    return str(getattr(exc, "message", None) or exc).splitlines()[0][:200]


async def server_context(base_url: str) -> int | None:
    """Tokens of context per request, where the server says: llama.cpp's /props (others: None)."""
    root = base_url.removesuffix("/v1")
    try:
        async with httpx.AsyncClient(timeout=5, trust_env=False) as client:
            props = (await client.get(f"{root}/props")).json()
        n_ctx = props["default_generation_settings"]["n_ctx"]
    except (httpx.HTTPError, ValueError, KeyError, TypeError):
        return None
    return int(n_ctx) if isinstance(n_ctx, int) and n_ctx > 0 else None
