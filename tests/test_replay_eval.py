"""`replay eval` end to end: teacher forcing, files written, resume after a killed run, compare."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from shopagent.agent.offline.policy import OfflinePolicy
from shopagent.replay.evaluate import read_predictions, run_eval
from shopagent.sessionlog import read_sessions, write_sessions
from tests.conftest import webshop_sessions

SHOPAGENT = [sys.executable, "-m", "shopagent"]


def many_sessions(tmp_path: Path, copies: int) -> Path:
    """The WebShop fixture sessions, copied under new ids, as one human session log."""
    base = webshop_sessions()
    sessions = []
    for n in range(copies):
        for s in base:
            sid = f"{s.session_id}-{n}"
            sessions.append(
                s.model_copy(
                    update={
                        "header": s.header.model_copy(update={"session_id": sid}),
                        "steps": [st.model_copy(update={"session_id": sid}) for st in s.steps],
                        "end": s.end.model_copy(update={"session_id": sid}),
                    }
                )
            )
    path = tmp_path / "human.jsonl"
    write_sessions(sessions, path)
    return path


async def test_teacher_forcing_gives_the_policy_the_human_history(tmp_path):
    seen: list[tuple[int, list[str]]] = []

    class Spy(OfflinePolicy):
        async def decide(self, inp):  # type: ignore[no-untyped-def]
            seen.append((len(inp.history), [s.action.type for s in inp.history]))
            return await super().decide(inp)

    sessions = read_sessions([many_sessions(tmp_path, 1)])
    predictions = await run_eval(sessions, Spy(), tmp_path / "out")
    assert len(predictions) == sum(len(s.steps) for s in sessions) == 11
    first = sessions[0]
    assert seen[:4] == [(i, [s.action.type for s in first.steps[:i]]) for i in range(4)]
    assert {(p.session_id, p.index) for p in read_predictions(tmp_path / "out" / "predictions.jsonl")} == {
        (s.session_id, st.index) for s in sessions for st in s.steps
    }


STALLING = """
import asyncio, os
from shopagent.agent.offline.policy import OfflinePolicy

decided = 0


class Stalling(OfflinePolicy):
    name = "stalling-offline"

    async def decide(self, inp):
        global decided
        decided += 1
        if decided > int(os.environ.get("STALL_AFTER") or 10**9):
            await asyncio.Event().wait()  # stands still, as a hung run does, until it is killed
        return await super().decide(inp)
"""


def test_cli_resumes_after_a_killed_run_and_compares(tmp_path):
    human = many_sessions(tmp_path, 40)
    total = 40 * 11
    out = tmp_path / "run"
    predictions = out / "predictions.jsonl"
    policy = tmp_path / "stalling.py"
    policy.write_text(STALLING)
    command = [*SHOPAGENT, "replay", "eval", str(human), "--policy", f"{policy}:Stalling", "--out", str(out)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    errors = tmp_path / "stderr.txt"
    with errors.open("w") as err:  # a file, not a pipe nobody drains, which could fill and stall the run
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, env={**env, "STALL_AFTER": "20"}, start_new_session=True)
    # The policy stands still at its 21st step and never writes a 21st prediction: killed there on any machine.
    while proc.poll() is None and (not predictions.exists() or len(predictions.read_text().splitlines()) < 20):
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = predictions.read_text()
    kept = [line for line in before.splitlines() if line.endswith("}")]
    assert len(kept) == 20, f"the run should have been killed at its 21st step; stderr: {errors.read_text()[-2000:]}"
    with predictions.open("a") as f:
        f.write('{"session_id": "webshop-00001-0", "ind')  # a line torn by the kill

    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"({len(kept)} already predicted" in done.stdout
    lines = predictions.read_text().splitlines()
    keys = [(json.loads(line)["session_id"], json.loads(line)["index"]) for line in lines]
    assert len(keys) == len(set(keys)) == total
    assert lines[: len(kept)] == kept  # earlier predictions were not asked again
    report = json.loads((out / "report.json").read_text())
    assert report["metrics"]["steps"] == total and report["policy"]["name"] == "stalling-offline"
    for name in ("report.md", "confusion.png", "accuracy_by_step.png"):
        assert (out / name).stat().st_size > 0

    compare = subprocess.run([*SHOPAGENT, "replay", "compare", str(out), str(out)], capture_output=True, text=True, env=env)
    assert compare.returncode == 0 and "Exact-match accuracy" in compare.stdout
    missing = subprocess.run([*SHOPAGENT, "replay", "compare", str(tmp_path)], capture_output=True, text=True, env=env)
    assert missing.returncode == 2 and "no report.json" in missing.stderr and "Traceback" not in missing.stderr


def test_replaying_a_live_offline_session_with_the_same_policy_predicts_every_step(store, tmp_path):
    import shopagent

    live = shopagent.simulate(
        shopagent.Persona(name="Maya", intent="long clip in hair extension", traits=shopagent.Traits(patience=0.9)),
        store_url=store.url + "/",
        seed=3,
        out=tmp_path / "live",
    )
    metrics = shopagent.evaluate([live], policy=shopagent.PolicySpec(seed=3), out=tmp_path / "replay")
    assert metrics.steps == len(live.steps) > 3 and metrics.exact_match == 1.0  # the same session id, the same draws
