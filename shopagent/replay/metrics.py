"""Replay metrics (SPEC §5), computed from gold and predicted actions alone.

Definitions, so anyone can recompute them from predictions.jsonl:
- exact match: `types.actions_match` (same type and target; same text for `type`
  after lower-casing and collapsing white space; same value for `select`).
- action-type macro-F1: the mean F1 over every action type that occurs among the
  gold or predicted actions. A step the policy could not answer counts against
  the gold type's recall and adds no class of its own.
- session outcome: at each session's last step, gold is `purchase` if the human's
  action there was a purchase, else `terminate`; the prediction is `purchase` if
  the policy predicted a purchase there. Purchase-class F1 (as the paper reports)
  and F1 weighted by gold support over both classes (as OPeRA reports).
- query token-F1: on gold `type` steps, the token F1 of the predicted text against
  the human's (0 when the policy did not type); the mean over those steps.
- accuracy by step position: steps grouped by their index in the session.
Sessions without steps are counted and otherwise left out; so are steps that
have no prediction yet (an interrupted run).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from shopagent.types import Action, Prediction, Session, actions_match, token_f1

NO_ANSWER = "(no answer)"
POSITION_CAP = 20  # steps at or past this index share one bucket


class ClassScore(BaseModel):
    precision: float
    recall: float
    f1: float
    support: int


class OutcomeScores(BaseModel):
    sessions: int
    purchase_f1: float
    weighted_f1: float
    per_class: dict[str, ClassScore]


class PositionScore(BaseModel):
    position: str
    steps: int
    accuracy: float


class Metrics(BaseModel):
    sessions: int
    empty_sessions: int
    steps: int
    unanswered: int
    exact_match: float
    type_macro_f1: float
    per_type: dict[str, ClassScore]
    outcome: OutcomeScores
    query_token_f1: float | None
    type_steps: int
    confusion: dict[str, dict[str, int]] = Field(description="gold type -> predicted type -> steps")
    by_position: list[PositionScore]


def class_scores(gold: list[str], predicted: list[str | None], classes: list[str]) -> dict[str, ClassScore]:
    scores = {}
    for c in classes:
        tp = sum(1 for g, p in zip(gold, predicted) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, predicted) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, predicted) if g == c and p != c)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
        scores[c] = ClassScore(precision=precision, recall=recall, f1=f1, support=sum(1 for g in gold if g == c))
    return scores


@dataclass
class _Tally:
    """Counts gathered over the scored steps, turned into Metrics at the end."""

    gold_types: list[str] = field(default_factory=list)
    pred_types: list[str | None] = field(default_factory=list)
    correct: int = 0
    unanswered: int = 0
    query_scores: list[float] = field(default_factory=list)
    confusion: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    positions: dict[int, list[bool]] = field(default_factory=lambda: defaultdict(list))
    outcome_gold: list[str] = field(default_factory=list)
    outcome_pred: list[str | None] = field(default_factory=list)
    empty: int = 0
    scored: int = 0

    def step(self, index: int, gold: Action, pred: Action | None) -> None:
        hit = actions_match(pred, gold)
        self.correct += hit
        self.unanswered += pred is None
        self.gold_types.append(gold.type)
        self.pred_types.append(pred.type if pred else None)
        self.confusion[gold.type][pred.type if pred else NO_ANSWER] += 1
        self.positions[min(index, POSITION_CAP)].append(hit)
        if gold.type == "type":
            self.query_scores.append(token_f1(pred.text, gold.text) if pred is not None and pred.type == "type" else 0.0)

    def outcome(self, last_gold: Action | None, last_pred: Action | None) -> None:
        self.outcome_gold.append("purchase" if last_gold is not None and last_gold.type == "purchase" else "terminate")
        self.outcome_pred.append("purchase" if last_pred is not None and last_pred.type == "purchase" else "terminate")

    def metrics(self) -> Metrics:
        classes = sorted({*self.gold_types, *(t for t in self.pred_types if t is not None)})
        per_type = class_scores(self.gold_types, self.pred_types, classes)
        outcome_classes = class_scores(self.outcome_gold, self.outcome_pred, ["purchase", "terminate"])
        n_out = len(self.outcome_gold)
        weighted = sum(s.f1 * s.support for s in outcome_classes.values()) / n_out if n_out else 0.0
        n = len(self.gold_types)
        return Metrics(
            sessions=self.scored,
            empty_sessions=self.empty,
            steps=n,
            unanswered=self.unanswered,
            exact_match=self.correct / n if n else 0.0,
            type_macro_f1=sum(s.f1 for s in per_type.values()) / len(per_type) if per_type else 0.0,
            per_type=per_type,
            outcome=OutcomeScores(
                sessions=n_out, purchase_f1=outcome_classes["purchase"].f1, weighted_f1=weighted, per_class=outcome_classes
            ),
            query_token_f1=sum(self.query_scores) / len(self.query_scores) if self.query_scores else None,
            type_steps=len(self.query_scores),
            confusion={g: dict(c) for g, c in sorted(self.confusion.items())},
            by_position=[
                PositionScore(position=f"{i}+" if i == POSITION_CAP else str(i), steps=len(hits), accuracy=sum(hits) / len(hits))
                for i, hits in sorted(self.positions.items())
            ],
        )


def compute_metrics(sessions: list[Session], predictions: list[Prediction]) -> Metrics:
    """Score predictions against the human sessions they were made for."""
    by_key = {(p.session_id, p.index): p for p in predictions}
    tally = _Tally()
    for session in sessions:
        gold_steps = session.acted_steps
        if not gold_steps:
            tally.empty += 1
            continue
        steps = [s for s in gold_steps if (session.session_id, s.index) in by_key]
        if not steps:  # not predicted (yet): an interrupted or limited run
            continue
        tally.scored += 1
        for step in steps:
            assert step.action is not None
            tally.step(step.index, step.action, by_key[(session.session_id, step.index)].predicted)
        tally.outcome(steps[-1].action, by_key[(session.session_id, steps[-1].index)].predicted)
    return tally.metrics()
