"""Benchmark whole `ilrs` processes against `python -c pass`, in alternating pairs, on this machine.

Each measure runs the command and its baseline A B A B ... after a warm-up, and reports the median
wall time, the median of the per-pair ratios (noise on a shared machine drifts; a ratio from one pair
does not) and the peak memory (max RSS) of the command. The installed console script next to this
interpreter is timed, never a version-manager shim.

    python bench/run.py            # full run (1k, 10k, 100k ledgers); updates bench/RESULTS.md
    python bench/run.py --smoke    # a small ledger, few pairs: checks the suite works (CI)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
ILRS = str(BIN / "ilrs")
BASELINE = [sys.executable, "-c", "pass"]


@dataclass
class Measure:
    """One benchmarked command and its target."""

    label: str
    argv: list[str] | Callable[[int], list[str]]  # a callable gets the run number (fresh names for `add`)
    target: str = ""  # e.g. "ratio<=6" or "seconds<=0.35" or "rss<=600"
    pairs: int = 20

    def command(self, run: int) -> list[str]:
        """The argv of run number ``run``."""
        return self.argv(run) if callable(self.argv) else self.argv


@dataclass
class Result:
    """What one measure gave."""

    measure: Measure
    seconds: float
    ratio: float
    rss_mib: float

    def verdict(self) -> str:
        """Whether the target holds."""
        if not self.measure.target:
            return ""
        ok = True
        for clause in self.measure.target.split(","):
            name, limit = clause.split("<=")
            value = {"ratio": self.ratio, "seconds": self.seconds, "rss": self.rss_mib}[name]
            ok = ok and value <= float(limit)
        return "met" if ok else "MISSED"


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time (s) and max RSS (MiB) of one process, stdout to /dev/null (not a terminal)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(argv)}")
    return elapsed, usage.ru_maxrss / 1024


def peak_rss(argv: list[str], env: dict[str, str]) -> float | None:
    """Max RSS (MiB) of one run, from GNU time: a child forked from this larger process would
    otherwise report this process's pages too."""
    if not Path("/usr/bin/time").exists():
        return None
    with tempfile.NamedTemporaryFile("r") as out:
        subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", out.name, *argv],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            check=False,
        )
        text = out.read().strip().splitlines()
    return int(text[-1]) / 1024 if text and text[-1].isdigit() else None


def run_measure(measure: Measure, env: dict[str, str]) -> Result:
    """Warm up, then alternate baseline and command; medians of times and per-pair ratios."""
    for run in range(2):
        timed(measure.command(run), env)
    times, ratios, peaks = [], [], []
    for run in range(2, measure.pairs + 2):
        base, _ = timed(BASELINE, env)
        took, rss = timed(measure.command(run), env)
        times.append(took)
        ratios.append(took / base)
        peaks.append(rss)
    peak = peak_rss(measure.command(measure.pairs + 2), env)
    return Result(
        measure, statistics.median(times), statistics.median(ratios), peak if peak is not None else max(peaks)
    )


def generate(count: int, path: Path) -> Path:
    """A seeded synthetic ledger (same bytes for the same count)."""
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(count), str(path)], check=True)
    return path


def measures(work: Path, smoke: bool) -> list[Measure]:
    """What to measure (smoke: a small ledger and 3 pairs each)."""
    sizes = {"200": 200} if smoke else {"1k": 1_000, "10k": 10_000, "100k": 100_000}
    ledgers = {name: generate(n, work / f"ledger-{name}.toml") for name, n in sizes.items()}
    pairs = 3 if smoke else 20
    out: list[Measure] = [
        Measure("`ilrs list` piped, bundled ledger", [ILRS, "list"], "ratio<=6", pairs),
        Measure("`ilrs --help`", [ILRS, "--help"], "ratio<=8", pairs),
    ]
    for name, path in ledgers.items():
        big = name == "100k"
        n = 5 if big else pairs
        target = {"10k": "seconds<=0.35", "100k": "seconds<=3.5,rss<=600"}.get(name, "")
        out.append(Measure(f"`ilrs list` piped, {name} ledger", [ILRS, "list", "--ledger", str(path)], target, n))
        out.append(
            Measure(
                f"`ilrs check`, {name} ledger",
                [ILRS, "check", "--ledger", str(path)],
                "seconds<=0.8" if name == "10k" else "",
                n,
            )
        )
        if big:
            continue
        target = "seconds<=0.6" if name == "10k" else ""
        out.append(
            Measure(f"`ilrs timeline` piped, {name} ledger", [ILRS, "timeline", "--ledger", str(path)], target, n)
        )
        old = work / f"old-{name}.toml"
        if not old.exists():
            shutil.copyfile(path, old)
            subprocess.run(
                [ILRS, "withdraw", "--ledger", str(old), "--date", "2026", "--", _first_id(path)],
                check=True,
                capture_output=True,
            )
        out.append(Measure(f"`ilrs diff OLD NEW` piped, {name} ledger", [ILRS, "diff", str(old), str(path)], target, n))
        copy = work / f"add-{name}.toml"
        shutil.copyfile(path, copy)
        out.append(
            Measure(
                f"`ilrs add` to a {name} ledger",
                _add_argv(copy),
                "seconds<=0.8" if name == "10k" else "",
                n,
            )
        )
    table_ledger = ledgers.get("1k", next(iter(ledgers.values())))
    out.append(
        Measure(
            "terminal table, 1k participants",
            [ILRS, "list", "--format", "table", "--ledger", str(table_ledger)],
            "seconds<=0.6",
            pairs,
        )
    )
    return out


def _add_argv(ledger: Path) -> Callable[[int], list[str]]:
    """The argv of `ilrs add` run number ``run`` on ``ledger`` (a fresh name each run)."""

    def argv(run: int) -> list[str]:
        return [
            ILRS,
            "add",
            "--ledger",
            str(ledger),
            "--kind",
            "company",
            "--signed",
            "2025-01",
            "--source",
            "https://example.org/b",
            "--",
            f"Bench {run}",
        ]

    return argv


def _first_id(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith('id = "'):
            return line.split('"')[1]
    raise SystemExit("no participant in generated ledger")


def versions() -> str:
    """Machine, Python and package versions."""
    packages = ", ".join(
        f"{p} {metadata.version(p)}" for p in ("ilrs-cli", "typer", "rich", "tomli", "tomli_w", "filelock")
    )
    return (
        f"- date: {dt.date.today().isoformat()}\n- machine: {platform.platform()}, {os.cpu_count()} cores\n"
        f"- Python {platform.python_version()} ({sys.executable})\n- packages: {packages}\n"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="small ledger, 3 pairs; writes bench/out/smoke.md")
    parser.add_argument("--only", help="run only measures whose label contains this text")
    args = parser.parse_args()
    work = HERE / "out"
    work.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "HOME": home,
            "XDG_DATA_HOME": f"{home}/data",
            "COLUMNS": "100",
            "NO_COLOR": "1",
        }
        env.pop("ILRS_LEDGER", None)
        results = []
        for measure in measures(work, args.smoke):
            if args.only and args.only not in measure.label:
                continue
            result = run_measure(measure, env)
            results.append(result)
            print(
                f"{measure.label}: {result.seconds:.3f} s, {result.ratio:.1f}x, {result.rss_mib:.0f} MiB "
                f"{result.verdict()}",
                flush=True,
            )
    lines = [
        "| measure | median | x `python -c pass` | peak RSS | target | |",
        "|---|---|---|---|---|---|",
    ]
    units = {"ratio": "≤ {}x", "seconds": "≤ {} s", "rss": "≤ {} MiB"}
    for r in results:
        clauses = [c.split("<=") for c in r.measure.target.split(",") if c]
        target = ", ".join(units[name].format(limit) for name, limit in clauses)
        row = [r.measure.label, f"{r.seconds:.3f} s", f"{r.ratio:.1f}", f"{r.rss_mib:.0f} MiB", target, r.verdict()]
        lines.append("| " + " | ".join(row) + " |")
    report = "\n".join(lines) + "\n\n" + versions()
    if args.smoke:
        out = work / "smoke.md"
        out.write_text(report, encoding="utf-8")
    else:  # replace the measured section of RESULTS.md, keeping the prose around it
        out = HERE / "RESULTS.md"
        text = out.read_text(encoding="utf-8")
        start, end = "<!-- results:start -->\n", "<!-- results:end -->"
        head, rest = text.split(start, 1)
        out.write_text(head + start + report + rest[rest.index(end) :], encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
