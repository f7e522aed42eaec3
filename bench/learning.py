"""Evidence that learning from human sessions helps. Prints JSON; nothing is hard-coded: it trains, then measures.

1. Query model, on real data: trained on the `train` split of WebShop's human search
   queries, scored (token F1 against each person's first query) on the `eval` split,
   next to the hand-written rule and to copying the instruction.
2. Ranker, on stand-in sessions: a population of generated personas shops the
   bundled store with a varied offline policy (temperature 0.6, another seed);
   sessions are split by session into train and held-out. The MiniLM ranker is
   fine-tuned on the train sessions' product choices; top-1 accuracy on held-out
   choices and replay metrics on held-out sessions are measured before and after.
   These sessions are synthetic: with real human sessions (`shopagent replay import`,
   `shopagent record`) the same script measures the real effect.
    .venv/bin/python bench/learning.py [--personas 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path

from shopagent.agent.loop import RunOptions
from shopagent.agent.offline.policy import OfflinePolicy
from shopagent.agent.offline.query_model import QueryModel, load_queries
from shopagent.mock_store.server import StoreServer
from shopagent.persona.generate import generate_personas
from shopagent.population.local import run_population
from shopagent.replay.evaluate import run_eval
from shopagent.replay.metrics import compute_metrics
from shopagent.sessionlog import read_sessions
from shopagent.train.export import split_sessions
from shopagent.train.query import evaluate_queries
from shopagent.train.ranker import choices_from_sessions, top1_accuracy, train_ranker


def replay_summary(sessions, predictions) -> dict[str, float | None]:  # type: ignore[no-untyped-def]
    m = compute_metrics(sessions, predictions)
    return {
        "exact_match": round(m.exact_match, 4),
        "type_macro_f1": round(m.type_macro_f1, 4),
        "purchase_f1": round(m.outcome.purchase_f1, 4),
        "steps": m.steps,
    }


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--personas", type=int, default=30)
    args = parser.parse_args()
    result: dict[str, object] = {}

    rows = load_queries()
    t = time.perf_counter()
    model = QueryModel.train([r for r in rows if r["split"] == "train"])
    result["query_model_webshop"] = {
        "train_seconds": round(time.perf_counter() - t, 2),
        "eval_token_f1": evaluate_queries([r for r in rows if r["split"] == "eval"], model),
        "train_token_f1": evaluate_queries([r for r in rows if r["split"] == "train"], model),
    }

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        log = folder / "standins.jsonl"
        personas = [(f"p{i:03d}", p) for i, p in enumerate(generate_personas(args.personas, seed=21))]
        with StoreServer() as store:
            await run_population(
                personas, OfflinePolicy(seed=5, temperature=0.6), store.url + "/", log, concurrency=4, options=RunOptions(max_steps=25)
            )
        sessions = [s.model_copy(update={"header": s.header.model_copy(update={"source": "human"})}) for s in read_sessions([log])]
        split = split_sessions(sessions, 1 / 3, seed=0)
        train = [s for s in sessions if split[s.session_id] == "train"]
        held_out = [s for s in sessions if split[s.session_id] == "eval"]
        train_choices, held_choices = choices_from_sessions(train), choices_from_sessions(held_out)

        t = time.perf_counter()
        ranker_dir = folder / "ranker"
        training = train_ranker(train_choices, ranker_dir, epochs=3)
        ranker_seconds = time.perf_counter() - t
        before = await run_eval(held_out, OfflinePolicy(), folder / "before")
        after = await run_eval(held_out, OfflinePolicy(model_dir=str(ranker_dir)), folder / "after")
        result["ranker_standin_sessions"] = {
            "sessions": {"train": len(train), "held_out": len(held_out)},
            "choices": {"train": len(train_choices), "held_out": len(held_choices)},
            "training": {**training, "seconds": round(ranker_seconds, 1)},
            "held_out_top1": {
                "before": round(top1_accuracy(held_choices), 4),
                "after": round(top1_accuracy(held_choices, str(ranker_dir)), 4),
            },
            "held_out_replay": {"before": replay_summary(held_out, before), "after": replay_summary(held_out, after)},
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
