"""Intents as people write them, shopped end to end on the real bundled store by the default shopper,
and judged from the store's own order record against labels written by hand (bench/intents/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopagent.agent.loop import RunOptions, run_session
from shopagent.agent.offline.policy import OfflinePolicy
from shopagent.browser import Browser
from shopagent.mock_store.server import build_catalog
from shopagent.persona.labels import IntentLabel, load_labels, order_meets
from shopagent.sessionlog import SessionLog, read_sessions
from shopagent.types import Persona, Session

SETS = Path(__file__).parent.parent / "bench" / "intents"
# A chatty one with a size, a colour and "nothing over $40"; units and a count in a chatty one;
# a terse one with waist by length; a misspelt kind; and one the store cannot satisfy (it sells no hoodies).
# From dev3: a kind the store calls by another name WordNet knows (footstool, sold as ottoman), and a wish spelt the
# British way (colour-safe shampoo, sold as Color Safe). From dev4: a brand one letter off whose product the store
# lists twice under one title, the first unavailable (under armor golf shirt): the shopper opens the second card too.
# From dev5: a kind the store calls by a name English uses more than shoppers' text does, with a rating ("40l rucksack",
# sold as a 40L hiking backpack); and one it cannot satisfy where a brand's name holds the kind's word (a cat bed: the
# store's "Tidy Cats ... Dog Bed" is none). From dev6: a choice weighed then settled ("Executive chair or an ergonomic
# one? My back says ergonomic"), and a texted request with a rating after the product and "more then 80".
CHOSEN = (
    "dev-001",
    "dev-003",
    "dev-010",
    "dev-029",
    "dev-004",
    "dv3-061",
    "dv3-037",
    "dv4-038",
    "dv5-064",
    "dv5-070",
    "dv6-073",
    "dv6-019",
)


def _labels() -> list[IntentLabel]:
    sets = ("written_dev", "written_dev3", "written_dev4", "written_dev5", "written_dev6")
    by_id = {label.id: label for name in sets for label in load_labels(SETS / f"{name}.jsonl")}
    return [by_id[i] for i in CHOSEN]


async def _shop(store, label: IntentLabel, tmp_path) -> Session:
    log = tmp_path / f"{label.id}.jsonl"
    async with Browser() as browser:
        with SessionLog(log) as sessions:
            persona = Persona(name=f"Shopper {label.id}", intent=label.intent)
            await run_session(browser, OfflinePolicy(), persona, store.url + "/", sessions, RunOptions(max_steps=40), session_id=label.id)
    (session,) = read_sessions([log])
    return session


@pytest.mark.parametrize("label", _labels(), ids=lambda label: label.id)
async def test_a_labelled_intent_is_bought_right_or_left_after_looking(store, tmp_path, label):
    session = await _shop(store, label, tmp_path)
    assert session.end is not None
    if label.satisfiable:
        assert session.end.outcome == "purchase", session.end.reason
        catalog = build_catalog().products
        items = [{**item, "brand": catalog[item["product_id"]].brand} for item in session.end.order["items"]]
        assert order_meets(label, items) is None, (label.intent, items)
    else:
        assert session.end.outcome == "terminate", session.end.reason
        assert any(s.action is not None and s.action.type == "type" for s in session.steps)
        assert any("/search" in s.observation.url for s in session.steps)
    # The reasons name the product, never the person's chatter.
    said = " ".join(s.rationale.lower() for s in session.steps)
    assert not any(word in said.split() for word in ("hey", "husband", "saturday", "sister", "baby", "son", "chilly"))
