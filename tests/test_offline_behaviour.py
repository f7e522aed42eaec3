"""The default shopper as a behavioural model: it reads the intent exactly, buys only what fits
(budget with shipping included), and its traits change how it shops. On the real bundled store."""

from __future__ import annotations

import httpx
import pytest

from shopagent.agent.loop import RunOptions, run_session
from shopagent.agent.offline.policy import OfflinePolicy
from shopagent.agent.policy import PolicyInput
from shopagent.browser import Browser
from shopagent.mock_store.server import build_catalog
from shopagent.persona.intent import Intent, named_option, names_value, wordnet
from shopagent.sessionlog import SessionLog, read_sessions
from shopagent.types import ActionResult, Click, Element, Observation, Persona, Region, Session, StepRecord, Traits, Type


@pytest.mark.parametrize(
    ("intent", "options", "wanted", "lacking"),
    [
        ("a t-shirt in x-large", ["Large", "X-Large", "XX-Large"], "X-Large", False),
        ("a t-shirt in x-large", ["Large", "XX-Large", "3X-Large"], None, True),
        ("a hoodie, size xl", ["Large", "X-Large"], "X-Large", False),
        ("running shoes size 8.5", ["8", "8.5", "9"], "8.5", False),
        ("running shoes size 8.5", ["8", "9"], None, True),
        ("a gray hoodie", ["Grey", "Black"], "Grey", False),
        ("a pink hoodie", ["Grey", "Black"], None, True),
        ("a hoodie", ["Grey", "Black"], None, False),
    ],
)
def test_named_options_match_exactly(intent, options, wanted, lacking):
    group = "Size" if any(c.isdigit() or "arge" in c for c in options) else "Color"
    assert named_option(intent, group, options) == (wanted, lacking)


def test_the_kind_is_the_head_noun():
    cases = {
        "i need a long clip-in hair extension which is natural looking": "extension",
        "i need some purple, machine washable drapes with a fifty-two inch width": "drape",
        "i need to find a small end table that is easy to assemble": "table",
        "i need d batteries": "battery",
    }
    for text, kind in cases.items():
        assert Intent.parse(text).head == kind, text
    batteries = Intent.parse("i need d batteries")
    assert batteries.kind_in("Duracell D Batteries, 8 Pack") and not batteries.kind_in("Oral-B Electric Toothbrush")
    assert not names_value("size 8.5", "8") and not names_value("x-large", "large")


async def shop(store, persona: Persona, tmp_path, name: str = "s", max_steps: int = 40) -> Session:
    log = tmp_path / f"{name}.jsonl"
    async with Browser() as browser:
        with SessionLog(log) as sessions:
            await run_session(
                browser, OfflinePolicy(), persona, store.url + "/", sessions, RunOptions(max_steps=max_steps), session_id=name
            )
    (session,) = read_sessions([log])
    return session


def _pages(session: Session, kind: str) -> set[str]:
    return {s.observation.url.split("?")[0] for s in session.steps if f"/{kind}/" in s.observation.url}


async def test_a_shopper_whose_item_the_store_lacks_leaves_and_says_why(store, tmp_path):
    session = await shop(store, Persona(intent="i want a cordless drill for my garage", budget=80), tmp_path)
    assert session.end.outcome == "terminate"
    assert "drill" in " ".join(s.rationale for s in session.steps).lower()
    assert not any(s.action.type == "purchase" for s in session.acted_steps)


@pytest.mark.skipif(not wordnet.available(), reason="WordNet's files are not installed (npm ci)")
async def test_a_shopper_takes_a_kind_of_what_they_asked_for_under_the_stores_name(store, tmp_path):
    # The store sells no "perfume" by that name, but eau de toilette is a perfume (its search finds one by "long lasting").
    session = await shop(store, Persona(intent="i want a long lasting perfume for women", budget=80), tmp_path)
    assert session.end.outcome == "purchase", session.end.reason
    assert "eau de toilette" in session.end.order["items"][0]["title"].lower()


async def test_the_budget_covers_shipping(store, tmp_path):
    # A product under the free-shipping threshold: its price fits the budget, price plus shipping does not.
    product = next(p for p in build_catalog().products.values() if 15 < p.price < 30 and not p.options and p.in_stock)
    intent = "i need a " + " ".join(product.title.split(",")[0].split()[1:]).lower()
    persona = Persona(intent=intent, budget=round(product.price + 1, 2), traits=Traits(impulsiveness=1.0, review_reliance=0.0))
    session = await shop(store, persona, tmp_path)
    assert session.end.outcome == "terminate", session.end.reason
    assert "over my" in session.end.reason and "shipping" in session.end.reason
    shopper = session.end.order
    assert shopper is None
    orders = httpx.get(store.url + "/api/orders").json()
    assert all(o["total"] <= persona.budget or o["items"][0]["product_id"] != product.id for o in orders)


async def test_traits_change_how_a_shopper_shops(store, tmp_path):
    intent = "i need a long clip-in hair extension which is natural looking"
    impulsive = await shop(store, Persona(intent=intent, budget=90, traits=Traits(impulsiveness=1.0, review_reliance=0.1)), tmp_path, "imp")
    careful = Persona(intent=intent, budget=90, traits=Traits(impulsiveness=0.0, patience=1.0, review_reliance=0.95))
    patient = await shop(store, careful, tmp_path, "pat")
    assert len(_pages(impulsive, "product")) == 1 and not any(s.action.type == "back" for s in impulsive.acted_steps)
    assert len(_pages(patient, "product")) >= 2 and any(s.action.type == "back" for s in patient.acted_steps)
    assert any(s.observation.url.endswith("/reviews") or "/reviews?" in s.observation.url for s in patient.steps)
    assert not any("/reviews" in s.observation.url for s in impulsive.steps)
    for session in (impulsive, patient):
        assert session.end.outcome == "purchase", session.end.reason
        assert "extension" in session.end.order["items"][0]["title"].lower()


async def test_after_a_search_that_finds_nothing_the_stores_suggestion_is_tried_if_it_names_the_thing():
    page = Observation(
        url="http://shop/search?q=flannel+pajamas",
        html="",
        elements=[
            Element(id="header.search", kind="input", region="header"),
            Element(id="results.flannel_pajama_set", kind="link", text="flannel pajama set", region="results"),
            Element(id="results.electronics", kind="link", text="electronics", region="results"),
        ],
        regions=[Region(id="results", text="No results for “flannel pajamas”. Try one of these: flannel pajama set, electronics")],
    )
    searched = StepRecord(
        session_id="s",
        index=0,
        observation=Observation(url="http://shop/", html=""),
        action=Type(target="header.search", text="flannel pajamas"),
        result=ActionResult(ok=True),
    )
    persona = Persona(intent="i need flannel pajamas for winter", traits=Traits(patience=0.5))
    decision = await OfflinePolicy().decide(PolicyInput(persona=persona, history=[searched], observation=page))
    assert decision.action == Click(target="results.flannel_pajama_set") and "suggests" in decision.rationale


def test_a_refinement_learned_from_reformulations_is_shorter_and_keeps_the_kind():
    # The learned refinement model stays for `shopagent train` and bench/refine.py; the shopper refines by the reading.
    from shopagent.agent.offline.refine_model import default_refinement_model

    model = default_refinement_model()
    for query, kind in [("nautical dog pattern shower cap", "cap"), ("usda organic jinxuan oolong tea bag hand crafted", "bag")]:
        refined = model.refine(query, must_keep=kind)
        assert len(refined.split()) < len(query.split()) and kind in refined.split()


def test_a_thrifty_shoppers_reason_names_the_cards_place_by_price_only_as_the_page_shows_it():
    from shopagent.agent.offline.memory import Memory
    from shopagent.agent.offline.page import Card
    from shopagent.agent.offline.results import open_reason as reason

    def card(n: int, price: float) -> Card:
        title = f"Green Tea {n}"
        return Card(link=Element(id=f"results.item{n}", kind="link", text=title), title=title, price=price, rating=None)

    cards = [card(1, 41.5), card(2, 12.0), card(3, 58.99), card(4, 70.0)]
    memory = Memory(Persona(intent="green tea", traits=Traits(price_sensitivity=0.9)), [])
    assert "is the cheapest of the 4 teas here" in reason(memory, cards[1], cards)
    assert "among the cheaper of the 4" in reason(memory, cards[0], cards)
    third = reason(memory, cards[2], cards)  # the third of four by price is not 'one of the cheaper'
    assert "cheap" not in third and "looks like the tea I want" in third


def test_a_title_names_its_kind_before_its_details():
    from shopagent.agent.offline.kinds import name_part, title_kind

    title = "Ailun Laptop Hard Shell Case, Keyboard Cover Included"
    assert name_part(title) == "Ailun Laptop Hard Shell Case"
    assert "Cover" not in " ".join(title_kind(title))


def test_a_kind_typed_with_a_slip_is_read_as_the_word_the_titles_show():
    from shopagent.agent.offline.kinds import spelt_otherwise

    assert spelt_otherwise(Intent.parse("camping tnet 4 person"), "Coleman 2 Person Camping Tent") == "tent"
    assert spelt_otherwise(Intent.parse("nonstick frying pann 10 inch"), "MIULEE Cast Iron Non Stick Frying Pan") == "pan"
    # a word English writes is meant as written ("yoga matt" is no "Matte" case), and a kind's other words must show
    assert spelt_otherwise(Intent.parse("yoga matt"), "Spigen Matte Laptop Hard Shell Case") is None
    assert spelt_otherwise(Intent.parse("cupcake topers"), "Hasbro Birthday Cake Toppers") is None
    assert spelt_otherwise(Intent.parse("cupcake topers"), "Hasbro Birthday Cupcake Toppers") == "toppers"


def test_a_shopper_who_could_not_check_a_word_says_so_rather_than_claim_it():
    from shopagent.agent.offline.memory import Memory
    from shopagent.agent.offline.page import PageView
    from shopagent.agent.offline.product import as_asked

    memory = Memory(Persona(intent="a waterproof bluetooth speaker"), [])
    page = PageView(Observation(url="http://127.0.0.1/product/wyze", title="Wyze Portable Bluetooth Speaker", html="", elements=[]))
    said = as_asked(memory, page, "I'll add it to my cart")
    assert said.startswith("No speaker here says waterproof") and "closest to what I asked for" in said
    assert "is what I asked for" not in said
