"""Run many personas against one store: shared browser, bounded concurrency, one JSONL log, resumable."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from shopagent.agent.loop import RunOptions, run_session
from shopagent.agent.policy import Policy
from shopagent.browser.session import Browser
from shopagent.browser.store import adapter_for
from shopagent.sessionlog import SessionLog, read_sessions
from shopagent.study.report import average_order_value, count_outcomes
from shopagent.types import EndRecord, Persona


@dataclass
class PopulationSummary:
    """The end records of a run (resumed ones included); population_report reads the full log."""

    ends: list[EndRecord] = field(default_factory=list)
    skipped: int = 0

    @property
    def sessions(self) -> int:
        return len(self.ends)

    def outcomes(self) -> dict[str, int]:
        return count_outcomes(self.ends)

    def conversion(self) -> float:
        return self.outcomes().get("purchase", 0) / self.sessions if self.sessions else 0.0

    def average_order_value(self) -> float | None:
        return average_order_value(self.ends)


def finished_sessions(log_path: Path) -> dict[str, EndRecord]:
    """Session ids that already have an end record (for --resume)."""
    if not log_path.exists():
        return {}
    return {s.session_id: s.end for s in read_sessions([log_path]) if s.end is not None}


async def run_population(
    personas: list[tuple[str, Persona]],
    policy: Policy,
    start_url: str,
    log_path: Path,
    concurrency: int = 8,
    options: RunOptions | None = None,
    headless: bool = True,
    images: bool = True,
    resume: bool = False,
    on_done: Callable[[str, EndRecord], None] | None = None,
) -> PopulationSummary:
    """Session ids are the persona keys, so a resumed run skips those already finished."""
    summary = PopulationSummary()
    done = finished_sessions(log_path) if resume else {}
    todo = []
    for key, persona in personas:
        if key in done:
            summary.ends.append(done[key])
            summary.skipped += 1
        else:
            todo.append((key, persona))
    semaphore = asyncio.Semaphore(concurrency)
    log = SessionLog(log_path)
    browser = await Browser(headless=headless, images=images).start()
    store = await adapter_for(start_url)  # asked once: every shopper shops at the same store
    restart_lock = asyncio.Lock()

    async def one(key: str, persona: Persona) -> None:
        nonlocal browser
        async with semaphore:
            if browser.disconnected:
                async with restart_lock:  # a crashed browser is replaced once, for everyone
                    if browser.disconnected:
                        browser = await Browser(headless=headless, images=images).start()
            end = await run_session(browser, policy, persona, start_url, log, options, session_id=key, store=store)
            summary.ends.append(end)
            if on_done:
                on_done(key, end)

    try:
        await asyncio.gather(*(one(k, p) for k, p in todo))
    finally:
        log.close()
        await browser.close()
    return summary
