"""Writing commands: add, agreement add/edit/remove, edit, withdraw, remove, init, fmt.

Each one resolves the ledger to write, builds a pure change (ilrs_cli.core.changes), and hands it to
ledger.save, which applies it under the lock and writes it safely. Summaries go to stderr.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from ilrs_cli.commands.options import (
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
from ilrs_cli.core.errors import ExitStatus, InputError
from ilrs_cli.core.model import Confidence, Instrument, Kind, Ledger, Participant, Status
from ilrs_cli.core.text import slugify, visible
from ilrs_cli.output.console import print_error

app = typer.Typer()  # this module's commands; cli.py registers them on the root app

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)

DryRunOption = Annotated[bool, typer.Option("--dry-run", "-n", help="Show the change as a diff; write nothing.")]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
DropCommentsOption = Annotated[
    bool, typer.Option("--drop-comments", help="Allow the write to discard comments in the ledger file.")
]
IdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="Participant id (or name).", autocompletion=complete_participant)
]
NumberArgument = Annotated[
    int, typer.Argument(metavar="N", help="Agreement number, as `ilrs show` counts them.", min=1)
]

# Agreement options, shared by `add`, `agreement add` and `agreement edit`.
SignedOption = Annotated[
    str | None, typer.Option("--signed", metavar="DATE", help="Date signed: YYYY, YYYY-MM or YYYY-MM-DD.")
]
AnnouncedOption = Annotated[str | None, typer.Option("--announced", metavar="DATE", help="Date announced.")]
InstrumentOption = Annotated[
    Instrument | None,
    typer.Option(
        "--instrument",
        "-i",
        case_sensitive=False,
        help="Type of instrument.",
        autocompletion=complete_instrument,
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


def _apply(
    session: Session,
    ledger_path: str | None,
    change: Callable[[Ledger], Ledger],
    dry_run: bool,
    drop_comments: bool,
) -> bool:
    """Save a change; on --dry-run print it as a unified diff. Returns whether anything changed."""
    from ilrs_cli.store import ledger

    location = session.locate(ledger_path, for_write=True)
    timeout = session.env.get("ILRS_LOCK_TIMEOUT", "")
    saved = ledger.save(
        location,
        change,
        dry_run=dry_run,
        drop_comments=drop_comments,
        timeout=float(timeout) if timeout.replace(".", "", 1).isdigit() else ledger.LOCK_TIMEOUT,
    )
    if dry_run:
        session.out.writelines(_diff(saved.old_text, saved.new_text, location.name))
    return saved.old_text != saved.new_text


def _diff(old: str, new: str, name: str) -> list[str]:
    """A unified diff for people: split at newlines only, every line escaped for the terminal."""

    def lines(text: str) -> list[str]:
        parts = text.split("\n")
        return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])

    diff = difflib.unified_diff(lines(old), lines(new), fromfile=f"{name} (before)", tofile=f"{name} (after)")
    return [visible(line.removesuffix("\n")) + "\n" for line in diff]


def _done(session: Session, changed: bool, dry_run: bool, summary: str) -> None:
    if not changed:
        session.note(f"unchanged: {summary} (nothing to write)")
    elif dry_run:
        session.note(f"would have {summary} (dry run: nothing written)")
    else:
        session.note(summary)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _ask(label: str, parse: Callable[[str], T], *, default: str | None = None, choices: list[str] | None = None) -> T:
    """Prompt on stderr until the answer parses; each refusal says why."""
    text = f"{label} ({'/'.join(choices)})" if choices else label
    while True:
        answer = typer.prompt(
            text, default=default if default is not None else "", show_default=bool(default), err=True
        )
        try:
            return parse(str(answer).strip())
        except (InputError, ValueError) as exc:
            print_error(exc.message if isinstance(exc, InputError) else str(exc))


def _member_of(enum: type[E]) -> Callable[[str], E]:
    """Parse a prompt answer as a member of ``enum``, refusing with the choices."""

    def parse(text: str) -> E:
        try:
            return enum(text.lower())
        except ValueError:
            raise InputError(f"'{text}' is not one of: {', '.join(m.value for m in enum)}") from None

    return parse


def _optional_date(flag: str) -> Callable[[str], str | None]:
    """Parse a prompt answer as a date, or None when left blank."""

    def parse(text: str) -> str | None:
        date = parse_date(text or None, flag)
        return date.iso() if date is not None else None

    return parse


# Agreement options shared by `add`, `agreement add` and `agreement edit`: parameter -> ledger key.
AGREEMENT_OPTIONS = {
    "instrument": "instrument",
    "counterpart": "counterpart",
    "signing_body": "signing_body",
    "signed": "signed",
    "announced": "announced",
    "place": "place",
    "signatory": "signatories",
    "source": "sources",
    "confidence": "confidence",
    "agreement_note": "notes",
}


def _agreement_options(options: dict[str, Any]) -> dict[str, Any]:
    """The agreement fields a command was given (from its ``locals()``), as the codec reads them."""
    values = {}
    for parameter, key in AGREEMENT_OPTIONS.items():
        value = options.get(parameter)
        if value is not None:
            values[key] = value.value if isinstance(value, Instrument | Confidence) else value
    return values


@app.command("add")
def add_cmd(
    name: Annotated[str | None, typer.Argument(metavar="NAME", help="Participant name, e.g. 'Pakistan'.")] = None,
    kind: Annotated[
        Kind | None, typer.Option("--kind", "-k", case_sensitive=False, autocompletion=complete_kind)
    ] = None,
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
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="Notes on the participant.")] = None,
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

    Example: ilrs add Pakistan --kind state --country PK --signed 2023-10-18 --announced 2023-10-20
    --instrument mou --counterpart CNSA --source https://example.org/report
    """
    session = Session()
    prompted = False
    if session.terminal.interactive:
        missing = name is None or kind is None or (signed is None and announced is None)
        if (
            missing
            or (kind is Kind.STATE and not country)
            or ((status or Status.MEMBER) is Status.MEMBER and not source)
        ):
            prompted = True
            name = name or _ask("Name", _required("a name"))
            kind = kind or _ask("Kind", _member_of(Kind), choices=[k.value for k in Kind])
            if not country:
                country = _ask("Country code" + (" (blank for none)" if kind is not Kind.STATE else ""), _country(kind))
            status = status or _ask("Status", _member_of(Status), default="member", choices=[s.value for s in Status])
            while signed is None and announced is None:
                signed = _ask("Signed (YYYY[-MM[-DD]], blank if unknown)", _optional_date("signed"))
                announced = _ask("Announced (blank if unknown)", _optional_date("announced"))
                if signed is None and announced is None:
                    print_error("an agreement needs a date: give the signed date, the announced date, or both")
            instrument = instrument or _ask(
                "Instrument", Instrument, default="mou", choices=[i.value for i in Instrument]
            )
            counterpart = counterpart or _ask("Counterpart", str, default="CNSA")
            source = _ask_sources(list(source or []), required=status is Status.MEMBER)
            confidence = confidence or _ask(
                "Confidence", Confidence, default="medium", choices=[c.value for c in Confidence]
            )
    if status is Status.WITHDRAWN:
        raise InputError(
            "--status withdrawn: a participant is added as it joined",
            hint="add it, then record the departure with `ilrs withdraw ID --date DATE`",
        )
    if name is None:
        raise InputError("missing participant NAME", hint="usage: ilrs add NAME --kind KIND --signed DATE --source URL")
    if kind is None:
        raise InputError("missing --kind (state, organization, institution or company)")
    if signed is None and announced is None:
        raise InputError("missing --signed or --announced: an agreement needs a date")
    agreement = edit.build_agreement({"instrument": Instrument.MOU.value, **_agreement_options(locals())})
    if not name.strip():
        raise InputError("NAME: required field is empty")
    derived = pid or slugify(name)
    if not derived:
        raise InputError(f"cannot derive an id from {name!r}", hint="pass --id SLUG")
    participant = edit.build_participant(
        {
            "id": derived,
            "name": name,
            "kind": kind.value,
            "country": (country or "").upper(),
            "status": (status or Status.MEMBER).value,
            "notes": note,
        },
        agreement,
    )
    summary = f"added {participant.id} ({participant.name}), {_plural(len(participant.agreements), 'agreement')}"
    if prompted and not yes:
        session.note(
            f"about to add: {participant.id} ({participant.name}), {participant.kind}, joined {participant.joined}"
        )
        if not session.confirm("Write it?", assume_yes=False):
            raise InputError("cancelled; nothing written")
    changed = _apply(session, ledger_path, lambda led: edit.add_participant(led, participant), dry_run, drop_comments)
    _done(session, changed, dry_run, summary)


def _ask_sources(sources: list[str], *, required: bool) -> list[str]:
    """Prompt for source URLs until a blank answer (at least one when ``required``)."""
    from ilrs_cli.core.text import is_url

    def parse(text: str) -> str:
        if text and not is_url(text):
            raise InputError(f"'{text}' is not an http(s) URL")
        if not text and required and not sources:
            raise InputError("a member needs at least one source URL")
        return text

    while answer := _ask("Source URL" if not sources else "Another source URL (blank to finish)", parse):
        sources.append(answer)
    return sources


def _required(what: str) -> Callable[[str], str]:
    """Parse a prompt answer that must not be empty."""

    def parse(text: str) -> str:
        if not text:
            raise InputError(f"{what} is required")
        return text

    return parse


def _country(kind: Kind) -> Callable[[str], str]:
    def parse(text: str) -> str:
        from ilrs_cli.core.text import COUNTRY_CODES

        code = text.upper()
        if not code and kind is not Kind.STATE:
            return ""
        if code not in COUNTRY_CODES:
            raise InputError(f"'{text}' is not an ISO 3166-1 alpha-2 country code (e.g. PK, RS)")
        return code

    return parse


agreement_app = typer.Typer(help="Record, change or delete a participant's agreements.", no_args_is_help=True)
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

    Example: ilrs agreement add russia --instrument intergovernmental-agreement --signed 2022-11-25
    --announced 2024-06-12 --source http://en.special.kremlin.ru/catalog/countries/CN/events/74254
    """
    session = Session()
    agreement = edit.build_agreement({"instrument": Instrument.OTHER.value, **_agreement_options(locals())})
    result: list[Participant] = []

    def change(ledger: Ledger) -> Ledger:
        new, who = edit.add_agreement(ledger, participant, agreement)
        result.append(who)
        return new

    changed = _apply(session, ledger_path, change, dry_run, drop_comments)
    who = result[-1]
    _done(
        session,
        changed,
        dry_run,
        f"recorded an agreement ({agreement.instrument}) for {who.id} ({who.name}), "
        f"now {_plural(len(who.agreements), 'agreement')}",
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
    """Change fields of agreement N (an empty value clears a field; --source/--signatory replace the list).

    Example: ilrs agreement edit azerbaijan 1 --announced 2023-10-09
    """
    session = Session()
    changes = _agreement_options(locals())
    if not changes:
        raise InputError("nothing to change: pass at least one field option", hint="see `ilrs agreement edit --help`")
    result: list[Participant] = []

    def change(ledger: Ledger) -> Ledger:
        new, who = edit.update_agreement(ledger, participant, number, changes)
        result.append(who)
        return new

    changed = _apply(session, ledger_path, change, dry_run, drop_comments)
    who = result[-1]
    _done(
        session,
        changed,
        dry_run,
        f"changed {', '.join(changes)} of agreement {number} of {who.id} ({who.name})",
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

    Example: ilrs agreement remove apsco 2 --yes
    """
    session = Session()
    if not dry_run and not session.confirm(f"Delete agreement {number} of {participant}?", yes):
        raise InputError("cancelled; nothing written")
    result: list[Participant] = []

    def change(ledger: Ledger) -> Ledger:
        new, who = edit.remove_agreement(ledger, participant, number)
        result.append(who)
        return new

    changed = _apply(session, ledger_path, change, dry_run, drop_comments)
    who = result[-1]
    _done(
        session,
        changed,
        dry_run,
        f"removed agreement {number} of {who.id} ({who.name}), {_plural(len(who.agreements), 'agreement')} left",
    )


@app.command("edit")
def edit_cmd(
    participant: IdArgument,
    name: Annotated[str | None, typer.Option("--name", metavar="TEXT", help="New name.")] = None,
    kind: Annotated[
        Kind | None, typer.Option("--kind", "-k", case_sensitive=False, autocompletion=complete_kind)
    ] = None,
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
    """Change a participant's fields, e.g. its status once a claim is confirmed.

    Example: ilrs edit ethiopia --status member
    """
    session = Session()
    if status is Status.WITHDRAWN:
        raise InputError("--status withdrawn needs a date", hint=f"use `ilrs withdraw {participant} --date DATE`")
    changes: dict[str, Any] = {
        k: v
        for k, v in {
            "name": name,
            "kind": kind.value if kind else None,
            "country": country.upper() if country is not None else None,
            "status": status.value if status else None,
            "notes": note,
        }.items()
        if v is not None
    }
    if not changes:
        raise InputError("nothing to change: pass at least one field option", hint="see `ilrs edit --help`")
    result: list[Participant] = []

    def change(ledger: Ledger) -> Ledger:
        new, who = edit.update_participant(ledger, participant, changes)
        result.append(who)
        return new

    changed = _apply(session, ledger_path, change, dry_run, drop_comments)
    who = result[-1]
    _done(session, changed, dry_run, f"changed {', '.join(changes)} of {who.id} ({who.name})")


@app.command("withdraw")
def withdraw_cmd(
    participant: IdArgument,
    date: Annotated[str, typer.Option("--date", metavar="DATE", help="Date of the withdrawal.")],
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="Appended to the notes.")] = None,
    ledger_path: LedgerOption = None,
    dry_run: DryRunOption = False,
    drop_comments: DropCommentsOption = False,
) -> None:
    """Mark a participant withdrawn on a date; its agreements stay as history.

    Example: ilrs withdraw uae --date 2025-03 --note "Left after the rover was dropped."
    """
    session = Session()
    when = parse_date(date, "--date")
    assert when is not None
    result: list[Participant] = []

    def change(ledger: Ledger) -> Ledger:
        new, who = edit.withdraw(ledger, participant, when, note or "")
        result.append(who)
        return new

    changed = _apply(session, ledger_path, change, dry_run, drop_comments)
    who = result[-1]
    _done(session, changed, dry_run, f"withdrew {who.id} ({who.name}) on {when}")


@app.command("remove")
def remove_cmd(
    participant: IdArgument,
    ledger_path: LedgerOption = None,
    dry_run: DryRunOption = False,
    yes: YesOption = False,
    drop_comments: DropCommentsOption = False,
) -> None:
    """Delete a participant entered by mistake (for a real departure use `ilrs withdraw`).

    Example: ilrs remove test-entry --yes
    """
    session = Session()
    if not dry_run and not session.confirm(f"Delete {participant} and all its agreements?", yes):
        raise InputError("cancelled; nothing written")
    result: list[Participant] = []

    def change(ledger: Ledger) -> Ledger:
        new, who = edit.remove_participant(ledger, participant)
        result.append(who)
        return new

    changed = _apply(session, ledger_path, change, dry_run, drop_comments)
    who = result[-1]
    _done(
        session,
        changed,
        dry_run,
        f"removed {who.id} ({who.name}) and {_plural(len(who.agreements), 'agreement')}",
    )


@app.command("init")
def init_cmd(
    path: Annotated[
        Path | None, typer.Argument(metavar="[PATH]", help="Where to create it (default: the user ledger).")
    ] = None,
    from_bundled: Annotated[
        bool, typer.Option("--from-bundled", help="Start from the bundled ledger instead of an empty one.")
    ] = False,
) -> None:
    """Create a new ledger, empty or seeded from the bundled one.

    Example: ilrs init --from-bundled   (then `ilrs add ...` writes to it)
    """
    from ilrs_cli.store import ledger

    session = Session()
    target = path or ledger.user_path(session.env)
    start = Ledger()
    if from_bundled:
        start = ledger.load(ledger.Location(ledger.bundled_path(), "bundled copy", True)).ledger
    ledger.create(target, start)
    summary = f"created {target} with {_plural(len(start.participants), 'participant')}"
    session.note(summary + _schema_beside(target))


def _schema_beside(target: Path) -> str:
    """Write the schema the new ledger's `#:schema` line names; say what happened."""
    from ilrs_cli.store import schema

    written = schema.write_beside(target)
    if written:
        return f" (and {schema.FILE_NAME} beside it)"
    if written is None:
        return f"; left {schema.FILE_NAME} as it is (it is not what `ilrs schema` prints)"
    return ""


@app.command("fmt")
def fmt_cmd(
    files: Annotated[
        list[str] | None,
        typer.Argument(metavar="[FILE]...", help="Ledger files (default: the ledger in use)."),
    ] = None,
    ledger_path: LedgerOption = None,
    check: Annotated[
        bool, typer.Option("--check", help="Only check: exit 1 if a file is not in canonical form.")
    ] = False,
    drop_comments: DropCommentsOption = False,
) -> int:
    """Rewrite ledgers in canonical form (sorted, fixed key order), like gofmt.

    Example: ilrs fmt --check data/members.toml
    """
    from ilrs_cli.store import ledger

    session = Session()
    targets: list[str | None] = list(files) if files else [ledger_path]
    status = ExitStatus.OK
    for target in targets:
        if check:
            loaded = session.load(target)
            if not ledger.is_canonical(loaded):
                session.note(f"{loaded.location.name}: not in canonical form (run `ilrs fmt` to rewrite it)")
                status = ExitStatus.FOUND
            continue
        changed = _apply(session, target, lambda led: led, False, drop_comments)
        location = session.locate(target, for_write=True)
        session.note(f"{'formatted' if changed else 'already canonical:'} {location.name}")
    return status
