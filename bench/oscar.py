"""The offline shopper on a store nobody here wrote (issue 17). Prints JSON.

Target: of 10 personas whose intents the Oscar test store can satisfy, at least 9 buy a
fitting product: the kind asked for and the named variant (colour, size), judged from the
orders the store itself recorded in its database.
    .venv/bin/python bench/oscar.py

The store is django-oscar, installed from PyPI and seeded by scripts/oscar_store/setup.sh.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from pathlib import Path

from shopagent.agent.loop import RunOptions
from shopagent.agent.offline.checkout import ShippingDetails
from shopagent.agent.offline.policy import OfflinePolicy
from shopagent.persona.intent import names_value
from shopagent.population.local import run_population
from shopagent.types import Persona

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests import oscar_store

# (intent, the product's title, the values its variant must name)
WANTS = [
    ("i want a classic cotton t-shirt in red, size medium", "Classic Cotton T-Shirt", ["red", "medium"]),
    ("looking for a classic cotton t-shirt in white, size x-large, under 25 dollars", "Classic Cotton T-Shirt", ["white", "x-large"]),
    ("i need a classic cotton t-shirt in navy, size small", "Classic Cotton T-Shirt", ["navy", "small"]),
    ("i want a linen button-down shirt in white, size large", "Linen Button-Down Shirt", ["white", "large"]),
    ("looking for a waterproof hiking jacket in black, size large, under 100 dollars", "Waterproof Hiking Jacket", ["black", "large"]),
    ("i need merino wool hiking socks in grey, size large", "Merino Wool Hiking Socks", ["grey", "large"]),
    ("i want trail running shoes in black, size 8.5", "Trail Running Shoes", ["black", "8.5"]),
    ("i need trail running shoes in blue, size 10, under 80 dollars", "Trail Running Shoes", ["blue", "10"]),
    ("i want a ceramic coffee mug in green", "Ceramic Coffee Mug", ["green"]),
    ("looking for a cotton fleece blanket in grey", "Cotton Fleece Blanket", ["grey"]),
]
NAMES = ["Ava Reed", "Ben Ortiz", "Cleo Park", "Dev Shah", "Eli Novak", "Fay Lund", "Gus Mora", "Hana Ito", "Ivo Berg", "Jo Quinn"]


def fits(line: dict, title: str, values: list[str]) -> bool:
    return line["title"].startswith(title) and all(names_value(line["title"].removeprefix(title), v) for v in values)


async def main() -> None:
    personas = [(f"oscar{i}", Persona(name=NAMES[i], intent=intent, budget=150)) for i, (intent, _, _) in enumerate(WANTS)]
    with oscar_store.serve() as url, tempfile.TemporaryDirectory() as tmp:
        before = {o["number"] for o in oscar_store.orders()}
        summary = await run_population(
            personas, OfflinePolicy(), url, Path(tmp) / "s.jsonl", concurrency=2, options=RunOptions(max_steps=50)
        )
        new = [o for o in oscar_store.orders() if o["number"] not in before]
    results = []
    for (key, persona), (_, title, values) in zip(personas, WANTS):
        email = ShippingDetails(persona).email  # what the shopper types at the store's checkout
        bought = [line for o in new if o["email"] == email for line in o["lines"]]
        end = next(e for e in summary.ends if e.session_id == key)
        results.append(
            {
                "intent": persona.intent,
                "outcome": end.outcome,
                "steps": end.steps,
                "bought": [b["title"] for b in bought],
                "fits": len(bought) == 1 and fits(bought[0], title, values),
            }
        )
    fitting = sum(r["fits"] for r in results)
    print(
        json.dumps(
            {
                "store": "django-oscar 4.2.1 (scripts/oscar_store)",
                "personas": len(results),
                "bought_a_fitting_product": fitting,
                "target": ">= 9 of 10",
                "met": fitting >= 9,
                "sessions": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
