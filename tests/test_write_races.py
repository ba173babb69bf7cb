"""The last moments of a write: another program's save, signals, stale temp files, the lock (SAFE_WRITES.md)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ADD, Run


def test_editor_save_after_the_temp_file_is_written_survives(
    run: Run, ledger_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor saves after the temp file was written and fsynced, just before the replace: its bytes win."""
    edited = ledger_copy.read_bytes() + b"\n"  # what the editor saves (still a valid ledger)
    real_fsync: Callable[[int], None] = os.fsync
    saves = []

    def fsync_then_editor_saves(fd: int) -> None:
        real_fsync(fd)
        if not saves:  # the first fsync is the temp file's: the window before the final check
            saves.append(fd)
            ledger_copy.write_bytes(edited)

    monkeypatch.setattr(os, "fsync", fsync_then_editor_saves)
    result = run("add", "X Land", *ADD, "--ledger", str(ledger_copy))
    assert saves, "the write never reached its temp file's fsync"
    assert result.code == 2
    assert "changed on disk since it was read" in result.stderr
    assert ledger_copy.read_bytes() == edited
    assert not list(ledger_copy.parent.glob("*.tmp"))


def test_editor_save_with_same_size_and_replaced_inode_is_seen(
    run: Run, ledger_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor that writes a new file and renames it over the ledger: same bytes, but a new inode."""
    edited = ledger_copy.read_bytes()
    real_fsync = os.fsync
    saves = []

    def fsync_then_editor_renames(fd: int) -> None:
        real_fsync(fd)
        if not saves:
            saves.append(fd)
            other = ledger_copy.with_name("editor-save")
            other.write_bytes(edited)
            os.replace(other, ledger_copy)

    monkeypatch.setattr(os, "fsync", fsync_then_editor_renames)
    result = run("add", "X Land", *ADD, "--ledger", str(ledger_copy))
    assert result.code == 2
    assert "changed on disk since it was read" in result.stderr
    assert ledger_copy.read_bytes() == edited
    assert not list(ledger_copy.parent.glob("*.tmp"))
