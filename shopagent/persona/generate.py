"""Sample diverse personas: weighted demographics, traits and budgets, with real WebShop intents.

The intents are crowd-written shopping instructions from the WebShop benchmark
(princeton-nlp/WebShop, MIT licence), bundled in data/. The same seed gives the
same personas.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TypeVar

from shopagent.persona.intent import Intent, offers
from shopagent.types import Persona, Traits

FIRST_NAMES = {
    "female": ["Maya", "Priya", "Emma", "Fatima", "Aisha", "Sofia", "Hana", "Olivia", "Grace", "Mei", "Amara", "Lucia"],
    "male": ["Luis", "Noah", "Chen", "Tom", "Kwame", "Diego", "Omar", "Daniel", "Ravi", "Marcus", "Jonas", "Kenji"],
    "non-binary": ["Jordan", "Sam", "Alex", "Robin", "Taylor", "Riley", "Quinn", "Avery"],
}
LAST_NAMES = ["Torres", "Okafor", "Nguyen", "Smith", "Patel", "Kim", "Garcia", "Müller", "Haddad", "Johnson", "Silva", "Mensah"]
AGE_BANDS = [((18, 24), 0.18), ((25, 34), 0.26), ((35, 44), 0.22), ((45, 54), 0.16), ((55, 64), 0.11), ((65, 80), 0.07)]
GENDERS = [("female", 0.5), ("male", 0.46), ("non-binary", 0.04)]
INCOMES = [("<25k", 0.15), ("25k-50k", 0.25), ("50k-75k", 0.22), ("75k-100k", 0.16), ("100k-150k", 0.14), (">150k", 0.08)]
# Each occupation with the ages it is plausible at.
OCCUPATIONS = {
    "student": (18, 30),
    "nurse": (22, 66),
    "teacher": (23, 67),
    "software developer": (21, 65),
    "retail associate": (18, 67),
    "accountant": (23, 67),
    "stay-at-home parent": (22, 55),
    "retired engineer": (60, 80),
    "retired teacher": (60, 80),
    "graphic designer": (21, 65),
    "truck driver": (21, 67),
    "small business owner": (24, 75),
    "researcher": (24, 70),
    "chef": (19, 67),
}
CITIES = ["Columbus", "Austin", "Portland", "Raleigh", "Denver", "Madison", "Tucson", "Richmond"]
# Each shopping style with the range of every trait its words claim: the traits are fitted to the text, so a
# "hunts for the lowest price" shopper is thrifty enough to sort by price (habits.THRIFTY, 0.7), a brand-loyal one
# keeps to its brands (habits.LOYAL, 0.7), a review reader chooses on ratings (habits.RATING_FIRST, 0.6), a browser
# is patient and a decisive one impulsive and impatient. Traits a style does not name are drawn by DEFAULT_TRAITS,
# whose ranges stay below those claims (no "brands" style, no loyalty; no "reviews", no review habit).
STYLE_TRAITS: dict[str, dict[str, tuple[float, float]]] = {
    "decisive, picks the first good match": {"impulsiveness": (0.7, 0.95), "patience": (0.1, 0.4)},
    "compares a few options and reads reviews": {"review_reliance": (0.7, 0.95), "patience": (0.5, 0.9), "impulsiveness": (0.05, 0.3)},
    "hunts for the lowest price": {"price_sensitivity": (0.75, 1.0), "patience": (0.4, 0.9), "impulsiveness": (0.05, 0.35)},
    "sticks to brands they know": {"brand_loyalty": (0.75, 0.95)},
    "browses a lot before deciding": {"patience": (0.7, 0.95), "impulsiveness": (0.05, 0.3)},
}
STYLES = list(STYLE_TRAITS)
DEFAULT_TRAITS = {"patience": (0.1, 0.9), "brand_loyalty": (0.0, 0.4), "review_reliance": (0.1, 0.6), "impulsiveness": (0.05, 0.5)}
BUDGET_BY_INCOME = {"<25k": 30, "25k-50k": 45, "50k-75k": 60, "75k-100k": 80, "100k-150k": 110, ">150k": 160}


@lru_cache(maxsize=1)
def bundled_intents() -> list[dict]:
    path = files("shopagent.persona") / "data" / "webshop_intents.jsonl.gz"
    with gzip.open(str(path), "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


T = TypeVar("T")


def _weighted(rng: random.Random, pairs: list[tuple[T, float]]) -> T:
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights, k=1)[0]


def _budget_from_intent(intent: str) -> float | None:
    match = re.search(r"(?:less|lower|under|below) than \$?(\d+(?:\.\d+)?)\s*dollars?", intent) or re.search(r"under \$(\d+)", intent)
    return float(match.group(1)) if match else None


# A shopper's voice: intents that read as someone asking for something (scraped product blurbs do not).
_SHOPPER_VOICE = re.compile(r"^(i|i'm|im|we|looking|find|get|buy|show|search|need|want)\b", re.I)


@dataclass
class StoreItem:
    """What persona generation needs to know of a product in the store: its words and its brand."""

    title: str
    brand: str
    text: str = ""
    category: str = ""  # the store's department, where it says (a catalog does; a scanned page may not)
    options: tuple[str, ...] | None = None  # every option value it is offered in; None where the store didn't say
    price: float | None = None
    in_stock: bool = True


def usable_intents(split: str | None = None) -> list[str]:
    pool = [r["instruction"] for r in bundled_intents() if split is None or r["split"] == split]
    return [t for t in pool if _SHOPPER_VOICE.match(t.strip()) and 15 <= len(t) <= 240]


def satisfiable(intent: str, store: list[StoreItem]) -> list[StoreItem]:
    """The store's products a shopper with this intent would accept: in stock, the kind, most of its describing words,
    and, where the store says, every option the intent names on offer and a price within the intent's limit."""
    wanted = Intent.parse(intent)
    return [
        p
        for p in store
        if p.in_stock
        and wanted.kind_in(p.title)
        and wanted.coverage(f"{p.title} {p.text}") >= 0.5
        and (p.options is None or all(any(offers(o, v) for v in p.options) for o in wanted.options))
        and (p.price is None or wanted.price_limit is None or p.price <= wanted.price_limit)
    ]


def _intents(
    rng: random.Random, n: int, split: str | None, store: list[StoreItem] | None, unmet: float
) -> list[tuple[str, list[StoreItem]]]:
    """n intents; with a store, all but a share `unmet` are ones it can satisfy (with the products that would)."""
    pool = usable_intents(split)
    if store is None:
        return [(rng.choice(pool), []) for _ in range(n)]
    rng.shuffle(pool)
    met: list[tuple[str, list[StoreItem]]] = []
    missed: list[tuple[str, list[StoreItem]]] = []
    want_missed = round(n * unmet)
    for intent in pool:
        if len(met) >= n - want_missed and len(missed) >= want_missed:
            break
        items = satisfiable(intent, store)
        if items and len(met) < n - want_missed:
            met.append((intent, items))
        elif not items and len(missed) < want_missed:
            missed.append((intent, []))
    picked = met + missed
    rng.shuffle(picked)
    return picked


def _person(rng: random.Random) -> tuple[str, str, int, str]:
    """A name that fits the gender, and an occupation that fits the age."""
    gender = _weighted(rng, GENDERS)
    low, high = _weighted(rng, AGE_BANDS)
    age = rng.randint(low, high)
    jobs = [job for job, (young, old) in OCCUPATIONS.items() if young <= age <= old]
    occupation = "student" if age < 23 and rng.random() < 0.7 else rng.choice(jobs)
    return f"{rng.choice(FIRST_NAMES[gender])} {rng.choice(LAST_NAMES)}", gender, age, occupation


def _traits(rng: random.Random, style: str, income: str) -> Traits:
    """Traits that agree with the style's words (STYLE_TRAITS); price sensitivity otherwise follows income."""
    claimed = STYLE_TRAITS[style]
    drawn = {name: round(rng.uniform(*claimed.get(name, span)), 2) for name, span in DEFAULT_TRAITS.items()}
    if "price_sensitivity" in claimed:
        drawn["price_sensitivity"] = round(rng.uniform(*claimed["price_sensitivity"]), 2)
    else:
        drawn["price_sensitivity"] = round(min(1, max(0, rng.gauss(0.75 if income in ("<25k", "25k-50k") else 0.45, 0.15))), 2)
    return Traits(**drawn)


def _majority(values: list[str]) -> str:
    counts = Counter(values)
    return max(sorted(counts), key=lambda v: counts[v]) if counts else ""


def brand_homes(store: list[StoreItem]) -> dict[str, str]:
    """Each brand's own department: where most of its products are."""
    by_brand: dict[str, list[str]] = {}
    for item in store:
        if item.brand:
            by_brand.setdefault(item.brand, []).append(item.category)
    return {brand: _majority(categories) for brand, categories in by_brand.items()}


def fitting_brands(items: list[StoreItem], homes: dict[str, str]) -> list[str]:
    """The brands a shopper with this intent could be loyal to: brands of the products that fit it, in the intent's
    department (where most of those products are), and whose own department it is. A toy brand's hair chalk fits
    "hair products" by its words, but nobody is loyal to a toy maker for hair care."""
    department = _majority([i.category for i in items])
    return sorted({i.brand for i in items if i.brand and i.category == department and homes.get(i.brand, "") == department})


def generate_personas(
    n: int, seed: int = 0, split: str | None = None, store: list[StoreItem] | None = None, unmet: float = 0.2
) -> list[Persona]:
    """Diverse personas with real WebShop intents; with `store`, intents it can satisfy and a share `unmet` it cannot.
    Without a store there are no brands to be loyal to, so none is invented."""
    rng = random.Random(seed)
    homes = brand_homes(store or [])
    personas = []
    for intent, items in _intents(rng, n, split, store, unmet):
        name, gender, age, occupation = _person(rng)
        income = _weighted(rng, INCOMES)
        brands = fitting_brands(items, homes)
        style = rng.choice([s for s in STYLES if brands or "brands" not in s])  # a loyal shopper has brands to be loyal to
        traits = _traits(rng, style, income)
        budget = _budget_from_intent(intent) or round(BUDGET_BY_INCOME[income] * rng.uniform(0.7, 1.8))
        personas.append(
            Persona(
                name=name,
                intent=intent,
                budget=budget,
                age=age,
                gender=gender,
                income=income,
                occupation=occupation,
                location=rng.choice(CITIES),
                shopping_style=style,
                preferred_brands=rng.sample(brands, k=min(2, len(brands))) if "brands" in style else [],
                traits=traits,
                unmet=None if store is None else not items,
            )
        )
    return personas


def write_personas(personas: list[Persona], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, persona in enumerate(personas):
        path = out / f"persona_{i:04d}.json"
        path.write_text(persona.model_dump_json(indent=2, exclude_defaults=True))
        paths.append(path)
    return paths
