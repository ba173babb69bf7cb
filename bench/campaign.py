"""Fault campaigns against the installed `ilrs`, as an outsider runs them: random moments, real processes.

    python bench/campaign.py editor LEDGER --runs 20 --mode rename   # an editor saves while `ilrs add` runs
    python bench/campaign.py editor LEDGER --runs 20 --mode inplace
    python bench/campaign.py signal LEDGER --runs 25 --signal SIGTERM --within 0.4
    python bench/campaign.py early --runs 80 --within 0.08            # SIGINT during start-up

Each prints one line of counts. ``editor``: the editor's save (a marker in a participant's notes) must be
in the final file whatever happened: read by ilrs first, refused ("changed on disk"), or saved last.
``signal``: exit 0 or 128+n, no traceback, one line, no temp file left, the ledger parses, and unchanged
unless the write landed (exit 0, or a signal after the replace: see docs/RELIABILITY.md). ``early``:
where an interrupt of `ilrs list` during start-up ended (docs/RELIABILITY.md, Signals). Results are in
docs/RELIABILITY.md. A larger ledger (bench/generate.py) widens the window a write is open.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter
from pathlib import Path

ILRS = str(Path(sys.executable).parent / "ilrs")
ADD = ["--kind", "company", "--signed", "2024", "--source", "https://example.org"]


def _default_hup() -> None:
    signal.signal(signal.SIGHUP, signal.SIG_DFL)  # as if not started under nohup


def editor(ledger: Path, runs: int, mode: str, within: float, work: Path) -> Counter[str]:
    """An editor saves the ledger at a random moment while `ilrs add` runs."""
    target = work / "members.toml"
    counts: Counter[str] = Counter()
    for n in range(runs):
        shutil.copyfile(ledger, target)
        raw = target.read_bytes()
        marker = f"EDITOR-{n}-{random.random()}".encode()
        start = raw.index(b'notes = "') + len(b'notes = "')
        edited = raw[:start] + marker + b" " + raw[start:]
        proc = subprocess.Popen(
            [ILRS, "add", f"Campaign Land {n}", *ADD, "--ledger", str(target)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(random.uniform(0.0, within))
        if mode == "rename":
            swap = work / "members.toml.swp"
            swap.write_bytes(edited)
            os.replace(swap, target)
        else:
            with target.open("r+b") as handle:
                handle.write(edited)
                handle.truncate()
        _, err = proc.communicate()
        final = target.read_bytes()
        if marker not in final:
            counts["LOST the editor's save"] += 1
        elif proc.returncode == 2 and b"changed on disk since it was read" in err:
            counts["refused: changed on disk"] += 1
        elif proc.returncode == 0:
            counts["both kept"] += 1
        else:
            counts[f"exit {proc.returncode}: {err.decode(errors='replace').strip()[:80]}"] += 1
    return counts


def stop(ledger: Path, runs: int, signame: str, within: float, work: Path) -> Counter[str]:
    """Signal `ilrs add` at a random moment."""
    signum = signal.Signals[signame]
    target = work / "members.toml"
    shutil.copyfile(ledger, target)
    counts: Counter[str] = Counter()
    for n in range(runs):
        before = target.read_bytes()
        proc = subprocess.Popen(
            [ILRS, "add", f"Signal Land {n}", *ADD, "--ledger", str(target)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=_default_hup,
        )
        time.sleep(random.uniform(0.0, within))
        proc.send_signal(signum)
        _, err = proc.communicate()
        after = target.read_bytes()
        temps = [p for p in work.iterdir() if p.name.endswith(".tmp")]
        bad = []
        if proc.returncode not in (0, 128 + signum, -signum):
            bad.append(f"exit {proc.returncode}")
        if b"Traceback" in err:
            bad.append("traceback")
        if proc.returncode == 128 + signum and len(err.splitlines()) != 1:
            bad.append(f"stderr {err[:60]!r}")
        if temps:
            bad.append("temp file left")
        try:
            tomllib.loads(after.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError):
            bad.append("ledger broken")
        if bad:
            counts["BAD " + ", ".join(bad)] += 1
        elif proc.returncode == 0:
            counts["finished (exit 0)"] += 1
        elif proc.returncode == -signum:
            counts["killed before Python ran any ilrs code (no output)"] += 1
        elif after == before:
            counts[f"stopped, exit {proc.returncode}, ledger unchanged"] += 1
        else:
            counts[f"stopped after the replace, exit {proc.returncode}, the write landed"] += 1
        for temp in temps:
            temp.unlink()
    return counts


def early(runs: int, within: float, work: Path) -> Counter[str]:
    """SIGINT to `ilrs list` during start-up: where each run ended."""
    ledger = work / "members.toml"
    shutil.copyfile(Path(__file__).resolve().parent.parent / "data" / "members.toml", ledger)
    counts: Counter[str] = Counter()
    for _ in range(runs):
        proc = subprocess.Popen(
            [ILRS, "list", "--ledger", str(ledger)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        time.sleep(random.uniform(0.0, within))
        proc.send_signal(signal.SIGINT)
        err = proc.communicate()[1].decode(errors="replace")
        if "Traceback" not in err:
            words = {130: "one line, exit 130", -2: "killed before Python's handler (no output)", 0: "finished"}
            counts[words.get(proc.returncode, f"exit {proc.returncode}")] += 1
        elif '/bin/ilrs", line' in err and "ilrs_cli" not in err and '", line 3,' in err:
            counts["traceback: in the console script's `import re`, before any ilrs code"] += 1
        elif "ilrs_cli" in err or '/bin/ilrs", line' in err:
            counts["TRACEBACK after ilrs's first import"] += 1
        else:
            counts["traceback: in the interpreter's start-up (site), before the console script"] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("editor", "signal", "early"))
    parser.add_argument("ledger", nargs="?", type=Path, help="the ledger to copy and write (editor, signal)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--mode", choices=("rename", "inplace"), default="rename")
    parser.add_argument("--signal", default="SIGTERM", choices=("SIGTERM", "SIGHUP", "SIGINT"))
    parser.add_argument("--within", type=float, default=1.0, help="the latest moment, in seconds after start")
    args = parser.parse_args()
    if args.kind != "early" and args.ledger is None:
        parser.error(f"{args.kind} needs a LEDGER")
    with tempfile.TemporaryDirectory(prefix="ilrs-campaign-") as scratch:
        work = Path(scratch)
        if args.kind == "editor":
            counts = editor(args.ledger, args.runs, args.mode, args.within, work)
        elif args.kind == "signal":
            counts = stop(args.ledger, args.runs, args.signal, args.within, work)
        else:
            counts = early(args.runs, args.within, work)
    print(f"{args.kind} x{args.runs}: " + "; ".join(f"{what}: {n}" for what, n in counts.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
