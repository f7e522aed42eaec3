"""Policies from outside the package, the public API a script uses, and one PolicySpec for all."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from shopagent.sessionlog import read_sessions
from shopagent.study.spec import load_study

ROOT = Path(__file__).resolve().parents[1]
GLANCER = f"{ROOT / 'examples' / 'policies' / 'glancer.py'}:Glancer"
HUMANS = ROOT / "examples" / "replay" / "webshop_two_sessions.jsonl"
SHOPAGENT = [sys.executable, "-m", "shopagent"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*SHOPAGENT, *args], capture_output=True, text=True, timeout=300, env=env)


def test_the_api_example_runs_an_outside_policy_and_scores_one(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "examples" / "api_example.py")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "1. type header.search text='green tea bags'" in result.stdout and "outcome: terminate" in result.stdout
    assert "exact match on 11 human steps" in result.stdout


def test_simulate_takes_a_policy_from_a_file_and_logs_what_it_was(store, tmp_path):
    result = run("simulate", "--policy", GLANCER, "--store-url", store.url + "/", "--out", str(tmp_path / "run"))
    assert result.returncode == 0, result.stderr
    (session,) = read_sessions([tmp_path / "run" / "sessions.jsonl"])
    assert session.header.policy == {"name": "glancer", "class": GLANCER}
    assert [s.action.type for s in session.steps if s.action] == ["type", "click", "terminate"]


def test_an_installed_package_registers_a_policy_by_entry_point(tmp_path):
    site = tmp_path / "site"
    (site / "glancing-0.1.dist-info").mkdir(parents=True)
    (site / "glancing.py").write_text((ROOT / "examples" / "policies" / "glancer.py").read_text())
    (site / "glancing-0.1.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: glancing\nVersion: 0.1\n")
    (site / "glancing-0.1.dist-info" / "entry_points.txt").write_text("[shopagent.policies]\nglance = glancing:Glancer\n")
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = run("replay", "eval", str(HUMANS), "--policy", "glance", "--out", str(tmp_path / "eval"), env=env)
    assert result.returncode == 0, result.stderr
    assert "Exact-match accuracy" in result.stdout


def test_a_policy_that_cannot_be_found_or_cannot_decide_is_one_line(tmp_path):
    no_decide = tmp_path / "lazy.py"
    no_decide.write_text("class Lazy:\n    def decide(self, inp):\n        return None\n")
    cases = [
        ("nosuchmodule:Policy", "no module named 'nosuchmodule'"),
        (f"{tmp_path / 'none.py'}:Policy", "none.py not found"),
        (f"{GLANCER.rpartition(':')[0]}:Nope", "has no class 'Nope'"),
        (f"{no_decide}:Lazy", "has no `async def decide(self, inp)`"),
        ("nope", "unknown policy 'nope'"),
    ]
    for name, words in cases:
        result = run("replay", "eval", str(HUMANS), "--policy", name, "--out", str(tmp_path / "eval"))
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr, result.stderr


def test_a_study_makes_its_policy_from_one_spec_with_its_concurrency(tmp_path):
    study = tmp_path / "study.yaml"
    study.write_text(
        f"name: s\npersonas: {{generate: 2}}\narms: [{{name: a}}, {{name: b}}]\npolicy: '{GLANCER}'\nconcurrency: 3\n"
        "policy_options: {seed: 9}\n"
    )
    spec = load_study(study).policy_spec
    assert (spec.name, spec.concurrency, spec.options) == (GLANCER, 3, {"seed": 9})
    assert spec.make().inner.seed == 9  # the constructor got the option it names
    local = spec.model_copy(update={"name": "local", "options": {}}).make()
    assert local.backend.server.slots == 3  # a study's local server gets the slots the study asks for
