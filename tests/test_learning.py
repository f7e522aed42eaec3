"""Learning from human sessions: export, synthesized rationales (real local chat server), the
query model on WebShop's real queries, the ranker, and a CPU smoke run of LoRA fine-tuning."""

from __future__ import annotations

import asyncio
import json

import pytest

from shopagent.agent.llm.backends.openai_chat import OpenAIBackend
from shopagent.agent.llm.backends.transformers_chat import TransformersBackend
from shopagent.agent.llm.prompting import build_messages
from shopagent.agent.offline.page import PageView
from shopagent.agent.offline.policy import OfflinePolicy
from shopagent.agent.offline.query_model import QueryModel, load_queries
from shopagent.agent.policy import PolicyInput
from shopagent.browser import Browser
from shopagent.train.export import export_chat, read_examples, split_sessions
from shopagent.train.query import evaluate_queries
from shopagent.train.ranker import Choice, choices_from_sessions, top1_accuracy, train_ranker
from shopagent.train.rationales import fill_rationales
from shopagent.train.sft import SFTConfig, train_sft
from shopagent.types import ActionResult, Click, Persona, Session, SessionRecord, StepRecord
from tests.conftest import FIXTURES, webshop_sessions

WEBSHOP = FIXTURES / "webshop" / "il_trajs_sample.jsonl"


def test_export_uses_the_policy_prompt_and_splits_by_session(tmp_path):
    sessions = webshop_sessions()
    sessions[0].steps[0].rationale, sessions[0].steps[0].rationale_source = "I know what I want.", "human"
    out = tmp_path / "sft.jsonl"
    counts = export_chat(sessions, out, eval_fraction=0.5, seed=3)
    examples = read_examples(out)
    assert counts["train"] + counts["eval"] == len(examples) == 11
    for session in sessions:  # every step of a session lands in the same split
        assert len({e.split for e in examples if e.session_id == session.session_id}) == 1
    assert split_sessions(sessions, 0.5, 3) == split_sessions(sessions, 0.5, 3)
    first = next(e for e in examples if e.session_id == sessions[0].session_id and e.index == 0)
    expected = build_messages(PolicyInput(persona=sessions[0].header.persona, history=[], observation=sessions[0].steps[0].observation))
    assert first.messages[:-1] == expected
    answer = json.loads(first.messages[-1]["content"])
    assert list(answer) == ["rationale", "action"] and answer["rationale"] == "I know what I want."
    assert answer["action"] == {"type": "type", "target": "search", "text": "long clip in hair extension natural", "submit": True}
    second = next(e for e in examples if e.session_id == sessions[0].session_id and e.index == 1)
    assert "I know what I want." in second.messages[1]["content"]  # earlier rationales are in the history


def test_rationales_are_synthesized_only_where_missing(chat_server):
    sessions = webshop_sessions()[:1]
    sessions[0].steps[1].rationale, sessions[0].steps[1].rationale_source = "That one looks natural.", "human"
    chat_server.script = ["I want something that looks like my own hair."] * 3
    chat_server.requests.clear()

    async def go():
        backend = OpenAIBackend(base_url=chat_server.url, model="test-model", timeout=5)
        try:
            return await fill_rationales(sessions, backend, concurrency=2)
        finally:
            await backend.aclose()

    counts = asyncio.run(go())
    assert counts == {"kept": 1, "synthesized": 3, "failed": 0}
    steps = sessions[0].steps
    assert steps[1].rationale == "That one looks natural." and steps[1].rationale_source == "human"
    assert all(s.rationale_source == "synthesized" and s.rationale.startswith("I want") for s in steps if s.index != 1)
    prompts = [r["messages"][0]["content"] for r in chat_server.requests]
    assert any('"type":"purchase"' in p and "buy_now" in p for p in prompts)  # the model is shown the real action
    assert all("clip-in hair extension" in p for p in prompts)  # and the persona


def test_query_model_learns_from_real_queries_and_beats_copying():
    rows = load_queries()
    train = [r for r in rows if r["split"] == "train"]
    model = QueryModel.train(train)
    scores = evaluate_queries([r for r in rows if r["split"] == "eval"], model)
    assert scores["learned"] > scores["copy_instruction"]
    assert model.query("i need a long clip-in hair extension which is natural looking, and price lower than 40.00 dollars").startswith(
        "long clip-in hair extension"
    )


def test_offline_policy_rejects_a_model_folder_with_nothing_in_it(tmp_path):
    from shopagent.errors import BadInput

    with pytest.raises(BadInput, match="no ranker"):
        OfflinePolicy(model_dir=str(tmp_path))


async def test_ranker_learns_which_product_people_open(store, tmp_path):
    """Human stand-ins who always open the third result: the fine-tuned ranker moves toward them."""
    sessions = []
    async with Browser() as browser:
        shopper = await browser.new_shopper([store.url])
        for n, query in enumerate(["tea", "shoes", "phone case", "dog bed", "yoga mat", "speaker"]):
            await shopper.goto(f"{store.url}/search?q={query.replace(' ', '+')}")
            obs = await shopper.observe()
            cards = PageView(obs).cards
            sid = f"h{n}"
            sessions.append(
                Session(
                    header=SessionRecord(session_id=sid, persona=Persona(intent=query), start_url=store.url, source="human"),
                    steps=[
                        StepRecord(
                            session_id=sid, index=0, observation=obs, action=Click(target=cards[2].link.id), result=ActionResult(ok=True)
                        )
                    ],
                )
            )
    choices = choices_from_sessions(sessions)
    assert len(choices) == 6 and all(isinstance(c, Choice) and c.negatives for c in choices)
    before = top1_accuracy(choices)
    summary = train_ranker(choices, tmp_path / "ranker", epochs=4, batch_size=3, learning_rate=1e-4)
    after = top1_accuracy(choices, str(tmp_path / "ranker"))
    assert summary["last_loss"] < summary["first_loss"] and after > before
    policy = OfflinePolicy(model_dir=str(tmp_path / "ranker"))
    assert str(policy.models.embedder.model_dir) == str(tmp_path / "ranker")


def test_sft_smoke_run_resumes_and_the_adapter_serves_as_a_policy(tmp_path):
    sessions = webshop_sessions()
    export_chat(sessions, tmp_path / "sft.jsonl", eval_fraction=0.0)
    examples = read_examples(tmp_path / "sft.jsonl", split="train")[:3]
    out = tmp_path / "adapter"
    config = SFTConfig(max_steps=2, save_every=1, max_length=2048)

    class Stop(Exception):
        pass

    def interrupt(step: int, total: int, loss: float) -> None:
        if step == 2:
            raise Stop  # killed after the first checkpoint

    with pytest.raises(Stop):
        train_sft(examples, out, config, on_step=interrupt)
    assert json.loads((out / "checkpoint" / "trainer_state.json").read_text())["step"] == 1
    summary = train_sft(examples, out, config)
    assert summary["resumed_from"] == 1 and summary["steps"] == 2 and summary["last_loss"] > 0
    assert (out / "adapter_config.json").exists() and json.loads((out / "shopagent_base.json").read_text())["base"] == "smollm2"

    backend = TransformersBackend(model=str(out), max_new_tokens=8)
    reply = asyncio.run(backend.chat(examples[0].messages[:-1]))
    assert isinstance(reply, str) and reply.strip()
