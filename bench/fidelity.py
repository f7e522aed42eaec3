"""Does the default (offline) shopper act like its persona, and buy what it was asked to? Prints JSON.

Targets (issue 14), on the bundled store:
- at least 95% of purchases fit the intent, judged from the store's own order records
  against labels taken from the product each intent was written from (below), never from
  the shopper's log or its own reading of the intent; and, apart, the share of purchases
  whose total with shipping is within the persona's budget;
- at least 90% of shoppers whose item the store does not sell leave;
- each trait moves its behaviour in the documented direction, with a bootstrap 95% CI
  of the difference (trait at 0.9 minus at 0.1, everything else fixed) that excludes 0;
  each satisfiable shopper prefers the brand of the product its intent was written from,
  except in brand loyalty's runs: there it prefers a brand drawn from those the store sells
  a product under that fits its intent (that product's brand among them), since a shopper
  sent for a product in its own words buys that brand with or without loyalty (9 of 11 at
  0.1 did); in the other traits' runs a drawn brand would be a second preference pulling
  against the trait's (price paid then moved −0.52 [−1.09, 0.05] with price sensitivity);
- purchasing sessions open at least 2 product pages on average; at least 30% of sessions go back.

Beside people (issue 18): the default population (`personas generate --catalog bundled
--unmet 0.2`, --population shoppers) against the shipped reference profile, every figure
with its unit, the population's value, its bootstrap 95% CI and the gap; and one table of
session length, add-to-cart and cart abandonment beside the references.
    .venv/bin/python bench/fidelity.py [--shoppers 24] [--population 40] [--seed 0]

Shaped like real sessions (issue 29): a generated population (`personas generate -n
--shape-population --catalog bundled`, for each of --shape-seeds, pooled: 3 x 40 by default,
since one seed's 40 moved the review share by more than the target allows; or the log of `--run`)
beside the shared OPeRA sample (106 sessions of 8 people), all of it and each half of its people
(half A: the first four user ids, on which bench/dwell_fit.py fitted the human-time model; half B:
the other four): review-click share, clicks plus inputs per session (median, p90) and time between
actions against dwell_s (median, p90), each with its bootstrap 95% CI over sessions on both sides,
the issue's target and whether it holds. `--shape-only` runs this part alone; `--keep DIR` leaves
the population's logs there, for `bench/dwell.py --run DIR`. The shopper draws a mission per session
(`simulate --missions`; README "Missions") in every part of this bench but the trait sensitivity;
`--no-missions` runs every shopper as one who came to buy, as before issue 29. Trait sensitivity
always runs without missions: a mission is itself drawn from the traits, so with one a trait's
difference would mix the habit it drives with the mission it tilts towards (and browse and cart
sessions buy nothing, so price paid and brand share have few purchases to go on); the figure is
each habit's, all else fixed, as `simulate` runs by default. The shape's population runs with a
100-step limit (bench/_human_time.py SHAPE_STEPS), not 40, so that a session's length is the
shopper's and not the limit's.
    .venv/bin/python bench/fidelity.py --shape-only [--shape-seeds 2 3 4] [--keep DIR | --run RUN_DIR]

Satisfiable intents are written from the catalog (a product's own words, an option value
now and then, a budget above its price); unmet ones are WebShop's real instructions for
kinds of product the catalog does not have.

What intent_fit measures: each satisfiable persona carries `expect` labels built from its
source product, not from the text: the kind (the generator's kind noun, which ends the
title before any comma) and the option value the intent names, with no brand and no price
limit. A purchase fits when the order's every line is that kind, in that value
(shopagent.persona.labels.order_meets). So the figure tells whether the shopper bought the
kind and option it was sent for from intents in the catalog's own words; it cannot tell how
well the shopper reads intents written the way people write them (bench/intent.py does,
against hand labels), and unmet shoppers' purchases are not judged (they have no labels;
unmet_who_leave_share covers them).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import statistics
import tempfile
from pathlib import Path
from typing import Any, NamedTuple

from _human_time import OPERA as OPERA_SAMPLE
from _human_time import SHAPE_PERSONAS, SHAPE_SEEDS, load_or_simulate

from shopagent.agent.loop import RunOptions
from shopagent.agent.offline.policy import OfflinePolicy
from shopagent.mock_store.catalog import Product
from shopagent.mock_store.generate import KINDS
from shopagent.mock_store.server import StoreServer, build_catalog
from shopagent.persona.generate import bundled_intents, generate_personas
from shopagent.persona.intent import Intent
from shopagent.persona.labels import order_meets, why_not
from shopagent.population.local import run_population
from shopagent.sessionlog import read_sessions
from shopagent.study.analysis.behaviour import SessionFacts, facts_from_session
from shopagent.study.analysis.fidelity import FidelityRow, compare
from shopagent.study.analysis.opera import read_timelines
from shopagent.study.analysis.population import page_kind
from shopagent.study.analysis.reference import bundled_profile, shape_profile
from shopagent.study.analysis.store_scan import catalog_items
from shopagent.types import Expectation, Persona, Session, Traits

TRAITS = ("price_sensitivity", "patience", "brand_loyalty", "review_reliance", "impulsiveness")


KIND_NOUNS = sorted({kind[0] for kinds in KINDS.values() for kind in kinds}, key=len, reverse=True)


class MetIntent(NamedTuple):
    text: str
    budget: float
    brands: list[str]
    option: str | None  # the option value the text names, as the store spells it


def met_intent(rng: random.Random, product: Product) -> MetIntent:
    """An intent in the product's own words (its kind, one describing word, maybe an option), a budget, its brand."""
    head = product.title.split(",")[0]
    words = (head[len(product.brand) :] if head.startswith(product.brand) else head).split()  # drop the brand, of any length
    text = "i need a " + " ".join(words).lower()
    value = None
    if product.options and rng.random() < 0.5:
        value = rng.choice(rng.choice(product.options).values)
        text += f" in {value.lower()}"
    return MetIntent(text, round(product.price * rng.uniform(1.15, 1.8), 2), [product.brand], value)


def kind_noun(product: Product) -> str:
    """The generator's kind noun (generate.py's KINDS), which ends the title before any comma:
    "Luxy Long Clip-In Hair Extension, Seamless Clips" -> "clip-in hair extension"."""
    head = product.title.split(",")[0]
    noun = next((n for n in KIND_NOUNS if head == n or head.endswith(" " + n)), head.split()[-1])
    return noun.lower()


def expectation_of(product: Product, option: str | None) -> Expectation:
    """What fits an intent written from this product, taken from the product itself and never from the intent's text."""
    return Expectation(kind=kind_noun(product), options=[option.lower()] if option else [], brand=None, price_max=None)


def unmet_intents(products: list[Product], n: int, rng: random.Random) -> list[str]:
    titles = " ".join(p.title.lower() for p in products)
    pool = [r["instruction"] for r in bundled_intents() if Intent.parse(r["instruction"]).kind not in titles]
    return rng.sample(pool, n)


async def run(personas: list[tuple[str, Persona]], store_url: str, seed: int, missions: bool) -> list[Session]:
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "sessions.jsonl"
        policy = OfflinePolicy(seed=seed, missions=missions)
        await run_population(personas, policy, store_url, log, concurrency=4, options=RunOptions(max_steps=40))
        return read_sessions([log])


def misfit(order: dict[str, Any], expect: Expectation) -> str | None:
    """Why the store's order record misses the persona's labels (every line the kind, in the named value); None when it fits."""
    return order_meets(expect, order["items"])


def within_budget(order: dict[str, Any], persona: Persona) -> bool:
    """The order's total, shipping included, against the persona's budget (not an intent label: the persona's own limit)."""
    return not persona.budget or order["total"] <= persona.budget + 1e-9


def behaviour(session: Session, catalog: dict[str, Product]) -> dict[str, float]:
    """What a session did, from its log and (for what it bought) the store's order record."""
    urls = [s.observation.url.split("?")[0] for s in session.steps]
    order = session.end.order if session.end and session.end.outcome == "purchase" else None
    persona = session.header.persona
    measures = {
        "products_opened": float(len({u for u in urls if page_kind(u) == "product" and not u.endswith("/reviews")})),
        "review_views": float(sum(1 for u in dict.fromkeys(urls) if u.endswith("/reviews"))),
        "refinements": float(
            max(0, sum(1 for s in session.steps if s.action and s.action.type == "type" and "search" in s.action.target) - 1)
        ),
        "steps": float(len(session.steps)),
        "used_back": float(any(s.action and s.action.type == "back" for s in session.steps)),
        "price_paid_vs_cheapest_fit": float("nan"),
        "preferred_brand_share": float("nan"),
    }
    if order:
        bought = catalog.get(order["items"][0]["product_id"])
        cheapest = cheapest_fit(persona, catalog)
        if bought is not None and cheapest:
            measures["price_paid_vs_cheapest_fit"] = bought.price / cheapest
        if bought is not None and persona.preferred_brands:
            measures["preferred_brand_share"] = float(bought.brand in persona.preferred_brands)
    return measures


def cheapest_fit(persona: Persona, catalog: dict[str, Product]) -> float | None:
    """The lowest price of a product that meets the persona's labels in some value it offers, within budget."""
    expect = persona.expect
    if expect is None:
        return None
    prices = [
        p.price
        for p in catalog.values()
        if why_not(expect, p.title, p.brand, p.price, [v for o in p.options for v in o.values], p.bullets) is None
        and (not persona.budget or p.price <= persona.budget)
    ]
    return min(prices) if prices else None


def ci_of_difference(high: list[float], low: list[float], rng: random.Random, draws: int = 2000) -> dict[str, float]:
    high, low = [x for x in high if x == x], [x for x in low if x == x]  # drop NaN (no purchase)
    if not high or not low:
        return {"difference": float("nan"), "ci95": [float("nan"), float("nan")]}
    diffs = sorted(statistics.fmean(rng.choices(high, k=len(high))) - statistics.fmean(rng.choices(low, k=len(low))) for _ in range(draws))
    return {"difference": round(statistics.fmean(high) - statistics.fmean(low), 3), "ci95": [round(diffs[49], 3), round(diffs[-50], 3)]}


def loyalty_brands(base: list[tuple[str, Persona]], products: list[Product], seed: int) -> dict[str, list[str]]:
    """For brand loyalty's runs: a brand for each shopper, drawn from those the store sells a fitting product under."""
    rng = random.Random(f"{seed}-brands")
    return {k: [rng.choice(fitting_brands(products, p.expect, p.budget or math.inf))] for k, p in base if p.expect is not None}


async def trait_sensitivity(
    base: list[tuple[str, Persona]], store_url: str, seed: int, catalog: dict[str, Product], missions: bool
) -> dict[str, Any]:
    """Each trait at 0.1 and at 0.9, everything else at its default: what moves, with bootstrap 95% CIs."""
    rng = random.Random(seed)
    drawn = loyalty_brands(base, list(catalog.values()), seed)
    drives = {
        "price_sensitivity": "price_paid_vs_cheapest_fit (down)",
        "patience": "products_opened, refinements (up)",
        "brand_loyalty": "preferred_brand_share (up)",
        "review_reliance": "review_views (up)",
        "impulsiveness": "products_opened (down)",
    }
    out: dict[str, Any] = {}
    for trait in TRAITS:
        levels = {}
        for level in (0.1, 0.9):
            people = [
                (f"{k}-{trait}-{level}", p.model_copy(update={"traits": Traits(**{trait: level})} | brands))
                for k, p in base
                for brands in [{"preferred_brands": drawn[k]} if trait == "brand_loyalty" and k in drawn else {}]
            ]
            levels[level] = [behaviour(s, catalog) for s in await run(people, store_url, seed, missions)]
        out[trait] = {"drives": drives[trait]}
        for name in levels[0.1][0]:
            out[trait][name] = ci_of_difference([b[name] for b in levels[0.9]], [b[name] for b in levels[0.1]], rng)
    return out


def summarize_fit(sessions: list[Session], catalog: dict[str, Product], unmet_ids: set[str]) -> dict[str, Any]:
    orders = [(s, s.end.order) for s in sessions if s.end and s.end.outcome == "purchase" and s.end.order]
    judged = [(s, o, s.header.persona.expect) for s, o in orders if s.header.persona.expect is not None]
    misfits = [(s, why) for s, o, expect in judged if (why := misfit(o, expect)) is not None]
    unmet = [s for s in sessions if s.session_id in unmet_ids]
    left = [s for s in unmet if s.end and s.end.outcome != "purchase"]
    buyers = [behaviour(s, catalog) for s, _ in orders]
    return {
        "purchases": len(orders),
        "judged_purchases": len(judged),
        "intent_fit_share": round(1 - len(misfits) / len(judged), 3) if judged else None,
        "misfits": [f"{s.header.persona.intent} -> {why}" for s, why in misfits[:5]],
        "within_budget_share": round(statistics.fmean(within_budget(o, s.header.persona) for s, o, _ in judged), 3) if judged else None,
        "unmet_shoppers": len(unmet),
        "unmet_who_leave_share": round(len(left) / len(unmet), 3) if unmet else None,
        "product_pages_per_purchasing_session": round(statistics.fmean(b["products_opened"] for b in buyers), 2) if buyers else None,
        "share_of_sessions_with_back": round(statistics.fmean(behaviour(s, catalog)["used_back"] for s in sessions), 3),
        "error_reasons": [s.end.reason for s in sessions if s.end and s.end.outcome == "error"][:5],
        "outcomes": {o: sum(1 for s in sessions if s.end and s.end.outcome == o) for o in sorted({s.outcome or "none" for s in sessions})},
    }


def fitting_brands(products: list[Product], expect: Expectation, budget: float) -> list[str]:
    """The brands the store sells a product under that meets these labels, in stock and within budget."""
    return sorted(
        {
            p.brand
            for p in products
            if p.in_stock
            and p.price <= budget
            and why_not(expect, p.title, p.brand, p.price, [v for o in p.options for v in o.values]) is None
        }
    )


def personas_for(products: list[Product], shoppers: int, seed: int) -> tuple[list[tuple[str, Persona]], set[str]]:
    rng = random.Random(seed)
    met = []
    for i, product in enumerate(rng.sample([p for p in products if p.in_stock], shoppers)):
        intent = met_intent(rng, product)
        expect = expectation_of(product, intent.option)
        persona = Persona(name=f"Met {i}", intent=intent.text, budget=intent.budget, preferred_brands=intent.brands, expect=expect)
        met.append((f"met{i}", persona))
    unmet = [
        (f"unmet{i}", Persona(name=f"Unmet {i}", intent=t, budget=80)) for i, t in enumerate(unmet_intents(products, shoppers // 2, rng))
    ]
    return met + unmet, {k for k, _ in unmet}


TABLE_MEASURES = ("session_length", "event_share", "add_to_cart_rate", "cart_abandonment")


def beside_people(sessions: list[Session]) -> dict[str, Any]:
    """The default population against the shipped profile; plus its add-to-cart rate, which the profile has no per-session figure for."""
    facts = [facts_from_session(s) for s in sessions if s.end is not None]
    report = compare(facts, bundled_profile())
    table = [
        {
            "measure": f"{r.measure}{' ' + r.of if r.of else ''} ({r.stat})",
            "unit": r.unit,
            "people": r.reference,
            "source": r.source,
            "simulated": r.simulated,
            "ci": [r.ci_low, r.ci_high],
            "gap": r.gap,
        }
        for r in report.rows
        if r.measure in TABLE_MEASURES and (r.of in (None, "cart"))
    ]
    carted = sum(f.added_to_cart for f in facts) / len(facts) if facts else None
    table.append(
        {
            "measure": "add_to_cart_rate (share)",
            "unit": "sessions",
            "people": None,
            "simulated": carted,
            "source": "no per-session figure in the profile; compare event_share cart (events) above",
        }
    )
    return {"sessions": report.sessions, "rows": [r.model_dump() for r in report.rows], "table": table, "caveat": report.caveat}


def default_population(n: int, seed: int) -> list[tuple[str, Persona]]:
    return [(f"pop{i}", p) for i, p in enumerate(generate_personas(n, seed=seed, store=catalog_items(), unmet=0.2))]


# Issue 29's targets: (how ours is set beside people's, low, high).
SHAPE_TARGETS: dict[tuple[str, str], tuple[str, float, float]] = {
    ("review_click_share", "share"): ("difference", -0.08, 0.08),
    ("session_length", "median"): ("ratio", 0.6, 1.5),
    ("session_length", "p90"): ("ratio", 0.6, 1.6),
    ("time_between_actions", "median"): ("ratio", 0.6, 1.6),
    ("time_between_actions", "p90"): ("ratio", 0.5, 2.0),
}


def shape_row(row: FidelityRow) -> dict[str, Any]:
    """One figure, people's and ours with their CIs, against its target."""
    how, low, high = SHAPE_TARGETS[(row.measure, row.stat)]
    ours = row.simulated
    measured = None if ours is None else (ours - row.reference if how == "difference" else ours / row.reference)
    return {
        "people": row.reference,
        "people_ci95": [row.reference_ci_low, row.reference_ci_high],
        "ours": ours,
        "ours_ci95": [row.ci_low, row.ci_high],
        how: None if measured is None else round(measured, 3),
        "target": [low, high],
        "holds": measured is not None and low <= measured <= high,
    }


def shape_beside(facts: list[SessionFacts], people: list[SessionFacts], name: str) -> dict[str, Any]:
    profile = shape_profile(name, people, f"{len(people)} OPeRA sessions", str(OPERA_SAMPLE))
    rows = {f"{r.measure} ({r.stat}, {r.unit})": shape_row(r) for r in compare(facts, profile).rows}
    return {"people_sessions": len(people), "all_hold": all(r["holds"] for r in rows.values()), "figures": rows}


def shape_beside_people(sessions: list[Session]) -> dict[str, Any]:
    """The population's shape beside the shared sample's people: all eight, and each half of them (A: the first four
    user ids, the human-time model's fit half; B: the other four)."""
    facts = [facts_from_session(s) for s in sessions if s.end is not None]
    people = read_timelines(OPERA_SAMPLE)
    users = sorted({f.person or "" for f in people})
    halves = {"half_a": users[: len(users) // 2], "half_b": users[len(users) // 2 :]}
    result: dict[str, Any] = {"sessions": len(facts), "all_people": shape_beside(facts, people, "OPeRA sample")}
    for half, who in halves.items():
        result[half] = {"people": [u[:8] for u in who], **shape_beside(facts, [f for f in people if f.person in who], half)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shoppers", type=int, default=24, help="Shoppers with satisfiable intents (half as many unmet ones are added).")
    parser.add_argument("--trait-shoppers", type=int, default=12, help="Shoppers per trait level.")
    parser.add_argument("--population", type=int, default=40, help="Shoppers in the default population set beside people.")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shape-only", action="store_true", help="Only set a population's shape beside the OPeRA sample.")
    parser.add_argument("--run", type=Path, help="For the shape: a run folder, a log, or a folder of logs (--keep): read, not simulated.")
    parser.add_argument("--shape-population", type=int, default=SHAPE_PERSONAS, help="For the shape: generated personas of each seed.")
    parser.add_argument("--shape-seeds", type=int, nargs="+", default=list(SHAPE_SEEDS), help="For the shape: seeds pooled.")
    parser.add_argument("--keep", type=Path, help="For the shape: a folder to leave the population's logs in.")
    parser.add_argument("--no-missions", action="store_true", help="Every shopper came to buy (no missions drawn), as before issue 29.")
    args = parser.parse_args()
    missions = not args.no_missions
    shape_sessions = load_or_simulate(args.run, args.shape_population, tuple(args.shape_seeds), missions, args.keep)
    shape = shape_beside_people(shape_sessions)
    shape["missions"] = missions
    shape["population"] = str(args.run) if args.run else {"personas_per_seed": args.shape_population, "seeds": args.shape_seeds}
    if args.shape_only:
        print(json.dumps({"shape_beside_people": shape}, indent=2))
        return
    catalog = dict(build_catalog().products)
    products = list(catalog.values())
    personas, unmet_ids = personas_for(products, args.shoppers, args.seed)
    with StoreServer() as store:
        sessions = asyncio.run(run(personas, store.url + "/", args.seed, missions))
        fit = summarize_fit(sessions, catalog, unmet_ids)
        base = [(k, p) for k, p in personas if k.startswith("met")][: args.trait_shoppers]
        traits = asyncio.run(trait_sensitivity(base, store.url + "/", args.seed, catalog, missions=False))
        population = default_population(args.population, args.seed)
        people = beside_people(asyncio.run(run(population, store.url + "/", args.seed, missions)))
    out = {"missions": missions, "intent_fit": fit, "trait_sensitivity (no missions)": traits}
    out |= {"beside_people": people, "shape_beside_people": shape}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
