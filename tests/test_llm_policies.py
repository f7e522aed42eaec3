"""LLM policies against real servers on 127.0.0.1: an HTTP server speaking /v1/chat/completions,
and the bundled SmolLM2 through transformers."""

from __future__ import annotations

import asyncio
import json

import pytest

from shopagent.agent import make_policy
from shopagent.agent.interview import DEFAULT_QUESTIONS
from shopagent.agent.llm.backends.openai_chat import OpenAIBackend
from shopagent.agent.llm.policy import FIRST_TOKEN_RATIO, LLMPolicy
from shopagent.agent.policy import PolicyInput
from shopagent.browser.observe import count_tokens
from shopagent.errors import PolicyError
from shopagent.mock_store.server import free_port
from shopagent.types import ACTIONS, Element, EndRecord, Observation, Persona, Session, SessionRecord
from tests.chat_server import GOOD, OFF_PAGE, ChatServer

OBS = Observation(
    url="http://127.0.0.1/",
    title="Home",
    html='<input name="header.search"/>',
    elements=[Element(id="header.search", kind="input", text="Search")],
)


def _decide(server: ChatServer, script: list, timeout: float = 5.0, key: str | None = None, monkeypatch=None):
    server.script = list(script)
    server.requests.clear()
    server.headers.clear()

    async def go():
        policy = LLMPolicy(OpenAIBackend(base_url=server.url, model="test-model", timeout=timeout, max_retries=2), "openai")
        try:
            return await policy.decide(PolicyInput(persona=Persona(intent="green tea", budget=10), history=[], observation=OBS))
        finally:
            await policy.aclose()

    return asyncio.run(go())


def test_good_reply_and_prompt_contents(chat_server, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret")
    decision = _decide(chat_server, [GOOD])
    assert decision.action.type == "type" and decision.action.text == "tea"
    sent = chat_server.requests[0]
    assert sent["model"] == "test-model"
    assert "green tea" in sent["messages"][1]["content"] and 'name="header.search"' in sent["messages"][1]["content"]
    assert chat_server.headers[0]["authorization"] == "Bearer sk-test-secret"
    assert "sk-test-secret" not in json.dumps(make_policy("openai", base_url=chat_server.url).describe())


def test_the_reply_is_asked_for_under_this_pages_schema(chat_server):
    _decide(chat_server, [GOOD])
    asked = chat_server.requests[0]["response_format"]
    assert asked["type"] == "json_schema"
    schema = asked["json_schema"]["schema"]
    assert list(schema["properties"]) == ["rationale", "action"]
    branches = {b["properties"]["type"]["const"]: b for b in schema["properties"]["action"]["anyOf"]}
    assert branches["type"]["properties"]["target"] == {"enum": ["header.search"]}
    assert "click" not in branches and "select" not in branches  # nothing on this page to click or select
    assert {"back", "terminate"} <= set(branches)


def test_a_server_that_refuses_schemas_is_asked_more_plainly_and_the_mode_is_recorded(chat_server):
    async def negotiate(refuse: set[str]) -> str:
        chat_server.refuse = refuse
        backend = OpenAIBackend(base_url=chat_server.url, model="m", max_retries=0)
        try:
            await backend.prepare()
            return backend.describe()["response_format"]
        finally:
            await backend.aclose()
            chat_server.refuse = set()

    assert asyncio.run(negotiate(set())) == "json_schema"
    assert asyncio.run(negotiate({"json_schema"})) == "json_object"
    assert asyncio.run(negotiate({"json_schema", "json_object"})) == "text"


def test_plain_text_mode_still_gets_a_repair_turn(chat_server):
    chat_server.refuse = {"json_schema", "json_object"}
    try:
        decision = _decide(chat_server, ["I would search for tea.", GOOD])
    finally:
        chat_server.refuse = set()
    assert decision.action.type == "type"
    sent = [r.get("response_format", {}).get("type") for r in chat_server.requests]
    assert sent == ["json_schema", "json_object", None, None]  # refused twice, then plain text and its repair


def test_malformed_json_gets_one_repair_turn(chat_server):
    decision = _decide(chat_server, ['{"rationale": "oops", "action": {"type": "click", ', GOOD])
    assert decision.action.type == "type"
    repair = chat_server.requests[1]["messages"]
    assert repair[-2]["role"] == "assistant" and "not closed" in repair[-1]["content"]


def test_target_not_on_page_is_repaired_with_a_hint(chat_server):
    decision = _decide(chat_server, [OFF_PAGE, GOOD])
    assert decision.action.target == "header.search"
    assert "header.search" in chat_server.requests[1]["messages"][-1]["content"]


def test_two_bad_replies_raise_policy_error(chat_server):
    with pytest.raises(PolicyError, match="not on this page"):
        _decide(chat_server, [OFF_PAGE, OFF_PAGE])


def test_429_and_5xx_are_retried_with_backoff(chat_server):
    decision = _decide(chat_server, [(429, ""), (503, ""), GOOD])
    assert decision.action.type == "type" and len(chat_server.requests) == 3


def test_timeout_is_retried_then_reported(chat_server):
    with pytest.raises(PolicyError, match="timed out"):
        _decide(chat_server, ["SLOW", "SLOW", "SLOW"], timeout=0.5)


def test_unreachable_server_is_a_policy_error():
    async def go():
        backend = OpenAIBackend(base_url=f"http://127.0.0.1:{free_port()}/v1", max_retries=1)
        try:
            await backend.chat([{"role": "user", "content": "hi"}])
        finally:
            await backend.aclose()

    with pytest.raises(PolicyError, match="could not reach"):
        asyncio.run(go())


def test_transformers_backend_decodes_under_the_schema_with_bundled_smollm2():
    policy = make_policy("transformers", model=None)
    page = Observation(
        url="http://127.0.0.1/search?q=tea",
        html='<input name="header.search"/><a name="results.green_tea.link">Green tea, 20 bags, $4</a>',
        elements=[Element(id="header.search", kind="input"), Element(id="results.green_tea.link", kind="link", text="Green tea")],
    )

    async def go():
        try:
            return await policy.decide(PolicyInput(persona=Persona(intent="green tea"), history=[], observation=page))
        finally:
            await policy.aclose()

    decision = asyncio.run(go())  # a PolicyError here fails the test: the constraint must make every reply valid
    assert decision.action.type in ACTIONS
    assert getattr(decision.action, "target", "header.search") in page.ids
    assert 10 <= len(decision.rationale) <= 160


def test_a_page_too_big_for_the_models_context_is_cut_to_fit(chat_server):
    chat_server.script = [GOOD]
    chat_server.requests.clear()
    rows = "".join(f'<a name="results.item_{i}.link">Item {i}, green tea, $4</a>' for i in range(600))
    big = OBS.model_copy(update={"html": OBS.html + rows})

    async def go():
        backend = OpenAIBackend(base_url=chat_server.url, model="m", max_retries=0)
        backend.context_window = 1500
        policy = LLMPolicy(backend, "openai")
        try:
            budget = policy.observation_budget(Persona(intent="green tea"), [])
            await policy.decide(PolicyInput(persona=Persona(intent="green tea"), history=[], observation=big))
            return budget
        finally:
            await policy.aclose()

    budget = asyncio.run(go())
    assert count_tokens(big.html) > 10 * budget > 0
    sent = chat_server.requests[0]["messages"]
    assert "cut to fit the model" in sent[1]["content"] and 'name="header.search"' in sent[1]["content"]
    assert sum(count_tokens(m["content"]) for m in sent) * FIRST_TOKEN_RATIO <= 1500 - 200


def _interview(server: ChatServer, script: list):
    server.script = list(script)
    server.requests.clear()
    session = Session(
        header=SessionRecord(session_id="s", persona=Persona(intent="green tea", budget=10), start_url="http://127.0.0.1/"),
        end=EndRecord(session_id="s", outcome="terminate", steps=0, reason="nothing under $10"),
    )

    async def go():
        policy = LLMPolicy(OpenAIBackend(base_url=server.url, model="test-model", timeout=5, max_retries=0), "openai")
        try:
            return await policy.interview(session, list(DEFAULT_QUESTIONS))
        finally:
            await policy.aclose()

    return asyncio.run(go())


def test_an_llm_shopper_answers_the_interview_under_its_schema(chat_server):
    said = {q.id: {"answer": f"about {q.id}", "rating": 2 if q.rating else None} for q in DEFAULT_QUESTIONS}
    answers = _interview(chat_server, ["not json", json.dumps(said)])  # one repair turn
    assert [(a.question, a.rating) for a in answers] == [("goal", None), ("outcome", None), ("ease", 2), ("improve", None)]
    first = chat_server.requests[0]
    assert "nothing under $10" in first["messages"][1]["content"] and "green tea" in first["messages"][1]["content"]
    schema = first["response_format"]["json_schema"]["schema"]
    assert schema["required"] == ["goal", "outcome", "ease", "improve"]
    assert schema["properties"]["ease"]["properties"]["rating"]["minimum"] == 1
    with pytest.raises(PolicyError, match="no 1-5 rating for ease"):
        _interview(chat_server, [json.dumps({**said, "ease": {"answer": "ok", "rating": None}})] * 2)
