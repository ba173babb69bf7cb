"""Pictures for publication: chart (membership over time), map (where the participants are), report (all of it)."""

from __future__ import annotations

import datetime as _dt
import os
import stat
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ilrs_cli.commands.options import (
    AsOfOption,
    CountryOption,
    IdOption,
    KindOption,
    LedgerOption,
    ProgrammeOption,
    SearchOption,
    SinceOption,
    StatusOption,
    UntilOption,
    parse_countries,
    parse_date,
    parse_search,
    path_type,
    text_type,
)
from ilrs_cli.commands.session import Session
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.errors import InputError
from ilrs_cli.core.model import Kind, Status
from ilrs_cli.store.ledger import Loaded

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ilrs_cli.core.compare import Comparison

app = typer.Typer()  # this module's commands; cli.py registers them on the root app


class PictureFormat(StrEnum):
    """What a picture is written as."""

    SVG = "svg"
    PNG = "png"


OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        click_type=path_type("--output"),
        help="Write to FILE (atomically) instead of standard output ('-').",
    ),
]
PictureFormatOption = Annotated[
    PictureFormat | None,
    typer.Option(
        "--format", "-f", case_sensitive=False, help="svg or png. Default: png for a FILE ending in .png, else svg."
    ),
]
DarkOption = Annotated[bool, typer.Option("--dark", help="A dark background (the default is light).")]
TitleOption = Annotated[
    str | None, typer.Option("--title", metavar="TEXT", click_type=text_type("--title"), help="The picture's title.")
]
CompareOption = Annotated[
    bool,
    typer.Option(
        "--compare",
        help="Beside the Artemis Accords: the ledger in use (the ILRS by default) against the bundled Accords ledger.",
    ),
]
EveryStatusOption = Annotated[
    list[Status] | None,
    typer.Option("--status", "-s", case_sensitive=False, help="Only this status (repeatable). Default: every status."),
]


def _today(session: Session) -> _dt.date:
    """Today, or the day SOURCE_DATE_EPOCH names (the reproducible-builds convention: the README's pictures)."""
    epoch = session.env.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.UTC).date()
    return _dt.date.today()


def _as_of_text(as_of: PartialDate | None, today: _dt.date) -> str:
    return as_of.display() if as_of is not None else PartialDate.from_date(today).display()


def _day_text(day: _dt.date) -> str:
    return PartialDate.from_date(day).display()


def _period_text(window: tuple[PartialDate | None, PartialDate | None]) -> str:
    """The window as a reader says it: ``1 Jan 2023 – 31 Dec 2024``, ``from 1 Jan 2023``, ``up to 31 Dec 2024``."""
    start, stop = window
    if start is not None and stop is not None:
        return f"{_day_text(start.start)} – {_day_text(stop.end)}"
    if start is not None:
        return f"from {_day_text(start.start)}"
    return f"up to {_day_text(stop.end)}" if stop is not None else ""


def _format(fmt: PictureFormat | None, output: str | None) -> PictureFormat:
    if fmt is not None:
        return fmt
    return PictureFormat.PNG if output and output.lower().endswith(".png") else PictureFormat.SVG


_PICTURE_SUFFIXES = (".svg", ".png")


def _not_a_file(path: str, ledger: Path | None) -> bool:
    """True when ``path`` names something there that is no regular file (a device, a stream, a directory) or is
    the ledger itself."""
    from ilrs_cli.store.lock import system_path

    if system_path(Path(path)) or system_path(Path(os.path.realpath(path))):
        return True
    try:
        return not stat.S_ISREG(os.stat(path).st_mode) or (ledger is not None and os.path.samefile(path, ledger))
    except OSError:
        return False


def _check_name(output: str | None, fmt: PictureFormat | None, suffixes: tuple[str, ...], loaded: Loaded) -> None:
    """Refuse a FILE whose extension is not one the command writes (x.jpg, x), unless --format says the format."""
    if output is None or output == "-" or fmt is not None:
        return
    suffix = Path(output).suffix
    if suffix.lower() in suffixes or _not_a_file(output, loaded.location.path):  # the writer says why not
        return
    supported = " or ".join(suffixes)
    found = f"extension '{suffix}'" if suffix else "no extension"
    hint = "or say the format: --format svg or --format png" if ".svg" in suffixes else "name the file .html"
    raise InputError(f"--output {output}: {found}; this command writes {supported} files", hint=hint)


def _emit(
    session: Session,
    loaded: Loaded,
    output: str | None,
    text: str,
    fmt: PictureFormat | None = None,
) -> None:
    """Write the picture (as SVG, PNG or HTML text) to FILE atomically, or to standard output."""
    chosen = _format(fmt, output)
    if chosen is PictureFormat.PNG:
        from ilrs_cli.output.pictures.png import to_png

        data = to_png(text)
    else:
        data = text.encode("utf-8")
    if output is None or output == "-":
        if chosen is PictureFormat.PNG and session.terminal.stdout_tty:
            raise InputError("refusing to write PNG to a terminal", hint="pass -o FILE.png, or pipe it")
        session.out.flush()
        binary = getattr(session.out, "buffer", None)
        if binary is None:  # a text-only stream (some test runners): SVG text goes through as text
            session.out.write(data.decode("utf-8", "surrogateescape"))
            return
        binary.write(data)
        binary.flush()
        return
    from ilrs_cli.store.output import write_output

    write_output(Path(output), data, protect=loaded.location.path)
    session.note(f"wrote {output}")


def _chart(
    session: Session,
    loaded: Loaded,
    when: PartialDate | None,
    window: tuple[PartialDate | None, PartialDate | None],
    kinds: Sequence[Kind],
    statuses: tuple[Status, ...],
    countries: Sequence[str],
    title: str | None,
    dark: bool,
    ids: Sequence[str] = (),
    search: str = "",
) -> tuple[str, int]:
    """The chart's SVG and the member states it counts at its end (notes about left-out labels go to stderr)."""
    from ilrs_cli.core import picture_facts
    from ilrs_cli.output.pictures.chart import ChartInput, kinds_words, render_chart
    from ilrs_cli.output.pictures.svg import theme

    start, stop = window
    today = _today(session)
    end = when.end if when is not None else today
    as_of = _as_of_text(when, today)
    if stop is not None and stop.end < end:  # the chart ends, and counts, at the window's end
        end, as_of = stop.end, _day_text(stop.end)
    series = picture_facts.series(loaded.ledger, end, kinds, statuses, countries, ids, search)
    instruments, sources = picture_facts.instruments_and_sources({s.participant for s in series.steps})
    members = statuses == (Status.MEMBER,)
    state_steps = [s for s in series.steps if s.participant.kind is Kind.STATE]
    counted = state_steps[-1].states if state_steps else 0
    whole = members and not (countries or ids or search) and (not kinds or Kind.STATE in kinds)
    chosen = f": {kinds_words(tuple(kinds))}" if kinds and set(kinds) != set(Kind) else ""
    svg, notes = render_chart(
        ChartInput(
            series=series,
            start=start.start if start is not None else None,
            end=end,
            as_of=as_of,
            period=_period_text(window),
            kinds=tuple(kinds),
            title=title or f"Who has joined {picture_facts.programme_name(loaded.ledger.programme)}" + chosen,
            selection="members" if members else " or ".join(s.value for s in statuses) + " participants",
            ordinals=members and not (countries or ids or search),  # "11th country" counts them all
            instruments=instruments,
            sources=sources,
            theme=theme(dark),
            source=picture_facts.source_name(loaded.ledger.programme),
            note=picture_facts.unnamed_note(loaded.ledger, end, counted) if whole else "",
        )
    )
    for note in notes:
        session.note(f"chart: {note}")
    return svg, counted


def _map(
    session: Session,
    loaded: Loaded,
    when: PartialDate | None,
    window: tuple[PartialDate | None, PartialDate | None],
    kinds: Sequence[Kind],
    statuses: tuple[Status, ...],
    title: str | None,
    dark: bool,
    ids: Sequence[str] = (),
    search: str = "",
) -> tuple[str, int]:
    """The map's SVG and the member states it shows (countries the map lacks are named on stderr)."""
    from ilrs_cli.core import picture_facts
    from ilrs_cli.output.pictures.map import MapInput, render_map
    from ilrs_cli.output.pictures.svg import theme
    from ilrs_cli.output.pictures.worldmap import countries
    from ilrs_cli.store import geometry

    programme = picture_facts.programme_name(loaded.ledger.programme)
    marks, homeless = picture_facts.country_marks(loaded.ledger, when, kinds, statuses, *window, ids, search)
    shown = [p for m in marks.values() for p in ([m.state] if m.state else []) + [o for o, _ in m.others]]
    instruments, sources = picture_facts.instruments_and_sources([*shown, *homeless])
    counted = sum(1 for m in marks.values() if m.state is not None and m.status is Status.MEMBER)
    whole = window == (None, None) and not (ids or search)  # the unnamed are members, whenever they joined
    whole = whole and (not statuses or Status.MEMBER in statuses) and (not kinds or Kind.STATE in kinds)
    day = when.end if when is not None else _today(session)
    svg, notes = render_map(
        MapInput(
            marks=marks,
            homeless=homeless,
            shapes=countries(geometry.world_map_svg()),
            names=geometry.country_names(),
            as_of=_map_as_of(when, window, _today(session)),
            period=_period_text(window),
            title=title or f"Participants in {programme}",
            instruments=instruments,
            sources=sources,
            shapes_credit=geometry.map_credit(),
            theme=theme(dark),
            programme=programme,
            source=picture_facts.source_name(loaded.ledger.programme),
            note=picture_facts.unnamed_note(loaded.ledger, day, counted) if whole else "",
        )
    )
    for note in notes:
        session.note(f"map: {note}")
    return svg, counted


def _map_as_of(when: PartialDate | None, window: tuple[PartialDate | None, PartialDate | None], today: _dt.date) -> str:
    """The day a map's statuses stand at: --as-of, else the window's end (as list counts them), else today."""
    stop = window[1]
    if when is None and stop is not None:
        return _day_text(stop.end)
    return _as_of_text(when, today)


def _pair(session: Session, loaded: Loaded, when: PartialDate | None) -> tuple[Loaded, Comparison]:
    """The Accords ledger and the comparison of the ledger in use with it (core.compare's answer)."""
    from ilrs_cli.core.compare import compare

    other = session.load(None, programme="artemis-accords")
    programmes = (loaded.ledger.programme, other.ledger.programme)
    if programmes[0] == programmes[1]:  # the Accords beside themselves: every country "in both", on the same day
        raise InputError(
            f"--compare: {loaded.location.name} records the Artemis Accords itself, so there is nothing to set "
            "beside it",
            hint=f"use an ILRS ledger, the default (this one: {loaded.location.reason})",
        )
    return other, compare(loaded.ledger, other.ledger, programmes, when)


def _compare_note(ledgers: tuple[Loaded, Loaded], titles: tuple[str, str], end: _dt.date) -> str:
    """What each programme's counts leave out by ``end``, from its ledger's gaps: ``Artemis Accords: 67
    signatories named; the ledger records 4 more it cannot name (see its gaps)``; "" when nothing."""
    from ilrs_cli.core import picture_facts

    found = []
    for loaded, programme in zip(ledgers, titles, strict=True):
        steps = picture_facts.series(loaded.ledger, end, (Kind.STATE,)).steps
        note = picture_facts.unnamed_note(loaded.ledger, end, steps[-1].states if steps else 0)
        if note:
            found.append(f"{programme}: {note}")
    return "; ".join(found)


def _compare_chart(session: Session, loaded: Loaded, when: PartialDate | None, title: str | None, dark: bool) -> str:
    """Both programmes' countries over time, the countries in both marked."""
    from ilrs_cli.core import picture_facts
    from ilrs_cli.core.compare import Level
    from ilrs_cli.core.stats import programme_title
    from ilrs_cli.output.pictures.chart import CompareInput, render_compare_chart
    from ilrs_cli.output.pictures.svg import theme

    other, comparison = _pair(session, loaded, when)
    end = when.end if when is not None else _today(session)
    both = frozenset(c.code for c in comparison.countries if c.both and c.a is not None and c.a.level is Level.STATE)
    series = tuple(picture_facts.series(x.ledger, end, (Kind.STATE,)) for x in (loaded, other))
    credits = []
    for one in series:
        instruments, sources = picture_facts.instruments_and_sources({s.participant for s in one.steps})
        credits.append(f"{instruments} instruments, {sources} sources")
    titles = (programme_title(loaded.ledger.programme), programme_title(other.ledger.programme))
    svg, notes = render_compare_chart(
        CompareInput(
            titles=titles,
            series=(series[0], series[1]),
            both=both,
            end=end,
            as_of=_as_of_text(when, _today(session)),
            title=title or f"The {titles[0]} and the {titles[1]}: countries over time",
            credits=(credits[0], credits[1]),
            theme=theme(dark),
            note=_compare_note((loaded, other), titles, end),
        )
    )
    for note in notes:
        session.note(f"chart: {note}")
    return svg


def _compare_map(session: Session, loaded: Loaded, when: PartialDate | None, title: str | None, dark: bool) -> str:
    """Countries in both programmes, in each alone, and the level of participation in the first."""
    from ilrs_cli.core import picture_facts
    from ilrs_cli.core.stats import programme_title
    from ilrs_cli.output.pictures.map import CompareMapInput, render_compare_map
    from ilrs_cli.output.pictures.svg import theme
    from ilrs_cli.output.pictures.worldmap import countries
    from ilrs_cli.store import geometry

    other, comparison = _pair(session, loaded, when)
    titles = (programme_title(loaded.ledger.programme), programme_title(other.ledger.programme))
    credits = []
    for one in (loaded, other):
        ids = {i for c in comparison.countries for s in (c.a, c.b) if s is not None for i in s.ids}
        instruments, sources = picture_facts.instruments_and_sources(p for p in one.ledger.participants if p.id in ids)
        credits.append(f"{instruments} instruments, {sources} sources")
    svg, notes = render_compare_map(
        CompareMapInput(
            comparison=comparison,
            titles=titles,
            shapes=countries(geometry.world_map_svg()),
            as_of=_as_of_text(when, _today(session)),
            title=title or f"The {titles[0]} and the {titles[1]}: who is in which",
            credits=(credits[0], credits[1]),
            shapes_credit=geometry.map_credit(),
            theme=theme(dark),
            names=geometry.country_names(),
            note=_compare_note((loaded, other), titles, when.end if when is not None else _today(session)),
        )
    )
    for note in notes:
        session.note(f"map: {note}")
    return svg


def _states(n: int) -> str:
    return f"{n} member state{'s' if n != 1 else ''}"


def _report_title(programme: str) -> str:
    """``The International Lunar Research Station: who has joined``."""
    return f"{programme[:1].upper()}{programme[1:]}: who has joined"


def _window(since: str | None, until: str | None) -> tuple[PartialDate | None, PartialDate | None]:
    start, stop = parse_date(since, "--since"), parse_date(until, "--until")
    if start is not None and stop is not None and stop.end < start.start:
        raise InputError(f"--until {stop} is before --since {start}")
    return start, stop


@app.command("chart")
def chart_cmd(
    ledger_path: LedgerOption = None,
    kind: KindOption = None,
    status: StatusOption = None,
    country: CountryOption = None,
    as_of: AsOfOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    title: TitleOption = None,
    output: OutputOption = None,
    fmt: PictureFormatOption = None,
    dark: DarkOption = False,
    programme: ProgrammeOption = None,
    against: CompareOption = False,
) -> None:
    """Draw membership over time (SVG or PNG).

    Member states are labelled in the order they joined, all members beneath.

    \b
    Examples:
      ilrs chart -o chart.svg
      ilrs chart --since 2023 --as-of 2024-12-31 -o chart.png
      ilrs chart --compare -o both.svg
    """
    session = Session()
    when, window = parse_date(as_of, "--as-of"), _window(since, until)
    countries = parse_countries(country)
    loaded = session.load(ledger_path, programme)
    _check_name(output, fmt, _PICTURE_SUFFIXES, loaded)
    if against:
        _emit(session, loaded, output, _compare_chart(session, loaded, when, title, dark), fmt)
        return
    statuses = tuple(status or (Status.MEMBER,))
    svg, _ = _chart(session, loaded, when, window, kind or (), statuses, countries, title, dark)
    _emit(session, loaded, output, svg, fmt)


@app.command("map")
def map_cmd(
    ledger_path: LedgerOption = None,
    kind: KindOption = None,
    status: EveryStatusOption = None,
    as_of: AsOfOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    title: TitleOption = None,
    output: OutputOption = None,
    fmt: PictureFormatOption = None,
    dark: DarkOption = False,
    programme: ProgrammeOption = None,
    against: CompareOption = False,
) -> None:
    """Draw a world map of the participants (SVG or PNG).

    Countries are coloured by status: member, claimed, applicant, disputed, withdrawn.

    \b
    Examples:
      ilrs map -o map.svg
      ilrs map --as-of 2024-04-05 --status member -o map.png
      ilrs map --compare -o both.svg
    """
    session = Session()
    when, window = parse_date(as_of, "--as-of"), _window(since, until)
    loaded = session.load(ledger_path, programme)
    _check_name(output, fmt, _PICTURE_SUFFIXES, loaded)
    if against:
        _emit(session, loaded, output, _compare_map(session, loaded, when, title, dark), fmt)
        return
    svg, _ = _map(session, loaded, when, window, kind or (), tuple(status or ()), title, dark)
    _emit(session, loaded, output, svg, fmt)


@app.command("report")
def report_cmd(
    ledger_path: LedgerOption = None,
    kind: KindOption = None,
    status: EveryStatusOption = None,
    all_statuses: Annotated[bool, typer.Option("--all", "-a", help="Every status (the default here).")] = False,
    country: CountryOption = None,
    ids: IdOption = None,
    search: SearchOption = None,
    as_of: AsOfOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    title: TitleOption = None,
    output: OutputOption = None,
    programme: ProgrammeOption = None,
    against: CompareOption = False,
) -> None:
    """Write one self-contained HTML report of the ledger.

    Method, chart, map, participants, every source and the timeline, in one file.

    \b
    Examples:
      ilrs report -o ilrs.html
      ilrs report --as-of 2024-12-31 --title "The ILRS in 2024" -o 2024.html
      ilrs report --search pakistan -o pakistan.html
    """
    from ilrs_cli import __version__
    from ilrs_cli.core import picture_facts
    from ilrs_cli.core import timeline as tl
    from ilrs_cli.core.query import Filters, resolve_ids, select
    from ilrs_cli.output.pictures.report import ReportInput, render_report

    session = Session()
    when, window = parse_date(as_of, "--as-of"), _window(since, until)
    countries = parse_countries(country)
    folded = parse_search(search)
    loaded = session.load(ledger_path, programme)
    _check_name(output, None, (".html", ".htm"), loaded)
    named = resolve_ids(loaded.ledger, ids) if ids else ()  # as list finds them: a typo is an error, not nobody
    statuses = () if all_statuses else tuple(status or ())  # list's --all, accepted with its other filters
    kinds = kind or ()
    extra: dict[str, Any] = {}
    if against:
        from ilrs_cli.core.stats import programme_title

        other, comparison = _pair(session, loaded, when)
        signed = select(other.ledger, Filters(statuses=(), as_of=when))
        other_instruments, other_sources = picture_facts.instruments_and_sources(signed)
        extra = {
            "comparison": comparison,
            "compare_source": f"{picture_facts.source_name(other.ledger.programme)}; {other_instruments} instruments, "
            f"{other_sources} sources",
            "titles": (programme_title(loaded.ledger.programme), programme_title(other.ledger.programme)),
            "note": _compare_note(
                (loaded, other),
                (programme_title(loaded.ledger.programme), programme_title(other.ledger.programme)),
                when.end if when is not None else _today(session),
            ),
            "compare_svgs": (
                _compare_chart(session, loaded, when, None, False),
                _compare_map(session, loaded, when, None, False),
            ),
        }
    chosen = select(loaded.ledger, Filters(kinds, statuses, countries, when, *window, ids=named, search=folded))
    picked = {p.id for p in chosen}
    end = when.end if when is not None else _today(session)
    events = [
        e
        for e in tl.select(
            tl.build(loaded.ledger), tl.EventFilters(kinds=kinds, statuses=(), countries=countries)
        ).events
        if e.participant.id in picked and e.date.end <= end
    ]
    instruments, sources = picture_facts.instruments_and_sources(chosen)
    members = tuple(s for s in statuses if s is Status.MEMBER) or (Status.MEMBER,)
    chart_svg, chart_states = _chart(
        session, loaded, when, window, kinds, members, countries, None, False, named, folded
    )
    map_svg, map_states = _map(session, loaded, when, window, kinds, statuses, None, False, named, folded)
    whole = not against and window == (None, None) and not (countries or named or folded)
    if whole and (not statuses or Status.MEMBER in statuses) and (not kinds or Kind.STATE in kinds):
        counted = sum(1 for p in chosen if p.kind is Kind.STATE and p.status is Status.MEMBER)
        extra["note"] = picture_facts.unnamed_note(loaded.ledger, end, counted)
    period = _period_text(window)
    captions = ("", "")
    if period:  # the chart counts from the beginning, the map only who joined in the window: say so
        chart_end = _day_text(min(end, window[1].end) if window[1] is not None else end)
        captions = (
            f"The chart counts every member up to {chart_end}, those that joined before the window included: "
            f"{_states(chart_states)}.",
            f"The map shows only the participants that joined {period}: {_states(map_states)} among them.",
        )
    html = render_report(
        ReportInput(
            title=title or _report_title(picture_facts.programme_name(loaded.ledger.programme)),
            as_of=_map_as_of(when, window, _today(session)),
            participants=chosen,
            status_of={p.id: p.status for p in chosen},  # as they stood at the date
            events=events,
            chart_svg=chart_svg,
            map_svg=map_svg,
            period=period,
            captions=captions,
            instruments=instruments,
            sources=sources,
            version=__version__,
            source=picture_facts.source_name(loaded.ledger.programme),
            **extra,
        )
    )
    _emit(session, loaded, output, html, PictureFormat.SVG)
