"""`shopagent train ranker`: fine-tune the offline policy's MiniLM on what people chose.

Every human step that clicks a product in a list of results gives one training
group: the shopper's intent (the anchor), the product they opened (the positive)
and the products on the same page they passed over (the negatives). The loss is a
softmax over the positive and its negatives (scaled cosine similarity), the
MultipleNegativesRanking idea with hard negatives. The saved folder is a
sentence-transformers model: `--policy offline --model DIR` ranks with it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from shopagent.agent.offline.embeddings import bundled_model_dir
from shopagent.agent.offline.page import PageView
from shopagent.errors import BadInput
from shopagent.types import Session

MAX_NEGATIVES = 7
SCALE = 20.0


@dataclass
class Choice:
    """One human decision among products: who wanted what, what they opened, what they passed over."""

    anchor: str
    positive: str
    negatives: list[str]


def choices_from_sessions(sessions: list[Session]) -> list[Choice]:
    out = []
    for session in sessions:
        for step in session.steps:
            action = step.action
            if action is None or action.type != "click":
                continue
            cards = PageView(step.observation).cards
            chosen = next((c for c in cards if c.link.id == action.target), None)
            others = [c.title for c in cards if c is not chosen and c.title != (chosen.title if chosen else None)]
            if chosen and others:
                out.append(Choice(session.header.persona.intent, chosen.title, others[:MAX_NEGATIVES]))
    return out


def top1_accuracy(choices: list[Choice], model_dir: str | None = None) -> float:
    """How often the ranker puts the product the person opened first among those on the page."""
    from shopagent.agent.offline.embeddings import Embedder

    if not choices:
        return 0.0
    embedder = Embedder(Path(model_dir) if model_dir else None)
    hits = 0
    for c in choices:
        sims = embedder.similarity(c.anchor, [c.positive, *c.negatives])
        hits += int(sims.argmax() == 0)
    return hits / len(choices)


def train_ranker(
    choices: list[Choice],
    out: Path,
    epochs: int = 2,
    batch_size: int = 8,
    learning_rate: float = 2e-5,
    seed: int = 0,
    base: str | None = None,
    on_step: Callable[[int, int, float], None] | None = None,
) -> dict[str, float | int]:
    import torch
    import torch.nn.functional as F
    from sentence_transformers import SentenceTransformer

    if not choices:
        raise BadInput("no product choices in these sessions (human clicks on result cards with other results beside them)")
    torch.manual_seed(seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = SentenceTransformer(str(base or bundled_model_dir()), device=device)
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate)

    def embed(texts: list[str]) -> torch.Tensor:
        features = {k: (v.to(device) if hasattr(v, "to") else v) for k, v in model.tokenize(texts).items()}
        return F.normalize(model(features)["sentence_embedding"], dim=-1)

    rng = random.Random(seed)
    batches = []
    for _ in range(epochs):
        order = rng.sample(choices, len(choices))
        batches += [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    losses = []
    for n, batch in enumerate(batches, start=1):
        anchors = embed([c.anchor for c in batch])
        loss = torch.zeros((), device=device)
        for a, c in zip(anchors, batch):
            candidates = embed([c.positive, *c.negatives])
            logits = SCALE * candidates @ a
            loss = loss + F.cross_entropy(logits.unsqueeze(0), torch.zeros(1, dtype=torch.long, device=device))
        loss = loss / len(batch)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        losses.append(loss.item())
        if on_step:
            on_step(n, len(batches), losses[-1])
    out.mkdir(parents=True, exist_ok=True)
    model.save(str(out))
    return {"choices": len(choices), "steps": len(batches), "first_loss": round(losses[0], 4), "last_loss": round(losses[-1], 4)}
