"""Load personas from JSON or YAML files, with one-line errors that name file, field and problem."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from shopagent.errors import BadInput, invalid_json, read_user_text
from shopagent.types import Persona


def _explain(error: ErrorDetails) -> str:
    field = ".".join(str(p) for p in error["loc"]) or "persona"
    kind = error["type"]
    if kind == "missing":
        return f"field '{field}' is required"
    if kind == "extra_forbidden":
        return f"unknown key '{field}' (allowed: {', '.join(sorted(Persona.model_fields))})"
    got = error.get("input")
    if kind == "string_too_long" and isinstance(got, str):
        return f"field '{field}' is {len(got)} characters long; at most {error.get('ctx', {}).get('max_length')} are allowed"
    shown = repr(got) if len(repr(got)) <= 80 else repr(got)[:77] + "..."
    return f"field '{field}': {error['msg'].lower()}, got {shown}"


def parse_persona(data: Any, source: str) -> Persona:
    if not isinstance(data, dict):
        raise BadInput(f"{source}: a persona must be a mapping of fields, got {type(data).__name__}")
    try:
        return Persona.model_validate(data)
    except ValidationError as exc:
        raise BadInput(f"{source}: {_explain(exc.errors()[0])}") from None


def load_persona(path: Path | str) -> Persona:
    path = Path(path)
    if not path.is_file():
        raise BadInput(f"{path}: persona file not found")
    text = read_user_text(path, "a persona (JSON or YAML)")
    if not text.strip():
        raise BadInput(f"{path}: the file is empty; expected a persona (JSON or YAML) with at least an 'intent'")
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f":{mark.line + 1}" if mark else ""
            raise BadInput(f"{path}{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise invalid_json(path, exc) from None
    return parse_persona(data, str(path))


def load_personas(folder: Path | str) -> list[tuple[str, Persona]]:
    """Every *.json / *.yaml persona in a folder, keyed by file stem, in name order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BadInput(f"{folder}: not a folder of persona files")
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".json", ".yaml", ".yml"))
    if not files:
        raise BadInput(f"{folder}: no persona files (*.json, *.yaml) found")
    return [(p.stem, load_persona(p)) for p in files]
