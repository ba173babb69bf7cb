"""The terminal: one object that knows whether streams are terminals, how wide, and whether to colour.

Nothing here imports rich at module level: the piped path must never pay for it.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import shutil
import sys
import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from typing import IO, TYPE_CHECKING, NamedTuple

from ilrs_cli.core.text import visible

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console, RenderableType

    from ilrs_cli.core.errors import Suggestion

THEME = {
    "name": "bold",
    "muted": "dim",
    "date": "cyan",
    "count": "magenta",
    "first": "bold green",
    "kind.state": "bold",
    "status.member": "green",
    "status.claimed": "yellow",
    "status.applicant": "yellow",
    "status.disputed": "red",
    "status.withdrawn": "red",
    "diff.added": "green",
    "diff.removed": "red",
    "diff.changed": "yellow",
    "bar": "blue",
    "heading": "bold underline",
}


class Colour(StrEnum):
    """When to colour: ``--color auto|always|never``."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


def _colour_wanted(choice: str, is_tty: bool, env: Mapping[str, str]) -> bool:
    if choice == "always":
        return True
    if choice == "never" or env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    return is_tty and env.get("TERM") != "dumb"


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Terminal(NamedTuple):
    """What the streams are: terminals or not, the width to lay out for, colour on or off."""

    stdout_tty: bool
    stdin_tty: bool
    width: int
    colour_stdout: bool
    colour_stderr: bool
    ascii: bool = False  # TERM=dumb: ASCII boxes and marks, whatever the encoding

    @classmethod
    def detect(
        cls,
        colour: str = "auto",
        env: Mapping[str, str] | None = None,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
        stdin: IO[str] | None = None,
    ) -> Terminal:
        """Look at the real streams and the environment (COLUMNS, NO_COLOR, FORCE_COLOR, TERM)."""
        env = os.environ if env is None else env
        out, err, inp = stdout or sys.stdout, stderr or sys.stderr, stdin or sys.stdin
        width = 0
        if env.get("COLUMNS", "").isdigit():
            width = int(env["COLUMNS"])
        if width <= 0:
            width = shutil.get_terminal_size((100, 24)).columns
        return cls(
            stdout_tty=_isatty(out),
            stdin_tty=_isatty(inp),
            width=max(20, min(width, 1000)),
            colour_stdout=_colour_wanted(colour, _isatty(out), env),
            colour_stderr=_colour_wanted(colour, _isatty(err), env),
            ascii=env.get("TERM") == "dumb",
        )

    @property
    def interactive(self) -> bool:
        """Prompts are allowed only when both stdin and stdout are terminals."""
        return self.stdin_tty and self.stdout_tty

    def console(self, file: IO[str] | None = None, *, record: bool = False) -> Console:
        """A rich Console for human output on stdout (imports rich: terminal path only)."""
        from rich.console import Console
        from rich.theme import Theme

        return Console(
            file=file or sys.stdout,
            width=self.width,
            color_system="standard" if self.colour_stdout else None,
            force_terminal=self.colour_stdout,
            no_color=not self.colour_stdout,
            markup=False,
            emoji=False,
            highlight=False,
            theme=Theme(THEME),
            record=record,
            legacy_windows=False,
            soft_wrap=False,
        )


def print_renderable(terminal: Terminal, renderable: RenderableType, stream: IO[str]) -> None:
    """Print a rich renderable on ``stream``. Where the stream's encoding lacks a character (a box
    line, a bar, "…", a letter of the data), an ASCII stand-in as wide as it keeps the layout."""
    if is_unicode(stream) and not terminal.ascii:
        terminal.console(stream).print(renderable)
        return
    encoding = "ascii" if terminal.ascii else codecs.lookup(getattr(stream, "encoding", None) or "ascii").name
    capture = _Capture(encoding)  # rich reads the encoding and draws its boxes in ASCII
    terminal.console(capture).print(renderable)
    if not _STAND_IN_REGISTERED:
        codecs.register_error("ilrs-stand-in", _stand_in)
        _STAND_IN_REGISTERED.append(True)
    stream.write(capture.getvalue().encode(encoding, "ilrs-stand-in").decode(encoding))


class _Capture(io.StringIO):
    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]  # rich asks the file for its encoding
        return self._encoding


_STAND_IN_REGISTERED: list[bool] = []
_STAND_INS = {
    "\u25cf": "*",
    "\u00b7": ".",
    "\u2026": "~",
    "\u2190": "<",
    "\u2192": ">",
    "\u2014": "-",
    "\u2013": "-",
    "\u00a0": " ",
}


def _stand_in(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: each character the encoding lacks becomes ASCII of the same width."""
    from rich.cells import cell_len

    assert isinstance(error, UnicodeEncodeError)
    out = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if char in _STAND_INS:
            out.append(_STAND_INS[char])
        elif 0x2500 <= code <= 0x257F:  # box drawing
            name = unicodedata.name(char, "")
            out.append("-" if "HORIZONTAL" in name else "|" if "VERTICAL" in name else "+")
        elif 0x2580 <= code <= 0x259F:  # block elements: bars
            out.append("|" if "EIGHTH" in unicodedata.name(char, "") else "#")
        else:
            out.append("?" * cell_len(char))
    return "".join(out), error.end


def print_error(
    message: str, hint: str | Suggestion | None = None, *, colour: bool = False, stream: IO[str] | None = None
) -> None:
    """Write ``ilrs: error: MESSAGE`` (and an optional ``hint:`` line) to stderr, escaped."""
    label = "\x1b[1;31merror\x1b[0m" if colour else "error"
    hint_line = f"hint: {visible(str(hint))}\n" if hint else ""
    write_stderr(f"ilrs: {label}: {visible(message)}\n{hint_line}", stream)


def print_note(message: str, *, stream: IO[str] | None = None) -> None:
    """Write a one-line note for people to stderr (summaries, warnings)."""
    write_stderr(visible(message) + "\n", stream)


def write_stderr(text: str, stream: IO[str] | None = None) -> None:
    """Write and flush ``text`` to stderr; if stderr cannot take it, drop it and everything after it.

    A closed pipe or a full device on stderr must not change the command's exit status: the failed write
    would otherwise propagate, or fail again at the interpreter's last flush, which then exits 1.
    """
    stream = stream or sys.stderr
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        park_stderr()


def park_stderr() -> None:
    """Point descriptor 2 at /dev/null, so what sys.stderr still buffers goes nowhere, quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


# -- the standard streams, made safe before any command runs ---------------------------------------


def reserve_standard_descriptors() -> None:
    """Open /dev/null on a closed descriptor 0, 1 or 2 (``ilrs list >&-``).

    Otherwise the next file opened (a ledger, its lock, a temp file) would get that number, and
    whatever was meant for the stream could land in it.
    """
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDWR)  # the lowest free number: this one


class ClosedStream(io.TextIOBase):
    """A standard stream that was closed when ilrs started: writing to it, or reading it, is an error, said once."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.stream_name = name

    def write(self, text: str) -> int:
        """Refuse: the reader cannot be reached."""
        raise self._closed()

    def read(self, size: int | None = -1) -> str:
        """Refuse: nothing can be read, not even an end of input (which would pass for an empty ledger)."""
        raise self._closed()

    @property
    def buffer(self) -> ClosedStream:
        """Itself: reading bytes is refused the same way (``sys.stdin.buffer``)."""
        return self

    def _closed(self) -> OSError:
        return OSError(errno.EBADF, f"standard {self.stream_name} is closed")

    def isatty(self) -> bool:
        """Never a terminal."""
        return False


def is_unicode(stream: object) -> bool:
    """True when ``stream`` can encode every character (a UTF encoding)."""
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name.startswith("utf")
    except LookupError:
        return False


def prepare_streams() -> None:
    """Standard streams that never crash a command: a closed stdin is an error on first read, a closed
    stdout on first write, a closed stderr swallows; an output that cannot encode a character (ASCII,
    Latin-1, a C locale) gets a backslash escape for it (``\\xe9``, ``\\u2014``) instead of a traceback;
    typed answers are read as UTF-8 whatever the locale says (as arguments and ledgers are), and bytes
    that are not UTF-8 reach the prompt (as surrogates) to be refused there.
    """
    if sys.stdin is None:
        sys.stdin = ClosedStream("input")
    if sys.stdout is None:
        sys.stdout = ClosedStream("output")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        if not is_unicode(stream) and isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    if isinstance(sys.stdin, io.TextIOWrapper):  # a typed answer that is not UTF-8 is refused, not fatal
        try:  # an ASCII or Latin-1 stdin would refuse, or garble, a name typed on a UTF-8 terminal
            sys.stdin.reconfigure(encoding="utf-8", errors="surrogateescape")
        except (OSError, ValueError):  # something was already read: keep its encoding
            sys.stdin.reconfigure(errors="surrogateescape")
