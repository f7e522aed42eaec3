"""`shopagent report RUN [RUN...]`: what a population did, or several side by side."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from shopagent.cli.common import check_out_folder, console, friendly, make_out_folder
from shopagent.errors import ShopagentError

if TYPE_CHECKING:
    from shopagent.study.analysis.population import PopulationReport
    from shopagent.study.analysis.reference import ReferenceProfile
    from shopagent.types import Session


@friendly
def report(
    logs: list[Path] = typer.Argument(..., help="Session logs (sessions.jsonl) or run folders; two or more are compared side by side."),
    out: Optional[Path] = typer.Option(
        None,
        help="Also write the report here. For one log: report.json, report.md, and report.html (funnel, outcomes, leave reasons, "
        "and a path viewer of every session's steps, rationales and screenshots, filterable by persona and outcome). "
        "For several: comparison.json and comparison.md, and paired.json and report.html when they share session ids (the same personas).",
    ),
    reference: Optional[str] = typer.Option(
        None,
        help="Set one population beside people: 'bundled' (published figures), a profile JSON, human session logs, "
        "OPeRA sessions (a folder of timeline files, or its action table as parquet or CSV), "
        "or a clickstream (OTTO JSONL, RetailRocket events.csv).",
    ),
) -> None:
    """Read what a population did: conversion, the page funnel, where shoppers left, failed actions.

    Example: shopagent report runs/store-a runs/store-b --out reports/a-vs-b
    Example: shopagent report runs/store-a --reference bundled --out reports/a
    Example: shopagent report runs/store-a --reference ../shared/data/opera_sample/sessions
    Example: shopagent report runs/store-a --out reports/a   (then open reports/a/report.html in a browser)
    """
    from shopagent.sessionlog import read_sessions, session_files
    from shopagent.study.analysis.population import build_report
    from shopagent.study.render.population import compare_table, summary_table, write_comparison, write_report

    if reference is not None and len(logs) != 1:
        raise ShopagentError("--reference sets one population beside people; give one log")
    if out is not None:
        check_out_folder(out)
    profile = _reference_profile(reference) if reference is not None else None  # a bad file stops us before any table
    reports, sessions, runs = {}, [], {}
    for log in logs:
        files = session_files(log)
        if not files or not all(f.exists() for f in files):
            raise ShopagentError(f"{log}: no session log here (expected a sessions.jsonl or a folder holding one)")
        name = log.name if log.is_dir() else f"{log.parent.name}/{log.name}"
        sessions = runs[name] = read_sessions(files)
        reports[name] = build_report(sessions)
    if out is not None:
        make_out_folder(out)  # before any table: a folder that cannot be made is the only thing said
    if len(reports) == 1:
        ((name, only),) = reports.items()
        console.print(summary_table(only, title=f"Population: {name}"))
        if profile is not None:
            _beside_people(only, sessions, profile, out)
        if out:
            json_path, md_path = write_report(only, out, name, sessions, _run_folder(logs[0]) / "screenshots")
            console.print(f"wrote {json_path}, {md_path} and {out / 'report.html'}")
    else:
        if len(reports) < len(logs):
            raise ShopagentError("two of the logs have the same name; compare run folders with different names")
        console.print(compare_table(reports))
        if out:
            json_path, md_path = write_comparison(reports, out)
            console.print(f"wrote {json_path} and {md_path}")
        _paired(runs, out)


def _run_folder(log: Path) -> Path:
    """The folder a run wrote its log (and screenshots/) in."""
    return log if log.is_dir() else log.parent


def _paired(runs: dict[str, list[Session]], out: Path | None) -> None:
    """Runs of the same personas (the same session ids) are a study: differences with CIs, McNemar, diverging personas."""
    from shopagent.study.analysis.compare import compare_arms
    from shopagent.study.render.study import paired_runs_record, study_html, study_table

    shared = set.intersection(*({s.session_id for s in sessions} for sessions in runs.values()))
    if not shared:
        return
    comparison = compare_arms(" vs ".join(runs), runs)
    console.print(study_table(comparison))
    if out:
        (out / "paired.json").write_text(comparison.model_dump_json(indent=2) + "\n", encoding="utf-8")
        (out / "report.html").write_text(study_html(comparison, paired_runs_record(runs)), encoding="utf-8")
        console.print(f"the runs share {len(shared)} session ids, so they are paired: wrote paired.json and report.html in {out}")


def _reference_profile(reference: str) -> ReferenceProfile:
    from shopagent.study.analysis.reference import bundled_profile, load_reference

    return bundled_profile() if reference == "bundled" else load_reference(Path(reference))


def _beside_people(report: PopulationReport, sessions: list[Session], profile: ReferenceProfile, out: Path | None) -> None:
    """Fill report.reference, print its table, and draw fidelity.svg when writing."""
    from shopagent.study.analysis.behaviour import facts_from_session
    from shopagent.study.analysis.fidelity import compare
    from shopagent.study.render.fidelity import fidelity_chart, fidelity_table

    facts = [facts_from_session(s) for s in sessions if s.end is not None]
    report.reference = compare(facts, profile)
    console.print(fidelity_table(report.reference))
    if out:
        console.print(f"wrote {fidelity_chart(report.reference, facts, profile, out / 'fidelity.svg')}")
