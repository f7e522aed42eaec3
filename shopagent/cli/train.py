"""`shopagent train ...`: make the policies learn from human sessions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.progress import Progress, TextColumn

from shopagent.cli.common import console, friendly, progress_bar
from shopagent.sessionlog import read_human_sessions

train_app = typer.Typer(
    help="Train the policies on human behaviour.\n\nExample: shopagent train query --out models/offline", no_args_is_help=True
)


def _progress() -> Progress:
    return progress_bar(TextColumn("loss {task.fields[loss]}"))


@train_app.command("sft")
@friendly
def train_sft_command(
    examples: Path = typer.Argument(..., help="Chat examples from `shopagent data export`."),
    base: str = typer.Option("smollm2", help="Base model directory, or 'smollm2' for the bundled SmolLM2-135M-Instruct."),
    out: Path = typer.Option(..., help="Folder for the LoRA adapter; rerun with the same folder to resume."),
    epochs: int = typer.Option(1, min=1, help="Passes over the training split."),
    max_steps: Optional[int] = typer.Option(None, min=1, help="Stop after this many examples (a smoke run)."),
    learning_rate: float = typer.Option(2e-4, min=0.0, help="AdamW learning rate for the LoRA weights."),
    lora_r: int = typer.Option(8, min=1, help="LoRA rank."),
    max_length: int = typer.Option(4096, min=1, help="Skip examples longer than this many tokens."),
    save_every: int = typer.Option(50, min=1, help="Checkpoint every N steps."),
    seed: int = typer.Option(0, help="The same seed gives the same adapter."),
) -> None:
    """Supervised fine-tuning with LoRA; loss on the assistant turn only; GPU when there is one.

    The output folder works as --policy transformers --model OUT.
    Example: shopagent train sft data/sft.jsonl --base smollm2 --out models/sft-smollm2
    """
    from shopagent.train.export import read_examples
    from shopagent.train.sft import SFTConfig, train_sft

    config = SFTConfig(
        base=base,
        epochs=epochs,
        max_steps=max_steps,
        learning_rate=learning_rate,
        lora_r=lora_r,
        max_length=max_length,
        save_every=save_every,
        seed=seed,
    )
    with _progress() as progress:
        task = progress.add_task("fine-tuning", total=None, loss="-")

        def step(n: int, total: int, loss: float) -> None:
            progress.update(task, completed=n, total=total, loss=f"{loss:.3f}")

        summary = train_sft(read_examples(examples, split="train"), out, config, on_step=step)
    console.print(json.dumps(summary), highlight=False, soft_wrap=True)
    console.print(f"adapter in {out}: use it with --policy transformers --model {out}", highlight=False, soft_wrap=True)


@train_app.command("ranker")
@friendly
def train_ranker_command(
    sessions: list[Path] = typer.Argument(..., help="Session logs with human sessions."),
    out: Path = typer.Option(..., help="Folder for the fine-tuned MiniLM."),
    epochs: int = typer.Option(2, min=1, help="Passes over the product choices."),
    batch_size: int = typer.Option(8, min=1, help="Choices per optimiser step."),
    learning_rate: float = typer.Option(2e-5, min=0.0, help="AdamW learning rate."),
    seed: int = typer.Option(0, help="The same seed gives the same model."),
) -> None:
    """Fine-tune the offline policy's MiniLM on the products people opened versus those they passed over.

    Example: shopagent train ranker human.jsonl --out models/ranker  (then --policy offline --model models/ranker)
    """
    from shopagent.train.ranker import choices_from_sessions, train_ranker

    chosen, _ = read_human_sessions(sessions)
    with _progress() as progress:
        task = progress.add_task("training", total=None, loss="-")
        summary = train_ranker(
            choices_from_sessions(chosen),
            out,
            epochs,
            batch_size,
            learning_rate,
            seed,
            on_step=lambda n, total, loss: progress.update(task, completed=n, total=total, loss=f"{loss:.3f}"),
        )
    console.print(json.dumps(summary), highlight=False, soft_wrap=True)


@train_app.command("query")
@friendly
def train_query_command(
    out: Path = typer.Option(..., help="Folder for query_model.pkl (can be the ranker's folder)."),
    queries: Optional[Path] = typer.Option(None, help="search_queries.jsonl; default: the bundled WebShop copy."),
    seed: int = typer.Option(0, help="The same seed gives the same model."),
) -> None:
    """Learn how people turn an intent into their first search, from WebShop's real queries.

    Trains on the 'train' split and reports token-F1 on the 'eval' split, next to the
    hand-written rule and to copying the instruction.
    Example: shopagent train query --out models/ranker
    """
    from shopagent.agent.offline.query_model import QueryModel, load_queries
    from shopagent.train.query import evaluate_queries

    rows = load_queries(queries)
    model = QueryModel.train([r for r in rows if r["split"] == "train"], seed)
    path = model.save(out)
    scores = evaluate_queries([r for r in rows if r["split"] == "eval"], model)
    console.print(json.dumps({"eval_token_f1": scores, "threshold": model.threshold, "saved": str(path)}), highlight=False, soft_wrap=True)
