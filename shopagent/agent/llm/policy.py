"""LLM policies: one prompt, one per-step reply schema, one parser with a repair turn;
backends only differ in how they chat."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from shopagent.agent.llm.backends import ChatBackend
from shopagent.agent.llm.interview import ask
from shopagent.agent.llm.prompting import DEFAULT_HISTORY_STEPS, build_messages
from shopagent.agent.llm.reply import ReplyError, max_reply_tokens, parse_reply
from shopagent.agent.policy import PolicyInput
from shopagent.browser.observe import CUT_MARKER, count_tokens, cut_to_tokens
from shopagent.errors import PolicyError
from shopagent.types import Answer, Decision, Element, Observation, Persona, Question, Session, StepRecord, step_schema

# Our token count (words and marks) is close to a BPE tokenizer's on HTML, not equal: it is
# scaled by the model's tokens per counted token, starting from this guess and then taken
# from what the server reports (the highest ratio seen, so a page never overflows twice).
FIRST_TOKEN_RATIO = 1.3
MIN_PAGE_TOKENS = 200
URL_ALLOWANCE = 60  # our tokens for the page's URL and title, before they are known
ASK_AGAIN = "That reply could not be used: {error}. Reply again with one valid JSON object only."
FIT_TRIES = 3  # recuts of a page the server's tokenizer still finds too long
FIT_MARGIN = 16  # our tokens cut beyond the server's overflow, for the cut's own rounding
# Before the page is seen, its reply's limit is that of a page with long ids and a text field (the exact one is used to fit).
_LONG_ID = "x" * 100
TYPICAL_REPLY_TOKENS = max_reply_tokens(
    step_schema(Observation(url="", html="", elements=[Element(id=_LONG_ID, kind="input"), Element(id=_LONG_ID + "y", kind="link")]))
)


Messages = list[dict[str, str]]


class LLMPolicy:
    """Asks the model for the SPEC §1 JSON under this page's schema; an unusable reply gets one repair turn."""

    def __init__(self, backend: ChatBackend, name: str, history_steps: int = DEFAULT_HISTORY_STEPS) -> None:
        self.backend = backend
        self.name = name
        self.history_steps = history_steps
        self.token_ratio = FIRST_TOKEN_RATIO
        self._ratio_seen = False

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "history_steps": self.history_steps, **self.backend.describe()}

    async def prepare(self) -> None:
        await self.backend.prepare()

    def observation_budget(self, persona: Persona, history: list[StepRecord]) -> int:
        """Tokens (our count) the page may take: the model's context less the rest of the prompt and the reply (0: no limit).

        Asked before the page is seen, so its URL and title are allowed for (URL_ALLOWANCE)."""
        blank = Observation(url="", html="")
        return self._page_tokens(
            build_messages(PolicyInput(persona, history, blank), self.history_steps), TYPICAL_REPLY_TOKENS, URL_ALLOWANCE
        )

    def _page_tokens(self, without_page: Messages, reply_tokens: int, slack: int = 0) -> int:
        window = self.backend.context_window
        if not window:
            return 0
        rest = self._count(without_page) + slack
        return max(MIN_PAGE_TOKENS, int((window - reply_tokens) / self.token_ratio) - rest)

    def _count(self, messages: Messages) -> int:
        return sum(count_tokens(m["content"]) for m in messages)

    async def _fit(self, inp: PolicyInput, reply_tokens: int, after: Messages | None = None) -> Messages:
        """The prompt (with `after` appended), its page cut where the prompt and the reply would not fit the model's context.

        The cut is first made by our count scaled by token_ratio; where the backend can count with the
        model's own tokenizer (llama.cpp's server, transformers), a prompt still too long is cut again."""
        after = after or []
        without_page = inp.observation.model_copy(update={"html": ""})
        rest = [*build_messages(dataclasses.replace(inp, observation=without_page), self.history_steps), *after]
        budget = self._page_tokens(rest, reply_tokens, count_tokens(CUT_MARKER))
        messages = self._cut(inp, budget, after)
        window = self.backend.context_window
        for _ in range(FIT_TRIES):
            counted = await self.backend.count_tokens(messages)
            if counted is None or not window:
                break
            self._learn_ratio_from(counted, messages)
            over = counted + reply_tokens - window
            if over <= 0:
                break
            page = count_tokens(inp.observation.html) if not budget else min(budget, count_tokens(inp.observation.html))
            budget = max(1, page - math.ceil(over * self._count(messages) / counted) - FIT_MARGIN)
            messages = self._cut(inp, budget, after)
        return messages

    def _cut(self, inp: PolicyInput, budget: int, after: Messages) -> Messages:
        page = inp.observation
        if budget and count_tokens(page.html) > budget:
            page = page.model_copy(update={"html": cut_to_tokens(page.html, budget, CUT_MARKER), "truncated": True})
        return [*build_messages(dataclasses.replace(inp, observation=page), self.history_steps), *after]

    def _learn_ratio_from(self, counted: int, messages: Messages) -> None:
        """The model's tokens per counted token: the highest seen, so a page never overflows twice."""
        ratio = counted / max(1, self._count(messages))
        self.token_ratio = max(self.token_ratio if self._ratio_seen else 0.0, ratio)
        self._ratio_seen = True

    def _learn_ratio(self, messages: Messages, before: int) -> None:
        reported = self.backend.prompt_tokens[before:]
        if reported:
            self._learn_ratio_from(reported[0], messages)

    async def decide(self, inp: PolicyInput) -> Decision:
        schema = step_schema(inp.observation)
        reply_tokens = max_reply_tokens(schema)
        messages = await self._fit(inp, reply_tokens)
        before = len(self.backend.prompt_tokens)
        reply = await self.backend.chat(messages, schema, reply_tokens)
        self._learn_ratio(messages, before)
        try:
            return parse_reply(reply, inp.observation)
        except ReplyError as first:
            after = [{"role": "assistant", "content": reply}, {"role": "user", "content": ASK_AGAIN.format(error=first)}]
            repair = await self._fit(inp, reply_tokens, after)
            second = await self.backend.chat(repair, schema, reply_tokens)
            try:
                return parse_reply(second, inp.observation)
            except ReplyError as again:
                raise PolicyError(f"model reply unusable after a repair turn: {again}") from None

    async def interview(self, session: Session, questions: list[Question]) -> list[Answer]:
        return await ask(self.backend, session, questions)

    async def aclose(self) -> None:
        await self.backend.aclose()
