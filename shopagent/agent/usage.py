"""What an LLM policy's requests cost, in tokens as the server counted them (its `usage`): per step,
per session, per run; and the run's limit (`--max-llm-tokens`).

The loop opens a `Meter` around each decision. It lives in a context variable, so the
sessions of a population, each in its own task, count apart while sharing one policy; a
chat backend charges every request to the meter in force (none: nothing is counted).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from shopagent.errors import PolicyError
from shopagent.types import LLMUsage


class LLMBudgetSpent(PolicyError):
    """The run's LLM token limit would be passed by the next request, so it is not made."""


@dataclass
class RunBudget:
    """The tokens a whole run may spend (limit 0: no limit). A request holds its most before it is
    made (prompt plus the reply's token limit) and pays what the server counted after, so the
    requests in flight of many shoppers together never take the run past its limit."""

    limit: int = 0
    spent: int = 0
    held: int = 0
    refused: str = ""  # why the first request was refused; from then on every request is
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def hold(self, tokens: int) -> None:
        with self._lock:
            if self.limit and not self.refused and self.spent + self.held + tokens > self.limit:
                self.refused = (
                    f"the run's LLM token limit (--max-llm-tokens {self.limit}) is reached: {self.spent:,} tokens used, "
                    f"{self.held:,} held by requests in flight, and the next request could take {tokens:,}"
                )
            if self.refused:
                raise LLMBudgetSpent(self.refused)
            self.held += tokens

    def settle(self, held: int, used: int) -> None:
        with self._lock:
            self.held -= held
            self.spent += used

    # A lock does not pickle: a Ray worker gets a copy of the budget (with its own lock), not a share of it.
    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "_lock"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()


@dataclass
class Meter:
    """Where one decision's requests are charged: the step's usage, the session's, and the run's budget."""

    step: LLMUsage = field(default_factory=LLMUsage)
    session: LLMUsage = field(default_factory=LLMUsage)
    budget: RunBudget | None = None
    requests: int = 0


@dataclass
class Bill:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    paid: bool = False
    answered: bool = False

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def pay(self, prompt_tokens: int | None, completion_tokens: int | None) -> None:
        """The server answered; with its usage when it reported one."""
        self.answered = True
        if prompt_tokens is not None and completion_tokens is not None:
            self.prompt_tokens, self.completion_tokens, self.paid = prompt_tokens, completion_tokens, True


_meter: ContextVar[Meter | None] = ContextVar("shopagent_llm_meter", default=None)


@contextmanager
def metering(meter: Meter) -> Iterator[Meter]:
    """Charge the LLM requests made inside this block (in this task and the threads it starts) to `meter`."""
    token = _meter.set(meter)
    try:
        yield meter
    finally:
        _meter.reset(token)


def budget_limited() -> bool:
    """Whether the requests made now count against a run's limit (only then is a prompt counted beforehand)."""
    meter = _meter.get()
    return meter is not None and meter.budget is not None and meter.budget.limit > 0


@contextmanager
def request(most_tokens: int) -> Iterator[Bill]:
    """One LLM request: held against the run's budget before it is made (LLMBudgetSpent when it could
    overspend), then charged what the server reports (`Bill.pay`); a request that failed costs nothing
    counted, and one whose server reported no usage is charged its hold against the budget."""
    meter = _meter.get()
    budget = meter.budget if meter is not None else None
    if budget is not None:
        budget.hold(most_tokens)
    bill = Bill()
    try:
        yield bill
    finally:
        if budget is not None:
            budget.settle(most_tokens, bill.total if bill.paid else most_tokens if bill.answered else 0)
        if meter is not None and bill.paid:
            meter.step.add(bill.prompt_tokens, bill.completion_tokens)
            meter.session.add(bill.prompt_tokens, bill.completion_tokens)
            meter.requests += 1
