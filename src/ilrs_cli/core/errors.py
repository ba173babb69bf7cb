"""One exception family; each error carries the exit status the CLI should end with."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import NamedTuple


class ExitStatus(IntEnum):
    """Exit statuses every command keeps (see the README)."""

    OK = 0
    FOUND = 1  # diff found differences, check found problems: an answer, not an error
    ERROR = 2
    INTERRUPTED = 130


class Suggestion(NamedTuple):
    """A hint that proposes an ilrs command on the ledger in use.

    The core cannot know which options chose that ledger; the CLI adds them (``adding``), so the command
    it proposes reads the same ledger as the one that failed, not the default one.
    """

    text: str  # the hint, with ``{}`` where the command goes
    command: tuple[str, ...]  # its words after ``ilrs``

    def adding(self, options: Sequence[str]) -> Suggestion:
        """The same hint, the command ending with ``options``."""
        return self._replace(command=(*self.command, *options))

    def __str__(self) -> str:
        import shlex  # only on the error path

        return self.text.format(f"`{shlex.join(('ilrs', *self.command))}`")


class IlrsError(Exception):
    """An error a user can cause; printed as ``ilrs: error: ...`` with no traceback."""

    status = ExitStatus.ERROR

    def __init__(self, message: str, hint: str | Suggestion | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InputError(IlrsError):
    """A value typed on the command line or stored in a ledger is not acceptable."""


class LedgerError(IlrsError):
    """A ledger could not be read, parsed or validated."""


class NotFoundError(IlrsError):
    """No participant matches what was asked for."""


class WriteError(IlrsError):
    """A ledger could not be written; the file on disk is unchanged."""


class BusyError(WriteError):
    """Another process holds the ledger's lock."""


class Cancelled(IlrsError):
    """The person stopped at a prompt: a note (``cancelled; nothing written``), not an error.

    Exit 1 (a negative answer) for "no" or end of input (Ctrl-D), 130 for Ctrl-C.
    """

    def __init__(self, status: ExitStatus = ExitStatus.FOUND) -> None:
        super().__init__("cancelled; nothing written")
        self.status = status
