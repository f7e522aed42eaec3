"""The post-session interview: the questions every study asks unless it brings its own."""

from __future__ import annotations

from shopagent.types import Question

DEFAULT_QUESTIONS: tuple[Question, ...] = (
    Question(id="goal", topic="goal", text="What were you looking for, and did you find it?"),
    Question(id="outcome", topic="outcome", text="Why did you buy, or what made you stop?"),
    Question(id="ease", topic="ease", rating=True, text="How easy was this store to shop, from 1 (very hard) to 5 (very easy), and why?"),
    Question(id="improve", topic="improvement", text="What one change would have helped you most?"),
)
