"""Reading a committed version of a ledger from git (store layer: runs git, never through a shell)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ilrs_cli.core.errors import LedgerError


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise LedgerError("REV: git is not installed (needed for --rev)") from None


def show(path: Path, rev: str) -> tuple[bytes, str]:
    """The bytes of ``path`` as committed at ``rev``, and a name for messages (``REV:relpath``)."""
    if not rev or rev.startswith("-"):
        raise LedgerError(f"REV: invalid revision {rev!r}")
    real = Path(os.path.realpath(path))
    directory = real.parent
    if not directory.is_dir():
        raise LedgerError(f"REV: {directory}: no such directory")
    top = _git(["rev-parse", "--show-toplevel"], directory)
    if top.returncode != 0:
        raise LedgerError(f"REV: {path} is not inside a git repository")
    root = Path(os.fsdecode(top.stdout.strip()))
    relative = real.relative_to(Path(os.path.realpath(root))).as_posix()
    commit = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root)
    if commit.returncode != 0:
        raise LedgerError(f"REV: unknown revision '{rev}'")
    blob = _git(["show", f"{rev}:{relative}"], root)
    if blob.returncode != 0:
        raise LedgerError(f"REV: {relative} did not exist at {rev}")
    return blob.stdout, f"{rev}:{relative}"
