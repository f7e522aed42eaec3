"""Run the store under uvicorn: in the foreground for `store serve`, or in a thread for simulations and tests."""

from __future__ import annotations

import errno
import socket
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import uvicorn

from shopagent.errors import BadInput
from shopagent.mock_store.app import create_app
from shopagent.mock_store.catalog import Catalog, load_catalog
from shopagent.mock_store.generate import generate_catalog
from shopagent.mock_store.variant import StoreVariant

LOOPBACK = "127.0.0.1"


@lru_cache(maxsize=4)
def _bundled_products() -> tuple:
    return tuple(generate_catalog())


def build_catalog(path: Path | str | None = None) -> Catalog:
    """The catalog from a JSON/CSV file, or the bundled seeded one."""
    products = load_catalog(path) if path else list(_bundled_products())
    return Catalog(products)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def bind_loopback(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1:port (0: any free port), bound before the server starts,
    so a busy port is one clear line and no other process can take the port in between."""
    # IPPROTO_TCP, not the default 0: asyncio turns Nagle off only for sockets that say they are
    # TCP, and with Nagle on every response (headers, then body) waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.bind((LOOPBACK, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise BadInput(f"port {port} on {LOOPBACK} is already in use; choose another with --port") from None
        raise BadInput(f"cannot listen on {LOOPBACK}:{port}: {exc.strerror}") from None
    sock.listen(128)
    return sock


class StoreServer:
    """A uvicorn server on 127.0.0.1 in a background thread; use as a context manager."""

    def __init__(self, catalog: Catalog | None = None, port: int = 0, variant: StoreVariant | None = None) -> None:
        self.app = create_app(catalog or build_catalog(), variant)
        self._socket = bind_loopback(port)
        self.port: int = self._socket.getsockname()[1]
        config = uvicorn.Config(self.app, log_level="warning", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]}, name="shopagent-store", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def start(self) -> StoreServer:
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the store did not start on port {self.port}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)
        self._socket.close()

    def __enter__(self) -> StoreServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_forever(
    port: int = 8000, catalog_path: Path | None = None, on_ready: Callable[[str], None] | None = None, variant: StoreVariant | None = None
) -> None:
    """Serve in the foreground until interrupted; a busy port raises BadInput before anything is printed."""
    app = create_app(build_catalog(catalog_path), variant)
    sock = bind_loopback(port)
    if on_ready:
        on_ready(f"http://{LOOPBACK}:{port}/")
    try:
        uvicorn.Server(uvicorn.Config(app, log_level="info")).run(sockets=[sock])
    finally:
        sock.close()
