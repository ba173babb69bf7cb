"""Reading commands: list, show, where."""

from typing import Annotated, Any

import typer

from ilrs_cli.commands.options import (
    AsOfOption,
    ColourOption,
    Count,
    CountOption,
    CountryOption,
    FormatOption,
    IdOption,
    KindOption,
    LedgerOption,
    NoHeadersOption,
    ProgrammeOption,
    ReverseOption,
    SearchOption,
    SinceOption,
    StatusOption,
    UntilOption,
    complete_fields,
    complete_participant,
    complete_sort,
    parse_countries,
    parse_date,
    parse_search,
    parse_window,
)
from ilrs_cli.commands.session import Session
from ilrs_cli.core.model import Status
from ilrs_cli.core.query import (
    AgreementLine,
    Filters,
    SortKey,
    agreement_lines,
    find,
    participant_record,
    resolve_ids,
    select,
    sort_key,
)
from ilrs_cli.core.text import visible
from ilrs_cli.output.console import Colour
from ilrs_cli.output.formats import Format, write_json, write_records, write_rows
from ilrs_cli.output.records import AGREEMENT, PARTICIPANT, names_everything

app = typer.Typer()  # this module's commands; cli.py registers them on the root app

TABLE_LIMIT = 1000  # a rich table of more rows takes over half a second and fills no screen


@app.command("list")
def list_cmd(
    ledger_path: LedgerOption = None,
    programme: ProgrammeOption = None,
    kind: KindOption = None,
    status: StatusOption = None,
    all_statuses: Annotated[bool, typer.Option("--all", "-a", help="Every status, not only members.")] = False,
    country: CountryOption = None,
    ids: IdOption = None,
    search: SearchOption = None,
    as_of: AsOfOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    sort: Annotated[
        str,
        typer.Option("--sort", metavar="KEY", help=f"Sort by: {', '.join(SortKey)}.", autocompletion=complete_sort),
    ] = "joined",
    reverse: ReverseOption = False,
    fields: Annotated[
        str | None,
        typer.Option(
            "--fields",
            metavar="A,B,...",
            help=f"Columns, from: {', '.join(PARTICIPANT.names)}; or `all` (in json/jsonl: each participant "
            "whole, agreements and sources included, as `ilrs show` gives it).",
            autocompletion=complete_fields,
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", click_type=Count(), help="At most N rows.")] = None,
    count: CountOption = False,
    fmt: FormatOption = None,
    no_headers: NoHeadersOption = False,
    colour: ColourOption = Colour.AUTO,
) -> None:
    """List participants (members by default), in joining order.

    \b
    Examples:
      ilrs list --kind state --as-of 2024-04-05     # the nine countries of 5 April 2024
      ilrs list --all --fields id,status,joined -n 5
      ilrs list --country pk --format json
    """
    session = Session(colour)
    order = sort_key(sort)
    start, end = parse_window(since, until)
    filters = Filters(
        kinds=kind or (),
        statuses=() if all_statuses else (status or (Status.MEMBER,)),
        countries=parse_countries(country),
        as_of=parse_date(as_of, "--as-of"),
        since=start,
        until=end,
        search=parse_search(search),
    )
    chosen_format, _ = session.output_format(fmt)
    whole = names_everything(fields)
    columns = PARTICIPANT.pick(fields, table=chosen_format is Format.TABLE)
    loaded = session.load(ledger_path, programme)
    if ids:
        filters = filters._replace(ids=resolve_ids(loaded.ledger, ids))
    participants = select(loaded.ledger, filters, order)
    if reverse:
        participants.reverse()
    if limit is not None:
        participants = participants[:limit]
    if count:
        session.out.write(f"{len(participants)}\n")
        return
    if whole and chosen_format in (Format.JSON, Format.JSONL):
        write_records(session.out, chosen_format, [participant_record(p) for p in participants])
        return
    if chosen_format is Format.TABLE and len(participants) > TABLE_LIMIT:
        session.note(
            f"showing the first {TABLE_LIMIT} of {len(participants)} participants; "
            "use --limit, or --format tsv for all of them"
        )
        participants = participants[:TABLE_LIMIT]
    rows = PARTICIPANT.rows(participants, columns)

    def table() -> Any:
        from ilrs_cli.output.render import records_table

        return records_table(PARTICIPANT, columns, rows, session.terminal.width)

    session.emit_rows(fmt, no_headers, columns, rows, table)


@app.command("show")
def show_cmd(
    participant: Annotated[
        str,
        typer.Argument(metavar="ID|NAME", help="Participant id or name.", autocompletion=complete_participant),
    ],
    ledger_path: LedgerOption = None,
    programme: ProgrammeOption = None,
    fmt: FormatOption = None,
    no_headers: NoHeadersOption = False,
    colour: ColourOption = Colour.AUTO,
) -> None:
    """Show one participant: its facts and agreements, with sources.

    \b
    Examples:
      ilrs show pakistan
      ilrs show "South Africa" --format json
    """
    session = Session(colour)
    found = find(session.load(ledger_path, programme).ledger, participant)
    chosen, explicit = session.output_format(fmt)
    if chosen is Format.TABLE:
        from ilrs_cli.output.render import participant_view

        session.render(participant_view(found))
    elif chosen is Format.JSON:
        write_json(session.out, participant_record(found))
    else:
        # One line per agreement, the participant's fields repeated: joins and greps stay easy.
        # A participant with no agreement still gets its line, the agreement's columns empty.
        rows = AGREEMENT.rows(agreement_lines(found) or [AgreementLine(found, 0, None)])
        write_rows(session.out, chosen, AGREEMENT.names, rows, headers=explicit and not no_headers)


@app.command("where")
def where_cmd(
    ledger_path: LedgerOption = None,
    programme: ProgrammeOption = None,
    write: Annotated[bool, typer.Option("--write", help="Where a write would go instead.")] = False,
) -> None:
    """Print which ledger is in use, and why.

    The path goes to standard output; why, and which programme it records, to standard error.

    \b
    Examples:
      ilrs where
      ilrs where --programme artemis-accords
      ilrs where --write                 # where add, edit, ... would write
    """
    from ilrs_cli.core.errors import IlrsError
    from ilrs_cli.store import ledger

    session = Session()
    location = session.locate(ledger_path, for_write=write, programme=programme)
    session.out.write(visible(location.name) + "\n")
    session.note(f"ledger: {location.reason}")
    if location.path is not None:  # (standard input is not read just to say this)
        try:
            session.note(f"programme: {ledger.load(location, strict=False).ledger.programme}")
        except IlrsError:
            session.note("programme: unknown (the ledger cannot be read)")
