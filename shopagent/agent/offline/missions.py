"""Why a shopper came today: one mission per session, drawn from the persona's traits and seeded by the session.

People do not come to a shop only to buy one thing carefully. Some buy a known item fast, some compare and read
reviews, some look around and leave, some put an item in the cart and leave it there for later. The share of each
mission was fitted on the shared OPeRA sample (`bench/missions_fit.py`, README "Missions"); a persona's traits tilt its
own odds (an impulsive shopper buys fast more often, a review-reliant one researches more often) around base odds
centred on the generated population (BASE), so that the population's mean chance of each mission is the fitted
share; the session id seeds the draw, so a session repeats its mission.
"""

from __future__ import annotations

import math
from enum import StrEnum

from shopagent.agent.offline.draws import seeded
from shopagent.types import Persona, Traits


class Mission(StrEnum):
    BUY_FAST = "buy_fast"  # a known item: the first product that fits, bought at once, no comparing
    RESEARCH = "research"  # compare and research: several products opened, their reviews read
    BROWSE = "browse"  # look at a few results and products, then leave without buying
    CART = "cart"  # put it in the cart and leave it there, to come back to later


# The share of each mission among people's sessions: bench/missions_fit.py labels each session of the shared OPeRA
# sample (../shared/data/opera_sample, 8 people, 106 sessions) by what its clicks show: a review click or three product
# pages opened is research; else a purchase click buying; else a click in the cart leaving it there; else browsing.
# Fitted on 2026-12-06 on the whole sample (the reviewers keep their own held-out people); the script also fits each
# half of the people and scores it on the other, to show how far the shares move between people.
SHARES: dict[Mission, float] = {
    Mission.BUY_FAST: 0.311,
    Mission.RESEARCH: 0.349,
    Mission.BROWSE: 0.302,
    Mission.CART: 0.038,
}

# How a trait tilts a persona's odds of a mission: the log-odds change per unit of the trait above 0.5 (a trait at 0.9
# multiplies the odds by exp(0.4 x weight)). Assumed from what each trait means, not fitted: OPeRA's sample has no traits.
TILT: dict[Mission, dict[str, float]] = {
    Mission.BUY_FAST: {"impulsiveness": 2.0, "patience": -1.0},
    Mission.RESEARCH: {"review_reliance": 2.0, "patience": 1.0, "impulsiveness": -1.0},
    Mission.BROWSE: {"patience": -1.0},
    Mission.CART: {"price_sensitivity": 1.0},
}

# The odds the tilts start from, centred on the generated population: the generator's traits are not centred on 0.5
# (review_reliance averages 0.45, impulsiveness 0.33), so tilting the shares themselves drew research for 0.42 of
# generated personas where people's share is 0.35. bench/missions_fit.py finds these with `centre` on 200 personas
# of `personas generate --catalog bundled` (seed 0), so that their mean chance of each mission is SHARES.
BASE: dict[Mission, float] = {
    Mission.BUY_FAST: 0.404,
    Mission.RESEARCH: 0.246,
    Mission.BROWSE: 0.32,
    Mission.CART: 0.03,
}

# How much each mission reads reviews: the chance of a reader with review_reliance 1 (habits.review_chance). The fit
# labels every session with a review click research, so only research reads them.
REVIEWS: dict[Mission, float] = {Mission.BUY_FAST: 0.0, Mission.RESEARCH: 1.0, Mission.BROWSE: 0.0, Mission.CART: 0.0}

# How many searches a research session makes at most: twice the extra searches the shopper's patience allows (habits.py
# `searches`: 1 + round(3 x patience)), so 1, 3, 5 or 7, where 7 is the most queries people typed in one research
# session of the shared OPeRA sample (bench/missions_fit.py `research_searches`: half A 7, half B 6). Before, research
# sessions stopped at the same 1 to 4 searches as the rest and chose among fewer products than they meant to compare.
RESEARCH_SEARCHES = 7

RESEARCH_MORE = 2  # a research session compares two products more than the shopper's habit (memory.to_compare), and at least 2
RESEARCH_MOST = 6


def compares(mission: Mission, drawn: int) -> int:
    """How many fitting products a session weighs before choosing, from the number its traits drew."""
    if mission is Mission.BUY_FAST:
        return 1
    if mission is Mission.RESEARCH:
        return max(2, min(RESEARCH_MOST, drawn + RESEARCH_MORE))
    return drawn


def searches(mission: Mission, drawn: int) -> int:
    """How many searches a session makes before giving up, from the number the shopper's patience drew (1 to 4)."""
    if mission is Mission.RESEARCH:
        return min(RESEARCH_SEARCHES, 2 * drawn - 1)
    return drawn


def odds(traits: Traits, base: dict[Mission, float] = BASE) -> dict[Mission, float]:
    """The chance of each mission for a persona with these traits: the base odds, tilted by its traits."""
    weights = {
        mission: start * math.exp(sum(w * (getattr(traits, trait) - 0.5) for trait, w in TILT[mission].items()))
        for mission, start in base.items()
    }
    total = sum(weights.values())
    return {mission: w / total for mission, w in weights.items()}


def mean_odds(population: list[Traits], base: dict[Mission, float] = BASE) -> dict[Mission, float]:
    """A population's mean chance of each mission: the share of its sessions each would get, on average."""
    each = [odds(t, base) for t in population]
    return {m: sum(o[m] for o in each) / len(each) for m in Mission}


def centre(population: list[Traits], shares: dict[Mission, float] = SHARES, rounds: int = 200) -> dict[Mission, float]:
    """Base odds under which this population's mean chance of each mission is `shares`: each round scales a mission's
    odds by how far its mean chance falls short (iterative proportional fitting, which converges for a logit)."""
    base = dict(shares)
    for _ in range(rounds):
        mean = mean_odds(population, base)
        base = {m: base[m] * shares[m] / mean[m] for m in Mission}
        total = sum(base.values())
        base = {m: b / total for m, b in base.items()}
    return base


def draw_mission(persona: Persona, session: str) -> Mission:
    """This session's mission, the same every time the session id comes back."""
    chances = odds(persona.traits)
    rng = seeded(session, persona.name, persona.intent, "mission")
    return rng.choices(list(chances), weights=list(chances.values()), k=1)[0]
