"""store/atomic.py: a file is written whole or not at all, keeps its mode, and leaves no temp file behind."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from ilrs_cli.core.errors import WriteError
from ilrs_cli.store.atomic import describe_os_error, remove_stale_temps, temp_files, write_atomic


def test_replaces_the_file_keeping_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "m.toml"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new", "m.toml")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert temp_files(target) == []


def test_a_new_file_takes_the_umask_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "new.toml"
    umask = os.umask(0o027)
    try:
        write_atomic(target, b"one", "new.toml", new=True)
    finally:
        os.umask(umask)
    assert (target.read_bytes(), target.stat().st_mode & 0o777) == (b"one", 0o640)
    with pytest.raises(WriteError) as caught:
        write_atomic(target, b"two", "new.toml", new=True)
    assert caught.value.message == "new.toml: already exists; nothing written"
    assert target.read_bytes() == b"one"
    assert temp_files(target) == []


def test_a_refusal_at_the_last_moment_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "m.toml"
    target.write_bytes(b"old")
    seen: list[bytes] = []

    def refuse() -> None:
        (temp,) = temp_files(target)
        seen.append(temp.read_bytes())  # complete before the check runs
        raise WriteError("changed on disk")

    with pytest.raises(WriteError, match="changed on disk"):
        write_atomic(target, b"new", "m.toml", before_replace=refuse)
    assert (seen, target.read_bytes(), temp_files(target)) == ([b"new"], b"old", [])


def test_an_os_error_is_a_write_error_in_words(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as caught:
        write_atomic(tmp_path / "gone.toml", b"x", "gone.toml")
    assert caught.value.message == "gone.toml: cannot write ledger: no such file or directory; nothing written"
    with pytest.raises(WriteError) as caught:
        write_atomic(tmp_path / "no-dir" / "x.toml", b"x", "x.toml", new=True)
    assert caught.value.message == "x.toml: cannot write ledger: no such file or directory; nothing written"
    assert not (tmp_path / "gone.toml").exists()


def test_os_errors_in_words() -> None:
    assert describe_os_error(OSError(errno.ENOSPC, "No space left on device")) == "disk full (no space left on device)"
    assert describe_os_error(OSError(errno.EROFS, "Read-only file system")) == "read-only file system"
    assert describe_os_error(OSError(errno.ENAMETOOLONG, "File name too long")) == "File name too long"


def test_temp_files_are_exactly_the_targets_own(tmp_path: Path) -> None:
    tmp_path = tmp_path / "folder"
    tmp_path.mkdir()
    target = tmp_path / "members[1].toml"
    own = [tmp_path / ".members[1].toml.abcd_123.tmp", tmp_path / ".members[1].toml.zzzzzzzz.tmp"]
    others = [".members[1].toml.bak.abcd1234.tmp", ".m.toml.abcd1234.tmp", ".members[1].toml.abc.tmp", "x.tmp"]
    for path in [*own, *(tmp_path / n for n in others)]:
        path.write_bytes(b"")
    assert sorted(temp_files(target)) == sorted(own)
    remove_stale_temps(target)
    assert temp_files(target) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(others)
    assert temp_files(tmp_path / "missing-dir" / "m.toml") == []
