"""Policies from outside the package: `module.path:ClassName`, `file.py:ClassName`, or a name an
installed package registers in the `shopagent.policies` entry-point group.

The class is built with the spec's options as keywords, only those its constructor takes (or all of
them, when it takes `**kwargs`). It needs one thing, `async def decide(self, inp) -> Decision`; what
else the `Policy` protocol asks for and the class lacks gets a plain default (see `OutsidePolicy`).
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from shopagent.agent.policy import PolicyInput
from shopagent.errors import BadInput, PolicyError
from shopagent.types import Answer, Decision, Persona, Question, Session, StepRecord

ENTRY_POINTS = "shopagent.policies"


def registered() -> dict[str, str]:
    """Policies installed packages register: name -> 'module:Class'."""
    return {ep.name: ep.value for ep in entry_points(group=ENTRY_POINTS)}


def is_outside(name: str) -> bool:
    return ":" in name or name in registered()


def load_class(name: str) -> type:
    """The class a policy name points at; one line naming what is missing where it cannot be found."""
    reference = registered().get(name, name)
    where, _, attr = reference.rpartition(":")
    if not where or not attr:
        raise BadInput(f"policy {name!r}: expected module.path:ClassName or file.py:ClassName")
    module = _module_from_file(Path(where), name) if where.endswith(".py") else _module(where, name)
    found = getattr(module, attr, None)
    if not inspect.isclass(found):
        raise BadInput(f"policy {name!r}: {where} has no class {attr!r}")
    if not inspect.iscoroutinefunction(getattr(found, "decide", None)):
        raise BadInput(f"policy {name!r}: {attr} has no `async def decide(self, inp)`; a policy needs one (see shopagent.Policy)")
    return found


def _module(dotted: str, name: str) -> Any:
    try:
        return importlib.import_module(dotted)
    except ModuleNotFoundError as exc:
        raise BadInput(f"policy {name!r}: no module named {exc.name!r} (is it installed, or on PYTHONPATH?)") from None


def _module_from_file(path: Path, name: str) -> Any:
    if not path.is_file():
        raise BadInput(f"policy {name!r}: {path} not found")
    module_name = f"shopagent_outside_{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise BadInput(f"policy {name!r}: {path} cannot be loaded as Python")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # so dataclasses and pickling (Ray) find it
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # the author's code failed on import: say where, not a traceback
        raise BadInput(f"policy {name!r}: importing {path} failed: {type(exc).__name__}: {exc}") from None
    return module


def build(cls: type, options: dict[str, Any]) -> Any:
    """An instance made with the options its constructor accepts."""
    params = inspect.signature(cls).parameters.values()
    if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        accepted = {p.name for p in params}
        options = {k: v for k, v in options.items() if k in accepted}
    try:
        return cls(**options)
    except TypeError as exc:
        raise BadInput(f"policy {cls.__module__}:{cls.__name__} could not be built: {exc}") from None


class OutsidePolicy:
    """A `Policy` around an outside class: its own methods where it has them, plain defaults where not."""

    def __init__(self, inner: Any, name: str) -> None:
        self.inner = inner
        self.name = getattr(inner, "name", None) or name
        self._reference = name

    def describe(self) -> dict[str, Any]:
        own = self.inner.describe() if hasattr(self.inner, "describe") else {}
        return {"name": self.name, "class": self._reference, **own}

    async def prepare(self) -> None:
        if hasattr(self.inner, "prepare"):
            await self.inner.prepare()

    def observation_budget(self, persona: Persona, history: list[StepRecord]) -> int:
        return self.inner.observation_budget(persona, history) if hasattr(self.inner, "observation_budget") else 0

    async def decide(self, inp: PolicyInput) -> Decision:
        decision = await self.inner.decide(inp)
        if not isinstance(decision, Decision):
            raise PolicyError(f"{self._reference}.decide returned {type(decision).__name__}, not a shopagent.Decision")
        return decision

    async def interview(self, session: Session, questions: list[Question]) -> list[Answer]:
        if not hasattr(self.inner, "interview"):
            raise PolicyError(f"{self._reference} does not answer interviews")
        answers: list[Answer] = await self.inner.interview(session, questions)
        return answers

    async def aclose(self) -> None:
        if hasattr(self.inner, "aclose"):
            await self.inner.aclose()
