"""The `shopagent` command line."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from shopagent.console import console, default_out, friendly
from shopagent.errors import ShopagentError
from shopagent.agent.cli import train_app
from shopagent.replay.cli import data_app, record, replay_app

app = typer.Typer(help="shopagent: a browser-in-the-loop simulator of online shoppers.", no_args_is_help=True, add_completion=False)
store_app = typer.Typer(help="The bundled mock storefront.", no_args_is_help=True)
personas_app = typer.Typer(help="Generate personas.", no_args_is_help=True)
app.add_typer(store_app, name="store")
app.add_typer(personas_app, name="personas")
app.add_typer(replay_app, name="replay")
app.add_typer(data_app, name="data")
app.add_typer(train_app, name="train")
app.command()(record)

EXAMPLE_PERSONA = Path(__file__).resolve().parent.parent / "examples" / "personas" / "maya.json"


# ----------------------------------------------------------------------------- store


@store_app.command("serve")
@friendly
def store_serve(
    port: int = typer.Option(8000, help="Port on 127.0.0.1."),
    catalog: Optional[Path] = typer.Option(None, help="Catalog JSON or CSV file; default: the bundled 1,200-product catalog."),
) -> None:
    """Serve the mock store on 127.0.0.1.

    Example: shopagent store serve --port 8000
    """
    from shopagent.mock_store.server import build_catalog, serve_forever

    build_catalog(catalog)  # fail early, with a clear message, on a bad catalog file
    console.print(f"Store at [bold]http://127.0.0.1:{port}/[/]  (events: /api/events, orders: /api/orders)")
    serve_forever(port, catalog)


# ----------------------------------------------------------------------------- observe


@app.command()
@friendly
def observe(
    url: str = typer.Argument(..., help="Page to observe (any URL the browser can reach)."),
    as_json: bool = typer.Option(False, "--json", help="Print the full SPEC §2 observation as JSON."),
    max_tokens: int = typer.Option(0, help="Cut long lists so the HTML fits this many tokens (0: no limit)."),
) -> None:
    """Print how a page looks to a shopper agent: simplified HTML and semantic ids.

    Example: shopagent observe http://127.0.0.1:8000/search?q=tea --max-tokens 2000
    """
    from shopagent.browser.session import Browser, origin_of

    async def run() -> Any:
        async with Browser() as browser:
            shopper = await browser.new_shopper([origin_of(url)])
            await shopper.goto(url)
            return await shopper.observe(max_tokens)

    obs = asyncio.run(run())
    if as_json:
        print(obs.model_dump_json(indent=2, exclude_defaults=True))
        return
    console.print(f"[bold]{obs.title}[/]  {obs.url}")
    console.print(obs.html, highlight=False, markup=False)
    table = Table("id", "kind", "text", title=f"{len(obs.elements)} elements")
    for e in obs.elements:
        table.add_row(e.id, e.kind + (" (purchase)" if e.purchase else ""), e.text[:60])
    console.print(table)


# ----------------------------------------------------------------------------- simulate


def _print_step(step: Any) -> None:
    action = step.action
    if action is None:
        desc = "[red]no action[/]"
    else:
        extra = getattr(action, "target", "") or ""
        if action.type == "type":
            extra += f" ← “{action.text}”"
        if action.type == "select":
            extra += f" = {action.value}"
        desc = f"[bold]{action.type}[/] {extra}"
    mark = "[green]✓[/]" if step.result.ok else f"[red]✗ {step.result.error}[/]"
    console.print(f"[dim]{step.index + 1:>3}[/] {desc} {mark}", highlight=False)
    if step.rationale:
        console.print(f"    [italic]{step.rationale}[/]", highlight=False)


@app.command()
@friendly
def simulate(
    persona: Optional[Path] = typer.Option(None, "--persona", help="Persona file (JSON or YAML). Default: examples/personas/maya.json."),
    personas: Optional[Path] = typer.Option(None, "--personas", help="Folder of persona files: run a population."),
    policy: str = typer.Option("offline", help="offline | openai | transformers"),
    model: Optional[str] = typer.Option(None, help="Model name (openai) or directory (transformers, offline ranker)."),
    base_url: Optional[str] = typer.Option(None, help="OpenAI-compatible endpoint; default $OPENAI_BASE_URL. Key: $OPENAI_API_KEY."),
    headed: bool = typer.Option(False, "--headed", help="Show the browser window."),
    slow_mo: float = typer.Option(0, "--slow-mo", help="Milliseconds to pause between browser operations (with --headed)."),
    max_steps: int = typer.Option(40, help="End the session after this many steps."),
    max_tokens: int = typer.Option(0, help="Token budget for the page HTML shown to the policy (0: no limit)."),
    seed: int = typer.Option(0, help="Seed for reproducible runs."),
    temperature: float = typer.Option(0.0, help="0: always the best choice; higher: more varied shoppers."),
    store_url: Optional[str] = typer.Option(None, help="Shop at this store instead of starting the bundled one."),
    concurrency: int = typer.Option(4, help="Shoppers at once (with --personas)."),
    resume: bool = typer.Option(False, help="With --personas: continue an interrupted run in --out."),
    screenshots: bool = typer.Option(False, help="Save a screenshot after every step."),
    trace: bool = typer.Option(False, help="Save a Playwright trace.zip per session."),
    images: Optional[bool] = typer.Option(None, "--images/--no-images", help="Load pictures. Default: only with --headed, --screenshots or --trace (the agent reads alt text, not pixels)."),
    out: Optional[Path] = typer.Option(None, help="Output folder; default runs/<timestamp>-simulate."),
) -> None:
    """Let a synthetic shopper with a persona use the store in a live browser.

    Example: shopagent simulate --persona examples/personas/maya.json --headed --slow-mo 300
    """
    from shopagent.agent import make_policy
    from shopagent.agent.loop import RunOptions, run_session
    from shopagent.agent.population import run_population
    from shopagent.agent.population_report import build_report, summary_table, write_report
    from shopagent.browser.session import Browser
    from shopagent.mock_store.server import StoreServer
    from shopagent.persona import load_persona, load_personas
    from shopagent.sessionlog import SessionLog, read_sessions

    if persona and personas:
        raise ShopagentError("give either --persona or --personas, not both")
    out = out or default_out("simulate")
    if resume and not personas:
        raise ShopagentError("--resume goes with --personas")
    population = load_personas(personas) if personas else None
    single = None if population else load_persona(persona or EXAMPLE_PERSONA)
    the_policy = make_policy(policy, model=model, seed=seed, temperature=temperature, base_url=base_url, concurrency=concurrency)
    out.mkdir(parents=True, exist_ok=True)
    log_path = out / "sessions.jsonl"
    options = RunOptions(max_steps=max_steps, max_tokens=max_tokens,
                         screenshots=out / "screenshots" if screenshots else None)

    show_images = images if images is not None else (headed or screenshots or trace)
    server = None if store_url else StoreServer().start()
    start_url = store_url or server.url + "/"
    console.print(f"Store: {start_url}   policy: {policy}   log: {log_path}", highlight=False)
    try:
        if single is not None:
            console.print(f"[bold]{single.name}[/] wants: {single.intent}" + (f" (budget ${single.budget:g})" if single.budget else ""), highlight=False)

            async def run_one() -> Any:
                options.trace = out / "trace.zip" if trace else None
                async with Browser(headless=not headed, slow_mo=slow_mo, images=show_images) as browser:
                    with SessionLog(log_path) as log:
                        try:
                            return await run_session(browser, the_policy, single, start_url, log, options, on_step=_print_step)
                        finally:
                            await the_policy.aclose()

            end = asyncio.run(run_one())
            colour = {"purchase": "green", "terminate": "yellow"}.get(end.outcome, "red")
            console.print(f"\n[bold {colour}]{end.outcome}[/] after {end.steps} steps" + (f": {end.reason}" if end.reason else ""), highlight=False)
            if end.order:
                items = ", ".join(f"{i['quantity']} × {i['title']}" for i in end.order["items"])
                console.print(f"Order {end.order['order_id']}: {items}; total ${end.order['total']:.2f}", highlight=False)
            if end.blocked_requests:
                console.print(f"{end.blocked_requests} requests to other sites were blocked")
            console.print(f"Log: {log_path}")
            return

        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console) as progress:
            task = progress.add_task("shopping", total=len(population))

            async def run_many() -> Any:
                try:
                    return await run_population(
                        population, the_policy, start_url, log_path, concurrency=concurrency, options=options,
                        headless=not headed, images=show_images, resume=resume, on_done=lambda key, end: progress.advance(task),
                    )
                finally:
                    await the_policy.aclose()

            if resume:
                from shopagent.agent.population import finished_sessions

                progress.advance(task, len([k for k, _ in population if k in finished_sessions(log_path)]))
            asyncio.run(run_many())
        report = build_report(read_sessions([log_path]))
        console.print(summary_table(report))
        json_path, _ = write_report(report, out, str(log_path))
        console.print(f"Log: {log_path}\nReport: {json_path} and report.md beside it")
    finally:
        if server is not None:
            server.stop()


@app.command()
@friendly
def report(
    logs: list[Path] = typer.Argument(..., help="Session logs (sessions.jsonl) or run folders; two or more are compared side by side."),
    out: Optional[Path] = typer.Option(None, help="Also write report.json and report.md here (one log only)."),
) -> None:
    """Read what a population did: conversion, the page funnel, where shoppers left, failed actions.

    Example: shopagent report runs/store-a runs/store-b
    """
    from shopagent.agent.population_report import build_report, compare_table, summary_table, write_report
    from shopagent.sessionlog import read_sessions, session_files

    reports = {}
    for log in logs:
        files = session_files(log)
        if not files or not all(f.exists() for f in files):
            raise ShopagentError(f"{log}: no session log here (expected a sessions.jsonl or a folder holding one)")
        name = log.name if log.is_dir() else f"{log.parent.name}/{log.name}"
        reports[name] = build_report(read_sessions(files))
    if len(reports) == 1:
        (name, only), = reports.items()
        console.print(summary_table(only, title=f"Population: {name}"))
        if out:
            json_path, md_path = write_report(only, out, name)
            console.print(f"wrote {json_path} and {md_path}")
    else:
        if out:
            raise ShopagentError("--out writes the report of one log; give one log to write it")
        console.print(compare_table(reports))


# ----------------------------------------------------------------------------- personas


@personas_app.command("generate")
@friendly
def personas_generate(
    n: int = typer.Option(10, "-n", help="How many personas."),
    out: Path = typer.Option(..., help="Folder to write persona_0000.json ... into."),
    seed: int = typer.Option(0, help="The same seed gives the same personas."),
    split: Optional[str] = typer.Option(None, help="Draw intents from WebShop's 'train' or 'eval' split only."),
) -> None:
    """Sample diverse personas with real WebShop shopper intents.

    Example: shopagent personas generate -n 100 --out personas/ --seed 1
    """
    from shopagent.persona.generate import generate_personas, write_personas

    if n < 1:
        raise ShopagentError("-n must be at least 1")
    if split not in (None, "train", "eval"):
        raise ShopagentError("--split must be train or eval")
    paths = write_personas(generate_personas(n, seed, split), out)
    console.print(f"wrote {len(paths)} personas to {out}")


# ----------------------------------------------------------------------------- schema


@app.command()
@friendly
def schema(name: str = typer.Argument(..., help="persona | action | decision | observation | session | step | end | record | prediction | replay-report | catalog-product")) -> None:
    """Print the JSON Schema of a file format.

    Example: shopagent schema persona
    """
    from pydantic import TypeAdapter

    from shopagent import types as t
    from shopagent.mock_store.catalog import Product
    from shopagent.replay.report import Report

    models: dict[str, Any] = {
        "persona": t.Persona, "action": t.Action, "decision": t.Decision, "observation": t.Observation,
        "session": t.SessionRecord, "step": t.StepRecord, "end": t.EndRecord, "record": t.LogRecord,
        "prediction": t.Prediction, "replay-report": Report, "catalog-product": Product,
    }
    if name not in models:
        raise ShopagentError(f"unknown schema {name!r}; choose one of {', '.join(models)}")
    print(json.dumps(TypeAdapter(models[name]).json_schema(), indent=2))


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
