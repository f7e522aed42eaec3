"""The offline shopper's interview: answers read from its own session, never invented.

Each answer names only what the log shows: the searches typed and whether they found
anything, the actions that failed, what was bought or why the shopper stopped. The ease
rating starts at 5 and loses a point for each kind of trouble the session met.
"""

from __future__ import annotations

from shopagent.agent.hindsight import added_to_cart, bought_items, failed_steps, searches, zero_result_queries
from shopagent.types import Answer, Question, Session

LONG_SESSION = 15  # steps; more than this counts against ease
UNANSWERABLE = "The offline shopper answers only goal, outcome, ease and improvement questions."


def _quoted(queries: list[str]) -> str:
    return ", ".join(f"“{q}”" for q in queries)


def _goal(session: Session) -> str:
    queries = [s.query for s in searches(session)]
    looked = f" I searched for {_quoted(queries)}." if queries else " I didn't search; I browsed."
    items = bought_items(session)
    if items:
        found = f" I found it: {', '.join(items)}."
    elif added_to_cart(session):
        found = " I found one and put it in my cart, but I didn't buy it."
    else:
        found = " I didn't find one I would buy."
    return f"I wanted this: “{session.header.persona.intent}”.{looked}{found}"


def _outcome(session: Session) -> str:
    end = session.end
    if end is None:
        return "I didn't finish."
    if end.outcome == "purchase" and end.order:
        return f"It matched what I wanted, so I bought it for ${end.order.get('total', 0):.2f} in all."
    if end.outcome.startswith("purchase"):
        return "It matched what I wanted, so I placed the order."
    if end.outcome == "terminate":
        return end.reason or "I stopped."
    if end.outcome == "max_steps":
        return f"I gave up after {end.steps} steps without getting there."
    return f"The site stopped me: {end.reason or 'something went wrong'}."


def _troubles(session: Session) -> list[str]:
    """What made the session harder, worst first, each as the shopper would say it."""
    troubles = []
    empty = zero_result_queries(session)
    if empty:
        troubles.append(f"my search for {_quoted(empty)} found nothing")
    failed = failed_steps(session)
    if failed:
        troubles.append(f"{len(failed)} of my clicks or entries didn't work")
    if session.end and session.end.outcome in ("terminate", "max_steps") and not bought_items(session):
        troubles.append("I couldn't get what I came for")
    if len(session.steps) > LONG_SESSION:
        troubles.append(f"it took {len(session.steps)} steps")
    return troubles


def _ease(session: Session) -> tuple[int, str]:
    troubles = _troubles(session)
    rating = max(1, 5 - len(troubles))
    if not troubles:
        return rating, f"Easy: it took {len(session.steps)} steps and nothing went wrong."
    return rating, "Because " + "; ".join(troubles) + "."


def _improvement(session: Session) -> str:
    empty = zero_result_queries(session)
    if empty:
        return f"Show something for {_quoted(empty[:1])}: that search found nothing."
    reason = (session.end.reason or "") if session.end else ""
    if "account" in reason:
        return "Let me check out as a guest."
    if "budget" in reason and "order comes to" in reason:
        return "Show the full price with shipping before checkout."
    failed = failed_steps(session)
    if failed and failed[0].action is not None:
        return f"Make '{failed[0].action.describe()}' work: it failed for me."
    return "Nothing in particular; it worked for me."


def answer_from_session(session: Session, questions: list[Question]) -> list[Answer]:
    answers = []
    for q in questions:
        if q.topic == "ease" or q.rating:
            rating, why = _ease(session)
            answers.append(Answer(question=q.id, answer=why, rating=rating))
        elif q.topic == "goal":
            answers.append(Answer(question=q.id, answer=_goal(session)))
        elif q.topic == "outcome":
            answers.append(Answer(question=q.id, answer=_outcome(session)))
        elif q.topic == "improvement":
            answers.append(Answer(question=q.id, answer=_improvement(session)))
        else:
            answers.append(Answer(question=q.id, answer=UNANSWERABLE, answered=False))
    return answers
