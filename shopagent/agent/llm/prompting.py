"""Render the chat prompt from the files in prompts/.

The LLM policies and the training-data export use exactly these messages, so a
fine-tuned model sees at training time what it will see when it shops.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from string import Template

from shopagent.agent.policy import PolicyInput
from shopagent.types import Persona, StepRecord, action_prompt_lines

DEFAULT_HISTORY_STEPS = 3


@cache
def prompt_file(name: str) -> str:
    return (files("shopagent.agent.llm") / "prompts" / name).read_text(encoding="utf-8")


def system_prompt() -> str:
    """The system prompt, its list of actions generated from the action registry (types.py)."""
    return Template(prompt_file("system.txt")).substitute(actions=action_prompt_lines())


def describe_persona(persona: Persona) -> str:
    """The persona as the model reads it; never its hand labels (`expect`) or the generator's `unmet` mark, which judge it afterwards."""
    data = persona.model_dump(exclude={"expect", "unmet"}, exclude_none=True, exclude_defaults=False)
    data["traits"] = dict(data.get("traits", {}).items())
    if not data.get("preferred_brands"):
        data.pop("preferred_brands", None)
    return "\n".join(f"- {k}: {json.dumps(v) if not isinstance(v, str) else v}" for k, v in data.items())


def describe_history(history: list[StepRecord], last_k: int = DEFAULT_HISTORY_STEPS) -> str:
    """The last `last_k` steps in full (page, rationale, action, result); earlier ones one short line each."""
    if not history:
        return "(nothing yet: this is your first step)"
    cut = max(0, len(history) - last_k)
    lines = [f"{step.index + 1}. {_short(step)}" for step in history[:cut]]
    for step in history[cut:]:
        action = step.action.model_dump_json() if step.action else "(no valid action)"
        outcome = "ok" if step.result.ok else f"failed: {step.result.error}"
        lines.append(f"{step.index + 1}. on {step.observation.url}: {step.rationale or '(no rationale recorded)'} -> {action} [{outcome}]")
    return "\n".join(lines)


def _short(step: StepRecord) -> str:
    action = step.action.describe() if step.action else "(no valid action)"
    return action if step.result.ok else f"{action} (failed)"


def build_messages(inp: PolicyInput, last_k: int = DEFAULT_HISTORY_STEPS) -> list[dict[str, str]]:
    step = Template(prompt_file("step.txt")).substitute(
        persona=describe_persona(inp.persona),
        history=describe_history(inp.history, last_k),
        url=inp.observation.url,
        title=inp.observation.title,
        html=inp.observation.html,
        note=f"\nNote: {inp.note}\n" if inp.note else "",
        intent=inp.persona.intent + (f" (budget ${inp.persona.budget:g})" if inp.persona.budget else ""),
    )
    return [{"role": "system", "content": system_prompt()}, {"role": "user", "content": step}]


def target_text(rationale: str, action_json: str) -> str:
    """What the model is trained to answer: the SPEC §1 reply."""
    return json.dumps({"rationale": rationale, "action": json.loads(action_json)}, ensure_ascii=False)
