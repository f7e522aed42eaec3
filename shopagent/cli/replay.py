"""`shopagent replay ...`: measure policies against human sessions, import public ones, re-run recordings."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from shopagent.cli.common import POLICY_HELP, console, default_out, friendly, progress_bar, store_for
from shopagent.errors import BadInput
from shopagent.sessionlog import read_human_sessions
from shopagent.types import Prediction

replay_app = typer.Typer(
    help="Measure how human-like a policy is against recorded human sessions.\n\n"
    "Example: shopagent replay eval human.jsonl --policy offline --out runs/replay-offline",
    no_args_is_help=True,
)
IMPORTERS = ("webshop", "opera")


@replay_app.command("eval")
@friendly
def replay_eval(
    sessions: list[Path] = typer.Argument(..., help="Session logs (JSONL files or folders) with human sessions."),
    policy: str = typer.Option(
        "offline",
        help=POLICY_HELP,
    ),
    model: Optional[str] = typer.Option(None, help="A .gguf (local), a model name (openai) or a directory (transformers, offline)."),
    base_url: Optional[str] = typer.Option(None, help="OpenAI-compatible endpoint; default $OPENAI_BASE_URL."),
    out: Optional[Path] = typer.Option(None, help="Output folder; default runs/<timestamp>-replay. Rerun with the same --out to resume."),
    limit: Optional[int] = typer.Option(None, min=1, help="Only the first N human sessions."),
    concurrency: int = typer.Option(1, min=1, help="Steps in flight at once (useful with model backends)."),
    seed: int = typer.Option(0, help="Policy seed."),
    temperature: float = typer.Option(0.0, min=0.0, help="Policy temperature."),
) -> None:
    """Teacher-forced next-action prediction: at each human step, does the policy do what the person did?

    Writes predictions.jsonl, report.json, report.md and two PNG charts to --out.
    Example: shopagent replay eval human.jsonl --policy offline --out runs/replay-offline
    """
    from shopagent.agent import make_policy
    from shopagent.replay.evaluate import pending_steps, read_predictions, run_eval
    from shopagent.replay.metrics import compute_metrics
    from shopagent.replay.report import headline_table, make_report, write_report

    chosen, files = read_human_sessions(sessions, limit)
    out = out or default_out("replay")
    the_policy = make_policy(policy, model=model, seed=seed, temperature=temperature, base_url=base_url, concurrency=concurrency)
    done = {(p.session_id, p.index) for p in read_predictions(out / "predictions.jsonl")}
    todo = len(pending_steps(chosen, done))
    total = todo + sum(1 for s in chosen for st in s.acted_steps if (s.session_id, st.index) in done)
    console.print(
        f"{len(chosen)} human sessions, {total} steps ({total - todo} already predicted in {out})", highlight=False, soft_wrap=True
    )

    with progress_bar() as progress:
        task = progress.add_task("predicting", total=total, completed=total - todo)

        async def go() -> list[Prediction]:
            try:
                return await run_eval(chosen, the_policy, out, concurrency, on_prediction=lambda _: progress.advance(task))
            finally:
                await the_policy.aclose()

        predictions = asyncio.run(go())
    report = make_report(compute_metrics(chosen, predictions), the_policy.describe(), [str(f) for f in files])
    written = write_report(report, out)
    console.print(headline_table(report))
    console.print("Wrote " + ", ".join(str(p) for p in [out / "predictions.jsonl", *written]), highlight=False)


@replay_app.command("compare")
@friendly
def replay_compare(runs: list[Path] = typer.Argument(..., help="Output folders of `replay eval`.")) -> None:
    """Print the metrics of several replay runs side by side.

    Example: shopagent replay compare runs/replay-offline runs/replay-gpt
    """
    from shopagent.replay.report import compare_table, load_report

    console.print(compare_table({str(r): load_report(r) for r in runs}))


@replay_app.command("import")
@friendly
def replay_import(
    dataset: str = typer.Argument(..., help="webshop | opera"),
    source: Path = typer.Argument(..., help="webshop: il_trajs_finalized_images.jsonl; opera: the folder of its parquet files."),
    out: Path = typer.Option(..., help="Session log (JSONL) to write."),
    limit: Optional[int] = typer.Option(None, min=1, help="Keep only the first N sessions."),
) -> None:
    """Turn a public human-shopping dataset into native sessions (source: human).

    Example: shopagent replay import webshop il_trajs_finalized_images.jsonl --out data/webshop_human.jsonl
    """
    from shopagent.sessionlog import write_sessions

    if dataset == "webshop":
        from shopagent.replay.importers.webshop import import_webshop

        imported = asyncio.run(import_webshop(source))
    elif dataset == "opera":
        from shopagent.replay.importers.opera import import_opera

        imported = import_opera(source)
    else:
        raise BadInput(f"unknown dataset {dataset!r}; choose one of {', '.join(IMPORTERS)}")
    imported = imported[:limit] if limit else imported
    write_sessions(imported, out)
    steps = sum(len(s.steps) for s in imported)
    bought = sum(1 for s in imported if s.outcome == "purchase")
    console.print(f"wrote {len(imported)} sessions ({steps} steps, {bought} purchases) to {out}", highlight=False)


@replay_app.command("live")
@friendly
def replay_live_command(
    sessions: list[Path] = typer.Argument(..., help="Session logs to re-execute."),
    store_url: Optional[str] = typer.Option(None, help="Store under test; default: start the bundled store."),
    headed: bool = typer.Option(False, "--headed", help="Show the browser window."),
    slow_mo: float = typer.Option(0, "--slow-mo", min=0, help="Milliseconds between browser operations."),
) -> None:
    """Re-execute recorded sessions in the browser and report steps whose target no longer resolves.

    Example: shopagent replay live recordings/maya.jsonl --store-url http://127.0.0.1:8000
    """
    from shopagent.replay.live import replay_live
    from shopagent.sessionlog import read_sessions, session_files

    chosen = read_sessions([f for p in sessions for f in session_files(p)])
    if not chosen:
        raise BadInput("no sessions to replay")
    with store_for(store_url) as start_url:
        results = asyncio.run(replay_live(chosen, start_url, headless=not headed, slow_mo=slow_mo))
    table = Table(title="Live replay")
    for column in ("Session", "Steps run", "Failed", "Same order"):
        table.add_column(column)
    for r in results:
        same = {True: "yes", False: "NO", None: "-"}[r.same_order]
        table.add_row(r.session_id, str(len(r.steps)), str(len(r.failures)), same)
    console.print(table)
    for r in results:
        for step in r.failures:
            console.print(f"[red]{r.session_id} step {step.index}[/] {step.action}: {step.error}", highlight=False)
        if r.error:
            console.print(f"[red]{r.session_id}[/] stopped: {r.error}", highlight=False)
    if any(r.failures or r.error or r.same_order is False for r in results):
        raise typer.Exit(1)
