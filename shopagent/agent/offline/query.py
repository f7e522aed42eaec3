"""Turn a shopper's intent into the search query a person would type.

People drop the framing ("i am looking for", "please choose") and keep the product
words and the attributes that matter. The rules below do that by hand; they are the
baseline for, and the fallback of, the learned model in agent/query_model.py.
"""

from __future__ import annotations

import re

FRAMING = re.compile(
    r"^(hi|hello|ok|please|i'?m|i am|i|im|id|i'd|we|can you|could you|help me|buy me|get me|find me|show me)?\s*"
    r"(really |would |want to |need to |am )?"
    r"(looking for|searching for|interested in|trying to find|shopping for|in need of|like to buy|like|want|need|find|buy|get"
    r"|order|purchase|search for|shop for|go for)?\s*(to buy|to find|to get)?\s*",
    re.I,
)
TAIL = re.compile(
    r"[.;,]?\s*(and )?(please|pick|choose|select|get me|also|it should|make sure|with a price|price lower|and price"
    r"|preferably|if possible)\b.*$",
    re.I,
)
FILLER = {
    "a",
    "an",
    "the",
    "some",
    "that",
    "which",
    "is",
    "are",
    "be",
    "for",
    "my",
    "me",
    "of",
    "to",
    "it",
    "its",
    "this",
    "these",
    "those",
    "with",
    "and",
    "or",
    "in",
    "i",
    "im",
    "i'm",
    "would",
    "like",
    "want",
    "need",
    "please",
    "also",
    "one",
    "pair",
    "set",
}
KEEP_SHORT = {"xl", "l", "s", "m"}


def rule_query(intent: str, max_words: int = 8) -> str:
    text = intent.lower().strip()
    text = FRAMING.sub("", text, count=1)
    text = TAIL.sub("", text)
    words = re.findall(r"[a-z0-9][a-z0-9.\-+&']*", text)
    kept = [w for w in words if w not in FILLER or w in KEEP_SHORT]
    return " ".join(kept[:max_words]) or intent.lower()
