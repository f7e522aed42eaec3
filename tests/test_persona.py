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
    from shopagent.persona.generate import satisfiable
    from shopagent.study.analysis.store_scan import catalog_items

    store = catalog_items()
    personas = generate_personas(40, seed=2, store=store, unmet=0.25)
    served = [p for p in personas if satisfiable(p.intent, store)]
    assert len(served) == 30 and len(personas) == 40
    brands = {item.brand for item in store}
    loyal = [p for p in personas if p.preferred_brands]
    assert loyal and all(set(p.preferred_brands) <= brands for p in loyal)


def test_a_live_store_is_read_from_its_pages_and_personas_fit_it(store, tmp_path):
    """`--store-url`: the scan finds the store's real products (titles, prices) by browsing its categories."""
    import asyncio

    from shopagent.persona.generate import satisfiable
    from shopagent.study.analysis.store_scan import scan_store

    items = asyncio.run(scan_store(store.url + "/", max_pages=12))
    catalog = {p.title: p for p in store.app.state.catalog.products.values()}
    assert len(items) >= 100
    assert all(i.title in catalog for i in items)  # nothing invented: every title is a product the store sells
    assert all(i.brand == catalog[i.title].brand.split()[0] for i in items if i.brand)  # a guessed brand is the real one's first word
    assert sum(bool(i.brand) for i in items) > len(items) / 2

    personas = generate_personas(20, seed=3, store=items, unmet=0.2)
    assert sum(bool(satisfiable(p.intent, items)) for p in personas) == 16


def test_personas_generate_store_url_writes_fitted_personas_or_says_why_not(store, fixture_site, tmp_path):
    from tests.test_cli_errors import assert_one_line, shopagent

    done = shopagent("personas", "generate", "-n", "5", "--out", str(tmp_path / "p"), "--store-url", store.url + "/", "--max-pages", "4")
    assert done.returncode == 0, done.stderr
    assert "the store sells" in done.stdout and len(load_personas(tmp_path / "p")) == 5

    page = fixture_site + "/aria_spa.html"
    empty = shopagent("personas", "generate", "--out", str(tmp_path / "q"), "--store-url", page, "--max-pages", "1")
    assert_one_line(empty, 2, "found no products", "aria_spa.html")
    both = shopagent("personas", "generate", "--out", str(tmp_path / "r"), "--store-url", store.url, "--catalog", "bundled")
    assert_one_line(both, 2, "--catalog or --store-url")


def test_personas_generated_for_a_store_say_which_intents_it_cannot_satisfy_and_the_shopper_never_sees_it(tmp_path):
    from shopagent.agent.llm.prompting import describe_persona
    from shopagent.persona.generate import write_personas
    from shopagent.study.analysis.segments import SEGMENTS
    from shopagent.study.analysis.store_scan import catalog_items

    personas = generate_personas(10, seed=2, store=catalog_items(None), unmet=0.3)
    assert sorted(p.unmet for p in personas) == [False] * 7 + [True] * 3
    assert all(p.unmet is None for p in generate_personas(3, seed=2))  # no store, nothing to say
    written = [json.loads(path.read_text()) for path in write_personas(personas, tmp_path)]
    assert sorted(w["unmet"] for w in written) == [False] * 7 + [True] * 3
    unmet = next(p for p in personas if p.unmet)
    assert "unmet" not in describe_persona(unmet)
    assert SEGMENTS["store sells the item"](unmet) == "no (--unmet)"


# What each style's words claim, written apart from the generator's table: the habits they name (habits.py) hold.
def _style_claims() -> dict[str, list[tuple[str, str, float]]]:
    from shopagent.agent.offline.habits import LOYAL, RATING_FIRST, THRIFTY

    return {
        "lowest price": [("price_sensitivity", ">=", THRIFTY)],
        "brands they know": [("brand_loyalty", ">=", LOYAL)],
        "reads reviews": [("review_reliance", ">=", RATING_FIRST), ("impulsiveness", "<", 0.5)],
        "browses a lot": [("patience", ">=", 0.6), ("impulsiveness", "<", 0.5)],
        "decisive": [("impulsiveness", ">=", 0.6), ("patience", "<", 0.5)],
    }


@pytest.fixture(scope="module")
def fitted():
    """100 personas generated for the bundled store, and the store's items."""
    from shopagent.study.analysis.store_scan import catalog_items

    store = catalog_items()
    return generate_personas(100, seed=4, store=store), store


def test_every_generated_style_agrees_with_its_traits(fitted):
    from shopagent.agent.offline.habits import LOYAL
    from shopagent.persona.generate import STYLE_TRAITS

    personas = fitted[0] + generate_personas(100, seed=4)
    claims = _style_claims()
    for p in personas:
        style = p.shopping_style or ""
        traits = p.traits.model_dump()
        for name, (low, high) in STYLE_TRAITS[style].items():  # the generator keeps to its own table
            assert low <= traits[name] <= high, (style, name, traits[name])
        for words, checks in claims.items():
            for name, op, bound in checks if words in style else []:
                assert (traits[name] >= bound) if op == ">=" else (traits[name] < bound), (style, name, traits[name])
        assert "brands" in style or p.traits.brand_loyalty < LOYAL  # no loyalty the text doesn't claim
    assert {p.shopping_style for p in personas} == set(STYLE_TRAITS)  # every style is drawn
    assert all(any(w in s for w in claims) for s in STYLE_TRAITS)  # and every style's words are checked


def test_preferred_brands_are_of_products_that_fit_the_intent_in_its_department(fitted):
    from shopagent.mock_store.server import build_catalog
    from shopagent.persona.generate import brand_homes, fitting_brands, satisfiable

    personas, store = fitted
    homes = brand_homes(store)
    department = {p.title: p.category for p in build_catalog(None).products.values()}
    loyal = [p for p in personas if p.preferred_brands]
    assert len(loyal) >= 10
    for p in loyal:
        fits = satisfiable(p.intent, store)
        for brand in p.preferred_brands:
            theirs = [i for i in fits if i.brand == brand]
            assert theirs, (p.intent, brand)  # the brand makes something that fits the intent
            assert homes[brand] in {department[i.title] for i in theirs}, (p.intent, brand)  # and that is its own line
    # "hair products" fits toy makers' hair chalk by its words; no toy maker is offered for it
    hair = [i for i in store if "Hair Chalk" in i.title or "Hair Dryer" in i.title]
    assert "Crayola" not in fitting_brands(hair, homes) and "Revlon" in fitting_brands(hair, homes)
    assert all(not p.preferred_brands for p in generate_personas(100, seed=4))  # no store, no invented brands


def test_generation_with_a_store_is_deterministic_per_seed(fitted):
    store = fitted[1]
    a, b = generate_personas(8, seed=9, store=store), generate_personas(8, seed=9, store=store)
    assert [p.model_dump() for p in a] == [p.model_dump() for p in b]


def test_a_store_satisfies_an_intent_only_with_the_option_named_in_stock_and_within_its_price():
    from shopagent.persona.generate import StoreItem, satisfiable

    intent = "i need a navy blue rain jacket in x-large under $60"
    right = StoreItem("Waterproof Rain Jacket", "Acme", options=("Large", "X-Large", "Navy Blue", "Red"), price=49.0)
    assert satisfiable(intent, [right]) == [right]
    assert not satisfiable(intent, [StoreItem("Waterproof Rain Jacket", "Acme", options=("Large", "Navy Blue"), price=49.0)])
    assert not satisfiable(intent, [StoreItem("Waterproof Rain Jacket", "Acme", options=("X-Large", "Red"), price=49.0)])
    assert not satisfiable(intent, [StoreItem("Waterproof Rain Jacket", "Acme", options=("X-Large", "Navy Blue"), price=79.0)])
    assert not satisfiable(intent, [StoreItem("Waterproof Rain Jacket", "Acme", options=("X-Large", "Navy Blue"), in_stock=False)])
    unknown = StoreItem("Waterproof Rain Jacket", "Acme")  # a scanned store's card: options and price unknown
    assert satisfiable(intent, [unknown]) == [unknown]
