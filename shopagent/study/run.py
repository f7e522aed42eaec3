"""Run a study: every arm in turn, the same sessions in each, one folder per arm.

    OUT/study.json                 the study as it was started (a resumed run checks it is unchanged)
    OUT/personas/                  the personas, as shoppers met them
    OUT/arms/ARM/sessions.jsonl    each arm's log, written step by step
    OUT/comparison.json, report.html, report.md   written by `write_study_report`

A killed study resumes with the same command and --resume: finished sessions are kept,
unfinished ones start again, and arms not yet begun run as usual.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from shopagent.agent.loop import RunOptions
from shopagent.browser.session import BrowserLaunch
from shopagent.browser.store import check_reachable, open_store
from shopagent.errors import BadInput
from shopagent.mock_store.variant import StoreVariant
from shopagent.persona import load_personas
from shopagent.persona.generate import generate_personas, write_personas
from shopagent.population.local import PopulationSummary, run_population
from shopagent.population.on_ray import run_population_on_ray
from shopagent.study.analysis.store_scan import catalog_items
from shopagent.study.spec import Arm, GeneratedPersonas, StudySpec, arm_variant, session_ids
from shopagent.types import EndRecord, Persona

STUDY_JSON = "study.json"
Progress = Callable[[str, str, EndRecord], None]  # arm, session id, its end


def study_personas(spec: StudySpec, study_dir: Path, out: Path) -> list[tuple[str, Persona]]:
    """The study's personas, keyed by file stem; generated ones are written to OUT/personas/ first."""
    if isinstance(spec.personas, GeneratedPersonas):
        wanted = spec.personas
        people = generate_personas(wanted.generate, wanted.seed, store=catalog_items(), unmet=wanted.unmet)
        write_personas(people, out / "personas")
        return load_personas(out / "personas")
    return load_personas(study_dir / spec.personas)


def arm_folder(out: Path, arm: str) -> Path:
    """Where one arm's log, screenshots and report go in a study folder."""
    return out / "arms" / arm


def _check_folder(spec: StudySpec, out: Path, resume: bool) -> None:
    """A new study needs an empty folder; a resumed one needs the same study it started with."""
    saved = out / STUDY_JSON
    if not saved.exists():
        if resume and out.exists() and any(out.iterdir()):
            raise BadInput(f"{out}: no {STUDY_JSON} here, so there is no study to resume")
        return
    if not resume:
        raise BadInput(f"{out} already holds a study; continue it with --resume, or choose another --out")
    started = json.loads(saved.read_text(encoding="utf-8"))["study"]
    if started != spec.model_dump(mode="json"):
        raise BadInput(f"{out}: the study file changed since this run started; run it into a new --out")


@contextmanager
def arm_store(arm: Arm, variant: StoreVariant | None) -> Iterator[str]:
    """The arm's store URL: its own store_url (checked again: arms run one after another), or the
    bundled store served as its variant for the arm's run."""
    with open_store(arm.store_url, variant) as url:
        yield url


def _arm_variants(spec: StudySpec, study_dir: Path) -> dict[str, StoreVariant | None]:
    """Each arm's variant, read once and before anything runs: a bad variant file or a store that
    does not answer stops the study at once."""
    variants = {}
    for arm in spec.arms:
        variants[arm.name] = arm_variant(arm, study_dir)
        if arm.store_url:
            check_reachable(arm.store_url)
    return variants


async def run_study(
    spec: StudySpec,
    study_dir: Path,
    out: Path,
    resume: bool = False,
    launch: BrowserLaunch | None = None,
    on_done: Progress | None = None,
    ray: str | None = None,
) -> dict[str, PopulationSummary]:
    """Run every arm in turn; with `ray` (an address, or 'auto'), each session as a Ray task."""
    _check_folder(spec, out, resume)
    variants = _arm_variants(spec, study_dir)
    arms = {
        arm.name: {"store_url": arm.store_url, "variant": v.model_dump(mode="json") if (v := variants[arm.name]) else None}
        for arm in spec.arms
    }
    personas = dict(study_personas(spec, study_dir, out))
    population = [(sid, personas[key]) for sid, key in session_ids(list(personas), spec.replicates)]
    policy = spec.policy_spec.make()  # an unknown policy or model stops the study before its folder is written
    out.mkdir(parents=True, exist_ok=True)
    record = {"study": spec.model_dump(mode="json"), "study_dir": str(study_dir.resolve()), "personas": list(personas), "arms": arms}
    (out / STUDY_JSON).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    summaries = {}
    try:
        for arm in spec.arms:
            log = arm_folder(out, arm.name) / "sessions.jsonl"
            options = RunOptions(
                max_steps=spec.max_steps,
                max_tokens=spec.max_tokens,
                screenshots=log.parent / "screenshots" if spec.screenshots else None,
                interview=spec.questions,
            )
            arm_done = (lambda sid, end, name=arm.name: on_done(name, sid, end)) if on_done else None
            with arm_store(arm, variants[arm.name]) as start_url:
                if ray:
                    summaries[arm.name] = await run_population_on_ray(
                        population, spec.policy_spec, start_url, log, ray, spec.concurrency, options, launch, resume, arm_done
                    )
                else:
                    summaries[arm.name] = await run_population(
                        population, policy, start_url, log, spec.concurrency, options, launch, resume, arm_done
                    )
    finally:
        await policy.aclose()
    return summaries
