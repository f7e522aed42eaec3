"""A study's statistics on sessions built by hand: the figures, the paired test, the bootstrap CI,
the diverging personas and the segments are checked against values worked out on paper."""

from __future__ import annotations

import pytest
from scipy.stats import binomtest

from shopagent.agent.interview import DEFAULT_QUESTIONS
from shopagent.agent.offline.interview import answer_from_session
from shopagent.study.analysis.compare import compare_arms, persona_of
from shopagent.types import (
    ActionResult,
    Click,
    EndRecord,
    Expectation,
    InterviewRecord,
    Observation,
    Persona,
    Session,
    SessionRecord,
    StepRecord,
    Type,
)

SEARCH_PAGE = Observation(url="http://127.0.0.1:1/search?q=tea", html="", regions=[])


def _session(
    sid: str, buys: bool, first_click: str = "results.tea", budget: float = 20, age: int = 25, empty_search: bool = False
) -> Session:
    persona = Persona(name=f"P {sid}", intent="i want green tea", budget=budget, age=age)
    steps = [
        StepRecord(
            session_id=sid,
            index=0,
            observation=Observation(url="http://127.0.0.1:1/", html=""),
            rationale="search",
            action=Type(target="header.search", text="green tea"),
            result=ActionResult(ok=True, url="http://127.0.0.1:1/search?q=green+tea"),
        ),
        StepRecord(
            session_id=sid,
            index=1,
            observation=Observation(
                url="http://127.0.0.1:1/search?q=green+tea",
                html="",
                regions=[{"id": "results", "text": "0 results" if empty_search else "12 results, showing 1-12"}],
            ),
            rationale="open it",
            action=Click(target=first_click),
            result=ActionResult(ok=True),
        ),
    ]
    order = {"order_id": "o", "total": 12.5, "items": [{"quantity": 1, "title": "Green Tea, 20 bags", "options": {}}]} if buys else None
    end = EndRecord(session_id=sid, outcome="purchase" if buys else "terminate", steps=2, reason=None if buys else "too dear", order=order)
    session = Session(header=SessionRecord(session_id=sid, persona=persona, start_url="http://127.0.0.1:1/"), steps=steps, end=end)
    questions = list(DEFAULT_QUESTIONS)
    session.interview = InterviewRecord(
        session_id=sid, questions=questions, answers=answer_from_session(session, questions), answered_by="offline"
    )
    return session


def test_mcnemar_counts_discordant_pairs_and_gives_the_exact_p():
    control = [_session(f"p{i}", buys=i < 6) for i in range(10)]
    variant = [_session(f"p{i}", buys=False) for i in range(10)]
    c = compare_arms("s", {"control": control, "variant": variant})
    (test,) = c.mcnemar
    assert (test.pairs, test.both, test.neither, test.baseline_only, test.arm_only) == (10, 0, 4, 6, 0)
    assert test.p_value == pytest.approx(2 * 0.5**6) == pytest.approx(binomtest(0, 6, 0.5).pvalue)
    conversion = next(d for d in c.differences if d.measure == "converted")
    assert conversion.baseline == 0.6 and conversion.value == 0.0 and conversion.difference == -0.6
    assert conversion.ci_low <= -0.6 <= conversion.ci_high and conversion.ci_high < 0


def test_no_discordant_pair_is_p_one_and_a_zero_width_interval():
    same = [_session(f"p{i}", buys=i % 2 == 0) for i in range(6)]
    c = compare_arms("s", {"a": same, "b": [s.model_copy(deep=True) for s in same]})
    assert c.mcnemar[0].p_value == 1.0 and not c.diverging
    d = next(d for d in c.differences if d.measure == "converted")
    assert (d.difference, d.ci_low, d.ci_high) == (0.0, 0.0, 0.0)


def test_diverging_personas_name_the_step_where_paths_parted():
    control = [_session("p0", buys=True), _session("p1", buys=True)]
    variant = [_session("p0", buys=True), _session("p1", buys=False, first_click="results.coffee")]
    c = compare_arms("s", {"control": control, "variant": variant})
    (d,) = c.diverging
    assert d.session_id == "p1" and d.parted_at == 1 and d.outcomes == {"control": "purchase", "variant": "terminate"}
    assert [s.action for s in d.paths["variant"]] == ["type header.search text='green tea'", "click results.coffee"]


def test_per_arm_figures_leave_reasons_empty_searches_and_interviews():
    sessions = [_session("p0", buys=True), _session("p1", buys=False, empty_search=True), _session("p2", buys=False)]
    (arm,) = compare_arms("s", {"only": sessions}).arms
    assert arm.figures["converted"] == pytest.approx(1 / 3, abs=1e-4)
    assert arm.figures["order_value"] == 12.5 and arm.applies_to["order_value"] == 1
    assert arm.figures["intent_fit"] is None and arm.applies_to["intent_fit"] == 0  # no hand labels: nothing to judge against
    assert arm.figures["intent_fit_self"] == 1.0
    assert arm.figures["zero_result_searches"] == pytest.approx(1 / 3, abs=1e-4)
    assert arm.leave_reasons == {"too dear": 2} and arm.zero_result_queries == {"green tea": 1}
    assert arm.figures["ease"] is not None and 1 <= arm.figures["ease"] <= 5
    assert any("found nothing" in text for text in arm.improvements)


def test_intent_fit_counts_only_personas_with_hand_labels():
    labelled = _session("p0", buys=True)
    labelled.header.persona.expect = Expectation(kind="green tea")
    wrong = _session("p1", buys=True)
    wrong.header.persona.expect = Expectation(kind="tea", must_not=["green"])
    (arm,) = compare_arms("s", {"only": [labelled, wrong, _session("p2", buys=True)]}).arms
    assert arm.figures["intent_fit"] == 0.5 and arm.applies_to["intent_fit"] == 2
    assert arm.applies_to["intent_fit_self"] == 3


def test_segments_split_by_budget_and_age():
    control = [_session("p0", buys=True, budget=10, age=20), _session("p1", buys=False, budget=100, age=60)]
    variant = [_session("p0", buys=False, budget=10, age=20), _session("p1", buys=False, budget=100, age=60)]
    rows = {(r.segment, r.band): r for r in compare_arms("s", {"control": control, "variant": variant}).segments}
    assert rows[("budget", "under $25")].conversion == {"control": 1.0, "variant": 0.0}
    assert rows[("budget", "$75–149")].conversion == {"control": 0.0, "variant": 0.0}
    assert rows[("age", "50 and over")].sessions == 1


def test_replicates_cluster_under_their_persona():
    assert persona_of("persona_0003.r2") == "persona_0003" and persona_of("persona_0003") == "persona_0003"
    assert persona_of("a.rb") == "a.rb"


def test_offline_interview_answers_only_from_the_session():
    bought = answer_from_session(_session("p0", buys=True), list(DEFAULT_QUESTIONS))
    by_id = {a.question: a for a in bought}
    assert "“green tea”" in by_id["goal"].answer and "Green Tea, 20 bags" in by_id["goal"].answer
    assert by_id["ease"].rating == 5 and "nothing went wrong" in by_id["ease"].answer
    empty = {a.question: a for a in answer_from_session(_session("p1", buys=False, empty_search=True), list(DEFAULT_QUESTIONS))}
    assert empty["outcome"].answer == "I left without buying because too dear."
    assert empty["ease"].rating == 2 and "found nothing" in empty["ease"].answer  # left (3), and a search found nothing
    assert "found nothing" in empty["improve"].answer


def test_the_html_report_embeds_the_screenshot_where_paths_parted(tmp_path):
    from shopagent.study.render.study import paired_runs_record, study_html

    png = tmp_path / "p1_001.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n fake")
    runs = {"control": [_session("p1", buys=True)], "variant": [_session("p1", buys=False, first_click="results.coffee")]}
    c = compare_arms("s", runs, screenshots={"variant": {"p1_001": str(png)}})
    html = study_html(c, paired_runs_record(runs))
    assert html.count("data:image/png;base64,") == 1 and "screenshot of step 2" in html
