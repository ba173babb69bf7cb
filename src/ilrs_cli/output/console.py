"""The terminal: one object that knows whether streams are terminals, how wide, and whether to colour.

Nothing here imports rich at module level: the piped path must never pay for it.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, NamedTuple

from ilrs_cli.core.text import visible

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

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


def print_error(message: str, hint: str | None = None, *, colour: bool = False, stream: IO[str] | None = None) -> None:
    """Write ``ilrs: error: MESSAGE`` (and an optional ``hint:`` line) to stderr, escaped."""
    stream = stream or sys.stderr
    label = "\x1b[1;31merror\x1b[0m" if colour else "error"
    stream.write(f"ilrs: {label}: {visible(message)}\n")
    if hint:
        stream.write(f"hint: {visible(hint)}\n")
    stream.flush()


def print_note(message: str, *, stream: IO[str] | None = None) -> None:
    """Write a one-line note for people to stderr (summaries, warnings)."""
    stream = stream or sys.stderr
    stream.write(visible(message) + "\n")
    stream.flush()
