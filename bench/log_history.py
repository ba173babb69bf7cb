"""Time `ilrs log` over a repository of N commits of a bundled-size ledger (whole processes, median of runs).

The repository is built with one `git fast-import` (each commit edits a participant's notes; every tenth
adds a participant), so building it costs a second, not a process per commit.

    python bench/log_history.py              # 200 commits, 7 runs of each command
    python bench/log_history.py --commits 1000 --runs 3
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

from ilrs_cli.core.model import Agreement, Instrument, Kind, Ledger, Participant
from ilrs_cli.store.ledger import decode_strict
from ilrs_cli.store.location import bundled_path
from ilrs_cli.store.toml import dumps

BIN = Path(sys.executable).parent


def versions(count: int) -> list[str]:
    """``count`` successive canonical texts of the bundled ledger, each one change after the last."""
    ledger = decode_strict(bundled_path().read_bytes(), "bundled")
    texts = []
    for n in range(count):
        people = list(ledger.participants)
        if n % 10 == 9:
            agreement = Agreement(Instrument.MOU, "CNSA", sources=("https://example.org/bench",))
            people.append(Participant(f"bench-{n}", f"Bench {n}", Kind.COMPANY, agreements=(agreement,)))
        else:
            i = n % len(people)
            people[i] = people[i]._replace(notes=f"Edited in commit {n}.")
        ledger = Ledger(tuple(people)).normalised()
        texts.append(dumps(ledger))
    return texts


def build(repo: Path, count: int, env: dict[str, str]) -> None:
    """A repository whose ``members.toml`` went through ``count`` commits."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True, env=env)
    stream = bytearray()
    for n, text in enumerate(versions(count)):
        data = text.encode()
        message = f"commit {n}".encode()
        stream += b"commit refs/heads/main\n"
        stream += f"committer Bench <bench@example.org> {1700000000 + n * 3600} +0000\n".encode()
        stream += b"data %d\n%s\n" % (len(message), message)
        stream += b"M 100644 inline members.toml\n"
        stream += b"data %d\n%s\n" % (len(data), data)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=bytes(stream), check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True, env=env)


def median_seconds(argv: list[str], cwd: Path, env: dict[str, str], runs: int) -> float:
    """The median wall time of ``runs`` runs (after one warm-up)."""
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "ILRS_CACHE": "0"}
    with tempfile.TemporaryDirectory() as name:
        repo = Path(name) / "repo"
        build(repo, args.commits, env)
        ilrs = str(BIN / "ilrs")
        for label, argv in (
            ("ilrs log (piped TSV)", [ilrs, "log", "--ledger", "members.toml"]),
            ("ilrs log --format json", [ilrs, "log", "--format", "json", "--ledger", "members.toml"]),
            ("ilrs log pakistan", [ilrs, "log", "pakistan", "--ledger", "members.toml"]),
            ("ilrs log -n 10", [ilrs, "log", "-n", "10", "--ledger", "members.toml"]),
            ("git log --follow --raw (for scale)", ["git", "log", "--follow", "--raw", "--", "members.toml"]),
        ):
            seconds = median_seconds(argv, repo, env, args.runs)
            print(f"{label:40} {args.commits} commits  {seconds:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
