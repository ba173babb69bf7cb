"""Writing commands: add, agreement add/edit/remove, edit, withdraw, remove.

Each command turns its options into a pure change (ilrs_cli.core.changes: a ledger in, a new ledger and the
participant it touched out) and hands it to ``write``: Session.save applies it under the ledger's lock and
returns what changed, and one summary line goes to stderr. Questions on a terminal live in prompts.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, NamedTuple

import typer

from ilrs_cli.commands import prompts
from ilrs_cli.commands.options import (
    Count,
    LedgerOption,
    complete_confidence,
    complete_country,
    complete_instrument,
    complete_kind,
    complete_participant,
    complete_status,
    parse_date,
)
from ilrs_cli.commands.session import Session
from ilrs_cli.core import changes as edit
from ilrs_cli.core.errors import InputError, Suggestion
from ilrs_cli.core.model import Confidence, Instrument, Kind, Ledger, Participant, Status

app = typer.Typer()  # this module's commands; cli.py registers them on the root app

DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
DropCommentsOption = Annotated[
    bool, typer.Option("--drop-comments", help="Allow the write to discard comments in the ledger file.")
]
IdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="Participant id (or name).", autocompletion=complete_participant)
]
NumberArgument = Annotated[
    int, typer.Argument(metavar="N", help="Agreement number, as `ilrs show` counts them.", click_type=Count(1))
]
KindOption = Annotated[Kind | None, typer.Option("--kind", "-k", case_sensitive=False, autocompletion=complete_kind)]
NoteOption = Annotated[str | None, typer.Option("--note", metavar="TEXT", help="Notes on the participant.")]

# Agreement options, shared by `add`, `agreement add` and `agreement edit`.
SignedOption = Annotated[
    str | None, typer.Option("--signed", metavar="DATE", help="Date signed: YYYY, YYYY-MM or YYYY-MM-DD.")
]
AnnouncedOption = Annotated[str | None, typer.Option("--announced", metavar="DATE", help="Date announced.")]
InstrumentOption = Annotated[
    Instrument | None,
    typer.Option(
        "--instrument", "-i", case_sensitive=False, help="Type of instrument.", autocompletion=complete_instrument
    ),
]
CounterpartOption = Annotated[
    str | None, typer.Option("--counterpart", metavar="TEXT", help="The Chinese side (CNSA, DSEL, ...).")
]
SigningBodyOption = Annotated[
    str | None, typer.Option("--signing-body", metavar="TEXT", help="Who signed for the participant.")
]
PlaceOption = Annotated[str | None, typer.Option("--place", metavar="TEXT", help="Where it was signed.")]
SignatoryOption = Annotated[
    list[str] | None, typer.Option("--signatory", metavar="NAME", help="A signatory (repeatable).")
]
SourceOption = Annotated[list[str] | None, typer.Option("--source", metavar="URL", help="A source URL (repeatable).")]
ConfidenceOption = Annotated[
    Confidence | None,
    typer.Option("--confidence", case_sensitive=False, help="high, medium or low.", autocompletion=complete_confidence),
]
AgreementNoteOption = Annotated[
    str | None, typer.Option("--agreement-note", metavar="TEXT", help="Notes on the agreement.")
]


def agreement_fields(
    *,
    signed: str | None,
    announced: str | None,
    instrument: Instrument | None,
    counterpart: str | None,
    signing_body: str | None,
    place: str | None,
    signatory: list[str] | None,
    source: list[str] | None,
    confidence: Confidence | None,
    agreement_note: str | None,
) -> dict[str, Any]:
    """The agreement fields given on the command line, keyed as the ledger names them; unset ones left out."""
    fields = {
        "instrument": instrument.value if instrument else None,
        "counterpart": counterpart,
        "signing_body": signing_body,
        "signed": signed,
        "announced": announced,
        "place": place,
        "signatories": signatory,
        "confidence": confidence.value if confidence else None,
        "sources": source,
        "notes": agreement_note,
    }
    return {key: value for key, value in fields.items() if value is not None}


class WriteOptions(NamedTuple):
    """The options every writing command shares."""

    ledger_path: str | None
    dry_run: bool
    drop_comments: bool


def write(
    session: Session,
    options: WriteOptions,
    change: Callable[[Ledger], tuple[Ledger, Participant]],
    summary: Callable[[Participant], str],
) -> None:
    """Save ``change`` and say what happened, in words ``summary`` makes from the participant it touched."""
    saved = session.save(options.ledger_path, change, dry_run=options.dry_run, drop_comments=options.drop_comments)
    said = summary(saved.result)
    if saved.old_text == saved.new_text:
        session.note(f"unchanged: {said} (nothing to write)")
    elif options.dry_run:
        session.note(f"would have {said} (dry run: nothing written)")
    else:
        session.note(said)


def plural(count: int, word: str) -> str:
    """``1 agreement``, ``2 agreements``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


@app.command("add")
def add_cmd(
    name: Annotated[str | None, typer.Argument(metavar="NAME", help="Participant name, e.g. 'Pakistan'.")] = None,
    kind: KindOption = None,
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            "-c",
            metavar="CC",
            help="ISO 3166-1 alpha-2 code (required for a state).",
            autocompletion=complete_country,
        ),
    ] = None,
    pid: Annotated[
        str | None, typer.Option("--id", metavar="SLUG", help="Id (default: derived from the name).")
    ] = None,
    status: Annotated[
        Status | None,
        typer.Option("--status", "-s", case_sensitive=False, help="Default: member.", autocompletion=complete_status),
    ] = None,
    note: NoteOption = None,
    signed: SignedOption = None,
    announced: AnnouncedOption = None,
    instrument: InstrumentOption = None,
    counterpart: CounterpartOption = None,
    signing_body: SigningBodyOption = None,
    place: PlaceOption = None,
    signatory: SignatoryOption = None,
    source: SourceOption = None,
    confidence: ConfidenceOption = None,
    agreement_note: AgreementNoteOption = None,
    ledger_path: LedgerOption = None,
    dry_run: DryRunOption = False,
    yes: YesOption = False,
    drop_comments: DropCommentsOption = False,
) -> None:
    """Add a participant with its first agreement.

    On a terminal, missing values are asked for; otherwise a missing value is an error naming its flag.

    \b
    Examples:
      ilrs add "Lunar Institute" --kind institution --country PK --signed 2025-02-03 --counterpart CNSA --source https://example.org/li
      ilrs add Moonland --kind state --country ML --signed 2025-03 --source https://example.org/ml --dry-run
    """
    session = Session()
    if status is Status.WITHDRAWN:
        raise InputError(
            "--status withdrawn: a participant is added as it joined",
            hint=Suggestion("add it, then record the departure with {}", ("withdraw", "ID", "--date", "DATE")),
        )
    if pid is not None and not pid.strip():  # given but empty: not the same as leaving it out
        raise InputError("--id: holds an empty value", hint="leave --id out to derive the id from the name")
    fields = agreement_fields(
        signed=signed,
        announced=announced,
        instrument=instrument,
        counterpart=counterpart,
        signing_body=signing_body,
        place=place,
        signatory=signatory,
        source=source,
        confidence=confidence,
        agreement_note=agreement_note,
    )
    given = prompts.NewParticipant(name, pid, kind, country, status, fields)
    asked = session.terminal.interactive and given.incomplete()
    if asked:
        given = prompts.complete_new_participant(given, _write_target(session, ledger_path))
    participant = _new_participant(given, note)
    if asked:
        session.note(
            f"about to add: {participant.id} ({participant.name}), {participant.kind}, joined {participant.joined}"
        )
        session.confirm("Write it?", yes)
    write(
        session,
        WriteOptions(ledger_path, dry_run, drop_comments),
        lambda ledger: edit.add_participant(ledger, participant),
        lambda who: f"added {who.id} ({who.name}), {plural(len(who.agreements), 'agreement')}",
    )


def _write_target(session: Session, ledger_path: str | None) -> Ledger:
    """The ledger a write will go to, read before any question (its names are checked at their prompt)."""
    from ilrs_cli.store import ledger

    return ledger.load(session.locate(ledger_path, for_write=True)).ledger


def _new_participant(given: prompts.NewParticipant, note: str | None) -> Participant:
    """Check what `add` was given (or told) and build the participant, naming the flag of any gap."""
    if given.name is None:
        raise InputError("missing participant NAME", hint="usage: ilrs add NAME --kind KIND --signed DATE --source URL")
    if given.kind is None:
        raise InputError("missing --kind (state, organization, institution or company)")
    if not (given.agreement.get("signed") or given.agreement.get("announced")):
        raise InputError("missing --signed or --announced: an agreement needs a date")
    agreement = edit.build_agreement({"instrument": Instrument.MOU.value, **given.agreement})
    values = {
        "name": given.name,
        "kind": given.kind.value,
        "country": (given.country or "").upper(),
        "status": (given.status or Status.MEMBER).value,
        "notes": note,
    }
    return edit.new_participant(values, agreement, given.pid)


agreement_app = typer.Typer(
    help="Record, change or delete a participant's agreements.\n\n"
    "Agreements are numbered as `ilrs show` numbers them, in date order.\n\n"
    "\b\nExamples:\n"
    "  ilrs agreement add pakistan --instrument agreement --signed 2025-01 --source https://example.org/pk\n"
    "  ilrs agreement edit pakistan 2 --place Islamabad\n"
    "  ilrs agreement remove pakistan 2 --yes",
    no_args_is_help=True,
)
app.add_typer(agreement_app, name="agreement")


@agreement_app.command("add")
def agreement_add_cmd(
    participant: IdArgument,
    signed: SignedOption = None,
    announced: AnnouncedOption = None,
    instrument: InstrumentOption = None,
    counterpart: CounterpartOption = None,
    signing_body: SigningBodyOption = None,
    place: PlaceOption = None,
    signatory: SignatoryOption = None,
    source: SourceOption = None,
    confidence: ConfidenceOption = None,
    agreement_note: AgreementNoteOption = None,
    ledger_path: LedgerOption = None,
    dry_run: DryRunOption = False,
    drop_comments: DropCommentsOption = False,
) -> None:
    """Record a further agreement for an existing participant.

    \b
    Example:
      ilrs agreement add pakistan --instrument agreement --signed 2025-01 --source https://example.org/pk
    """
    fields = agreement_fields(
        signed=signed,
        announced=announced,
        instrument=instrument,
        counterpart=counterpart,
        signing_body=signing_body,
        place=place,
        signatory=signatory,
        source=source,
        confidence=confidence,
        agreement_note=agreement_note,
    )
    agreement = edit.build_agreement({"instrument": Instrument.OTHER.value, **fields})
    write(
        Session(),
        WriteOptions(ledger_path, dry_run, drop_comments),
        lambda ledger: edit.add_agreement(ledger, participant, agreement),
        lambda who: (
            f"recorded an agreement ({agreement.instrument}) for {who.id} ({who.name}), "
            f"now {plural(len(who.agreements), 'agreement')}"
        ),
    )


@agreement_app.command("edit")
def agreement_edit_cmd(
    participant: IdArgument,
    number: NumberArgument,
    signed: SignedOption = None,
    announced: AnnouncedOption = None,
    instrument: InstrumentOption = None,
    counterpart: CounterpartOption = None,
    signing_body: SigningBodyOption = None,
    place: PlaceOption = None,
    signatory: SignatoryOption = None,
    source: SourceOption = None,
    confidence: ConfidenceOption = None,
    agreement_note: AgreementNoteOption = None,
    ledger_path: LedgerOption = None,
    dry_run: DryRunOption = False,
    drop_comments: DropCommentsOption = False,
) -> None:
    """Change fields of agreement N (as `ilrs show` numbers them).

    An empty value clears a field; --source and --signatory replace the whole list.

    \b
    Example:
      ilrs agreement edit pakistan 2 --place Islamabad
    """
    fields = agreement_fields(
        signed=signed,
        announced=announced,
        instrument=instrument,
        counterpart=counterpart,
        signing_body=signing_body,
        place=place,
        signatory=signatory,
        source=source,
        confidence=confidence,
        agreement_note=agreement_note,
    )
    if not fields:
        raise InputError("nothing to change: pass at least one field option", hint="see `ilrs agreement edit --help`")
    write(
        Session(),
        WriteOptions(ledger_path, dry_run, drop_comments),
        lambda ledger: edit.update_agreement(ledger, participant, number, fields),
        lambda who: f"changed {', '.join(fields)} of agreement {number} of {who.id} ({who.name})",
    )


@agreement_app.command("remove")
def agreement_remove_cmd(
    participant: IdArgument,
    number: NumberArgument,
    ledger_path: LedgerOption = None,
    dry_run: DryRunOption = False,
    yes: YesOption = False,
    drop_comments: DropCommentsOption = False,
) -> None:
    """Delete agreement N of a participant (entered by mistake).

    \b
    Example:
      ilrs agreement remove pakistan 2 --yes
    """
    session = Session()
    # a typo in the id or the number fails before the question, not after it
    who = edit.remove_agreement(session.ledger_to_write(ledger_path), participant, number)[1]
    session.confirm(f"Delete agreement {number} of {who.id} ({who.name})?", yes or dry_run)
    write(
        session,
        WriteOptions(ledger_path, dry_run, drop_comments),
        lambda ledger: edit.remove_agreement(ledger, participant, number),
        lambda who: (
            f"removed agreement {number} of {who.id} ({who.name}), {plural(len(who.agreements), 'agreement')} left"
        ),
    )


@app.command("edit")
def edit_cmd(
    participant: IdArgument,
    name: Annotated[str | None, typer.Option("--name", metavar="TEXT", help="New name.")] = None,
    kind: KindOption = None,
    country: Annotated[
        str | None,
        typer.Option("--country", "-c", metavar="CC", autocompletion=complete_country, help="ISO code ('' clears it)."),
    ] = None,
    status: Annotated[
        Status | None,
        typer.Option(
            "--status",
            "-s",
            case_sensitive=False,
            autocompletion=complete_status,
            help="New status (use `ilrs withdraw` for a withdrawal).",
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="Replace the notes ('' clears them).")
    ] = None,
    ledger_path: LedgerOption = None,
    dry_run: DryRunOption = False,
    drop_comments: DropCommentsOption = False,
) -> None:
    """Change a participant's name, kind, country, status or notes.

    An empty value clears an optional field. A withdrawal has its own command: `ilrs withdraw`.

    \b
    Examples:
      ilrs edit ethiopia --status applicant
      ilrs edit ethiopia --note "Named by Roscosmos in April 2025." --dry-run
    """
    if status is Status.WITHDRAWN:
        raise InputError(
            "--status withdrawn needs a date", hint=Suggestion("use {}", ("withdraw", participant, "--date", "DATE"))
        )
    fields = {
        "name": name,
        "kind": kind.value if kind else None,
        "country": country.upper() if country is not None else None,
        "status": status.value if status else None,
        "notes": note,
    }
    given = {key: value for key, value in fields.items() if value is not None}
    if not given:
        raise InputError("nothing to change: pass at least one field option", hint="see `ilrs edit --help`")
    write(
        Session(),
        WriteOptions(ledger_path, dry_run, drop_comments),
        lambda ledger: edit.update_participant(ledger, participant, given),
        lambda who: f"changed {', '.join(given)} of {who.id} ({who.name})",
    )


@app.command("withdraw")
def withdraw_cmd(
    participant: IdArgument,
    date: Annotated[str, typer.Option("--date", metavar="DATE", help="Date of the withdrawal.")],
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="Appended to the notes.")] = None,
    ledger_path: LedgerOption = None,
    dry_run: DryRunOption = False,
    drop_comments: DropCommentsOption = False,
) -> None:
    """Mark a participant withdrawn on a date (its history stays).

    \b
    Example:
      ilrs withdraw uae --date 2025-03 --note "Left after the rover was dropped."
    """
    when = parse_date(date, "--date")
    assert when is not None
    write(
        Session(),
        WriteOptions(ledger_path, dry_run, drop_comments),
        lambda ledger: edit.withdraw(ledger, participant, when, note or ""),
        lambda who: f"marked {who.id} ({who.name}) withdrawn on {when}",
    )


@app.command("remove")
def remove_cmd(
    participant: IdArgument,
    ledger_path: LedgerOption = None,
    dry_run: DryRunOption = False,
    yes: YesOption = False,
    drop_comments: DropCommentsOption = False,
) -> None:
    """Delete a participant entered by mistake.

    For a real departure use `ilrs withdraw`. On a terminal it asks first; otherwise pass --yes.

    \b
    Example:
      ilrs remove test-entry --yes
    """
    session = Session()
    who = edit.remove_participant(session.ledger_to_write(ledger_path), participant)[1]  # a typo fails first
    session.confirm(f"Delete {who.id} ({who.name}) and its {plural(len(who.agreements), 'agreement')}?", yes or dry_run)
    write(
        session,
        WriteOptions(ledger_path, dry_run, drop_comments),
        lambda ledger: edit.remove_participant(ledger, participant),
        lambda who: f"removed {who.id} ({who.name}) and {plural(len(who.agreements), 'agreement')}",
    )
