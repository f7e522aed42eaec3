"""An LLM shopper's interview: the model answers the questionnaire in character, shown its
persona and its own session (every step's rationale, action and result), under a JSON Schema
with one answer per question. An unusable reply gets one repair turn, as a step does."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from shopagent.agent.llm.backends import ChatBackend
from shopagent.agent.llm.prompting import describe_history, describe_persona
from shopagent.agent.llm.reply import ReplyError, first_object, max_reply_tokens
from shopagent.errors import PolicyError, first_error
from shopagent.types import ASCII_CHARS, Answer, Question, Session, bounded_string

ALL_STEPS = 1000  # the interview shows the whole session in full, not only the last few steps
ANSWER_SCHEMA = bounded_string(1, 300, ASCII_CHARS)  # in English, like the rationales: one byte a character


class _Said(BaseModel):
    answer: str
    rating: int | None = Field(None, ge=1, le=5)


def interview_schema(questions: list[Question]) -> dict[str, Any]:
    """An object keyed by question id; a rating (1-5) required only where the question asks for one."""
    properties = {}
    for q in questions:
        rating = {"type": "integer", "minimum": 1, "maximum": 5} if q.rating else {"type": "null"}
        said = {"answer": ANSWER_SCHEMA, "rating": rating}
        properties[q.id] = {"type": "object", "properties": said, "required": list(said), "additionalProperties": False}
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def interview_messages(session: Session, questions: list[Question]) -> list[dict[str, str]]:
    end = session.end
    if end is None:
        ending = "The session did not finish."
    else:
        ending = f"The session ended: {end.outcome}" + (f" ({end.reason})" if end.reason else "")
    asked = "\n".join(f"- {q.id}: {q.text}" + (" Give a rating from 1 to 5." if q.rating else "") for q in questions)
    user = (
        f"You are this shopper:\n{describe_persona(session.header.persona)}\n\n"
        f"You have just finished shopping. What you did, step by step:\n{describe_history(session.steps, ALL_STEPS)}\n{ending}\n\n"
        "Answer these interview questions in character, in one or two sentences each, saying only what happened in your "
        f"session:\n{asked}\n\n"
        'Reply with one JSON object keyed by question id: {"<id>": {"answer": text, "rating": 1-5 or null}, ...}.'
    )
    return [{"role": "system", "content": "You are a shopper taking part in a usability interview."}, {"role": "user", "content": user}]


def parse_answers(text: str, questions: list[Question]) -> list[Answer]:
    try:
        data = json.loads(first_object(text))
        by_id = {q.id: _Said.model_validate(data[q.id]) for q in questions if isinstance(data, dict) and q.id in data}
    except json.JSONDecodeError as exc:
        raise ReplyError(f"the reply is not valid JSON ({exc.msg})") from None
    except ValidationError as exc:
        raise ReplyError(f"the reply does not match the interview format: {first_error(exc)}") from None
    missing = [q.id for q in questions if q.id not in by_id]
    if missing:
        raise ReplyError(f"no answer to {', '.join(missing)}")
    unrated = [q.id for q in questions if q.rating and by_id[q.id].rating is None]
    if unrated:
        raise ReplyError(f"no 1-5 rating for {', '.join(unrated)}")
    return [Answer(question=q.id, answer=by_id[q.id].answer, rating=by_id[q.id].rating if q.rating else None) for q in questions]


async def ask(backend: ChatBackend, session: Session, questions: list[Question]) -> list[Answer]:
    messages = interview_messages(session, questions)
    schema = interview_schema(questions)
    limit = max_reply_tokens(schema)
    reply = await backend.chat(messages, schema, limit)
    try:
        return parse_answers(reply, questions)
    except ReplyError as first:
        repair = [
            *messages,
            {"role": "assistant", "content": reply},
            {"role": "user", "content": f"That reply could not be used: {first}. Reply again."},
        ]
        try:
            return parse_answers(await backend.chat(repair, schema, limit), questions)
        except ReplyError as again:
            raise PolicyError(f"interview reply unusable after a repair turn: {again}") from None
