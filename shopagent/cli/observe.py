"""`shopagent observe URL`: how any page looks to a shopper agent."""

from __future__ import annotations

import asyncio
import json

import typer
from rich.table import Table

from shopagent.cli.common import console, friendly
from shopagent.types import Observation


async def _observe(url: str, max_tokens: int) -> Observation:
    from shopagent.browser.session import Browser, origin_of

    async with Browser() as browser:
        shopper = await browser.new_shopper([origin_of(url)])
        await shopper.goto(url)
        return await shopper.observe(max_tokens)


@friendly
def observe(
    url: str = typer.Argument(..., help="Page to observe (any URL the browser can reach)."),
    as_json: bool = typer.Option(False, "--json", help="Print the full SPEC §2 observation as JSON."),
    max_tokens: int = typer.Option(
        0, min=0, help="Fit the HTML into this many tokens: site chrome goes first, then secondary content, then list tails (0: no limit)."
    ),
) -> None:
    """Print how a page looks to a shopper agent: simplified HTML and semantic ids.

    Example: shopagent observe http://127.0.0.1:8000/search?q=tea --max-tokens 2000
    """
    obs = asyncio.run(_observe(url, max_tokens))
    if as_json:
        print(json.dumps({**obs.model_dump(mode="json", exclude_defaults=True), "truncated": obs.truncated}, indent=2, ensure_ascii=False))
        return
    console.print(f"[bold]{obs.title}[/]  {obs.url}" + ("  [yellow](cut to fit the budget)[/]" if obs.truncated else ""))
    console.print(obs.html, highlight=False, markup=False, soft_wrap=True)  # the terminal wraps lines; rich would break tags
    table = Table(title=f"{len(obs.elements)} elements")
    table.add_column("id", no_wrap=True, overflow="fold")  # ids whole: they are what a policy names
    table.add_column("kind", no_wrap=True)
    table.add_column("text", overflow="ellipsis")
    for e in obs.elements:
        table.add_row(e.id, e.kind + (" (purchase)" if e.purchase else ""), e.text[:60])
    console.print(table)
