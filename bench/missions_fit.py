"""Fit the share of each mission (shopagent/agent/offline/missions.py: SHARES) on half of the OPeRA people. Prints JSON.

Each session of the shared sample (../shared/data/opera_sample/sessions) is labelled by what its clicks show,
in this order (OPeRA's click types):
- research: a review click, or three or more product links opened (comparing);
- buy_fast: otherwise a purchase click (add to cart, buy now, place order);
- cart: otherwise a click in the cart (cart_side_bar, cart_page_select, quantity): it stayed there;
- browse: the rest, which looked and left.

A mission's share is the maximum-likelihood estimate, its count over the sessions of the fit half (the first four
people by user id, as bench/dwell_fit.py; `_human_time.halves`), with a bootstrap 95% CI over sessions. The
held-out half is printed beside, never used. People's clicks plus inputs per mission are printed too, to read the
missions' lengths against. `stored` is SHARES as the code holds it, and whether it matches the fit.

    .venv/bin/python bench/missions_fit.py
"""

from __future__ import annotations

import json
import random
import statistics
from collections import Counter
from pathlib import Path

from _human_time import OPERA, halves

from shopagent.agent.offline.missions import SHARES, Mission
from shopagent.study.analysis.opera import USER_ID_CHARS, OperaEvent

CART_CLICKS = ("cart_side_bar", "cart_page_select", "quantity")
COMPARING = 3  # product links opened from which a session compares


def clicks_of(file: Path) -> Counter[str]:
    """A session's clicks by OPeRA's click type, its inputs as `input`."""
    events = [OperaEvent.model_validate(row) for row in json.loads(file.read_text(encoding="utf-8"))]
    return Counter("input" if e.action_type == "input" else str(e.click_type) for e in events if e.is_click_or_input)


def label(clicks: Counter[str]) -> Mission:
    if clicks["review"] or clicks["product_link"] >= COMPARING:
        return Mission.RESEARCH
    if clicks["purchase"]:
        return Mission.BUY_FAST
    if any(clicks[c] for c in CART_CLICKS):
        return Mission.CART
    return Mission.BROWSE


def shares(labels: list[Mission]) -> dict[str, float]:
    return {m.value: round(labels.count(m) / len(labels), 3) for m in Mission}


def bootstrap(labels: list[Mission], rng: random.Random, draws: int = 2000) -> dict[str, list[float]]:
    resampled = [shares(rng.choices(labels, k=len(labels))) for _ in range(draws)]
    cut = draws // 40
    return {m.value: [sorted(r[m.value] for r in resampled)[i] for i in (cut, draws - 1 - cut)] for m in Mission}


def lengths(sessions: list[tuple[Mission, int]]) -> dict[str, dict[str, float]]:
    """People's clicks plus inputs per session, by mission: n, median, largest."""
    out = {}
    for m in Mission:
        found = sorted(n for mission, n in sessions if mission == m)
        if found:
            out[m.value] = {"sessions": len(found), "median": statistics.median(found), "max": found[-1]}
    return out


def main() -> None:
    files = sorted(OPERA.glob("*.json"))
    by_person: dict[str, list[Path]] = {}
    for file in files:
        by_person.setdefault(file.name[:USER_ID_CHARS], []).append(file)
    result = {}
    rng = random.Random(0)
    for half, users in halves({u: [] for u in by_person}).items():
        sessions = [(label(c), sum(c.values())) for u in users for c in map(clicks_of, by_person[u])]
        labels = [m for m, _ in sessions]
        result[half] = {
            "people": [u[:8] for u in users],
            "sessions": len(labels),
            "shares": shares(labels),
            "ci95": bootstrap(labels, rng),
            "clicks_and_inputs": lengths(sessions),
        }
    fitted = result["fit"]["shares"]
    stored = {m.value: s for m, s in SHARES.items()}
    result["stored"] = {"shares": stored, "matches_fit": stored == fitted}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
