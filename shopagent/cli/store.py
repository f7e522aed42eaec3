"""`shopagent store ...`: the bundled mock storefront."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from shopagent.cli.common import console, friendly

store_app = typer.Typer(help="The bundled mock storefront.\n\nExample: shopagent store serve --port 8000", no_args_is_help=True)


@store_app.command("serve")
@friendly
def store_serve(
    port: int = typer.Option(8000, min=1, max=65535, help="Port on 127.0.0.1."),
    catalog: Optional[Path] = typer.Option(None, help="Catalog JSON or CSV file; default: the bundled 1,200-product catalog."),
    variant: Optional[Path] = typer.Option(
        None, help="A store variant (YAML or JSON): shipping, ratings, filters, sort, checkout fields, prices, banner, labels."
    ),
) -> None:
    """Serve the mock store on 127.0.0.1.

    Example: shopagent store serve --port 8000
    Example: shopagent store serve --variant examples/variants/free-shipping-50.yaml
    """
    from shopagent.mock_store.server import serve_forever
    from shopagent.mock_store.variant import load_variant

    the_variant = load_variant(variant) if variant else None

    def ready(url: str) -> None:
        which = f"  variant: {the_variant.name}" if the_variant else ""
        console.print(f"Store at [bold]{url}[/]{which}  (events: /api/events, orders: /api/orders)", highlight=False)

    serve_forever(port, catalog, on_ready=ready, variant=the_variant)
