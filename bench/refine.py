"""Search refinements learned from WebShop workers' reformulations, against simple rules. Prints JSON.

Each pair is (a query, the next query the same worker typed for the same instruction).
Token F1 of the refinement against the worker's next query, on the `eval` split (the model
is trained on `train`), next to keeping the query as it was and to dropping its last two words.
    .venv/bin/python bench/refine.py
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from shopagent.agent.offline.query_model import load_queries
from shopagent.agent.offline.refine_model import RefinementModel, mean_f1, reformulations
from shopagent.types import token_f1


def rule_f1(pairs: list[tuple[str, str]], rule: Callable[[str], str]) -> float:
    return round(sum(token_f1(rule(a), b) for a, b in pairs) / max(1, len(pairs)), 3)


def main() -> None:
    rows = load_queries()
    train = reformulations([r for r in rows if r["split"] == "train"])
    held_out = reformulations([r for r in rows if r["split"] == "eval"])
    start = time.perf_counter()
    model = RefinementModel.train(train)
    result = {
        "train_pairs": len(train),
        "eval_pairs": len(held_out),
        "train_seconds": round(time.perf_counter() - start, 2),
        "threshold": model.threshold,
        "token_f1_eval": {
            "learned_refinement": round(mean_f1(model, held_out), 3),
            "drop_last_two_words": rule_f1(held_out, lambda q: " ".join(q.split()[:-2]) or q),
            "same_query_again": rule_f1(held_out, lambda q: q),
        },
        "note": "people also add words when they search again; a refinement only shortens",
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
