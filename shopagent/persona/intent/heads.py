"""How often a word names the product, learned from real shoppers' words.

In WebShop's crowd-written instructions ("i need a long clip-in hair extension which is
natural looking") the product comes right after the request, so the reader finds it there
reliably. Counted over the train split's 10,000 instructions, each word's share of its
appearances as the product's head noun says how product-like it is: "pants", "bottle" and
"charger" are heads most times they appear; "waist", "steel" and "port" seldom are. The
reader uses the share to find the head of a stack of nouns ("yoga pants high waist") and to
choose between noun phrases ("razor burn" or "shave oil"). `python -m
shopagent.persona.intent.heads` writes the table (data/product_heads.json.gz).
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from functools import cache
from importlib.resources import files
from pathlib import Path

TABLE = "product_heads.json.gz"
UNSEEN = 0.2  # a word the instructions never use: neither product-like nor not
MIN_SEEN = 3


@cache
def head_shares() -> dict[str, float]:
    path = files("shopagent.persona") / "data" / TABLE
    if not path.is_file():
        return {}
    return json.loads(gzip.decompress(path.read_bytes()).decode())


def head_share(word: str) -> float:
    """The share of the word's appearances in which it was the product's head (UNSEEN when it never appeared)."""
    from shopagent.persona.intent.reader import singular

    return head_shares().get(singular(word.lower()), UNSEEN)


def build(out: Path) -> dict[str, float]:
    import re

    from shopagent.persona.generate import bundled_intents
    from shopagent.persona.intent.reader import read_intent, singular

    heads: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for row in bundled_intents():
        if row["split"] != "train":
            continue
        text = row["instruction"]
        heads[singular(read_intent(text).kind.split()[-1])] += 1
        seen.update({singular(w) for w in re.findall(r"[a-z][a-z'-]*", text.lower())})
    # Smoothed towards UNSEEN, so a word seen three times is not called certain either way.
    shares = {w: round((heads[w] + 2 * UNSEEN) / (n + 2), 3) for w, n in seen.items() if n >= MIN_SEEN}
    out.write_bytes(gzip.compress(json.dumps(shares, sort_keys=True).encode()))
    return shares


if __name__ == "__main__":
    target = Path(str(files("shopagent.persona") / "data")) / TABLE
    table = build(target)
    print(f"wrote {len(table)} words to {target}")
