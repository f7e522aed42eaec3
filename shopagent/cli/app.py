"""The `shopagent` command: one typer app, one module per command group."""

from __future__ import annotations

import typer

from shopagent.cli.data import data_app
from shopagent.cli.observe import observe
from shopagent.cli.personas import personas_app
from shopagent.cli.record import record
from shopagent.cli.replay import replay_app
from shopagent.cli.report import report
from shopagent.cli.schema import schema
from shopagent.cli.simulate import simulate
from shopagent.cli.store import store_app
from shopagent.cli.train import train_app

HELP = """shopagent: a browser-in-the-loop simulator of online shoppers.

\b
Examples:
  shopagent simulate                                  the bundled shopper, offline, on the bundled store
  shopagent simulate --personas people/ --concurrency 8 --out runs/a
  shopagent report runs/a
  shopagent observe http://127.0.0.1:8000/ --max-tokens 2000
"""

app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False, rich_markup_mode=None)
app.command()(simulate)
app.command()(report)
app.command()(observe)
app.command()(record)
app.command()(schema)
app.add_typer(store_app, name="store")
app.add_typer(personas_app, name="personas")
app.add_typer(replay_app, name="replay")
app.add_typer(data_app, name="data")
app.add_typer(train_app, name="train")


def main() -> None:
    app()
