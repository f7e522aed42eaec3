"""A population beside people: the shipped reference profile, clickstream importers, and `report --reference`."""

from __future__ import annotations

import json
from collections import Counter

from shopagent.sessionlog import SessionLog
from shopagent.study.analysis.behaviour import SessionFacts, read_otto, read_retailrocket
from shopagent.study.analysis.fidelity import compare
from shopagent.study.analysis.reference import BUNDLED_PROFILE, ReferenceProfile, bundled_profile, load_reference, profile_from_facts
from shopagent.types import EndRecord, Persona, SessionRecord
from tests.test_cli_errors import assert_one_line, shopagent

OTTO = [
    {
        "session": 1,
        "events": [{"aid": 1, "ts": 1, "type": "clicks"}, {"aid": 1, "ts": 2, "type": "carts"}, {"aid": 1, "ts": 3, "type": "orders"}],
    },
    {"session": 2, "events": [{"aid": 2, "ts": 1, "type": "clicks"}, {"aid": 2, "ts": 2, "type": "carts"}]},
    {"session": 3, "events": [{"aid": 3, "ts": 1, "type": "clicks"}, {"aid": 4, "ts": 2, "type": "clicks"}]},
]


def figure(profile: ReferenceProfile, measure: str, stat: str, unit: str, of: str | None = None) -> float:
    return next(f.value for f in profile.figures if (f.measure, f.stat, f.unit, f.of) == (measure, stat, unit, of))


def test_the_shipped_profile_matches_its_schema_and_says_where_each_figure_comes_from():
    schema = json.loads(BUNDLED_PROFILE.with_name("reference_profile.schema.json").read_text())
    assert schema == ReferenceProfile.model_json_schema()  # the shipped schema is the model's
    profile = bundled_profile()
    assert {f.unit for f in profile.figures} >= {"actions", "events", "page_views", "sessions_with_a_cart"}
    assert all(f.source and f.population for f in profile.figures)
    assert figure(profile, "cart_abandonment", "share", "sessions_with_a_cart") == 0.7019


def test_clickstreams_reduce_to_the_same_measures(tmp_path):
    otto = tmp_path / "otto.jsonl"
    otto.write_text("\n".join(json.dumps(s) for s in OTTO) + "\n")
    assert [f.events for f in read_otto(otto)] == [3, 2, 2]
    profile = load_reference(otto)
    assert figure(profile, "session_length", "median", "events") == 2
    assert figure(profile, "event_share", "share", "events", "cart") == round(2 / 7, 4)
    assert figure(profile, "cart_abandonment", "share", "sessions_with_a_cart") == 0.5
    assert figure(profile, "conversion", "share", "sessions") == round(1 / 3, 4)
    assert not any(f.unit == "actions" for f in profile.figures)  # a clickstream has no actions to compare

    rr = tmp_path / "events.csv"
    hour = 3_600_000
    rr.write_text(
        "timestamp,visitorid,event,itemid,transactionid\n"
        f"1000,7,view,1,\n{1000 + 60_000},7,addtocart,1,\n{1000 + 2 * hour},7,view,2,\n{1000 + 2 * hour + 5},7,transaction,2,99\n"
    )
    sessions = read_retailrocket(rr)
    assert sorted(f.events for f in sessions) == [2, 2]  # two visits, 30 minutes apart or more
    assert figure(load_reference(rr), "conversion", "share", "sessions") == 0.5


def test_sessions_beside_themselves_have_no_gap_even_where_a_share_needs_five_decimals():
    # 1 purchase in 32 actions: 0.03125 is shown as 0.0312 on both sides, and the gap is nothing.
    facts = [
        SessionFacts(actions=16, action_types=Counter(click=15, purchase=1), purchased=True),
        SessionFacts(actions=16, action_types=Counter(click=16)),
    ]
    report = compare(facts, profile_from_facts("itself", facts, "us", "us"))
    assert any(row.simulated == 0.0312 for row in report.rows)
    assert all(row.gap == 0 for row in report.rows)


def test_report_sets_a_population_beside_people(store, tmp_path):
    personas, run, out = tmp_path / "p", tmp_path / "run", tmp_path / "rep"
    assert shopagent("personas", "generate", "-n", "4", "--out", str(personas), "--catalog", "bundled", "--seed", "2").returncode == 0
    done = shopagent("simulate", "--personas", str(personas), "--out", str(run), "--store-url", store.url + "/", timeout=300)
    assert done.returncode == 0, done.stderr

    published = shopagent("report", str(run), "--reference", "bundled", "--out", str(out))
    assert published.returncode == 0, published.stderr
    rows = json.loads((out / "report.json").read_text())["reference"]["rows"]
    assert len(rows) == len(bundled_profile().figures)  # every figure of the profile is compared
    for row in rows:
        assert row["unit"] and row["source"]
        assert row["simulated"] is None or row["ci_low"] <= row["simulated"] <= row["ci_high"]
    assert "| session_length (mean) | actions | 11.11 |" in (out / "report.md").read_text()
    assert (out / "fidelity.svg").read_text().lstrip().startswith("<?xml")

    # The population beside itself as "human" sessions: no gap, no distance.
    itself = shopagent("report", str(run), "--reference", str(run / "sessions.jsonl"), "--out", str(tmp_path / "self"))
    assert itself.returncode == 0, itself.stderr
    reference = json.loads((tmp_path / "self" / "report.json").read_text())["reference"]
    assert {"back_share", "add_to_cart_rate", "cart_abandonment", "conversion", "product_pages_per_purchasing_session"} <= {
        r["measure"] for r in reference["rows"]
    }
    assert all(r["gap"] == 0 for r in reference["rows"])
    assert reference["distances"] and all(d["wasserstein"] == 0 for d in reference["distances"])


def test_a_bad_reference_is_one_line(tmp_path):
    bad = tmp_path / "profile.json"
    bad.write_text('{"name": "x", "figures": [{"measure": "happiness", "stat": "mean", "unit": "actions", "value": 1}]}')
    run = tmp_path / "sessions.jsonl"
    log = SessionLog(run)
    log.write(SessionRecord(session_id="s", persona=Persona(intent="tea"), start_url="http://127.0.0.1:1/", policy={}))
    log.write(EndRecord(session_id="s", outcome="terminate", steps=0))
    log.close()
    assert_one_line(shopagent("report", str(run), "--reference", str(bad)), 2, "not a reference profile", "figures.0")
    assert_one_line(shopagent("report", str(run), "--reference", str(tmp_path / "nope.json")), 2, "no such file")
