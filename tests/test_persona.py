"""Persona files: each kind of bad file gets a one-line message naming file, field and problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shopagent.errors import BadInput
from shopagent.persona import load_persona, load_personas
from shopagent.persona.generate import generate_personas

EXAMPLES = Path(__file__).parent.parent / "examples" / "personas"


def test_bundled_examples_load_and_vary():
    personas = load_personas(EXAMPLES)
    assert len(personas) >= 6
    assert len({p.intent for _, p in personas}) == len(personas)
    assert any(p.budget and p.budget < 30 for _, p in personas)


def test_yaml_persona(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("intent: gluten free granola bars\nbudget: 12\ntraits:\n  patience: 0.9\n")
    persona = load_persona(path)
    assert persona.budget == 12 and persona.traits.patience == 0.9


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("missing.json", json.dumps({"name": "Al"}), r"missing.json: field 'intent' is required"),
        ("wrong.json", json.dumps({"intent": "tea", "budget": "cheap"}), r"wrong.json: field 'budget': .*number.*'cheap'"),
        ("extra.json", json.dumps({"intent": "tea", "favourite_colour": "red"}), r"extra.json: unknown key 'favourite_colour'"),
        ("nested.json", json.dumps({"intent": "tea", "traits": {"patience": 3}}), r"nested.json: field 'traits.patience'"),
        ("broken.json", '{\n  "intent": "tea",\n  "budget": 10,,\n}', r"broken.json:3: not valid JSON"),
        ("broken.yaml", "intent: tea\nbudget: [1, 2\n", r"broken.yaml:\d+: not valid YAML"),
        ("list.json", "[1, 2]", r"list.json: a persona must be a mapping"),
    ],
)
def test_bad_persona_files(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(BadInput, match=message):
        load_persona(path)


def test_missing_file():
    with pytest.raises(BadInput, match=r"nope\.json: persona file not found"):
        load_persona("nope.json")


def test_generator_is_seeded_and_diverse():
    a, b = generate_personas(30, seed=5), generate_personas(30, seed=5)
    assert [p.model_dump() for p in a] == [p.model_dump() for p in b]
    assert [p.intent for p in generate_personas(30, seed=6)] != [p.intent for p in a]
    assert len({p.occupation for p in a}) >= 5 and len({p.intent for p in a}) == 30
    assert all(p.budget and p.budget > 0 for p in a)
    assert {p.intent for p in generate_personas(20, seed=1, split="eval")} <= set(_eval_intents())


def _eval_intents() -> set[str]:
    from shopagent.persona.generate import bundled_intents

    return {r["instruction"] for r in bundled_intents() if r["split"] == "eval"}


def test_generated_personas_hang_together():
    from shopagent.persona.generate import FIRST_NAMES, OCCUPATIONS

    for p in generate_personas(200, seed=3):
        first, last = p.name.split(" ", 1)
        assert last and first in FIRST_NAMES[p.gender]  # a full name, matching the gender
        young, old = OCCUPATIONS[p.occupation]
        assert young <= p.age <= old, (p.occupation, p.age)
        assert "viewing one of the trendiest" not in p.intent and p.intent[0].isalpha()
        assert "brands" not in (p.shopping_style or "") or p.preferred_brands  # no loyalty without brands


def test_personas_fitted_to_a_catalog_can_be_served_except_the_unmet_share():
    from shopagent.mock_store.server import build_catalog
    from shopagent.persona.generate import StoreItem, satisfiable

    products = build_catalog().products.values()
    store = [StoreItem(p.title, p.brand, " ".join([p.description, *p.bullets])) for p in products]
    personas = generate_personas(40, seed=2, store=store, unmet=0.25)
    served = [p for p in personas if satisfiable(p.intent, store)]
    assert len(served) == 30 and len(personas) == 40
    brands = {p.brand for p in products}
    loyal = [p for p in personas if p.preferred_brands]
    assert loyal and all(set(p.preferred_brands) <= brands for p in loyal)
