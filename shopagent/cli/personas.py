"""`shopagent personas ...`: generate personas."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from shopagent.cli.common import console, friendly
from shopagent.errors import ShopagentError

personas_app = typer.Typer(
    help="Generate personas.\n\nExample: shopagent personas generate -n 100 --out personas/ --seed 1", no_args_is_help=True
)


@personas_app.command("generate")
@friendly
def personas_generate(
    n: int = typer.Option(10, "-n", min=1, help="How many personas."),
    out: Path = typer.Option(..., help="Folder to write persona_0000.json ... into."),
    seed: int = typer.Option(0, help="The same seed gives the same personas."),
    split: Optional[str] = typer.Option(None, help="Draw intents from WebShop's 'train' or 'eval' split only."),
) -> None:
    """Sample diverse personas with real WebShop shopper intents.

    Example: shopagent personas generate -n 100 --out personas/ --seed 1
    """
    from shopagent.persona.generate import generate_personas, write_personas

    if n < 1:
        raise ShopagentError("-n must be at least 1")
    if split not in (None, "train", "eval"):
        raise ShopagentError("--split must be train or eval")
    paths = write_personas(generate_personas(n, seed, split), out)
    console.print(f"wrote {len(paths)} personas to {out}")
