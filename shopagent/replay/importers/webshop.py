"""WebShop human trajectories (princeton-nlp/WebShop, `il_trajs_finalized_images.jsonl`) to native sessions.

Each line holds parallel lists: `states` (the text page), `available_actions`,
`action_idxs` and `actions` (`search[...]`, `click[...]`, ending in
`click[buy now]`). Mapping:
- `search[q]` becomes `type` into the element `search` with submit;
- `click[buy now]` becomes `purchase`; any other `click[x]` becomes `click` on `slug(x)`;
- the text state becomes the observation: its `[button] x [button_]` markers and
  the step's available actions become the elements, with ids `slug(x)`.
The instruction is the persona's intent, and its price cap the budget.
"""

from __future__ import annotations

import html
import json
import re
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
SEARCH_ID = "search"
BUY_NOW = "buy now"


def parse_action(raw: str, where: str) -> Action:
    match = ACTION.match(raw)
    if not match:
        raise BadInput(f"{where}: action {raw!r} is neither search[...] nor click[...]")
    verb, arg = match.group(1), match.group(2).strip()
    if verb == "search":
        return Type(target=SEARCH_ID, text=arg, submit=True)
    if arg.lower() == BUY_NOW:
        return Purchase(target=slug(BUY_NOW))
    return Click(target=slug(arg))


def page_kind(state: str) -> str:
    lowered = state.lower()
    if "[button] buy now [button_]" in lowered:
        return "item"
    if "back to search" in lowered:
        return "results"
    return "search"


def observation_of(state: str, available: list[Any]) -> Observation:
    """The text page as simplified HTML: one line a paragraph, each clickable a named button."""
    elements: dict[str, Element] = {}
    parts: list[str] = []

    def add(label: str, clicked: bool = False) -> str:
        if label.lower() == "search" and page_kind(state) == "search":
            elements.setdefault(SEARCH_ID, Element(id=SEARCH_ID, kind="input", text="Search"))
            return f'<input name="{SEARCH_ID}" type="search" placeholder="Search"/>'
        element_id = slug(label) or "button"
        elements.setdefault(element_id, Element(id=element_id, kind="button", text=label,
                                                purchase=label.lower() == BUY_NOW, checked=True if clicked else None))
        pressed = ' aria-pressed="true"' if clicked else ""
        purchase = ' data-purchase="true"' if label.lower() == BUY_NOW else ""
        return f'<button name="{element_id}"{pressed}{purchase}>{html.escape(label)}</button>'

    for line in state.splitlines():
        line = line.strip()
        if not line:
            continue
        pieces, last = [], 0
        for match in BUTTON.finditer(line):
            pieces.append(html.escape(line[last:match.start()].strip()))
            pieces.append(add(match.group(2), clicked=bool(match.group(1))))
            last = match.end()
        pieces.append(html.escape(line[last:].strip()))
        parts.append("<p>" + " ".join(p for p in pieces if p) + "</p>")
    for item in available or []:
        label = ACTION.match(str(item))
        text = label.group(2) if label else str(item)
        if text and slug(text) not in elements:
            parts.append("<p>" + add(text) + "</p>")
    return Observation(url=f"webshop://{page_kind(state)}", title="WebShop", html="".join(parts), elements=list(elements.values()))


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
        action = parse_action(str(raw), f"{where}: actions[{i}]")
        obs = observation_of(str(states[i]), available[i] if i < len(available) else [])
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
