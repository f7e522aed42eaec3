"""Run many personas against one store: shared browser, bounded concurrency, one JSONL log, resumable."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from shopagent.agent.loop import RunOptions, run_session
from shopagent.agent.policy import Policy
from shopagent.browser.session import Browser, BrowserLaunch
from shopagent.browser.store import adapter_for
from shopagent.errors import BadInput
from shopagent.sessionlog import SessionLog, attempts_so_far, read_sessions
from shopagent.types import EndRecord, Persona


def count_outcomes(ends: list[EndRecord]) -> dict[str, int]:
    return dict(Counter(e.outcome for e in ends).most_common())


def average_order_value(ends: list[EndRecord]) -> float | None:
    totals = [e.order["total"] for e in ends if e.order and "total" in e.order]
    return sum(totals) / len(totals) if totals else None


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


def finished_sessions(log_path: Path, with_interview: bool = False) -> dict[str, EndRecord]:
    """Session ids that already have an end record (for --resume); when shoppers are interviewed,
    a session killed between its end and its interview counts as unfinished and runs again."""
    if not log_path.exists():
        return {}
    return {s.session_id: s.end for s in read_sessions([log_path]) if s.end is not None and (s.interview is not None or not with_interview)}


def check_log_is_new(log_path: Path, resume: bool, how_to_resume: str = "continue it with --resume, or ") -> None:
    """A run writes to a new log or resumes the one there; it never appends a second copy of a run."""
    if resume or not log_path.exists() or log_path.stat().st_size == 0:
        return
    raise BadInput(f"{log_path.parent} already holds a run ({log_path.name}); {how_to_resume}choose another --out")


def plan_run(
    personas: list[tuple[str, Persona]], log_path: Path, resume: bool, interviewed: bool
) -> tuple[PopulationSummary, list[tuple[str, Persona]], dict[str, int]]:
    """What a run has to do: the summary so far (sessions a resumed log already finished), the
    sessions still to run, and how many attempts each session has had."""
    check_log_is_new(log_path, resume)
    summary = PopulationSummary()
    done = finished_sessions(log_path, interviewed) if resume else {}
    todo = []
    for key, persona in personas:
        if key in done:
            summary.ends.append(done[key])
            summary.skipped += 1
        else:
            todo.append((key, persona))
    return summary, todo, attempts_so_far(log_path) if resume else {}


class _Browsers:
    """The population's one Chromium, replaced if it crashes.

    A crashed browser is closed (Playwright's driver, the network guard's socket) as
    soon as no session is still using it.
    """

    def __init__(self, launch: BrowserLaunch) -> None:
        self.launch = launch
        self.current: Browser | None = None
        self.users: dict[Browser, int] = {}
        self.lock = asyncio.Lock()

    async def acquire(self) -> Browser:
        async with self.lock:
            if self.current is None or self.current.disconnected:
                crashed, self.current = self.current, await Browser(**vars(self.launch)).start()
                self.users[self.current] = 0
                if crashed is not None and self.users[crashed] == 0:
                    await self._close(crashed)
            self.users[self.current] += 1
            return self.current

    async def release(self, browser: Browser) -> None:
        self.users[browser] -= 1
        if browser is not self.current and self.users[browser] == 0:
            await self._close(browser)

    async def _close(self, browser: Browser) -> None:
        del self.users[browser]
        await browser.close()

    async def close(self) -> None:
        for browser in list(self.users):
            await self._close(browser)
        self.current = None


async def run_population(
    personas: list[tuple[str, Persona]],
    policy: Policy,
    start_url: str,
    log_path: Path,
    concurrency: int = 8,
    options: RunOptions | None = None,
    launch: BrowserLaunch | None = None,
    resume: bool = False,
    on_done: Callable[[str, EndRecord], None] | None = None,
) -> PopulationSummary:
    """Session ids are the persona keys, so a resumed run skips those already finished
    and starts the unfinished ones again as their next attempt."""
    if concurrency < 1:
        raise BadInput(f"concurrency must be at least 1 (got {concurrency})")
    summary, todo, attempts = plan_run(personas, log_path, resume, bool(options and options.interview))
    semaphore = asyncio.Semaphore(concurrency)
    log = SessionLog(log_path)
    browsers = _Browsers(launch or BrowserLaunch())
    store = await adapter_for(start_url)  # asked once: every shopper shops at the same store

    async def one(key: str, persona: Persona) -> None:
        async with semaphore:
            browser = await browsers.acquire()
            try:
                attempt = attempts.get(key, 0) + 1
                end = await run_session(browser, policy, persona, start_url, log, options, session_id=key, store=store, attempt=attempt)
            finally:
                await browsers.release(browser)
            summary.ends.append(end)
            if on_done:
                on_done(key, end)

    try:
        await asyncio.gather(*(one(k, p) for k, p in todo))
    finally:
        log.close()
        await browsers.close()
    return summary
