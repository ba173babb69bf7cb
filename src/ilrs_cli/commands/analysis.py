"""Commands for analysts: agreements (every instrument), stats (the counts) and compare (two programmes)."""

from __future__ import annotations

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
    complete_agreement_fields,
    complete_programme,
    parse_countries,
    parse_date,
    parse_search,
    parse_window,
)
from ilrs_cli.commands.session import Session
from ilrs_cli.core.errors import InputError
from ilrs_cli.core.model import Status
from ilrs_cli.core.query import Filters, resolve_ids
from ilrs_cli.output.console import Colour
from ilrs_cli.output.formats import Format, write_json, write_records, write_rows
from ilrs_cli.output.records import AGREEMENT, COUNTRY, STAT

app = typer.Typer()  # this module's commands; cli.py registers them on the root app


@app.command("agreements")
def agreements_cmd(
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
    reverse: ReverseOption = False,
    fields: Annotated[
        str | None,
        typer.Option(
            "--fields",
            metavar="A,B,...",
            help=f"Columns, from: {', '.join(AGREEMENT.names)}.",
            autocompletion=complete_agreement_fields,
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", click_type=Count(), help="At most N rows.")] = None,
    count: CountOption = False,
    fmt: FormatOption = None,
    no_headers: NoHeadersOption = False,
    colour: ColourOption = Colour.AUTO,
) -> None:
    """List every instrument (one row each, every source), in date order, with list's filters.

    Participant filters (--kind, --status, --all, --country, --id, --search) choose whose instruments;
    --since/--until/--as-of choose instruments by their own date (signed, else announced).

    \b
    Examples:
      ilrs agreements --id russia --format json
      ilrs agreements --kind state --since 2024 -n 5
    """
    from ilrs_cli.core.instruments import select_instruments

    session = Session(colour)
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
    chosen, _ = session.output_format(fmt)
    columns = AGREEMENT.pick(fields, table=chosen is Format.TABLE)
    ledger = session.load(ledger_path, programme).ledger
    if ids:
        filters = filters._replace(ids=resolve_ids(ledger, ids))
    lines = select_instruments(ledger, filters)
    if reverse:
        lines.reverse()
    lines = lines[:limit] if limit is not None else lines
    if count:
        session.out.write(f"{len(lines)}\n")
        return
    rows = AGREEMENT.rows(lines, columns)

    def table() -> Any:
        from ilrs_cli.output.render import records_table

        return records_table(AGREEMENT, columns, rows, session.terminal.width)

    session.emit_rows(fmt, no_headers, columns, rows, table)


@app.command("stats")
def stats_cmd(
    ledger_path: LedgerOption = None,
    programme: ProgrammeOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    no_headers: NoHeadersOption = False,
    colour: ColourOption = Colour.AUTO,
) -> None:
    """Count the participants as of a date: by kind and status, per year, as outlets count them.

    "N countries" are member states; CNSA's "countries and international organisations" adds member
    organisations; institutions and companies are counted apart. JSON is one object; tsv, csv and
    markdown give it flattened, one `key value` row per count.

    \b
    Examples:
      ilrs stats --as-of 2024-09-05
      ilrs stats --format json
    """
    from ilrs_cli.core.stats import compute, flatten

    session = Session(colour)
    when = parse_date(as_of, "--as-of")
    loaded = session.load(ledger_path, programme)
    stats = compute(loaded.ledger, when)
    chosen, explicit = session.output_format(fmt)
    if chosen is Format.TABLE:
        from ilrs_cli.output.render import stats_view

        session.render(stats_view(stats, session.terminal.width))
    elif chosen is Format.JSON:
        write_json(session.out, stats.record())
    elif chosen is Format.JSONL:
        write_records(session.out, chosen, [stats.record()])
    else:
        rows = STAT.rows(flatten(stats.record()))
        write_rows(session.out, chosen, STAT.names, rows, headers=explicit and not no_headers)


@app.command("compare")
def compare_cmd(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[A.toml B.toml]",
            help="Two ledgers: A read for its level per country, B for its dates and ordinals "
            "(default: the ILRS and the Artemis Accords, as --programme finds them).",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    both: Annotated[bool, typer.Option("--both", help="Only the countries in both programmes.")] = False,
    only: Annotated[
        str | None,
        typer.Option(
            "--only",
            metavar="PROGRAMME",
            help="Only the countries of this programme alone (ilrs or artemis-accords).",
            autocompletion=complete_programme,
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = None,
    no_headers: NoHeadersOption = False,
    colour: ColourOption = Colour.AUTO,
) -> None:
    """Compare two programmes country by country: level, dates, who came first, and who is in both.

    One row per country in either ledger; a summary line ("N countries in both, ...") on stderr
    (in the table itself on a terminal).

    \b
    Example:
      ilrs compare --both --as-of 2025-12-31
    """
    from ilrs_cli.core.compare import compare
    from ilrs_cli.core.programmes import PROGRAMMES
    from ilrs_cli.core.programmes import title as programme_title
    from ilrs_cli.store import ledger

    session = Session(colour)
    when = parse_date(as_of, "--as-of")
    if files and len(files) != 2:
        raise InputError("give two ledgers (A.toml B.toml), or none for the bundled pair")
    if files and files.count("-") > 1:
        raise InputError("standard input ('-') can be only one of the two ledgers")
    if files:
        locations = [session.locate(f) for f in files]
    else:
        locations = [session.locate(None, programme=p.id) for p in PROGRAMMES[:2]]  # the bundled pair
    if both and only:
        raise InputError("--both and --only exclude each other: give one")
    a, b = (ledger.load(location).ledger for location in locations)
    programmes = (a.programme, b.programme)
    if only is not None and only not in programmes:
        raise InputError(f"--only: '{only}' is neither of the programmes compared ({', '.join(programmes)})")
    whole = compare(a, b, programmes, when)
    result = whole.chosen(both=both, only=only)
    titles = (programme_title(programmes[0]), programme_title(programmes[1]))
    summary = whole.summary(titles)  # of every country compared, whichever rows --both or --only keep
    chosen, _ = session.output_format(fmt)
    if chosen is Format.TABLE:
        from ilrs_cli.output.render import compare_view

        session.render(compare_view(result, titles, summary, session.terminal.width))
        return
    session.note(summary)
    session.emit_rows(fmt, no_headers, COUNTRY.names, COUNTRY.rows(result.countries), lambda: None)
