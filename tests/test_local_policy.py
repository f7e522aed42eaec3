"""`--policy local`: llama.cpp's server (xllamacpp) with the bundled SmolLM2-135M, for real, on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
from urllib.parse import urlsplit

from shopagent.agent.llm.backends.bundled import LOCAL_CONTEXT
from shopagent.agent.llm.backends.llama_server import LocalBackend
from shopagent.agent.llm.policy import LLMPolicy
from shopagent.agent.loop import RunOptions
from shopagent.sessionlog import read_sessions
from shopagent.study.population import run_population
from shopagent.types import Persona


async def test_one_server_serves_a_population_and_every_step_is_an_executable_action(store, tmp_path):
    backend = LocalBackend(concurrency=2, max_tokens=120)
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
        assert session.header.policy["backend"] == "local" and session.header.policy["response_format"] == "json_schema"
        assert session.end.outcome != "error", session.end.reason
        assert len(session.steps) == 3 and all(s.action is not None and s.result.ok for s in session.steps)
    assert backend.prompt_tokens and max(backend.prompt_tokens) <= LOCAL_CONTEXT  # the page budget held, by the model's own count
    with socket.socket() as probe:  # the server stopped with the policy
        assert probe.connect_ex((address.hostname, address.port)) != 0


def test_a_model_that_is_not_a_gguf_is_one_line(tmp_path):
    bad = tmp_path / "model.bin"
    bad.write_text("not a model")
    result = subprocess.run(
        [sys.executable, "-m", "shopagent", "simulate", "--policy", "local", "--model", str(bad)], capture_output=True, text=True
    )
    assert result.returncode == 2 and "not a .gguf model file" in result.stderr and "Traceback" not in result.stderr
