"""A closed stdout does not change the answer: `set -o pipefail; ilrs check bad.toml | head -1` exits 1.

Real processes and real pipes. Each output is far larger than a pipe holds (64 KiB), so the reader is
surely gone while the command still writes: the case the issue measured (exit 0 in TSV, 1 in JSON).
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ILRS = f"{shlex.quote(sys.executable)} -m ilrs_cli"
# The default loop tries the piped default (TSV) and JSON, the two the issue measured; CI (--slow) every format.
FORMATS = [
    pytest.param([], id="piped"),
    pytest.param(["-f", "json"], id="json"),
    *(pytest.param(["-f", f], id=f, marks=pytest.mark.slow) for f in ("tsv", "csv", "jsonl", "markdown", "table")),
]
COUNT = 3000


def _participant(i: int, extra: str = "") -> str:
    return f'[[participant]]\nid = "p{i}"\nname = "Participant {i}"\nkind = "company"\n{extra}'


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pipes")
    agreement = '\n[[participant.agreement]]\nsigned = "2024-01-02"\nsources = ["https://example.org/a"]\n\n'
    paths = {
        # two problems per participant: an unknown key, and a member without a dated agreement
        "bad": "format = 1\n\n" + "".join(_participant(i, "nmae = 1\n\n") for i in range(COUNT)),
        "empty": "format = 1\n",
        "full": "format = 1\n\n" + "".join(_participant(i) + agreement for i in range(COUNT)),
    }
    for name, text in paths.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return {name: folder / f"{name}.toml" for name in paths}


def _pipeline(command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command} | head -1"], capture_output=True, text=True, check=False
    )


def test_the_reader_gets_the_first_line_of_the_whole_answer(files: dict[str, Path]) -> None:
    command = f"{ILRS} check {files['bad']}"
    whole = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=False)
    assert whole.returncode == 1 and len(whole.stdout) > 256 * 1024  # far more than a pipe holds
    assert _pipeline(command).stdout == whole.stdout.splitlines(keepends=True)[0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_still_fails_when_the_reader_goes_away(files: dict[str, Path], fmt: list[str]) -> None:
    cut = _pipeline(f"{ILRS} check {files['bad']} {' '.join(fmt)}")
    assert (cut.returncode, cut.stderr) == (1, "")
    assert cut.stdout.strip()


@pytest.mark.parametrize("fmt", FORMATS)
def test_diff_still_says_different_when_the_reader_goes_away(files: dict[str, Path], fmt: list[str]) -> None:
    command = f"{ILRS} diff {files['empty']} {files['full']} {' '.join(fmt)}"
    cut = _pipeline(command)
    assert (cut.returncode, cut.stderr) == (1, "")
    assert cut.stdout.strip()


def test_an_error_still_wins_and_a_clean_answer_stays_0(files: dict[str, Path]) -> None:
    failed = _pipeline(f"{ILRS} check {files['bad']} {files['bad'].with_name('missing.toml')}")
    assert failed.returncode == 2
    assert failed.stderr.startswith("ilrs: error: ") and "missing.toml" in failed.stderr
    listed = _pipeline(f"{ILRS} list --all --ledger {files['full']}")
    assert (listed.returncode, listed.stderr, listed.stdout) == (
        0,
        "",
        "p0\tParticipant 0\tcompany\t\tmember\t2024-01-02\t\tother\t\t\t1\tmedium\t\thttps://example.org/a\t2024-01-02\n",
    )
    same = _pipeline(f"{ILRS} diff {files['full']} {files['full']} -f json")
    assert (same.returncode, same.stderr) == (0, "")
