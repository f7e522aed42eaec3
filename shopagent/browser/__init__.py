"""The eyes and hands of every shopper: launch Chromium, observe pages, execute actions."""

from shopagent.browser.actions import execute
from shopagent.browser.observe import count_tokens, observe
from shopagent.browser.session import Browser, Shopper

__all__ = ["Browser", "Shopper", "count_tokens", "execute", "observe"]
