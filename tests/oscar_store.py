"""The Oscar test store (django-oscar, from PyPI) for the tests: set up once by its script, served on 127.0.0.1, stopped by PID."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from shopagent.mock_store.server import free_port

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts" / "oscar_store"
PYTHON = ROOT / ".oscar" / "venv" / "bin" / "python"


def set_up() -> None:
    subprocess.run(["bash", str(SCRIPTS / "setup.sh")], check=True, timeout=900)


@contextmanager
def serve() -> Iterator[str]:
    set_up()
    port = free_port()
    server = subprocess.Popen(
        [str(PYTHON), str(SCRIPTS / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url, timeout=2, trust_env=False)
                break
            except httpx.HTTPError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the Oscar test store did not start") from None
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def orders() -> list[dict]:
    """What the store itself recorded, read from its database by its own models."""
    done = subprocess.run([str(PYTHON), str(SCRIPTS / "orders.py")], capture_output=True, text=True, check=True, timeout=60)
    return json.loads(done.stdout)
