"""Missions (shopagent/agent/offline/missions.py): drawn per session from the traits, reproducible, logged on the header;
and what a research session does where the store lacks the kind (on the real bundled store)."""

from __future__ import annotations

from collections import Counter

from shopagent.agent.loop import RunOptions, run_session
from shopagent.agent.offline.embeddings import get_embedder
from shopagent.agent.offline.habits import REVIEW_FLOOR, Habits
from shopagent.agent.offline.kinds import NEAR_KIND, KindMatcher
from shopagent.agent.offline.memory import Memory
from shopagent.agent.offline.missions import (
    BASE,
    RESEARCH_SEARCHES,
    SHARES,
    Mission,
    centre,
    compares,
    draw_mission,
    mean_odds,
    odds,
    searches,
)
from shopagent.agent.offline.policy import OfflinePolicy
from shopagent.agent.policy import PlansMissions
from shopagent.browser import Browser
from shopagent.persona.intent import Intent
from shopagent.sessionlog import SessionLog, read_sessions
from shopagent.study.analysis.segments import segment_rows
from shopagent.types import Persona, Session, SessionRecord, Traits


def _persona(**traits: float) -> Persona:
    return Persona(name="Ana Diaz", intent="a blue yoga mat", traits=Traits(**traits))


def test_a_session_draws_the_same_mission_every_time_and_sessions_differ():
    persona = _persona()
    assert draw_mission(persona, "s1") == draw_mission(persona, "s1")
    drawn = Counter(draw_mission(persona, f"s{i}") for i in range(400))
    assert set(drawn) == set(Mission)


def test_shares_are_a_distribution_and_traits_tilt_the_odds_the_way_they_mean():
    assert abs(sum(SHARES.values()) - 1) < 0.01
    assert abs(sum(odds(Traits()).values()) - 1) < 1e-9
    assert odds(Traits(impulsiveness=0.9))[Mission.BUY_FAST] > odds(Traits(impulsiveness=0.1))[Mission.BUY_FAST]
    assert odds(Traits(review_reliance=0.9))[Mission.RESEARCH] > odds(Traits(review_reliance=0.1))[Mission.RESEARCH]
    assert odds(Traits(patience=0.9))[Mission.BROWSE] < odds(Traits(patience=0.1))[Mission.BROWSE]


def test_centred_base_odds_give_a_population_the_fitted_shares_where_tilting_the_shares_would_not():
    # A population whose traits sit off 0.5, as generated personas' do (review reliant and patient, seldom impulsive).
    population = [Traits(review_reliance=r, patience=p, impulsiveness=i) for r in (0.3, 0.6, 0.9) for p in (0.5, 0.8) for i in (0.1, 0.3)]
    tilted_shares = mean_odds(population, SHARES)
    assert tilted_shares[Mission.RESEARCH] > SHARES[Mission.RESEARCH] + 0.05
    centred = mean_odds(population, centre(population))
    assert all(abs(centred[m] - SHARES[m]) < 1e-3 for m in Mission)
    assert abs(sum(BASE.values()) - 1) < 0.01 and BASE[Mission.RESEARCH] < SHARES[Mission.RESEARCH]


def test_how_many_products_a_mission_weighs():
    assert compares(Mission.BUY_FAST, 4) == 1
    assert compares(Mission.RESEARCH, 1) >= 2 and compares(Mission.RESEARCH, 3) > 3
    assert compares(Mission.BROWSE, 3) == 3


def test_a_research_session_searches_further_than_its_habit_up_to_peoples_most():
    assert [searches(Mission.RESEARCH, drawn) for drawn in (1, 2, 3, 4)] == [1, 3, 5, RESEARCH_SEARCHES]
    assert searches(Mission.BUY_FAST, 3) == 3 and searches(Mission.BROWSE, 2) == 2 and searches(Mission.CART, 4) == 4
    persona = _persona(patience=1.0)
    sessions = {draw_mission(persona, f"s{i}"): f"s{i}" for i in range(40)}
    research = Memory(persona, [], sessions[Mission.RESEARCH], missions=True)
    browse = Memory(persona, [], sessions[Mission.BROWSE], missions=True)
    assert (research.search_limit, browse.search_limit, Memory(persona, [], sessions[Mission.RESEARCH]).search_limit) == (7, 4, 4)
    assert Memory(persona, [], sessions[Mission.RESEARCH], max_searches=2, missions=True).search_limit == 2  # the policy's cap


def test_reading_reviews_rises_with_reliance_and_reading_deepens_with_traits():
    low, high = Habits(_persona(review_reliance=0.1)), Habits(_persona(review_reliance=0.9))
    assert 0 < low.review_chance(Mission.RESEARCH) < high.review_chance(Mission.RESEARCH) <= 1
    assert high.review_chance(Mission.BUY_FAST) == 0
    assert Habits(_persona(review_reliance=0.0)).review_chance(Mission.RESEARCH) == REVIEW_FLOOR > 0  # a habit of most, sometimes
    assert low.review_sorts < high.review_sorts
    assert Habits(_persona(patience=0.0)).browse_looks < Habits(_persona(patience=1.0)).browse_looks


def test_the_policy_names_the_mission_for_the_header_only_with_missions_on():
    persona = _persona()
    assert isinstance(OfflinePolicy(), PlansMissions)
    assert OfflinePolicy().mission_of(persona, "s1") is None
    assert OfflinePolicy(missions=True).mission_of(persona, "s1") == draw_mission(persona, "s1").value


def test_a_study_shows_conversion_by_mission_only_where_missions_were_drawn():
    def session(sid: str, mission: str | None) -> Session:
        return Session(header=SessionRecord(session_id=sid, persona=_persona(), start_url="http://x/", mission=mission))

    drawn = {"a": {"1": session("1", "buy_fast"), "2": session("2", "browse")}}
    bands = {r.band for r in segment_rows(drawn) if r.segment == "mission"}
    assert bands == {"buy fast", "browse"}
    assert not [r for r in segment_rows({"a": {"1": session("1", None)}}) if r.segment == "mission"]


def test_a_near_kind_is_one_a_shopper_might_take_instead_and_an_unrelated_one_is_not():
    kinds = KindMatcher(get_embedder(None))
    assert kinds.nearness(Intent.parse("i want a cocktail dress"), "Levi's Floral Summer Dress") >= NEAR_KIND
    assert kinds.nearness(Intent.parse("i want a cordless drill"), "Lodge Cordless Roller Blinds") < NEAR_KIND


async def _research(store, intent: str, tmp_path) -> Session:
    persona = Persona(name="Ana Diaz", intent=intent, budget=80, traits=Traits(review_reliance=1.0, patience=0.6, impulsiveness=0.1))
    sid = next(f"r{i}" for i in range(500) if draw_mission(persona, f"r{i}") is Mission.RESEARCH)
    log = tmp_path / f"{sid}.jsonl"
    async with Browser() as browser:
        with SessionLog(log) as sessions:
            policy, options = OfflinePolicy(missions=True), RunOptions(max_steps=60)
            await run_session(browser, policy, persona, store.url + "/", sessions, options, session_id=sid)
    (session,) = read_sessions([log])
    return session


async def test_a_researcher_the_store_cannot_serve_weighs_the_nearest_kind_reads_its_reviews_and_leaves(store, tmp_path):
    # The store sells summer dresses, no cocktail dress: research opens the nearest, reads what buyers say, turns it down.
    session = await _research(store, "i want a cocktail dress for a wedding", tmp_path)
    said = [s.rationale for s in session.acted_steps]
    assert any("is the nearest thing here" in r for r in said)
    assert any("It isn't quite a cocktail dress" in r for r in said)
    assert any("/reviews" in s.observation.url for s in session.steps)
    assert session.end.outcome == "terminate" and session.end.order is None
    # Nothing near a drill (roller blinds are not): no product is opened.
    drill = await _research(store, "i want a cordless drill for my garage", tmp_path)
    assert not any("/product/" in s.observation.url for s in drill.steps) and drill.end.outcome == "terminate"
