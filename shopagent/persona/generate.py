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
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TypeVar

from shopagent.types import Persona, Traits

FIRST_NAMES = [
    "Maya",
    "Jordan",
    "Priya",
    "Luis",
    "Emma",
    "Noah",
    "Fatima",
    "Chen",
    "Aisha",
    "Tom",
    "Sofia",
    "Kwame",
    "Hana",
    "Diego",
    "Olivia",
    "Sam",
]
AGE_BANDS = [((18, 24), 0.18), ((25, 34), 0.26), ((35, 44), 0.22), ((45, 54), 0.16), ((55, 64), 0.11), ((65, 80), 0.07)]
GENDERS = [("female", 0.5), ("male", 0.46), ("non-binary", 0.04)]
INCOMES = [("<25k", 0.15), ("25k-50k", 0.25), ("50k-75k", 0.22), ("75k-100k", 0.16), ("100k-150k", 0.14), (">150k", 0.08)]
OCCUPATIONS = [
    "student",
    "nurse",
    "teacher",
    "software developer",
    "retail associate",
    "accountant",
    "stay-at-home parent",
    "retired engineer",
    "graphic designer",
    "truck driver",
    "small business owner",
    "researcher",
    "chef",
]
CITIES = ["Columbus", "Austin", "Portland", "Raleigh", "Denver", "Madison", "Tucson", "Richmond"]
STYLES = [
    "decisive, picks the first good match",
    "compares a few options and reads reviews",
    "hunts for the lowest price",
    "sticks to brands they know",
    "browses a lot before deciding",
]
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


def generate_personas(n: int, seed: int = 0, split: str | None = None) -> list[Persona]:
    rng = random.Random(seed)
    pool = [r for r in bundled_intents() if split is None or r["split"] == split]
    personas = []
    for _ in range(n):
        intent = rng.choice(pool)["instruction"]
        low, high = _weighted(rng, AGE_BANDS)
        age = rng.randint(low, high)
        income = _weighted(rng, INCOMES)
        style = rng.choice(STYLES)
        occupation = "student" if age < 23 and rng.random() < 0.7 else rng.choice(OCCUPATIONS)
        traits = Traits(
            price_sensitivity=round(min(1, max(0, rng.gauss(0.75 if income in ("<25k", "25k-50k") else 0.45, 0.15))), 2),
            patience=round(rng.uniform(0.1, 0.9), 2),
            brand_loyalty=round(0.8 if "brands" in style else rng.uniform(0, 0.4), 2),
            review_reliance=round(0.85 if "reviews" in style else rng.uniform(0.1, 0.6), 2),
            impulsiveness=round(0.8 if "decisive" in style else rng.uniform(0.05, 0.5), 2),
        )
        budget = _budget_from_intent(intent) or round(BUDGET_BY_INCOME[income] * rng.uniform(0.7, 1.8))
        personas.append(
            Persona(
                name=rng.choice(FIRST_NAMES),
                intent=intent,
                budget=budget,
                age=age,
                gender=_weighted(rng, GENDERS),
                income=income,
                occupation=occupation,
                location=rng.choice(CITIES),
                shopping_style=style,
                traits=traits,
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
