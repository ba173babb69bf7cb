"""The ledger file is the only truth: no parse cache is read or written (issue 11, section 1).

The cache this replaced kept validated ledgers under a BLAKE2b digest of their bytes in
$XDG_CACHE_HOME/ilrs; planted or damaged entries there changed what commands read and wrote.
Each test plants what used to be trusted and checks that nothing follows from it.
"""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from hashlib import blake2b
from pathlib import Path

from conftest import BUNDLED, Run
from ilrs_cli import __version__


def _entry(home: Path, raw: bytes) -> Path:
    """Where the old cache kept the entry of these bytes."""
    directory = home / "cache" / "ilrs"
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"{blake2b(raw, digest_size=32).hexdigest()}.marshal"


def test_a_planted_entry_of_an_empty_ledger_neither_empties_fmt_nor_reads(
    run: Run, ledger_copy: Path, isolated_env: Path
) -> None:
    raw = ledger_copy.read_bytes()
    expected = run("list", "--all", "--ledger", str(ledger_copy)).stdout
    _entry(isolated_env, raw).write_bytes(marshal.dumps((f"ilrs {__version__} ledger cache 1", True, ())))
    assert run("list", "--all", "--ledger", str(ledger_copy)).stdout == expected != ""
    assert run("fmt", "--ledger", str(ledger_copy)).code == 0
    assert ledger_copy.read_bytes() == raw


def test_a_fifo_where_an_entry_was_does_not_hang(ledger_copy: Path, isolated_env: Path) -> None:
    os.mkfifo(_entry(isolated_env, ledger_copy.read_bytes()))
    env = {**os.environ, "HOME": str(isolated_env), "XDG_CACHE_HOME": str(isolated_env / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "ilrs_cli", "list", "--ledger", str(ledger_copy)],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 and len(done.stdout.splitlines()) > 10


def test_reads_and_writes_leave_no_cache(run: Run, ledger_copy: Path, isolated_env: Path) -> None:
    assert run("list", "--ledger", str(ledger_copy)).code == 0
    assert run("check", str(ledger_copy)).code == 0
    assert run("add", "X Land", "--kind", "company", "--signed", "2024", "--source", "https://e.org",
               "--ledger", str(ledger_copy)).code == 0  # fmt: skip
    assert not (isolated_env / "cache").exists()
    assert run("list", "--ledger", str(BUNDLED)).code == 0
    assert not (isolated_env / "cache").exists()
