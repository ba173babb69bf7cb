"""The session a command runs in: its streams, terminal facts and environment, passed in rather than global."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any

import typer

from ilrs_cli.core.errors import InputError
from ilrs_cli.output.console import Terminal, print_note, print_renderable
from ilrs_cli.output.formats import Format, Row, write_rows

if TYPE_CHECKING:  # pragma: no cover - typing only; rich is never imported on the piped path
    from rich.console import RenderableType

    from ilrs_cli.store.ledger import Loaded, Location


class Session:
    """Streams, terminal facts and environment for one command."""

    def __init__(self, colour: str = "auto", env: Mapping[str, str] | None = None) -> None:
        self.colour = colour
        self.env: Mapping[str, str] = dict(os.environ) if env is None else env
        self._terminal: Terminal | None = None

    @property
    def terminal(self) -> Terminal:
        """The terminal facts, detected once."""
        if self._terminal is None:
            self._terminal = Terminal.detect(self.colour, self.env)
        return self._terminal

    @property
    def out(self) -> IO[str]:
        """Standard output (looked up late, so test runners can swap it)."""
        return sys.stdout

    def locate(self, option: str | None, *, for_write: bool = False) -> Location:
        """Resolve which ledger to use."""
        from ilrs_cli.store import ledger

        return ledger.locate(option, self.env, for_write=for_write)

    def load(self, option: str | None) -> Loaded:
        """Locate, read and validate the ledger for a reading command."""
        from ilrs_cli.store import ledger

        return ledger.load(self.locate(option))

    def output_format(self, fmt: Format | None) -> tuple[Format, bool]:
        """The format to print in and whether it was chosen explicitly (headers, etc.)."""
        if fmt is not None:
            return fmt, True
        return (Format.TABLE if self.terminal.stdout_tty else Format.TSV), False

    def emit_rows(
        self,
        fmt: Format | None,
        no_headers: bool,
        columns: Sequence[str],
        rows: Sequence[Row],
        table: Callable[[], Any],
    ) -> None:
        """Print records as a table on a terminal, or in a machine format (``table`` builds the renderable)."""
        chosen, explicit = self.output_format(fmt)
        if chosen is Format.TABLE:
            self.render(table())
        else:
            write_rows(self.out, chosen, columns, rows, headers=explicit and not no_headers)

    def render(self, renderable: RenderableType) -> None:
        """Print a rich renderable on stdout (terminal path)."""
        print_renderable(self.terminal, renderable, self.out)

    def note(self, message: str) -> None:
        """A line for people on stderr."""
        print_note(message)

    def confirm(self, question: str, assume_yes: bool) -> bool:
        """Ask on a terminal; without one, refuse unless --yes was given."""
        if assume_yes:
            return True
        if not self.terminal.interactive:
            raise InputError("refusing to continue without confirmation", hint="pass --yes to confirm")
        return bool(typer.confirm(question, default=False, err=True))
