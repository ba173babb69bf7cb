"""A content-addressed cache of validated ledgers (store layer: reads and writes the cache directory).

Parsing and validating TOML is most of the cost of a large ledger; the same bytes always give the
same ledger, so the result is kept under a BLAKE2b digest of the bytes, in marshal form, in
$XDG_CACHE_HOME/ilrs (~/.cache/ilrs). Only ledgers that loaded without error are kept. A stale entry
cannot be served (a changed file has another hash); a damaged or foreign one is ignored; every
failure to read or write the cache is silent and falls back to parsing. ILRS_CACHE=0 turns it off.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Mapping
from pathlib import Path

from ilrs_cli import __version__
from ilrs_cli.core.codec import flatten, unflatten
from ilrs_cli.core.model import Ledger

TAG = f"ilrs {__version__} ledger cache 2"  # 2: programme and gaps kept
KEEP = 16  # entries kept; older ones are pruned when a new one is written


def directory(env: Mapping[str, str]) -> Path | None:
    """Where the cache lives, or None when it is turned off."""
    if env.get("ILRS_CACHE", "1") == "0":
        return None
    base = env.get("XDG_CACHE_HOME") or str(Path(env.get("HOME") or Path.home()) / ".cache")
    return Path(base) / "ilrs"


def key(raw: bytes) -> str:
    """The cache key of a ledger's bytes: their BLAKE2b digest.

    CPython's own ``_blake2`` is used directly when present: importing ``hashlib`` loads OpenSSL,
    which costs 2.5 ms of a 60 ms command.
    """
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - other Pythons
        from hashlib import blake2b
    return blake2b(raw, digest_size=32).hexdigest()


def read(where: Path, raw: bytes) -> tuple[Ledger, bool | None] | None:
    """The cached ledger for these bytes and whether they are canonical (None: not known), or None."""
    try:
        data = (where / f"{key(raw)}.marshal").read_bytes()
        tag, canonical, flat = marshal.loads(data)
        if tag != TAG:
            return None
        return unflatten(flat), canonical
    except Exception:  # noqa: BLE001 - a missing, damaged or foreign entry is just a miss
        return None


def write(where: Path, raw: bytes, ledger: Ledger, canonical: bool | None) -> None:
    """Keep a validated ledger for these bytes (best effort, atomic, never an error)."""
    import tempfile

    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=where, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(marshal.dumps((TAG, canonical, flatten(ledger))))
        os.replace(temp, where / f"{key(raw)}.marshal")
        entries = sorted(where.glob("*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink()
    except Exception:  # noqa: BLE001 - the cache is an optimisation; it must never break a command
        try:
            os.unlink(temp)
        except (OSError, UnboundLocalError):
            pass
