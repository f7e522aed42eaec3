"""`shopagent replay ...` and `shopagent record`: measure policies against human sessions, and record new ones."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from shopagent.console import console, default_out, friendly
from shopagent.errors import BadInput

replay_app = typer.Typer(help="Measure how human-like a policy is against recorded human sessions.", no_args_is_help=True)
IMPORTERS = ("webshop", "opera")


def load_human_sessions(paths: list[Path], limit: Optional[int] = None):  # type: ignore[no-untyped-def]
    from shopagent.sessionlog import read_sessions, session_files

    files = [f for p in paths for f in session_files(p)]
    if not files:
        raise BadInput(f"no session logs (*.jsonl) in {', '.join(map(str, paths))}")
    sessions = [s for s in read_sessions(files) if s.header.source == "human"]
    if not sessions:
        raise BadInput(f"no human sessions in {', '.join(map(str, files))} (replay needs source: human)")
    return (sessions[:limit] if limit else sessions), files


@replay_app.command("eval")
@friendly
def replay_eval(
    sessions: list[Path] = typer.Argument(..., help="Session logs (JSONL files or folders) with human sessions."),
    policy: str = typer.Option("offline", help="offline | openai | transformers"),
    model: Optional[str] = typer.Option(None, help="Model name (openai) or directory (transformers, offline ranker)."),
    base_url: Optional[str] = typer.Option(None, help="OpenAI-compatible endpoint; default $OPENAI_BASE_URL."),
    out: Optional[Path] = typer.Option(None, help="Output folder; default runs/<timestamp>-replay. Rerun with the same --out to resume."),
    limit: Optional[int] = typer.Option(None, help="Only the first N human sessions."),
    concurrency: int = typer.Option(1, help="Steps in flight at once (useful with model backends)."),
    seed: int = typer.Option(0, help="Policy seed."),
    temperature: float = typer.Option(0.0, help="Policy temperature."),
) -> None:
    """Teacher-forced next-action prediction: at each human step, does the policy do what the person did?

    Writes predictions.jsonl, report.json, report.md and two PNG charts to --out.
    Example: shopagent replay eval human.jsonl --policy offline --out runs/replay-offline
    """
    from shopagent.agent import make_policy
    from shopagent.replay.evaluate import pending_steps, read_predictions, run_eval
    from shopagent.replay.metrics import compute_metrics
    from shopagent.replay.report import headline_table, make_report, write_report

    chosen, files = load_human_sessions(sessions, limit)
    out = out or default_out("replay")
    the_policy = make_policy(policy, model=model, seed=seed, temperature=temperature, base_url=base_url, concurrency=concurrency)
    done = {(p.session_id, p.index) for p in read_predictions(out / "predictions.jsonl")}
    todo = len(pending_steps(chosen, done))
    total = todo + sum(1 for s in chosen for st in s.steps if st.action is not None and (s.session_id, st.index) in done)
    console.print(f"{len(chosen)} human sessions, {total} steps ({total - todo} already predicted in {out})", highlight=False, soft_wrap=True)

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console) as progress:
        task = progress.add_task("predicting", total=total, completed=total - todo)

        async def go():  # type: ignore[no-untyped-def]
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
    limit: Optional[int] = typer.Option(None, help="Keep only the first N sessions."),
) -> None:
    """Turn a public human-shopping dataset into native sessions (source: human).

    Example: shopagent replay import webshop il_trajs_finalized_images.jsonl --out data/webshop_human.jsonl
    """
    from shopagent.sessionlog import write_sessions

    if dataset == "webshop":
        from shopagent.replay.importers.webshop import import_webshop

        imported = import_webshop(source)
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
    slow_mo: float = typer.Option(0, "--slow-mo", help="Milliseconds between browser operations."),
) -> None:
    """Re-execute recorded sessions in the browser and report steps whose target no longer resolves.

    Example: shopagent replay live recordings/maya.jsonl --store-url http://127.0.0.1:8000
    """
    from shopagent.mock_store.server import StoreServer
    from shopagent.replay.live import replay_live
    from shopagent.sessionlog import read_sessions, session_files

    chosen = read_sessions([f for p in sessions for f in session_files(p)])
    if not chosen:
        raise BadInput("no sessions to replay")
    server = None if store_url else StoreServer().start()
    try:
        results = asyncio.run(replay_live(chosen, store_url or server.url, headless=not headed, slow_mo=slow_mo))
    finally:
        if server is not None:
            server.stop()
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


@friendly
def record(
    persona: Path = typer.Option(..., "--persona", help="Who the person is shopping as (JSON or YAML)."),
    store_url: Optional[str] = typer.Option(None, help="Store to shop at; default: start the bundled store."),
    out: Path = typer.Option(..., help="Session log (JSONL) to append the recording to."),
    ask_why: float = typer.Option(0.0, "--ask-why", min=0, max=1, help="Fraction of clicks, searches and selects that ask for a one-line reason."),
) -> None:
    """Record a person shopping in a visible browser, as a human session (SPEC §4).

    Closing the window ends the session as terminate unless a purchase happened.
    Example: shopagent record --persona examples/personas/maya.json --out recordings/maya.jsonl --ask-why 0.1
    """
    from shopagent.mock_store.server import StoreServer
    from shopagent.persona import load_persona
    from shopagent.replay.recorder import record_session
    from shopagent.sessionlog import SessionLog

    who = load_persona(persona)
    server = None if store_url else StoreServer().start()
    start = store_url or server.url + "/"
    console.print(f"Recording at {start}. Shop as {who.name}: {who.intent}. Close the window to stop.", highlight=False)
    try:
        with SessionLog(out) as log:
            end = asyncio.run(record_session(who, start, log, ask_why))
    finally:
        if server is not None:
            server.stop()
    console.print(f"{end.outcome} after {end.steps} steps; written to {out}", highlight=False)


# ----------------------------------------------------------------------------- data

data_app = typer.Typer(help="Turn human sessions into training data.", no_args_is_help=True)


@data_app.command("export")
@friendly
def data_export(
    sessions: list[Path] = typer.Argument(..., help="Session logs with human sessions."),
    format: str = typer.Option("chat", "--format", help="chat: the LLM policies' own prompt, then the rationale and action JSON."),
    out: Path = typer.Option(..., help="JSONL file of examples to write."),
    eval_fraction: float = typer.Option(0.2, help="Share of sessions (never single steps) held out as split 'eval'."),
    seed: int = typer.Option(0, help="The same seed gives the same split."),
) -> None:
    """Turn human sessions into supervised chat examples, split by session.

    Example: shopagent data export human.jsonl --format chat --out data/sft.jsonl
    """
    from shopagent.replay.export import export_chat

    if format != "chat":
        raise BadInput(f"unknown --format {format!r}; only 'chat' is supported")
    chosen, _ = load_human_sessions(sessions)
    counts = export_chat(chosen, out, eval_fraction, seed)
    console.print(f"wrote {counts['train']} train and {counts['eval']} eval examples from {len(chosen)} sessions to {out}"
                  + (f"; {counts['without_rationale']} have no rationale (fill them with `shopagent data rationales`)" if counts["without_rationale"] else ""),
                  highlight=False, soft_wrap=True)


@data_app.command("rationales")
@friendly
def data_rationales(
    sessions: list[Path] = typer.Argument(..., help="Session logs with human sessions."),
    policy: str = typer.Option("openai", help="openai | transformers: the model that writes the rationales."),
    model: Optional[str] = typer.Option(None, help="Model name (openai) or directory (transformers)."),
    base_url: Optional[str] = typer.Option(None, help="OpenAI-compatible endpoint; default $OPENAI_BASE_URL."),
    out: Path = typer.Option(..., help="Session log to write, with every step's rationale filled in."),
    concurrency: int = typer.Option(4, help="Requests in flight at once."),
) -> None:
    """Fill in missing rationales: the model sees persona, page and the human's real action, and says why.

    Human-written rationales are kept; synthesized ones are marked rationale_source: synthesized.
    Example: shopagent data rationales human.jsonl --policy openai --model gpt-4.1 --out human_with_why.jsonl
    """
    from shopagent.sessionlog import write_sessions
    from shopagent.replay.rationales import fill_rationales

    from shopagent.agent import make_backend

    chosen, _ = load_human_sessions(sessions)
    backend = make_backend(policy, model=model, base_url=base_url, concurrency=concurrency, max_new_tokens=60)
    missing = sum(1 for s in chosen for st in s.steps if st.action is not None and not st.rationale.strip())
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console) as progress:
        task = progress.add_task("asking why", total=missing)

        async def go():  # type: ignore[no-untyped-def]
            try:
                return await fill_rationales(chosen, backend, concurrency, on_done=lambda _: progress.advance(task))
            finally:
                await backend.aclose()

        counts = asyncio.run(go())
    write_sessions(chosen, out)
    console.print(f"kept {counts['kept']} human rationales, synthesized {counts['synthesized']}, "
                  f"{counts['failed']} left empty (model errors); wrote {out}", highlight=False, soft_wrap=True)
