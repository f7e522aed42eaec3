"""LLM policies against real servers on 127.0.0.1: an HTTP server speaking /v1/chat/completions,
and the bundled SmolLM2 through transformers."""

from __future__ import annotations

import asyncio
import json

import pytest

from shopagent.agent import make_policy
from shopagent.agent.llm.backends.openai_chat import OpenAIBackend
from shopagent.agent.llm.policy import LLMPolicy
from shopagent.agent.policy import PolicyInput
from shopagent.errors import PolicyError
from shopagent.mock_store.server import free_port
from shopagent.types import Element, Observation, Persona
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


def test_transformers_backend_runs_one_real_step_with_bundled_smollm2():
    policy = make_policy("transformers", model=None)
    inp = PolicyInput(persona=Persona(intent="green tea"), history=[], observation=OBS)

    async def go():
        try:
            return await policy.decide(inp)
        except PolicyError as exc:  # a 135M model may fail the format twice; that is a recorded failed step
            return exc
        finally:
            await policy.aclose()

    outcome = asyncio.run(go())
    assert outcome is not None
    if isinstance(outcome, PolicyError):
        assert "unusable after a repair turn" in str(outcome)
    else:
        assert outcome.action.type in ("type", "click", "terminate", "back", "select", "purchase")
