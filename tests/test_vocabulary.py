"""One action vocabulary: declaring an action type once gives its model, prompt line, JSON Schema and executor."""

from __future__ import annotations

import json
from typing import ClassVar, Literal

from shopagent.agent.llm.prompting import system_prompt
from shopagent.agent.llm.reply import parse_reply
from shopagent.browser import Browser, execute
from shopagent.replay.live import replay_session
from shopagent.sessionlog import SessionLog, read_sessions
from shopagent.types import (
    ACTIONS,
    ActionBase,
    ActionResult,
    Element,
    EndRecord,
    Observation,
    PageDriver,
    Persona,
    Prediction,
    SessionRecord,
    StepRecord,
    action_schema,
    decision_schema,
    parse_action,
    register_action,
    step_schema,
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
            # per-step schema: a branch whose target is an enum of this page's inputs
            branches = {b["properties"]["type"]["const"]: b for b in step_schema(obs)["properties"]["action"]["anyOf"]}
            inputs = [e.id for e in obs.elements if e.kind == "input" and not e.disabled]
            assert branches["clear"]["properties"]["target"] == {"enum": inputs}
            # a model's reply naming it is accepted, and the executor runs it on the live page
            decision = parse_reply('{"rationale": "Start over.", "action": {"type": "clear", "target": "header.search"}}', obs)
            assert isinstance(decision.action, Clear)
            assert (await execute(shopper, decision.action, obs)).ok
            assert (await shopper.observe()).element("header.search").value is None  # empty fields carry no value
    finally:
        unregister_action("clear")
    assert "clear" not in system_prompt() and "clear" not in json.dumps(action_schema())
    assert "clear" not in {b["properties"]["type"]["const"] for b in step_schema(obs)["properties"]["action"]["anyOf"]}


async def test_a_registered_action_reaches_the_log_and_is_replayed_live(store, tmp_path):
    register_action(Clear)
    try:
        page = Observation(url=store.url + "/search?q=tea", title="Search", html="")
        header = SessionRecord(session_id="c", persona=Persona(intent="tea"), start_url=store.url + "/search?q=tea")
        step = StepRecord(session_id="c", index=0, observation=page, action=Clear(target="header.search"), result=ActionResult(ok=True))
        with SessionLog(tmp_path / "log.jsonl") as log:
            for record in (header, step, EndRecord(session_id="c", outcome="terminate", steps=1)):
                log.write(record)
        (session,) = read_sessions([tmp_path / "log.jsonl"])
        assert session.steps[0].action == Clear(target="header.search")  # written and read back as itself
        prediction = Prediction(session_id="c", index=0, gold=session.steps[0].action, predicted=Clear(target="header.search"))
        assert prediction.predicted == prediction.gold
        async with Browser() as browser:
            replayed = await replay_session(browser, session)
        assert replayed.error is None and [s.ok for s in replayed.steps] == [True]  # and run again on the live store
    finally:
        unregister_action("clear")


def test_exact_match_follows_the_declared_fields():
    a = parse_action({"type": "type", "target": "search", "text": "Red  Shoes", "submit": True})
    assert a.matches(parse_action({"type": "type", "target": "search", "text": "red shoes", "submit": False}))
    assert not a.matches(parse_action({"type": "type", "target": "other", "text": "red shoes"}))
    assert not parse_action({"type": "select", "target": "s", "value": "M"}).matches(
        parse_action({"type": "select", "target": "s", "value": "m"})
    )


def test_the_step_schema_offers_each_action_only_the_targets_it_can_take():
    page = Observation(
        url="http://shop/product/1",
        html="",
        elements=[
            Element(id="header.search", kind="input"),
            Element(id="product.size", kind="select", options=["S", "M", "X-Large"]),
            Element(id="product.colour", kind="select", options=["grey", "pink"]),
            Element(id="product.add_to_cart", kind="button"),
            Element(id="checkout.place_order", kind="button", purchase=True),
            Element(id="product.notify_me", kind="button", disabled=True),
            Element(id="filters.in_stock", kind="checkbox"),
        ],
    )
    schema = step_schema(page)
    assert list(schema["properties"]) == ["rationale", "action"] and schema["properties"]["rationale"]["maxLength"] <= 200
    branches = schema["properties"]["action"]["anyOf"]
    by_type: dict[str, list[dict]] = {}
    for branch in branches:
        by_type.setdefault(branch["properties"]["type"]["const"], []).append(branch["properties"])
    assert by_type["click"][0]["target"]["enum"] == ["product.add_to_cart", "checkout.place_order", "filters.in_stock"]
    assert by_type["type"][0]["target"]["enum"] == ["header.search"]
    assert [(b["target"]["const"], b["value"]["enum"]) for b in by_type["select"]] == [
        ("product.size", ["S", "M", "X-Large"]),
        ("product.colour", ["grey", "pink"]),
    ]
    assert by_type["purchase"][0]["target"]["enum"] == ["checkout.place_order"]
    assert "back" in by_type and "terminate" in by_type
    no_controls = step_schema(Observation(url="http://shop/", html=""))
    assert {b["properties"]["type"]["const"] for b in no_controls["properties"]["action"]["anyOf"]} == {"back", "terminate"}
