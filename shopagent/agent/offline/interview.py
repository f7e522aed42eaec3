"""The offline shopper's interview: answers read from its own session, never invented.

Each answer names only what the log shows (hindsight.obstacles): what ended the session, in its own end reason;
searches that found nothing; actions that failed; the products it turned back from for their price, stock or
options. The ease rating follows the outcome: a buyer starts at 5, a shopper who left at 3, one cut short at 4, and
a store's error ends at 1; each thing the store did to get in the way (an error, a failed action, a search that
found nothing, a forced account, a checkout that would not take its details) costs a point, as does a long session.
The change it would want answers what stopped it.
"""

from __future__ import annotations

import re

from shopagent.agent.hindsight import Obstacle, added_to_cart, bought, bought_items, failed_steps, obstacles, searches
from shopagent.types import Answer, Question, Session

LONG_SESSION = 15  # steps; more than this counts against ease
UNANSWERABLE = "The offline shopper answers only goal, outcome, ease and improvement questions."
STORE_MADE = ("error", "failed", "no_results", "account", "checkout")  # what the store did, as against what it lacked
START = {"bought": 5, "left": 3, "cut": 4}
SAYS = {1: "Very hard", 2: "Hard", 3: "Not easy", 4: "Mostly easy", 5: "Easy"}
# The end of a leaving rationale ("…, so I'll leave without buying."): the part before it says why.
LEAVING = re.compile(r",?\s*(and\s+)?so\s+i(?:'ll| will|'m| am)\b.*$", re.I)


def _quoted(queries: list[str]) -> str:
    return ", ".join(f"“{q}”" for q in queries)


def why(said: str) -> str:
    """The reason part of a log's words, to follow 'because': "None of these is a clip, and …" → "none of these is …"."""
    clause = LEAVING.sub("", said.strip()).rstrip(" .")
    return clause if clause.startswith(("I ", "I'")) else clause[:1].lower() + clause[1:]


def outcome_group(session: Session) -> str:
    if bought(session):
        return "bought"
    end = session.end
    if end is None or end.outcome == "max_llm_tokens":
        return "cut"
    return "error" if end.outcome == "error" else "left"


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
        return f"I left without buying because {why(end.reason)}." if end.reason else "I left without buying."
    if end.outcome == "max_steps":
        return f"I gave up after {end.steps} steps without getting there."
    if end.outcome == "max_llm_tokens":
        return f"I was stopped before I could finish: {end.reason or 'the run ran out of tokens'}."
    return f"The site stopped me: {end.reason or 'something went wrong'}."


def _trouble(obstacle: Obstacle, session: Session) -> str:
    """One obstacle as the shopper says it."""
    if obstacle.kind == "error":
        return f"the site failed: {obstacle.said}"
    if obstacle.kind == "no_results":
        return f"my search for “{obstacle.said}” found nothing"
    if obstacle.kind == "failed":
        failed = failed_steps(session)
        return f"{len(failed)} of my clicks or entries didn't work (the first: {obstacle.said})"
    if obstacle.kind == "steps":
        return f"I ran out of steps after {len(session.steps)} without getting there"
    if obstacle.kind == "cut":
        return "I was stopped before I could finish"
    if obstacle.ended:
        return f"I left without buying because {why(obstacle.said)}"
    return f"I turned one down because {why(obstacle.said)}"


def _ease(session: Session) -> tuple[int, str]:
    found = obstacles(session)
    troubles = [_trouble(o, session) for o in found]
    if len(session.steps) > LONG_SESSION:
        troubles.append(f"it took {len(session.steps)} steps")
    group = outcome_group(session)
    if group == "error":
        rating = 1
    else:
        rating = START[group] - sum(o.kind in STORE_MADE for o in found) - (len(session.steps) > LONG_SESSION)
    rating = max(1, min(5, rating))
    if not troubles:
        return rating, f"Easy: it took {len(session.steps)} steps and nothing went wrong."
    return rating, f"{SAYS[rating]}: " + "; ".join(troubles) + "."


def _first(session: Session) -> Obstacle | None:
    """What stopped the shopper, most specifically: a vague end ("not found", out of steps) gives way to what the
    store did to cause it (a search that found nothing, an action that failed), else to what the shopper turned
    products down for (a price, stock, ratings, a size or colour)."""
    found = obstacles(session)
    if found and found[0].kind in ("not_found", "steps", "other"):
        specific = [o for o in found if o.kind in STORE_MADE] + [o for o in found[1:] if o.kind in ("price", "stock", "ratings", "option")]
        return specific[0] if specific else found[0]
    return found[0] if found else None


def _change(obstacle: Obstacle) -> str:
    """The change that would have got the shopper past this obstacle."""
    said, because = obstacle.said, why(obstacle.said)
    changes = {
        "error": f"Fix what broke: {said}.",
        "no_results": f"Show something for “{said}”: that search found nothing.",
        "failed": f"Make '{said}' work: it failed for me.",
        "account": "Let me check out as a guest instead of making me create an account.",
        "checkout": f"Make the checkout take my details: {because}.",
        "stock": f"Keep it in stock: {because}.",
        "ratings": f"Show what other buyers say, and sell what they rate well: {because}.",
        "option": f"Offer it in the size or colour I asked for: {because}.",
        "not_found": f"Sell what I asked for, or make it easier to find: {because}.",
        "steps": "Help me get to what I want sooner: I ran out of steps.",
        "cut": "I can't say: I was stopped before I could finish.",
    }
    if obstacle.kind == "checkout" and re.search(r"too long", said, re.I):
        return f"Make the checkout shorter: {because}."
    if obstacle.kind == "price":
        shipping = re.search(r"shipping|order comes to|total|extra cost", said, re.I)
        return f"Show the full price with shipping before checkout: {because}." if shipping else f"Have it for less: {because}."
    return changes.get(obstacle.kind, f"Help me past what stopped me: {because}.")


def _improvement(session: Session) -> str:
    obstacle = _first(session)
    if obstacle is not None:
        return _change(obstacle)
    if len(session.steps) > LONG_SESSION:
        return f"Make it quicker to get to: it took {len(session.steps)} steps."
    return "Nothing in particular; it worked for me."


def answer_from_session(session: Session, questions: list[Question]) -> list[Answer]:
    answers = []
    for q in questions:
        if q.topic == "ease" or q.rating:
            rating, reason = _ease(session)
            answers.append(Answer(question=q.id, answer=reason, rating=rating))
        elif q.topic == "goal":
            answers.append(Answer(question=q.id, answer=_goal(session)))
        elif q.topic == "outcome":
            answers.append(Answer(question=q.id, answer=_outcome(session)))
        elif q.topic == "improvement":
            answers.append(Answer(question=q.id, answer=_improvement(session)))
        else:
            answers.append(Answer(question=q.id, answer=UNANSWERABLE, answered=False))
    return answers
