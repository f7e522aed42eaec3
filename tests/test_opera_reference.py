"""Real sessions as a reference (issue 29): OPeRA's timelines and action table, the shape figures, `report --reference`."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from shopagent.errors import BadInput
from shopagent.study.analysis.behaviour import SessionFacts, facts_from_session
from shopagent.study.analysis.fidelity import compare
from shopagent.study.analysis.opera import read_action_table, read_timelines
from shopagent.study.analysis.reference import ReferenceFigure, ReferenceProfile, load_reference, measure, shape_profile
from shopagent.types import (
    Action,
    ActionResult,
    Back,
    Click,
    EndRecord,
    Observation,
    Persona,
    Purchase,
    Select,
    Session,
    SessionRecord,
    StepRecord,
    Type,
)
from tests.test_cli_errors import assert_one_line, shopagent

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "opera_sample"  # four real sessions of three people (SOURCES.md there)
SMALL_RUN = FIXTURES / "small_run"  # two real sessions of the offline shopper on the bundled store, pages cut


def value(profile: ReferenceProfile, measure_name: str, stat: str) -> float:
    return next(f.value for f in profile.figures if (f.measure, f.stat) == (measure_name, stat))


def test_the_shared_samples_timelines_are_read():
    facts = read_timelines(SAMPLE)  # in file-name order: 7f0c8207 (2), d78a2d81, dd4fa2e8
    assert [f.clicks_and_inputs for f in facts] == [2, 2, 3, 2]
    assert [f.review_clicks for f in facts] == [0, 0, 1, 1]
    # d78a2d81 switched tabs between its review click and the next click: one gap, not two
    assert [[round(g, 3) for g in f.gaps] for f in facts] == [[8.11], [23.33], [10.353], [21.786]]
    assert [f.person for f in facts][1:3] == ["7f0c8207_6a6f_49cd_9d7e_17987cfafcb9", "d78a2d81_c18e_452a_829c_c233c28d83ba"]

    profile = load_reference(SAMPLE)
    assert "4 OPeRA sessions of 3 people (timelines)" in profile.figures[0].population
    assert value(profile, "review_click_share", "share") == 0.5
    assert value(profile, "session_length", "median") == 2
    assert value(profile, "time_between_actions", "median") == round((10.353 + 21.786) / 2, 4)
    assert value(profile, "time_between_actions", "p90") == 23.33  # nearest rank
    for figure in profile.figures:
        assert figure.ci_low is not None and figure.ci_high is not None
        assert figure.ci_low <= figure.value <= figure.ci_high
    assert profile.lengths == {"clicks_and_inputs": [2, 2, 3, 2]}
    assert value(load_reference(next(SAMPLE.glob("d78a2d81*.json"))), "review_click_share", "share") == 1  # one file


TABLE = [  # OPeRA's action table: one row per event, pages and all (simplified_html stands for the columns not read)
    ("s1", "u1", "input", None, "2025-03-01T10:00:00Z"),
    ("s1", "u1", "click", "review", "2025-03-01T10:00:04Z"),
    ("s1", "u1", "tab_activate", None, "2025-03-01T10:00:05Z"),
    ("s1", "u1", "click", "purchase", "2025-03-01T10:00:30Z"),
    ("s2", "u2", "scroll", None, "2025-03-02T09:00:01Z"),
    ("s2", "u2", "click", "product_link", "2025-03-02T09:00:00Z"),  # rows out of order: sorted by time
    ("s2", "u2", "click", "product_option", "2025-03-02T09:00:02.5Z"),
]


def table_rows() -> list[dict[str, object]]:
    keys = ("session_id", "user_id", "action_type", "click_type", "timestamp")
    return [{**dict(zip(keys, row)), "simplified_html": "<div>a page</div>"} for row in TABLE]


def test_the_action_table_is_read_as_parquet_and_as_csv(tmp_path):
    pq.write_table(pa.Table.from_pylist(table_rows()), tmp_path / "train.parquet")
    with (tmp_path / "train.csv").open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(table_rows()[0]))
        writer.writeheader()
        writer.writerows(table_rows())
    for path in (tmp_path / "train.parquet", tmp_path / "train.csv"):
        facts = {f.person: f for f in read_action_table(path)}
        assert (facts["u1"].clicks_and_inputs, facts["u1"].review_clicks, facts["u1"].gaps) == (3, 1, [4.0])
        assert (facts["u2"].clicks_and_inputs, facts["u2"].gaps) == (2, [2.5])
        profile = load_reference(path)
        assert value(profile, "review_click_share", "share") == 0.5
        assert "2 OPeRA sessions of 2 people (action table)" in profile.figures[0].population
    (tmp_path / "train.csv").unlink()
    assert value(load_reference(tmp_path), "session_length", "p90") == 3  # a folder of tables


def test_the_importers_opera_fixture_is_an_action_table(tmp_path):
    for table in ("action", "user"):
        rows = json.loads((FIXTURES / "opera" / f"{table}.json").read_text())
        pq.write_table(pa.Table.from_pylist(rows), tmp_path / f"{table}.parquet")
    profile = load_reference(tmp_path)  # the user table is no action table, and is passed over
    assert value(profile, "session_length", "median") > 0


def test_bad_opera_references_are_one_line(tmp_path):
    (tmp_path / "no_time.csv").write_text("session_id,action_type\ns1,click\n")
    with pytest.raises(BadInput, match="no column timestamp"):
        load_reference(tmp_path / "no_time.csv")
    (tmp_path / "bad.json").write_text('[{"timestamp": "yesterday", "action_type": "click"}]')
    with pytest.raises(BadInput, match="not an OPeRA timeline event"):
        load_reference(tmp_path / "bad.json")
    (tmp_path / "x.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(BadInput, match="not a readable parquet file"):
        load_reference(tmp_path / "x.parquet")


def figure_value(facts: list[SessionFacts], measure_name: str, stat: str, unit: str) -> float | None:
    figure = ReferenceFigure(measure=measure_name, stat=stat, unit=unit, value=0, population="", source="")
    return measure(figure, facts)


def test_the_shape_figures_on_a_hand_made_example():
    facts = [
        SessionFacts(clicks_and_inputs=0),
        SessionFacts(clicks_and_inputs=1, gaps=[]),
        SessionFacts(clicks_and_inputs=4, review_clicks=2, gaps=[1.0, 2.0, 30.0]),
        SessionFacts(clicks_and_inputs=10, gaps=[4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]),
    ]
    assert figure_value(facts, "review_click_share", "share", "sessions") == 0.25
    assert figure_value(facts, "session_length", "median", "clicks_and_inputs") == 2.5  # the session of 0 counts
    assert figure_value(facts, "session_length", "p90", "clicks_and_inputs") == 10
    assert figure_value(facts, "time_between_actions", "median", "seconds") == 6.5  # pooled over sessions
    assert figure_value(facts, "time_between_actions", "p90", "seconds") == 10  # 9th of 10 gaps
    profile = shape_profile("people", facts, "four", "hand-made")
    report = compare(facts, profile)
    assert all(r.gap == 0 and r.reference_ci_low is not None for r in report.rows)  # a population beside itself


def step(index: int, url: str, action: Action, dwell: float, led_to: str | None = None) -> StepRecord:
    return StepRecord(
        session_id="s",
        index=index,
        observation=Observation(url=url, html=""),
        action=action,
        result=ActionResult(ok=True, url=led_to or url),
        dwell_s=dwell,
    )


def test_our_steps_count_clicks_and_inputs_but_no_checkout_fields():
    home, product, checkout = "http://s/", "http://s/product/7", "http://s/checkout"
    steps = [
        step(0, home, Type(target="search", text="tea", submit=True), 9.0, "http://s/search?q=tea"),
        step(1, "http://s/search?q=tea", Click(target="result_7"), 3.0, product),
        step(2, product, Click(target="see_reviews"), 4.0, product + "/reviews"),
        step(3, product + "/reviews", Back(), 2.0, product),
        step(4, product, Select(target="size", value="M"), 1.5),
        step(5, product, Click(target="add_to_cart"), 1.0, checkout),
        step(6, checkout, Type(target="address", text="1 Main St"), 6.0),
        step(7, checkout, Select(target="country", value="US"), 2.5),
        step(8, checkout, Purchase(target="place_order"), 5.0),
    ]
    header = SessionRecord(session_id="s", persona=Persona(name="p", intent="tea"), start_url=home)
    facts = facts_from_session(Session(header=header, steps=steps, end=EndRecord(session_id="s", outcome="purchase", steps=9)))
    assert facts.clicks_and_inputs == 6  # search, 3 clicks, the size, the purchase; not back, not the address or country
    assert facts.review_clicks == 1
    assert facts.gaps == [3.0, 4.0, 2.0, 1.5, 1.0, 5.0]  # dwell_s, the first step and checkout fields left out


def test_report_sets_a_real_log_beside_the_opera_sample(tmp_path):
    out = tmp_path / "rep"
    done = shopagent("report", str(SMALL_RUN), "--reference", str(SAMPLE), "--out", str(out))
    assert done.returncode == 0, done.stderr
    reference = json.loads((out / "report.json").read_text())["reference"]
    rows = {(r["measure"], r["stat"]): r for r in reference["rows"]}
    assert set(rows) == {
        ("review_click_share", "share"),
        ("session_length", "median"),
        ("session_length", "p90"),
        ("time_between_actions", "median"),
        ("time_between_actions", "p90"),
    }
    for row in rows.values():
        assert row["reference_ci_low"] <= row["reference"] <= row["reference_ci_high"]
        assert row["simulated"] is not None and row["ci_low"] <= row["simulated"] <= row["ci_high"]
    assert "| review_click_share (share) | sessions | 50.0% (" in (out / "report.md").read_text()

    copy = tmp_path / "copy"
    shutil.copytree(SAMPLE, copy)
    (copy / next(SAMPLE.glob("dd4*.json")).name).write_text("[{]")
    assert_one_line(shopagent("report", str(SMALL_RUN), "--reference", str(copy)), 2, "not an OPeRA timeline")
    assert_one_line(shopagent("report", str(SMALL_RUN), "--reference", str(tmp_path / "nowhere")), 2, "no such file or folder")
