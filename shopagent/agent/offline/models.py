"""The offline shopper's models, each loaded once and on first use: MiniLM (or a fine-tuned ranker) for
closeness between an intent and titles, the store's names for kinds (kinds.py), and an optional learned query model."""

from __future__ import annotations

from pathlib import Path

from shopagent.agent.offline.embeddings import Embedder, get_embedder
from shopagent.agent.offline.kinds import KindMatcher
from shopagent.agent.offline.query_model import MODEL_FILE, QueryModel
from shopagent.errors import BadInput
from shopagent.persona.intent import load_language_model

RANKER_MARKER = "modules.json"  # what a saved sentence-transformers model folder holds


class Models:
    def __init__(self, model_dir: str | None = None) -> None:
        if model_dir and not any((Path(model_dir) / f).exists() for f in (RANKER_MARKER, MODEL_FILE)):
            raise BadInput(
                f"--model {model_dir}: no ranker ({RANKER_MARKER}) or query model ({MODEL_FILE}) there; "
                "write them with `shopagent train ranker|query --out DIR`"
            )
        self.model_dir = model_dir
        self._embedder: Embedder | None = None
        self._query_model: QueryModel | None = None
        self._kinds: KindMatcher | None = None
        self._sims: dict[tuple[str, str], float] = {}

    @property
    def loaded(self) -> bool:
        return self._embedder is not None

    def load(self) -> None:
        """Everything at once, before the first session, so no shopper's step pays for it."""
        _ = self.query_model, self.embedder
        load_language_model()

    @property
    def query_model(self) -> QueryModel | None:
        """A learned intent-to-query model, where --model DIR holds one (`shopagent train query`)."""
        if self._query_model is None and self.model_dir and (Path(self.model_dir) / MODEL_FILE).exists():
            self._query_model = QueryModel.load(Path(self.model_dir) / MODEL_FILE)
        return self._query_model

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            ranker = self.model_dir if self.model_dir and (Path(self.model_dir) / RANKER_MARKER).exists() else None
            self._embedder = get_embedder(ranker)
        return self._embedder

    @property
    def kinds(self) -> KindMatcher:
        if self._kinds is None:
            self._kinds = KindMatcher(self.embedder)
        return self._kinds

    def similarities(self, text: str, titles: list[str]) -> list[float]:
        """Closeness of each title to the text, each pair computed once per policy."""
        missing = [t for t in titles if (text, t) not in self._sims]
        if missing:
            for title, sim in zip(missing, self.embedder.similarity(text, missing)):
                self._sims[(text, title)] = float(sim)
        return [self._sims[(text, t)] for t in titles]
