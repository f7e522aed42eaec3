"""What every command shares: the consoles, one-line errors, default output folders, progress bars, the store."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn

from shopagent.errors import BadInput, ShopagentError

if TYPE_CHECKING:
    from shopagent.browser.session import BrowserLaunch

console = Console()
err = Console(stderr=True)

POLICY_HELP = (
    "offline | local (bundled llama.cpp, no key) | openai | transformers, or your own: module.path:ClassName, "
    "file.py:ClassName, or a name a package registers under the shopagent.policies entry points"
)
EXAMPLE_PERSONA = Path(__file__).resolve().parents[2] / "examples" / "personas" / "maya.json"

F = TypeVar("F", bound=Callable[..., Any])


def friendly(fn: F) -> F:
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

    return cast(F, wrapper)


def default_out(kind: str) -> Path:
    return Path("runs") / f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-{kind}"


def check_out_folder(folder: Path, option: str = "--out") -> Path:
    """Before anything runs: `folder` is a folder, or one can be made there. Nothing is created yet."""
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"{option} {folder}: is a file, not a folder")
    parent = folder.absolute()
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise BadInput(f"{option} {folder}: {parent} is a file, so no folder can be made inside it")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BadInput(f"{option} {folder}: {parent} is not writable")
    return folder


def make_out_folder(folder: Path, option: str = "--out") -> Path:
    """Create the output folder, or say in one line why it cannot be (a read-only or virtual file system)."""
    check_out_folder(folder, option)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"{option} {folder}: cannot create this folder ({exc.strerror or exc})") from None
    return folder


def progress_bar(*extra: ProgressColumn) -> Progress:
    """The progress bar every long command shows: what, bar, n/total, any extra columns, time."""
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), *extra, TimeElapsedColumn(), console=console)


@contextmanager
def store_for(store_url: str | None, variant: Path | None = None) -> Iterator[str]:
    """The store to shop at: --store-url as given (once it answers), or else the bundled store (as --variant
    changes it), started for as long as the command runs."""
    from shopagent.browser.store import open_store
    from shopagent.mock_store.variant import load_variant

    if store_url and variant:
        raise ShopagentError("--variant changes the bundled store; it cannot change the store at --store-url")
    with open_store(store_url, load_variant(variant) if variant else None) as url:
        yield url


def browser_launch(headed: bool, slow_mo: float, images: bool) -> BrowserLaunch:
    """How the browser starts: a headed run is watched (rationale and target on screen), a headless one is not."""
    from shopagent.browser.session import BrowserLaunch

    return BrowserLaunch(headless=not headed, slow_mo=slow_mo, images=images, watch=headed)
