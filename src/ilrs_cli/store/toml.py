"""The TOML boundary, the only module that imports a TOML library: parsing with positions, the canonical text,
and finding the comments that text would drop.

The canonical text is ilrs's own, not a TOML library's: tomli-w inlines a short table with no array
(``participant = [{...}]``), so two participants without an agreement made a file that did not load (a
duplicate key). Otherwise the bytes are tomli-w's (tests/test_toml.py holds the two together): a fixed
header, keys in the codec's order, basic strings, arrays one item a line, every table of an array a
``[[...]]`` header.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ilrs_cli.core import programmes
from ilrs_cli.core.codec import encode_participant, encode_top
from ilrs_cli.core.errors import LedgerError, WriteError
from ilrs_cli.core.model import Ledger, Participant
from ilrs_cli.core.rules import KeyPath

if TYPE_CHECKING:  # pragma: no cover - the lexer is imported when a line or a comment is asked for
    from ilrs_cli.store import lexer


def _toml() -> Any:
    """The TOML parser, imported on first use."""
    try:  # the compiled tomli parses about 3x faster than the standard library's pure-Python copy
        import tomli
    except ImportError:  # pragma: no cover - tomli is a dependency; tomllib is the fallback
        import tomllib as tomli  # type: ignore[no-redef]
    return tomli


def preload() -> None:
    """Import the parser now (a writer does it before taking the lock, so the lock is held for less)."""
    _toml()


# -- parsing ---------------------------------------------------------------------------------------


def position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a byte offset."""
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
        line, col = position(raw, nul)
        raise LedgerError(f"{name}:{line}:{col}: NUL byte in ledger (is this a binary file?)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = position(raw, exc.start)
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


_PARTICIPANT_HEADER = re.compile(rb"^[ \t]*\[\[[ \t]*participant[ \t]*\]\]", re.MULTILINE)


class KeyLines:
    """The line of a place in a ledger's parsed data (``Problem.at``): its key's, or if it is missing, the
    nearest table's written in the file. The text is lexed at the first question: only a ledger with a
    problem to point at pays for it (~0.4 s at 10,000 participants, store/lexer.py)."""

    def __init__(self, raw: bytes) -> None:
        self._raw = raw
        self._lexed: lexer.Lexed | None = None

    def __call__(self, at: KeyPath) -> int | None:
        if self._lexed is None:
            from ilrs_cli.store import lexer  # (its patterns cost a read that has nothing to point at ~4 ms)

            self._lexed = lexer.lex(self._raw.decode("utf-8"))  # bytes the parser has accepted
        return self._lexed.line_of(at)


# -- the canonical text ----------------------------------------------------------------------------

HEADER_BODY = (
    "# Canonical form, written by `ilrs fmt`: keep free text in `notes`, since comments are not kept.\n"
    "# One [[participant]] per party, one [[participant.agreement]] per dated instrument; dates are\n"
    '# "YYYY", "YYYY-MM" or "YYYY-MM-DD". Validate with `ilrs check`; the format: `ilrs schema`.\n'
    "#:schema ./members.schema.json\n"
)
_HEADER_BODY_LINES = frozenset(HEADER_BODY.splitlines())


def header(programme: str) -> str:
    """The fixed comment block at the top of a canonical ledger, naming its programme."""
    return programmes.header(programme) + "\n" + HEADER_BODY


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


def dumps_reusing(
    after: Ledger, before: Ledger, raw: bytes, canonical: bool | None
) -> tuple[str, list[tuple[Participant, str]]]:
    """Canonical text of ``after``, reusing the blocks of ``raw`` (``before``'s file) where unchanged.

    Blocks are reused only when ``raw`` is known canonical. Returns the text and the freshly rendered
    blocks (the only ones that still need verifying). Rendering 10,000 blocks takes most of a second;
    an edit renders one.
    """
    starts = [m.start() for m in _PARTICIPANT_HEADER.finditer(raw)]
    old = before.participants
    head = preamble(after)
    if canonical is not True or len(starts) != len(old) or not raw.startswith(preamble(before).encode()):
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


def verify_blocks(fresh: list[tuple[Participant, str]]) -> None:
    """Parse each newly rendered block back; a mismatch is a serializer bug and must not reach disk."""
    toml = _toml()
    for participant, block in fresh:
        if toml.loads(block).get("participant") != [encode_participant(participant)]:
            raise WriteError(f"internal error: {participant.id} does not read back as written; nothing written")


# -- comments the canonical text would drop --------------------------------------------------------


_LEADING = re.compile(r"(?:[ \t]*(?:#[^\r\n]*)?\r?\n)*")  # the comment and blank lines a file starts with


def foreign_comments(raw: bytes, name: str) -> list[tuple[int, str]]:
    """The comments the canonical writer would drop, by line: all but its own header's lines at the top.

    The lexer (store/lexer.py) finds them: every comment, wherever it stands (after a multi-line string's
    escaped quotes, inside an array or an inline table, after a header); a ``#`` inside a string is none.
    """
    from ilrs_cli.store import lexer

    text = raw.decode("utf-8", "replace")
    try:
        found = lexer.comments(text)
    except lexer.NotLexed:  # not TOML (the parser would have said where): refuse rather than guess
        raise LedgerError(f"{name}: cannot tell its comments from its strings (is it TOML?)") from None
    leading = _LEADING.match(text)  # (always matches, if only the empty string)
    top = text.count("\n", 0, leading.end()) if leading else 0
    return [
        (c.line, c.text.strip())
        for c in found
        if not (c.whole_line and c.line <= top and _is_own_header_line(c.text.strip()))
    ]


def _is_own_header_line(line: str) -> bool:
    return line in _HEADER_BODY_LINES or programmes.is_header(line)
