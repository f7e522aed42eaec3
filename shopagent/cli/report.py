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
    out: Optional[Path] = typer.Option(None, help="Also write report.json and report.md here (one log only)."),
) -> None:
    """Read what a population did: conversion, the page funnel, where shoppers left, failed actions.

    Example: shopagent report runs/store-a runs/store-b
    """
    from shopagent.sessionlog import read_sessions, session_files
    from shopagent.study.report import build_report, compare_table, summary_table, write_report

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
        if out:
            raise ShopagentError("--out writes the report of one log; give one log to write it")
        console.print(compare_table(reports))
