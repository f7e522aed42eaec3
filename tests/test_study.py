"""`shopagent study` end to end on real servers: two arms of the bundled store, the same personas,
interviews, the comparison, a report that a real Chromium renders offline, and a resumed study
that reads as if it had never stopped."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import yaml
from playwright.async_api import async_playwright

from shopagent.browser.chromium import find_chromium
from shopagent.mock_store.server import free_port
from shopagent.sessionlog import read_sessions
from shopagent.study.analysis.compare import StudyComparison
from shopagent.study.analysis.measures import MEASURES
from tests.test_cli_errors import SHOPAGENT, assert_one_line, shopagent

INTENT = "i need a long clip-in hair extension which is natural looking"
EXPECT = {"kind": "hair extension", "essential": ["clip-in"], "describing": ["long", "natural looking"]}


def write_study(folder: Path, **extra) -> Path:
    """Four shoppers who all buy on the store as it ships; the two impatient ones will not create an account."""
    people = folder / "people"
    people.mkdir(parents=True)
    for i, (name, patience) in enumerate([("Ann Lee", 0.1), ("Bo Chen", 0.9), ("Cy Diaz", 0.2), ("Di Park", 0.8)]):
        persona = {"name": name, "intent": INTENT, "budget": 80, "age": 25 + 15 * i, "traits": {"patience": patience}}
        if i < 2:  # hand labels for two of the four: only their purchases are judged for fit
            persona["expect"] = EXPECT
        (people / f"p{i}.json").write_text(json.dumps(persona))
    study = {
        "name": "account-wall",
        "personas": "people",
        "arms": [{"name": "control"}, {"name": "forced-account", "variant": {"checkout": {"require_account": True}}}],
        **extra,
    }
    path = folder / "study.yaml"
    path.write_text(yaml.safe_dump(study))
    return path


def sessions_of(out: Path, arm: str) -> dict[str, tuple]:
    return {
        s.session_id: (s.outcome, [st.action.describe() if st.action else None for st in s.steps], s.interview is not None)
        for s in read_sessions([out / "arms" / arm / "sessions.jsonl"])
    }


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("study")
    study = write_study(folder)
    out = folder / "out"
    result = shopagent("study", str(study), "--out", str(out), timeout=600)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("account-wall: 2 arms × 4 sessions = 8 sessions")  # said before it starts
    return study, out


def test_the_study_folder_holds_each_arm_and_the_comparison(finished):
    _, out = finished
    assert json.loads((out / "study.json").read_text())["personas"] == ["p0", "p1", "p2", "p3"]
    for arm in ("control", "forced-account"):
        assert (out / "arms" / arm / "sessions.jsonl").exists() and (out / "arms" / arm / "report.json").exists()
    c = StudyComparison.model_validate_json((out / "comparison.json").read_text())
    assert [a.arm for a in c.arms] == ["control", "forced-account"] and c.baseline == "control"
    assert c.arms[0].figures["converted"] == 1.0 and c.arms[1].figures["converted"] == 0.5
    (test,) = c.mcnemar
    assert (test.baseline_only, test.arm_only, test.both) == (2, 0, 2)
    assert sorted(d.session_id for d in c.diverging) == ["p0", "p2"]
    for d in c.diverging:
        parted = d.paths["forced-account"][d.parted_at]
        assert parted.action == "terminate" and "create an account" in parted.rationale
    assert c.arms[1].leave_reasons == {"This store makes me create an account just to buy, so I'm leaving.": 2}
    assert c.arms[0].applies_to["intent_fit"] == 2 and c.arms[0].applies_to["intent_fit_self"] == 4
    assert c.arms[0].figures["intent_fit"] == 1.0 and c.arms[1].applies_to["intent_fit"] == 1  # p0 left the account wall
    assert "hand-written labels" in (out / "report.md").read_text()


def test_every_session_is_interviewed_in_character(finished):
    _, out = finished
    for arm in ("control", "forced-account"):
        for session in read_sessions([out / "arms" / arm / "sessions.jsonl"]):
            interview = session.interview
            assert interview is not None and interview.answered_by == "offline"
            assert [a.question for a in interview.answers] == ["goal", "outcome", "ease", "improve"]
            assert 1 <= interview.answer("ease").rating <= 5
    left = read_sessions([out / "arms" / "forced-account" / "sessions.jsonl"])[0]
    assert left.outcome == "terminate"
    assert left.interview.answer("improve").answer.startswith("Let me check out as a guest")
    assert left.interview.answer("ease").rating <= 2  # left, at an account the store forced on it
    assert "put it in my cart" in left.interview.answer("goal").answer


async def test_the_html_report_renders_in_chromium_with_no_network(finished):
    _, out = finished
    requested: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=find_chromium(True))
        page = await browser.new_page()
        page.on("request", lambda r: requested.append(r.url))
        await page.goto((out / "report.html").resolve().as_uri())
        assert await page.locator("#figures tr").count() == 1 + len(MEASURES)
        assert "self-consistency" in await page.locator("#intent-fit-note").inner_text()
        assert await page.locator("svg").count() >= 2
        headline = await page.locator(".headline").first.inner_text()
        assert "forced-account" in headline and "McNemar" in headline and "2 only in control" in headline
        assert await page.locator("details").count() == 2
        assert await page.locator("#segments tr").count() > 5
        await browser.close()
    assert all(url.startswith("file:") for url in requested), requested  # self-contained: nothing fetched


def test_a_resumed_study_reads_as_if_it_never_stopped(finished, tmp_path):
    study, out = finished
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    for name in ("comparison.json", "report.html", "report.md"):
        (copy / name).unlink()
    log = copy / "arms" / "forced-account" / "sessions.jsonl"
    lines = log.read_text().splitlines(keepends=True)
    log.write_text("".join(lines[: len(lines) // 2]))  # killed half way through the second arm
    again = shopagent("study", str(study), "--out", str(copy), "--resume", timeout=600)
    assert again.returncode == 0, again.stderr
    for arm in ("control", "forced-account"):
        assert sessions_of(copy, arm) == sessions_of(out, arm)
    before = StudyComparison.model_validate_json((out / "comparison.json").read_text())
    after = StudyComparison.model_validate_json((copy / "comparison.json").read_text())
    assert after.mcnemar == before.mcnemar and [d.session_id for d in after.diverging] == [d.session_id for d in before.diverging]


def test_study_mistakes_are_one_line(finished, tmp_path):
    study, out = finished
    assert_one_line(shopagent("study", str(study), "--out", str(out)), 2, str(out), "already holds a study", "--resume")
    cases = {
        "unknown key": ({"arms": [{"name": "a"}, {"name": "b", "varient": "x.yaml"}]}, "unknown key 'arms.1.varient'"),
        "one arm": ({"arms": [{"name": "a"}]}, "arms"),
        "same names": ({"arms": [{"name": "a"}, {"name": "a"}]}, "a appears twice"),
        "copies": ({"replicates": 3}, "copies of each other"),
        "missing variant": ({"arms": [{"name": "a"}, {"name": "b", "variant": "nope.yaml"}]}, "no such variant file"),
        "bad inline variant": ({"arms": [{"name": "a"}, {"name": "b", "variant": {"shiping": {}}}]}, "unknown key 'shiping'"),
    }
    for n, (change, words) in enumerate(cases.values()):
        folder = tmp_path / f"case{n}"
        path = write_study(folder)
        data = {**yaml.safe_load(path.read_text()), **change}
        path.write_text(yaml.safe_dump(data))
        assert_one_line(shopagent("study", str(path), "--out", str(folder / "out")), 2, words)
    assert_one_line(shopagent("study", str(tmp_path / "none.yaml")), 2, "no such study file")


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[str]:
    """A real Ray cluster on 127.0.0.1: a head and one worker node, started with `ray start`."""
    ray = str(Path(sys.executable).parent / "ray")
    temp = tempfile.mkdtemp(prefix="ray", dir="/tmp")  # Ray's socket paths must stay short
    address = f"127.0.0.1:{free_port()}"
    common = ["--node-ip-address", "127.0.0.1", "--disable-usage-stats"]
    head = [ray, "start", "--head", "--port", address.split(":")[1], "--num-cpus", "1", "--include-dashboard", "false", "--temp-dir", temp]
    subprocess.run([*head, *common], check=True, capture_output=True, timeout=120)
    try:
        subprocess.run([ray, "start", "--address", address, "--num-cpus", "2", *common], check=True, capture_output=True, timeout=120)
        yield address
    finally:
        subprocess.run([ray, "stop", "--force"], capture_output=True, timeout=120)
        shutil.rmtree(temp, ignore_errors=True)


def _sessions_with_steps(log: Path) -> set[str]:
    if not log.exists():
        return set()
    lines = log.read_text().split("\n")[:-1]  # complete lines only: the last may be mid-write
    return {json.loads(line)["session_id"] for line in lines if '"record":"step"' in line}


def _shopper_workers() -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["cmdline"]):
        cmdline = process.info["cmdline"] or []
        if cmdline and cmdline[0].startswith("ray::Shopper"):
            found.append(process)
    return found


def test_a_study_on_ray_matches_local_and_a_killed_worker_loses_only_its_session(finished, ray_cluster, tmp_path):
    study, local = finished
    out = tmp_path / "on-ray"
    errors = tmp_path / "stderr.txt"
    with errors.open("w") as sink:  # a file, not a pipe: nothing blocks while the test watches the log
        run = subprocess.Popen([*SHOPAGENT, "study", str(study), "--out", str(out), "--ray", ray_cluster], stderr=sink, text=True)
    log = out / "arms" / "control" / "sessions.jsonl"
    # Wait for steps from every worker, however slow the machine; the run ending first fails below, with its stderr.
    while len(_sessions_with_steps(log)) < 3 and run.poll() is None:
        time.sleep(0.2)
    workers = _shopper_workers()
    assert len(workers) == 3, errors.read_text()  # one per CPU of the cluster, each with its own Chromium
    workers[0].kill()  # mid-session: the workers are in their first sessions (4 sessions, each of many steps)
    run.wait()  # no clock: CI's own limit catches a hang
    stderr = errors.read_text()
    assert run.returncode == 2 and "did not finish" in stderr and "--resume" in stderr, stderr
    lost = [s for s in read_sessions([log]) if s.end is None]
    assert len(lost) == 1  # only the killed worker's session
    again = shopagent("study", str(study), "--out", str(out), "--ray", ray_cluster, "--resume", timeout=600)
    assert again.returncode == 0, again.stderr
    for arm in ("control", "forced-account"):
        assert sessions_of(out, arm) == sessions_of(local, arm)


def test_report_pairs_runs_of_the_same_personas(finished, tmp_path):
    _, out = finished
    arms = [str(out / "arms" / arm) for arm in ("control", "forced-account")]
    result = shopagent("report", *arms, "--out", str(tmp_path / "rep"))
    assert result.returncode == 0, result.stderr
    paired = StudyComparison.model_validate_json((tmp_path / "rep" / "paired.json").read_text())
    study = StudyComparison.model_validate_json((out / "comparison.json").read_text())
    assert paired.mcnemar == study.mcnemar and (tmp_path / "rep" / "report.html").exists()
    assert (tmp_path / "rep" / "comparison.json").exists()  # the side-by-side populations, as before


def test_before_an_llm_study_starts_it_says_how_many_model_requests_it_may_make(tmp_path):
    from shopagent.cli.study import plan_line
    from shopagent.study.spec import load_study

    spec = load_study(write_study(tmp_path, policy="local", max_steps=5, interview=False))
    said = "account-wall: 2 arms × 4 sessions = 8 sessions; local policy: up to 40 model requests (5 steps a session at most)"
    assert plan_line(spec, 4) == said
