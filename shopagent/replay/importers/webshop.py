"""WebShop human trajectories (princeton-nlp/WebShop, `il_trajs_finalized_images.jsonl`) to native sessions.

Each line holds parallel lists: `states` (the text page), `available_actions`,
`action_idxs` and `actions` (`search[...]`, `click[...]`, ending in
`click[buy now]`). Mapping:
- `search[q]` becomes `type` into the element `search` with submit;
- `click[buy now]` becomes `purchase`; any other `click[x]` becomes `click` on the
  element labelled x on that step's page;
- the text state becomes the observation, rendered as a small store page would be
  (SPEC §2 ids), so policies read it like any other page:
  - results: each product is a card, a link `search_results.<asin>.link` titled with
    the product's name, with its ASIN and price beside it;
  - item page: the title as a heading, each option group as radios
    `product.<group>.<option>` (a `[clicked button]` is checked), and the buttons
    `product.buy_now` (a purchase control), `product.description`, ...;
  - navigation buttons (`back_to_search`, `next`, `prev`) and the search box
    (`search`) keep short ids; available actions not shown in the text are added as
    buttons.
The instruction is the persona's intent, and its price cap the budget.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shopagent.errors import BadInput
from shopagent.replay.importers.common import slug
from shopagent.types import (Action, ActionResult, Click, Element, EndRecord, Observation, Persona, Purchase,
                             Session, SessionRecord, StepRecord, Type)

BUTTON = re.compile(r"\[(clicked )?button\]\s*(.*?)\s*\[(?:clicked )?button_\]", re.I)
ACTION = re.compile(r"^\s*(search|click)\[(.*)\]\s*$", re.S)
INSTRUCTION = re.compile(r"Instruction:\s*(.*?)\s*(?:\[button\]|\n\[|$)", re.S | re.I)
BUDGET = re.compile(r"price lower than\s+\$?([\d,.]+)\s*dollars", re.I)
PRICE = re.compile(r"\$\s?\d")
SEARCH_ID = "search"
BUY_NOW = "buy now"


def parse_action(raw: str, where: str, ids: dict[str, str] | None = None) -> Action:
    """One WebShop action; `ids` maps the labels on that step's page to their element ids."""
    match = ACTION.match(raw)
    if not match:
        raise BadInput(f"{where}: action {raw!r} is neither search[...] nor click[...]")
    verb, arg = match.group(1), match.group(2).strip()
    if verb == "search":
        return Type(target=SEARCH_ID, text=arg, submit=True)
    target = (ids or {}).get(arg.lower()) or slug(arg)
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
            if line[last:match.start()].strip():
                out.append(_Token(line[last:match.start()].strip()))
            out.append(_Token(match.group(2).strip(), button=True, clicked=bool(match.group(1))))
            last = match.end()
        if line[last:].strip():
            out.append(_Token(line[last:].strip()))
    return out


class _Page:
    """Builds one observation: HTML parts, elements, and which id each visible label has."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.elements: dict[str, Element] = {}
        self.ids: dict[str, str] = {}  # lower-cased label -> element id

    def add(self, element: Element, label: str, markup: str) -> str:
        self.elements.setdefault(element.id, element)
        self.ids.setdefault(label.lower(), element.id)
        return markup

    def button(self, label: str, element_id: str | None = None, clicked: bool = False) -> str:
        element_id = element_id or slug(label) or "button"
        buy = label.lower() == BUY_NOW
        pressed = ' aria-pressed="true"' if clicked else ""
        purchase = ' data-purchase="true"' if buy else ""
        return self.add(Element(id=element_id, kind="button", text=label, purchase=buy, checked=True if clicked else None), label,
                        f'<button name="{element_id}"{pressed}{purchase}>{html.escape(label)}</button>')

    def search_box(self) -> str:
        return self.add(Element(id=SEARCH_ID, kind="input", text="Search"), "search",
                        f'<input name="{SEARCH_ID}" type="search" placeholder="Search"/>')

    def card(self, asin: str, title: str, price: str) -> str:
        element_id = f"search_results.{slug(asin)}.link"
        return self.add(Element(id=element_id, kind="link", text=title or asin), asin,
                        f'<li><a name="{element_id}">{html.escape(title or asin)}</a> <p>{html.escape(asin)}</p>'
                        + (f" <p>{html.escape(price)}</p>" if price else "") + "</li>")

    def option(self, group: str, label: str, checked: bool) -> str:
        element_id = f"product.{slug(group) or 'option'}.{slug(label) or 'choice'}"
        mark = " checked" if checked else ""
        return self.add(Element(id=element_id, kind="radio", text=label, checked=checked), label,
                        f'<label><input name="{element_id}" type="radio"{mark}/> {html.escape(label)}</label>')


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
        page.parts.append('<section name="search_results"><ul>' + " ".join(cards) + "</ul></section>")


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
        elif token.button and label in ITEM_BUTTONS:
            actions.append(page.button(token.text, f"product.{slug(token.text)}", clicked=token.clicked))
        elif not token.button and i + 1 < len(tokens) and tokens[i + 1].button and tokens[i + 1].text.lower() not in NOT_OPTIONS:
            options = []
            while i + 1 < len(tokens) and tokens[i + 1].button and tokens[i + 1].text.lower() not in NOT_OPTIONS:
                i += 1
                options.append(page.option(token.text, tokens[i].text, tokens[i].clicked))
            groups.append(f'<fieldset name="product.{slug(token.text) or "option"}"><legend>{html.escape(token.text)}</legend> '
                          + " ".join(options) + "</fieldset>")
        elif token.button:
            actions.append(page.button(token.text, clicked=token.clicked))
        elif groups and not title and not re.match(r"(price|rating)\s*:", label):
            title = token.text
        elif groups or title or re.match(r"(price|rating)\s*:", label):
            details.append(_text(token))
        else:
            header.append(_text(token))
        i += 1
    page.parts.extend(header)
    page.parts.append('<article name="product">' + (f"<h1>{html.escape(title)}</h1> " if title else "") + " ".join(details)
                      + " <form>" + " ".join(groups) + " " + " ".join(actions) + "</form></article>")


def render_state(state: str, available: list[Any]) -> tuple[Observation, dict[str, str]]:
    """The text page as simplified HTML, and the id of each label on it (for mapping clicks)."""
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
    for item in available or []:
        label = ACTION.match(str(item))
        text = label.group(2) if label else str(item)
        if not text or text.lower() in page.ids:
            continue
        if text.lower() == "search" and kind == "search":
            page.parts.append("<p>" + page.search_box() + "</p>")
        else:
            page.parts.append("<p>" + page.button(text) + "</p>")
    return Observation(url=f"webshop://{kind}", title="WebShop", html="".join(page.parts), elements=list(page.elements.values())), page.ids


def persona_of(first_state: str, where: str) -> Persona:
    match = INSTRUCTION.search(first_state)
    if not match or not match.group(1).strip():
        raise BadInput(f"{where}: first state has no 'Instruction:' text")
    intent = " ".join(match.group(1).split())
    budget = BUDGET.search(intent)
    return Persona(name="WebShop shopper", intent=intent,
                   budget=float(budget.group(1).replace(",", "").rstrip(".")) if budget else None,
                   background="A crowd worker shopping for an instruction in the WebShop benchmark.")


def session_of(record: dict[str, Any], number: int, where: str) -> Session:
    for key in ("states", "actions"):
        if not isinstance(record.get(key), list):
            raise BadInput(f"{where}: missing list field {key!r}")
    states, actions = record["states"], record["actions"]
    available = record.get("available_actions") or [[] for _ in states]
    if len(states) < len(actions):
        raise BadInput(f"{where}: {len(actions)} actions but only {len(states)} states")
    session_id = f"webshop-{number:05d}"
    header = SessionRecord(session_id=session_id, persona=persona_of(states[0], where), start_url="webshop://search",
                           source="human", policy={"name": "human", "dataset": "WebShop"})
    steps = []
    for i, raw in enumerate(actions):
        obs, ids = render_state(str(states[i]), available[i] if i < len(available) else [])
        action = parse_action(str(raw), f"{where}: actions[{i}]", ids)
        after = f"webshop://{page_kind(str(states[i + 1]))}" if i + 1 < len(states) else obs.url
        steps.append(StepRecord(session_id=session_id, index=i, observation=obs, action=action,
                                result=ActionResult(ok=True, url=after)))
    outcome = "purchase" if steps and steps[-1].action is not None and steps[-1].action.type == "purchase" else "terminate"
    return Session(header=header, steps=steps, end=EndRecord(session_id=session_id, outcome=outcome, steps=len(steps)))


def import_webshop(path: Path) -> list[Session]:
    if not path.exists():
        raise BadInput(f"{path}: no such file (get il_trajs_finalized_images.jsonl from princeton-nlp/WebShop)")
    sessions = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BadInput(f"{where}: not JSON ({exc.msg})") from None
            sessions.append(session_of(record, number, where))
    return sessions
