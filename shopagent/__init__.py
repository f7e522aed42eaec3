"""shopagent: a browser-in-the-loop simulator of online shoppers.

What a policy author and a script need, in one place:

    import shopagent
    session = shopagent.simulate("a red kettle under $40")           # the bundled store, offline
    metrics = shopagent.evaluate("human.jsonl", policy="mypkg.policies:Glancer")

A policy is any class with `async def decide(self, inp: PolicyInput) -> Decision`; see `Policy`.
Names are imported on first use, so `import shopagent` stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shopagent.agent.policy import Policy, PolicyInput
    from shopagent.agent.registry import PolicySpec
    from shopagent.api import evaluate, evaluate_async, simulate, simulate_async
    from shopagent.replay.metrics import Metrics
    from shopagent.types import Back, Click, Decision, Observation, Persona, Purchase, Select, Session, Terminate, Traits, Type

__all__ = [
    "Back",
    "Click",
    "Decision",
    "Metrics",
    "Observation",
    "Persona",
    "Policy",
    "PolicyInput",
    "PolicySpec",
    "Purchase",
    "Select",
    "Session",
    "Terminate",
    "Traits",
    "Type",
    "evaluate",
    "evaluate_async",
    "simulate",
    "simulate_async",
]

_HOMES = {
    "Policy": "shopagent.agent.policy",
    "PolicyInput": "shopagent.agent.policy",
    "PolicySpec": "shopagent.agent.registry",
    "Metrics": "shopagent.replay.metrics",
    "simulate": "shopagent.api",
    "simulate_async": "shopagent.api",
    "evaluate": "shopagent.api",
    "evaluate_async": "shopagent.api",
}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'shopagent' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES.get(name, "shopagent.types")), name)
