"""A stderr that cannot be written (a closed pipe, a full device) never changes the exit status."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

import pytest

from conftest import BUNDLED

CASES = [
    (["check", "/nonexistent"], 2),
    (["diff", str(BUNDLED), "/nonexistent"], 2),
    (["fmt", "--check", "/nonexistent"], 2),
    (["list", "--as-of", "bogus"], 2),
    (["list", "--ledger", "/nonexistent"], 2),
    (["where", "--ledger", str(BUNDLED)], 0),
]


@contextmanager
def closed_pipe() -> Iterator[int]:
    """The write end of a pipe whose read end is already closed."""
    read, write = os.pipe()
    os.close(read)
    try:
        yield write
    finally:
        os.close(write)


@contextmanager
def full_device() -> Iterator[IO[str]]:
    with open("/dev/full", "w") as full:
        yield full


def _status(args: list[str], stderr: Any) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-c", "from ilrs_cli.cli import main; main()", *args]
    return subprocess.run(command, stdout=subprocess.PIPE, stderr=stderr, check=False, timeout=60)


@pytest.mark.parametrize(("args", "status"), CASES)
@pytest.mark.parametrize("sink", [closed_pipe, full_device])
def test_exit_status_survives_an_unwritable_stderr(args: list[str], status: int, sink: Any) -> None:
    with sink() as stderr:
        result = _status(args, stderr)
    assert result.returncode == status
    if args[0] == "where":
        assert result.stdout == f"{BUNDLED}\n".encode()
