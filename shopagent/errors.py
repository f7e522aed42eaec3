"""User-facing errors.

Raised where a problem is detected, with a one-line message that names what and
where; the CLI prints that line without a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


class ShopagentError(Exception):
    """A problem the user can fix, explained in one line."""


class BadInput(ShopagentError):
    """A file or argument the user gave is malformed."""


class ActionFailed(ShopagentError):
    """An action could not run on the page (missing target, disabled element, ...)."""


class BrowserCrashed(ShopagentError):
    """The page or the whole browser died; the caller may start a new one."""


class PolicyError(ShopagentError):
    """A policy could not produce a valid decision (model down, unparsable reply, ...)."""


def first_error(exc: ValidationError) -> str:
    """A pydantic error as one line: the field path of the first problem and what is wrong with it."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    message = first["msg"].removeprefix("Value error, ")  # pydantic's prefix for a validator's own words
    return f"field '{where}': {message}" if where else message


def unknown_key(exc: ValidationError) -> str | None:
    """The dotted key of the first problem when it is a key the model does not know (extra="forbid"), else None."""
    first = exc.errors()[0]
    return ".".join(str(p) for p in first["loc"]) if first["type"] == "extra_forbidden" else None


def invalid_json(path: object, exc: json.JSONDecodeError, line: int | None = None, expected: str | None = None) -> BadInput:
    """A JSON syntax error in a user's file as one line naming file and line: a JSONL `line` that is
    not JSON at all, or a JSON file that is not valid."""
    if line is not None:
        return BadInput(f"{path}:{line}: not JSON ({exc.msg}, column {exc.colno})" + (f"; expected {expected}" if expected else ""))
    return BadInput(f"{path}:{exc.lineno}: not valid JSON ({exc.msg}, column {exc.colno})")


def read_user_text(path: Path, expected: str) -> str:
    """A user's text file; a binary or non-UTF-8 file is one line naming it and what was expected."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path}: not a text file (byte {exc.start} is not UTF-8); expected {expected}") from None
    except IsADirectoryError:
        raise BadInput(f"{path}: is a folder; expected {expected}") from None
