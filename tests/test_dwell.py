"""Human time: the dwell_s model (more choices, more words, longer queries take longer; a seed repeats) and a real session's steps."""

from __future__ import annotations

from pathlib import Path

from shopagent.agent.dwell import HumanClock, choosing_s, motor_s, reading_s
from shopagent.agent.loop import run_session
from shopagent.agent.offline.policy import OfflinePolicy
from shopagent.browser import Browser
from shopagent.persona import load_persona
from shopagent.sessionlog import SessionLog, read_sessions
from shopagent.study.analysis.measures import measure_session
from shopagent.study.analysis.population import build_report
from shopagent.types import Back, Click, Element, Observation, Traits, Type

EXAMPLE = Path(__file__).parent.parent / "examples" / "personas" / "maya.json"
CAREFUL = Traits(patience=0.9, review_reliance=0.9, impulsiveness=0.1)
SKIMMER = Traits(patience=0.1, review_reliance=0.1, impulsiveness=0.9)


def page(words: int = 50, choices: int = 10, url: str = "http://shop/search") -> Observation:
    text = " ".join(f"word{i}" for i in range(words))
    elements = [Element(id=f"results.card_{i}.link", kind="link", text=f"card {i}") for i in range(choices)]
    return Observation(url=url, html=f"<main><p>{text}</p></main>", elements=elements)


def first_dwell(observation: Observation, action=None, traits: Traits = CAREFUL, session: str = "s1") -> float:
    return HumanClock(session, traits).before(observation, action or Click(target="results.card_0.link"))


def test_more_choices_take_longer():
    assert choosing_s(40) > choosing_s(4) > choosing_s(0) == 0
    assert first_dwell(page(choices=60)) > first_dwell(page(choices=3))  # same session: the same draw


def test_more_words_take_a_careful_reader_longer_than_a_skimmer():
    assert reading_s(500, CAREFUL) > reading_s(500, SKIMMER) > 0
    assert reading_s(1000, CAREFUL) - reading_s(100, CAREFUL) > reading_s(1000, SKIMMER) - reading_s(100, SKIMMER)
    assert first_dwell(page(words=800)) > first_dwell(page(words=20))


def test_typing_a_longer_query_takes_longer():
    short, long = Type(target="header.search", text="tea"), Type(target="header.search", text="organic green tea bags 100 count")
    assert motor_s(long) > motor_s(short) > motor_s(Click(target="x"))
    assert first_dwell(page(), long) > first_dwell(page(), short)


def test_the_same_session_id_gives_the_same_times():
    steps = [
        (page(words=300), Click(target="results.card_0.link")),
        (page(words=120, url="http://shop/p/1"), Back()),
        (page(), Click(target="x")),
    ]

    def times(session_id: str) -> list[float]:
        clock = HumanClock(session_id, CAREFUL)
        return [clock.before(o, a) for o, a in steps]

    assert times("maya-seed0") == times("maya-seed0")
    assert times("maya-seed0") != times("maya-seed1")
    assert all(t > 0 for t in times("maya-seed0"))


def test_a_page_read_before_is_not_read_again():
    clock = HumanClock("s", CAREFUL)
    first = clock.moment(page(words=400), Click(target="a"))
    again = clock.moment(page(words=400, url="http://shop/search?p=2"), Click(target="a"))
    assert first.reading_s > 0 and again.reading_s == 0


async def test_a_simulated_session_has_human_time_on_every_decided_step(store, tmp_path):
    log_path = tmp_path / "s.jsonl"
    async with Browser() as browser:
        with SessionLog(log_path) as log:
            end = await run_session(browser, OfflinePolicy(), load_persona(EXAMPLE), store.url + "/", log, session_id="maya-seed0")
    assert end.outcome == "purchase", end.reason
    (session,) = read_sessions([log_path])
    decided = [s for s in session.steps if s.action is not None]
    assert decided and all(s.dwell_s is not None and s.dwell_s > 0 for s in decided)
    total = sum(s.dwell_s for s in decided)
    assert measure_session(session)["seconds_to_purchase"] == total
    time = build_report([session]).time
    assert time.seconds_to_purchase == round(total, 1) and time.machine_seconds_to_purchase is not None
    assert set(time.seconds_by_page) >= {"home", "search", "product", "checkout"}


async def test_realtime_waits_each_steps_dwell_before_acting_and_logs_the_same_times(store, tmp_path, monkeypatch):
    from shopagent.agent import loop
    from shopagent.agent.loop import RunOptions

    waited: list[float] = []

    async def pace(seconds: float) -> None:  # what --realtime would sleep, noted instead of slept
        waited.append(seconds)

    monkeypatch.setattr(loop, "_pace", pace)
    times = {}
    async with Browser() as browser:
        for realtime in (False, True):
            with SessionLog(tmp_path / f"{realtime}.jsonl") as log:
                options = RunOptions(max_steps=4, realtime=realtime)
                await run_session(browser, OfflinePolicy(), load_persona(EXAMPLE), store.url + "/", log, options, session_id="maya-seed0")
            (session,) = read_sessions([tmp_path / f"{realtime}.jsonl"])
            times[realtime] = [s.dwell_s for s in session.steps]
    assert times[True] == times[False] and len(times[True]) == 4
    assert waited == times[True]
