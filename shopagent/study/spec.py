"""A study file: the same shoppers on two or more versions of a store.

    name: free-shipping-threshold
    personas: personas/            # a folder of persona files, relative to this file
    # personas: {generate: 40, seed: 1, unmet: 0.2}   # or fitted to the bundled store
    arms:
      - name: control              # the first arm is the baseline every other is compared with
      - name: threshold-50
        variant: variants/free-shipping-50.yaml     # a file, or the variant's keys inline
      - name: staging
        store_url: http://127.0.0.1:8001/
    replicates: 1
    policy: offline
    interview: true                # the default questions; false; or a list of questions

Every persona meets every arm with the same session id, and so the same seed: the arms
are paired, and what differs between a persona's two sessions is the store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from shopagent.agent.interview import DEFAULT_QUESTIONS
from shopagent.agent.registry import PolicySpec, known_policy
from shopagent.errors import BadInput, first_error, read_user_text, unknown_key
from shopagent.mock_store.variant import StoreVariant, load_variant, parse_variant
from shopagent.types import Question

STUDY_FILE = "a study (YAML: name, personas, arms, replicates, policy, interview)"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Arm(_Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", description="Also the arm's folder name")
    variant: str | dict[str, Any] | None = Field(
        None, description="The bundled store as a variant: a file (relative to the study) or inline keys"
    )
    store_url: str | None = Field(None, description="Shop at this store instead of the bundled one")

    @model_validator(mode="after")
    def _one_store(self) -> Arm:
        if self.variant is not None and self.store_url is not None:
            raise ValueError(f"arm {self.name!r}: give a variant (of the bundled store) or a store_url, not both")
        return self


class GeneratedPersonas(_Strict):
    generate: int = Field(ge=1, description="How many personas, fitted to the bundled store's catalog")
    seed: int = 0
    unmet: float = Field(0.2, ge=0, le=1, description="The share of intents the store cannot satisfy")


class StudySpec(_Strict):
    name: str = Field(min_length=1)
    description: str = ""
    personas: str | GeneratedPersonas
    arms: list[Arm] = Field(min_length=2)
    replicates: int = Field(1, ge=1, description="Sessions per persona and arm, each with its own seed")
    policy: str = "offline"
    model: str | None = None
    base_url: str | None = None
    seed: int = 0
    temperature: float = Field(0.0, ge=0)
    missions: bool = Field(False, description="The offline shopper draws a mission per session (README: Missions)")
    concurrency: int = Field(4, ge=1)
    max_steps: int = Field(40, ge=1)
    max_tokens: int = Field(0, ge=0)
    screenshots: bool = False
    interview: bool | list[Question] = True

    policy_options: dict[str, Any] = Field(default_factory=dict, description="More keywords for an outside policy's constructor")

    @field_validator("policy")
    @classmethod
    def _known_policy(cls, policy: str) -> str:
        return known_policy(policy)

    @property
    def policy_spec(self) -> PolicySpec:
        """The policy every session of the study runs, with the study's concurrency as its server's slots."""
        return PolicySpec(
            name=self.policy,
            model=self.model,
            seed=self.seed,
            temperature=self.temperature,
            base_url=self.base_url,
            concurrency=self.concurrency,
            missions=self.missions,
            options=self.policy_options,
        )

    @field_validator("arms")
    @classmethod
    def _distinct_names(cls, arms: list[Arm]) -> list[Arm]:
        names = [a.name for a in arms]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"arm names must differ ({', '.join(twice)} appears twice)")
        return arms

    @model_validator(mode="after")
    def _replicates_differ(self) -> StudySpec:
        if self.replicates > 1 and self.policy == "offline" and self.temperature == 0:
            raise ValueError(
                "replicates of the offline policy at temperature 0 are copies of each other; set temperature above 0 or replicates: 1"
            )
        return self

    @property
    def questions(self) -> list[Question] | None:
        if self.interview is True:
            return list(DEFAULT_QUESTIONS)
        return self.interview or None


def sessions_per_arm(spec: StudySpec, study_dir: Path) -> int:
    """How many sessions each arm runs (personas × replicates), known before any persona is read."""
    if isinstance(spec.personas, GeneratedPersonas):
        people = spec.personas.generate
    else:
        folder = study_dir / spec.personas
        people = len([p for p in folder.iterdir() if p.suffix.lower() in (".json", ".yaml", ".yml")]) if folder.is_dir() else 0
    return people * spec.replicates


def session_ids(persona_keys: list[str], replicates: int) -> list[tuple[str, str]]:
    """(session id, persona key) for every session of one arm; the same ids in every arm pair the arms."""
    return [(key if r == 1 else f"{key}.r{r}", key) for key in persona_keys for r in range(1, replicates + 1)]


def load_study(path: Path) -> StudySpec:
    if not path.is_file():
        raise BadInput(f"{path}: no such study file")
    text = read_user_text(path, STUDY_FILE)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise BadInput(f"{path}{f':{mark.line + 1}' if mark else ''}: not valid YAML; expected {STUDY_FILE}") from None
    if not isinstance(data, dict):
        raise BadInput(f"{path}: expected {STUDY_FILE}")
    try:
        return StudySpec.model_validate(data)
    except ValidationError as exc:
        key = unknown_key(exc)
        if key is not None:
            raise BadInput(f"{path}: unknown key '{key}' (see `shopagent schema study`)") from None
        raise BadInput(f"{path}: {first_error(exc)}") from None


def arm_variant(arm: Arm, study_dir: Path) -> StoreVariant | None:
    """The arm's variant of the bundled store: a file beside the study, or keys written inline."""
    if arm.variant is None:
        return None
    if isinstance(arm.variant, dict):
        return parse_variant({"name": arm.name, **arm.variant}, f"arm {arm.name!r}: variant")
    return load_variant(study_dir / arm.variant)
