"""The TOML boundary: find, read, parse, write. The only module that touches TOML or writes files.

Every write follows docs/ (SAFE_WRITES): lock a sidecar file, read and hash under the lock, apply the
change, render canonical text and parse it back, check the file did not change meanwhile, write a temp
file, fsync, replace, fsync the directory; on any failure the ledger stays byte-for-byte as it was.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

from ilrs_cli.core import programmes
from ilrs_cli.core.codec import Decoded, decode, encode_participant, encode_top
from ilrs_cli.core.errors import InputError, LedgerError, WriteError
from ilrs_cli.core.model import Ledger, Participant
from ilrs_cli.core.programmes import BY_ID, DEFAULT_PROGRAMME
from ilrs_cli.core.rules import Problem, Severity
from ilrs_cli.store import lock, signals
from ilrs_cli.store.snapshot import Snapshot


def _toml() -> Any:
    """The TOML parser, imported on first use."""
    try:  # the compiled tomli parses about 3x faster than the standard library's pure-Python copy
        import tomli
    except ImportError:  # pragma: no cover - tomli is a dependency; tomllib is the fallback
        import tomllib as tomli  # type: ignore[no-redef]
    return tomli


STDIN = "-"
ENV_VAR = "ILRS_LEDGER"
MAX_BYTES = 256 * 1024 * 1024
LOCK_TIMEOUT = 60.0  # 48 writers on 2 busy cores all land well within it (docs/RELIABILITY.md)
SCHEMA_URL = "https://raw.githubusercontent.com/ilrs-cli/ilrs/main/data/members.schema.json"
HEADER_BODY = (
    "# Canonical form, written by `ilrs fmt`: keep free text in `notes`, since comments are not kept.\n"
    "# One [[participant]] per party, one [[participant.agreement]] per dated instrument; dates are\n"
    '# "YYYY", "YYYY-MM" or "YYYY-MM-DD". Validate with `ilrs check`; the format: `ilrs schema`.\n'
    "#:schema ./members.schema.json\n"
)
_HEADER_BODY_LINES = frozenset(HEADER_BODY.splitlines())

_PARTICIPANT_HEADER = re.compile(rb"^[ \t]*\[\[[ \t]*participant[ \t]*\]\]", re.MULTILINE)


def header(programme: str) -> str:
    """The fixed comment block at the top of a canonical ledger, naming its programme."""
    return programmes.header(programme) + "\n" + HEADER_BODY


# -- where the ledger is -------------------------------------------------------------------


class Location(NamedTuple):
    """Which ledger a command uses, and why."""

    path: Path | None  # None for standard input
    reason: str
    bundled: bool = False

    @property
    def name(self) -> str:
        """What to call the ledger in messages."""
        return "<stdin>" if self.path is None else str(self.path)


def bundled_path(programme: str = DEFAULT_PROGRAMME) -> Path:
    """A ledger shipped with the package (inside the wheel; in a source checkout, data/)."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "data" / BY_ID[programme].file
    return packaged if packaged.exists() else package.parents[1] / "data" / BY_ID[programme].file


def user_path(env: Mapping[str, str], programme: str = DEFAULT_PROGRAMME) -> Path:
    """The user's own ledger: $XDG_DATA_HOME/ilrs/members.toml (~/.local/share/ilrs/...), one file per programme."""
    base = env.get("XDG_DATA_HOME") or str(Path(env.get("HOME") or Path.home()) / ".local" / "share")
    return Path(base) / "ilrs" / BY_ID[programme].file


def locate(
    option: str | None, env: Mapping[str, str], *, for_write: bool = False, programme: str | None = None
) -> Location:
    """Resolve --ledger > --programme > ILRS_LEDGER > the user ledger > (reads only) the bundled copy.

    ``--programme P`` (an option, so it beats the environment) picks the user's own ledger of P when
    there is one, else the copy of P bundled with the package; writes never go into the package.
    """
    if option and programme:
        raise InputError("--ledger and --programme both choose a ledger: give one of them")
    if programme is not None and programme not in BY_ID:
        raise InputError(f"--programme: '{programme}' is not one of: {', '.join(BY_ID)}")
    if option:
        return Location(None if option == STDIN else Path(option), "--ledger option")
    if programme is None and env.get(ENV_VAR):
        value = env[ENV_VAR]
        return Location(None if value == STDIN else Path(value), f"{ENV_VAR} environment variable")
    chosen = programme or DEFAULT_PROGRAMME
    user = user_path(env, chosen)
    if user.exists():
        reason = f"user ledger (--programme {programme})" if programme else "default user ledger"
        return Location(user, reason)
    if for_write:
        start = f'`cp "$(ilrs where --programme {chosen})" {user}`' if programme else "`ilrs init --from-bundled`"
        raise LedgerError(
            f"no ledger to write: there is no user ledger at {user}",
            hint=f"create it from the bundled copy with {start}, or pass --ledger PATH",
        )
    by = f"--programme {programme}" if programme else f"no --ledger, no {ENV_VAR}"
    return Location(bundled_path(chosen), f"bundled copy ({by}, no user ledger at {user})", True)


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

    def participant_lines(self) -> list[int]:
        """1-based line of each ``[[participant]]`` header, in file order."""
        return participant_lines(self.raw)


def read_bytes(location: Location, stdin: Any = None) -> bytes:
    """Read a ledger's bytes, turning every OS failure into a LedgerError naming the file."""
    if location.path is None:
        stream = stdin if stdin is not None else sys.stdin.buffer
        data: bytes = stream.read(MAX_BYTES + 1)
    else:
        try:
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
            from ilrs_cli.store.lock import kind

            raise LedgerError(f"{location.name}: is {kind(info)}, not a ledger file")
        os.set_blocking(fd, True)  # a FIFO with a writer (`<(git show ...)`) is read to its end; without one, EOF
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    col = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def parse_bytes(raw: bytes, name: str) -> dict[str, Any]:
    """Decode and parse TOML, with errors as ``NAME:LINE:COL: message``."""
    if not raw or raw.isspace():  # (strip() would copy the whole file)
        raise LedgerError(f"{name}: ledger is empty ({len(raw)} bytes); a ledger starts with `format = 1`")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise LedgerError(f"{name}:1:1: file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _position(raw, nul)
        raise LedgerError(f"{name}:{line}:{col}: NUL byte in ledger (is this a binary file?)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(raw, exc.start)
        raise LedgerError(f"{name}:{line}:{col}: invalid UTF-8 (byte 0x{raw[exc.start]:02x})") from None
    toml = _toml()
    try:
        data: dict[str, Any] = toml.loads(text)
    except toml.TOMLDecodeError as exc:
        line, col = getattr(exc, "lineno", 0), getattr(exc, "colno", 0)
        message = getattr(exc, "msg", str(exc))
        raise LedgerError(f"{name}:{line}:{col}: TOML syntax error: {message}") from None
    except RecursionError:
        raise LedgerError(f"{name}: TOML is nested too deeply") from None
    return data


def participant_lines(raw: bytes) -> list[int]:
    """1-based line numbers of the ``[[participant]]`` headers, found in one linear pass."""
    lines: list[int] = []
    line, last = 1, 0
    for match in _PARTICIPANT_HEADER.finditer(raw):
        line += raw.count(b"\n", last, match.start())
        last = match.start()
        lines.append(line)
    return lines


def problem_line(problem: Problem, lines: list[int]) -> int | None:
    """The line a problem points at: its own, or its participant's block."""
    if problem.line is not None:
        return problem.line
    if problem.entry is not None and problem.entry < len(lines):
        return lines[problem.entry]
    return None


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
        loaded = Loaded(location, raw, decode(parse_bytes(raw, location.name)))
    errors = [p for p in loaded.decoded.problems if p.severity is Severity.ERROR]
    if strict and errors:
        first = errors[0]
        line = problem_line(first, loaded.participant_lines())
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
        decoded = decode(parse_bytes(raw, name))
    errors = [p for p in decoded.problems if p.severity is Severity.ERROR]
    if errors:
        line = problem_line(errors[0], participant_lines(raw))
        raise LedgerError(f"{name}:{line}: {errors[0].describe()}" if line else f"{name}: {errors[0].describe()}")
    return decoded.ledger


# -- canonical text ------------------------------------------------------------------------


# The canonical text is ilrs's own, not a TOML library's: tomli-w inlines a short table with no array
# (`participant = [{...}]`), so two participants without an agreement made a file that did not load (a
# duplicate key). Otherwise the bytes are tomli-w's (tests/test_toml.py holds the two together): keys in
# the codec's order, basic strings, arrays one item a line, every table of an array a `[[...]]` header.
_ESCAPED = re.compile(r'["\\\x00-\x08\x0a-\x1f\x7f]')  # what a basic string escapes: all controls but TAB
_SHORT = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def _string(text: str) -> str:
    if not _ESCAPED.search(text):
        return f'"{text}"'
    return '"' + _ESCAPED.sub(lambda m: _SHORT.get(m.group()) or f"\\u{ord(m.group()):04x}", text) + '"'


def _lines(table: dict[str, Any], name: str | None, out: list[str]) -> None:
    """Append a table's lines (``[[name]]`` first, unless it is the top table): its strings, integers and
    arrays of strings, then its arrays of tables."""
    if name is not None:
        out.append(f"[[{name}]]")
    nested = []
    for key, value in table.items():
        if isinstance(value, str):
            out.append(f"{key} = {_string(value)}")
        elif isinstance(value, int):
            out.append(f"{key} = {value}")
        elif value and isinstance(value[0], dict):
            nested.append((key, value))
        else:
            out += [f"{key} = [", *(f"    {_string(item)}," for item in value), "]"]
    for key, tables in nested:
        for sub in tables:
            out.append("")
            _lines(sub, f"{name}.{key}" if name else key, out)


def preamble(ledger: Ledger) -> str:
    """Everything before the first participant: header, then format, programme and (if any) gaps."""
    out: list[str] = []
    _lines(encode_top(ledger), None, out)
    return header(ledger.programme) + "\n" + "\n".join(out) + "\n\n"


def render_block(participant: Participant) -> str:
    """One participant's canonical ``[[participant]]`` block (always a table, never inlined)."""
    out: list[str] = []
    _lines(encode_participant(participant), "participant", out)
    return "\n".join(out) + "\n"


def dumps(ledger: Ledger) -> str:
    """The canonical text of a ledger: fixed header, then each participant's block in canonical order."""
    return preamble(ledger) + "\n".join(render_block(p) for p in ledger.normalised().participants)


def _dumps_reusing(after: Ledger, before: Loaded) -> tuple[str, list[tuple[Participant, str]]]:
    """Canonical text of ``after``, reusing the blocks of ``before``'s canonical file where unchanged.

    Returns the text and the freshly rendered blocks (the only ones that still need verifying).
    Rendering 10,000 blocks takes most of a second; an edit renders one.
    """
    raw = before.raw
    starts = [m.start() for m in _PARTICIPANT_HEADER.finditer(raw)]
    old = before.ledger.participants
    head = preamble(after)
    if before.canonical is not True or len(starts) != len(old) or not raw.startswith(preamble(before.ledger).encode()):
        fresh = [(p, render_block(p)) for p in after.participants]
        return head + "\n".join(block for _, block in fresh), fresh
    # every block but the last is followed by one separating newline; an empty ledger has no blocks
    ends = [*starts[1:], len(raw) + 1][: len(starts)]
    reuse = {p: raw[a : b - 1].decode("utf-8") for p, a, b in zip(old, starts, ends, strict=True)}
    blocks, fresh = [], []
    for participant in after.participants:
        block = reuse.get(participant)
        if block is None:
            block = render_block(participant)
            fresh.append((participant, block))
        blocks.append(block)
    return head + "\n".join(blocks), fresh


def foreign_comments(raw: bytes) -> list[tuple[int, str]]:
    """Comment lines the canonical writer would drop (its own header excepted)."""
    text = raw.decode("utf-8", "replace")
    found: list[tuple[int, str]] = []
    if '"""' in text or "'''" in text:
        lines = _comments_with_multiline_strings(text)
    else:
        lines = [(text.count("\n", 0, m.start()) + 1, m.group(0)) for m in re.finditer(r"^.*#.*$", text, re.MULTILINE)]
        lines = [(n, c) for n, line in lines if (c := _line_comment(line)) is not None]
    for number, comment in lines:
        if comment.strip() not in _HEADER_BODY_LINES and not programmes.is_header(comment.strip()):
            found.append((number, comment.strip()))
    return found


def keep_comments(loaded: Loaded) -> None:
    """Refuse to rewrite a ledger whose comments the writer would drop (--drop-comments says you mean it)."""
    comments = foreign_comments(loaded.raw)
    if comments:
        listing = "; ".join(f"line {n}: {c}" for n, c in comments[:5])
        raise WriteError(
            f"{loaded.location.name}: has {len(comments)} comment line(s) the writer cannot keep ({listing})",
            hint="move them into `notes` fields, or pass --drop-comments to discard them",
        )


def _line_comment(line: str) -> str | None:
    """The comment part of one TOML line, or None (strings are skipped, escapes honoured)."""
    quote = ""
    i = 0
    while i < len(line):
        char = line[i]
        if quote:
            if char == "\\" and quote == '"':
                i += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[i:]
        i += 1
    return None


def _comments_with_multiline_strings(text: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    inside = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if inside:
            if inside not in line:
                continue
            line = line.split(inside, 1)[1]
            inside = ""
        for delimiter in ('"""', "'''"):
            if line.count(delimiter) % 2 == 1:
                head, _ = line.split(delimiter, 1)
                comment = _line_comment(head)
                if comment is not None:
                    found.append((number, comment))
                inside = delimiter
                break
        else:
            comment = _line_comment(line)
            if comment is not None:
                found.append((number, comment))
    return found


# -- writing -------------------------------------------------------------------------------


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
    lock.check_target(target, info, location.name)  # a FIFO, a device, /proc, hard links: refused at once
    _preload()  # what the locked part imports, imported before the lock: the lock is held for less
    try:
        with lock.held(target, info, location.name, timeout, waiting):
            return _save_locked(location, target, change, dry_run, drop_comments)
    except OSError as exc:  # the lock file itself could not be made (read-only directory, ...)
        raise WriteError(f"{location.name}: cannot lock ledger: {describe_os_error(exc)}") from None


def _preload() -> None:
    import hashlib  # noqa: F401
    import tempfile  # noqa: F401

    _toml()


def _save_locked(
    location: Location,
    target: Path,
    change: Callable[[Ledger], tuple[Ledger, R]],
    dry_run: bool,
    drop_comments: bool,
) -> Saved[R]:
    _remove_stale_temps(target)
    try:
        seen = os.stat(target)  # before the read: a save in between then fails the final check
    except OSError as exc:
        raise LedgerError(f"{location.name}: cannot read ledger: {describe_os_error(exc)}") from None
    loaded = load(location._replace(path=target))
    snapshot = Snapshot.of(seen, loaded.raw)
    if not drop_comments and not dry_run:
        keep_comments(loaded)
    changed, result = change(loaded.ledger)
    after = changed.normalised()
    _check_loadable(after)
    new_text, fresh = _dumps_reusing(after, loaded)
    _verify_blocks(fresh)
    old_text = loaded.raw.decode("utf-8")
    if dry_run or new_text == old_text:
        return Saved(loaded.ledger, after, old_text, new_text, written=False, result=result)
    _check_writable(target, location.name)
    data = new_text.encode("utf-8")
    write_atomic(target, data, location.name, before_replace=lambda: snapshot.verify(target, location.name))
    return Saved(loaded.ledger, after, old_text, new_text, written=True, result=result)


def _check_loadable(ledger: Ledger) -> None:
    """Refuse a change whose result would not load again (duplicates, look-alikes)."""
    from ilrs_cli.core.errors import InputError
    from ilrs_cli.core.rules import identity_problems

    problems = identity_problems(enumerate(ledger.participants))
    if problems:
        raise InputError(problems[0].describe())


def _verify_blocks(fresh: list[tuple[Participant, str]]) -> None:
    """Parse each newly rendered block back; a mismatch is a serializer bug and must not reach disk."""
    toml = _toml()
    for participant, block in fresh:
        if toml.loads(block).get("participant") != [encode_participant(participant)]:
            raise WriteError(f"internal error: {participant.id} does not read back as written; nothing written")


def _check_writable(target: Path, name: str) -> None:
    mode = target.stat().st_mode
    # Root may write anything, so look at the mode bits as well: a 0444 file is read-only on purpose.
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
        raise WriteError(f"{name}: ledger file is read-only (permission denied); nothing written")


def temp_files(target: Path) -> list[Path]:
    """The temp files ``write_atomic`` makes for ``target`` (exactly: mkstemp's ``.NAME.XXXXXXXX.tmp``)."""
    pattern = re.compile(re.escape(f".{target.name}.") + r"[a-z0-9_]{8}\.tmp")
    try:
        return [p for p in target.parent.iterdir() if pattern.fullmatch(p.name)]
    except OSError:
        return []


def _remove_stale_temps(target: Path) -> None:
    """Delete temp files a killed writer left behind (safe: we hold the lock)."""
    for stale in temp_files(target):
        try:
            stale.unlink()
        except OSError:
            pass


def write_atomic(
    target: Path, data: bytes, name: str, *, new: bool = False, before_replace: Callable[[], None] | None = None
) -> None:
    """Write via temp file + fsync + replace + directory fsync; keep mode and owner; no debris on failure.

    ``before_replace`` runs after the temp file is complete and fsynced, immediately before the replace
    (the last moment to notice another program's save); raising there writes nothing.
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
            if old is not None:
                os.fchmod(handle.fileno(), stat.S_IMODE(old.st_mode))
                if hasattr(os, "fchown") and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
                    try:
                        os.fchown(handle.fileno(), old.st_uid, old.st_gid)
                    except OSError:
                        pass  # only root can give a file away; keeping the mode is what matters
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.fchmod(handle.fileno(), 0o666 & ~umask)
        if new and target.exists():
            raise WriteError(f"{name}: already exists; nothing written")
        if before_replace is not None:
            before_replace()
        os.replace(temp, target)
    except BaseException as exc:
        if temp is not None:
            with signals.deferred():  # a second interrupt must not stop the clean-up
                try:
                    os.unlink(temp)
                except OSError:
                    pass
        if isinstance(exc, OSError):
            raise WriteError(f"{name}: cannot write ledger: {describe_os_error(exc)}; nothing written") from None
        raise
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass  # some file systems cannot fsync a directory; the replace itself has happened


def create(path: Path, ledger: Ledger) -> str:
    """Write a new ledger file (refusing to overwrite one); return its text."""
    ledger = ledger.normalised()
    fresh = [(p, render_block(p)) for p in ledger.participants]
    _verify_blocks(fresh)
    text = preamble(ledger) + "\n".join(block for _, block in fresh)
    if path.exists():
        raise WriteError(f"{path}: already exists; nothing written", hint="choose another path, or remove it first")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"{path.parent}: cannot create directory: {describe_os_error(exc)}") from None
    write_atomic(path, text.encode("utf-8"), str(path), new=True)
    return text


def is_canonical(loaded: Loaded) -> bool:
    """True when the file's bytes are exactly what the writer would produce."""
    if loaded.canonical is not None:
        return loaded.canonical
    return loaded.raw == dumps(loaded.ledger).encode("utf-8")
