"""Real shoppers' sessions from OPeRA (NEU-HAI/OPeRA, CC-BY-4.0) reduced to their shape: clicks and inputs,
review clicks, and the seconds from one action to the next.

Two formats, told apart by their content:
- timelines: a folder of JSON files (or one), each a session as a list of events, oldest first, with
  `timestamp`, `action_type` (click, input, scroll, navigation, tab_activate) and `click_type`, as in the
  shared sample (`../shared/data/opera_sample/sessions`); the person is the file name's user id prefix;
- the action table OPeRA ships (parquet or CSV, a file or a folder of them): one row per event, with
  `session_id`, `action_type`, `timestamp`, and `click_type` and `user_id` where present.

A gap runs from one click or input to the next when the person did not switch tabs in between: the time
on the page before acting, reading and scrolling included.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ValidationError, field_validator

from shopagent.errors import BadInput, read_user_text
from shopagent.study.analysis.behaviour import SessionFacts

TABLE_COLUMNS = ("session_id", "action_type", "timestamp")
OPTIONAL_COLUMNS = ("click_type", "user_id")
USER_ID_CHARS = 36  # "27d8261e_fcb9_42d0_a371_995f42c34eb5_2025_04_03T02..."


class OperaEvent(BaseModel):
    """One event of a timeline or one row of the action table (other fields are ignored)."""

    timestamp: datetime
    action_type: str
    click_type: str | None = None

    @field_validator("click_type", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        return None if value is None or value != value else str(value)  # a float NaN from a table

    @property
    def is_click_or_input(self) -> bool:
        return self.action_type in ("click", "input")


def _when(event: OperaEvent) -> float:
    return event.timestamp.timestamp()


def facts_from_events(events: list[OperaEvent], person: str | None = None) -> SessionFacts:
    gaps: list[float] = []
    last: float | None = None
    switched = False
    for event in events:
        if event.action_type == "tab_activate":
            switched = True
        if event.is_click_or_input:
            at = event.timestamp.timestamp()
            if last is not None and not switched:
                gaps.append(at - last)
            last, switched = at, False
    return SessionFacts(
        clicks_and_inputs=sum(e.is_click_or_input for e in events),
        review_clicks=sum(e.action_type == "click" and e.click_type == "review" for e in events),
        gaps=gaps,
        person=person,
    )


def _events(rows: object, where: str) -> list[OperaEvent]:
    if not isinstance(rows, list):
        raise BadInput(f"{where}: not an OPeRA timeline (expected a JSON list of events)")
    try:
        return [OperaEvent.model_validate(row) for row in rows]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise BadInput(f"{where}: not an OPeRA timeline event ({field}: {first['msg']})") from None


def is_timeline(path: Path) -> bool:
    """A JSON file that opens as a list of events with an action_type and a timestamp (read from its start)."""
    if path.suffix != ".json":
        return False
    with path.open("rb") as file:
        head = file.read(2000).decode("utf-8", errors="replace").lstrip()
    return head.startswith("[") and '"action_type"' in head and '"timestamp"' in head


def read_timelines(path: Path) -> list[SessionFacts]:
    """A timeline file, or every JSON file in a folder (each must be a timeline), one session each."""
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise BadInput(f"{path}: no OPeRA timeline files (*.json lists of events) in it")
    facts = []
    for file in files:
        try:
            rows = json.loads(read_user_text(file, "an OPeRA timeline (JSON)"))
        except json.JSONDecodeError as exc:
            raise BadInput(f"{file}: not an OPeRA timeline (invalid JSON at line {exc.lineno}: {exc.msg})") from None
        events = sorted(_events(rows, str(file)), key=_when)
        facts.append(facts_from_events(events, file.name[:USER_ID_CHARS]))
    return facts


def table_columns(path: Path) -> list[str]:
    """The column names of a parquet file or a CSV's header line."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        try:
            return list(pq.read_schema(path).names)
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise BadInput(f"{path}: not a readable parquet file ({str(exc).splitlines()[0]})") from None
    with path.open(encoding="utf-8", errors="replace", newline="") as file:
        return next(csv.reader(file), [])


def is_action_table(path: Path) -> bool:
    return path.suffix in (".parquet", ".csv") and {"session_id", "action_type"} <= set(table_columns(path))


def _table_rows(path: Path) -> Iterator[dict[str, object]]:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        wanted = [c for c in (*TABLE_COLUMNS, *OPTIONAL_COLUMNS) if c in table_columns(path)]
        yield from pq.read_table(path, columns=wanted).to_pylist()  # not the pages: OPeRA's tables hold them too
        return
    csv.field_size_limit(sys.maxsize)  # OPeRA's rows carry whole simplified pages
    with path.open(encoding="utf-8", errors="replace", newline="") as file:
        yield from csv.DictReader(file)


def read_action_table(path: Path) -> list[SessionFacts]:
    """OPeRA's action table (a parquet or CSV file, or a folder of them): its rows grouped into sessions."""
    files = sorted(f for f in path.iterdir() if is_action_table(f)) if path.is_dir() else [path]
    if not files:
        raise BadInput(f"{path}: no OPeRA action tables (parquet or CSV with session_id and action_type) in it")
    sessions: dict[str, list[OperaEvent]] = defaultdict(list)
    people: dict[str, str] = {}
    for file in files:
        missing = [c for c in TABLE_COLUMNS if c not in table_columns(file)]
        if missing:
            raise BadInput(f"{file}: not an OPeRA action table (no column {', '.join(missing)}); expected {', '.join(TABLE_COLUMNS)}")
        for number, row in enumerate(_table_rows(file), start=1):
            session = str(row["session_id"])
            sessions[session] += _events([row], f"{file} row {number}")
            if row.get("user_id") not in (None, ""):
                people.setdefault(session, str(row["user_id"]))
    return [facts_from_events(sorted(events, key=_when), people.get(s)) for s, events in sessions.items()]
