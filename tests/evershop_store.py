"""The EverShop test store (a client-rendered React storefront, from the npm registry) for the tests.

Set up once by scripts/evershop_store/setup.sh into .evershop/. Each `serve()` copies the seeded
PostgreSQL cluster to a temporary folder, starts PostgreSQL and EverShop on free ports of 127.0.0.1,
and stops both (by process group) when it ends: every serve starts from the seeded catalogue, and
two test runs at once do not share a database.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx

from shopagent.mock_store.server import free_port

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts" / "evershop_store"
HOME = ROOT / ".evershop"
APP = HOME / "app"
AS_ROOT = os.geteuid() == 0  # PostgreSQL will not run as root: then it runs as the postgres user
_running: dict[str, int] = {}  # the database port of the store being served, for orders()


def set_up() -> None:
    """Install, build and seed the store unless .evershop/ already holds this version; fails with the script's last words."""
    done = subprocess.run(["bash", str(SCRIPTS / "setup.sh")], capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise RuntimeError(f"the EverShop test store could not be set up (scripts/evershop_store/setup.sh):\n{tail}")


def _pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise RuntimeError("no PostgreSQL server under /usr/lib/postgresql: run scripts/evershop_store/setup.sh")
    return found[-1].parent


def _stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Stop a process started in its own session, and everything it started."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        except ProcessLookupError:
            pass


def _wait(ready, process: subprocess.Popen, what: str, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if process.poll() is not None or time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{what} did not start:\n{tail}")
        time.sleep(0.3)


@contextmanager
def _postgres(tmp: Path) -> Iterator[int]:
    """A copy of the seeded cluster, served on 127.0.0.1 only (no Unix socket); yields its port."""
    data = tmp / "data"
    shutil.copytree(HOME / "pg" / "data", data, symlinks=True)
    if AS_ROOT:
        for path in [tmp, *tmp.rglob("*")]:
            os.chown(path, *_postgres_ids())
    port = free_port()
    command = [str(_pg_bin() / "postgres"), "-D", str(data), "-c", "listen_addresses=127.0.0.1", "-c", f"port={port}"]
    command += ["-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "full_page_writes=off"]
    log = tmp / "postgres.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            (["runuser", "-u", "postgres", "--"] if AS_ROOT else []) + command, stdout=out, stderr=out, start_new_session=True
        )
    pg_isready = [str(_pg_bin() / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(port)]
    try:
        _wait(lambda: subprocess.run(pg_isready).returncode == 0, server, "PostgreSQL for the EverShop store", log, 60)
        yield port
    finally:
        _stop(server, signal.SIGINT)  # a fast shutdown


def _postgres_ids() -> tuple[int, int]:
    import pwd

    entry = pwd.getpwnam("postgres")
    return entry.pw_uid, entry.pw_gid


def _environment(port: int, db_port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DB_HOST="127.0.0.1",
        DB_PORT=str(db_port),
        DB_NAME="evershop",
        DB_USER="postgres",
        DB_PASSWORD="",
        DB_SSLMODE="disable",
        PORT=str(port),
        NODE_CONFIG_DIR=str(SCRIPTS / "config"),
        NODE_CONFIG=json.dumps({"shop": {"homeUrl": f"http://127.0.0.1:{port}"}}),
        NODE_OPTIONS=f"--require {SCRIPTS / 'loopback.cjs'}",  # its server would listen on every interface
        SUPPRESS_NO_CONFIG_WARNING="1",
        NODE_NO_WARNINGS="1",
    )
    return env


@contextmanager
def serve() -> Iterator[str]:
    """The store on http://127.0.0.1:PORT/, with its own copy of the seeded database, until the block ends."""
    set_up()
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="evershop-")))
        db_port = stack.enter_context(_postgres(tmp))
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        log = tmp / "evershop.log"
        with log.open("wb") as out:
            server = subprocess.Popen(
                [str(APP / "node_modules" / ".bin" / "evershop"), "start"],
                cwd=APP,
                env=_environment(port, db_port),
                stdout=out,
                stderr=out,
                start_new_session=True,  # its event and cron workers are stopped with it
            )
        stack.callback(_stop, server)

        def answers() -> bool:
            try:
                return httpx.get(url, timeout=5, trust_env=False).status_code == 200
            except httpx.HTTPError:
                return False

        _wait(answers, server, "the EverShop test store", log, 120)
        _running["db_port"] = db_port
        stack.callback(_running.pop, "db_port", None)
        yield url


ORDERS_SQL = """
SELECT coalesce(json_agg(o ORDER BY o.order_id), '[]') FROM (
  SELECT "order".order_id, order_number AS number, customer_email AS email, customer_full_name AS name,
         grand_total::text AS total, payment_method, shipping_method_data->'snapshot'->>'name' AS shipping,
         (SELECT json_agg(json_build_object('name', product_name, 'sku', product_sku, 'options', variant_options, 'quantity', qty)
                          ORDER BY order_item_id)
            FROM order_item WHERE order_item_order_id = "order".order_id) AS lines
  FROM "order") o
"""


def orders() -> list[dict]:
    """What the store being served recorded, read from its own PostgreSQL database.

    Each line names the product, its SKU, the variant's options as the store labels them
    ({"Color": "Navy", "Size": "M"}) and a title in the form the Oscar store uses
    ("Merino Crew Sweater, Navy, M").
    """
    if "db_port" not in _running:
        raise RuntimeError("orders() reads the store that evershop_store.serve() is serving: none is")
    psql = [str(_pg_bin() / "psql"), "-h", "127.0.0.1", "-p", str(_running["db_port"]), "-U", "postgres", "-d", "evershop"]
    done = subprocess.run([*psql, "-Atc", ORDERS_SQL], capture_output=True, text=True, check=True, timeout=60)
    found = json.loads(done.stdout)
    for order in found:
        order.pop("order_id")
        for line in order["lines"] or []:
            chosen = json.loads(line["options"] or "[]")
            line["options"] = {o["attribute_name"]: o["option_text"] for o in chosen}
            line["title"] = ", ".join([line["name"], *line["options"].values()])
    return found


def order_by_api(url: str, email: str, sku: str, country: str = "US", province: str = "US-OR") -> str:
    """Buy one of `sku` through the storefront's own REST API as a guest (cash on delivery); returns the order number."""
    with httpx.Client(base_url=url.rstrip("/") + "/api", timeout=30, trust_env=False) as api:

        def post(path: str, body: dict) -> dict:
            reply = api.post(path, json=body)
            if reply.status_code != 200:
                raise RuntimeError(f"POST {path}: {reply.status_code} {reply.text[:300]}")
            return reply.json()["data"]

        cart = post("/carts", {"customer_email": email, "customer_full_name": "Api Buyer", "items": [{"sku": sku, "qty": 1}]})["cartId"]
        post(f"/carts/{cart}/contacts", {"email": email})
        address = {"full_name": "Api Buyer", "telephone": "5035550100", "address_1": "1 Main St", "city": "Portland"}
        address |= {"country": country, "province": province, "postcode": "97201"}
        for kind in ("shipping", "billing"):
            post(f"/carts/{cart}/addresses", {"type": kind, "address": address})
        post(f"/carts/{cart}/shippingMethods", {"provider_code": "core", "method_code": _standard_shipping_code()})
        post(f"/carts/{cart}/paymentMethods", {"method_code": "cod"})
        return post("/orders", {"cart_id": cart})["order_number"]


def _standard_shipping_code() -> str:
    psql = [str(_pg_bin() / "psql"), "-h", "127.0.0.1", "-p", str(_running["db_port"]), "-U", "postgres", "-d", "evershop"]
    sql = "SELECT uuid FROM core_shipping_method WHERE name = 'Standard Shipping'"
    return subprocess.run([*psql, "-Atc", sql], capture_output=True, text=True, check=True, timeout=30).stdout.strip()
