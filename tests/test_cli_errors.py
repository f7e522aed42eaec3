"""What a new user trips on, through the real command line: exit codes, ranges, bad files,
busy ports, unreachable stores, and run folders that are resumed or refused, never duplicated."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from shopagent.cli import app
from shopagent.sessionlog import SessionLog, read_sessions
from shopagent.types import EndRecord, Persona, SessionRecord

SHOPAGENT = [sys.executable, "-m", "shopagent"]
runner = CliRunner()


def shopagent(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*SHOPAGENT, *args], capture_output=True, text=True, timeout=timeout)


def assert_one_line(result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_out_of_range_options_are_one_line_and_exit_2(tmp_path):
    for option, value in [("--concurrency", "0"), ("--max-steps", "-1"), ("--max-tokens", "-5"), ("--temperature", "-1")]:
        result = shopagent("simulate", option, value, "--out", str(tmp_path / "run"))
        assert_one_line(result, 2, option)
    assert not (tmp_path / "run").exists()
    assert_one_line(shopagent("simulate", "--concurency", "2"), 2, "--concurrency")
    assert_one_line(shopagent("store", "serve", "--port", "70000"), 2, "--port")


def test_an_unreachable_store_is_reported_before_anything_is_written(tmp_path):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # bound, never listening: connections are refused
        result = shopagent("simulate", "--store-url", f"http://127.0.0.1:{port}/", "--out", str(tmp_path / "run"))
    assert_one_line(result, 2, "cannot reach the store", str(port))
    assert "Store:" not in result.stdout
    assert not (tmp_path / "run").exists()


def test_a_session_that_ends_in_error_exits_1(store, chat_server, tmp_path):
    chat_server.script = ["this is not an action"] * 12  # every reply and every repair turn unusable
    try:
        result = runner.invoke(
            app,
            [
                "simulate",
                "--policy",
                "openai",
                "--model",
                "m",
                "--base-url",
                chat_server.url,
                "--store-url",
                store.url + "/",
                "--out",
                str(tmp_path / "run"),
            ],
            env={"OPENAI_API_KEY": "test"},
        )
    finally:
        chat_server.script = []
    assert result.exit_code == 1, result.output
    assert "ended in error" in result.output
    (session,) = read_sessions([tmp_path / "run" / "sessions.jsonl"])
    assert session.end.outcome == "error" and "policy failed" in session.end.reason


def test_bad_session_files_name_the_file_the_line_and_what_was_expected(tmp_path):
    binary = tmp_path / "photo.jsonl"
    binary.write_bytes(bytes(range(256)))
    other = tmp_path / "other.jsonl"
    other.write_text('{"user": 1, "clicks": 3}\n')
    plain = tmp_path / "notes.txt"
    plain.write_text("bought a kettle\nthen left\n")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"record": "session", "session_id": "s", "start_url": "http://x/"}\n')
    cases = [
        (binary, [str(binary), "not a text file", "expected a session log"]),
        (other, [f"{other}:1", "not a session log record", '"record"']),
        (plain, [f"{plain}:1", "not JSON", "expected a session log"]),
        (broken, [f"{broken}:1", "session record", "persona"]),
    ]
    for path, words in cases:
        assert_one_line(shopagent("replay", "eval", str(path), "--out", str(tmp_path / "eval")), 2, *words)
        assert_one_line(shopagent("report", str(path)), 2, *words)


def test_a_busy_port_is_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = shopagent("store", "serve", "--port", str(port))
    assert_one_line(result, 2, f"port {port}", "already in use")
    assert "Store at" not in result.stdout


def _people(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "people"
    assert runner.invoke(app, ["personas", "generate", "-n", str(n), "--out", str(folder), "--seed", "5"]).exit_code == 0
    return folder


def _records(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines() if line.endswith("}")]


def _interrupted(log: Path) -> set[str]:
    """Sessions with a header and at least one step but no end yet."""
    records = _records(log) if log.exists() else []
    stepped = {r["session_id"] for r in records if r["record"] == "step"}
    ended = {r["session_id"] for r in records if r["record"] == "end"}
    return stepped - ended


def test_a_killed_population_resumes_without_duplicates_and_a_rerun_is_refused(store, tmp_path):
    people = _people(tmp_path, 6)
    out = tmp_path / "run"
    log = out / "sessions.jsonl"
    args = ["simulate", "--personas", str(people), "--store-url", store.url + "/", "--concurrency", "2", "--out", str(out)]
    errors = tmp_path / "stderr.txt"
    with errors.open("w") as err:
        proc = subprocess.Popen([*SHOPAGENT, *args], stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
    # Wait for the run to be mid-session or to end, however long that takes on this machine: no clock decides.
    while proc.poll() is None and not (_interrupted(log) and len(_records(log)) >= 8):
        time.sleep(0.05)
    finished_first = proc.poll()
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    cut_short = _interrupted(log)
    seen = f"exit {finished_first}, {len(_records(log)) if log.exists() else 'no'} records; stderr: {errors.read_text()[-2000:]}"
    assert cut_short, f"the run should have been killed in the middle of a session ({seen})"

    refused = shopagent(*args)
    assert_one_line(refused, 2, "already holds a run", "--resume")

    resumed = shopagent(*args, "--resume", "--trace")
    assert resumed.returncode == 0, resumed.stderr
    records = _records(log)
    steps = [(r["session_id"], r["attempt"], r["index"]) for r in records if r["record"] == "step"]
    assert len(steps) == len(set(steps))
    headers = {(r["session_id"], r["attempt"]) for r in records if r["record"] == "session"}
    assert {(sid, 2) for sid in cut_short} <= headers
    sessions = read_sessions([log])
    assert len(sessions) == len({s.session_id for s in sessions}) == 6
    for session in sessions:
        assert [s.index for s in session.steps] == list(range(len(session.steps))) and session.end.steps == len(session.steps)
        assert {s.attempt for s in session.steps} <= {session.header.attempt}
    assert json.loads((out / "report.json").read_text())["sessions"] == 6
    assert {p.stem for p in (out / "traces").glob("*.zip")} >= cut_short  # --trace works for populations


def test_two_runs_compared_and_saved(store, tmp_path):
    people = _people(tmp_path, 2)
    for name in ("a", "b"):
        result = runner.invoke(
            app,
            [
                "simulate",
                "--personas",
                str(people),
                "--store-url",
                store.url + "/",
                "--max-steps",
                "6",
                "--slow-mo",
                "1",
                "--out",
                str(tmp_path / name),
            ],
        )
        assert result.exit_code in (0, 1), result.output
    result = runner.invoke(app, ["report", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(tmp_path / "ab")])
    assert result.exit_code == 0, result.output
    saved = json.loads((tmp_path / "ab" / "comparison.json").read_text())
    assert set(saved) == {"a", "b"} and saved["a"]["sessions"] == 2
    assert "| conversion rate |" in (tmp_path / "ab" / "comparison.md").read_text()


def _tree(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def test_an_out_that_is_a_file_or_cannot_be_made_is_one_line_and_nothing_is_written(tmp_path):
    a_file = tmp_path / "taken"
    a_file.write_text("not a folder")
    study = Path(__file__).resolve().parents[1] / "examples" / "studies" / "free-shipping.yaml"
    log = tmp_path / "log" / "sessions.jsonl"
    with SessionLog(log) as written:
        written.write(SessionRecord(session_id="s", persona=Persona(intent="tea"), start_url="http://127.0.0.1:9/"))
        written.write(EndRecord(session_id="s", outcome="terminate", steps=0, reason="nothing here"))
    commands = [["simulate"], ["personas", "generate", "-n", "2"], ["study", str(study)], ["report", str(log)]]
    before = _tree(tmp_path)
    for command in commands:
        assert_one_line(shopagent(*command, "--out", str(a_file)), 2, f"--out {a_file}", "is a file")
        inside = a_file / "run"
        assert_one_line(shopagent(*command, "--out", str(inside)), 2, f"--out {inside}", "no folder can be made")
        if Path("/proc").is_dir():  # a virtual file system where mkdir fails even for root
            assert_one_line(shopagent(*command, "--out", "/proc/shopagent-run"), 2, "--out /proc/shopagent-run", "cannot create")
    assert _tree(tmp_path) == before


def test_openai_without_a_key_names_the_variable_before_starting(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    result = subprocess.run(
        [*SHOPAGENT, "simulate", "--policy", "openai", "--out", str(tmp_path / "run")], capture_output=True, text=True, env=env, timeout=120
    )
    assert_one_line(result, 2, "https://api.openai.com/v1", "OPENAI_API_KEY")
    assert "Store:" not in result.stdout and not (tmp_path / "run").exists()


def test_persona_files_that_are_empty_or_far_too_long_are_one_line(tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_text("")
    huge = tmp_path / "huge.json"
    huge.write_text(json.dumps({"intent": "a red kettle " * 8000}))
    assert_one_line(shopagent("simulate", "--persona", str(empty), "--out", str(tmp_path / "a")), 2, str(empty), "is empty")
    result = shopagent("simulate", "--persona", str(huge), "--out", str(tmp_path / "b"))
    assert_one_line(result, 2, str(huge), "'intent' is 104000 characters long", "at most 1000")
    assert len(result.stderr) < 300 and not result.stdout  # the intent is not echoed
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_a_store_url_that_is_not_http_is_one_line(tmp_path):
    for url in ("ftp://127.0.0.1/", "file:///etc/passwd"):
        assert_one_line(shopagent("simulate", "--store-url", url, "--out", str(tmp_path / "run")), 2, repr(url), "http(s)")
    assert not (tmp_path / "run").exists()


def test_a_study_with_an_unknown_policy_stops_before_it_starts(tmp_path):
    spec = tmp_path / "study.yaml"
    spec.write_text("name: s\npersonas:\n  generate: 2\narms:\n  - name: a\n  - name: b\npolicy: nope\n")
    result = shopagent("study", str(spec), "--out", str(tmp_path / "run"))
    assert_one_line(result, 2, f"{spec}: field 'policy': unknown policy 'nope'")
    assert "Value error" not in result.stderr and not (tmp_path / "run").exists()


def test_a_log_whose_last_line_was_cut_is_read_with_a_warning_and_the_session_counts_as_unfinished(store, tmp_path):
    run = tmp_path / "run"
    assert shopagent("simulate", "--store-url", store.url + "/", "--max-steps", "4", "--out", str(run)).returncode == 0
    log = run / "sessions.jsonl"
    lines = log.read_text().splitlines(keepends=True)
    session_id = json.loads(lines[0])["session_id"]
    log.write_text("".join(lines[:-1]) + lines[-1][:80])  # the end record, cut mid-write
    result = shopagent("report", str(run))
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("warning:") == 1 and "Traceback" not in result.stderr
    assert f"{log}:{len(lines)}" in result.stderr and f"session {session_id} is incomplete" in result.stderr
    assert "0 (+1 unfinished)" in result.stdout

    with SessionLog(log) as appended:  # a resumed run writes on from the last whole line
        appended.write(read_sessions([log])[0].header)
    assert len(read_sessions([log])) == 1 and log.read_text().endswith("}\n")
