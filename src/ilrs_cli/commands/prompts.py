"""Questions on a terminal: each answer is checked at its own prompt, by the rule that owns it, and asked
again until it passes. Prompts and refusals go to stderr, escaped; Ctrl-C, Ctrl-D or "no" cancel (a note,
not an error: exit 130 for Ctrl-C, else 1).
"""

from __future__ import annotations

import os
import select
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from typing import Any, NamedTuple, TypeVar

from ilrs_cli.core import changes
from ilrs_cli.core.errors import Cancelled, ExitStatus, InputError
from ilrs_cli.core.model import Confidence, Instrument, Kind, Ledger, Status
from ilrs_cli.core.text import COUNTRY_CODES, slugify, visible
from ilrs_cli.output.console import print_error, write_stderr
from ilrs_cli.store import signals

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)


def read_answer(question: str) -> str:
    """Write ``question`` to stderr and read one line from stdin (the terminal's own line editing)."""
    with cancellable():
        write_stderr(visible(question) + " ")
        return read_line()


_typed_ahead = bytearray()  # what a read returned past the end of the line it was asked for


def read_line() -> str:
    """One line from stdin, without its newline (EOFError at the end of input), such that an interrupt
    arriving at any moment raises here.

    Not ``input()``: it calls sys.stdout's ``fileno`` and ``flush`` (Python code: our stdout wrapper) and
    clears whatever they raise, so a Ctrl-C whose handler ran there was dropped and the wait went on.
    Nor a bare blocking read: a signal that lands after the interpreter's last look for one and before
    read() blocks is only noted, and nothing wakes the read to act on it. Here every handled signal also
    writes a byte to a pipe watched beside stdin, so the wait ends at once and the handler raises.
    """
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, OSError, ValueError):
        return input()
    wake_read = wake_write = -1
    previous: int | None = None
    try:
        with signals.deferred():  # the wake-up pipe set up whole (a signal here waits until it is)
            wake_read, wake_write = os.pipe()
            os.set_blocking(wake_read, False)
            os.set_blocking(wake_write, False)
            try:
                previous = signal.set_wakeup_fd(wake_write, warn_on_full_buffer=False)
            except ValueError:  # not the main thread: no handler runs here anyway
                previous = None
        while b"\n" not in _typed_ahead:
            ready, _, _ = select.select([fd, wake_read], [], [])
            if wake_read in ready:
                os.read(wake_read, 512)  # a signal: its handler runs as this line returns
            if fd in ready:
                chunk = os.read(fd, 4096)
                if not chunk:  # end of input (Ctrl-D): a line it ends is still an answer
                    if not _typed_ahead:
                        raise EOFError
                    break
                _typed_ahead.extend(chunk)
    finally:
        with signals.deferred():
            if previous is not None:
                signal.set_wakeup_fd(previous)
            for end in (wake_read, wake_write):
                if end >= 0:
                    os.close(end)
    line, _, rest = bytes(_typed_ahead).partition(b"\n")
    _typed_ahead[:] = rest
    return line.decode("utf-8", "surrogateescape")  # as stdin decodes: a byte that is not UTF-8 is refused later


@contextmanager
def cancellable() -> Iterator[None]:
    """Ctrl-C or Ctrl-D (end of input) inside: cancelled, with a note, not an error."""
    try:
        yield
    except EOFError:
        write_stderr("\n")
        raise Cancelled(ExitStatus.FOUND) from None
    except KeyboardInterrupt as exc:
        if isinstance(exc, signals.Stopped):
            raise  # SIGTERM, SIGHUP: not a person cancelling; exit 128+n
        signals.report(exc)  # the newline after ^C
        raise Cancelled(ExitStatus.INTERRUPTED) from None


def ask(question: str, parse: Callable[[str], T], *, default: str = "", choices: Sequence[str] = ()) -> T:
    """Ask until ``parse`` accepts the answer (blank means ``default``); each refusal says why."""
    shown = f"{question} ({'/'.join(choices)})" if choices else question
    shown += f" [{default}]:" if default else ":"
    while True:
        try:
            answer = read_answer(shown).strip() or default
            answer.encode("utf-8")  # an undecodable byte arrives as a lone surrogate
            return parse(answer)
        except UnicodeError:
            print_error("that answer is not valid UTF-8 text; type it again")
        except InputError as exc:
            print_error(exc.message, exc.hint)


def confirm(question: str) -> bool:
    """A yes/no question, no by default."""

    def parse(text: str) -> bool:
        if text.lower() in ("y", "yes"):
            return True
        if text.lower() in ("", "n", "no"):
            return False
        raise InputError(f"'{text}' is neither yes nor no")

    return ask(f"{question} [y/N]", parse, default="")


def member_of(enum: type[E], allowed: Sequence[E] | None = None) -> Callable[[str], E]:
    """Parse an answer as one of ``allowed`` (default: all of ``enum``), in any case."""
    offered = list(allowed if allowed is not None else enum)

    def parse(text: str) -> E:
        for member in offered:
            if member.value == text.lower():
                return member
        raise InputError(f"'{text}' is not one of: {', '.join(m.value for m in offered)}")

    return parse


def ask_choice(question: str, enum: type[E], *, allowed: Sequence[E] | None = None, default: str = "") -> E:
    """Ask for one member of ``enum``, offering only ``allowed``."""
    offered = list(allowed if allowed is not None else enum)
    return ask(question, member_of(enum, offered), default=default, choices=[m.value for m in offered])


# -- interactive add ---------------------------------------------------------------------------------


class NewParticipant(NamedTuple):
    """What `ilrs add` knows of a new participant: from its options, completed by questions."""

    name: str | None
    pid: str | None
    kind: Kind | None
    country: str | None
    status: Status | None
    agreement: dict[str, Any]  # ledger keys: signed, announced, instrument, counterpart, sources, ...

    def incomplete(self) -> bool:
        """True when a value add cannot do without is missing (the questions fill it in)."""
        dated = self.agreement.get("signed") or self.agreement.get("announced")
        member = (self.status or Status.MEMBER) is Status.MEMBER
        return (
            not self.name
            or self.kind is None
            or not dated
            or (self.kind is Kind.STATE and not self.country)
            or (member and not self.agreement.get("sources"))
        )


# Statuses a new participant may take (a withdrawal is recorded afterwards, with its date).
ADDABLE = [s for s in Status if s is not Status.WITHDRAWN]


def complete_new_participant(given: NewParticipant, ledger: Ledger) -> NewParticipant:
    """Ask for what ``given`` lacks, checking each answer at once against ``ledger`` (its ids and names)."""
    with cancellable():  # Ctrl-C between two questions cancels as well as during one
        return _complete(given, ledger)


def _complete(given: NewParticipant, ledger: Ledger) -> NewParticipant:
    name = given.name or ask("Name", _name(ledger))
    pid = given.pid or (None if slugify(name) else ask("Id (lower-case letters, digits, hyphens)", _id(ledger, name)))
    kind = given.kind or ask_choice("Kind", Kind)
    country = given.country or ask("Country code" + ("" if kind is Kind.STATE else " (blank for none)"), _country(kind))
    status = given.status or ask_choice("Status", Status, allowed=ADDABLE, default=Status.MEMBER.value)
    agreement = dict(given.agreement)
    while not (agreement.get("signed") or agreement.get("announced")):
        agreement["signed"] = ask("Signed (YYYY[-MM[-DD]], blank if unknown)", _agreement_value(agreement, "signed"))
        agreement["announced"] = ask("Announced (blank if unknown)", _agreement_value(agreement, "announced"))
        if not (agreement["signed"] or agreement["announced"]):
            print_error("an agreement needs a date: give the signed date, the announced date, or both")
    agreement["instrument"] = agreement.get("instrument") or ask_choice(
        "Instrument", Instrument, default=Instrument.MOU.value
    )
    agreement["counterpart"] = agreement.get("counterpart") or ask(
        "Counterpart", _agreement_value(agreement, "counterpart"), default="CNSA"
    )
    agreement["sources"] = _ask_sources(list(agreement.get("sources") or []), required=status is Status.MEMBER)
    agreement["confidence"] = agreement.get("confidence") or ask_choice(
        "Confidence", Confidence, default=Confidence.MEDIUM.value
    )
    return NewParticipant(name, pid, kind, country, status, agreement)


def _name(ledger: Ledger) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if not text:
            raise InputError("a name is required")
        changes.check_participant_field(ledger, {"id": "x", "name": text, "kind": Kind.COMPANY.value}, "name")
        return text

    return parse


def _id(ledger: Ledger, name: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if not text:
            raise InputError(f"no id can be derived from '{name}': type one")
        changes.check_participant_field(ledger, {"id": text, "name": name, "kind": Kind.COMPANY.value}, "id")
        return text

    return parse


def _country(kind: Kind) -> Callable[[str], str]:
    def parse(text: str) -> str:
        code = text.upper()
        if not code and kind is not Kind.STATE:
            return ""
        if code not in COUNTRY_CODES:
            raise InputError(f"'{text}' is not an ISO 3166-1 alpha-2 country code (e.g. PK, RS)")
        return code

    return parse


def _agreement_value(agreement: dict[str, Any], key: str) -> Callable[[str], str]:
    """Parse one agreement field as recording the agreement would (a date's form, announced after signed)."""

    def parse(text: str) -> str:
        changes.check_agreement_field({**agreement, key: text}, key)
        return text

    return parse


def _ask_sources(sources: list[str], *, required: bool) -> list[str]:
    """Ask for source URLs until a blank answer (at least one when ``required``)."""

    def parse(text: str) -> str:
        if text:
            changes.check_agreement_field({"sources": [text]}, "sources")
        elif required and not sources:
            raise InputError("a member needs at least one source URL")
        return text

    while answer := ask("Source URL" if not sources else "Another source URL (blank to finish)", parse):
        sources.append(answer)
    return sources
