"""`shopagent train sft`: supervised fine-tuning of a causal LM on exported chat examples, with LoRA.

Loss is taken on the assistant turn only (the rationale and action JSON); the
prompt tokens are masked. Progress is checkpointed every `save_every` steps into
OUT/checkpoint (adapter, optimizer, step), and a rerun with the same OUT resumes
from there. The finished OUT folder holds the LoRA adapter and `shopagent_base.json`,
so `--policy transformers --model OUT` uses it directly. Runs on the GPU when there is one.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shopagent.agent.llm.backends.transformers_chat import BUNDLED, load_model
from shopagent.errors import BadInput
from shopagent.train.export import ChatExample

LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj"]


@dataclass
class SFTConfig:
    base: str = BUNDLED
    epochs: int = 1
    max_steps: int | None = None
    learning_rate: float = 2e-4
    lora_r: int = 8
    max_length: int = 4096
    save_every: int = 50
    seed: int = 0


def tokenize(tokenizer: Any, example: ChatExample, max_length: int) -> tuple[list[int], list[int]] | None:
    """Input ids and labels with the prompt masked (-100); None if it does not fit."""
    *prompt, answer = example.messages
    if answer["role"] != "assistant":
        raise BadInput(f"example {example.session_id}#{example.index}: the last message must be the assistant's")
    prompt_ids = tokenizer.apply_chat_template(prompt, add_generation_prompt=True, tokenize=True)
    if hasattr(prompt_ids, "input_ids"):
        prompt_ids = prompt_ids["input_ids"]
    answer_ids = tokenizer(answer["content"], add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
    ids = list(prompt_ids) + answer_ids
    if len(ids) > max_length:
        return None
    return ids, [-100] * len(prompt_ids) + answer_ids


def _trainable_model(config: SFTConfig, checkpoint: Path) -> tuple[Any, Any, Any]:
    """(tokenizer, LoRA-wrapped model in training mode, device): a fresh adapter, or the checkpoint's to resume."""
    from peft import LoraConfig, PeftModel, get_peft_model

    tokenizer, model = load_model(config.base)
    device = model.device
    if (checkpoint / "adapter_config.json").exists():
        model = PeftModel.from_pretrained(model, str(checkpoint), is_trainable=True)
    else:
        lora = LoraConfig(
            r=config.lora_r, lora_alpha=2 * config.lora_r, lora_dropout=0.05, target_modules=LORA_TARGETS, task_type="CAUSAL_LM"
        )
        model = get_peft_model(model, lora)
    model.to(device).train()
    return tokenizer, model, device


def train_sft(
    examples: list[ChatExample], out: Path, config: SFTConfig, on_step: Callable[[int, int, float], None] | None = None
) -> dict[str, Any]:
    """Fine-tune and save a LoRA adapter into `out`; returns a summary."""
    import torch

    if not examples:
        raise BadInput("no training examples (is the file empty, or is everything in the eval split?)")
    torch.manual_seed(config.seed)
    checkpoint = out / "checkpoint"
    tokenizer, model, device = _trainable_model(config, checkpoint)

    data = [t for t in (tokenize(tokenizer, e, config.max_length) for e in examples) if t is not None]
    skipped = len(examples) - len(data)
    if not data:
        raise BadInput(f"every example is longer than --max-length {config.max_length} tokens")
    order = [i for epoch in range(config.epochs) for i in random.Random(config.seed + epoch).sample(range(len(data)), len(data))]
    total = min(len(order), config.max_steps or len(order))
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=config.learning_rate)
    start = 0
    state_path = checkpoint / "trainer_state.json"
    if state_path.exists():
        start = json.loads(state_path.read_text())["step"]
        optimizer.load_state_dict(torch.load(checkpoint / "optimizer.pt", map_location=device))

    def save(folder: Path, step: int) -> None:
        model.save_pretrained(str(folder), save_embedding_layers=False)
        (folder / "shopagent_base.json").write_text(json.dumps({"base": config.base}))
        if folder == checkpoint:
            torch.save(optimizer.state_dict(), checkpoint / "optimizer.pt")
            state_path.write_text(json.dumps({"step": step, "total": total}))

    losses: list[float] = []
    for step in range(start, total):
        ids, labels = data[order[step]]
        batch = torch.tensor([ids], device=device)
        loss = model(input_ids=batch, labels=torch.tensor([labels], device=device)).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad()
        losses.append(loss.item())
        if on_step:
            on_step(step + 1, total, losses[-1])
        if (step + 1) % config.save_every == 0 and step + 1 < total:
            save(checkpoint, step + 1)
    out.mkdir(parents=True, exist_ok=True)
    save(out, total)
    return {
        "examples": len(data),
        "skipped_too_long": skipped,
        "steps": total,
        "resumed_from": start,
        "first_loss": round(losses[0], 4) if losses else None,
        "last_loss": round(losses[-1], 4) if losses else None,
        "device": str(device),
    }
