"""Chat with any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp server).

The API key comes from the environment (OPENAI_API_KEY by default) and is never logged.
"""

from __future__ import annotations

import asyncio
import os
import random
from typing import Any

import httpx
from pydantic import BaseModel, ValidationError

from shopagent.errors import PolicyError

RETRY_STATUSES = {429, 500, 502, 503, 504}


class _Message(BaseModel):
    content: str | None = None


class _Choice(BaseModel):
    message: _Message


class ChatCompletion(BaseModel):
    choices: list[_Choice]


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
    ) -> None:
        self.base_url = (base_url or os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1").rstrip("/")
        self.model = model or os.environ.get("SHOPAGENT_MODEL") or "gpt-4.1-mini"
        self.api_key_env = api_key_env
        self.timeout = timeout
        self.max_retries = max_retries
        self.temperature = temperature
        self.max_tokens = max_tokens
        self._semaphore = asyncio.Semaphore(concurrency)
        headers = {"Content-Type": "application/json"}
        key = os.environ.get(api_key_env)
        if key:
            headers["Authorization"] = f"Bearer {key}"
        self._client = httpx.AsyncClient(base_url=self.base_url, headers=headers, timeout=timeout)

    def describe(self) -> dict[str, Any]:
        return {"backend": "openai", "base_url": self.base_url, "model": self.model, "api_key_env": self.api_key_env}

    async def chat(self, messages: list[dict[str, str]]) -> str:
        body = {"model": self.model, "messages": messages, "temperature": self.temperature, "max_tokens": self.max_tokens}
        last_error = ""
        for attempt in range(self.max_retries + 1):
            if attempt:
                await asyncio.sleep(min(8.0, 0.5 * 2 ** (attempt - 1)) * (0.5 + random.random()))
            try:
                async with self._semaphore:
                    response = await self._client.post("/chat/completions", json=body)
            except httpx.TimeoutException:
                last_error = f"timed out after {self.timeout:g}s"
                continue
            except httpx.HTTPError as exc:
                last_error = f"could not reach {self.base_url}: {exc.__class__.__name__}"
                continue
            if response.status_code in RETRY_STATUSES:
                last_error = f"HTTP {response.status_code}"
                retry_after = response.headers.get("retry-after")
                if retry_after and retry_after.replace(".", "", 1).isdigit():
                    await asyncio.sleep(min(float(retry_after), 10.0))
                continue
            if response.status_code != 200:
                raise PolicyError(f"{self.base_url}/chat/completions answered HTTP {response.status_code}: {response.text[:200]}")
            try:
                completion = ChatCompletion.model_validate(response.json())
            except (ValueError, ValidationError):
                raise PolicyError(f"{self.base_url}/chat/completions sent a response that is not a chat completion") from None
            if not completion.choices:
                raise PolicyError("the chat completion has no choices")
            return completion.choices[0].message.content or ""
        raise PolicyError(f"model {self.model} at {self.base_url} failed after {self.max_retries + 1} tries: {last_error}")

    async def aclose(self) -> None:
        await self._client.aclose()
