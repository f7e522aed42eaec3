"""Importers for real human data, on small fixtures written to the datasets' documented schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from shopagent.agent.offline.policy import OfflinePolicy
from shopagent.agent.policy import PolicyInput
from shopagent.browser import Browser
from shopagent.errors import BadInput
from shopagent.replay.importers.opera import import_opera
from shopagent.replay.importers.webshop import import_webshop, observe_state
from shopagent.sessionlog import read_sessions, write_sessions
from shopagent.train.ranker import choices_from_sessions
from shopagent.types import Back, Purchase, Traits
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


async def test_webshop_trajectories_map_to_sessions():
    first, second = await import_webshop(WEBSHOP)
    assert first.header.source == "human"
    assert first.header.persona.budget == 40.0 and "clip-in hair extension" in first.header.persona.intent
    kinds = [s.action.type for s in first.steps]
    assert kinds == ["type", "click", "click", "purchase"]
    assert first.steps[0].action.target == "search" and first.steps[0].action.text == "long clip in hair extension natural"
    # Pages are rendered as a store would show them: product cards, option radios, a buy-now button.
    card = first.steps[1].observation.element("search_results.b09qqldj93.link")
    assert first.steps[1].action.target == card.id and card.kind == "link" and card.record == "search_results.b09qqldj93"
    assert first.steps[1].observation.region(card.record).heading.startswith("Long Clip In Hair Extensions")
    assert first.steps[2].action.target == "product.color.natural_black"
    assert first.steps[3].action.target == "product.buy_now" and first.steps[3].observation.element("product.buy_now").purchase
    assert first.steps[3].observation.element("product.color.natural_black").checked  # "[clicked button]" is shown as chosen
    assert first.steps[3].observation.element("product.size.22_inch").checked is False
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
async def test_imported_sessions_round_trip_through_the_session_log(tmp_path, which):
    sessions = await import_webshop(WEBSHOP) if which == "webshop" else import_opera(opera_folder(tmp_path))
    out = tmp_path / "sessions.jsonl"
    write_sessions(sessions, out)
    again = read_sessions([out])
    assert [s.model_dump() for s in again] == [s.model_dump() for s in sessions]


async def test_importer_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"states": ["Instruction: x [button] Search [button_]"], "actions": ["jump[now]"]}\n')
    with pytest.raises(BadInput, match=r"bad.jsonl:1: actions\[0\]: action 'jump\[now\]'"):
        await import_webshop(bad)
    bad.write_text("{not json\n")
    with pytest.raises(BadInput, match=r"bad.jsonl:1: not JSON"):
        await import_webshop(bad)
    with pytest.raises(BadInput, match="no parquet files"):
        import_opera(tmp_path)


async def test_the_offline_policy_and_the_ranker_read_imported_webshop_pages():
    first, second = await import_webshop(WEBSHOP)
    policy = OfflinePolicy()
    # Wants a natural-looking clip-in extension under $40, and, like WebShop's workers, takes the first that fits.
    persona = first.header.persona.model_copy(update={"traits": Traits(impulsiveness=1.0)})

    async def predict(session, index, who=persona):  # teacher forcing, as replay eval does
        step = session.steps[index]
        inp = PolicyInput(persona=who, history=session.steps[:index], observation=step.observation)
        return (await policy.decide(inp)).action

    assert (await predict(first, 1)).target == "search_results.b09qqldj93.link"  # the other card is $89
    assert (await predict(first, 2)).target.startswith("product.color.")
    patient = persona.model_copy(update={"traits": Traits(patience=1.0, impulsiveness=0.0)})
    assert (await predict(first, 2, patient)) == Back()  # a patient shopper compares before choosing
    async with Browser() as browser:
        chosen, _ = await observe_state(browser, ALL_CHOSEN, [])
    assert (await policy.decide(PolicyInput(persona=persona, history=first.steps[:3], observation=chosen))).action == Purchase(
        target="product.buy_now"
    )
    # Nothing new on the results and no search box: back to the search form, as the person did.
    assert (await predict(second, 3, second.header.persona)).target == "back_to_search"
    choices = choices_from_sessions([first])
    assert [(c.positive, c.negatives) for c in choices] == [
        ("Long Clip In Hair Extensions 22 Inch Natural Straight Synthetic Hairpiece", ["Human Hair Clip in Extensions Real Remy 20 Inch"])
    ]


ALL_CHOSEN = """Amazon Shopping Game
Instruction:
i need a long clip-in hair extension which is natural looking, and price lower than 40.00 dollars
[button] Back to Search [button_]
[button] < Prev [button_]
color
[clicked button] natural black [clicked button_]
[button] light brown [button_]
size
[button] 22 inch [button_]
[clicked button] 24 inch [clicked button_]
Long Clip In Hair Extensions 22 Inch Natural Straight Synthetic Hairpiece
Price: $13.99
Rating: N.A.
[button] Description [button_]
[button] Buy Now [button_]"""
