"""LLM policies against real servers on 127.0.0.1: an HTTP server speaking /v1/chat/completions,
and the bundled SmolLM2 through transformers."""

from __future__ import annotations

import asyncio
import json

import pytest
from jsonschema import Draft202012Validator

from shopagent.agent import make_policy
from shopagent.agent.interview import DEFAULT_QUESTIONS
from shopagent.agent.llm.backends.openai_chat import OpenAIBackend
from shopagent.agent.llm.policy import FIRST_TOKEN_RATIO, LLMPolicy
from shopagent.agent.llm.reply import max_reply_tokens, repetition
from shopagent.agent.loop import RunOptions
from shopagent.agent.policy import PolicyInput
from shopagent.agent.usage import LLMBudgetSpent, Meter, RunBudget, metering
from shopagent.browser.observe import count_tokens
from shopagent.errors import PolicyError
from shopagent.mock_store.server import free_port
from shopagent.population.local import run_population
from shopagent.sessionlog import read_sessions
from shopagent.types import ACTIONS, Decision, Element, EndRecord, Observation, Persona, Session, SessionRecord, step_schema
from tests.chat_server import GOOD, OFF_PAGE, ChatServer, usage_of

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
        _decide(chat_server, ["SILENT", "SILENT", "SILENT"], timeout=0.5)


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


# --------------------------------------------------------------------------- replies that always fit, and what they cost

PAGE = Observation(
    url="http://127.0.0.1/product/1",
    html="<main>a product page</main>",
    elements=[
        Element(id="header.search", kind="input"),
        Element(id="product.size", kind="select", options=["Small", "X-Large, long fit"]),
        Element(id="search_results.luxy_long_clip_in_hair_extensions.link", kind="link"),
        Element(id="product.buy_now", kind="button", purchase=True),
    ],
)
REPETITIVE = json.dumps({"rationale": "1.2.1.1.1.1.1.1.1.1.1.1.1.1.1.1", "action": {"type": "back"}})


def _strings(schema: dict) -> list[dict]:
    """Every free-text string of a schema (enums and consts are bounded by their values)."""
    if schema.get("type") == "string":
        return [schema]
    found = [s for sub in schema.get("properties", {}).values() for s in _strings(sub)]
    return found + [s for branch in schema.get("anyOf", []) for s in _strings(branch)]


def test_every_string_of_the_reply_schema_is_bounded_and_the_longest_reply_fits_its_token_limit():
    schema = step_schema(PAGE)
    strings = _strings(schema)
    assert strings and all("maxLength" in s and "pattern" in s for s in strings)
    longest = {
        "rationale": "I" + "~" * 159,
        "action": {"type": "type", "target": "header.search", "text": "ſ" * 80, "submit": False},
    }
    assert Draft202012Validator(schema).is_valid(longest)
    for wider in ("é" * 160, 'I say "hi" ' * 15, "1.2.1.1.1.1.1.1.1"):  # beyond ASCII, escapes, or a rationale not opening with a letter
        assert not Draft202012Validator(schema).is_valid({**longest, "rationale": wider})
    # a token is at least a byte: the compact reply's bytes bound its tokens
    assert len(json.dumps(longest, ensure_ascii=False, separators=(",", ":")).encode()) <= max_reply_tokens(schema)
    with pytest.raises(ValueError, match="unbounded"):
        max_reply_tokens({"type": "object", "properties": {"x": {"type": "string"}}})


def test_each_request_asks_for_a_reply_limit_that_fits_the_schemas_longest_reply(chat_server):
    _decide(chat_server, [GOOD])
    sent = chat_server.requests[0]
    assert sent["max_tokens"] == max_reply_tokens(sent["response_format"]["json_schema"]["schema"]) > 300


@pytest.mark.parametrize("rationale", ["1.2.1.1.1.1.1.1.1.1.1.1.1.1", "I'm a chemist, I'm a chemist, I'm a chemist, I'm a chemist"])
def test_a_repetitive_rationale_is_a_malformed_reply_and_gets_a_repair_turn(chat_server, rationale):
    assert repetition(rationale)
    assert repetition("This green tea is $4.99 for 20 bags, well under my $10 budget.") is None
    degenerate = json.dumps({"rationale": rationale, "action": {"type": "back"}})
    decision = _decide(chat_server, [degenerate, GOOD])
    assert decision.action.type == "type"
    assert "repeats itself" in chat_server.requests[1]["messages"][-1]["content"]


def _metered_decide(server: ChatServer, script: list, budget: RunBudget | None = None) -> tuple[Decision | Exception, Meter]:
    server.requests.clear()

    async def go():
        policy = LLMPolicy(OpenAIBackend(base_url=server.url, model="test-model", max_retries=0), "openai")
        try:
            await policy.prepare()
            server.script = list(script)  # after the reply-format probe
            with metering(Meter(budget=budget)) as meter:
                try:
                    return await policy.decide(PolicyInput(persona=Persona(intent="green tea"), history=[], observation=OBS)), meter
                except PolicyError as exc:
                    return exc, meter
        finally:
            await policy.aclose()

    return asyncio.run(go())


def test_a_steps_tokens_are_what_the_server_billed_for_its_requests_repair_turn_included(chat_server):
    decision, meter = _metered_decide(chat_server, [REPETITIVE, GOOD])
    assert isinstance(decision, Decision) and meter.requests == 2
    billed = [usage_of(r, reply) for r, reply in zip(chat_server.requests[-2:], [REPETITIVE, GOOD])]
    assert meter.step.prompt_tokens == sum(b["prompt_tokens"] for b in billed) > 0
    assert meter.step.completion_tokens == sum(b["completion_tokens"] for b in billed) > 0
    assert meter.session == meter.step


def test_a_spent_run_budget_makes_no_further_request(chat_server):
    budget = RunBudget(limit=10_000)
    first, _ = _metered_decide(chat_server, [GOOD], budget)
    assert isinstance(first, Decision) and 0 < budget.spent < 10_000 and budget.held == 0
    budget.limit = budget.spent + 100  # less than a prompt and its reply's limit
    refused, meter = _metered_decide(chat_server, [GOOD], budget)
    assert isinstance(refused, LLMBudgetSpent) and "--max-llm-tokens" in str(refused)
    assert [r["max_tokens"] for r in chat_server.requests] == [8]  # the reply-format probe alone: no decision was asked for
    assert meter.requests == 0 and budget.spent <= budget.limit


def test_the_context_a_vllm_style_server_lists_sets_the_page_budget(chat_server):
    chat_server.max_model_len = 3000

    async def go():
        backend = OpenAIBackend(base_url=chat_server.url, model="test-model", max_retries=0)
        try:
            await backend.prepare()
            return backend.context_window, await backend.count_tokens([{"role": "user", "content": "hi"}])
        finally:
            await backend.aclose()
            chat_server.max_model_len = None

    assert asyncio.run(go()) == (3000, None)  # no tokenizer endpoint: the page is fitted by our own count


def test_max_llm_tokens_ends_a_population_before_it_overspends(chat_server, store, tmp_path):
    chat_server.script = []  # every reply GOOD: each shopper searches, and searches again
    chat_server.requests.clear()
    limit = 6_000
    people = [(f"p{i}", Persona(intent="green tea", budget=10)) for i in range(3)]
    log = tmp_path / "run.jsonl"
    options = RunOptions(max_steps=6, llm_budget=RunBudget(limit=limit))

    async def go():
        policy = LLMPolicy(OpenAIBackend(base_url=chat_server.url, model="test-model", max_retries=0), "openai")
        try:
            await run_population(people, policy, store.url + "/", log, concurrency=2, options=options)
        finally:
            await policy.aclose()

    asyncio.run(go())
    sessions = read_sessions([log])
    assert {s.outcome for s in sessions} == {"max_llm_tokens"}
    assert all("--max-llm-tokens 6000" in s.end.reason for s in sessions)
    billed = sum(usage_of(r, GOOD)["total_tokens"] for r in chat_server.requests if r["max_tokens"] > 8)
    assert billed == options.llm_budget.spent <= limit
    totals = [s.end.llm_usage.total for s in sessions if s.end.llm_usage]
    assert sum(totals) == billed
    for s in sessions:  # the session's total is its steps' tokens
        assert s.end.llm_usage is None or s.end.llm_usage.total == sum(step.llm_usage.total for step in s.steps)
