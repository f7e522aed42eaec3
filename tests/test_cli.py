"""The command line as a user meets it: help, schemas, observe, simulate, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from typer.testing import CliRunner

from shopagent.cli import app

runner = CliRunner()


def test_every_command_and_group_has_help_with_an_example():
    groups = [["store"], ["personas"], ["replay"], ["data"], ["train"]]
    commands = [["store", "serve"], ["observe"], ["simulate"], ["report"], ["schema"], ["personas", "generate"], ["record"], ["study"]]
    for command in [*groups, *commands]:
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0 and "Example: shopagent" in result.output, command
    top = runner.invoke(app, ["--help"])
    assert "Examples:" in top.output and "Exit codes:" in top.output
    assert "<bool>" not in runner.invoke(app, ["simulate", "--help"]).output


def test_schema_prints_json_schema():
    result = runner.invoke(app, ["schema", "persona"])
    schema = json.loads(result.output)
    assert "intent" in schema["required"] and schema["additionalProperties"] is False
    assert runner.invoke(app, ["schema", "nope"]).exit_code == 2
    for name in ("interview", "store-variant", "study", "study-comparison"):
        assert json.loads(runner.invoke(app, ["schema", name]).output)["properties"], name
    assert "expect" in schema["properties"] and "expect" not in schema["required"]
    label = json.loads(runner.invoke(app, ["schema", "intent-label"]).output)
    assert {"id", "intent", "kind", "options", "price_max", "satisfiable"} <= set(label["properties"])
    assert label["additionalProperties"] is False


def test_bad_persona_is_one_line_no_traceback(tmp_path):
    bad = tmp_path / "p.json"
    bad.write_text('{"intent": "tea", "colour": "red"}')
    result = subprocess.run([sys.executable, "-m", "shopagent", "simulate", "--persona", str(bad)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "unknown key 'colour'" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_observe_prints_ids(store):
    result = runner.invoke(app, ["observe", store.url + "/search?q=tea", "--json"])
    assert result.exit_code == 0, result.output
    obs = json.loads(result.output)
    assert any(e["id"] == "header.search" for e in obs["elements"])


def test_simulate_population_and_personas_generate(store, tmp_path):
    folder = tmp_path / "people"
    assert runner.invoke(app, ["personas", "generate", "-n", "2", "--out", str(folder), "--seed", "3"]).exit_code == 0
    assert len(list(folder.glob("*.json"))) == 2
    out = tmp_path / "run"
    result = runner.invoke(
        app,
        [
            "simulate",
            "--personas",
            str(folder),
            "--store-url",
            store.url + "/",
            "--concurrency",
            "2",
            "--max-steps",
            "12",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "conversion rate" in result.output
    lines = [json.loads(line) for line in (out / "sessions.jsonl").read_text().splitlines()]
    assert sum(1 for r in lines if r["record"] == "end") == 2
    # The run leaves a report beside its log, and `shopagent report` reads the log again.
    written = json.loads((out / "report.json").read_text())
    assert written["sessions"] == 2 and written["funnel"][0]["page"] == "home"
    again = runner.invoke(app, ["report", str(out)])
    assert again.exit_code == 0 and "funnel (reached)" in again.output
    side_by_side = runner.invoke(app, ["report", str(out), str(out / "sessions.jsonl")])
    assert side_by_side.exit_code == 0 and "reached home" in side_by_side.output
    missing = subprocess.run([sys.executable, "-m", "shopagent", "report", str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert missing.returncode != 0 and "no session log here" in missing.stderr and "Traceback" not in missing.stderr


def test_observe_prints_whole_html_lines_and_whole_ids_on_a_narrow_terminal(store):
    url = store.url + "/search?q=tea"
    env = {**os.environ, "COLUMNS": "80"}
    printed = subprocess.run([sys.executable, "-m", "shopagent", "observe", url], capture_output=True, text=True, env=env, timeout=120)
    assert printed.returncode == 0, printed.stderr
    obs = json.loads(runner.invoke(app, ["observe", url, "--json"]).output)
    lines = printed.stdout.splitlines()
    assert all(line in lines for line in obs["html"].splitlines() if line.strip())  # no tag broken across lines
    table_text = "\n".join(lines[len(obs["html"].splitlines()) :])
    assert all(e["id"] in table_text for e in obs["elements"])  # no id cut short


def test_the_same_seed_repeats_one_shoppers_session_step_for_step(store, tmp_path):
    from shopagent.sessionlog import read_sessions

    runs = []
    for n in range(2):
        out = tmp_path / f"run{n}"
        result = runner.invoke(app, ["simulate", "--store-url", store.url + "/", "--seed", "3", "--out", str(out)])
        assert result.exit_code == 0, result.output
        (session,) = read_sessions([out / "sessions.jsonl"])
        runs.append((session.session_id, [(s.action.describe() if s.action else None, s.rationale) for s in session.steps]))
    assert runs[0] == runs[1] and runs[0][0] == "maya-seed3"
