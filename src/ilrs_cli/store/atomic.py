"""Files written whole or not at all: a temp file beside the target, fsync, a last check, replace, fsync the
directory; on any failure or signal the temp file goes and the target is untouched. Ledger saves, new
ledgers, the merge driver and the schema file go through ``write_atomic``.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from ilrs_cli.core.errors import WriteError
from ilrs_cli.store import signals


def describe_os_error(exc: OSError) -> str:
    """An OS error in words a user can act on."""
    words = {
        errno.ENOSPC: "disk full (no space left on device)",
        errno.EDQUOT: "disk quota exceeded",
        errno.EFBIG: "file too large (file-size limit reached)",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted",
        errno.EROFS: "read-only file system",
        errno.ENOENT: "no such file or directory",
        errno.EISDIR: "is a directory",
        errno.ENOTDIR: "a component of the path is not a directory",
    }
    return words.get(exc.errno or 0, exc.strerror or str(exc))


def temp_files(target: Path) -> list[Path]:
    """The temp files ``write_atomic`` makes for ``target`` (exactly: mkstemp's ``.NAME.XXXXXXXX.tmp``)."""
    pattern = re.compile(re.escape(f".{target.name}.") + r"[a-z0-9_]{8}\.tmp")
    try:
        return [p for p in target.parent.iterdir() if pattern.fullmatch(p.name)]
    except OSError:
        return []


def remove_stale_temps(target: Path) -> None:
    """Delete temp files a killed writer of ``target`` left behind (call it holding the lock)."""
    for stale in temp_files(target):
        try:
            stale.unlink()
        except OSError:
            pass


def write_atomic(
    target: Path,
    data: bytes,
    name: str,
    *,
    new: bool = False,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Write via temp file + fsync + replace + directory fsync; no debris on failure.

    The file keeps the mode and owner of the file it replaces; a ``new`` one gets the umask's mode and
    must not exist (checked again at the last moment). ``before_replace`` runs after the temp file is
    complete and fsynced, immediately before the replace (the last moment to notice another program's
    save); raising there writes nothing.
    """
    import tempfile

    directory = target.parent
    try:
        old = None if new else target.stat()
    except OSError as exc:
        raise WriteError(f"{name}: cannot write ledger: {describe_os_error(exc)}; nothing written") from None
    temp = None
    try:
        with signals.deferred():  # an interrupt between mkstemp and `temp = ...` would leave the file behind
            fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            _take_mode(handle.fileno(), old)
        if new and target.exists():
            raise WriteError(f"{name}: already exists; nothing written")
        if before_replace is not None:
            before_replace()
        os.replace(temp, target)
    except BaseException as exc:
        discard(temp)
        if isinstance(exc, OSError):
            raise WriteError(f"{name}: cannot write ledger: {describe_os_error(exc)}; nothing written") from None
        raise
    _fsync_directory(directory)


def discard(temp: str | None) -> None:
    """Remove a write's temp file, whatever stopped the write: a second interrupt must not stop the clean-up."""
    if temp is not None:
        with signals.deferred():
            try:
                os.unlink(temp)
            except OSError:
                pass


def _take_mode(fd: int, old: os.stat_result | None) -> None:
    """Give the temp file the replaced file's mode and owner, or a new file's mode under the umask."""
    if old is None:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        return
    os.fchmod(fd, stat.S_IMODE(old.st_mode))
    if hasattr(os, "fchown") and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
        try:
            os.fchown(fd, old.st_uid, old.st_gid)
        except OSError:
            pass  # only root can give a file away; keeping the mode is what matters


def _fsync_directory(directory: Path) -> None:
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass  # some file systems cannot fsync a directory; the replace itself has happened
