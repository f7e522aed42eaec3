"""LLM policies: one prompt, one per-step reply schema, one parser with a repair turn;
backends only differ in how they chat."""

from __future__ import annotations

from typing import Any

from shopagent.agent.llm.backends import ChatBackend
from shopagent.agent.llm.interview import ask
from shopagent.agent.llm.prompting import DEFAULT_HISTORY_STEPS, build_messages
from shopagent.agent.llm.reply import ReplyError, parse_reply
from shopagent.agent.policy import PolicyInput
from shopagent.browser.observe import count_tokens, cut_to_tokens
from shopagent.errors import PolicyError
from shopagent.types import Answer, Decision, Observation, Persona, Question, Session, StepRecord, step_schema

# Our token count (words and marks) is close to a BPE tokenizer's on HTML, not equal: it is
# scaled by the model's tokens per counted token, starting from this guess and then taken
# from what the server reports (the highest ratio seen, so a page never overflows twice).
FIRST_TOKEN_RATIO = 1.3
MIN_PAGE_TOKENS = 200
URL_ALLOWANCE = 60  # our tokens for the page's URL and title, before they are known
CUT_MARKER = "\n… (the rest of the page is cut to fit the model)"


class LLMPolicy:
    """Asks the model for the SPEC §1 JSON under this page's schema; an unusable reply gets one repair turn."""

    def __init__(self, backend: ChatBackend, name: str, history_steps: int = DEFAULT_HISTORY_STEPS, max_reply_tokens: int = 200) -> None:
        self.backend = backend
        self.name = name
        self.history_steps = history_steps
        self.max_reply_tokens = max_reply_tokens
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
        return self._page_tokens(PolicyInput(persona, history, blank), URL_ALLOWANCE)

    def _page_tokens(self, without_page: PolicyInput, slack: int = 0) -> int:
        window = self.backend.context_window
        if not window:
            return 0
        rest = self._count(build_messages(without_page, self.history_steps)) + slack
        return max(MIN_PAGE_TOKENS, int((window - self.max_reply_tokens) / self.token_ratio) - rest)

    def _count(self, messages: list[dict[str, str]]) -> int:
        return sum(count_tokens(m["content"]) for m in messages)

    def _fit(self, inp: PolicyInput) -> PolicyInput:
        """Cut the page's HTML where the whole prompt would not fit the model (the observer's budget is close, not exact)."""
        without_page = PolicyInput(inp.persona, inp.history, inp.observation.model_copy(update={"html": ""}), inp.note, inp.extra)
        budget = self._page_tokens(without_page, count_tokens(CUT_MARKER))
        if not budget or count_tokens(inp.observation.html) <= budget:
            return inp
        page = inp.observation.model_copy(update={"html": cut_to_tokens(inp.observation.html, budget, CUT_MARKER), "truncated": True})
        return PolicyInput(inp.persona, inp.history, page, inp.note, inp.extra)

    def _learn_ratio(self, messages: list[dict[str, str]], before: int) -> None:
        reported = self.backend.prompt_tokens[before:]
        if reported:
            self.token_ratio = max(self.token_ratio if self._ratio_seen else 0.0, reported[0] / max(1, self._count(messages)))
            self._ratio_seen = True

    async def decide(self, inp: PolicyInput) -> Decision:
        inp = self._fit(inp)
        messages = build_messages(inp, self.history_steps)
        schema = step_schema(inp.observation)
        before = len(self.backend.prompt_tokens)
        reply = await self.backend.chat(messages, schema)
        self._learn_ratio(messages, before)
        try:
            return parse_reply(reply, inp.observation)
        except ReplyError as first:
            ask_again = f"That reply could not be used: {first}. Reply again with one valid JSON object only."
            repair = [*messages, {"role": "assistant", "content": reply}, {"role": "user", "content": ask_again}]
            second = await self.backend.chat(repair, schema)
            try:
                return parse_reply(second, inp.observation)
            except ReplyError as again:
                raise PolicyError(f"model reply unusable after a repair turn: {again}") from None

    async def interview(self, session: Session, questions: list[Question]) -> list[Answer]:
        return await ask(self.backend, session, questions)

    async def aclose(self) -> None:
        await self.backend.aclose()
