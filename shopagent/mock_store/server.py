"""Run the store under uvicorn: in the foreground for `store serve`, or in a thread for simulations and tests."""

from __future__ import annotations

import socket
import threading
import time
from functools import lru_cache
from pathlib import Path

import uvicorn

from shopagent.mock_store.app import create_app
from shopagent.mock_store.catalog import Catalog, load_catalog
from shopagent.mock_store.generate import generate_catalog

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


class StoreServer:
    """A uvicorn server on 127.0.0.1 in a background thread; use as a context manager."""

    def __init__(self, catalog: Catalog | None = None, port: int | None = None) -> None:
        self.app = create_app(catalog or build_catalog())
        self.port = port or free_port()
        config = uvicorn.Config(self.app, host=LOOPBACK, port=self.port, log_level="warning", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="shopagent-store", daemon=True)

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

    def __enter__(self) -> StoreServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_forever(port: int = 8000, catalog_path: Path | None = None) -> None:
    app = create_app(build_catalog(catalog_path))
    uvicorn.run(app, host=LOOPBACK, port=port, log_level="info")
