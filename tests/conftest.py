"""Shared fixtures: a real uvicorn store and a real static server for foreign storefronts, both on 127.0.0.1."""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from shopagent.mock_store.server import StoreServer, free_port
from shopagent.replay.importers.webshop import import_webshop
from shopagent.types import Session
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


@pytest.fixture(scope="session")
def chat_server() -> Iterator[ChatServer]:
    server = ChatServer()
    server.thread.start()
    while not server.server.started:
        time.sleep(0.02)
    yield server
    server.server.should_exit = True


WEBSHOP = FIXTURES / "webshop" / "il_trajs_sample.jsonl"


@functools.lru_cache(maxsize=1)
def _webshop_fixture() -> tuple[Session, ...]:
    # In a thread of its own, so an async test (already inside an event loop) can ask for it too.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return tuple(pool.submit(lambda: asyncio.run(import_webshop(WEBSHOP))).result())


def webshop_sessions() -> list[Session]:
    """The two WebShop fixture sessions, imported once (through Chromium) and copied for each caller."""
    return [s.model_copy(deep=True) for s in _webshop_fixture()]
