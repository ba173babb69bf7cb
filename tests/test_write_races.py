"""The last moments of a write: another program's save, signals, stale temp files, the lock (SAFE_WRITES.md)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ADD, BUNDLED, Run


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


# -- signals: a real child process stopped at a named point, then signalled ----------------------------

# Runs `ilrs ARGS` in a child that stops at POINT (it writes "ready" on stdout and waits on stdin), so the
# test signals it exactly there: no sleeps, no timing.
DRIVER = """
import os, signal, sys, tempfile

signal.signal(signal.SIGHUP, signal.SIG_DFL)  # as if not started under nohup
point, args = sys.argv[1], sys.argv[2:]

def pause():
    os.write(1, b"ready\\n")
    os.read(0, 1)  # the test's signal interrupts this

if point == "import":  # start-up: while the command-line library is being imported
    class Pause:
        def find_spec(self, name, path=None, target=None):
            if name == "typer":
                pause()
            return None
    sys.meta_path.insert(0, Pause())
elif point == "fsync":  # the temp file is written and being fsynced
    real_fsync = os.fsync
    def fsync(fd):
        real_fsync(fd)
        if not getattr(fsync, "done", False):
            fsync.done = True
            pause()
    os.fsync = fsync
elif point == "mkstemp":  # the signal arrives the moment the temp file exists
    real_mkstemp = tempfile.mkstemp
    def mkstemp(*a, **k):
        made = real_mkstemp(*a, **k)
        os.kill(os.getpid(), signal.SIGINT)
        return made
    tempfile.mkstemp = mkstemp

sys.argv = ["ilrs", *args]
from ilrs_cli.launch import main
main()
"""


def stop_at(point: str, signum: int, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ilrs ARGS stopped at ``point``, send ``signum`` there; return what it did."""
    proc = subprocess.Popen(
        [sys.executable, "-c", DRIVER, point, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    if point != "mkstemp":
        assert proc.stdout.readline() == "ready\n"
        proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.parametrize(
    ("signum", "status", "line"),
    [
        (signal.SIGTERM, 143, "ilrs: stopped by SIGTERM\n"),
        (signal.SIGHUP, 129, "ilrs: stopped by SIGHUP\n"),
        (signal.SIGINT, 130, "\n"),
    ],
)
def test_signal_during_a_write_removes_the_temp_file(ledger_copy: Path, signum: int, status: int, line: str) -> None:
    before = ledger_copy.read_bytes()
    result = stop_at("fsync", signum, "add", "X Land", *ADD, "--ledger", str(ledger_copy))
    assert (result.returncode, result.stderr) == (status, line)
    assert ledger_copy.read_bytes() == before
    assert not list(ledger_copy.parent.glob("*.tmp"))


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signal_during_start_up_prints_no_traceback(signum: int, status: int) -> None:
    result = stop_at("import", signum, "list")
    assert result.returncode == status
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_interrupt_right_after_the_temp_file_is_made_leaves_no_empty_file(ledger_copy: Path) -> None:
    before = ledger_copy.read_bytes()
    result = stop_at("mkstemp", signal.SIGINT, "add", "X Land", *ADD, "--ledger", str(ledger_copy))
    assert (result.returncode, result.stderr) == (130, "\n")
    assert ledger_copy.read_bytes() == before
    assert not list(ledger_copy.parent.glob("*.tmp"))


# -- stale temp files ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["m.toml", "members[1].toml", "a*b?.toml"])
def test_stale_temp_clean_up_takes_only_this_ledgers_own(run: Run, tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    shutil.copyfile(BUNDLED, target)
    own = [f".{name}.abc_1234.tmp", f".{name}.zzzzzzzz.tmp"]
    others = [
        f".{name}.bak.abcd1234.tmp",  # the temp file of a write to `NAME.bak`
        f".{name}.abcd1234.tmp.keep",
        f".{name}.abc.tmp",
        f"{name}.abcd1234.tmp",
        ".x.toml.abcd1234.tmp",
    ]
    for stale in own + others:
        (tmp_path / stale).write_bytes(b"")
    result = run("add", "X Land", *ADD, "--ledger", str(target))
    assert result.code == 0, result.stderr
    left = {p.name for p in tmp_path.iterdir()}
    assert not left & set(own)
    assert set(others) <= left


# -- ILRS_LOCK_TIMEOUT ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["²", "abc", "-1", "inf", "1e3", "0", "0.0", "3601", "5s", " 5", "٥", "nan", "1.2.3"])
def test_lock_timeout_that_is_not_plain_seconds_is_refused(run: Run, ledger_copy: Path, value: str) -> None:
    before = ledger_copy.read_bytes()
    result = run("add", "X Land", *ADD, "--ledger", str(ledger_copy), env={"ILRS_LOCK_TIMEOUT": value})
    assert result.code == 2
    assert result.stderr.startswith("ilrs: error: ILRS_LOCK_TIMEOUT: '")
    assert "Traceback" not in result.stderr
    assert ledger_copy.read_bytes() == before


@pytest.mark.parametrize("value", ["5", "0.5", ".5", "3600", ""])
def test_lock_timeout_in_plain_seconds_is_accepted(run: Run, ledger_copy: Path, value: str) -> None:
    result = run("add", "X Land", *ADD, "--ledger", str(ledger_copy), env={"ILRS_LOCK_TIMEOUT": value})
    assert result.code == 0, result.stderr
