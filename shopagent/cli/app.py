"""The `shopagent` command: one typer app, one module per command group."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import Any, cast

import typer
from typer.core import TyperGroup

from shopagent.cli.common import err
from shopagent.cli.data import data_app
from shopagent.cli.observe import observe
from shopagent.cli.personas import personas_app
from shopagent.cli.record import record
from shopagent.cli.replay import replay_app
from shopagent.cli.report import report
from shopagent.cli.schema import schema
from shopagent.cli.simulate import simulate
from shopagent.cli.store import store_app
from shopagent.cli.study import study
from shopagent.cli.train import train_app

HELP = """shopagent: a browser-in-the-loop simulator of online shoppers.

\b
Examples:
  shopagent simulate                                  the bundled shopper, offline, on the bundled store
  shopagent personas generate -n 40 --out people/ --catalog bundled
  shopagent simulate --personas people/ --concurrency 8 --out runs/a
  shopagent report runs/a
  shopagent study examples/studies/free-shipping.yaml --out runs/free-shipping
  shopagent observe http://127.0.0.1:8000/ --max-tokens 2000

\b
Exit codes:
  0    done (for simulate: at least one session ended other than in error)
  1    simulate: every session ended in error (the log says why)
  2    bad input or options, unreachable store, busy port: one line on stderr
  130  interrupted; every finished step is already on disk
"""


class OneLineErrors(TyperGroup):
    """Usage mistakes (a bad option, a value out of range) as one line on stderr, exit 2."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except typer.Abort:
            err.print("interrupted")
            sys.exit(130)
        except typer.TyperException as exc:  # click's exceptions, as typer vendors them
            show_usage_error(exc)
            sys.exit(getattr(exc, "exit_code", 2))
        sys.exit(code if isinstance(code, int) else 0)


def show_usage_error(exc: typer.TyperException) -> None:
    if type(exc).__name__ == "NoArgsIsHelpError":  # a group called bare: its help, as click shows it
        cast(Any, exc).show()
        return
    ctx = getattr(exc, "ctx", None)
    hint = f" (see: {ctx.command_path} --help)" if ctx is not None else ""
    message = getattr(exc, "format_message", lambda: str(exc))()
    err.print(f"[bold red]error:[/] {message}{hint}", highlight=False, soft_wrap=True)


app = typer.Typer(cls=OneLineErrors, help=HELP, no_args_is_help=True, add_completion=False, rich_markup_mode=None)
app.command()(simulate)
app.command()(report)
app.command()(observe)
app.command()(record)
app.command()(schema)
app.command()(study)
app.add_typer(store_app, name="store")
app.add_typer(personas_app, name="personas")
app.add_typer(replay_app, name="replay")
app.add_typer(data_app, name="data")
app.add_typer(train_app, name="train")


class WarningLines(logging.Handler):
    """The package's warnings (a torn log line, ...) as one yellow line each on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        err.print(f"[yellow]warning:[/] {record.getMessage()}", highlight=False, soft_wrap=True)


def main() -> None:
    logger = logging.getLogger("shopagent")
    logger.addHandler(WarningLines(logging.WARNING))
    logger.propagate = False
    app()
