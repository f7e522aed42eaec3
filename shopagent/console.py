"""What every command shares: the rich consoles, one-line errors, default output folders."""

from __future__ import annotations

import functools
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

import typer
from rich.console import Console

from shopagent.errors import ShopagentError

console = Console()
err = Console(stderr=True)


def friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Show user mistakes as one line on stderr (exit 2), never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ShopagentError as exc:
            err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err.print("interrupted; everything finished so far is already on disk")
            raise typer.Exit(130) from None

    return wrapper


def default_out(kind: str) -> Path:
    return Path("runs") / f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-{kind}"
