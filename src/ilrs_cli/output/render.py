"""Human output: rich renderables for tables and views. Builds, never prints; imported lazily.

Every piece of data goes through ``cell`` (a rich Text, so ``[bold]`` and ``:flag:`` stay literal)
after ``visible`` (so escape sequences and bidi controls are shown, never obeyed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ilrs_cli.core import membership, programmes
from ilrs_cli.core.compare import SAME_DAY, UNCLEAR, Comparison, Country, order_of
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.diff import ChangeLine, LedgerDiff
from ilrs_cli.core.log import Entry
from ilrs_cli.core.model import Kind, Participant, Status, Value
from ilrs_cli.core.stats import Stats
from ilrs_cli.core.text import visible
from ilrs_cli.core.timeline import COUNTED, Event, EventKind, Period, Timeline
from ilrs_cli.output.formats import Row
from ilrs_cli.output.records import Column, Record, Shape


def friendly(value: Value) -> str:
    """A value for people: friendly dates, empty for unknown."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, PartialDate):
        return value.display()
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return str(value)


def cell(value: Value, style: str = "") -> Text:
    """Data as inert, visible text."""
    return Text(visible(friendly(value)), style=style)


def _style(column: Column[Any], value: Value) -> str:
    return column.style.replace("{}", str(value)) if value is not None else ""


def _longest(column: Column[Any], rows: Sequence[Row]) -> int:
    longest = max((len(visible(friendly(r.get(column.name)))) for r in rows), default=0)
    return max(len(column.title), longest)


def _narrowest(column: Column[Any], rows: Sequence[Row]) -> int:
    """The least width that breaks no word: the longest word of a wrapping column (an id breaks after a
    hyphen); every other column (a date, a status, a count) needs its longest value."""
    if column.wrap and column.name != "name" and not column.whole:  # free text: cut with a visible "…"
        return min(12, _longest(column, rows))
    if not column.wrap and column.name != "id":
        return _longest(column, rows)
    split = re.compile(r"(?<=-)" if column.name == "id" else r"\s+")
    words = (w for r in rows for w in split.split(visible(friendly(r.get(column.name)))))
    narrowest = max(len(column.title), max((len(w) for w in words), default=0))
    # a message's long word (a path, a field like participant[32] (belt-road-st-association).status:) folds
    return min(narrowest, WHOLE_LEAST) if column.whole else narrowest


NAME_ROOM = 24  # columns give way until a name has this much (or all it needs): three lines, not five
WHOLE_LEAST = 20  # the narrowest a never-cut text column gets: a longer word folds inside it


def fit_columns(columns: Sequence[Column[Any]], rows: Sequence[Row], width: int) -> dict[str, int]:
    """Choose columns and their widths so the table fits ``width``, spending it where the words are.

    Every column starts at its narrowest (no word broken, no short value cut); the least important
    (``Column.drop``) are left out first while even that does not fit. What room is left goes to the
    columns that want more, in proportion to what they lack, up to their longest value.
    """
    kept = list(columns)
    number = len(str(len(rows)))  # the "#" column

    def total(widths: Sequence[int]) -> int:
        return number + sum(widths) + 3 * len(widths)  # " │ " between columns

    least = {c.name: _narrowest(c, rows) for c in columns}
    # a name gets room to read before a column that would end in "…" is kept beside it
    wanted = dict(least)
    if "name" in wanted:
        name = next(c for c in columns if c.name == "name")
        wanted["name"] = max(least["name"], min(_longest(name, rows), NAME_ROOM))
    for column in sorted((c for c in columns if c.drop), key=lambda c: c.drop):
        if total([wanted[c.name] for c in kept]) <= width:
            break
        if len(kept) > 1:
            kept.remove(column)
    widths = {c.name: least[c.name] for c in kept}
    # still too wide: the name, then a never-cut text, folds inside its words, down to 4 and 8
    for column in sorted((c for c in kept if c.name == "name" or c.whole), key=lambda c: c.name != "name"):
        over = total(list(widths.values())) - width
        if over > 0:
            widths[column.name] -= max(0, min(over, widths[column.name] - (4 if column.name == "name" else 8)))
    while total(list(widths.values())) > width:  # then whole columns go, never a sliver
        going = [c.name for c in kept if c.name in widths and c.name != "name" and not c.whole]
        if not going or len(widths) == 1:
            break
        widths.pop(going[-1])
    kept = [c for c in kept if c.name in widths]
    room = width - total(list(widths.values()))
    # names first, then ids and the other words, then free text
    groups = [[c for c in kept if c.name == "name"], [c for c in kept if not c.wrap], [c for c in kept if c.wrap]]
    for group in groups:
        room = _share([c for c in group if c.name != "name" or group is groups[0]], rows, widths, room)
    return {c.name: widths[c.name] for c in kept}


def _share(columns: Sequence[Column[Any]], rows: Sequence[Row], widths: dict[str, int], room: int) -> int:
    """Give ``room`` to ``columns`` in proportion to what each lacks of its longest value; return what is left."""
    while room > 0:
        wanting = {c.name: _longest(c, rows) - widths[c.name] for c in columns if _longest(c, rows) > widths[c.name]}
        if not wanting:
            break
        lacking = sum(wanting.values())
        given = 0
        for name, lack in wanting.items():
            share = min(lack, max(1, room * lack // lacking))
            share = min(share, room - given)
            widths[name] += share
            given += share
        room -= given
        if given == 0:
            break
    return room


def _wrapped_id(value: str, width: int) -> str:
    """An id broken after its hyphens to fit ``width`` (rich breaks only at spaces)."""
    import textwrap

    return "\n".join(textwrap.wrap(value, width, break_on_hyphens=True)) if len(value) > width else value


def records_table(
    record: Record[Any], names: Sequence[str], rows: Sequence[Row], width: int, *, numbered: bool = True
) -> Table:
    """A table of records, one row each, numbered from 1 (the "9th country"), fitted to ``width``."""
    columns = [record.column(n) for n in names]
    widths = fit_columns(columns, rows, width)
    shown = [c for c in columns if c.name in widths]
    table = Table(show_edge=False, pad_edge=False, header_style="bold", expand=False)
    if numbered:
        digits = len(str(len(rows)))
        table.add_column("#", justify="right", style="muted", no_wrap=True, min_width=digits, width=digits)
    for column in shown:
        # Names and whole texts (check's messages) wrap at spaces and ids after hyphens; longer free
        # text ends in a visible "…" (tables are for reading: the machine formats never cut anything).
        table.add_column(
            column.title,
            no_wrap=column.name not in ("name", "id") and not column.whole,
            justify="right" if column.shape is Shape.COUNT else "left",
            overflow="fold" if column.name in ("name", "id") or column.whole else "ellipsis",
            width=widths[column.name],
            min_width=widths[column.name],
        )
    for number, row in enumerate(rows, start=1):
        cells = []
        for c in shown:
            value = row.get(c.name)
            text = cell(value, _style(c, value))
            if c.name == "id" and isinstance(value, str):
                text = Text(_wrapped_id(visible(value), widths[c.name]), style=_style(c, value))
            cells.append(text)
        table.add_row(*([Text(str(number))] if numbered else []), *cells)
    return table


def participant_view(participant: Participant) -> RenderableType:
    """Everything about one participant: its facts, then each agreement with its sources."""
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="muted", no_wrap=True)
    facts.add_column(overflow="fold")
    joining = membership.joining(participant)
    values: list[tuple[str, Value, str]] = [
        ("id", participant.id, ""),
        ("kind", participant.kind.value, ""),
        ("country", participant.country, ""),
        ("status", participant.status.value, f"status.{participant.status.value}"),
        ("joined", joining.date if joining else None, "date"),
        # the record proves membership earlier than the joining date's period ends: say by when
        ("in by", joining.proof if joining and joining.proof != joining.date else None, "date"),
        ("withdrawn", participant.withdrawn, "date"),
        ("notes", participant.notes, ""),
    ]
    for key, value, style in values:
        if value:
            facts.add_row(key, cell(value, style))
    parts: list[RenderableType] = [Text(visible(participant.name), style="heading"), facts]
    for number, agreement in enumerate(participant.agreements, start=1):
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="muted", no_wrap=True)
        grid.add_column(overflow="fold")
        for key, value in (
            ("signed", agreement.signed),
            ("announced", agreement.announced),
            ("counterpart", agreement.counterpart),
            ("signing body", agreement.signing_body),
            ("place", agreement.place),
            ("signatories", ", ".join(agreement.signatories)),
            ("confidence", agreement.confidence.value),
            ("notes", agreement.notes),
        ):
            if value:
                grid.add_row(key, cell(value, "date" if isinstance(value, PartialDate) else ""))
        for source in agreement.sources:
            grid.add_row("source", cell(source))
        title = Text(f"\nAgreement {number}: ", style="bold")
        title.append(agreement.instrument.value)
        parts += [title, grid]
    return Group(*parts)


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st ..."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _event_date(date: PartialDate) -> str:
    if date.day:
        return f"{date.day} {date.display().split()[1]}"
    if date.month:
        return date.display().split()[0]
    return "(year)"


def _event_text(event: Event) -> Text:
    """``Pakistan joined (state): mou with CNSA`` / ``Pakistan: mou announced (signed 18 Oct 2023)``."""
    p, a = event.participant, event.agreement
    text = Text(visible(p.name), style="first" if event.first else "name")
    if event.first:
        text.append(" joined", style="first")
    text.append(f" ({p.kind}{', ' + p.status if p.status not in COUNTED else ''})", style="muted")
    if event.kind is EventKind.WITHDRAWN:
        text.append(" withdrew", style="status.withdrawn")
        return text
    assert a is not None
    text.append(f": {a.instrument}")
    if event.kind is EventKind.ANNOUNCED:
        text.append(" announced")
        if a.signed is not None:
            text.append(f" (signed {a.signed.display()})", style="muted")
    elif a.counterpart:
        text.append(f" with {visible(a.counterpart)}")
    return text


def _event_counts(event: Event) -> Text:
    p = event.participant
    if event.first and p.status in COUNTED:
        if p.kind is Kind.STATE:
            return Text(f"{ordinal(event.countries)} country, {event.participants} in all", style="count")
        return Text(f"{ordinal(event.participants)} participant", style="count")
    return Text(f"{event.countries} countries, {event.participants} in all", style="muted")


def timeline_view(timeline: Timeline, width: int) -> RenderableType:
    """Events grouped by year and month; joinings marked; counts beside (or under, when narrow)."""
    wide = width >= 80
    parts: list[RenderableType] = []
    grid: Table | None = None
    year = month = -1
    # One width for the counts in every month's grid, so they line up down the whole timeline,
    # with at least two spaces before them.
    counts = max((len(_event_counts(e)) for e in timeline.events), default=0) + 2
    for event in timeline.events:
        if event.date.year != year:
            year, month = event.date.year, -1
            parts.append(Text(f"\n{year}", style="heading"))
        if event.date.month != month:
            month = event.date.month
            label = PartialDate(year, month).display() if month else f"{year}, month unknown"
            parts.append(Text(f"  {label}", style="bold"))
            grid = Table.grid(padding=(0, 1), expand=True)
            grid.add_column(width=6, justify="right", style="date", no_wrap=True)
            grid.add_column(width=1, no_wrap=True)
            grid.add_column(ratio=1, overflow="fold")
            if wide:
                grid.add_column(justify="right", no_wrap=True, width=counts, min_width=counts)
            parts.append(grid)
        assert grid is not None
        marker = Text("●", style="first") if event.first else Text("·", style="muted")
        description = _event_text(event)
        if wide:
            grid.add_row(_event_date(event.date), marker, description, _event_counts(event))
        else:
            if event.first:  # narrow: counts under the joining events only
                description.append("\n")
                description.append_text(_event_counts(event))
            grid.add_row(_event_date(event.date), marker, description)
    if timeline.undated:
        names = ", ".join(f"{visible(p.name)} ({p.status})" for p in timeline.undated)
        parts.append(Text(f"\nUndated, not placed: {names}", style="muted"))
    if not parts:
        parts.append(Text("No events.", style="muted"))
    legend = Text("● joining (counted in order)   · later agreement or announcement", style="muted")
    return Group(legend, *parts)


BAR_LEAST = 10  # a bar narrower than this cannot show proportions: the column goes instead
BAR_MOST = 40


def _summary_layout(periods: Sequence[Period], width: int, left: bool) -> tuple[int, list[str], int]:
    """The period column's width, the count columns kept and the bar's width (0: no bar) for ``width``.

    Spent in this order: every count and the whole period label with a bar of at least BAR_LEAST; the
    labels wrapped between words ("2023, quarter / unknown"); no bar; then the running totals go
    (countries, then total), never a count cut to "…"."""
    values = {
        "joined": [str(p.joined) for p in periods],
        "left": [str(p.left) for p in periods],
        "total": [str(p.participants) for p in periods],
        "countries": [str(p.countries) for p in periods],
    }
    counts = ["joined", *(["left"] if left else []), "total", "countries"]
    wide = {name: max([len(name), *map(len, values[name])]) for name in counts}
    labels = [p.label for p in periods]
    whole = max([len("period"), *map(len, labels)])
    folded = max([len("period"), *(len(w) for label in labels for w in label.split())])

    def used(period: int, kept: list[str], bar: int) -> int:
        columns = 1 + len(kept) + (1 if bar else 0)
        return period + sum(wide[c] for c in kept) + bar + 3 * (columns - 1)

    kept = list(counts)
    while True:
        for period in (whole, folded):
            bar = min(BAR_MOST, width - used(period, kept, 0) - 3)
            if bar >= BAR_LEAST:
                return period, kept, bar
        for period in (whole, folded):
            if used(period, kept, 0) <= width:
                return period, kept, 0
        going = [c for c in ("countries", "total") if c in kept]
        if not going:
            return folded, kept, 0
        kept.remove(going[0])


def summary_view(periods: Sequence[Period], width: int) -> RenderableType:
    """Joinings per period with a bar each, and the running totals (withdrawals when there are any)."""
    left = any(p.left for p in periods)
    period_width, kept, room = _summary_layout(periods, width, left)
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("period", style="date", width=period_width, min_width=period_width, overflow="fold")
    table.add_column("joined", justify="right", no_wrap=True)
    if room:  # the bar gets what the other columns leave (at most BAR_MOST): never cut, only shorter
        table.add_column("", no_wrap=True, style="bar", width=room, min_width=room)
    for name in kept[1:]:
        table.add_column(name, justify="right", no_wrap=True)
    most = max((p.joined for p in periods), default=0) or 1
    for period in periods:
        cells = [period.label, str(period.joined)]
        if room:
            length = round(period.joined / most * room)
            bar = "█" * length if period.joined else ""
            cells.append("▏" if period.joined and not length else bar)
        shown = {"left": period.left, "total": period.participants, "countries": period.countries}
        table.add_row(*cells, *(str(shown[name]) for name in kept[1:]))
    return table


def diff_view(diff: LedgerDiff) -> RenderableType:
    """Added (+), removed (-) and changed (~) participants, each changed field as ``old -> new``."""
    lines: list[RenderableType] = [_field_line(f"~ {f.field}: ", f.old, f.new) for f in diff.ledger]
    for change in (*diff.added, *diff.removed):
        p = change.participant
        style = "diff.added" if change.marker == "+" else "diff.removed"
        line = Text(f"{change.marker} ", style=style)
        line.append(visible(p.name), style=f"bold {style}")
        line.append(f"  {p.id} · {p.kind} · {p.status}", style="muted")
        if p.joined is not None:
            line.append(f" · joined {p.joined.display()}", style="muted")
        lines.append(line)
    for change in diff.changed:
        p = change.participant
        line = Text("~ ", style="diff.changed")
        line.append(visible(p.name), style="bold diff.changed")
        line.append(f"  {p.id}", style="muted")
        lines.append(line)
        for field in change.fields:
            lines.append(_field_line(f"    {field.field}: ", field.old, field.new))
        for agreement in change.agreements:
            if agreement.marker == "~":
                for field in agreement.fields:
                    lines.append(_field_line(f"    agreement {agreement.number} {field.field}: ", field.old, field.new))
            else:
                item = agreement.new or agreement.old
                assert item is not None
                style = "diff.added" if agreement.marker == "+" else "diff.removed"
                verb = "added" if agreement.marker == "+" else "removed"
                date = item.date.display() if item.date else "undated"
                text = Text(f"    {agreement.marker} agreement {agreement.number} {verb}: ", style=style)
                text.append(f"{item.instrument}, {date}")
                if item.counterpart:
                    text.append(f", with {visible(item.counterpart)}")
                lines.append(text)
    lines.append(Text(diff.summary() if diff else "no differences", style="bold"))
    return Group(*lines)


def _field_line(label: str, old: str, new: str) -> Text:
    text = Text(label)
    text.append(visible(old) if old else "(none)", style="diff.removed")
    text.append(" -> ")
    text.append(visible(new) if new else "(none)", style="diff.added")
    return text


_MARKER_STYLES = {"+": "diff.added", "-": "diff.removed", "~": "diff.changed", "!": "diff.removed", "=": "muted"}
_QUIET = {
    "format": "the text changed, the record did not (formatting or comments)",
    "merge": "a merge: every change came from a parent",
}


def _log_change(row: ChangeLine) -> Text:
    marker, what, old, new = row.marker, row.what, row.old, row.new
    style = _MARKER_STYLES.get(marker, "")
    line = Text(f"  {marker} ", style=style)
    if marker == "=":
        if what == "file":
            text = f"file renamed: {old} -> {new}" if old else f"file created: {new}"
        else:
            text = _QUIET.get(what, what)
        line.append(visible(text), style="muted")
        return line
    if marker == "!":
        line.append(visible(new), style=style)
        return line
    line.append(visible(row.name), style=f"bold {style}")
    line.append(f"  {visible(row.id)}  ", style="muted")
    if marker == "~":
        return line.append_text(_field_line(f"{visible(what)}: ", old, new))
    verb = "added" if marker == "+" else "removed"
    detail = new if marker == "+" else old
    if what == "participant":
        return line.append(f"{verb}" + (f", joined {visible(detail)}" if detail else ""))
    if what.startswith("agreement"):
        return line.append(f"{visible(what)} {verb}" + (f": {visible(detail)}" if detail else ""))
    return line.append(f"{visible(what)}: {visible(detail)}")


def log_view(entries: Sequence[Entry]) -> RenderableType:
    """Each commit (id, day, author, subject) and its changes, one line each, newest first."""
    lines: list[RenderableType] = []
    for entry in entries:
        c = entry.commit
        heading = Text(c.commit[:10], style="count")
        heading.append(f"  {c.day.display()}  ", style="date")
        heading.append(visible(c.author), style="muted")
        heading.append("  ")
        heading.append(visible(c.subject), style="bold")
        lines.append(heading)
        lines += [_log_change(row) for row in entry.changes]
    if not entries:
        lines.append(Text("no commits", style="bold"))
    return Group(*lines)


def numbers_table(
    headings: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int,
    dropping: Sequence[str],
    *,
    total_row: bool = False,
) -> Table:
    """A table of counts under a first column of labels, fitted to ``width`` with nothing cut to "…".

    Headings wrap between words when the whole ones do not fit ("countries / joined"); then the columns
    that are zero in every row give way, then those of ``dropping`` in turn, always whole."""
    columns = list(range(len(headings)))

    def longest(i: int) -> int:
        return max((len(row[i]) for row in rows), default=0)

    whole = {i: max(len(headings[i]), longest(i)) for i in columns}
    folded = {i: max(longest(i), *(len(w) for w in headings[i].split())) for i in columns}

    def used(kept: list[int], widths: dict[int, int]) -> int:
        return sum(widths[i] for i in kept) + 3 * (len(kept) - 1)

    kept = list(columns)
    zero = [i for i in columns[1:] if headings[i] in dropping and all(row[i] == "0" for row in rows)]
    order = [*reversed(zero), *(headings.index(h) for h in dropping)]
    widths = whole
    while used(kept, whole) > width and used(kept, folded) > width and order:
        going = order.pop(0)
        if going in kept:
            kept.remove(going)
    if used(kept, whole) > width:
        widths = folded
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for i in kept:
        table.add_column(
            headings[i], justify="left" if i == 0 else "right", width=widths[i], min_width=widths[i], overflow="fold"
        )
    for number, row in enumerate(rows, start=1):
        style = "bold" if total_row and number == len(rows) else None
        table.add_row(*(row[i] for i in kept), style=style)
    return table


def stats_view(stats: Stats, width: int = 100) -> RenderableType:
    """The headline counts in words, the kind-by-status table, the years, and the record's known gaps."""
    when = f"as of {stats.as_of.display()}" if stats.as_of else "the whole record"
    title = Text(f"{programmes.title(stats.programme)} ledger, {when}", style="heading")
    record = stats.record()
    cnsa = "CNSA's count" if stats.programme == "ilrs" else ""
    undated = f"{stats.undated} of them undated" if stats.undated else ""
    lines = (
        ("countries", "countries", "member states: the news count"),
        ("countries_and_organizations", "countries and international organisations", cnsa),
        ("organizations", "international organisations", ""),
        ("institutions", "institutions", "counted apart"),
        ("companies", "companies", "counted apart"),
        ("members", "members in all", ""),
        ("participants", "participants of any status", undated),
    )
    # words are never cut: a column is never narrower than its longest word ("organisations"); when the
    # two texts do not fit side by side they share the room in proportion
    count = max(len(str(record[key])) for key, _, _ in lines)
    whole = [max(len(line[c]) for line in lines) for c in (1, 2)]
    least = [max(len(word) for line in lines for word in line[c].split() or [""]) for c in (1, 2)]
    room = max(0, width - count - 4)  # two gaps of two
    label = whole[0] if sum(whole) <= room else max(least[0], room * whole[0] // sum(whole))
    note = max(least[1], min(whole[1], room - label))
    headline = Table.grid(padding=(0, 2))
    headline.add_column(justify="right", style="count", no_wrap=True)
    headline.add_column(width=label, overflow="fold")
    headline.add_column(style="muted", width=note, overflow="fold")
    for key, label_text, note_text in lines:
        headline.add_row(str(record[key]), label_text, note_text)
    kinds_rows = [
        [kind.value, *(str(n) for n in counts.values()), str(sum(counts.values()))]
        for kind, counts in stats.by_kind.items()
    ]
    kinds_rows.append(["all", *(str(n) for n in record["by_status"].values()), str(record["participants"])])
    statuses = [s.value for s in Status]
    kinds = numbers_table(["kind", *statuses, "all"], kinds_rows, width, [*reversed(statuses[1:])], total_row=True)
    years = numbers_table(
        ["year", "joined", "countries joined", "left", "members at end", "countries at end"],
        [
            [y.label, *(str(n) for n in (y.joined, y.countries_joined, y.left, y.participants, y.countries))]
            for y in stats.years
        ],
        width,
        ["left", "countries joined", "joined", "members at end"],
    )
    parts: list[RenderableType] = [title, headline, Text(""), kinds, Text(""), years]
    if stats.gaps:
        gaps = Table.grid(padding=(0, 1))
        gaps.add_column(no_wrap=True)
        gaps.add_column(overflow="fold")
        for gap in stats.gaps:
            gaps.add_row("-", cell(gap))
        parts += [Text("\nKnown gaps of this record:", style="bold"), gaps]
    return Group(*parts)


def _first_text(country: Country, titles: tuple[str, str]) -> str:
    """``ILRS by 255 days``, ``ILRS (month known)``, ``same day`` or ``unclear`` (partial dates overlap)."""
    a, b = (country.a.date if country.a else None), (country.b.date if country.b else None)
    which, days = order_of(a, b)
    if which is None or which in (SAME_DAY, UNCLEAR):
        return {SAME_DAY: "same day", UNCLEAR: "unclear"}.get(which or "", "")
    title = titles[0] if which == "a" else titles[1]
    if days is not None:
        return f"{title} by {abs(days)} day{'' if abs(days) == 1 else 's'}"
    coarsest = min((d.precision for d in (a, b) if d), key=("year", "month", "day").index)
    return f"{title} ({coarsest} known)"


def _compare_widths(columns: list[tuple[str, list[str], bool]], width: int, dropping: Sequence[str]) -> dict[str, int]:
    """Widths for compare's columns ``(title, cell texts, wraps)``: words whole, whole columns dropped in
    the order ``dropping`` while the narrowest layout is too wide; the room left goes to the wrapping
    columns, the last first."""

    def longest(texts: list[str]) -> int:
        return max((len(line) for text in texts for line in text.split("\n")), default=0)

    def narrowest(title: str, texts: list[str], wraps: bool) -> int:
        if not wraps:
            return max(len(title), longest(texts))
        words = (w for text in texts for w in text.split())
        return min(WHOLE_LEAST, max([len(title), *(len(w) for w in words)]))  # a longer id folds

    least = {title: narrowest(title, texts, wraps) for title, texts, wraps in columns}
    kept = [title for title, _, _ in columns]

    def total(names: Sequence[str], widths: dict[str, int]) -> int:
        return sum(widths[n] for n in names) + 3 * (len(names) - 1)

    for name in dropping:
        if total(kept, least) <= width:
            break
        if name in kept:
            kept.remove(name)
    widths = {name: least[name] for name in kept}
    room = width - total(kept, widths)
    # to the wrapping columns, last first: who came first reads on one line ("Artemis Accords (month
    # known)"), the country's name and ids wrap under each other as they do anyway
    for title, texts, wraps in reversed(columns):
        if wraps and title in widths:
            more = max(0, min(room, longest([title, *texts]) - widths[title]))
            widths[title] += more
            room -= more
    return widths


def compare_view(comparison: Comparison, titles: tuple[str, str], summary: str, width: int = 100) -> RenderableType:
    """The summary, then the countries grouped: in both, in the first only, in the second only.

    Fitted to ``width`` as tables are: the country (its name, its participants' ids under it) and who
    came first wrap between words; on a narrow terminal "since", then "first", then the second
    programme's date give way whole, never cut to "…"."""
    groups = (
        (f"In both, {titles[0]} and {titles[1]}", [c for c in comparison.countries if c.both], True, True),
        (f"{titles[0]} only", [c for c in comparison.countries if c.a and not c.b], True, False),
        (f"{titles[1]} only", [c for c in comparison.countries if c.b and not c.a], False, True),
    )
    parts: list[RenderableType] = [Text(summary, style="bold")]
    level_title = f"{titles[0]} level"
    for heading, countries, left, right in groups:
        if not countries:
            continue
        parts.append(Text(f"\n{heading} ({len(countries)})", style="heading"))
        rows: list[dict[str, Text]] = []
        for country in countries:
            name = cell(country.name)
            row = {"country": name}
            if country.a:  # the participants under the name: ids are for the next command (`ilrs show ID`)
                name.append("\n")
                name.append_text(cell(", ".join(country.a.ids), "muted"))
                level = country.a.level.value
                style = f"status.{level}" if level in Status._value2member_map_ else "status.member"
                row[level_title] = cell(level, style)
                row["since"] = cell(country.a.date)
            if country.b:
                number = f" ({ordinal(country.b.ordinal)})" if country.b.ordinal else ""
                row[titles[1]] = cell((country.b.date.display() if country.b.date else "") + number)
            if left and right:
                row["first"] = cell(_first_text(country, titles))
            rows.append(row)
        shape = [("country", True)]
        shape += [(level_title, False), ("since", False)] if left else []
        shape += [(titles[1], False)] if right else []
        shape += [("first", True)] if left and right else []
        columns = [(title, [r[title].plain if title in r else "" for r in rows], wraps) for title, wraps in shape]
        widths = _compare_widths(columns, width, ("since", "first", titles[1], level_title))
        table = Table(show_edge=False, pad_edge=False, header_style="bold")
        for title, wraps in shape:
            if title in widths:
                table.add_column(
                    title,
                    width=widths[title],
                    min_width=widths[title],
                    no_wrap=not wraps,
                    overflow="fold" if wraps else "ellipsis",
                    style="date" if title in ("since", titles[1]) else "",
                )
        for row in rows:
            table.add_row(*(row.get(title, Text("")) for title, _ in shape if title in widths))
        parts.append(table)
    return Group(*parts)
