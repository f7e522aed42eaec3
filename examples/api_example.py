"""shopagent from a script: one shopper with an outside policy on the bundled store, then that
policy scored against two real WebShop sessions. Run: .venv/bin/python examples/api_example.py"""

from __future__ import annotations

from pathlib import Path

import shopagent

HERE = Path(__file__).resolve().parent
GLANCER = f"{HERE / 'policies' / 'glancer.py'}:Glancer"

session = shopagent.simulate(shopagent.Persona(name="Ana", intent="green tea bags"), policy=GLANCER, max_steps=5)
for step in session.steps:
    print(f"{step.index + 1}. {step.action.describe() if step.action else '-'}: {step.rationale}")
print(f"outcome: {session.end.outcome if session.end else 'unfinished'}")

spec = shopagent.PolicySpec(name="offline", seed=1)  # the same spec a study or a Ray worker builds from
humans = HERE / "replay" / "webshop_two_sessions.jsonl"
metrics = shopagent.evaluate(humans, policy=spec)
print(f"offline policy, exact match on {metrics.steps} human steps: {metrics.exact_match:.1%}")
