"""The session a command runs in: its streams, terminal facts and environment, passed in rather than global."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any, TypeVar

from ilrs_cli.core.errors import Cancelled, InputError
from ilrs_cli.core.model import Ledger
from ilrs_cli.core.text import visible
from ilrs_cli.output.console import Terminal, print_note, print_renderable
from ilrs_cli.output.formats import Format, Row, write_rows

if TYPE_CHECKING:  # pragma: no cover - typing only; rich is never imported on the piped path
    from rich.console import RenderableType

    from ilrs_cli.store.ledger import Loaded, Saved
    from ilrs_cli.store.location import Location

R = TypeVar("R")


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

    def locate(self, option: str | None, *, for_write: bool = False, programme: str | None = None) -> Location:
        """Resolve which ledger to use (--ledger, or --programme, or the defaults)."""
        from ilrs_cli.store.location import locate

        return locate(option, self.env, for_write=for_write, programme=programme)

    def load(self, option: str | None, programme: str | None = None) -> Loaded:
        """Locate, read and validate the ledger for a reading command."""
        from ilrs_cli.store import ledger

        return ledger.load(self.locate(option, programme=programme))

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

    def ledger_to_write(self, option: str | None) -> Ledger:
        """The ledger a write would change, read to check what a command names before it asks anything."""
        from ilrs_cli.store import ledger

        return ledger.load(self.locate(option, for_write=True)).ledger

    def confirm(self, question: str, assume_yes: bool) -> None:
        """Go on only if confirmed: --yes, or "yes" on a terminal; without one, refuse."""
        if assume_yes:
            return
        if not self.terminal.interactive:
            raise InputError("refusing to continue without confirmation", hint="pass --yes to confirm")
        from ilrs_cli.commands.prompts import confirm

        if not confirm(question):
            raise Cancelled()

    def save(
        self,
        option: str | None,
        change: Callable[[Ledger], tuple[Ledger, R]],
        *,
        dry_run: bool,
        drop_comments: bool,
        programme: str | None = None,
    ) -> Saved[R]:
        """Apply ``change`` to the ledger a write goes to, under its lock; on --dry-run print the diff instead.

        With ``programme``, that programme's user ledger (never the copy bundled in the package).
        """
        from ilrs_cli.store import ledger

        timeout = lock_timeout(self.env, ledger.LOCK_TIMEOUT)
        location = self.locate(option, for_write=True, programme=programme)
        saved = ledger.save(
            location,
            lambda before: _refusing_new_errors(before, change),
            dry_run=dry_run,
            drop_comments=drop_comments,
            timeout=timeout,
            waiting=lambda: self.note(f"waiting for the lock on {location.name}, held by another ilrs process..."),
        )
        if dry_run:
            self.out.writelines(_diff(saved.old_text, saved.new_text, location.name))
            if not drop_comments:  # the diff shows what would go; the answer is the write's own refusal
                self.out.flush()
                ledger.refuse_dropped_comments(saved.old_text.encode("utf-8"), location.name)
        return saved


def _refusing_new_errors(before: Ledger, change: Callable[[Ledger], tuple[Ledger, R]]) -> tuple[Ledger, R]:
    """Apply ``change``, refusing it when it leaves a participant it touched in a state `ilrs check` refuses."""
    from ilrs_cli.core.rules import errors_a_change_adds

    after, result = change(before)
    problems = errors_a_change_adds(before, after)
    if problems:
        first = problems[0]
        raise InputError(
            f"{first.path}: {first.message}", hint=f"`ilrs check` would refuse this ({first.rule}); nothing written"
        )
    return after, result


LOCK_TIMEOUT_VAR = "ILRS_LOCK_TIMEOUT"
MAX_LOCK_TIMEOUT = 3600.0
_SECONDS = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+")  # ASCII digits only: no `²`, `1e3`, `inf`, `-1`


def lock_timeout(env: Mapping[str, str], default: float) -> float:
    """Seconds to wait for another writer's lock: ILRS_LOCK_TIMEOUT (plain decimal, 0 < t <= 3600) or ``default``."""
    value = env.get(LOCK_TIMEOUT_VAR, "")
    if not value:
        return default
    seconds = float(value) if _SECONDS.fullmatch(value) else None
    if seconds is None or not 0 < seconds <= MAX_LOCK_TIMEOUT:
        raise InputError(
            f"{LOCK_TIMEOUT_VAR}: '{visible(value)}' is not a number of seconds above 0 and at most 3600",
            hint=f"for example {LOCK_TIMEOUT_VAR}=5 or {LOCK_TIMEOUT_VAR}=0.5; unset it for the default",
        )
    return seconds


def _diff(old: str, new: str, name: str, context: int = 3) -> list[str]:
    """A unified diff for people: split at newlines only, every line escaped for the terminal.

    difflib's own matcher treats a line that recurs in over 1% of a long file as junk (`status = "member"`
    in a ledger), so a dry run showed unchanged lines as removed and added again. Here the lines both
    texts share at the start and the end are set aside first (a change touches one participant's block),
    and the rest is matched without that heuristic: exact, and cheap however long the ledger.
    """
    import difflib

    def lines(text: str) -> list[str]:
        parts = text.split("\n")
        return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])

    a, b = lines(old), lines(new)
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    middle = difflib.SequenceMatcher(None, a[head : len(a) - tail], b[head : len(b) - tail], autojunk=False)
    opcodes = [("equal", 0, head, 0, head)] if head else []
    opcodes += [(tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in middle.get_opcodes()]
    opcodes += [("equal", len(a) - tail, len(a), len(b) - tail, len(b))] if tail else []
    changed = [op for op in opcodes if op[0] != "equal"]
    if not changed:
        return []

    def span(start: int, stop: int) -> str:  # as `diff -u` writes a range
        return f"{start + (stop > start)},{stop - start}" if stop - start != 1 else f"{start + 1}"

    out = [f"--- {name} (before)\n", f"+++ {name} (after)\n"]
    hunks: list[list[tuple[str, int, int, int, int]]] = []
    for op in changed:  # changes closer than twice the context share one hunk
        if hunks and op[1] - hunks[-1][-1][2] <= 2 * context:
            hunks[-1].append(op)
        else:
            hunks.append([op])
    for hunk in hunks:
        a0, b0 = max(hunk[0][1] - context, 0), max(hunk[0][3] - context, 0)
        a1, b1 = min(hunk[-1][2] + context, len(a)), min(hunk[-1][4] + context, len(b))
        out.append(f"@@ -{span(a0, a1)} +{span(b0, b1)} @@\n")
        at = a0
        for _tag, i1, i2, j1, j2 in hunk:
            out += [" " + line for line in a[at:i1]]
            out += ["-" + line for line in a[i1:i2]]
            out += ["+" + line for line in b[j1:j2]]
            at = i2
        out += [" " + line for line in a[at:a1]]
    return [visible(line.removesuffix("\n")) + "\n" for line in out]
