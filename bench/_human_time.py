"""People's time between actions (the shared OPeRA sample) and ours (dwell_s), shared by bench/dwell.py and bench/dwell_fit.py.

People: from one click or input to the next, when the person did not switch tabs in between.
The eight people are split by person: the first four user ids in sorted order are the half the
model is fitted on, the other four are held out.

Ours: the dwell_s of each decided step of a simulated population, leaving out the first step of a
session (people's gaps start at their second action) and checkout form-filling (type or select on
a checkout page: the real shoppers had saved addresses, so their sessions have no such steps).
"""

from __future__ import annotations

import asyncio
import tempfile
from collections import defaultdict
from pathlib import Path

from shopagent.agent.dwell import HumanClock, Moment
from shopagent.agent.loop import RunOptions
from shopagent.agent.offline.policy import OfflinePolicy
from shopagent.mock_store.server import StoreServer
from shopagent.persona.generate import generate_personas
from shopagent.population.local import run_population
from shopagent.sessionlog import read_sessions
from shopagent.study.analysis.behaviour import is_timed
from shopagent.study.analysis.opera import read_timelines
from shopagent.study.analysis.store_scan import catalog_items
from shopagent.types import Session, StepRecord

OPERA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "opera_sample" / "sessions"
# The step limit of a simulated population set beside people: above the longest research session a shopper can make
# (six products, each opened, its reviews read in three orders, and left again), so that a session's length is the
# shopper's and not the limit's; people's sessions have no limit (the fit half's longest has 64 clicks and inputs).
SHAPE_STEPS = 100


def quantile(values: list[float], q: float) -> float:
    """Linear interpolation between order statistics (numpy's default)."""
    xs = sorted(values)
    k = (len(xs) - 1) * q
    i = int(k)
    return xs[i] + (xs[min(i + 1, len(xs) - 1)] - xs[i]) * (k - i)


def people_gaps(folder: Path = OPERA) -> dict[str, list[float]]:
    """Seconds from one click or input to the next with no tab switch between, by person (user id)."""
    gaps: dict[str, list[float]] = defaultdict(list)
    for session in read_timelines(folder):
        if session.gaps:
            gaps[session.person or ""] += session.gaps
    return dict(gaps)


def halves(gaps: dict[str, list[float]]) -> dict[str, list[str]]:
    users = sorted(gaps)
    return {"fit": users[: len(users) // 2], "held_out": users[len(users) // 2 :]}


def pooled(gaps: dict[str, list[float]], users: list[str]) -> list[float]:
    return [g for u in users for g in gaps[u]]


def figures(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "median_s": round(quantile(values, 0.5), 2), "p90_s": round(quantile(values, 0.9), 2)}


def counted(step: StepRecord) -> bool:
    """A decided step that has a counterpart in people's gaps (see the module's docstring)."""
    return is_timed(step)


def session_moments(session: Session) -> list[Moment]:
    """The model's parts for the counted steps, replayed in order through the session's clock."""
    clock = HumanClock(session.session_id, session.header.persona.traits)
    found = []
    for step in session.steps:
        if step.action is None:
            continue
        moment = clock.moment(step.observation, step.action)
        if counted(step):
            found.append(moment)
    return found


# The shape benches' population (bench/fidelity.py --shape-only, bench/dwell.py): 40 generated personas of each of
# three seeds, pooled. One seed's 40 moved the review-click share from 0.15 to 0.375 between seeds, wider than the
# target's ±0.08; 120 sessions put a figure's 95% CI about ±0.08 wide, and three seeds average the population's own draw.
# Seeds 2-4: neither bench/dwell_fit.py's population (seed 1) nor bench/missions_fit.py's (seed 0).
SHAPE_SEEDS = (2, 3, 4)
SHAPE_PERSONAS = 40


def simulate(n: int, seeds: tuple[int, ...] | int, missions: bool = False, keep: Path | None = None) -> list[Session]:
    """A generated population of the bundled store (as `personas generate --catalog bundled`), n personas of each seed,
    pooled, shopping offline (with `missions`, each session draws one, as `simulate --missions`), SHAPE_STEPS steps at
    most. `keep`: a folder to leave each seed's log in (sessions-seed<N>.jsonl), for another bench's --run."""
    seeds = (seeds,) if isinstance(seeds, int) else seeds
    with StoreServer() as store, tempfile.TemporaryDirectory() as tmp:
        folder = keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        logs = [folder / f"sessions-seed{seed}.jsonl" for seed in seeds]
        for seed, log in zip(seeds, logs, strict=True):
            personas = [(f"s{seed}-pop{i}", p) for i, p in enumerate(generate_personas(n, seed=seed, store=catalog_items()))]
            policy = OfflinePolicy(seed=seed, missions=missions)
            options = RunOptions(max_steps=SHAPE_STEPS)
            asyncio.run(run_population(personas, policy, store.url + "/", log, concurrency=2, options=options))
        return read_sessions(logs)


def load_or_simulate(
    run: Path | None, n: int, seeds: tuple[int, ...] | int, missions: bool = False, keep: Path | None = None
) -> list[Session]:
    """A run's sessions (a log, a simulate run folder, or a folder `keep` left), or a population simulated now."""
    if run is None:
        return simulate(n, seeds, missions, keep)
    if run.is_dir():
        return read_sessions([run / "sessions.jsonl"] if (run / "sessions.jsonl").exists() else sorted(run.glob("*.jsonl")))
    return read_sessions([run])
