"""Importers for real human data, on small fixtures written to the datasets' documented schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from shopagent.errors import BadInput
from shopagent.sessionlog import write_sessions
from shopagent.replay.importers.opera import import_opera
from shopagent.replay.importers.webshop import import_webshop
from shopagent.sessionlog import read_sessions
from tests.conftest import FIXTURES

WEBSHOP = FIXTURES / "webshop" / "il_trajs_sample.jsonl"


def opera_folder(tmp_path: Path) -> Path:
    """The OPeRA fixture rows as parquet tables, the format the dataset ships in."""
    folder = tmp_path / "opera"
    folder.mkdir()
    for table in ("action", "user"):
        rows = json.loads((FIXTURES / "opera" / f"{table}.json").read_text())
        pq.write_table(pa.Table.from_pylist(rows), folder / f"{table}.parquet")
    return folder


def test_webshop_trajectories_map_to_sessions():
    first, second = import_webshop(WEBSHOP)
    assert first.header.source == "human"
    assert first.header.persona.budget == 40.0 and "clip-in hair extension" in first.header.persona.intent
    kinds = [s.action.type for s in first.steps]
    assert kinds == ["type", "click", "click", "purchase"]
    assert first.steps[0].action.target == "search" and first.steps[0].action.text == "long clip in hair extension natural"
    assert first.steps[1].action.target == "b09qqldj93" and first.steps[1].observation.element("b09qqldj93") is not None
    assert first.steps[3].observation.element("buy_now").purchase
    assert first.steps[3].observation.element("natural_black").checked  # "[clicked button]" is shown as chosen
    assert first.outcome == "purchase"
    assert second.outcome == "terminate" and second.steps[2].action.target == "prev"
    assert second.steps[0].observation.url == "webshop://search" and second.steps[1].observation.url == "webshop://results"


def test_opera_tables_map_to_sessions(tmp_path):
    sessions = {s.session_id: s for s in import_opera(opera_folder(tmp_path))}
    buyer, leaver = sessions["s1"], sessions["s2"]
    assert [s.action.type for s in buyer.steps] == ["type", "click", "purchase"]
    assert buyer.steps[0].action.text == "oolong tea" and buyer.steps[0].action.submit
    assert buyer.steps[0].rationale_source == "human" and buyer.steps[1].rationale_source is None
    assert buyer.steps[2].observation.element("place_order") is not None
    assert buyer.outcome == "purchase"
    persona = buyer.header.persona
    assert (persona.age, persona.gender, persona.occupation) == (34, "Female", "Nurse")
    assert "household_income" not in (persona.background or "") and persona.income == "$50,000-$74,999"
    assert "price and reviews" in persona.background
    # rows are put in time order; an age band stays readable in the background
    assert [s.action.type for s in leaver.steps] == ["type", "terminate"] and leaver.outcome == "terminate"
    assert leaver.header.persona.age is None and "25-34" in leaver.header.persona.background


@pytest.mark.parametrize("which", ["webshop", "opera"])
def test_imported_sessions_round_trip_through_the_session_log(tmp_path, which):
    sessions = import_webshop(WEBSHOP) if which == "webshop" else import_opera(opera_folder(tmp_path))
    out = tmp_path / "sessions.jsonl"
    write_sessions(sessions, out)
    again = read_sessions([out])
    assert [s.model_dump() for s in again] == [s.model_dump() for s in sessions]


def test_importer_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"states": ["Instruction: x [button] Search [button_]"], "actions": ["jump[now]"]}\n')
    with pytest.raises(BadInput, match=r"bad.jsonl:1: actions\[0\]: action 'jump\[now\]'"):
        import_webshop(bad)
    bad.write_text("{not json\n")
    with pytest.raises(BadInput, match=r"bad.jsonl:1: not JSON"):
        import_webshop(bad)
    with pytest.raises(BadInput, match="no parquet files"):
        import_opera(tmp_path)
