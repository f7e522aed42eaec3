"""OPeRA (Hugging Face `NEU-HAI/OPeRA`, CC-BY-4.0) parquet tables to native sessions.

The tables are told apart by their columns:
- action rows: `session_id`, `action_type` (click/input/terminate), `click_type`,
  `semantic_id`, `simplified_html`, `input_text`, `rationale`, `timestamp`
  (and `user_id` and `url` where present);
- user rows: `user_id` and a JSON `survey`;
- session rows (if the release has them): `session_id` and `user_id`.
Mapping: `input` becomes `type` with submit; a click whose `click_type` is
`purchase` becomes `purchase`; other clicks become `click`; `terminate` stays.
The survey becomes the persona; answers that have no persona field go into
`background`. Rationales the shoppers wrote are kept as human rationales.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag

from shopagent.errors import BadInput, invalid_json
from shopagent.types import (
    Action,
    ActionResult,
    Click,
    Element,
    ElementKind,
    EndRecord,
    Observation,
    Persona,
    Purchase,
    Session,
    SessionRecord,
    StepRecord,
    Terminate,
    Type,
)

GENERIC_INTENT = "shop on Amazon the way I usually do, and buy something if it fits"
FIELDS = {  # persona field -> survey keys that answer it (matched case-insensitively, as substrings)
    "intent": ("intent", "goal", "shopping_task", "purpose", "looking for"),
    "age": ("age",),
    "gender": ("gender", "sex"),
    "income": ("income",),
    "occupation": ("occupation", "job", "profession"),
    "location": ("location", "city", "state", "country"),
    "shopping_style": ("shopping_style", "shopping habit", "style"),
}


def read_parquet_rows(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    try:
        return pq.read_table(path).to_pylist()
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise BadInput(f"{path}: not a readable parquet file ({str(exc).splitlines()[0]})") from None


def _kind(tag: Tag) -> ElementKind:
    name = tag.name
    if name == "a":
        return "link"
    if name == "select":
        return "select"
    if name == "textarea":
        return "input"
    if name == "input":
        kind = str(tag.get("type") or "text").lower()
        if kind in ("checkbox", "radio"):
            return "checkbox" if kind == "checkbox" else "radio"
        return "button" if kind in ("submit", "button", "reset", "image") else "input"
    return "button"


def elements_from_html(html: str) -> list[Element]:
    """Every tag carrying a semantic id in `name` (SPEC §2), in document order.

    OPeRA ships its pages already simplified, with its own ids; these are read as they
    are (no id is made here), and the gold actions name them.
    """
    soup = BeautifulSoup(html or "", "lxml")
    out: list[Element] = []
    seen: set[str] = set()
    for tag in soup.find_all(True, attrs={"name": True}):
        element_id = str(tag["name"])
        if element_id in seen or tag.name in ("meta", "form", "iframe", "map", "param"):
            continue
        kind = _kind(tag)
        # Region containers carry names too; only leaves and controls are elements.
        if kind == "button" and tag.name not in ("button",) and tag.find(True, attrs={"name": True}):
            continue
        seen.add(element_id)
        text = " ".join(tag.get_text(" ").split())[:120] or str(tag.get("placeholder") or tag.get("aria-label") or "")
        options = [" ".join(o.get_text(" ").split()) for o in tag.find_all("option")] if kind == "select" else None
        out.append(
            Element(
                id=element_id,
                kind=kind,
                text=text,
                options=options,
                purchase=tag.get("data-purchase") == "true",
                disabled=tag.has_attr("disabled"),
            )
        )
    return out


def persona_of(survey: Any, where: str) -> Persona:
    if isinstance(survey, str):
        try:
            survey = json.loads(survey)
        except json.JSONDecodeError as exc:
            raise invalid_json(f"{where}: survey", exc, 1) from None
    if not isinstance(survey, dict):
        raise BadInput(f"{where}: survey should be a JSON object, got {type(survey).__name__}")
    found: dict[str, Any] = {}
    rest: list[str] = []
    for key, value in survey.items():
        if value in (None, ""):
            continue
        field = next((f for f, keys in FIELDS.items() if f not in found and any(k in key.lower() for k in keys)), None)
        if field == "age" and not re.fullmatch(r"\d{2,3}", str(value).strip()):
            field = None  # an age band such as "25-34" stays readable in the background
        if field:
            found[field] = int(value) if field == "age" else str(value)
        else:
            rest.append(f"{key}: {value}")
    return Persona(name="OPeRA shopper", intent=found.pop("intent", GENERIC_INTENT), background="; ".join(rest)[:1500] or None, **found)


def action_of(row: dict[str, Any], where: str) -> Action:
    kind = str(row.get("action_type") or "").lower()
    target = str(row.get("semantic_id") or "")
    if kind == "terminate":
        return Terminate()
    if not target:
        raise BadInput(f"{where}: {kind or 'action'} row has no semantic_id")
    if kind == "input":
        return Type(target=target, text=str(row.get("input_text") or ""), submit=True)
    if kind == "click":
        return Purchase(target=target) if str(row.get("click_type") or "").lower() == "purchase" else Click(target=target)
    raise BadInput(f"{where}: unknown action_type {row.get('action_type')!r} (expected click, input or terminate)")


def import_opera(folder: Path) -> list[Session]:
    files = sorted(folder.rglob("*.parquet")) if folder.is_dir() else [folder]
    if not files or not files[0].exists():
        raise BadInput(f"{folder}: no parquet files (download NEU-HAI/OPeRA from Hugging Face first)")
    actions: list[tuple[str, dict[str, Any]]] = []
    surveys: dict[str, tuple[Any, str]] = {}
    session_user: dict[str, str] = {}
    for path in files:
        for n, row in enumerate(read_parquet_rows(path)):
            where = f"{path.name} row {n}"
            if "action_type" in row:
                actions.append((where, row))
                if row.get("user_id") is not None:
                    session_user.setdefault(str(row["session_id"]), str(row["user_id"]))
            elif "survey" in row and row.get("user_id") is not None:
                surveys[str(row["user_id"])] = (row["survey"], where)
            elif "session_id" in row and row.get("user_id") is not None:
                session_user[str(row["session_id"])] = str(row["user_id"])
    if not actions:
        raise BadInput(f"{folder}: no action rows (a table with session_id and action_type)")

    by_session: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for where, row in actions:
        if row.get("session_id") is None:
            raise BadInput(f"{where}: action row has no session_id")
        by_session[str(row["session_id"])].append((where, row))

    return [_session(session_id, rows, surveys, session_user) for session_id, rows in by_session.items()]


def _session(
    session_id: str, rows: list[tuple[str, dict[str, Any]]], surveys: dict[str, tuple[Any, str]], session_user: dict[str, str]
) -> Session:
    """One OPeRA session from its action rows (put in time order) and its user's survey."""
    rows.sort(key=lambda wr: str(wr[1].get("timestamp") or ""))
    user = session_user.get(session_id)
    survey, survey_where = surveys.get(user, ({}, "")) if user else ({}, "")
    persona = persona_of(survey, survey_where or rows[0][0])
    first_url = str(rows[0][1].get("url") or "https://www.amazon.com/")
    header = SessionRecord(
        session_id=session_id,
        persona=persona,
        start_url=first_url,
        source="human",
        policy={"name": "human", "dataset": "OPeRA", "user_id": user},
        started_at=str(rows[0][1].get("timestamp") or ""),
    )
    steps = []
    for i, (where, row) in enumerate(rows):
        html = str(row.get("simplified_html") or "")
        obs = Observation(url=str(row.get("url") or first_url), html=html, elements=elements_from_html(html))
        rationale = str(row.get("rationale") or "")
        steps.append(
            StepRecord(
                session_id=session_id,
                index=i,
                observation=obs,
                action=action_of(row, where),
                rationale=rationale,
                rationale_source="human" if rationale else None,
                result=ActionResult(ok=True, url=obs.url),
                at=str(row.get("timestamp") or ""),
            )
        )
    bought = any(s.action is not None and s.action.type == "purchase" for s in steps)
    return Session(
        header=header,
        steps=steps,
        end=EndRecord(session_id=session_id, outcome="purchase" if bought else "terminate", steps=len(steps)),
    )
