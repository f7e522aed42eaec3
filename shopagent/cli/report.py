"""`shopagent report RUN [RUN...]`: what a population did, or several side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from shopagent.cli.common import console, friendly
from shopagent.errors import ShopagentError


@friendly
def report(
    logs: list[Path] = typer.Argument(..., help="Session logs (sessions.jsonl) or run folders; two or more are compared side by side."),
    out: Optional[Path] = typer.Option(
        None, help="Also write the report here: report.json and report.md for one log, comparison.json and comparison.md for several."
    ),
) -> None:
    """Read what a population did: conversion, the page funnel, where shoppers left, failed actions.

    Example: shopagent report runs/store-a runs/store-b --out reports/a-vs-b
    """
    from shopagent.sessionlog import read_sessions, session_files
    from shopagent.study.report import build_report, compare_table, summary_table, write_comparison, write_report

    reports = {}
    for log in logs:
        files = session_files(log)
        if not files or not all(f.exists() for f in files):
            raise ShopagentError(f"{log}: no session log here (expected a sessions.jsonl or a folder holding one)")
        name = log.name if log.is_dir() else f"{log.parent.name}/{log.name}"
        reports[name] = build_report(read_sessions(files))
    if len(reports) == 1:
        ((name, only),) = reports.items()
        console.print(summary_table(only, title=f"Population: {name}"))
        if out:
            json_path, md_path = write_report(only, out, name)
            console.print(f"wrote {json_path} and {md_path}")
    else:
        if len(reports) < len(logs):
            raise ShopagentError("two of the logs have the same name; compare run folders with different names")
        console.print(compare_table(reports))
        if out:
            json_path, md_path = write_comparison(reports, out)
            console.print(f"wrote {json_path} and {md_path}")
