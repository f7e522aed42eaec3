"""What one session did, in units that can be set beside people's: actions, page views, events.

Shopping data counts different things. OPeRA and Lu et al. count a shopper's actions.
OTTO and RetailRocket count events (a view, a cart addition, an order). Analytics
vendors count page views. `SessionFacts` holds all three for one session, so each
comparison can use the unit its reference uses:

- actions: the steps of a session log (one action each);
- page views: page loads, that is, each new URL the shopper arrived at;
- events: page views, plus one event per add-to-cart and one per order, as a clickstream logs them;
- clicks and inputs: the shape of a session as OPeRA's timelines show it (clicks, selects, purchases
  and search typing; not checkout form fields, which OPeRA's shoppers with saved addresses never
  filled), with review clicks and the seconds between one action and the next.

Sessions come from our logs (simulated, recorded or imported) or from event-level
clickstreams: OTTO's JSONL and RetailRocket's events.csv.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

from shopagent.browser.controls import adds_to_cart
from shopagent.errors import BadInput, read_user_text
from shopagent.types import Session, StepRecord

PRODUCT_PATH_RE = re.compile(r"/(product|products|p|dp|item|gp/product)/", re.I)
REVIEW_PATH_RE = re.compile(r"review", re.I)


@dataclass
class SessionFacts:
    """One session's behaviour, counted in every unit a reference may use."""

    actions: int = 0
    page_views: int = 0
    events: int = 0
    action_types: Counter[str] = field(default_factory=Counter)
    event_types: Counter[str] = field(default_factory=Counter)  # view, cart, order
    product_pages: int = 0
    review_views: int = 0
    used_back: bool = False
    added_to_cart: bool = False
    purchased: bool = False
    clicks_and_inputs: int = 0
    review_clicks: int = 0
    gaps: list[float] = field(default_factory=list)  # seconds before an action (people: since the last one; ours: dwell_s)
    person: str | None = None  # who shopped, where the source says (OPeRA's user id)


def visited_urls(session: Session) -> list[str]:
    """The URL of every step's page, then where the last action led."""
    urls = [step.observation.url for step in session.steps]
    if session.steps and session.steps[-1].result.url:
        urls.append(session.steps[-1].result.url)
    return urls


def _arrivals(session: Session) -> list[str]:
    """The URLs the shopper arrived at, in order: each new page once per visit."""
    arrivals: list[str] = []
    for url in visited_urls(session):
        if url and (not arrivals or arrivals[-1] != url):
            arrivals.append(url)
    return arrivals


def _adds_to_cart(session: Session) -> int:
    return sum(adds_to_cart(step) for step in session.steps)


CLICKS_AND_INPUTS = ("click", "select", "purchase", "type")


def _on_checkout(step: StepRecord) -> bool:
    return urlsplit(step.observation.url).path.strip("/").split("/", 1)[0] == "checkout"


def is_click_or_input(step: StepRecord) -> bool:
    """A click, select, purchase or typing, checkout form fields left out (OPeRA's shoppers had saved addresses)."""
    if step.action is None or step.action.type not in CLICKS_AND_INPUTS:
        return False
    return not (step.action.type in ("type", "select") and _on_checkout(step))


def is_timed(step: StepRecord) -> bool:
    """A decided step whose dwell_s has a counterpart in people's gaps: not a session's first (people's gaps start
    at their second action), not checkout form-filling (bench/dwell.py fitted the model on this rule)."""
    if step.action is None or step.index == 0:
        return False
    return not (step.action.type in ("type", "select") and _on_checkout(step))


def is_review_click(step: StepRecord) -> bool:
    """A click or select on reviews: its target names them, or it led to a reviews page."""
    if step.action is None or step.action.type not in ("click", "select"):
        return False
    target = str(getattr(step.action, "target", "") or "")
    return bool(REVIEW_PATH_RE.search(target) or REVIEW_PATH_RE.search(urlsplit(step.result.url or "").path))


def _gaps(session: Session) -> list[float]:
    """Our steps' dwell_s; a human log, the seconds between its timestamped actions (a simulator's are machine time)."""
    if session.header.source != "human":
        return [step.dwell_s for step in session.steps if is_timed(step) and step.dwell_s is not None]
    moments = [_moment(step.at) for step in session.steps if step.action is not None]
    known = [m for m in moments if m is not None]
    return [b - a for a, b in pairwise(known) if b >= a] if len(known) == len(moments) else []


def _moment(at: str) -> float | None:
    try:
        return datetime.fromisoformat(at).timestamp()
    except ValueError:
        return None


def facts_from_session(session: Session) -> SessionFacts:
    arrivals = _arrivals(session)
    paths = [urlsplit(u).path for u in arrivals]
    adds = _adds_to_cart(session)
    purchased = session.outcome in ("purchase", "purchase_unverified")
    actions: Counter[str] = Counter(str(step.action.type) for step in session.steps if step.action is not None)
    events = Counter({"view": len(arrivals), "cart": adds, "order": int(purchased)})
    return SessionFacts(
        actions=sum(actions.values()),
        page_views=len(arrivals),
        events=sum(events.values()),
        action_types=actions,
        event_types=+events,
        product_pages=len({p for p in paths if PRODUCT_PATH_RE.search(p + "/") and not REVIEW_PATH_RE.search(p)}),
        review_views=sum(bool(REVIEW_PATH_RE.search(p)) for p in paths),
        used_back=actions["back"] > 0,
        added_to_cart=adds > 0,
        purchased=purchased,
        clicks_and_inputs=sum(is_click_or_input(step) for step in session.steps),
        review_clicks=sum(is_review_click(step) for step in session.steps),
        gaps=_gaps(session),
    )


def _from_events(kinds: list[str]) -> SessionFacts:
    """A clickstream session: its event kinds (view, cart, order), in order."""
    counts = Counter(kinds)
    return SessionFacts(
        page_views=counts["view"],
        events=len(kinds),
        event_types=counts,
        added_to_cart=counts["cart"] > 0,
        purchased=counts["order"] > 0,
    )


OTTO_KINDS = {"clicks": "view", "carts": "cart", "orders": "order"}
RETAILROCKET_KINDS = {"view": "view", "addtocart": "cart", "transaction": "order"}


def read_otto(path: Path) -> list[SessionFacts]:
    """OTTO's JSONL: one session per line, `{"session", "events": [{"aid", "ts", "type"}]}`."""
    sessions = []
    for number, line in enumerate(read_user_text(path, "an OTTO JSONL file").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            events = json.loads(line)["events"]
            sessions.append(_from_events([OTTO_KINDS[e["type"]] for e in events]))
        except (ValueError, KeyError, TypeError) as exc:
            raise BadInput(
                f'{path}:{number}: not an OTTO session ({exc}); expected {{"session", "events": [{{"aid", "ts", "type"}}]}}'
            ) from None
    return sessions


SESSION_GAP_MS = 30 * 60 * 1000  # the usual analytics rule: 30 minutes without an event ends a session


def _split_sessions(events: list[tuple[int, str]]) -> list[list[str]]:
    sessions: list[list[str]] = []
    last = None
    for ts, kind in sorted(events):
        if last is None or ts - last > SESSION_GAP_MS:
            sessions.append([])
        sessions[-1].append(kind)
        last = ts
    return sessions


def read_retailrocket(path: Path) -> list[SessionFacts]:
    """RetailRocket's events.csv (`timestamp, visitorid, event, itemid, transactionid`, timestamps in ms).

    It has visitors, not sessions: a visitor's events split into sessions at 30 minutes without one.
    """
    rows = csv.DictReader(read_user_text(path, "a RetailRocket events.csv").splitlines())
    by_visitor: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for number, row in enumerate(rows, start=2):
        try:
            by_visitor[row["visitorid"]].append((int(row["timestamp"]), RETAILROCKET_KINDS[row["event"]]))
        except (KeyError, ValueError, TypeError) as exc:
            raise BadInput(
                f"{path}:{number}: not a RetailRocket event ({exc}); expected timestamp, visitorid, event, itemid, transactionid"
            ) from None
    return [_from_events(kinds) for events in by_visitor.values() for kinds in _split_sessions(events)]
