"""A ledger read from a closed standard input (`<&-`) is an error saying so, not an empty ledger (real processes)."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ADD, BUNDLED

ILRS = [sys.executable, "-m", "ilrs_cli"]
CLOSED = b"ilrs: error: <stdin>: cannot read ledger: standard input is closed\n"


def _closed_stdin(*args: str, env: str = "") -> subprocess.CompletedProcess[bytes]:
    """Run ilrs with descriptor 0 closed, as `ilrs ARGS <&-` does in a shell."""
    return subprocess.run(["bash", "-c", f"{env}{shlex.join([*ILRS, *args])} <&-"], capture_output=True, check=False)


@pytest.mark.parametrize(
    ("args", "env", "stderr"),
    [
        (["list", "--ledger", "-"], "", CLOSED),
        (["stats"], "ILRS_LEDGER=- ", CLOSED),
        (["check", "-"], "", CLOSED),
        (["diff", "-", str(BUNDLED)], "", b"ilrs: error: OLD: " + CLOSED.removeprefix(b"ilrs: error: ")),
    ],
)
def test_reading_the_ledger_from_a_closed_stdin_is_an_error(args: list[str], env: str, stderr: bytes) -> None:
    result = _closed_stdin(*args, env=env)
    assert (result.returncode, result.stdout, result.stderr) == (2, b"", stderr)


def test_an_empty_stdin_is_still_an_empty_ledger() -> None:
    result = subprocess.run([*ILRS, "list", "--ledger", "-"], input=b"", capture_output=True, check=False)
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr == b"ilrs: error: <stdin>: ledger is empty (0 bytes); a ledger starts with `format = 1`\n"


def test_commands_that_do_not_read_stdin_work_with_it_closed(ledger_copy: Path) -> None:
    listed = _closed_stdin("list", "--ledger", str(BUNDLED))
    assert (listed.returncode, listed.stderr) == (0, b"")
    assert listed.stdout == subprocess.run([*ILRS, "list", "--ledger", str(BUNDLED)], capture_output=True).stdout
    added = _closed_stdin("add", "Closed Land", *ADD, "--ledger", str(ledger_copy))
    assert (added.returncode, added.stdout, added.stderr) == (0, b"", b"added closed-land (Closed Land), 1 agreement\n")
    assert 'name = "Closed Land"' in ledger_copy.read_text(encoding="utf-8")


def test_a_stdin_open_only_for_writing_is_a_read_error(tmp_path: Path) -> None:
    command = shlex.join([*ILRS, "list", "--ledger", "-"])
    result = subprocess.run(["bash", "-c", f"{command} 0>{tmp_path / 'out'}"], capture_output=True, check=False)
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr == b"ilrs: error: <stdin>: cannot read ledger: Bad file descriptor\n"  # not "cannot write"
