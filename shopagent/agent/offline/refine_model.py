"""A learned search refinement: which words of a query that found nothing useful people keep
when they search again.

`search_queries.jsonl` lists every query a WebShop worker typed for an instruction; where
there is more than one, the worker searched again. Each word of the earlier query is
labelled kept or dropped by the next one, and a logistic regression over the same word
features as the first-query model learns it. A refinement keeps the words it gives the
best odds, always the kind of thing wanted, and is shorter than the query before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from shopagent.agent.offline.query_model import KeepModel, fit_keep_classifier, keep_odds, load_queries, words_of
from shopagent.types import token_f1


def reformulations(rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(a query, the next query the same person typed) pairs."""
    return [(a, b) for r in rows for a, b in zip(r["human_queries"], r["human_queries"][1:]) if a.strip() != b.strip()]


@dataclass
class RefinementModel(KeepModel):
    @classmethod
    def train(cls, pairs: list[tuple[str, str]], seed: int = 0) -> RefinementModel:
        model = cls(*fit_keep_classifier([(words_of(a), set(words_of(b))) for a, b in pairs], seed))
        model.threshold = max((t / 20 for t in range(4, 16)), key=lambda t: mean_f1(model, pairs, t))
        return model

    def refine(self, query: str, must_keep: str = "", threshold: float | None = None) -> str:
        """A shorter query: the words most likely kept, in order, with `must_keep` (the kind) always among them."""
        words = words_of(query)
        if len(words) <= 1:
            return query
        probs = keep_odds(self.vectorizer, self.classifier, words)
        cut = self.threshold if threshold is None else threshold
        kept = [w for w, p in zip(words, probs) if p >= cut or (must_keep and w.rstrip("s") == must_keep.rstrip("s"))]
        if len(kept) >= len(words):  # not shorter: drop the least likely word
            weakest = min(range(len(words)), key=lambda i: (words[i].rstrip("s") == must_keep.rstrip("s"), probs[i]))
            kept = [w for i, w in enumerate(words) if i != weakest]
        return " ".join(kept) or query


def mean_f1(model: RefinementModel, pairs: list[tuple[str, str]], threshold: float | None = None) -> float:
    return sum(token_f1(model.refine(a, threshold=threshold), b) for a, b in pairs) / max(1, len(pairs))


@lru_cache(maxsize=1)
def default_refinement_model() -> RefinementModel:
    """Trained on the bundled train split's reformulations (a fraction of a second)."""
    return RefinementModel.train(reformulations([r for r in load_queries() if r["split"] == "train"]))
