"""Run a population's sessions on a Ray cluster (`--ray auto|ADDRESS`).

Each Ray worker is a `Shopper` actor with its own Chromium and its own policy; a session is
one call on an actor. Every record a session writes (header, each step, end, interview)
goes through a Ray queue to the driver as it happens, and the driver writes them to its
one session log, so a step is on disk as soon as it is taken, wherever it ran.

A worker that dies loses only the session it was running: its steps so far are in the
log with no end record, the other workers carry on with the rest, and `--resume` runs
the lost session again as its next attempt.

The store must be reachable from every worker at the URL the study uses. On a cluster
on one machine the bundled store on 127.0.0.1 is; across machines, give each arm a
`store_url` the workers can reach (see the README).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from shopagent.agent.loop import RunOptions
from shopagent.agent.registry import PolicySpec
from shopagent.browser.session import BrowserLaunch
from shopagent.errors import ShopagentError
from shopagent.population.local import PopulationSummary, plan_run
from shopagent.sessionlog import SessionLog
from shopagent.types import EndRecord, LogRecord, Persona

_records: TypeAdapter[LogRecord] = TypeAdapter(LogRecord)
_DONE = "__shopagent_done__"


class RayWorkersLost(ShopagentError):
    """Some sessions were lost with their workers; the log holds what they did, and --resume reruns them."""


class _QueueLog:
    """The session log as a Ray worker sees it: each record forwarded, in order, to the driver's queue."""

    def __init__(self, queue: Any) -> None:
        self.queue = queue
        self.pending: asyncio.Queue[str] = asyncio.Queue()
        self.forwarder = asyncio.create_task(self._forward())

    def write(self, record: Any) -> None:
        self.pending.put_nowait(record.model_dump_json())

    async def _forward(self) -> None:
        while True:
            line = await self.pending.get()
            await self.queue.put_async(line)
            self.pending.task_done()

    async def flush(self) -> None:
        await self.pending.join()
        self.forwarder.cancel()


class Shopper:
    """One Ray worker: a Chromium and a policy, made on first use and kept for the worker's sessions."""

    def __init__(self, policy: PolicySpec, options: RunOptions, launch: BrowserLaunch, queue: Any) -> None:
        self.policy_spec, self.options, self.launch, self.queue = policy, options, launch, queue
        self.browser: Any = None
        self.policy: Any = None

    async def run(self, session_id: str, persona_json: str, start_url: str, attempt: int) -> str:
        from shopagent.agent.loop import run_session
        from shopagent.browser.session import Browser

        if self.policy is None:
            self.policy = self.policy_spec.make()
        if self.browser is None or self.browser.disconnected:
            self.browser = await Browser(**vars(self.launch)).start()
        log = _QueueLog(self.queue)
        persona = Persona.model_validate_json(persona_json)
        end = await run_session(self.browser, self.policy, persona, start_url, log, self.options, session_id=session_id, attempt=attempt)
        await log.flush()
        return end.model_dump_json()


def connect(address: str) -> None:
    """Join the Ray cluster at `address` ('auto': the one running on this machine); one line if there is none."""
    import ray

    if ray.is_initialized():
        return
    try:
        ray.init(address=address, log_to_driver=False, configure_logging=False)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ShopagentError(f"cannot join the Ray cluster at {address!r}: {first} (start one with `ray start --head`)") from None


async def _write_records(queue: Any, log: SessionLog) -> None:
    while (line := await queue.get_async()) != _DONE:
        log.write(_records.validate_json(line))


async def run_population_on_ray(
    personas: list[tuple[str, Persona]],
    policy: PolicySpec,
    start_url: str,
    log_path: Path,
    address: str,
    concurrency: int = 4,
    options: RunOptions | None = None,
    launch: BrowserLaunch | None = None,
    resume: bool = False,
    on_done: Callable[[str, EndRecord], None] | None = None,
) -> PopulationSummary:
    """As `run_population`, with each session run by one of `concurrency` Ray workers (at most one per CPU in the cluster)."""
    import ray
    from ray.exceptions import RayActorError
    from ray.util.queue import Queue

    connect(address)
    options = options or RunOptions()
    summary, planned, attempts = plan_run(personas, log_path, resume, bool(options.interview))
    todo: asyncio.Queue[tuple[str, Persona]] = asyncio.Queue()
    for item in planned:
        todo.put_nowait(item)
    workers = min(concurrency, max(1, int(ray.cluster_resources().get("CPU", 1))))
    queue = Queue()
    actor = ray.remote(num_cpus=1, max_restarts=0)(Shopper)
    pool: list[Any] = [actor.remote(policy, options, launch or BrowserLaunch(), queue) for _ in range(workers)]
    log = SessionLog(log_path)
    writer = asyncio.create_task(_write_records(queue, log))

    async def work(shopper: Any) -> None:
        while not todo.empty():
            key, persona = todo.get_nowait()
            try:
                reply = await shopper.run.remote(key, persona.model_dump_json(), start_url, attempts.get(key, 0) + 1)
            except RayActorError:
                return  # this worker died: its session stays unfinished for --resume; the others go on
            end = EndRecord.model_validate_json(reply)
            summary.ends.append(end)
            if on_done:
                on_done(key, end)

    try:
        await asyncio.gather(*(work(s) for s in pool))
    finally:
        await queue.put_async(_DONE)
        await writer
        log.close()
        for shopper in pool:
            ray.kill(shopper)
    lost = len(personas) - len(summary.ends)
    if lost:
        raise RayWorkersLost(f"{lost} sessions did not finish: Ray workers died; run again with --resume to finish them")
    return summary
