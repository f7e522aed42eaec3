"""Parse and check a model's reply: one JSON object with a rationale and a valid action."""

from __future__ import annotations

import difflib
import json
import re

from pydantic import ValidationError

from shopagent.errors import first_error
from shopagent.types import Decision, Observation

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.S)


class ReplyError(ValueError):
    """The reply is unusable; the message is shown to the model in a repair turn."""


def first_object(text: str) -> str:
    fenced = _FENCE.search(text)
    if fenced:
        text = fenced.group(1)
    start = text.find("{")
    if start < 0:
        raise ReplyError("the reply has no JSON object")
    depth, in_string, escaped = 0, False, False
    for i in range(start, len(text)):
        ch = text[i]
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return text[start : i + 1]
    raise ReplyError("the JSON object in the reply is not closed")


def parse_reply(text: str, observation: Observation | None = None) -> Decision:
    """Validate the reply; with an observation, also check the target is on the page."""
    try:
        data = json.loads(first_object(text))
    except json.JSONDecodeError as exc:
        raise ReplyError(f"the reply is not valid JSON ({exc.msg} at column {exc.colno})") from None
    try:
        decision = Decision.parse(data)
    except ValidationError as exc:
        raise ReplyError(f"the reply does not match the action format: {first_error(exc)}") from None
    target = getattr(decision.action, "target", None)
    if observation is not None and target is not None and observation.element(target) is None:
        close = difflib.get_close_matches(target, observation.ids, n=3, cutoff=0.3)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise ReplyError(f"the target {target!r} is not on this page.{hint}")
    return decision
