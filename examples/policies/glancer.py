"""A policy from outside the package: the Glancer searches once for its intent, opens the first
result and leaves, telling what it saw. Use it as a template for your own.

    shopagent simulate --policy examples/policies/glancer.py:Glancer
    shopagent replay eval human.jsonl --policy examples/policies/glancer.py:Glancer

A policy needs only `async def decide(self, inp) -> Decision`. Its constructor gets the options it
names (here `seed`) from the command line or the study file; `**kwargs` would take them all.
"""

from __future__ import annotations

from shopagent import Click, Decision, PolicyInput, Terminate, Type


class Glancer:
    name = "glancer"

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed

    async def decide(self, inp: PolicyInput) -> Decision:
        page = inp.observation
        searched = any(step.action is not None and step.action.type == "type" for step in inp.history)
        box = next((e for e in page.elements if e.kind == "input" and "search" in e.id), None)
        if not searched and box is not None:
            return Decision(
                rationale=f"I'll search for what I came for: {inp.persona.intent}.", action=Type(target=box.id, text=inp.persona.intent)
            )
        opened = any(step.action is not None and step.action.type == "click" for step in inp.history)
        first = next((e for e in page.elements if e.kind == "link" and ".link" in e.id and e.region != "header"), None)
        if searched and not opened and first is not None:
            return Decision(rationale=f"“{first.text}” is the first result, so I'll glance at it.", action=Click(target=first.id))
        return Decision(rationale=f"I glanced at “{page.title}” and that is all I came to do.", action=Terminate())
