"""Benchmark the pictures (chart, map, report) as whole `ilrs` processes, the way bench/run.py does.

python bench/pictures.py            # bundled and 10k ledgers; updates the pictures section of bench/RESULTS.md
python bench/pictures.py --smoke    # the bundled ledger and a 200-participant one, 2 pairs each
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from run import HERE, ILRS, Measure, generate, run_measure

RESULTS = HERE / "RESULTS.md"
START, END = "<!-- pictures:start -->", "<!-- pictures:end -->"


def measures(work: Path, smoke: bool) -> list[Measure]:
    """Each picture of the bundled ledger (target: well under a second) and of a large one (a few seconds)."""
    pairs = 2 if smoke else 10
    out = []
    null = str(work / "picture.out")  # a real file: the atomic write is part of the cost
    for name, ledger in [("bundled", None), ("200" if smoke else "10k", 200 if smoke else 10_000)]:
        where = [] if ledger is None else ["--ledger", str(generate(ledger, work / f"ledger-{name}.toml"))]
        target = "seconds<=0.5" if ledger is None else ("" if smoke else "seconds<=3")
        n = pairs if ledger is None else max(2, pairs // 2)
        out += [
            Measure(f"`ilrs chart`, {name} ledger", [ILRS, "chart", *where, "-o", null], target, n),
            Measure(f"`ilrs map`, {name} ledger", [ILRS, "map", *where, "-o", null], target, n),
            Measure(f"`ilrs report`, {name} ledger", [ILRS, "report", *where, "-o", null], target, n),
        ]
        if ledger is None:
            out.append(Measure("`ilrs chart -f png`, bundled ledger", [ILRS, "chart", "-f", "png", "-o", null], "", n))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    work = HERE / "out"
    work.mkdir(exist_ok=True)
    env = dict(os.environ, ILRS_LEDGER="", NO_COLOR="1")
    env.pop("ILRS_LEDGER")
    rows = []
    for measure in measures(work, args.smoke):
        result = run_measure(measure, env)
        target = measure.target.replace("seconds<=", "≤ ").replace(",", ", ") + (" s" if measure.target else "")
        rows.append(
            f"| {measure.label} | {result.seconds:.3f} s | {result.rss_mib:.0f} MiB | {target} | {result.verdict()} |"
        )
        print(rows[-1], flush=True)
    if args.smoke:
        return 0
    table = "\n".join(
        [
            "| picture | median | peak RSS | target | |",
            "|---|---|---|---|---|",
            *rows,
            "",
            f"- Python {sys.version.split()[0]}",
        ]
    )
    text = RESULTS.read_text(encoding="utf-8")
    block = f"{START}\n{table}\n{END}"
    if START in text:
        text = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, text, flags=re.DOTALL)
    else:
        intro = "Measured by `python bench/pictures.py` (this section is rewritten by each run)."
        text += f"\n## Pictures\n\n{intro}\n\n{block}\n"
    RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
