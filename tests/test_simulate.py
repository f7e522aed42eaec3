"""The offline policy shops end to end in real headless Chromium; crashes and populations end cleanly."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import psutil

from shopagent.agent.loop import RunOptions, run_session
from shopagent.agent.offline.policy import OfflinePolicy
from shopagent.browser import Browser
from shopagent.persona import load_persona
from shopagent.population.local import run_population
from shopagent.sessionlog import SessionLog, read_sessions
from shopagent.types import Decision, Persona, Terminate

EXAMPLE = Path(__file__).parent.parent / "examples" / "personas" / "maya.json"


async def test_example_persona_buys_and_the_order_is_real(store, tmp_path):
    persona = load_persona(EXAMPLE)
    log_path = tmp_path / "s.jsonl"
    async with Browser() as browser:
        with SessionLog(log_path) as log:
            end = await run_session(browser, OfflinePolicy(), persona, store.url + "/", log)
    assert end.outcome == "purchase", end.reason
    orders = httpx.get(store.url + "/api/orders", params={"shopper": end.order["shopper"]}).json()
    assert [o["order_id"] for o in orders] == [end.order["order_id"]]
    item = orders[0]["items"][0]
    assert "hair extension" in item["title"].lower() and item["price"] <= persona.budget
    assert orders[0]["address"]["full_name"] == "Maya Torres"
    (session,) = read_sessions([log_path])
    assert session.end.outcome == "purchase" and len(session.steps) == end.steps
    assert session.steps[0].action.type == "type" and "hair extension" in session.steps[0].action.text
    assert all(s.rationale and s.result.ok for s in session.steps)


async def test_budget_nothing_fits_terminates(store, tmp_path):
    persona = Persona(intent="i want a mid century sofa with usb port", budget=5, traits={"patience": 0.0})
    async with Browser() as browser:
        with SessionLog(tmp_path / "s.jsonl") as log:
            end = await run_session(browser, OfflinePolicy(), persona, store.url + "/", log)
    assert end.outcome == "terminate"
    assert "budget" in end.reason


class _ScriptedPolicy:
    """What the loop asks of every policy; subclasses say how they decide."""

    name = "scripted"

    def describe(self):
        return {"name": self.name}

    async def prepare(self):
        pass

    def observation_budget(self, persona, history):
        return 0

    async def aclose(self):
        pass


class _CrashingPolicy(_ScriptedPolicy):
    """Shops offline for two steps, then kills the browser under the loop."""

    name = "crashing"

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.inner = OfflinePolicy()

    async def decide(self, inp):
        if len(inp.history) == 2:
            await self.browser._browser.close()
        return await self.inner.decide(inp)


async def test_browser_crash_ends_session_as_error_with_steps_kept(store, tmp_path):
    log_path = tmp_path / "s.jsonl"
    async with Browser() as browser:
        with SessionLog(log_path) as log:
            end = await run_session(browser, _CrashingPolicy(browser), load_persona(EXAMPLE), store.url + "/", log)
    assert end.outcome == "error" and ("crash" in end.reason.lower() or "closed" in end.reason.lower())
    (session,) = read_sessions([log_path])
    assert len(session.steps) == 2 and session.end.outcome == "error"


class _RepeatingPolicy(_ScriptedPolicy):
    name = "repeat"

    async def decide(self, inp):
        if inp.note:
            self.noted = True
        return Decision(rationale="I keep going back.", action={"type": "back"})


async def test_stuck_shopper_is_told_then_stopped(store, tmp_path):
    policy = _RepeatingPolicy()
    async with Browser() as browser:
        with SessionLog(tmp_path / "s.jsonl") as log:
            end = await run_session(browser, policy, Persona(intent="tea"), store.url + "/", log, RunOptions(max_steps=10))
    assert getattr(policy, "noted", False)
    assert end.outcome == "error" and end.reason.startswith("stuck")


async def test_population_runs_concurrently_and_resumes(store, tmp_path):
    personas = [
        ("maya", load_persona(EXAMPLE)),
        ("broke", Persona(intent="i want a mid century sofa", budget=3, traits={"patience": 0.0})),
        ("tea", Persona(intent="i need usda organic oolong tea bags", budget=40)),
    ]
    log_path = tmp_path / "pop.jsonl"
    summary = await run_population(personas[:2], OfflinePolicy(), store.url + "/", log_path, concurrency=2)
    assert summary.sessions == 2 and summary.outcomes() == {"purchase": 1, "terminate": 1}
    assert summary.conversion() == 0.5 and summary.average_order_value() > 0
    resumed = await run_population(personas, OfflinePolicy(), store.url + "/", log_path, concurrency=2, resume=True)
    assert resumed.skipped == 2 and resumed.sessions == 3
    ids = [s.session_id for s in read_sessions([log_path])]
    assert sorted(ids) == ["broke", "maya", "tea"]


async def test_terminate_is_logged_with_its_rationale(store, tmp_path):
    class Leave(_ScriptedPolicy):
        name = "leave"

        async def decide(self, inp):
            return Decision(rationale="Nothing for me here.", action=Terminate())

    async with Browser() as browser:
        with SessionLog(tmp_path / "s.jsonl") as log:
            end = await run_session(browser, Leave(), Persona(intent="tea"), store.url + "/", log)
    assert end.outcome == "terminate" and end.steps == 1 and end.reason == "Nothing for me here."


class _ChromiumKiller(_ScriptedPolicy):
    """Shops offline; on the second step of persona 'first' it kills every Chromium process, as a crash would."""

    name = "killer"

    def __init__(self) -> None:
        self.inner = OfflinePolicy()

    async def decide(self, inp):
        if inp.persona.name == "first" and len(inp.history) == 2:
            killed = [p for p in psutil.Process().children(recursive=True) if "chrom" in p.name() or "headless" in p.name()]
            for proc in killed:
                proc.kill()
            await asyncio.to_thread(psutil.wait_procs, killed)  # gone, however slow the machine: no clock
        return await self.inner.decide(inp)


async def test_a_crashed_browser_is_replaced_and_closed(store, tmp_path):
    me = psutil.Process()
    before = {p.pid for p in me.children(recursive=True)}
    personas = [("first", Persona(name="first", intent="i need usda organic oolong tea bags", budget=40))]
    personas.append(("second", Persona(name="second", intent="i need usda organic oolong tea bags", budget=40)))
    summary = await run_population(personas, _ChromiumKiller(), store.url + "/", tmp_path / "pop.jsonl", concurrency=1)
    by_key = dict(zip(["first", "second"], summary.ends))
    assert by_key["first"].outcome == "error" and by_key["second"].outcome != "error"
    left = [p for p in me.children(recursive=True) if p.pid not in before and p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert left == [], "the crashed browser's driver (or the new one) was left running"
