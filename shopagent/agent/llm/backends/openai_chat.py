"""Chat with any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp server) through
the official `openai` SDK.

A reply is asked for under the step's JSON Schema, so a server that decodes under a schema
can only answer with an executable action. A llama.cpp server (it answers /props) is first
given the schema as an llguidance grammar that allows no whitespace between tokens, so the
reply's length is bounded by the schema (agent/llm/reply.py); if its reply to a probe shows
the grammar is not honoured, or any server refuses a mode (HTTP 400), it is asked for
`response_format: json_schema`, then `json_object`, then plain text. The mode in use is part
of `describe()`, and so of every session's policy record.

Where the server says (llama.cpp's /props, vLLM's /v1/models), the backend knows the context
of the slot that serves a request; llama.cpp's /apply-template and /tokenize count a prompt
with the server's own tokenizer. Every request is charged to the meter in force
(agent/usage.py) from the completion's `usage`. The SDK retries 429s,
5xx and timeouts with back-off. The API key comes from the environment (OPENAI_API_KEY by
default) and is never logged.
"""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import json
import os
from typing import Any, Literal, cast
from urllib.parse import urlsplit

import httpx
import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel

from shopagent.agent import usage
from shopagent.errors import BadInput, PolicyError

ReplyMode = Literal["llguidance", "json_schema", "json_object", "text"]
MODES: tuple[ReplyMode, ...] = ("llguidance", "json_schema", "json_object", "text")
PROBE_SCHEMA = {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"], "additionalProperties": False}
PROBE_REPLIES = ('{"ok":true}', '{"ok":false}')  # all a server that honours the compact grammar can say
# llama.cpp's DRY sampler: a token that would extend a repeat of what came before is penalised, growing
# with the repeat's length (the bundled 135M model otherwise loops: "1.1.1.1", "I'm a chemist, I'm a chemist").
LLAMA_SAMPLING: dict[str, Any] = {"dry_multiplier": 0.8, "dry_base": 1.75, "dry_allowed_length": 2}
TEMPLATE_TOKENS = 8  # per message, for the chat template's markers when a prompt is estimated from its bytes


class ServerInfo(BaseModel):
    """What an OpenAI-compatible server says about itself, where it says anything."""

    llama: bool = False  # llama.cpp's server: /props, /apply-template, /tokenize, llguidance grammars
    context: int | None = None  # tokens of context of the slot that serves a request


def llguidance_grammar(schema: dict[str, Any]) -> str:
    """The schema as llama.cpp's llguidance takes it: compact JSON, no whitespace between tokens."""
    return "%llguidance {}\nstart: %json " + json.dumps({"x-guidance": {"whitespace_flexible": False}, **schema})


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
        self.extra_body = extra_body  # server-specific sampling settings; None: LLAMA_SAMPLING for a llama.cpp server
        self.prompt_tokens: list[int] = []  # per request, as the server counted them (for bench/llm.py)
        self.mode: ReplyMode = "json_schema"
        self.context_window: int | None = None  # tokens per request, when the server says
        self.server_info = ServerInfo()
        self._counted: dict[str, int] = {}  # prompts the server's tokenizer counted, by digest
        self._negotiated = False
        self._negotiating = asyncio.Lock()
        self._semaphore = asyncio.Semaphore(concurrency)
        key = os.environ.get(api_key_env)
        if not key and not _is_local(self.base_url):
            raise BadInput(f"{self.base_url} needs an API key: set ${api_key_env}, or give --base-url of a local server that needs none")
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
        """Learn what the server tells, and find the reply mode it honours (once), so session headers record it.

        Sessions that start together wait for the first to finish, so none records or uses a mode not yet settled."""
        async with self._negotiating:
            if self._negotiated:
                return
            self._negotiated = True
            await self._negotiate()

    async def _negotiate(self) -> None:
        self.server_info = await probe_server(self.base_url, self.model)
        self.context_window = self.context_window or self.server_info.context
        if self.server_info.llama:
            self.mode = "llguidance"
        probe = [{"role": "user", "content": 'Reply with {"ok": true}.'}]
        reply = await self.chat(probe, PROBE_SCHEMA, max_tokens=8)
        if self.mode == "llguidance" and reply.strip() not in PROBE_REPLIES:
            self.mode = "json_schema"  # the grammar was not applied (a llama.cpp built without llguidance)
            await self.chat(probe, PROBE_SCHEMA, max_tokens=8)
        self.prompt_tokens.clear()  # the probe is not a decision

    async def count_tokens(self, messages: list[dict[str, str]]) -> int | None:
        """The prompt's tokens by the server's own tokenizer and chat template (llama.cpp), else None."""
        if not self.server_info.llama:
            return None
        key = hashlib.sha1(json.dumps(messages).encode()).hexdigest()
        if key not in self._counted:
            counted = await server_count(self.base_url, messages)
            if counted is None:
                return None
            if len(self._counted) > 64:
                self._counted.clear()
            self._counted[key] = counted
        return self._counted[key]

    async def _most_tokens(self, messages: list[dict[str, str]], max_tokens: int) -> int:
        """The most a request can cost: its prompt (counted by the server, or at most a token per byte) and its reply's limit."""
        if not usage.budget_limited():
            return 0
        counted = await self.count_tokens(messages)
        if counted is None:
            counted = sum(len(m["content"].encode()) + TEMPLATE_TOKENS for m in messages)
        return counted + max_tokens

    async def chat(self, messages: list[dict[str, str]], schema: dict[str, Any] | None = None, max_tokens: int | None = None) -> str:
        """The reply text, decoded under `schema` where the server allows; PolicyError when it cannot be had."""
        first_mode = self.mode
        while True:
            try:
                limit = max_tokens or self.max_tokens
                async with self._semaphore:
                    with usage.request(await self._most_tokens(messages, limit)) as bill:
                        return await self._create(messages, schema if self.mode != "text" else None, limit, bill)
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

    async def _create(self, messages: list[dict[str, str]], schema: dict[str, Any] | None, max_tokens: int, bill: usage.Bill) -> str:
        extra: dict[str, Any] = {}
        body = dict(LLAMA_SAMPLING if self.extra_body is None and self.server_info.llama else self.extra_body or {})
        if schema is not None and self.mode == "llguidance":
            body["grammar"] = llguidance_grammar(schema)
        elif schema is not None and self.mode == "json_schema":
            extra["response_format"] = {"type": "json_schema", "json_schema": {"name": "decision", "schema": schema, "strict": True}}
        elif schema is not None and self.mode == "json_object":
            extra["response_format"] = {"type": "json_object"}
        if self.seed is not None:
            extra["seed"] = self.seed
        if body:
            extra["extra_body"] = body
        completion = await self._client.chat.completions.create(
            model=self.model,
            messages=cast(list[ChatCompletionMessageParam], messages),
            temperature=self.temperature,
            max_tokens=max_tokens,
            **extra,
        )
        if completion.usage is not None:
            self.prompt_tokens.append(completion.usage.prompt_tokens)
            bill.pay(completion.usage.prompt_tokens, completion.usage.completion_tokens)
        else:
            bill.pay(None, None)
        if not completion.choices:
            raise PolicyError(f"{self.base_url}: the chat completion has no choices")
        return completion.choices[0].message.content or ""

    async def aclose(self) -> None:
        await self._client.close()


def _message(exc: openai.OpenAIError) -> str:
    return str(getattr(exc, "message", None) or exc).splitlines()[0][:200]


async def probe_server(base_url: str, model: str) -> ServerInfo:
    """What the server tells: llama.cpp's /props (the context of one slot: the server's context
    split across its parallel slots), else vLLM's /v1/models (`max_model_len`), else nothing."""
    root = base_url.removesuffix("/v1")
    props = await _get_json(f"{root}/props")
    if isinstance(props, dict) and "default_generation_settings" in props:
        n_ctx = (props.get("default_generation_settings") or {}).get("n_ctx")
        return ServerInfo(llama=True, context=n_ctx if isinstance(n_ctx, int) and n_ctx > 0 else None)
    models = await _get_json(f"{base_url}/models")
    listed = [m for m in (models.get("data") if isinstance(models, dict) else None) or [] if isinstance(m, dict)]
    entry = next((m for m in listed if m.get("id") == model), listed[0] if len(listed) == 1 else {})
    length = entry.get("max_model_len")
    return ServerInfo(context=length if isinstance(length, int) and length > 0 else None)


async def server_count(base_url: str, messages: list[dict[str, str]]) -> int | None:
    """The prompt's tokens as llama.cpp's server will count it: its chat template, then its tokenizer."""
    root = base_url.removesuffix("/v1")
    try:
        async with httpx.AsyncClient(timeout=10, trust_env=False) as client:
            prompt = (await client.post(f"{root}/apply-template", json={"messages": messages})).json()["prompt"]
            tokens = (await client.post(f"{root}/tokenize", json={"content": prompt, "add_special": True})).json()["tokens"]
    except (httpx.HTTPError, ValueError, KeyError, TypeError):
        return None
    return len(tokens) if isinstance(tokens, list) else None


async def _get_json(url: str) -> Any:
    try:
        async with httpx.AsyncClient(timeout=5, trust_env=False) as client:
            answer = await client.get(url)
        return answer.json() if answer.status_code == 200 else None
    except (httpx.HTTPError, ValueError):
        return None
