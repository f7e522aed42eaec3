"""`shopagent schema NAME`: the JSON Schema of every file format."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

import typer

from shopagent.cli.common import friendly
from shopagent.errors import ShopagentError

NAMES = (
    "persona | action | decision | observation | session | step | end | record | prediction"
    " | replay-report | population-report | catalog-product | reference-profile | interview | store-variant | study | study-comparison"
    " | intent-label"
)


def _schemas() -> dict[str, Callable[[], dict[str, Any]]]:
    """Each format's schema, built only when asked for."""
    from pydantic import TypeAdapter

    from shopagent import types as t
    from shopagent.mock_store.catalog import Product
    from shopagent.mock_store.variant import StoreVariant
    from shopagent.persona.labels import IntentLabel
    from shopagent.replay.report import Report
    from shopagent.study.analysis.compare import StudyComparison
    from shopagent.study.analysis.population import PopulationReport
    from shopagent.study.analysis.reference import ReferenceProfile
    from shopagent.study.spec import StudySpec

    models: dict[str, Any] = {
        "persona": t.Persona,
        "observation": t.Observation,
        "session": t.SessionRecord,
        "step": t.StepRecord,
        "end": t.EndRecord,
        "record": t.LogRecord,
        "prediction": t.Prediction,
        "replay-report": Report,
        "population-report": PopulationReport,
        "catalog-product": Product,
        "reference-profile": ReferenceProfile,
        "interview": t.InterviewRecord,
        "store-variant": StoreVariant,
        "study": StudySpec,
        "study-comparison": StudyComparison,
        "intent-label": IntentLabel,
    }
    schemas = {name: functools.partial(TypeAdapter(model).json_schema) for name, model in models.items()}
    # Actions come from the action registry, so a new action type appears here by itself.
    return {"action": t.action_schema, "decision": t.decision_schema, **schemas}


@friendly
def schema(name: str = typer.Argument(..., help=NAMES)) -> None:
    """Print the JSON Schema of a file format.

    Example: shopagent schema persona
    """
    schemas = _schemas()
    if name not in schemas:
        raise ShopagentError(f"unknown schema {name!r}; choose one of {', '.join(schemas)}")
    print(json.dumps(schemas[name](), indent=2))
