"""`shopagent simulate`: one shopper in a live browser, or a population of them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from shopagent.agent.loop import RunOptions
from shopagent.agent.policy import Policy
from shopagent.agent.usage import RunBudget
from shopagent.cli.common import (
    EXAMPLE_PERSONA,
    POLICY_HELP,
    browser_launch,
    check_out_folder,
    console,
    default_out,
    err,
    friendly,
    make_out_folder,
    progress_bar,
    store_for,
)
from shopagent.errors import ShopagentError
from shopagent.types import EndRecord, Persona, StepRecord

if TYPE_CHECKING:
    from shopagent.browser.session import BrowserLaunch


def print_step(step: StepRecord) -> None:
    """One line per step as it happens, and the rationale under it."""
    action = step.action
    if action is None:
        desc = "[red]no action[/]"
    else:
        desc = f"[bold]{action.type}[/] {action.describe()[len(action.type) :].strip()}"
    mark = "[green]✓[/]" if step.result.ok else f"[red]✗ {step.result.error}[/]"
    console.print(f"[dim]{step.index + 1:>3}[/] {desc} {mark}", highlight=False)
    if step.rationale:
        console.print(f"    [italic]{step.rationale}[/]", highlight=False)


@dataclass
class Run:
    """What a simulate command runs with, once its options are read."""

    policy: Policy
    policy_name: str
    options: RunOptions
    log_path: Path
    out: Path
    launch: BrowserLaunch


def print_end(end: EndRecord, log_path: Path) -> None:
    colour = {"purchase": "green", "terminate": "yellow"}.get(end.outcome, "red")
    console.print(f"\n[bold {colour}]{end.outcome}[/] after {end.steps} steps" + (f": {end.reason}" if end.reason else ""), highlight=False)
    if end.order:
        items = ", ".join(f"{i['quantity']} × {i['title']}" for i in end.order["items"])
        console.print(f"Order {end.order['order_id']}: {items}; total ${end.order['total']:.2f}", highlight=False)
    if end.blocked_requests:
        console.print(f"{end.blocked_requests} requests to other sites were blocked")
    if end.llm_usage:
        used = end.llm_usage
        console.print(f"LLM tokens: {used.prompt_tokens:,} prompt + {used.completion_tokens:,} completion", highlight=False)
    console.print(f"Log: {log_path}")


def run_one(run: Run, persona: Persona, start_url: str, session_id: str) -> EndRecord:
    from shopagent.agent.loop import run_session
    from shopagent.browser.session import Browser
    from shopagent.sessionlog import SessionLog

    budget = f" (budget ${persona.budget:g})" if persona.budget else ""
    console.print(f"[bold]{persona.name}[/] wants: {persona.intent}{budget}", highlight=False)

    async def go() -> EndRecord:
        async with Browser(**vars(run.launch)) as browser:
            with SessionLog(run.log_path) as log:
                try:
                    return await run_session(
                        browser, run.policy, persona, start_url, log, run.options, session_id=session_id, on_step=print_step
                    )
                finally:
                    await run.policy.aclose()

    end = asyncio.run(go())
    print_end(end, run.log_path)
    return end


def run_many(run: Run, population: list[tuple[str, Persona]], start_url: str, concurrency: int, resume: bool) -> list[EndRecord]:
    from shopagent.population.local import PopulationSummary, finished_sessions, run_population
    from shopagent.sessionlog import read_sessions
    from shopagent.study.analysis.population import build_report
    from shopagent.study.render.population import summary_table, write_report

    with progress_bar() as progress:
        task = progress.add_task("shopping", total=len(population))
        if resume:
            done = finished_sessions(run.log_path, bool(run.options.interview))  # as the run will count them
            progress.advance(task, len([k for k, _ in population if k in done]))

        async def go() -> PopulationSummary:
            try:
                return await run_population(
                    population,
                    run.policy,
                    start_url,
                    run.log_path,
                    concurrency=concurrency,
                    options=run.options,
                    launch=run.launch,
                    resume=resume,
                    on_done=lambda key, end: progress.advance(task),
                )
            finally:
                await run.policy.aclose()

        summary = asyncio.run(go())
    sessions = read_sessions([run.log_path])
    report = build_report(sessions)
    console.print(summary_table(report))
    used = [e.llm_usage for e in summary.ends if e.llm_usage]
    if used:
        prompt, completion = sum(u.prompt_tokens for u in used), sum(u.completion_tokens for u in used)
        console.print(f"LLM tokens: {prompt:,} prompt + {completion:,} completion in {len(used)} sessions", highlight=False)
    write_report(report, run.out, str(run.log_path), sessions)  # the log read once, not again for report.html
    console.print(f"Log: {run.log_path}\nReport: {run.out / 'report.html'} (and report.json, report.md beside it)")
    return summary.ends


def session_id_of(persona: Path | None, seed: int) -> str:
    """One shopper's session id: it seeds the shopper's own draws, so the persona and --seed make a run repeatable."""
    return f"{(persona or EXAMPLE_PERSONA).stem}-seed{seed}"


def shop(
    run: Run,
    population: list[tuple[str, Persona]] | None,
    single: Persona | None,
    start_url: str,
    session_id: str,
    concurrency: int,
    resume: bool,
) -> list[EndRecord]:
    """One shopper (with this session id), or the population."""
    if single is not None:
        return [run_one(run, single, start_url, session_id)]
    return run_many(run, population or [], start_url, concurrency, resume)


def exit_if_all_failed(ends: list[EndRecord], log_path: Path) -> None:
    """Exit 1 when no session got anywhere, so scripts and CI can tell."""
    if ends and all(end.outcome == "error" for end in ends):
        which = "the session" if len(ends) == 1 else f"all {len(ends)} sessions"
        err.print(f"[bold red]error:[/] {which} ended in error (reasons in {log_path})", highlight=False, soft_wrap=True)
        raise typer.Exit(1)


def choose_shoppers(persona: Path | None, personas: Path | None, resume: bool) -> tuple[list[tuple[str, Persona]] | None, Persona | None]:
    """A population (--personas) or one shopper (--persona, or the bundled example)."""
    from shopagent.persona import load_persona, load_personas

    if persona and personas:
        raise ShopagentError("give either --persona or --personas, not both")
    if resume and not personas:
        raise ShopagentError("--resume goes with --personas")
    if personas:
        return load_personas(personas), None
    return None, load_persona(persona or EXAMPLE_PERSONA)


MAX_LLM_TOKENS_HELP = (
    "Stop the run before its LLM requests pass N tokens, prompt and completion together as the server counts them; "
    "sessions then end as max_llm_tokens, with the reason (0: no limit; offline makes no LLM requests)."
)


@friendly
def simulate(
    persona: Optional[Path] = typer.Option(None, "--persona", help="Persona file (JSON or YAML). Default: examples/personas/maya.json."),
    personas: Optional[Path] = typer.Option(None, "--personas", help="Folder of persona files: run a population."),
    policy: str = typer.Option("offline", help=POLICY_HELP),
    model: Optional[str] = typer.Option(None, help="A .gguf (local), a model name (openai) or a directory (transformers, offline)."),
    base_url: Optional[str] = typer.Option(None, help="OpenAI-compatible endpoint; default $OPENAI_BASE_URL. Key: $OPENAI_API_KEY."),
    headed: bool = typer.Option(
        False, "--headed", help="Show the browser window, each rationale and the element about to be used; the final page stays a moment."
    ),
    slow_mo: float = typer.Option(0, "--slow-mo", min=0, help="Milliseconds between browser operations (with --headed; populations too)."),
    realtime: bool = typer.Option(
        False, "--realtime", help="Wait each step's dwell_s (a person's time before that action) before acting: watch at human pace."
    ),
    max_steps: int = typer.Option(40, min=1, help="End the session after this many steps."),
    max_tokens: int = typer.Option(0, min=0, help="Token budget for the page HTML shown to the policy (0: no limit)."),
    max_llm_tokens: int = typer.Option(0, "--max-llm-tokens", min=0, help=MAX_LLM_TOKENS_HELP),
    seed: int = typer.Option(0, help="Seed for reproducible runs."),
    temperature: float = typer.Option(0.0, min=0.0, help="0: always the best choice; higher: more varied shoppers."),
    missions: bool = typer.Option(
        False, "--missions", help="Offline policy: each session draws a mission (buy fast, research, browse, leave it in the cart)."
    ),
    store_url: Optional[str] = typer.Option(None, help="Shop at this store instead of starting the bundled one."),
    variant: Optional[Path] = typer.Option(None, help="Run the bundled store as this variant (YAML or JSON; see examples/variants/)."),
    interview: bool = typer.Option(False, "--interview", help="After each session, ask the shopper the default post-session questions."),
    concurrency: int = typer.Option(4, min=1, help="Shoppers at once (with --personas)."),
    resume: bool = typer.Option(False, help="With --personas: continue an interrupted run in --out."),
    screenshots: bool = typer.Option(False, help="Save a screenshot after every step."),
    trace: bool = typer.Option(False, help="Save a Playwright trace per session: OUT/traces/SESSION_ID.zip."),
    images: Optional[bool] = typer.Option(
        None,
        "--images/--no-images",
        help="Load pictures. Default: only with --headed, --screenshots or --trace (the agent reads alt text, not pixels).",
    ),
    out: Optional[Path] = typer.Option(None, help="Output folder; default runs/<timestamp>-simulate."),
) -> None:
    """Let a synthetic shopper with a persona use the store in a live browser.

    Example: shopagent simulate --persona examples/personas/maya.json --headed --slow-mo 300

    At a person's pace: shopagent simulate --headed --realtime
    """
    from shopagent.agent import make_policy
    from shopagent.agent.interview import DEFAULT_QUESTIONS
    from shopagent.population.local import check_log_is_new

    population, single = choose_shoppers(persona, personas, resume)
    out = check_out_folder(out or default_out("simulate"))
    check_log_is_new(out / "sessions.jsonl", resume, "continue it with --resume, or " if personas else "")
    with store_for(store_url, variant) as start_url:
        the_policy = make_policy(policy, model, seed, temperature, base_url, concurrency, missions)
        make_out_folder(out)
        options = RunOptions(max_steps, max_tokens, out / "screenshots" if screenshots else None, out / "traces" if trace else None)
        options.interview, options.llm_budget = ([*DEFAULT_QUESTIONS] if interview else None), RunBudget(max_llm_tokens)
        options.realtime = realtime
        launch = browser_launch(headed, slow_mo, images if images is not None else (headed or screenshots or trace))
        run = Run(the_policy, policy, options, out / "sessions.jsonl", out, launch)
        console.print(f"Store: {start_url}   policy: {policy}   log: {run.log_path}", highlight=False)
        ends = shop(run, population, single, start_url, session_id_of(persona, seed), concurrency, resume)
    exit_if_all_failed(ends, run.log_path)
