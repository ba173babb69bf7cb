"""Output files (pictures, reports): written atomically, and never onto the ledger in use."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from ilrs_cli.core.errors import InputError, WriteError


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def write_output(target: Path, data: bytes, *, protect: Path | None = None) -> None:
    """Replace ``target`` with ``data`` atomically (temp file, fsync, rename); never touch ``protect``.

    ``protect`` is the ledger the output was drawn from: writing a picture over it would lose it.
    """
    from ilrs_cli.store.ledger import describe_os_error

    name = str(target)
    if protect is not None and _same_file(target, protect):
        raise InputError(f"{name}: is the ledger in use; refusing to write output over it", "choose another file")
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise WriteError(f"{name}: cannot write: {describe_os_error(exc)}") from None
    if mode is not None and not stat.S_ISREG(mode):
        raise InputError(f"{name}: not a regular file; refusing to write output there")
    directory = target.parent
    try:
        fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(f"{name}: cannot write: {describe_os_error(exc)}; nothing written") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(handle.fileno(), stat.S_IMODE(mode) if mode is not None else 0o666 & ~umask)
        os.replace(temp, target)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise WriteError(f"{name}: cannot write: {describe_os_error(exc)}; nothing written") from None
        raise
