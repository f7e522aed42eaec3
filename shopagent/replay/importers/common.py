"""Helpers shared by the importers: element lists from stored HTML, and slugs."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from shopagent.types import Element, ElementKind


def slug(text: str) -> str:
    """The simplifier's id rule in Python: lower-case words joined by underscores."""
    return "_".join(re.findall(r"[a-z0-9]+", text.lower().replace("&", " and ")))


def _kind(tag) -> ElementKind:  # type: ignore[no-untyped-def]
    name = tag.name
    if name == "a":
        return "link"
    if name == "select":
        return "select"
    if name == "textarea":
        return "input"
    if name == "input":
        kind = (tag.get("type") or "text").lower()
        if kind in ("checkbox", "radio"):
            return kind  # type: ignore[return-value]
        return "button" if kind in ("submit", "button", "reset", "image") else "input"
    return "button"


def elements_from_html(html: str) -> list[Element]:
    """Every tag carrying a semantic id in `name` (SPEC §2), in document order."""
    soup = BeautifulSoup(html or "", "lxml")
    out: list[Element] = []
    seen: set[str] = set()
    for tag in soup.find_all(attrs={"name": True}):
        element_id = str(tag["name"])
        if element_id in seen or tag.name in ("meta", "form", "iframe", "map", "param"):
            continue
        kind = _kind(tag)
        # Region containers carry names too; only leaves and controls are elements.
        if kind == "button" and tag.name not in ("button",) and tag.find(attrs={"name": True}):
            continue
        seen.add(element_id)
        text = " ".join(tag.get_text(" ").split())[:120] or str(tag.get("placeholder") or tag.get("aria-label") or "")
        options = [" ".join(o.get_text(" ").split()) for o in tag.find_all("option")] if kind == "select" else None
        out.append(Element(id=element_id, kind=kind, text=text, options=options,
                           purchase=tag.get("data-purchase") == "true", disabled=tag.has_attr("disabled")))
    return out
