"""WebShop human trajectories (princeton-nlp/WebShop, `il_trajs_finalized_images.jsonl`) to native sessions.

Each line holds parallel lists: `states` (the text page), `available_actions`,
`action_idxs` and `actions` (`search[...]`, `click[...]`, ending in
`click[buy now]`). Mapping:
- `search[q]` becomes `type` into the element `search` with submit;
- `click[buy now]` becomes `purchase`; any other `click[x]` becomes `click` on the
  element labelled x on that step's page;
- the text state becomes HTML as a small store would serve it, and that HTML goes
  through the same simplifier as live pages (one id rule, in browser/simplify/), so
  policies read it like any other page:
  - results: each product is a card headed by its name, whose link is the ASIN
    (`search_results.<asin>.link`), with the price beside it;
  - item page: the title as a heading, each option group as radios
    `product.<group>.<option>` (a `[clicked button]` is checked), and the buttons
    `product.buy_now` (a purchase control), `product.description`, ...;
  - navigation buttons (`back_to_search`, `next`, `prev`) and the search box
    (`search`); available actions not shown in the text are added as buttons.
The instruction is the persona's intent, and its price cap the budget.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shopagent.browser.session import Browser
from shopagent.errors import BadInput, invalid_json
from shopagent.types import (
    Action,
    ActionResult,
    Click,
    EndRecord,
    Observation,
    Outcome,
    Persona,
    Purchase,
    Session,
    SessionRecord,
    StepRecord,
    Type,
)

BUTTON = re.compile(r"\[(clicked )?button\]\s*(.*?)\s*\[(?:clicked )?button_\]", re.I)
ACTION = re.compile(r"^\s*(search|click)\[(.*)\]\s*$", re.S)
INSTRUCTION = re.compile(r"Instruction:\s*(.*?)\s*(?:\[button\]|\n\[|$)", re.S | re.I)
BUDGET = re.compile(r"price lower than\s+\$?([\d,.]+)\s*dollars", re.I)
PRICE = re.compile(r"\$\s?\d")
BUY_NOW = "buy now"


def parse_action(raw: str, where: str, ids: dict[str, str] | None = None) -> Action:
    """One WebShop action; `ids` maps the labels on that step's page to their element ids."""
    match = ACTION.match(raw)
    if not match:
        raise BadInput(f"{where}: action {raw!r} is neither search[...] nor click[...]")
    verb, arg = match.group(1), match.group(2).strip()
    if verb == "search":
        return Type(target=(ids or {}).get("search", "search"), text=arg, submit=True)
    target = (ids or {}).get(arg.lower())
    if target is None:
        raise BadInput(f"{where}: nothing labelled {arg!r} on that page")
    if arg.lower() == BUY_NOW:
        return Purchase(target=target)
    return Click(target=target)


def page_kind(state: str) -> str:
    lowered = state.lower()
    if "[button] buy now [button_]" in lowered:
        return "item"
    if "back to search" in lowered:
        return "results"
    return "search"


NAVIGATION = {"back to search", "next >", "< prev"}
ITEM_BUTTONS = {"description", "features", "reviews", "attributes", "buy now"}
NOT_OPTIONS = NAVIGATION | ITEM_BUTTONS  # buttons on an item page that are not option choices


@dataclass
class _Token:
    text: str
    button: bool = False
    clicked: bool = False


def _tokens(state: str) -> list[_Token]:
    """The text page as a flat run of text lines and buttons, in reading order."""
    out: list[_Token] = []
    for line in re.split(r"\n|\s\[SEP\]\s", state):
        last = 0
        for match in BUTTON.finditer(line):
            if line[last : match.start()].strip():
                out.append(_Token(line[last : match.start()].strip()))
            out.append(_Token(match.group(2).strip(), button=True, clicked=bool(match.group(1))))
            last = match.end()
        if line[last:].strip():
            out.append(_Token(line[last:].strip()))
    return out


class _Page:
    """Builds one page as plain, semantic HTML; the simplifier names its elements, as on any live page."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.labels: set[str] = set()  # lower-cased labels of the controls shown

    def button(self, label: str, clicked: bool = False) -> str:
        self.labels.add(label.lower())
        pressed = ' aria-pressed="true"' if clicked else ""
        return f"<button{pressed}>{html.escape(label)}</button>"

    def search_box(self) -> str:
        self.labels.add("search")
        return '<input type="search" placeholder="Search"/>'

    def card(self, asin: str, title: str, price: str) -> str:
        # WebShop's clickable is the ASIN; the title is the card's heading (what a shopper reads).
        self.labels.add(asin.lower())
        return (
            f'<li aria-label="{html.escape(asin)}"><h3>{html.escape(title or asin)}</h3> <a href="#">{html.escape(asin)}</a>'
            + (f" <p>{html.escape(price)}</p>" if price else "")
            + "</li>"
        )

    def option(self, label: str, checked: bool) -> str:
        self.labels.add(label.lower())
        mark = " checked" if checked else ""
        return f'<label><input type="radio"{mark}/> {html.escape(label)}</label>'


def _text(token: _Token) -> str:
    return f"<p>{html.escape(token.text)}</p>"


def _render_results(tokens: list[_Token], page: _Page) -> None:
    cards: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.button and token.text.lower() not in NAVIGATION and i + 1 < len(tokens) and not tokens[i + 1].button:
            details = []
            while i + 1 < len(tokens) and not tokens[i + 1].button:
                i += 1
                details.append(tokens[i].text)
            price = next((d for d in details if PRICE.search(d)), "")
            title = next((d for d in details if d != price), "")
            cards.append(page.card(token.text, title, price))
        elif token.button:
            page.parts.append("<p>" + page.button(token.text, clicked=token.clicked) + "</p>")
        else:
            page.parts.append(_text(token))
        i += 1
    if cards:
        page.parts.append('<section aria-label="Search results"><ul>' + " ".join(cards) + "</ul></section>")


def _option_group(tokens: list[_Token], i: int, page: _Page) -> tuple[str, int]:
    """A label followed by option buttons becomes a fieldset of radios; returns it and the last token used."""
    name, options = tokens[i].text, []
    while i + 1 < len(tokens) and tokens[i + 1].button and tokens[i + 1].text.lower() not in NOT_OPTIONS:
        i += 1
        options.append(page.option(tokens[i].text, tokens[i].clicked))
    return f"<fieldset><legend>{html.escape(name)}</legend> " + " ".join(options) + "</fieldset>", i


def _render_item(tokens: list[_Token], page: _Page) -> None:
    header: list[str] = []
    groups: list[str] = []
    details: list[str] = []
    actions: list[str] = []
    title = ""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        label = token.text.lower()
        if token.button and label in NAVIGATION:
            header.append("<p>" + page.button(token.text, clicked=token.clicked) + "</p>")
        elif token.button:
            actions.append(page.button(token.text, clicked=token.clicked))
        elif i + 1 < len(tokens) and tokens[i + 1].button and tokens[i + 1].text.lower() not in NOT_OPTIONS:
            group, i = _option_group(tokens, i, page)
            groups.append(group)
        elif groups and not title and not re.match(r"(price|rating)\s*:", label):
            title = token.text
        elif groups or title or re.match(r"(price|rating)\s*:", label):
            details.append(_text(token))
        else:
            header.append(_text(token))
        i += 1
    page.parts.extend(header)
    page.parts.append(
        '<section aria-label="Product">'
        + (f"<h1>{html.escape(title)}</h1> " if title else "")
        + " ".join(details)
        + " <form>"
        + " ".join(groups)
        + " "
        + " ".join(actions)
        + "</form></section>"
    )


def render_state(state: str, available: list[Any], clicked: str | None = None) -> tuple[str, str]:
    """The text page as HTML a store would serve, and its kind (search, results, item).

    Every available action, and the label the person clicked, is on the page, so each
    click has an element to name.
    """
    page = _Page()
    kind = page_kind(state)
    tokens = _tokens(state)
    if kind == "search":
        for token in tokens:
            if token.button and token.text.lower() == "search":
                page.parts.append("<p>" + page.search_box() + "</p>")
            else:
                page.parts.append("<p>" + page.button(token.text, clicked=token.clicked) + "</p>" if token.button else _text(token))
    elif kind == "results":
        _render_results(tokens, page)
    else:
        _render_item(tokens, page)
    extra = [m.group(2) if (m := ACTION.match(str(item))) else str(item) for item in available or []]
    for text in extra + ([clicked] if clicked else []):
        if not text or text.lower() in page.labels:
            continue
        page.parts.append("<p>" + (page.search_box() if text.lower() == "search" else page.button(text)) + "</p>")
    return "<main>" + "".join(page.parts) + "</main>", kind


async def observe_state(
    browser: Browser, state: str, available: list[Any], clicked: str | None = None
) -> tuple[Observation, dict[str, str]]:
    """The page through the same simplifier as live pages, and the id of each label on it (for mapping clicks)."""
    markup, kind = render_state(state, available, clicked)
    obs = await browser.observe_html(f"<html><head><title>WebShop</title></head><body>{markup}</body></html>", f"webshop://{kind}")
    ids: dict[str, str] = {}
    for element in obs.elements:
        ids.setdefault(element.text.lower(), element.id)
    return obs, ids


def persona_of(first_state: str, where: str) -> Persona:
    match = INSTRUCTION.search(first_state)
    if not match or not match.group(1).strip():
        raise BadInput(f"{where}: first state has no 'Instruction:' text")
    intent = " ".join(match.group(1).split())
    budget = BUDGET.search(intent)
    return Persona(
        name="WebShop shopper",
        intent=intent,
        budget=float(budget.group(1).replace(",", "").rstrip(".")) if budget else None,
        background="A crowd worker shopping for an instruction in the WebShop benchmark.",
    )


async def session_of(browser: Browser, record: dict[str, Any], number: int, where: str) -> Session:
    for key in ("states", "actions"):
        if not isinstance(record.get(key), list):
            raise BadInput(f"{where}: missing list field {key!r}")
    states, actions = record["states"], record["actions"]
    available = record.get("available_actions") or [[] for _ in states]
    if len(states) < len(actions):
        raise BadInput(f"{where}: {len(actions)} actions but only {len(states)} states")
    session_id = f"webshop-{number:05d}"
    header = SessionRecord(
        session_id=session_id,
        persona=persona_of(states[0], where),
        start_url="webshop://search",
        source="human",
        policy={"name": "human", "dataset": "WebShop"},
    )
    steps = []
    for i, raw in enumerate(actions):
        clicked = ACTION.match(str(raw))
        obs, ids = await observe_state(
            browser,
            str(states[i]),
            available[i] if i < len(available) else [],
            clicked.group(2).strip() if clicked and clicked.group(1) == "click" else None,
        )
        action = parse_action(str(raw), f"{where}: actions[{i}]", ids)
        after = f"webshop://{page_kind(str(states[i + 1]))}" if i + 1 < len(states) else obs.url
        steps.append(StepRecord(session_id=session_id, index=i, observation=obs, action=action, result=ActionResult(ok=True, url=after)))
    outcome: Outcome = "purchase" if steps and steps[-1].action is not None and steps[-1].action.type == "purchase" else "terminate"
    return Session(header=header, steps=steps, end=EndRecord(session_id=session_id, outcome=outcome, steps=len(steps)))


async def import_webshop(path: Path) -> list[Session]:
    """Every trajectory in the file as a human session; pages are simplified in a headless browser."""
    if not path.exists():
        raise BadInput(f"{path}: no such file (get il_trajs_finalized_images.jsonl from princeton-nlp/WebShop)")
    sessions = []
    async with Browser() as browser:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise invalid_json(path, exc, number) from None
                sessions.append(await session_of(browser, record, number, f"{path}:{number}"))
    return sessions
