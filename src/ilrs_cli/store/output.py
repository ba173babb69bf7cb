"""Output files (pictures, reports, captures): written atomically, and never onto the ledger in use."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

from ilrs_cli.core.errors import InputError, WriteError

# Outputs have no lock, so only a temp file this old is surely a killed writer's, never a live one's.
STALE_AFTER = 3600.0


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.realpath(a) == os.path.realpath(b) or os.path.samefile(a, b)
    except OSError:  # one is missing or a loop of links: not the same existing file
        return False


def _remove_stale_temps(target: Path) -> None:
    from ilrs_cli.store.atomic import temp_files

    for stale in temp_files(target):
        try:
            if time.time() - stale.lstat().st_mtime > STALE_AFTER:
                stale.unlink()
        except OSError:
            pass


def write_output(target: Path, data: bytes, *, protect: Path | None = None) -> None:
    """Replace ``target`` with ``data`` atomically (temp file, fsync, rename); never touch ``protect``.

    A symlink is written through to its target (like ledger writes). ``protect`` is the ledger the output was
    drawn from: writing a picture over it would lose it.
    """
    from ilrs_cli.store.atomic import describe_os_error, discard

    name = str(target)
    resolved = Path(os.path.realpath(target))
    from ilrs_cli.store.lock import system_path

    if system_path(target) or system_path(resolved):
        raise InputError(
            f"{name}: is a device or stream, not a file; refusing to write output there",
            "pass a regular file; for standard output, leave -o out (or pass -o -) and redirect",
        )
    if protect is not None and _same_file(resolved, protect):
        raise InputError(f"{name}: is the ledger in use; refusing to write output over it", "choose another file")
    try:
        mode = resolved.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise WriteError(f"{name}: cannot write: {describe_os_error(exc)}") from None
    if mode is not None and not stat.S_ISREG(mode):
        raise InputError(f"{name}: not a regular file; refusing to write output there")
    _remove_stale_temps(resolved)
    from ilrs_cli.store import signals

    temp = None
    try:
        with signals.deferred():  # an interrupt between mkstemp and `temp = ...` would leave the file behind
            fd, temp = tempfile.mkstemp(dir=resolved.parent, prefix=f".{resolved.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(handle.fileno(), stat.S_IMODE(mode) if mode is not None else 0o666 & ~umask)
        os.replace(temp, resolved)
    except BaseException as exc:  # no debris: the temp file goes whatever stopped the write
        discard(temp)
        if isinstance(exc, OSError):
            raise WriteError(f"{name}: cannot write: {describe_os_error(exc)}; nothing written") from None
        raise
