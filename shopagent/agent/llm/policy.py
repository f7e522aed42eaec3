"""LLM policies: one prompt and one parser, with a repair turn; backends only differ in how they chat."""

from __future__ import annotations

from typing import Any

from shopagent.agent.llm.backends import ChatBackend
from shopagent.agent.llm.prompting import DEFAULT_HISTORY_STEPS, build_messages
from shopagent.agent.llm.reply import ReplyError, parse_reply
from shopagent.agent.policy import PolicyInput
from shopagent.errors import PolicyError
from shopagent.types import Decision


class LLMPolicy:
    """Asks the model for the SPEC §1 JSON; an unusable reply gets one repair turn showing the error."""

    def __init__(self, backend: ChatBackend, name: str, history_steps: int = DEFAULT_HISTORY_STEPS) -> None:
        self.backend = backend
        self.name = name
        self.history_steps = history_steps

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "history_steps": self.history_steps, **self.backend.describe()}

    async def decide(self, inp: PolicyInput) -> Decision:
        messages = build_messages(inp, self.history_steps)
        reply = await self.backend.chat(messages)
        try:
            return parse_reply(reply, inp.observation)
        except ReplyError as first:
            ask_again = f"That reply could not be used: {first}. Reply again with one valid JSON object only."
            repair = [*messages, {"role": "assistant", "content": reply}, {"role": "user", "content": ask_again}]
            second = await self.backend.chat(repair)
            try:
                return parse_reply(second, inp.observation)
            except ReplyError as again:
                raise PolicyError(f"model reply unusable after a repair turn: {again}") from None

    async def aclose(self) -> None:
        await self.backend.aclose()
