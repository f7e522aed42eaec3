"""One action vocabulary: declaring an action type once gives its model, prompt line, JSON Schema and executor."""

from __future__ import annotations

import json
from typing import ClassVar, Literal

from shopagent.agent.llm.prompting import system_prompt
from shopagent.agent.llm.reply import parse_reply
from shopagent.browser import Browser, execute
from shopagent.types import (
    ACTIONS,
    ActionBase,
    PageDriver,
    action_schema,
    decision_schema,
    parse_action,
    register_action,
    unregister_action,
)


class Clear(ActionBase):
    """A dummy action a test adds: empty a text field."""

    type: Literal["clear"] = "clear"
    target: str
    prompt: ClassVar[str] = "empty a text field"
    targets: ClassVar[tuple[str, ...]] = ("input",)

    async def perform(self, page: PageDriver) -> None:
        await (await page.control(self.target)).fill("", submit=False)


def test_the_built_in_actions_are_the_spec_ones():
    assert list(ACTIONS) == ["click", "type", "select", "back", "purchase", "terminate"]
    assert all(cls.prompt and f'"type": "{name}"' in system_prompt() for name, cls in ACTIONS.items())


async def test_a_new_action_type_appears_in_model_prompt_schema_and_executor(store):
    register_action(Clear)
    try:
        # model: parsed from JSON like any other action
        assert parse_action({"type": "clear", "target": "header.search"}) == Clear(target="header.search")
        # prompt: its line, with its JSON shape
        assert '- {"type": "clear", "target": "<target>"}: empty a text field' in system_prompt()
        # schema: in the action union and in the reply schema
        assert "clear" in json.dumps(action_schema()) and "Clear" in decision_schema()["$defs"]
        async with Browser() as browser:
            shopper = await browser.new_shopper([store.url])
            await shopper.goto(store.url + "/search?q=tea")
            obs = await shopper.observe()
            assert obs.element("header.search").value == "tea"
            # a model's reply naming it is accepted, and the executor runs it on the live page
            decision = parse_reply('{"rationale": "Start over.", "action": {"type": "clear", "target": "header.search"}}', obs)
            assert isinstance(decision.action, Clear)
            assert (await execute(shopper, decision.action, obs)).ok
            assert (await shopper.observe()).element("header.search").value is None  # empty fields carry no value
    finally:
        unregister_action("clear")
    assert "clear" not in system_prompt() and "clear" not in json.dumps(action_schema())


def test_exact_match_follows_the_declared_fields():
    a = parse_action({"type": "type", "target": "search", "text": "Red  Shoes", "submit": True})
    assert a.matches(parse_action({"type": "type", "target": "search", "text": "red shoes", "submit": False}))
    assert not a.matches(parse_action({"type": "type", "target": "other", "text": "red shoes"}))
    assert not parse_action({"type": "select", "target": "s", "value": "M"}).matches(
        parse_action({"type": "select", "target": "s", "value": "m"})
    )
