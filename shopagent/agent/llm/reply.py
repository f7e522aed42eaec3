"""Parse and check a model's reply: one JSON object with a rationale and a valid action; and the
token limit that lets the longest reply a schema allows be written whole."""

from __future__ import annotations

import difflib
import json
import re
from typing import Any

from pydantic import ValidationError

from shopagent.errors import first_error
from shopagent.types import Decision, Observation

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.S)
# Degenerate repetition: a stretch of one to forty characters said three or more times running
# ("1.1.1.1", "I'm a chemist, I'm a chemist, I'm a chemist"), or the same three words four times anywhere.
_RUN = re.compile(r"(.{1,40}?)\1{2,}", re.S)
MIN_RUN_CHARS = 12
# Tokens beyond the JSON: the end-of-turn token, and slack for a server's chat-format wrapping.
REPLY_SLACK = 8


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


def repetition(text: str) -> str | None:
    """The repeated stretch when `text` is degenerate repetition, else None."""
    for run in _RUN.finditer(text):
        if len(run.group(0)) >= MIN_RUN_CHARS and any(ch.isalnum() for ch in run.group(1)):
            return run.group(0)
    words = re.findall(r"[\w'$.]+", text.lower())
    triples = [" ".join(words[i : i + 3]) for i in range(len(words) - 2)]
    return next((t for t in triples if triples.count(t) >= 4), None)


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
    repeated = repetition(decision.rationale)
    if repeated is not None:
        raise ReplyError(f"the rationale repeats itself ({repeated[:40]!r}...); write one plain sentence about this page")
    target = getattr(decision.action, "target", None)
    if observation is not None and target is not None and observation.element(target) is None:
        close = difflib.get_close_matches(target, observation.ids, n=3, cutoff=0.3)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise ReplyError(f"the target {target!r} is not on this page.{hint}")
    return decision


def max_reply_tokens(schema: dict[str, Any]) -> int:
    """Tokens enough for the longest reply `schema` allows, written as compact JSON.

    A token is at least one byte, so the reply's bytes bound its tokens. Raises ValueError
    for a schema with an unbounded part (a string with no maxLength): every string is bounded."""
    return _longest(schema) + REPLY_SLACK


def _longest(schema: dict[str, Any]) -> int:
    """Bytes of the longest compact JSON value `schema` allows."""
    if "anyOf" in schema:
        return max(_longest(branch) for branch in schema["anyOf"])
    if "enum" in schema or "const" in schema:
        values = schema.get("enum", [schema.get("const")])
        return max(len(json.dumps(v, ensure_ascii=False).encode()) for v in values)
    kind = schema.get("type")
    if kind == "object":
        fields = schema.get("properties", {})
        keys = sum(len(json.dumps(k, ensure_ascii=False).encode()) + 1 for k in fields)  # "key":
        return 2 + keys + max(0, len(fields) - 1) + sum(_longest(v) for v in fields.values())
    if kind == "string" and "maxLength" in schema:
        return 2 + schema["maxLength"] * _bytes_per_char(schema.get("pattern"))
    if kind == "integer" and "minimum" in schema and "maximum" in schema:
        return max(len(str(schema["minimum"])), len(str(schema["maximum"])))
    fixed = {"boolean": 5, "null": 4}
    if kind in fixed:
        return fixed[kind]
    raise ValueError(f"the reply schema has an unbounded part: {json.dumps(schema)[:120]}")


def _bytes_per_char(pattern: str | None) -> int:
    """At most how many bytes one character of a string takes in the JSON: its UTF-8 length under a
    pattern of character ranges (the widest character the pattern names), else an escape's six."""
    if pattern is None or "[^" in pattern:
        return 6
    return max(len(ch.encode()) for ch in pattern)
