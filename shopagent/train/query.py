"""Scores for the learned intent -> first query model (the model itself lives with the offline policy).

`shopagent train query` fits it on WebShop's train split and reports token F1 on the
eval split, next to the hand-written rule and to copying the instruction.
"""

from __future__ import annotations

from typing import Any

from shopagent.agent.offline.query import rule_query
from shopagent.agent.offline.query_model import QueryModel
from shopagent.types import token_f1


def mean_f1(rows: list[dict[str, Any]], make_query: Any) -> float:
    """Mean token F1 of make_query(instruction) against each person's first query."""
    return sum(token_f1(make_query(r["instruction"]), r["human_queries"][0]) for r in rows) / max(1, len(rows))


def evaluate_queries(rows: list[dict[str, Any]], model: QueryModel) -> dict[str, float]:
    """Token F1 on rows for the learned model, the hand-written rule and copying the instruction."""
    return {
        "learned": round(mean_f1(rows, model.query), 4),
        "rule": round(mean_f1(rows, rule_query), 4),
        "copy_instruction": round(mean_f1(rows, lambda s: s), 4),
        "rows": len(rows),
    }
