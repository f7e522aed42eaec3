"""`shopagent study STUDY.yaml`: the same shoppers on two or more versions of a store, compared."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from shopagent.cli.common import browser_launch, check_out_folder, console, default_out, friendly, make_out_folder, progress_bar

if TYPE_CHECKING:
    from shopagent.study.spec import StudySpec


def plan_line(spec: StudySpec, per_arm: int) -> str:
    """What the study will run, said before it starts: sessions, and for an LLM policy the most decisions it may ask for."""
    sessions = per_arm * len(spec.arms)
    line = f"{spec.name}: {len(spec.arms)} arms × {per_arm} sessions = {sessions} sessions"
    if spec.policy != "offline":
        asked = sessions * spec.max_steps + (sessions * len(spec.questions or []) if spec.questions else 0)
        line += f"; {spec.policy} policy: up to {asked} model requests ({spec.max_steps} steps a session at most"
        line += ", and the interview's questions)" if spec.questions else ")"
    return line


@friendly
def study(
    study_file: Path = typer.Argument(..., help="The study (YAML): personas, arms (variants or store URLs), replicates, interview."),
    out: Optional[Path] = typer.Option(None, help="The study's folder; default runs/<timestamp>-study."),
    resume: bool = typer.Option(False, help="Continue an interrupted study in --out: finished sessions are kept."),
    headed: bool = typer.Option(False, "--headed", help="Show the browser, the shopper's rationale and what it is about to use."),
    slow_mo: float = typer.Option(0, "--slow-mo", min=0, help="Milliseconds between browser operations (with --headed)."),
    ray: Optional[str] = typer.Option(
        None, "--ray", help="Run sessions as Ray tasks: 'auto' (a running local cluster) or a cluster address such as 10.0.0.5:6379."
    ),
) -> None:
    """Run a study and write its comparison: per-arm figures, differences with 95% CIs, a paired test, diverging personas, segments.

    Example: shopagent study examples/studies/free-shipping.yaml --out runs/free-shipping
    """
    from shopagent.study.render.study import study_table, write_study_report
    from shopagent.study.run import run_study
    from shopagent.study.spec import load_study, sessions_per_arm

    out = check_out_folder(out or default_out("study"))
    spec = load_study(study_file)
    make_out_folder(out)
    launch = browser_launch(headed, slow_mo, images=headed or spec.screenshots)
    total = sessions_per_arm(spec, study_file.parent)
    console.print(plan_line(spec, total), highlight=False)
    with progress_bar() as progress:
        bars = {arm.name: progress.add_task(arm.name, total=total) for arm in spec.arms}
        asyncio.run(
            run_study(spec, study_file.parent, out, resume, launch, on_done=lambda arm, sid, end: progress.advance(bars[arm]), ray=ray)
        )
    comparison, paths = write_study_report(out)
    console.print(study_table(comparison))
    console.print(f"Study folder: {out}\nReport: {paths[2]} (figures: {paths[0]})", highlight=False)
