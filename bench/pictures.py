"""Benchmark the pictures (chart, map, report) as whole `ilrs` processes, the way bench/run.py does.

Besides the median wall time it records the median CPU time (user + system, from wait4) of the
process: on a shared machine under load the wall time waits for a core, the CPU time does not, and on
an idle machine the two agree. Targets are judged on the CPU time; the wall time of `python -c pass`
measured alongside shows how loaded the machine was.

python bench/pictures.py            # bundled and 10k ledgers; updates the pictures section of bench/RESULTS.md
python bench/pictures.py --smoke    # the bundled ledger and a 200-participant one, 2 pairs each
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from run import BASELINE, HERE, ILRS, Measure, generate, peak_rss

RESULTS = HERE / "RESULTS.md"
START, END = "<!-- pictures:start -->", "<!-- pictures:end -->"


def measures(work: Path, smoke: bool) -> list[Measure]:
    """Each picture of the bundled ledger (target: well under a second) and of a large one (a few seconds)."""
    pairs = 2 if smoke else 10
    out = []
    null = str(work / "picture.out")  # a real file: the atomic write is part of the cost
    for name, ledger in [("bundled", None), ("200" if smoke else "10k", 200 if smoke else 10_000)]:
        where = [] if ledger is None else ["--ledger", str(generate(ledger, work / f"ledger-{name}.toml"))]
        target = "seconds<=0.6" if ledger is None else ("" if smoke else "seconds<=5")
        n = pairs if ledger is None else max(2, pairs // 2)
        out += [
            Measure(f"`ilrs chart`, {name} ledger", [ILRS, "chart", *where, "-o", null], target, n),
            Measure(f"`ilrs map`, {name} ledger", [ILRS, "map", *where, "-o", null], target, n),
            Measure(f"`ilrs report`, {name} ledger", [ILRS, "report", *where, "-o", null], target, n),
        ]
        if ledger is None:
            out.append(Measure("`ilrs chart -f png`, bundled ledger", [ILRS, "chart", "-f", "png", "-o", null], "", n))
    return out


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one process (stdout to /dev/null)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(argv)}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def measure(m: Measure, env: dict[str, str]) -> tuple[float, float, float, float]:
    """Median wall and CPU seconds, median wall of the baseline between runs, peak RSS (MiB)."""
    timed(m.command(0), env)
    walls, cpus, bases = [], [], []
    for run in range(1, m.pairs + 1):
        bases.append(timed(BASELINE, env)[0])
        wall, cpu = timed(m.command(run), env)
        walls.append(wall)
        cpus.append(cpu)
    rss = peak_rss(m.command(0), env) or 0.0
    return statistics.median(walls), statistics.median(cpus), statistics.median(bases), rss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    work = HERE / "out"
    work.mkdir(exist_ok=True)
    env = dict(os.environ, ILRS_LEDGER="", NO_COLOR="1")
    env.pop("ILRS_LEDGER")
    rows = []
    for m in measures(work, args.smoke):
        wall, cpu, base, rss = measure(m, env)
        limit = float(m.target.split("<=")[1]) if m.target else None
        verdict = "" if limit is None else ("met" if cpu <= limit else "MISSED")
        target = f"≤ {limit:g} s" if limit is not None else ""
        rows.append(f"| {m.label} | {cpu:.2f} s | {wall:.2f} s | {base:.2f} s | {rss:.0f} MiB | {target} | {verdict} |")
        print(rows[-1], flush=True)
    if args.smoke:
        return 0
    table = "\n".join(
        [
            "| picture | CPU (median) | wall (median) | `python -c pass` wall | peak RSS | target (CPU) | |",
            "|---|---|---|---|---|---|---|",
            *rows,
            "",
            f"- {time.strftime('%Y-%m-%d')}, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
            f"- Python {sys.version.split()[0]}",
        ]
    )
    text = RESULTS.read_text(encoding="utf-8")
    block = f"{START}\n{table}\n{END}"
    if START in text:
        text = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, text, flags=re.DOTALL)
    else:
        intro = (
            "Measured by `python bench/pictures.py` (the table is rewritten by each run): each picture drawn by\n"
            "the installed `ilrs` to a file, 10 runs (5 for the 10k ledger) after a warm-up. Targets, from the\n"
            "issue: well under a second for the bundled ledger, a few seconds for 10,000 participants. They are\n"
            "judged on CPU time, which on an idle machine is the wall time; the `python -c pass` column shows how\n"
            "far the machine was from idle."
        )
        text += f"\n## Pictures\n\n{intro}\n\n{block}\n"
    RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
