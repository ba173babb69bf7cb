"""Human output: rich renderables for tables and views. Builds, never prints; imported lazily.

Every piece of data goes through ``cell`` (a rich Text, so ``[bold]`` and ``:flag:`` stay literal)
after ``visible`` (so escape sequences and bidi controls are shown, never obeyed).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ilrs_cli.dates import PartialDate
from ilrs_cli.model import Participant, Value
from ilrs_cli.query import participant_record
from ilrs_cli.text import visible

HEADINGS = {"signing_body": "signing body", "agreements": "#agr"}


def friendly(value: Value) -> str:
    """A value for people: friendly dates, empty for unknown."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return value.display()
    return str(value)


def cell(value: Value, style: str = "") -> Text:
    """Data as inert, visible text."""
    return Text(visible(friendly(value)), style=style)


def _style_for(column: str, value: Value) -> str:
    if column == "status" and isinstance(value, str):
        return f"status.{value}"
    if column in ("joined", "announced", "withdrawn"):
        return "date"
    if column == "name":
        return "name"
    return ""


# Columns given up first when a terminal is too narrow for all of them.
DROP_ORDER = ("source", "signing_body", "counterpart", "announced", "confidence", "agreements",
              "instrument", "withdrawn", "kind", "country", "id")  # fmt: skip
FLEXIBLE = ("name", "counterpart", "signing_body", "source", "notes")


def fit_columns(columns: Sequence[str], rows: Sequence[dict[str, Value]], width: int) -> list[str]:
    """Drop the least important columns until the narrowest layout fits ``width``."""

    def need(column: str) -> int:
        if column in FLEXIBLE:
            return 12
        longest = max((len(friendly(r.get(column))) for r in rows), default=0)
        return max(len(HEADINGS.get(column, column)), longest)

    kept = list(columns)
    number_width = len(str(len(rows))) + 3
    for column in DROP_ORDER:
        if number_width + sum(need(c) + 3 for c in kept) <= width:
            break
        if column in kept and len(kept) > 1:
            kept.remove(column)
    return kept


def records_table(
    columns: Sequence[str], rows: Sequence[dict[str, Value]], width: int, *, numbered: bool = True
) -> Table:
    """A table of records, one row each, numbered from 1 (the "9th country"), fitted to ``width``."""
    columns = fit_columns(columns, rows, width)
    table = Table(show_edge=False, pad_edge=False, header_style="bold", expand=False)
    if numbered:
        table.add_column("#", justify="right", style="muted", no_wrap=True)
    for column in columns:
        # Closed-vocabulary columns never wrap; long free text is cut with a visible "…" in the table
        # (tables are for reading; the machine formats never cut anything). Names wrap.
        flexible = column in FLEXIBLE
        table.add_column(
            HEADINGS.get(column, column),
            no_wrap=column != "name",
            justify="right" if column == "agreements" else "left",
            overflow="fold" if column == "name" else "ellipsis",
            min_width=12 if flexible else None,
        )
    for number, row in enumerate(rows, start=1):
        cells = [cell(row.get(c), _style_for(c, row.get(c))) for c in columns]
        table.add_row(*([Text(str(number))] if numbered else []), *cells)
    return table


def participant_view(participant: Participant) -> RenderableType:
    """Everything about one participant: its facts, then each agreement with its sources."""
    record = participant_record(participant)
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="muted", no_wrap=True)
    facts.add_column(overflow="fold")
    for key in ("id", "kind", "country", "status", "joined", "withdrawn", "notes"):
        value = record.get(key)
        if key in ("joined", "withdrawn"):
            value = friendly(getattr(participant, key))
        if value:
            facts.add_row(key, cell(value, _style_for(key, value)))
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
