"""Shared fixtures: a real uvicorn store and a real static server for foreign storefronts, both on 127.0.0.1."""

from __future__ import annotations

import asyncio
import functools
import http.server
import threading
import time
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterator

import pytest

from shopagent.mock_store.server import StoreServer, free_port
from tests.chat_server import ChatServer

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def store() -> Iterator[StoreServer]:
    with StoreServer() as server:
        yield server


@pytest.fixture(scope="session")
def fixture_site() -> Iterator[str]:
    """Serves tests/fixtures/ (the foreign storefronts) on a free loopback port."""
    handler = functools.partial(_QuietHandler, directory=str(FIXTURES))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


def run(coro_fn: Callable[..., Awaitable[Any]]) -> Callable[..., Any]:
    """Run an async test body in its own event loop (Playwright objects live in one loop)."""

    @functools.wraps(coro_fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return asyncio.run(coro_fn(*args, **kwargs))

    return wrapper


@pytest.fixture(scope="session")
def chat_server() -> Iterator[ChatServer]:
    server = ChatServer()
    server.thread.start()
    while not server.server.started:
        time.sleep(0.02)
    yield server
    server.server.should_exit = True
