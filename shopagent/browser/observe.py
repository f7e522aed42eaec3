"""Observe a page: run the simplifier (simplify/*.js) and return a SPEC §2 Observation."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from shopagent.types import Observation

ID_ATTR = "data-shopagent-id"
_GLOBAL = "__shopagentSimplify"
_CALL = f"(options) => window.{_GLOBAL} ? window.{_GLOBAL}(options) : null"
_TOKEN = re.compile(r"\w+|[^\w\s]")


# The simplifier's stages, in the order they are joined: reading the DOM, names and ids, the walk that
# extracts the output tree and the element list, rendering, the token budget, and the run of them all.
SIMPLIFIER_PARTS = ("read.js", "ids.js", "extract.js", "render.js", "budget.js", "main.js")


@lru_cache(maxsize=1)
def simplifier_source() -> str:
    """The simplifier as one `(options) => ...` function: its parts share one closure, so each call starts afresh."""
    folder = Path(__file__).with_name("simplify")
    body = "\n".join(f"// ---- {name}\n" + (folder / name).read_text(encoding="utf-8") for name in SIMPLIFIER_PARTS)
    return f"(options) => {{\n{body}\nreturn simplify(options);\n}}"


def install_script() -> str:
    """JavaScript that defines the simplifier in a document (as an init script, or on demand)."""
    return f"window.{_GLOBAL} = {simplifier_source()};\n0"


def count_tokens(text: str) -> int:
    """Token estimate shared with the simplifier (simplify/budget.js): words and punctuation marks."""
    return len(_TOKEN.findall(text))


CUT_MARKER = "\n… (the rest of the page is cut to fit the model)"


def cut_to_tokens(text: str, limit: int, marker: str = CUT_MARKER) -> str:
    """The text up to its `limit`-th token by count_tokens, and a marker where it was cut."""
    for number, match in enumerate(_TOKEN.finditer(text), start=1):
        if number > limit:
            return text[: match.start()].rstrip() + marker
    return text


async def observe(page: Page, max_tokens: int = 0) -> Observation:
    """Simplify the live page, writing each element's semantic id onto it.

    Retries once if a navigation replaces the document while the routine runs.
    """
    for attempt in range(3):
        try:
            raw = await page.evaluate(_CALL, {"maxTokens": max_tokens})
            if raw is None:  # first observation of this document: install the routine once
                await page.evaluate(install_script())
                raw = await page.evaluate(_CALL, {"maxTokens": max_tokens})
            break
        except PlaywrightError as exc:
            if attempt == 2 or ("context was destroyed" not in str(exc) and "navigat" not in str(exc)):
                raise
            await page.wait_for_load_state("domcontentloaded")
    return Observation.model_validate_json(raw)


async def observe_html(page: Page, html: str, url: str = "about:blank", max_tokens: int = 0) -> Observation:
    """Simplify stored HTML with the same routine, in a page that fetches nothing."""
    # "load": every picture and stylesheet has arrived or been refused, so their boxes (and what counts as visible) are settled.
    await page.set_content(html, wait_until="load")
    obs = await observe(page, max_tokens)
    return obs.model_copy(update={"url": url})
