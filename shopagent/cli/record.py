"""`shopagent record`: record a person shopping, as a human session."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Optional

import typer

from shopagent.cli.common import console, friendly, store_for


@friendly
def record(
    persona: Path = typer.Option(..., "--persona", help="Who the person is shopping as (JSON or YAML)."),
    store_url: Optional[str] = typer.Option(None, help="Store to shop at; default: start the bundled store."),
    out: Path = typer.Option(..., help="Session log (JSONL) to append the recording to."),
    ask_why: float = typer.Option(
        0.0, "--ask-why", min=0, max=1, help="Fraction of clicks, searches and selects that ask for a one-line reason."
    ),
) -> None:
    """Record a person shopping in a visible browser, as a human session (SPEC §4).

    Closing the window ends the session as terminate unless a purchase happened.
    Example: shopagent record --persona examples/personas/maya.json --out recordings/maya.jsonl --ask-why 0.1
    """
    from shopagent.persona import load_persona
    from shopagent.replay.recorder import record_session
    from shopagent.sessionlog import SessionLog

    who = load_persona(persona)
    with store_for(store_url) as start:
        console.print(f"Recording at {start}. Shop as {who.name}: {who.intent}. Close the window to stop.", highlight=False)
        with SessionLog(out) as log:
            end = asyncio.run(record_session(who, start, log, ask_why))
    console.print(f"{end.outcome} after {end.steps} steps; written to {out}", highlight=False)
