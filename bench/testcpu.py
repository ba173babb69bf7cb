"""Where the test suite's time goes: CPU per test, the test process's own and its children's.

As a pytest plugin it records, around each test, the wall time and ``resource.getrusage`` for the process
and for the programs it waited for (git, shells, ``ilrs`` subprocesses), one JSON file per xdist worker:

    PYTHONPATH=bench python -m pytest -p testcpu            # the quick loop; add --slow for the whole one

Run as a script it sums those files by test file, costliest first:

    python bench/testcpu.py [--tests N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

OUT = Path(__file__).resolve().parent / "out" / "testcpu"
_records: list[tuple[str, float, float, float]] = []  # (test id, wall, own CPU, children's CPU)


def _cpu() -> tuple[float, float]:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def pytest_sessionstart(session: pytest.Session) -> None:
    """A fresh set of files for this run (the controller clears them before its workers start)."""
    if not hasattr(session.config, "workerinput"):
        OUT.mkdir(parents=True, exist_ok=True)
        for old in OUT.glob("*.json"):
            old.unlink()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    """Measure one test: set-up, call and tear-down."""
    start, (own, children) = time.perf_counter(), _cpu()
    yield
    end_own, end_children = _cpu()
    _records.append((item.nodeid, time.perf_counter() - start, end_own - own, end_children - children))


def pytest_sessionfinish() -> None:
    """Write this process's measurements (the controller of an xdist run has none)."""
    if _records:
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"{os.getpid()}.json").write_text(json.dumps(_records), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description="Sum the last measured run by test file.")
    parser.add_argument("--tests", type=int, default=0, help="also list the N costliest tests")
    args = parser.parse_args()
    rows = [row for path in sorted(OUT.glob("*.json")) for row in json.loads(path.read_text(encoding="utf-8"))]
    if not rows:
        print(f"no measurements in {OUT}: run PYTHONPATH=bench python -m pytest -p testcpu first")
        return 1
    files: dict[str, list[float]] = {}
    for test, wall, own, children in rows:
        total = files.setdefault(test.split("::")[0], [0.0, 0.0, 0.0, 0.0])
        total[0], total[1], total[2], total[3] = total[0] + 1, total[1] + wall, total[2] + own, total[3] + children
    own_sum, children_sum = sum(r[2] for r in rows), sum(r[3] for r in rows)
    print(f"{len(rows)} tests: CPU {own_sum + children_sum:.1f} s ({own_sum:.1f} s own, {children_sum:.1f} s children)")
    print(f"{'CPU s':>7} {'own':>6} {'child':>6} {'wall s':>7} {'tests':>5}  file")
    for name, (count, wall, own, children) in sorted(files.items(), key=lambda kv: -(kv[1][2] + kv[1][3])):
        print(f"{own + children:7.2f} {own:6.2f} {children:6.2f} {wall:7.2f} {int(count):5d}  {name}")
    for test, wall, own, children in sorted(rows, key=lambda r: -(r[2] + r[3]))[: args.tests]:
        print(f"{own + children:7.2f} {wall:7.2f}  {test}")
    return 0


if __name__ == "__main__":
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:  # `| head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 0
    raise SystemExit(status)
