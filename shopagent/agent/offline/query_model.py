"""A learned intent -> first search query model, trained on real WebShop queries.

People turn "i need a long clip-in hair extension which is natural looking, and
price lower than 40.00 dollars" into "long clip in hair extension natural". The
model labels each word of the intent keep or drop with a logistic regression over
the word, its neighbours, its shape and its place in the sentence; the query is
the kept words in order. Labels come from `search_queries.jsonl`'s `train` split
(a word is kept if the person's first query has it); scores come from its `eval`
split (token F1 against the person's first query).
"""

from __future__ import annotations

import gzip
import json
import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from shopagent.agent.offline.query import rule_query
from shopagent.errors import BadInput, read_user_text
from shopagent.types import token_f1

WORD = re.compile(r"[a-z0-9][a-z0-9.\-+&']*")
# WebShop's goals append ", and price lower than 40.00 dollars"; its human queries were
# collected without that clause, and the policy handles the budget itself.
PRICE_CLAUSE = re.compile(r",?\s*(and\s+)?(the\s+)?price\s+(lower|less)\s+than\s+\$?[\d.,]+\s*(dollars?)?", re.I)
MODEL_FILE = "query_model.pkl"


def words_of(text: str) -> list[str]:
    return [w.rstrip(".") for w in WORD.findall(PRICE_CLAUSE.sub("", text).lower())]


def word_features(words: list[str], i: int) -> dict[str, Any]:
    w = words[i]
    n = len(words)
    shape = "num" if re.fullmatch(r"[\d.]+", w) else "alnum" if re.search(r"\d", w) else "word"
    return {
        f"w={w}": 1,
        f"prev={words[i - 1] if i else '<s>'}": 1,
        f"next={words[i + 1] if i + 1 < n else '</s>'}": 1,
        f"shape={shape}": 1,
        "rel_pos": i / max(1, n - 1),
        "first3": int(i < 3),
        "len": min(len(w), 12) / 12,
        "bias": 1,
    }


def fit_keep_classifier(examples: list[tuple[list[str], set[str]]], seed: int = 0) -> tuple[Any, Any]:
    """(vectorizer, classifier) that score each word of a text for being kept in another (a query, or the next query)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    feats, labels = [], []
    for words, kept in examples:
        for i in range(len(words)):
            feats.append(word_features(words, i))
            labels.append(int(words[i] in kept))
    vectorizer = DictVectorizer()
    classifier = LogisticRegression(C=1.0, max_iter=2000, random_state=seed)
    classifier.fit(vectorizer.fit_transform(feats), labels)
    return vectorizer, classifier


def keep_odds(vectorizer: Any, classifier: Any, words: list[str]) -> list[float]:
    if not words:
        return []
    return classifier.predict_proba(vectorizer.transform([word_features(words, i) for i in range(len(words))]))[:, 1].tolist()


def load_queries(path: Path | None = None) -> list[dict[str, Any]]:
    """search_queries.jsonl rows: the bundled copy, or a file in the same format."""
    if path is None:
        raw = gzip.decompress((files("shopagent.persona") / "data" / "webshop_search_queries.jsonl.gz").read_bytes()).decode()
    else:
        if not path.exists():
            raise BadInput(f"{path}: no such file")
        raw = read_user_text(path, "WebShop search queries (JSONL)")
    rows = [json.loads(line) for line in raw.splitlines() if line.strip()]
    return [r for r in rows if r.get("human_queries")]


@dataclass
class KeepModel:
    """A classifier scoring words as kept or dropped, and the threshold it is used at."""

    vectorizer: Any
    classifier: Any
    threshold: float = 0.5


@dataclass
class QueryModel(KeepModel):
    @classmethod
    def train(cls, rows: list[dict[str, Any]], seed: int = 0) -> QueryModel:
        examples = [(words_of(r["instruction"]), set(words_of(r["human_queries"][0]))) for r in rows]
        model = cls(*fit_keep_classifier(examples, seed))
        # The keep threshold that gives the best token F1 on the training rows.
        scored = [(model.keep_probabilities(r["instruction"]), r) for r in rows]

        def f1_at(threshold: float) -> float:
            return sum(token_f1(model.compose(r["instruction"], wp, threshold), r["human_queries"][0]) for wp, r in scored) / len(scored)

        model.threshold = max((t / 20 for t in range(4, 16)), key=f1_at)
        return model

    def keep_probabilities(self, intent: str) -> list[tuple[str, float]]:
        words = words_of(intent)
        return list(zip(words, keep_odds(self.vectorizer, self.classifier, words)))

    @staticmethod
    def compose(intent: str, word_probs: list[tuple[str, float]], threshold: float, max_words: int = 10) -> str:
        kept = [w for w, p in word_probs if p >= threshold]
        return " ".join(kept[:max_words]) or rule_query(intent)

    def query(self, intent: str) -> str:
        return self.compose(intent, self.keep_probabilities(intent), self.threshold)

    def save(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / MODEL_FILE
        path.write_bytes(pickle.dumps(self))
        return path

    @staticmethod
    def load(folder: Path) -> QueryModel:
        path = folder / MODEL_FILE if folder.is_dir() else folder
        if not path.exists():
            raise BadInput(f"{folder}: no {MODEL_FILE} (write one with `shopagent train query --out DIR`)")
        return pickle.loads(path.read_bytes())


@lru_cache(maxsize=1)
def default_query_model() -> QueryModel:
    """The model the offline policy searches with: trained on the bundled train split (about a second)."""
    return QueryModel.train([r for r in load_queries() if r["split"] == "train"])
