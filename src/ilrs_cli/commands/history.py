"""History commands: timeline (the order of events) and diff (what changed)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Annotated

import typer

from ilrs_cli.commands.options import (
    ColourOption,
    CountryOption,
    FormatOption,
    KindOption,
    LedgerOption,
    NoHeadersOption,
    ProgrammeOption,
    SinceOption,
    StatusOption,
    UntilOption,
    complete_participant,
    one_of,
    parse_countries,
    parse_window,
    path_type,
)
from ilrs_cli.commands.session import Session
from ilrs_cli.core import timeline as tl
from ilrs_cli.core.errors import ExitStatus, IlrsError, InputError, LedgerError
from ilrs_cli.core.model import Ledger
from ilrs_cli.output.console import Colour
from ilrs_cli.output.formats import Format, write_json, write_rows
from ilrs_cli.output.records import CHANGE, EVENT, PERIOD

app = typer.Typer()  # this module's commands; cli.py registers them on the root app


def _export(
    session: Session, renderable: object, svg: Path | None, html: Path | None, title: str, ledger: Path | None
) -> None:
    """Write the terminal rendering as a capture: an SVG and/or HTML of the screen (`ilrs chart` draws pictures)."""
    import re

    from ilrs_cli.store.output import write_output

    # captures are always in colour, whatever the terminal: they are looked at elsewhere
    console = session.terminal._replace(colour_stdout=True).console(io.StringIO(), record=True)
    console.print(renderable)
    for path, kind in ((svg, "svg"), (html, "html")):
        if path is None:
            continue
        text = console.export_svg(title=title, clear=False) if kind == "svg" else console.export_html(clear=False)
        text = re.sub(r',?\s*url\("https?://[^"]*"\)[^;]*', "", text)  # rich's web font: nothing is fetched
        if str(path) == "-":  # standard output, as for every file option; the capture is then the output
            session.out.write(text)
            continue
        write_output(path, text.encode("utf-8"), protect=ledger)  # atomically, and never over the ledger
        session.note(f"wrote {path}")


@app.command("timeline")
def timeline_cmd(
    ledger_path: LedgerOption = None,
    programme: ProgrammeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: KindOption = None,
    status: StatusOption = None,
    all_statuses: Annotated[bool, typer.Option("--all", "-a", help="Every status, not only members.")] = False,
    country: CountryOption = None,
    pid: Annotated[
        list[str] | None,
        typer.Option(
            "--id",
            metavar="ID",
            help="One participant's history: an id or name, as `ilrs show` takes it (repeatable).",
            autocompletion=complete_participant,
        ),
    ] = None,
    event: Annotated[
        list[tl.EventKind] | None,
        typer.Option(
            "--event",
            "-e",
            case_sensitive=False,
            metavar="EVENT",
            help=f"Only this event: {one_of(e.value for e in tl.EventKind)} (repeatable).",
        ),
    ] = None,
    by: Annotated[
        tl.By | None,
        typer.Option(
            "--by",
            case_sensitive=False,
            metavar="PERIOD",
            help=f"Summarise joinings per period: {one_of(b.value for b in tl.By)}.",
        ),
    ] = None,
    svg: Annotated[
        Path | None,
        typer.Option(
            "--capture-svg",
            metavar="FILE",
            click_type=path_type("--capture-svg"),
            help="Also write the terminal view as SVG to FILE ('-': instead, on standard output).",
        ),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(
            "--capture-html",
            metavar="FILE",
            click_type=path_type("--capture-html"),
            help="Also write the terminal view as HTML to FILE ('-': instead, on standard output).",
        ),
    ] = None,
    fmt: FormatOption = None,
    no_headers: NoHeadersOption = False,
    colour: ColourOption = Colour.AUTO,
) -> None:
    """Show who joined when, in order, with running counts.

    Each joining is numbered among countries (states) and among all participants; later agreements and
    announcements are listed too. Piped, one event per line (columns in the README).

    \b
    Examples:
      ilrs timeline --since 2023-10 --until 2023-10   # Azerbaijan, then Pakistan, then Belarus
      ilrs timeline --by year
      ilrs timeline --kind state --event signed --format csv
    """
    session = Session(colour)
    start, end = parse_window(since, until)
    filters = tl.EventFilters(
        kinds=kind or (),
        statuses=() if all_statuses else (status or tl.COUNTED),
        countries=parse_countries(country),
        ids=pid or (),
        events=event or (),
        since=start,
        until=end,
    )
    loaded = session.load(ledger_path, programme)
    if pid:
        from ilrs_cli.core.query import resolve_ids

        filters = filters._replace(ids=resolve_ids(loaded.ledger, pid))  # as `show` reads them; unknown: an error
    chosen_format, explicit = session.output_format(fmt)
    headers = explicit and not no_headers
    captured = [p for p in (svg, html) if p is not None and str(p) == "-"]
    if len(captured) > 1:
        raise InputError("--capture-svg and --capture-html cannot both be '-' (standard output)")
    if captured:
        chosen_format = Format.TABLE  # the capture takes standard output's place: nothing else is written
    if by is not None:
        periods = tl.summarise(loaded.ledger, filters, by).periods
        if chosen_format is Format.TABLE or svg or html:
            from ilrs_cli.output.render import summary_view

            view = summary_view(periods, session.terminal.width)
            if svg or html:
                _export(session, view, svg, html, f"ILRS joinings by {by.value}", loaded.location.path)
            if chosen_format is Format.TABLE:
                if not captured:
                    session.render(view)
                return
        write_rows(session.out, chosen_format, PERIOD.names, PERIOD.rows(periods), headers=headers)
        return
    chosen = tl.select(tl.build(loaded.ledger), filters)
    if chosen_format is Format.TABLE or svg or html:
        from ilrs_cli.output.render import timeline_view

        view = timeline_view(chosen, session.terminal.width)
        if svg or html:
            _export(session, view, svg, html, "ILRS timeline", loaded.location.path)
        if chosen_format is Format.TABLE:
            if not captured:
                session.render(view)
            return
    if chosen.undated:
        names = ", ".join(p.id for p in chosen.undated)
        session.note(f"{len(chosen.undated)} undated participant(s) not placed: {names}")
    write_rows(session.out, chosen_format, EVENT.names, EVENT.rows(chosen.events), headers=headers)


def _load_side(session: Session, side: str, source: str) -> Ledger:
    """Load one side of a diff, naming the side (OLD, NEW) in any error."""
    from ilrs_cli.store import ledger

    try:
        return ledger.load(session.locate(source)).ledger
    except IlrsError as exc:
        raise LedgerError(f"{side}: {exc.message}", exc.hint) from None


def _load_rev(session: Session, ledger_path: str | None, rev: str) -> Ledger:
    """The ledger file as committed at ``rev``."""
    from ilrs_cli.store import git as vcs
    from ilrs_cli.store import ledger

    location = session.locate(ledger_path)
    if location.path is None or location.bundled:
        raise LedgerError("REV: --rev needs a ledger file inside a git repository (pass --ledger PATH)")
    try:
        raw, name, note = vcs.show(location.path, rev, session.env)
    except IlrsError as exc:
        raise LedgerError(f"REV: {exc.message}", exc.hint) from None
    if note:
        session.note(note)
    try:
        return ledger.decode_strict(raw, name)
    except IlrsError as exc:
        raise LedgerError(f"REV: {exc.message}", exc.hint) from None


@app.command("diff")
def diff_cmd(
    old: Annotated[
        str | None,
        typer.Argument(metavar="[OLD]", click_type=path_type("OLD"), help="Old ledger file ('-' for stdin)."),
    ] = None,
    new: Annotated[
        str | None,
        typer.Argument(metavar="[NEW]", click_type=path_type("NEW"), help="New ledger file ('-' for stdin)."),
    ] = None,
    rev: Annotated[
        list[str] | None,
        typer.Option(
            "--rev",
            "-r",
            metavar="REV",
            help="Git revision of the ledger file (give twice for two revisions).",
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    all_statuses: Annotated[bool, typer.Option("--all", "-a", help="Dates: every status, not only members.")] = False,
    ledger_path: LedgerOption = None,
    programme: ProgrammeOption = None,
    stat: Annotated[bool, typer.Option("--stat", help="Only the summary line.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No output; only the exit status.")] = False,
    fmt: FormatOption = None,
    no_headers: NoHeadersOption = False,
    colour: ColourOption = Colour.AUTO,
) -> int:
    """Show what changed between two dates, files or git versions.

    Exit 0 when there is no difference, 1 when there are differences, 2 on trouble.

    \b
    Examples:
      ilrs diff --since 2023-10-01 --until 2023-10-31    # who joined in October 2023
      ilrs diff old.toml new.toml
      ilrs diff --rev HEAD~1 --ledger data/members.toml  # what the last commit changed
    """
    from ilrs_cli.core import diff as df

    session = Session(colour)
    revs = rev or []
    dated = since is not None or until is not None
    if len(revs) > 2:
        raise InputError("--rev: give at most two revisions")
    if sum([dated, bool(revs), old is not None]) != 1:
        raise InputError(
            "say what to compare: OLD NEW files, --rev REV [--rev REV], or --since/--until dates",
            hint="see `ilrs diff --help`",
        )
    if old is not None:
        if new is None:
            raise InputError("missing NEW: give two ledger files, OLD and NEW")
        if old == new == "-":
            raise InputError("OLD and NEW cannot both be standard input")
        result = df.diff_ledgers(_load_side(session, "OLD", old), _load_side(session, "NEW", new))
    elif revs:
        before = _load_rev(session, ledger_path, revs[0])
        after = (
            _load_rev(session, ledger_path, revs[1])
            if len(revs) == 2
            else _load_side(session, "NEW", ledger_path or "")
        )
        result = df.diff_ledgers(before, after)
    else:
        start, end = parse_window(since, until)
        loaded = session.load(ledger_path, programme)
        result = df.diff_dates(loaded.ledger, start, end, () if all_statuses else tl.COUNTED)
    status = ExitStatus.FOUND if result else ExitStatus.OK
    if quiet:
        return status
    if stat:
        session.out.write(result.summary() + "\n")
        return status
    chosen, explicit = session.output_format(fmt)
    if chosen is Format.TABLE:
        from ilrs_cli.output.render import diff_view

        session.render(diff_view(result))
    elif chosen is Format.JSON:
        write_json(session.out, df.diff_json(result))
    else:
        rows = CHANGE.rows(df.change_lines(result))
        write_rows(session.out, chosen, CHANGE.names, rows, headers=explicit and not no_headers)
    return status
