"""Concurrent writers campaign: N `ilrs add` processes started at once on one ledger copy.

Prints, per run: how many landed, exit statuses, the longest and median wall time of a writer (its wait for
the lock included). Usage: python bench/writers.py [--writers 48] [--runs 3] [--timeout SECONDS]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Runs ilrs with the time spent waiting for the ledger's lock reported on stderr ("lock-wait SECONDS").
DRIVER = """
import sys, time
try:
    from ilrs_cli.store import lock
    owner = lock if hasattr(lock, "acquire") else None
except ImportError:
    owner = None
if owner is None:  # an ilrs before store/lock.py: filelock's polling lock
    import filelock
    owner = filelock.BaseFileLock
real = owner.acquire
def timed(*args, **kwargs):
    start = time.monotonic()
    try:
        return real(*args, **kwargs)
    finally:
        sys.stderr.write(f"lock-wait {time.monotonic() - start:.3f}\\n")
owner.acquire = timed
sys.argv = ["ilrs", *sys.argv[1:]]
try:
    from ilrs_cli.launch import main
except ImportError:
    from ilrs_cli.cli import main
main()
"""
ADD = ["--kind", "company", "--signed", "2024", "--source", "https://e.org"]


def campaign(writers: int, timeout: str | None) -> tuple[int, list[int], list[float], list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        ledger = Path(tmp) / "members.toml"
        shutil.copyfile(ROOT / "tests" / "data" / "members-0.1.toml", ledger)
        env = {**os.environ}
        if timeout is not None:
            env["ILRS_LOCK_TIMEOUT"] = timeout
        starts, procs = [], []
        for n in range(writers):
            starts.append(time.monotonic())
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-c", DRIVER, "add", f"Writer {n}", *ADD, "--ledger", str(ledger)],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    env=env,
                )
            )
        codes, times, waits = [], [], []
        for start, proc in zip(starts, procs, strict=True):
            _, err = proc.communicate()
            codes.append(proc.returncode)
            times.append(time.monotonic() - start)
            waits += [float(line.split()[1]) for line in err.decode().splitlines() if line.startswith("lock-wait ")]
        ids = {p["id"] for p in tomllib.loads(ledger.read_text())["participant"]}
        landed = sum(f"writer-{n}" in ids for n in range(writers))
        return landed, codes, times, waits


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=48)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", default=None, help="ILRS_LOCK_TIMEOUT for the writers (default: ilrs's)")
    args = parser.parse_args()
    for run in range(1, args.runs + 1):
        landed, codes, times, waits = campaign(args.writers, args.timeout)
        failed = sorted(c for c in codes if c)
        print(
            f"run {run}: {landed}/{args.writers} landed, failures {failed or 'none'}, "
            f"lock wait max {max(waits):.1f} s, median {statistics.median(waits):.1f} s; "
            f"writer wall time max {max(times):.1f} s, median {statistics.median(times):.1f} s"
        )


if __name__ == "__main__":
    main()
