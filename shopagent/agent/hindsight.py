"""What a finished session shows, read from its steps: the searches and whether they found
anything, the actions that failed, and what was bought. The interview and the study report
both read sessions this way, so a shopper's answers and the report never disagree."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from shopagent.browser.controls import adds_to_cart, buys_now
from shopagent.types import Session, StepRecord, Type

NO_RESULTS_RE = re.compile(
    r"\bno (results|products|items|matches)\b|\b0 (results|items|products)\b|did not match any|nothing (matched|found)", re.I
)
RESULT_COUNT_RE = re.compile(r"\b(\d[\d,]*) (results?|items?|products?)\b", re.I)


@dataclass
class Search:
    query: str
    step: int  # the index of the step that typed it
    found: bool | None  # None when the page after it does not say


def _is_search(step: StepRecord) -> bool:
    action = step.action
    if not isinstance(action, Type) or not action.submit:
        return False
    landed = urlsplit(step.result.url or "")
    return "search" in action.target.lower() or "search" in landed.path.lower() or "q" in parse_qs(landed.query)


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
        if not _is_search(step) or not step.result.ok:
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
