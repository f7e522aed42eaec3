"""`shopagent data ...`: turn human sessions into training data."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Optional

import typer

from shopagent.cli.common import console, friendly, progress_bar
from shopagent.errors import BadInput
from shopagent.sessionlog import read_human_sessions

data_app = typer.Typer(
    help="Turn human sessions into training data.\n\nExample: shopagent data export human.jsonl --format chat --out data/sft.jsonl",
    no_args_is_help=True,
)


@data_app.command("export")
@friendly
def data_export(
    sessions: list[Path] = typer.Argument(..., help="Session logs with human sessions."),
    format: str = typer.Option("chat", "--format", help="chat: the LLM policies' own prompt, then the rationale and action JSON."),
    out: Path = typer.Option(..., help="JSONL file of examples to write."),
    eval_fraction: float = typer.Option(0.2, min=0.0, max=1.0, help="Share of sessions (never single steps) held out as split 'eval'."),
    seed: int = typer.Option(0, help="The same seed gives the same split."),
) -> None:
    """Turn human sessions into supervised chat examples, split by session.

    Example: shopagent data export human.jsonl --format chat --out data/sft.jsonl
    """
    from shopagent.train.export import export_chat

    if format != "chat":
        raise BadInput(f"unknown --format {format!r}; only 'chat' is supported")
    chosen, _ = read_human_sessions(sessions)
    counts = export_chat(chosen, out, eval_fraction, seed)
    console.print(
        f"wrote {counts['train']} train and {counts['eval']} eval examples from {len(chosen)} sessions to {out}"
        + (
            f"; {counts['without_rationale']} have no rationale (fill them with `shopagent data rationales`)"
            if counts["without_rationale"]
            else ""
        ),
        highlight=False,
        soft_wrap=True,
    )


@data_app.command("rationales")
@friendly
def data_rationales(
    sessions: list[Path] = typer.Argument(..., help="Session logs with human sessions."),
    policy: str = typer.Option("openai", help="local | openai | transformers: the model that writes the rationales."),
    model: Optional[str] = typer.Option(None, help="Model name (openai) or directory (transformers)."),
    base_url: Optional[str] = typer.Option(None, help="OpenAI-compatible endpoint; default $OPENAI_BASE_URL."),
    out: Path = typer.Option(..., help="Session log to write, with every step's rationale filled in."),
    concurrency: int = typer.Option(4, min=1, help="Requests in flight at once."),
) -> None:
    """Fill in missing rationales: the model sees persona, page and the human's real action, and says why.

    Human-written rationales are kept; synthesized ones are marked rationale_source: synthesized.
    Example: shopagent data rationales human.jsonl --policy openai --model gpt-4.1 --out human_with_why.jsonl
    """
    from shopagent.agent.llm.backends import make_backend
    from shopagent.sessionlog import write_sessions
    from shopagent.train.rationales import fill_rationales

    chosen, _ = read_human_sessions(sessions)
    backend = make_backend(policy, model=model, base_url=base_url, concurrency=concurrency, max_new_tokens=60)
    missing = sum(1 for s in chosen for st in s.acted_steps if not st.rationale.strip())
    with progress_bar() as progress:
        task = progress.add_task("asking why", total=missing)

        async def go() -> dict[str, int]:
            try:
                return await fill_rationales(chosen, backend, concurrency, on_done=lambda _: progress.advance(task))
            finally:
                await backend.aclose()

        counts = asyncio.run(go())
    write_sessions(chosen, out)
    console.print(
        f"kept {counts['kept']} human rationales, synthesized {counts['synthesized']}, "
        f"{counts['failed']} left empty (model errors); wrote {out}",
        highlight=False,
        soft_wrap=True,
    )
