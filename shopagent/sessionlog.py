"""Append-only JSONL session logs (SPEC §4): written as steps happen, read back whole."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Protocol

from pydantic import TypeAdapter, ValidationError

from shopagent.errors import BadInput, first_error, invalid_json, read_user_text
from shopagent.types import EndRecord, InterviewRecord, LogRecord, Session, SessionRecord, StepRecord

_record_adapter: TypeAdapter[LogRecord] = TypeAdapter(LogRecord)
logger = logging.getLogger("shopagent")
_SESSION_ID = re.compile(r'"session_id"\s*:\s*"([^"]+)"')
_torn_told: set[tuple[str, int]] = set()  # (file, size) already reported, so one command says it once


class RecordSink(Protocol):
    """Where a running session's records go: a SessionLog here, or a queue to a Ray driver's log."""

    def write(self, record: SessionRecord | StepRecord | EndRecord | InterviewRecord) -> None: ...


class SessionLog:
    """Writes records to a JSONL file, one flushed line each, so a crash loses at most one step."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        drop_torn_tail(self.path)
        self._file: IO[str] = self.path.open("a", encoding="utf-8")

    def write(self, record: SessionRecord | StepRecord | EndRecord | InterviewRecord) -> None:
        self._file.write(record.model_dump_json(exclude_none=False) + "\n")
        self._file.flush()

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> SessionLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_append_only(path: Path, expected: str = "JSONL (one JSON object per line)") -> Iterator[tuple[int, Any]]:
    """(line number, parsed JSON) for each line of a file written a flushed line at a time.

    A torn last line (the process died mid-write: no newline after it, and it starts
    like a record) is skipped: it is the one line such a file may lose. Any other line
    that is not JSON raises BadInput.
    """
    text = read_user_text(path, expected)
    lines = text.splitlines()
    torn_tail = bool(lines) and not text.endswith("\n") and lines[-1].lstrip().startswith("{")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            if number == len(lines) and torn_tail:
                _tell_torn(path, number, line, len(text))
                return
            raise invalid_json(path, exc, number, expected) from None


def _tell_torn(path: Path, number: int, line: str, size: int) -> None:
    """Say, once per file state, that a crash cut the last line, and whose record it was."""
    if (str(path), size) in _torn_told:
        return
    _torn_told.add((str(path), size))
    found = _SESSION_ID.search(line)
    whose = f"session {found.group(1)} is incomplete" if found else "which session it belonged to is cut off too"
    logger.warning("%s:%d: the last line was cut off mid-write (the run was stopped) and is skipped; %s", path, number, whose)


def drop_torn_tail(path: Path) -> None:
    """Cut a last line that a killed run left half-written, so new lines start clean."""
    if not path.exists():
        return
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        path.write_bytes(data[: data.rfind(b"\n") + 1])


RECORD_KINDS = ("session", "step", "end", "interview")
SESSION_LOG = "a session log (JSONL: one session, step, end or interview record per line, SPEC §4)"


def iter_records(path: Path | str) -> Iterable[SessionRecord | StepRecord | EndRecord | InterviewRecord]:
    """Yield validated records; a bad line raises BadInput naming file and line (a torn last line is skipped)."""
    path = Path(path)
    if not path.exists():
        raise BadInput(f"{path}: no such session log")
    for number, data in read_append_only(path, SESSION_LOG):
        if not isinstance(data, dict) or data.get("record") not in RECORD_KINDS:
            kinds = ", ".join(f'"{k}"' for k in RECORD_KINDS)
            raise BadInput(f'{path}:{number}: not a session log record; expected a JSON object with a "record" of {kinds} (SPEC §4)')
        try:
            yield _record_adapter.validate_python(data)
        except ValidationError as exc:
            raise BadInput(f"{path}:{number}: {data['record']} record: {first_error(exc)}") from None


def write_sessions(sessions: list[Session], out: Path) -> None:
    """Write whole sessions to a fresh JSONL file (replacing what was there): imports, filled-in rationales."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    with SessionLog(out) as log:
        for session in sessions:
            log.write(session.header)
            for step in session.steps:
                log.write(step)
            if session.end is not None:
                log.write(session.end)
            if session.interview is not None:
                log.write(session.interview)


def read_sessions(paths: Iterable[Path | str]) -> list[Session]:
    """Group records into sessions, in the order their first headers appear.

    A session run more than once (a resumed run starts an unfinished one again) is read
    as its last complete attempt, or as its last attempt if none completed, so readers
    never see two copies of a step.
    """
    attempts: dict[str, dict[int, Session]] = {}
    for path in paths:
        for rec in iter_records(path):
            tries = attempts.setdefault(rec.session_id, {})
            if isinstance(rec, SessionRecord):
                tries[rec.attempt] = Session(header=rec)
                continue
            session = tries.get(rec.attempt)
            if session is None:
                raise BadInput(f"{path}: record for session {rec.session_id!r} (attempt {rec.attempt}) comes before its header")
            if isinstance(rec, StepRecord):
                session.steps.append(rec)
            elif isinstance(rec, InterviewRecord):
                session.interview = rec
            else:
                session.end = rec
    return [_last_complete(tries) for tries in attempts.values() if tries]


def _last_complete(tries: dict[int, Session]) -> Session:
    ordered = [tries[n] for n in sorted(tries)]
    complete = [s for s in ordered if s.end is not None]
    return (complete or ordered)[-1]


def attempts_so_far(path: Path) -> dict[str, int]:
    """The highest attempt number of each session in a log (empty when there is no log yet)."""
    if not path.exists():
        return {}
    most: dict[str, int] = {}
    for rec in iter_records(path):
        if isinstance(rec, SessionRecord):
            most[rec.session_id] = max(rec.attempt, most.get(rec.session_id, 0))
    return most


def session_files(path: Path | str) -> list[Path]:
    """A JSONL file, or every *.jsonl in a folder."""
    path = Path(path)
    if path.is_dir():
        return sorted(path.glob("*.jsonl"))
    return [path]


def read_human_sessions(paths: list[Path], limit: int | None = None) -> tuple[list[Session], list[Path]]:
    """The human sessions (`source: human`) in these logs or folders, and the files they came from."""
    files = [f for p in paths for f in session_files(p)]
    if not files:
        raise BadInput(f"no session logs (*.jsonl) in {', '.join(map(str, paths))}")
    sessions = [s for s in read_sessions(files) if s.header.source == "human"]
    if not sessions:
        raise BadInput(f"no human sessions in {', '.join(map(str, files))} (replay needs source: human)")
    return (sessions[:limit] if limit else sessions), files
