"""Load and save a ledger: read its bytes, parse and validate them; apply a change under the lock and write it.

Every write follows docs/ (SAFE_WRITES): lock a sidecar file, read and hash under the lock, apply the
change, render canonical text and parse it back, check the file did not change meanwhile, write a temp
file, fsync, replace, fsync the directory; on any failure the ledger stays byte-for-byte as it was.
Where a ledger is: store/location.py; TOML and the canonical text: store/toml.py; the write itself:
store/atomic.py.
"""

from __future__ import annotations

import contextlib
import gc
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

from ilrs_cli.core.codec import Decoded, decode
from ilrs_cli.core.errors import InputError, LedgerError, WriteError
from ilrs_cli.core.model import Ledger
from ilrs_cli.core.rules import Problem, Severity, identity_problems
from ilrs_cli.store import lock, toml
from ilrs_cli.store.atomic import describe_os_error, remove_stale_temps, write_atomic
from ilrs_cli.store.location import Location

MAX_BYTES = 256 * 1024 * 1024
LOCK_TIMEOUT = 60.0  # 48 writers on 2 busy cores all land well within it (docs/RELIABILITY.md)


# -- reading -------------------------------------------------------------------------------


class Loaded(NamedTuple):
    """A parsed ledger with the bytes it came from."""

    location: Location
    raw: bytes
    decoded: Decoded
    canonical: bool | None = None  # known from a writer; None: not yet known

    @property
    def ledger(self) -> Ledger:
        """The normalised ledger."""
        return self.decoded.ledger

    @property
    def digest(self) -> str:
        """SHA-256 of the bytes read."""
        import hashlib

        return hashlib.sha256(self.raw).hexdigest()

    def key_lines(self) -> toml.KeyLines:
        """The lines of places in the parsed data, for pointing at problems."""
        return toml.KeyLines(self.raw)


def read_bytes(location: Location, stdin: Any = None) -> bytes:
    """Read a ledger's bytes, turning every OS failure into a LedgerError naming the file."""
    try:
        if location.path is None:
            stream = stdin if stdin is not None else sys.stdin.buffer
            data: bytes = stream.read(MAX_BYTES + 1)  # a closed stdin refuses (output.console.ClosedStream)
        else:
            with _open_for_reading(location) as handle:
                data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise LedgerError(f"{location.name}: cannot read ledger: {describe_os_error(exc)}") from None
    if len(data) > MAX_BYTES:
        raise LedgerError(f"{location.name}: ledger is larger than {MAX_BYTES // 2**20} MiB")
    return data


def _open_for_reading(location: Location) -> Any:
    """Open a ledger file without blocking on a FIFO nobody writes to, and refuse a device (/dev/zero)."""
    assert location.path is not None
    fd = os.open(location.path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) or stat.S_ISSOCK(info.st_mode):
            raise LedgerError(f"{location.name}: is {lock.kind(info)}, not a ledger file")
        os.set_blocking(fd, True)  # a FIFO with a writer (`<(git show ...)`) is read to its end; without one, EOF
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def problem_line(problem: Problem, lines: toml.KeyLines) -> int | None:
    """The line a problem points at: that of its key or value, else of the nearest table written in the file."""
    return problem.line or lines(problem.at)


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while a ledger is parsed and built.

    Parsing and decoding make hundreds of thousands of objects and no reference cycle, so every pass
    of the collector over the growing heap is wasted work: measured, a 10,000-participant first read
    spends about a third of its decoding time in it (bench/RESULTS.md). Memory is still freed as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load(location: Location, stdin: Any = None, *, strict: bool = True) -> Loaded:
    """Read, parse and validate a ledger; with ``strict``, any error problem raises LedgerError."""
    raw = read_bytes(location, stdin)
    with no_cycle_collection():
        loaded = Loaded(location, raw, decode(toml.parse_bytes(raw, location.name)))
    errors = [p for p in loaded.decoded.problems if p.severity is Severity.ERROR]
    if strict and errors:
        first = errors[0]
        line = problem_line(first, loaded.key_lines())
        where = f"{location.name}:{line}" if line else location.name
        more = len(errors) - 1
        raise LedgerError(
            f"{where}: {first.describe()}",
            hint=f"{more} more problem(s); run `ilrs check` to list them all" if more else None,
        )
    return loaded


def decode_strict(raw: bytes, name: str) -> Ledger:
    """Parse and validate ledger bytes from elsewhere (e.g. git), as strictly as a file."""
    with no_cycle_collection():
        decoded = decode(toml.parse_bytes(raw, name))
    errors = [p for p in decoded.problems if p.severity is Severity.ERROR]
    if errors:
        line = problem_line(errors[0], toml.KeyLines(raw))
        raise LedgerError(f"{name}:{line}: {errors[0].describe()}" if line else f"{name}: {errors[0].describe()}")
    return decoded.ledger


def is_canonical(loaded: Loaded) -> bool:
    """True when the file's bytes are exactly what the writer would produce."""
    if loaded.canonical is not None:
        return loaded.canonical
    return loaded.raw == toml.dumps(loaded.ledger).encode("utf-8")


def keep_comments(loaded: Loaded) -> None:
    """Refuse to rewrite a ledger whose comments the writer would drop (--drop-comments says you mean it)."""
    refuse_dropped_comments(loaded.raw, loaded.location.name)


def refuse_dropped_comments(raw: bytes, name: str) -> None:
    """``keep_comments`` for the bytes of a ledger named ``name``: a --dry-run asks it after showing its diff,
    so that it ends as the write itself would."""
    comments = toml.foreign_comments(raw, name)
    if comments:
        listing = "; ".join(f"line {n}: {c}" for n, c in comments[:5])
        raise WriteError(
            f"{name}: has {len(comments)} comment line(s) the writer cannot keep ({listing})",
            hint="move them into `notes` fields, or pass --drop-comments to discard them",
        )


# -- writing -------------------------------------------------------------------------------


R = TypeVar("R")


class Saved(NamedTuple, Generic[R]):
    """The outcome of a write: the states before and after, whether anything was written, and what the
    change itself returned (the participant it touched, for the command's summary)."""

    before: Ledger
    after: Ledger
    old_text: str
    new_text: str
    written: bool
    result: R


def save(
    location: Location,
    change: Callable[[Ledger], tuple[Ledger, R]],
    *,
    dry_run: bool = False,
    drop_comments: bool = False,
    timeout: float = LOCK_TIMEOUT,
    waiting: Callable[[], None] = lambda: None,
) -> Saved[R]:
    """Apply ``change`` (ledger -> new ledger and a result) under the ledger's lock and write it safely."""
    if location.path is None or location.bundled:
        raise WriteError("cannot write to standard input or to the bundled ledger; pass --ledger PATH")
    target = Path(os.path.realpath(location.path))  # write through a symlink to its target
    try:
        info = os.stat(target)
    except OSError as exc:
        raise LedgerError(f"{location.name}: cannot read ledger: {describe_os_error(exc)}") from None
    lock.check_target(target, info, location.name, Path(location.path))  # FIFO, device, /proc, hard links
    _preload()  # what the locked part imports, imported before the lock: the lock is held for less
    try:
        with lock.held(target, info, location.name, timeout, waiting):
            return _save_locked(location, target, change, dry_run, drop_comments)
    except OSError as exc:  # the lock file itself could not be made (read-only directory, ...)
        raise WriteError(f"{location.name}: cannot lock ledger: {describe_os_error(exc)}") from None


def _preload() -> None:
    import hashlib  # noqa: F401
    import tempfile  # noqa: F401

    from ilrs_cli.store import lexer, snapshot  # noqa: F401

    toml.preload()


def _save_locked(
    location: Location,
    target: Path,
    change: Callable[[Ledger], tuple[Ledger, R]],
    dry_run: bool,
    drop_comments: bool,
) -> Saved[R]:
    remove_stale_temps(target)  # safe: we hold the lock, so no other writer's temp file is live
    try:
        seen = os.stat(target)  # before the read: a save in between then fails the final check
    except OSError as exc:
        raise LedgerError(f"{location.name}: cannot read ledger: {describe_os_error(exc)}") from None
    from ilrs_cli.store.snapshot import Snapshot  # (hashlib: only writes need it)

    loaded = load(location._replace(path=target))
    snapshot = Snapshot.of(seen, loaded.raw)
    if not drop_comments and not dry_run:
        keep_comments(loaded)
    changed, result = change(loaded.ledger)
    after = changed.normalised()
    _check_loadable(after)
    new_text, fresh = toml.dumps_reusing(after, loaded.ledger, loaded.raw, loaded.canonical)
    toml.verify_blocks(fresh)
    old_text = loaded.raw.decode("utf-8")
    if dry_run or new_text == old_text:
        return Saved(loaded.ledger, after, old_text, new_text, written=False, result=result)
    _check_writable(target, location.name)
    data = new_text.encode("utf-8")
    write_atomic(target, data, location.name, before_replace=lambda: snapshot.verify(target, location.name))
    return Saved(loaded.ledger, after, old_text, new_text, written=True, result=result)


def _check_loadable(ledger: Ledger) -> None:
    """Refuse a change whose result would not load again (duplicates, look-alikes)."""
    problems = identity_problems(enumerate(ledger.participants))
    if problems:
        raise InputError(problems[0].describe())


def _check_writable(target: Path, name: str) -> None:
    mode = target.stat().st_mode
    # Root may write anything, so look at the mode bits as well: a 0444 file is read-only on purpose.
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
        raise WriteError(f"{name}: ledger file is read-only (permission denied); nothing written")


def create(path: Path, ledger: Ledger) -> str:
    """Write a new ledger file (refusing to overwrite one); return its text."""
    ledger = ledger.normalised()
    fresh = [(p, toml.render_block(p)) for p in ledger.participants]
    toml.verify_blocks(fresh)
    text = toml.preamble(ledger) + "\n".join(block for _, block in fresh)
    if path.exists():
        raise WriteError(f"{path}: already exists; nothing written", hint="choose another path, or remove it first")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"{path.parent}: cannot create directory: {describe_os_error(exc)}") from None
    write_atomic(path, text.encode("utf-8"), str(path), new=True)
    return text
