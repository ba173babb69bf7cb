"""The merge driver's files: read the base, ours and theirs, merge them (core.merge), write the result into ours.

Ours is replaced atomically, and only once all three versions have loaded: on any error it is left exactly as
git wrote it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ilrs_cli.core.errors import IlrsError, LedgerError
from ilrs_cli.core.merge import Merged, marked, merge
from ilrs_cli.core.model import Ledger
from ilrs_cli.store import git
from ilrs_cli.store.atomic import write_atomic
from ilrs_cli.store.ledger import decode_strict, read_bytes
from ilrs_cli.store.location import Location
from ilrs_cli.store.toml import dumps, foreign_comments


def _load(path: Path, name: str | None, side: str, *, empty_ok: bool = False) -> Ledger:
    label = f"{name or path} ({side})"  # git's %P names all three; without it each file is its own name
    raw = read_bytes(Location(path, side))
    if empty_ok and not raw.strip():
        return Ledger()  # git gives an empty base when the file has no common ancestor (added on both sides)
    ledger = decode_strict(raw, label)  # first: the comments are looked for in text the parser has accepted
    comments = foreign_comments(raw, label)
    if comments:
        listing = "; ".join(f"line {n}: {c}" for n, c in comments[:3])
        raise LedgerError(
            f"{label}: has {len(comments)} comment line(s) a merge by participant cannot keep ({listing})"
        )
    return ledger


def merge_lines(base: Path, ours: Path, theirs: Path, marker_size: int, env: Mapping[str, str]) -> int | None:
    """When the merge by participant cannot be made: git's line-by-line merge into ``ours``, and its conflicts.

    None (``ours`` untouched) when git cannot merge the lines either (a binary file, a file that cannot be
    read) or the result cannot be written.
    """
    found = git.merge_lines(ours, base, theirs, marker_size, env)
    if found is None:
        return None
    text, conflicts = found
    try:
        write_atomic(Path(ours), text, f"{ours} (ours)")
    except IlrsError:
        return None
    return conflicts


def merge_files(base: Path, ours: Path, theirs: Path, path: str | None, marker_size: int = 7) -> Merged:
    """Merge the three versions into ``ours``: the canonical merge, or conflict markers where it has none."""
    name = path or str(ours)
    merged = merge(
        _load(base, path, "base", empty_ok=True),
        _load(ours, path, "ours"),
        _load(theirs, path, "theirs"),
    )
    text = dumps(merged.ours)
    if merged.conflicts:
        text = marked(text, dumps(merged.theirs), marker_size)
    elif not merged.problems:
        decode_strict(text.encode("utf-8"), f"{name} (merged)")  # as every write: what is written reads back
    write_atomic(Path(ours), text.encode("utf-8"), f"{name} (ours)")
    return merged
