"""First reads against the TOML parse alone: whole processes, in alternating pairs, medians of ratios.

For each ledger, four processes are run in turn, after a warm-up, PAIRS rounds:

    parse   python -c "import tomli; tomli.load(...)"   (the TOML parse alone: the floor of any first read)
    show    ilrs show --ledger FILE ID                 (a first read: read, parse, validate, one record out)
    list    ilrs list --ledger FILE > /dev/null        (a first read and every row printed)
    check   ilrs check FILE > /dev/null                (a first read, every check, the canonical test)

The report gives the medians of wall time and of CPU time (user + system: steadier on a shared machine)
with the medians of the per-round ratios against the parse of the same round (drift cancels out), and
the peak memory (max RSS, GNU time) with its ratio to the parse's.

    python bench/firstread.py                 # 1k, 10k, 100k, both shapes; rewrites the table in RESULTS.md
    python bench/firstread.py --sizes 1000 --pairs 3 --no-write     # a quick look
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
ILRS = str(Path(sys.executable).parent / "ilrs")
PARSE = "import sys, tomli\nwith open(sys.argv[1], 'rb') as f: tomli.load(f)"
SHAPES = ("typical", "rich")


def ledger(count: int, shape: str) -> Path:
    """A seeded synthetic ledger of ``count`` participants (made once, kept in bench/out)."""
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    path = out / f"ledger-{shape}-{count}.toml"
    if not path.exists():
        command = [sys.executable, str(HERE / "generate.py"), str(count), str(path), "--shape", shape]
        subprocess.run(command, check=True)
    return path


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one process, output discarded; a failure stops the run."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"benchmark command failed ({status}): {' '.join(argv)}")
    return took, usage.ru_utime + usage.ru_stime


def peak_mib(argv: list[str], env: dict[str, str]) -> float:
    """Max RSS of one run, from GNU time (MiB)."""
    with tempfile.NamedTemporaryFile("r") as out:
        command = ["/usr/bin/time", "-f", "%M", "-o", out.name, *argv]
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
        return int(out.read().split()[-1]) / 1024


def first_id(path: Path) -> str:
    """The id of the first participant in a generated ledger (for `ilrs show`)."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith('id = "'):
                return line.split('"')[1]
    raise SystemExit(f"{path}: no participant")


class Figures(NamedTuple):
    """One command on one ledger: medians of wall time, of CPU time and of their ratios to the parse."""

    wall: float
    wall_ratio: float
    cpu: float
    cpu_ratio: float
    peak_mib: float


def measure(path: Path, pairs: int, env: dict[str, str]) -> dict[str, Figures]:
    """The figures of each command on one ledger, in rounds of parse, show, list, check."""
    commands = {
        "parse": [sys.executable, "-c", PARSE, str(path)],
        "show": [ILRS, "show", "--ledger", str(path), first_id(path)],
        "list": [ILRS, "list", "--ledger", str(path)],
        "check": [ILRS, "check", str(path)],
    }
    for argv in commands.values():  # warm-up: page cache, .pyc files
        timed(argv, env)
    runs: dict[str, list[tuple[float, float, float, float]]] = {name: [] for name in commands}
    for _ in range(pairs):
        base_wall, base_cpu = timed(commands["parse"], env)
        for name, argv in commands.items():
            wall, cpu = (base_wall, base_cpu) if name == "parse" else timed(argv, env)
            runs[name].append((wall, wall / base_wall, cpu, cpu / base_cpu))
    return {name: figures(runs[name], peak_mib(argv, env)) for name, argv in commands.items()}


def figures(rounds: list[tuple[float, float, float, float]], peak: float) -> Figures:
    """The medians of each column of ``rounds`` (wall, wall ratio, cpu, cpu ratio) and the peak memory."""
    wall, wall_ratio, cpu, cpu_ratio = (statistics.median(column) for column in zip(*rounds, strict=True))
    return Figures(wall, wall_ratio, cpu, cpu_ratio, peak)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated participant counts")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--pairs", type=int, default=0, help="rounds per ledger (default: 15, 5 at 100k)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args()
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("ILRS_LEDGER", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed ilrs has its .pyc files; the warm-up writes them
    lines = [
        "| ledger | size | command | wall | x parse | CPU | x parse | peak RSS | x parse |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for shape in args.shapes.split(","):
        for count in (int(n) for n in args.sizes.split(",")):
            path = ledger(count, shape)
            pairs = args.pairs or (5 if count >= 100_000 else 15)
            got = measure(path, pairs, env)
            size = f"{path.stat().st_size / 2**20:.1f} MiB"
            for name, f in got.items():
                label = "parse alone (tomli)" if name == "parse" else f"`ilrs {name}`"
                ratio = f"{f.peak_mib / got['parse'].peak_mib:.2f}"
                row = (
                    f"| {count:,} {shape} | {size} | {label} | {f.wall:.3f} s | {f.wall_ratio:.2f} "
                    f"| {f.cpu:.3f} s | {f.cpu_ratio:.2f} | {f.peak_mib:.0f} MiB | {ratio} |"
                )
                print(row, flush=True)
                lines.append(row)
    if not args.no_write:
        out = HERE / "RESULTS.md"
        text = out.read_text(encoding="utf-8")
        start, end = "<!-- firstread:start -->\n", "<!-- firstread:end -->"
        head, rest = text.split(start, 1)
        out.write_text(head + start + "\n".join(lines) + "\n" + rest[rest.index(end) :], encoding="utf-8")
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
