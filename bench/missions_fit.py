"""Fit the share of each mission (shopagent/agent/offline/missions.py: SHARES, BASE) and research's review reading
(habits.py: REVIEW_FLOOR) on the shared OPeRA sample. Prints JSON.

Each session of the shared sample (../shared/data/opera_sample/sessions, 106 sessions of 8 people) is labelled by what
its clicks show, in this order (OPeRA's click types):
- research: a review click, or three or more product links opened (comparing);
- buy_fast: otherwise a purchase click (add to cart, buy now, place order);
- cart: otherwise a click in the cart (cart_side_bar, cart_page_select, quantity): it stayed there;
- browse: the rest, which looked and left.

`fitted`, on the whole sample (issue 29 asks for the shared sample; its reviewers keep their own held-out people):
- shares: each mission's count over the sessions (the maximum-likelihood estimate), with a bootstrap 95% CI over
  sessions; people's clicks plus inputs per mission beside, to read the missions' lengths against;
- research_reads_reviews: the share of research sessions with a review click (only research reads reviews);
- base: the odds the trait tilts start from, centred (missions.centre) so that a generated population's mean chance of
  each mission is the share: `--population` personas of `personas generate --catalog bundled --seed --population-seed`;
- review_floor: research's chance of reading reviews at review_reliance 0, chosen so that the population's research
  sessions (each persona weighted by its chance of research) read reviews as often as people's do;
- research_searches: how many searches people's research sessions make (a query typed, or a suggested term taken that
  no typing led to; OPeRA's search clicks are 2 to 3 a query, the box and the button): the most is the cap
  (missions.RESEARCH_SEARCHES) on a research shopper's searches; the median and 90th percentile of those that searched
  are to read our research sessions' searches against.

`two_fold`, the honest check of how far the shares carry to other people: the eight people split by user id into half
A (the first four, on which bench/dwell_fit.py fitted the human-time model) and half B; each half's shares are set
beside the other's (their largest gap), and the review-click share they predict (research share x research reading
reviews) beside the other half's own; and each half's research searches (its most is the cap it would fit). `stored`
is what the code holds, and whether it matches the fit.

    .venv/bin/python bench/missions_fit.py [--population 200] [--population-seed 0]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

from _human_time import OPERA, halves, quantile

from shopagent.agent.offline.habits import REVIEW_FLOOR
from shopagent.agent.offline.missions import BASE, RESEARCH_SEARCHES, SHARES, Mission, centre, mean_odds, odds
from shopagent.persona.generate import generate_personas
from shopagent.study.analysis.opera import USER_ID_CHARS, OperaEvent
from shopagent.study.analysis.store_scan import catalog_items
from shopagent.types import Traits

CART_CLICKS = ("cart_side_bar", "cart_page_select", "quantity")
COMPARING = 3  # product links opened from which a session compares


class Labelled(NamedTuple):
    mission: Mission
    length: int  # clicks plus inputs
    reviews: bool  # a review click
    searches: int  # queries typed, and suggested terms taken that no typing led to


def events_of(file: Path) -> list[OperaEvent]:
    """A session's clicks and inputs, in order."""
    events = [OperaEvent.model_validate(row) for row in json.loads(file.read_text(encoding="utf-8"))]
    return [e for e in events if e.is_click_or_input]


def clicks_of(file: Path) -> Counter[str]:
    """A session's clicks by OPeRA's click type, its inputs as `input`."""
    return Counter("input" if e.action_type == "input" else str(e.click_type) for e in events_of(file))


def searches_of(events: list[OperaEvent]) -> int:
    """Searches made: each query typed, and each suggested term clicked that was not typing's (the one right after an
    input completes it)."""
    typed = [e.action_type == "input" for e in events]
    suggested = [e.click_type == "suggested_term" for e in events]
    return sum(typed) + sum(1 for i, s in enumerate(suggested) if s and not (i and typed[i - 1]))


def label(clicks: Counter[str]) -> Mission:
    if clicks["review"] or clicks["product_link"] >= COMPARING:
        return Mission.RESEARCH
    if clicks["purchase"]:
        return Mission.BUY_FAST
    if any(clicks[c] for c in CART_CLICKS):
        return Mission.CART
    return Mission.BROWSE


def labelled(file: Path) -> Labelled:
    clicks = clicks_of(file)
    return Labelled(label(clicks), sum(clicks.values()), clicks["review"] > 0, searches_of(events_of(file)))


def shares(labels: list[Mission]) -> dict[str, float]:
    return {m.value: round(labels.count(m) / len(labels), 3) for m in Mission}


def reads_reviews(sessions: list[Labelled]) -> float:
    research = [s for s in sessions if s.mission is Mission.RESEARCH]
    return round(sum(s.reviews for s in research) / len(research), 3)


def research_searches(sessions: list[Labelled]) -> dict[str, float]:
    """Searches per research session: how many searched at all, and of those the median, 90th percentile and most."""
    made = sorted(s.searches for s in sessions if s.mission is Mission.RESEARCH)
    searched = [n for n in made if n > 0]
    return {
        "sessions": len(made),
        "searched": len(searched),
        "median": statistics.median(searched),
        "p90": round(quantile(searched, 0.9), 1),
        "most": searched[-1],
    }


def bootstrap(labels: list[Mission], rng: random.Random, draws: int = 2000) -> dict[str, list[float]]:
    resampled = [shares(rng.choices(labels, k=len(labels))) for _ in range(draws)]
    cut = draws // 40
    return {m.value: [sorted(r[m.value] for r in resampled)[i] for i in (cut, draws - 1 - cut)] for m in Mission}


def lengths(sessions: list[Labelled]) -> dict[str, dict[str, float]]:
    """People's clicks plus inputs per session, by mission: n, median, largest."""
    out = {}
    for m in Mission:
        found = sorted(s.length for s in sessions if s.mission == m)
        if found:
            out[m.value] = {"sessions": len(found), "median": statistics.median(found), "max": found[-1]}
    return out


def review_floor(population: list[Traits], base: dict[Mission, float], target: float) -> float:
    """The chance at review_reliance 0 (rising to 1 at 1, habits.review_chance) under which the population's research
    sessions read reviews with chance `target`: each persona weighted by its chance of research."""
    weights = [odds(t, base)[Mission.RESEARCH] for t in population]
    reliance = sum(w * t.review_reliance for w, t in zip(weights, population, strict=True)) / sum(weights)
    return round(min(1.0, max(0.0, (target - reliance) / (1 - reliance))), 2)


def two_fold(by_half: dict[str, list[Labelled]]) -> dict[str, Any]:
    """Each half's shares scored on the other half's people."""
    out = {}
    for train, test in (("half_a", "half_b"), ("half_b", "half_a")):
        fit, seen = by_half[train], by_half[test]
        fitted, observed = shares([s.mission for s in fit]), shares([s.mission for s in seen])
        predicted = fitted[Mission.RESEARCH.value] * reads_reviews(fit)
        actual = sum(s.reviews for s in seen) / len(seen)
        out[f"fit_{train}_score_{test}"] = {
            "fitted": fitted,
            "research_reads_reviews": reads_reviews(fit),
            "other_half": observed,
            "largest_share_gap": round(max(abs(fitted[m] - observed[m]) for m in fitted), 3),
            "review_share": {"predicted": round(predicted, 3), "other_half": round(actual, 3), "gap": round(predicted - actual, 3)},
            "research_searches": {"fitted": research_searches(fit), "other_half": research_searches(seen)},
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--population", type=int, default=200, help="Generated personas the base odds are centred on.")
    parser.add_argument("--population-seed", type=int, default=0, help="0: not a seed the shape benches run.")
    args = parser.parse_args()
    by_person: dict[str, list[Labelled]] = {}
    for file in sorted(OPERA.glob("*.json")):
        by_person.setdefault(file.name[:USER_ID_CHARS], []).append(labelled(file))
    split = halves({u: [] for u in by_person})
    by_half = {"half_a": [s for u in split["fit"] for s in by_person[u]], "half_b": [s for u in split["held_out"] for s in by_person[u]]}
    everyone = by_half["half_a"] + by_half["half_b"]
    fitted = shares([s.mission for s in everyone])
    target = {m: fitted[m.value] for m in Mission}
    population = [p.traits for p in generate_personas(args.population, seed=args.population_seed, store=catalog_items())]
    base = {m.value: round(b, 3) for m, b in centre(population, target).items()}
    floor = review_floor(population, {Mission(m): b for m, b in base.items()}, reads_reviews(everyone))
    stored_shares = {m.value: s for m, s in SHARES.items()}
    result = {
        "fitted": {
            "people": sorted(u[:8] for u in by_person),
            "sessions": len(everyone),
            "shares": fitted,
            "ci95": bootstrap([s.mission for s in everyone], random.Random(0)),
            "clicks_and_inputs": lengths(everyone),
            "research_reads_reviews": reads_reviews(everyone),
            "review_share": round(sum(s.reviews for s in everyone) / len(everyone), 3),
            "base": base,
            "review_floor": floor,
            "research_searches": research_searches(everyone),
        },
        "two_fold": {"half_a": [u[:8] for u in split["fit"]], "half_b": [u[:8] for u in split["held_out"]], **two_fold(by_half)},
        "stored": {
            "shares": stored_shares,
            "base": {m.value: b for m, b in BASE.items()},
            "review_floor": REVIEW_FLOOR,
            "research_searches": RESEARCH_SEARCHES,
            "population_mean_chance": {m.value: round(c, 3) for m, c in mean_odds(population).items()},
            "matches_fit": stored_shares == fitted
            and {m.value: b for m, b in BASE.items()} == base
            and floor == REVIEW_FLOOR
            and research_searches(everyone)["most"] == RESEARCH_SEARCHES,
        },
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
