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
    catalog: Optional[str] = typer.Option(
        None, help="Fit the intents to a store: a catalog file (JSON or CSV), or 'bundled' for the mock store's."
    ),
    unmet: float = typer.Option(0.2, min=0.0, max=1.0, help="With --catalog: the share of intents the store cannot satisfy."),
) -> None:
    """Sample diverse personas with real WebShop shopper intents; with --catalog, intents that store can satisfy.

    Example: shopagent personas generate -n 100 --out personas/ --seed 1 --catalog bundled --unmet 0.2
    """
    from shopagent.persona.generate import StoreItem, generate_personas, write_personas

    if split not in (None, "train", "eval"):
        raise ShopagentError("--split must be train or eval")
    store = None
    if catalog is not None:
        from shopagent.mock_store.server import build_catalog

        products = build_catalog(None if catalog == "bundled" else Path(catalog)).products.values()
        store = [StoreItem(p.title, p.brand, " ".join([p.description, *p.bullets])) for p in products]
    paths = write_personas(generate_personas(n, seed, split, store=store, unmet=unmet), out)
    console.print(f"wrote {len(paths)} personas to {out}")
