"""One run's report.html, opened in a real Chromium: a real population of the offline shopper on
the bundled store writes it, the figures are there, the path viewer filters by outcome and by
persona, and text from the log stays text. Also: time on task and LLM tokens once the log has
them, screenshots linked rather than embedded past a size, the CI chart's ticks in points, and
`report --reference` with a bad file."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from playwright.async_api import Page, async_playwright
from typer.testing import CliRunner

from shopagent.browser.chromium import find_chromium
from shopagent.cli import app
from shopagent.sessionlog import read_sessions, write_sessions
from shopagent.study.analysis.population import build_report
from shopagent.study.render import run_html as run_report
from shopagent.study.render.charts import points_axis
from shopagent.study.render.population import write_report
from shopagent.study.render.run_html import run_html, session_view
from shopagent.types import EndRecord, Session, StepRecord
from tests.test_cli_errors import assert_one_line, shopagent

INTENT = "i need a long clip-in hair extension which is natural looking"
PEOPLE = {  # with 16 steps: Ann buys, Bo leaves (the store has no hovercraft: 'unmet'), Cy reads every review until time runs out
    "ann": {"name": "Ann <b>Lee</b>", "intent": INTENT, "budget": 80, "unmet": False, "traits": {"patience": 0.1, "impulsiveness": 0.9}},
    "bo": {"name": "Bo Chen", "intent": "a hovercraft under $20", "unmet": True, "traits": {"patience": 0.0}},
    "cy": {
        "name": "Cy Diaz",
        "intent": INTENT,
        "budget": 80,
        "unmet": False,
        "traits": {"patience": 0.9, "impulsiveness": 0.0, "review_reliance": 0.9},
    },
}
HOSTILE = '<img src=x onerror="document.title=\'pwned\'"><b>bold</b> & "quoted"'


@pytest.fixture(scope="module")
def run(store, tmp_path_factory) -> Path:
    """A real population run with screenshots; `simulate` writes report.html beside its log."""
    folder = tmp_path_factory.mktemp("run-report")
    people = folder / "people"
    people.mkdir()
    for key, persona in PEOPLE.items():
        (people / f"{key}.json").write_text(json.dumps(persona))
    out = folder / "run"
    args = ["simulate", "--personas", str(people), "--store-url", store.url + "/", "--concurrency", "3", "--max-steps", "16"]
    result = CliRunner().invoke(app, [*args, "--screenshots", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def reported(run, tmp_path_factory) -> Path:
    """`shopagent report` of a copy of the run whose first rationale is hostile HTML; report.html in another folder."""
    copy = tmp_path_factory.mktemp("copy") / "run"
    shutil.copytree(run, copy)
    sessions = read_sessions([copy / "sessions.jsonl"])
    sessions[0].steps[0].rationale = HOSTILE
    write_sessions(sessions, copy / "sessions.jsonl")
    out = copy.parent / "report"
    result = CliRunner().invoke(app, ["report", str(copy), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_run_wrote_its_report_html_with_every_session(run):
    sessions = {s.session_id: s for s in read_sessions([run / "sessions.jsonl"])}
    assert {sid: s.outcome for sid, s in sessions.items()} == {"ann": "purchase", "bo": "terminate", "cy": "max_steps"}
    html = (run / "report.html").read_text()
    assert html.count('class="session"') == 3
    assert html.count('<img class="shot"') == sum(len(s.steps) for s in sessions.values())  # one screenshot per step, embedded
    assert "data:image/png;base64," in html and 'id="time-on-task">Median' in html  # the loop logs dwell_s on every decided step


async def _visible_sessions(page: Page) -> list[str]:
    return await page.locator("#paths .session:visible .persona").all_inner_texts()


async def test_the_report_opens_in_chromium_and_filters_by_outcome_and_persona(reported):
    requested: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=find_chromium(True))
        page = await browser.new_page()
        page.on("request", lambda r: requested.append(r.url))
        await page.goto((reported / "report.html").resolve().as_uri())
        outcomes = await page.locator("#outcomes").inner_text()
        assert all(o in outcomes for o in ("purchase", "terminate", "max_steps"))
        funnel = await page.locator("#funnel").inner_text()
        assert re.search(r"purchase\s+1\s+33%", funnel) and re.search(r"home\s+3\s+100%", funnel)
        reasons = await page.locator("#leave-reasons").inner_text()
        for session in read_sessions([reported.parent / "run" / "sessions.jsonl"]):
            if session.outcome != "purchase":
                assert session.end.reason and session.end.reason in reasons
        assert sorted(await _visible_sessions(page)) == ["Ann <b>Lee</b>", "Bo Chen", "Cy Diaz"]

        await page.select_option("#filter-outcome", "terminate")
        assert await _visible_sessions(page) == ["Bo Chen"]
        await page.select_option("#filter-outcome", "")
        await page.fill("#filter-text", "hair extension")  # the intent
        assert sorted(await _visible_sessions(page)) == ["Ann <b>Lee</b>", "Cy Diaz"]
        await page.fill("#filter-text", "cy diaz")  # the name, in any case
        assert await _visible_sessions(page) == ["Cy Diaz"]
        await page.select_option("#filter-outcome", "purchase")
        assert await _visible_sessions(page) == []
        assert await page.locator("#filter-count").inner_text() == "0 of 3 sessions"

        await page.fill("#filter-text", "")
        await page.select_option("#filter-outcome", "")
        await page.select_option("#filter-stock", "no")  # personas generated with --unmet: the store lacks the item
        assert await _visible_sessions(page) == ["Bo Chen"]
        assert re.search(r"yes\s+2\s+1\s+50%", await page.locator("#by-stock").inner_text())
        await browser.close()
    assert all(url.startswith(("file:", "data:")) for url in requested), requested  # nothing fetched from a network


async def test_text_from_the_log_is_shown_as_text(reported):
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=find_chromium(True))
        page = await browser.new_page()
        await page.goto((reported / "report.html").resolve().as_uri())
        first = page.locator("#paths .session").first
        await first.evaluate("d => d.open = true")
        assert await first.locator(".rationale").first.inner_text() == HOSTILE
        assert await page.title() != "pwned"
        assert await page.locator("#paths b").count() == 0  # the persona name's <b> is text too
        assert await page.locator("#paths img:not(.shot)").count() == 0
        shots = page.locator("#paths img.shot")
        assert await shots.count() > 0
        await shots.first.scroll_into_view_if_needed()
        assert await shots.first.evaluate("i => i.complete && i.naturalWidth > 0")  # the screenshot loaded
        await browser.close()


def test_screenshots_past_the_limit_are_linked_from_the_run(run, tmp_path, monkeypatch):
    monkeypatch.setattr(run_report, "EMBED_LIMIT", 0)
    sessions = read_sessions([run / "sessions.jsonl"])
    write_report(build_report(sessions), tmp_path / "out", "run", sessions, run / "screenshots")
    html = (tmp_path / "out" / "report.html").read_text()
    links = re.findall(r'<img class="shot"[^>]*src="([^"]+)"', html)
    assert links and "data:" not in html
    assert all((tmp_path / "out" / link).resolve().exists() for link in links)


class TimedStep(StepRecord):
    """A step with the fields other parts of the project add to the log, whether or not types.py has them yet."""

    if "dwell_s" not in StepRecord.model_fields:
        dwell_s: float | None = None
    if "llm_usage" not in StepRecord.model_fields:
        llm_usage: dict[str, int] | None = None


class CountedEnd(EndRecord):
    if "llm_usage" not in EndRecord.model_fields:
        llm_usage: dict[str, int] | None = None


def _usage(prompt: int, completion: int) -> dict[str, int]:
    return {"prompt_tokens": prompt, "completion_tokens": completion}


def test_time_on_task_and_tokens_are_shown_when_the_log_has_them(run):
    plain = read_sessions([run / "sessions.jsonl"])
    timed = []
    for s in plain:
        steps: list[StepRecord] = [TimedStep(**{**st.model_dump(), "dwell_s": 2.5, "llm_usage": _usage(100, 7)}) for st in s.steps]
        end = CountedEnd(**{**s.end.model_dump(), "llm_usage": _usage(100 * len(steps), 7 * len(steps))})
        timed.append(Session(header=s.header, steps=steps, end=end))
    ann = session_view(next(s for s in timed if s.session_id == "ann"), {})
    assert ann.seconds == 2.5 * len(ann.steps) and ann.tokens is not None and ann.tokens.total == 107 * len(ann.steps)
    assert ann.steps[0].dwell_s == 2.5 and ann.steps[0].tokens is not None and ann.steps[0].tokens.prompt == 100
    html = run_html(build_report(timed), timed, "run", {})
    steps = sum(len(s.steps) for s in timed)
    assert f'<td>run (3 sessions)</td><td class="num">{100 * steps}</td><td class="num">{7 * steps}</td>' in html
    assert 'id="time-on-task">Median' in html and "<svg" in html
    untimed = [Session(header=s.header, steps=[st.model_copy(update={"dwell_s": None}) for st in s.steps], end=s.end) for s in plain]
    before = run_html(build_report(untimed), untimed, "run", {})
    assert "No LLM token counts in this log" in before and "This log has no dwell times" in before


def test_the_ci_axis_is_in_whole_points_even_when_nothing_differs():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    for points in ([0.0], [-12.5, 3.0, 30.0]):
        fig, ax = plt.subplots()
        ax.plot(points, [0] * len(points), "o")
        points_axis(ax, points)
        fig.canvas.draw()
        labels = [t.get_text() for t in ax.get_xticklabels()]
        assert labels and all(re.fullmatch(r"[+-]?\d+", label) for label in labels), labels
        assert ax.get_xlim()[1] >= max(5.0, *(abs(p) for p in points))
        plt.close(fig)


def test_a_bad_reference_file_is_one_line_before_any_table(run, tmp_path):
    bad = tmp_path / "people.json"
    bad.write_text("{not json\n")
    result = shopagent("report", str(run), "--reference", str(bad))
    assert_one_line(result, 2, str(bad))
    assert result.stdout == ""
    missing = shopagent("report", str(run), "--reference", str(tmp_path / "nowhere.json"), "--out", str(tmp_path / "out"))
    assert_one_line(missing, 2, "nowhere.json")
    assert missing.stdout == "" and not (tmp_path / "out").exists()
