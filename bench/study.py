"""A two-arm study of 40 personas, run locally and then on a local Ray cluster. Prints JSON.

Target (issue 19): per-session time on Ray at most 1.2x local, on the same machine.
    .venv/bin/python bench/study.py [--personas 40] [--concurrency 4]

Both runs are `shopagent study` itself (the same study file: the bundled store against a
variant with free shipping from $50), at the same concurrency. The Ray run starts a
one-node cluster with `ray start --head` on 127.0.0.1 with as many CPUs as the
concurrency, so it runs as many shoppers at once as the local run. Local runs share one
Chromium between shoppers; each Ray worker has its own.

Per session: the mean wall time from a session's header to its end record. Memory: the
machine's used memory, sampled twice a second, peak above the idle baseline, divided by
the shoppers at once.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import psutil
import yaml

from shopagent.mock_store.server import free_port
from shopagent.sessionlog import read_sessions

ROOT = Path(__file__).resolve().parents[1]
RAY = str(Path(sys.executable).parent / "ray")


def write_study(folder: Path, personas: int, concurrency: int) -> Path:
    study = {
        "name": "bench-free-shipping",
        "personas": {"generate": personas, "seed": 1, "unmet": 0.2},
        "arms": [{"name": "control"}, {"name": "threshold-50", "variant": str(ROOT / "examples/variants/free-shipping-50.yaml")}],
        "concurrency": concurrency,
    }
    path = folder / "study.yaml"
    path.write_text(yaml.safe_dump(study))
    return path


class MemoryPeak:
    """The peak of the machine's used memory above what it was when sampling began."""

    def __init__(self) -> None:
        self.baseline = psutil.virtual_memory().used
        self.peak = self.baseline
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while self.running:
            self.peak = max(self.peak, psutil.virtual_memory().used)
            time.sleep(0.5)

    def stop(self) -> float:
        self.running = False
        self.thread.join()
        return (self.peak - self.baseline) / 2**20


def run(study: Path, out: Path, concurrency: int, extra: list[str]) -> dict[str, float]:
    memory = MemoryPeak()
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "shopagent", "study", str(study), "--out", str(out), *extra], check=True, capture_output=True)
    wall = time.perf_counter() - started
    extra_mb = memory.stop()
    sessions = [s for arm in (out / "arms").iterdir() for s in read_sessions([arm / "sessions.jsonl"])]
    per_session = [
        (datetime.fromisoformat(s.end.at) - datetime.fromisoformat(s.header.started_at)).total_seconds() for s in sessions if s.end
    ]
    steps = sum(len(s.steps) for s in sessions)
    return {
        "sessions": len(sessions),
        "wall_s": round(wall, 1),
        "steps": steps,
        "steps_per_s": round(steps / wall, 2),
        "per_session_s_mean": round(statistics.fmean(per_session), 2),
        "per_session_s_median": round(statistics.median(per_session), 2),
        "extra_memory_mb_per_shopper": round(extra_mb / concurrency, 1),
        "conversion": {arm.name: json.loads((arm / "report.json").read_text())["conversion"] for arm in (out / "arms").iterdir()},
    }


def start_ray(cpus: int, temp: str) -> str:
    address = f"127.0.0.1:{free_port()}"
    head = [RAY, "start", "--head", "--port", address.split(":")[1], "--num-cpus", str(cpus), "--include-dashboard", "false"]
    subprocess.run([*head, "--temp-dir", temp, "--node-ip-address", "127.0.0.1", "--disable-usage-stats"], check=True, capture_output=True)
    return address


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--personas", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-study"))
    temp = tempfile.mkdtemp(prefix="ray", dir="/tmp")
    try:
        study = write_study(work, args.personas, args.concurrency)
        local = run(study, work / "local", args.concurrency, [])
        address = start_ray(args.concurrency, temp)
        try:
            on_ray = run(study, work / "ray", args.concurrency, ["--ray", address])
        finally:
            subprocess.run([RAY, "stop", "--force"], capture_output=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(temp, ignore_errors=True)
    ratio = on_ray["per_session_s_mean"] / local["per_session_s_mean"]
    result = {
        "personas": args.personas,
        "arms": 2,
        "concurrency": args.concurrency,
        "cpus": psutil.cpu_count(),
        "local": local,
        "ray": on_ray,
        "per_session_ray_vs_local": round(ratio, 2),
        "target_per_session_ratio_at_most": 1.2,
        "same_outcomes": local["conversion"] == on_ray["conversion"],
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
