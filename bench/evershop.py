"""The offline shopper on a client-rendered store nobody here wrote (issue 27). Prints JSON.

Target: of 10 personas whose intents the EverShop test store can satisfy, at least 9 buy the
product asked for in the named variant (colour, size), judged from the orders the store itself
recorded in its database; the 2 whose item it does not sell leave without buying.
    .venv/bin/python bench/evershop.py

The store is EverShop (React, server-rendered then hydrated), installed from the npm registry
and seeded by scripts/evershop_store/setup.sh; its sizes are labelled XS, S, M, L, XL.
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
from shopagent.population.local import run_population
from shopagent.types import Persona

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests import evershop_store

# (intent, the product's name, the variant's options as the store labels them); None: the store does not sell it
WANTS: list[tuple[str, str | None, dict[str, str]]] = [
    ("i want a merino crew sweater in navy, size medium", "Merino Crew Sweater", {"Color": "Navy", "Size": "M"}),
    ("looking for an organic cotton t-shirt in black, size large, under $30", "Organic Cotton T-Shirt", {"Color": "Black", "Size": "L"}),
    ("i need slim chino pants in beige, size small", "Slim Chino Pants", {"Color": "Beige", "Size": "S"}),
    ("i want a linen summer dress in blue, size extra small", "Linen Summer Dress", {"Color": "Blue", "Size": "XS"}),
    ("looking for a cashmere cardigan in grey, size medium, under 150 dollars", "Cashmere Cardigan", {"Color": "Grey", "Size": "M"}),
    ("i need high-rise yoga leggings in navy, size small", "High-Rise Yoga Leggings", {"Color": "Navy", "Size": "S"}),
    ("i want a kids rain jacket in yellow, size large", "Kids Rain Jacket", {"Color": "Yellow", "Size": "L"}),
    ("looking for a wool beanie in red", "Wool Beanie", {"Color": "Red"}),
    ("i need a leather belt in brown, size medium", "Leather Belt", {"Color": "Brown", "Size": "M"}),
    ("i want a stoneware coffee mug in green", "Stoneware Coffee Mug", {"Color": "Green"}),
    ("i want a waterproof hiking jacket in black, size large", None, {}),
    ("looking for trail running shoes in blue, size 10", None, {}),
]
NAMES = ["Ava Reed", "Ben Ortiz", "Cleo Park", "Dev Shah", "Eli Novak", "Fay Lund", "Gus Mora", "Hana Ito", "Ivo Berg", "Jo Quinn"]
NAMES += ["Kai Lowe", "Lia Moss"]


async def main() -> None:
    personas = [(f"evershop{i}", Persona(name=NAMES[i], intent=intent, budget=150)) for i, (intent, _, _) in enumerate(WANTS)]
    with evershop_store.serve() as url, tempfile.TemporaryDirectory() as tmp:
        summary = await run_population(
            personas, OfflinePolicy(), url, Path(tmp) / "s.jsonl", concurrency=2, options=RunOptions(max_steps=50)
        )
        placed = evershop_store.orders()  # each serve starts from the seeded database: every order is this run's
    results = []
    for (key, persona), (_, name, options) in zip(personas, WANTS):
        email = ShippingDetails(persona).email  # what the shopper types at the store's checkout
        bought = [line for o in placed if o["email"] == email for line in o["lines"]]
        end = next(e for e in summary.ends if e.session_id == key)
        right = (not bought) if name is None else (len(bought) == 1 and bought[0]["name"] == name and bought[0]["options"] == options)
        results.append(
            {"intent": persona.intent, "sold_here": name is not None, "outcome": end.outcome, "steps": end.steps}
            | {"bought": [b["title"] for b in bought], "right": right}
        )
    met = [r for r in results if r["sold_here"]]
    unmet = [r for r in results if not r["sold_here"]]
    print(
        json.dumps(
            {
                "store": "EverShop 2.2.1 (scripts/evershop_store)",
                "personas": len(results),
                "bought_the_right_variant": sum(r["right"] for r in met),
                "of": len(met),
                "unmet_left_without_buying": sum(r["right"] for r in unmet),
                "of_unmet": len(unmet),
                "target": ">= 9 of 10 buy right; 2 of 2 unmet leave",
                "met": sum(r["right"] for r in met) >= 9 and all(r["right"] for r in unmet),
                "sessions": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
