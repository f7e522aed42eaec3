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
) -> None:
    """Serve the mock store on 127.0.0.1.

    Example: shopagent store serve --port 8000
    """
    from shopagent.mock_store.server import serve_forever

    def ready(url: str) -> None:
        console.print(f"Store at [bold]{url}[/]  (events: /api/events, orders: /api/orders)")

    serve_forever(port, catalog, on_ready=ready)
