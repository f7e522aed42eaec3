"""`shopagent personas ...`: generate personas."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Optional

import typer

from shopagent.cli.common import check_out_folder, console, friendly, make_out_folder
from shopagent.errors import ShopagentError
from shopagent.persona.generate import StoreItem
from shopagent.study.analysis.store_scan import DEFAULT_MAX_PAGES

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
        None,
        help="Fit the intents to a store: a catalog file (JSON or CSV), or 'bundled' for the mock store's. The fitting uses the "
        "shopper's own reading of each intent, so it is no evidence that a purchase fits; the personas carry no hand labels.",
    ),
    store_url: Optional[str] = typer.Option(
        None, help="Fit the intents to a live store instead: its products are read from its category and listing pages."
    ),
    max_pages: int = typer.Option(DEFAULT_MAX_PAGES, min=1, help="With --store-url: how many of its pages to read at most."),
    unmet: float = typer.Option(
        0.2, min=0.0, max=1.0, help="With --catalog or --store-url: the share of intents the store cannot satisfy."
    ),
) -> None:
    """Sample diverse personas with real WebShop shopper intents; with --catalog or --store-url, intents that store can satisfy.

    Fitting intents to a store is judged by the shopper's own reading of them: it is not evidence of fit, and the
    personas have no hand labels (`expect`), so a study leaves their intent fit blank.

    Example: shopagent personas generate -n 100 --out personas/ --seed 1 --catalog bundled --unmet 0.2
    """
    from shopagent.persona.generate import generate_personas, write_personas

    check_out_folder(out)
    if split not in (None, "train", "eval"):
        raise ShopagentError("--split must be train or eval")
    if catalog is not None and store_url is not None:
        raise ShopagentError("give --catalog or --store-url, not both")
    store = _store_items(catalog, store_url, max_pages)
    if store is not None:
        console.print(f"the store sells {len(store)} products; fitting intents to them")
    personas = generate_personas(n, seed, split, store=store, unmet=unmet)
    paths = write_personas(personas, make_out_folder(out))
    console.print(f"wrote {len(paths)} personas to {out}")


def _store_items(catalog: str | None, store_url: str | None, max_pages: int) -> list[StoreItem] | None:
    """What the store sells, from a catalog file or by reading a live store's pages."""
    if store_url is not None:
        from shopagent.study.analysis.store_scan import scan_store

        return asyncio.run(scan_store(store_url, max_pages))
    if catalog is not None:
        from shopagent.study.analysis.store_scan import catalog_items

        return catalog_items(None if catalog == "bundled" else Path(catalog))
    return None
