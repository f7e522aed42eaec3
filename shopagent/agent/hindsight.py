"""What a finished session shows, read from its steps: the searches and whether they found
anything, the actions that failed, and what was bought. The interview and the study report
both read sessions this way, so a shopper's answers and the report never disagree."""

from __future__ import annotations

import re
from dataclasses import dataclass

from shopagent.browser.controls import adds_to_cart, buys_now, is_search
from shopagent.types import EndRecord, Session, StepRecord, Type

NO_RESULTS_RE = re.compile(
    r"\bno (results|products|items|matches)\b|\b0 (results|items|products)\b|did not match any|nothing (matched|found)", re.I
)
RESULT_COUNT_RE = re.compile(r"\b(\d[\d,]*) (results?|items?|products?)\b", re.I)


@dataclass
class Search:
    query: str
    step: int  # the index of the step that typed it
    found: bool | None  # None when the page after it does not say


def _found_anything(page_text: str) -> bool | None:
    if NO_RESULTS_RE.search(page_text):
        return False
    count = RESULT_COUNT_RE.search(page_text)
    if count:
        return int(count.group(1).replace(",", "")) > 0
    return None


def searches(session: Session) -> list[Search]:
    """Each submitted search and whether the next page showed any results."""
    found: list[Search] = []
    for position, step in enumerate(session.steps):
        if not is_search(step) or not step.result.ok:
            continue
        assert isinstance(step.action, Type)
        if position + 1 < len(session.steps):
            page = session.steps[position + 1].observation
            result = _found_anything(" ".join(r.text for r in page.regions) or page.html)
        else:
            result = None
        found.append(Search(step.action.text, step.index, result))
    return found


def zero_result_queries(session: Session) -> list[str]:
    return [s.query for s in searches(session) if s.found is False]


def failed_steps(session: Session) -> list[StepRecord]:
    return [s for s in session.steps if not s.result.ok]


def added_to_cart(session: Session) -> bool:
    """Whether an add-to-cart (or buy-now) click worked in this session."""
    return any(adds_to_cart(s) or buys_now(s) for s in session.steps)


def bought_items(session: Session) -> list[str]:
    """'2 × Title' for each line of the order the store recorded (empty when none was)."""
    order = session.end.order if session.end else None
    return [f"{i.get('quantity', 1)} × {i.get('title', '?')}" for i in (order or {}).get("items", [])]


# What can stop a shopper, each known by the words a log uses for it (an end reason, a rationale, an error), in the
# order an interview names them: the first that the log shows is what stopped it.
OBSTACLE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("account", re.compile(r"\baccount\b|\bsign[ -]?(in|up)\b|\blog[ -]?in\b|\bregist(er|ration)\b", re.I)),
    ("price", re.compile(r"budget|too (expensive|pricey|much)|costs? more|extra costs?|\bover \$|shipping|\bfees?\b|\btax\b", re.I)),
    ("checkout", re.compile(r"checkout|won't let me|reject|payment", re.I)),
    ("stock", re.compile(r"out of stock|sold out|unavailable|not available", re.I)),
    ("ratings", re.compile(r"\brated only\b|\bonly \d+ reviews?\b|\bno (rating|reviews)\b|shows a rating", re.I)),
    ("option", re.compile(r"doesn't come in|variants? is|\bsizes?\b|\bcolou?rs?\b", re.I)),
    (
        "not_found",
        re.compile(
            r"doesn't seem to sell|none of (these|the)|none is right|not the .+ i'm after|doesn't show|can't find|tried \d+ search", re.I
        ),
    ),
)
STORE_FAULTS = ("error", "failed", "no_results")  # obstacles the store made, not the shopper's own wishes


@dataclass(frozen=True)
class Obstacle:
    # an OBSTACLE_WORDS kind; error, failed or no_results (the store's faults); steps (out of steps), cut (the run's
    # token limit) or other (an end reason no words name)
    kind: str
    said: str  # the log's own words for it
    ended: bool = False  # what ended the session (its end record), as against what it met on the way


def obstacle_kind(text: str) -> str:
    return next((kind for kind, words in OBSTACLE_WORDS if words.search(text)), "other")


def bought(session: Session) -> bool:
    return session.end is not None and session.end.outcome.startswith("purchase")


def left_without_buying(session: Session) -> bool:
    """The shopper chose to stop, or ran out of steps, before buying (not an error, not a run's token limit)."""
    return session.end is not None and session.end.outcome in ("terminate", "max_steps")


def store_failed(session: Session) -> bool:
    """The store got in the way: the session ended in an error, an action failed, or a search found nothing."""
    return any(o.kind in STORE_FAULTS for o in obstacles(session))


def _rejections(session: Session) -> list[Obstacle]:
    """Why the shopper turned back, in its own words, where those name a price, stock, ratings or option."""
    said = [s.rationale for s in session.steps if s.action is not None and s.action.type == "back" and s.rationale]
    return [Obstacle(kind, text) for text in said if (kind := obstacle_kind(text)) in ("price", "stock", "ratings", "option")]


def _ending(end: EndRecord) -> Obstacle:
    if end.outcome == "error":
        return Obstacle("error", end.reason or "the session ended in an error", ended=True)
    if end.outcome in ("max_steps", "max_llm_tokens"):
        return Obstacle("steps" if end.outcome == "max_steps" else "cut", end.reason or end.outcome, ended=True)
    return Obstacle(obstacle_kind(end.reason or ""), end.reason or "I stopped", ended=True)


def obstacles(session: Session) -> list[Obstacle]:
    """What got in the shopper's way, as the log shows it: what ended the session first, then searches that found
    nothing, actions that failed and the products it turned back from; the first of each kind."""
    found = [_ending(session.end)] if session.end is not None and not bought(session) else []
    found += [Obstacle("no_results", query) for query in zero_result_queries(session)]
    found += [Obstacle("failed", s.action.describe() if s.action else "a step") for s in failed_steps(session)]
    found += _rejections(session)
    first: dict[str, Obstacle] = {}
    for obstacle in found:
        first.setdefault(obstacle.kind, obstacle)
    return list(first.values())
