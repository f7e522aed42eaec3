"""Honest interviews (issue 29): the offline shopper answers from its own log, and no answer contradicts it."""

from __future__ import annotations

from typing import Any

from shopagent.agent.hindsight import obstacle_kind, obstacles
from shopagent.agent.interview import DEFAULT_QUESTIONS
from shopagent.agent.interview_check import contradictions
from shopagent.agent.offline.interview import answer_from_session
from shopagent.types import (
    Action,
    ActionResult,
    Answer,
    Back,
    Click,
    EndRecord,
    Observation,
    Outcome,
    Persona,
    Purchase,
    Session,
    SessionRecord,
    StepRecord,
    Terminate,
    Type,
)

STORE = "http://127.0.0.1:1"
SMOOTH = ("worked for me", "went smoothly", "nothing went wrong")


def step(index: int, action: Action, page_text: str = "", url: str = f"{STORE}/", ok: bool = True, rationale: str = "") -> StepRecord:
    page = Observation(url=url, title="A page", html=f"<main>{page_text}</main>")
    result = ActionResult(ok=ok, error=None if ok else "element not found", url=url)
    return StepRecord(session_id="s", index=index, observation=page, action=action, result=result, rationale=rationale)


def session(steps: list[StepRecord], outcome: Outcome, reason: str | None = None, order: dict[str, Any] | None = None) -> Session:
    header = SessionRecord(session_id="s", persona=Persona(intent="green tea bags under $25", budget=25), start_url=f"{STORE}/")
    end = EndRecord(session_id="s", outcome=outcome, steps=len(steps), reason=reason, order=order)
    return Session(header=header, steps=steps, end=end)


def search(index: int, query: str) -> StepRecord:
    return step(index, Type(target="header.search", text=query), url=f"{STORE}/search?q={query.replace(' ', '+')}")


def interview(s: Session) -> dict[str, Answer]:
    answers = answer_from_session(s, list(DEFAULT_QUESTIONS))
    assert contradictions(s, answers) == [], contradictions(s, answers)
    return {a.question: a for a in answers}


TOO_DEAR = "Every tea bag here costs more than my $25 budget, and I've tried 2 searches, so I'll leave without buying."


def leaver() -> Session:
    steps = [
        search(0, "green tea bags"),
        step(1, Click(target="results.tea_1.link"), "12 results", rationale="I'll open “Green Tea 100 Count”."),
        step(2, Back(), "Green Tea 100 Count $40.00", rationale="At $40.00 it's over my $25 budget, so I'll go back."),
        step(3, Terminate(), "12 results", rationale=TOO_DEAR),
    ]
    return session(steps, "terminate", TOO_DEAR)


def buyer(failed: bool = False) -> Session:
    steps = [
        search(0, "green tea bags"),
        step(1, Click(target="results.tea_1.link"), "12 results"),
        step(2, Click(target="product.add_to_cart"), "Green Tea 100 Count $12.00", ok=not failed),
        step(3, Click(target="product.add_to_cart"), "Green Tea 100 Count $12.00"),
        step(4, Purchase(target="checkout.place_order"), "Total $17.99"),
    ]
    order = {"total": 17.99, "items": [{"title": "Green Tea 100 Count", "quantity": 1}]}
    return session(steps, "purchase", None, order)


def test_a_shopper_who_left_says_what_stopped_it_and_rates_ease_to_match():
    answers = interview(leaver())
    assert "costs more than my $25 budget" in answers["outcome"].answer and "without buying" in answers["outcome"].answer
    assert answers["ease"].rating is not None and answers["ease"].rating <= 3
    assert "costs more than my $25 budget" in answers["ease"].answer
    assert "$40.00" not in answers["ease"].answer  # one price trouble, in the words that ended the session
    assert answers["improve"].answer.startswith("Have it for less") and "$25 budget" in answers["improve"].answer
    assert "“green tea bags”" in answers["goal"].answer and "didn't find" in answers["goal"].answer
    assert not any(w in a.answer for a in answers.values() for w in SMOOTH)


def test_a_buyer_with_nothing_in_the_way_says_so():
    answers = interview(buyer())
    assert answers["ease"].rating == 5 and "nothing went wrong" in answers["ease"].answer
    assert "$17.99" in answers["outcome"].answer and "1 × Green Tea 100 Count" in answers["goal"].answer
    assert answers["improve"].answer == "Nothing in particular; it worked for me."


def test_a_buyer_whose_steps_failed_names_the_failure_and_never_says_it_went_smoothly():
    answers = interview(buyer(failed=True))
    assert answers["ease"].rating == 4
    assert "1 of my clicks or entries didn't work" in answers["ease"].answer and "product.add_to_cart" in answers["ease"].answer
    assert answers["improve"].answer == "Make 'click product.add_to_cart' work: it failed for me."
    assert not any(w in a.answer for a in answers.values() for w in SMOOTH)


def test_a_store_error_is_the_lowest_ease_and_the_change_is_to_fix_it():
    crashed = session([search(0, "green tea bags")], "error", "browser crashed: Target page closed")
    answers = interview(crashed)
    assert answers["ease"].rating == 1 and "the site failed: browser crashed" in answers["ease"].answer
    assert answers["outcome"].answer == "The site stopped me: browser crashed: Target page closed."
    assert answers["improve"].answer == "Fix what broke: browser crashed: Target page closed."


def test_a_search_that_found_nothing_is_named_and_is_the_change_wanted():
    vague = "None of these is a tea bag, and the store doesn't seem to sell it, so I'm leaving."
    steps = [search(0, "matcha sachets"), step(1, Terminate(), "No results for matcha sachets", rationale=vague)]
    answers = interview(session(steps, "terminate", vague))
    assert answers["ease"].rating == 2 and "my search for “matcha sachets” found nothing" in answers["ease"].answer
    assert answers["improve"].answer == "Show something for “matcha sachets”: that search found nothing."


def test_a_forced_account_and_a_missing_size_are_what_the_shopper_would_change():
    account = "This store makes me create an account just to buy, so I'm leaving."
    answers = interview(session([step(0, Terminate(), "Password", rationale=account)], "terminate", account))
    assert answers["ease"].rating == 2 and "create an account" in answers["ease"].answer
    assert answers["improve"].answer == "Let me check out as a guest instead of making me create an account."
    vague = "I've opened 4 tea bags from this search and none is right, and I've tried 2 searches, so I'll leave without buying."
    steps = [step(0, Back(), "Sizes: 20 Count", rationale="It doesn't come in 100 count, so I'll go back."), step(1, Terminate())]
    answers = interview(session(steps, "terminate", vague))
    assert answers["improve"].answer == "Offer it in the size or colour I asked for: it doesn't come in 100 count."


def test_out_of_steps_and_free_worded_reasons_from_any_policy_are_read():
    answers = interview(session([search(0, "green tea bags")], "max_steps", "reached the limit of 40 steps"))
    assert answers["ease"].rating <= 3 and "ran out of steps" in answers["ease"].answer
    assert obstacle_kind("Shipping is $12 on a $10 item, too much.") == "price"
    assert obstacle_kind("The size I need is sold out.") == "stock"
    assert obstacle_kind("It wants me to sign up first.") == "account"
    assert [o.kind for o in obstacles(buyer())] == []


def test_the_check_catches_answers_that_contradict_the_log():
    old = [
        Answer(question="ease", answer="Because I couldn't get what I came for.", rating=4),
        Answer(question="improve", answer="Nothing in particular; it worked for me."),
        Answer(question="goal", answer="I searched for “oolong”. I found it: Oolong Tea."),
    ]
    found = contradictions(leaver(), old)
    assert any("rates ease 4 after leaving" in c for c in found)
    assert any("says it went well" in c for c in found)
    assert any("says it bought" in c for c in found) and any("“oolong”" in c for c in found)
    smooth = [Answer(question="ease", answer="Easy: nothing went wrong.", rating=5)]
    assert len(contradictions(buyer(failed=True), smooth)) == 2  # says it went well, and rates 5, after a failed click
    assert contradictions(buyer(), smooth) == []


def test_an_end_without_a_reason_is_not_called_a_product_turned_down():
    answers = interview(session([step(0, Terminate())], "terminate", None))
    assert answers["outcome"].answer == "I left without buying."
    assert "turned one down" not in answers["ease"].answer and answers["ease"].rating == 3
