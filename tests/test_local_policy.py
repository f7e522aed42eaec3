"""`--policy local`: llama.cpp's server (xllamacpp) with the bundled SmolLM2-135M, for real, on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from urllib.parse import urlsplit

from shopagent.agent.llm.backends.bundled import LOCAL_CONTEXT
from shopagent.agent.llm.backends.llama_server import LOCAL_TIMEOUT, LlamaServer, LocalBackend
from shopagent.agent.llm.backends.openai_chat import OpenAIBackend
from shopagent.agent.llm.policy import LLMPolicy
from shopagent.agent.loop import RunOptions
from shopagent.population.local import run_population
from shopagent.sessionlog import read_sessions
from shopagent.types import Persona


async def test_one_server_serves_a_population_and_every_step_is_an_executable_action(store, tmp_path):
    backend = LocalBackend(concurrency=2, max_tokens=120)  # below the schema's longest reply: each request asks for that instead
    policy = LLMPolicy(backend, "local")
    people = [("tea", Persona(intent="i need green tea bags", budget=20)), ("socks", Persona(intent="wool socks for hiking", budget=30))]
    log = tmp_path / "run.jsonl"
    try:
        await run_population(people, policy, store.url + "/", log, concurrency=2, options=RunOptions(max_steps=3))
        address = urlsplit(backend.base_url)
    finally:
        await policy.aclose()
    sessions = read_sessions([log])
    assert len(sessions) == 2
    for session in sessions:
        assert session.header.policy["backend"] == "local" and session.header.policy["response_format"] == "llguidance"
        assert session.end.outcome != "error", session.end.reason
        assert len(session.steps) == 3 and all(s.action is not None and s.result.ok for s in session.steps)
    assert backend.prompt_tokens and max(backend.prompt_tokens) <= LOCAL_CONTEXT  # the page budget held, by the model's own count
    for session in sessions:  # what each step cost, as the server counted it; the session's total is theirs
        assert all(s.llm_usage and s.llm_usage.prompt_tokens > 0 and s.llm_usage.completion_tokens > 0 for s in session.steps)
        assert session.end.llm_usage.total == sum(s.llm_usage.total for s in session.steps)
    with socket.socket() as probe:  # the server stopped with the policy
        assert probe.connect_ex((address.hostname, address.port)) != 0


SLOT = 1536  # tokens of one slot: the server's context is twice this, split across two slots


class Watched(OpenAIBackend):
    """The OpenAI backend, checking every request against the slot: its prompt by the server's own count, and its reply's limit."""

    overflows: list[int]

    async def chat(self, messages, schema=None, max_tokens=None):
        counted = await self.count_tokens(messages)
        if schema is not None and counted is not None:
            self.overflows.append(counted + (max_tokens or self.max_tokens) - SLOT)
        return await super().chat(messages, schema, max_tokens)


async def test_each_prompt_and_its_reply_fit_the_slot_of_a_llama_server_whose_context_is_split_across_slots(store, tmp_path):
    server = LlamaServer(slots=2, slot_context=SLOT)
    backend = Watched(base_url=await asyncio.to_thread(server.start), model="smollm2", concurrency=2, max_retries=0, timeout=LOCAL_TIMEOUT)
    backend.overflows = []
    policy = LLMPolicy(backend, "openai")
    policy.token_ratio = 0.6  # a first guess far too low: only the server's own count keeps the prompt inside the slot
    people = [("tea", Persona(intent="i need green tea bags", budget=20)), ("socks", Persona(intent="wool socks for hiking", budget=30))]
    log = tmp_path / "run.jsonl"
    try:
        await run_population(people, policy, store.url + "/", log, concurrency=2, options=RunOptions(max_steps=3))
        assert backend.context_window == SLOT and backend.describe()["response_format"] == "llguidance"
    finally:
        await policy.aclose()
        server.close()
    steps = [s for session in read_sessions([log]) for s in session.steps]
    assert len(steps) == 6 and all(s.action is not None for s in steps), [s.result.error for s in steps]
    assert len(backend.overflows) >= 6 and max(backend.overflows) <= 0, backend.overflows
    assert any(s.observation.truncated for s in steps)  # pages were cut to fit


def test_a_model_that_is_not_a_gguf_is_one_line(tmp_path):
    bad = tmp_path / "model.bin"
    bad.write_text("not a model")
    result = subprocess.run(
        [sys.executable, "-m", "shopagent", "simulate", "--policy", "local", "--model", str(bad)], capture_output=True, text=True
    )
    assert result.returncode == 2 and "not a .gguf model file" in result.stderr and "Traceback" not in result.stderr
