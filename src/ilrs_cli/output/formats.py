"""Machine output with the standard library only: TSV, CSV, JSON, JSON Lines, Markdown.

Rules (documented in the README): TSV escapes backslash, tab, newline and carriage return as
``\\\\ \\t \\n \\r``; CSV is RFC 4180 with formula-looking cells prefixed by ``'``; JSON keys for
unknown values are left out, never ``null``; a multi-valued field is a JSON array and is joined
with ``" | "`` in the flat formats; every unsafe character is escaped, never sent raw.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import IO, Any

from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Value
from ilrs_cli.core.text import escape_markdown, has_unsafe_except_tab, visible

Row = Mapping[str, Value]

MACHINE_FORMATS = ("tsv", "csv", "json", "jsonl", "markdown")
SEPARATOR = " | "  # joins a multi-valued field (sources, signatories) in the flat formats
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Format(StrEnum):
    """Output formats every record-printing command accepts."""

    TABLE = "table"
    TSV = "tsv"
    CSV = "csv"
    JSON = "json"
    JSONL = "jsonl"
    MARKDOWN = "markdown"


def plain(value: Value) -> str:
    """A value as machine text: ISO dates, digits, empty for unknown."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, tuple):
        return SEPARATOR.join(map(str, value))  # (str: a date is a tuple too, to mypy)
    return str(value)


def tsv_cell(value: Value) -> str:
    """Escape a value so it can never break a TSV row or reach a terminal raw."""
    text = plain(value)
    if any(c in text for c in "\\\t\n\r"):
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return visible(text)


def csv_cell(value: Value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (newlines kept: CSV quotes them)."""
    lines = plain(value).replace("\r\n", "\n").split("\n")
    text = "\n".join(visible(line) for line in lines)
    return "'" + text if text.startswith(_FORMULA_START) else text


def markdown_cell(value: Value) -> str:
    """A Markdown table cell that renders as literal, inert text (core.text.escape_markdown)."""
    return escape_markdown(plain(value))


def json_value(value: Value) -> Any:
    """A value for JSON: ISO text for dates, numbers as numbers."""
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, tuple):
        return list(value)
    return value


def json_object(row: Row, columns: Sequence[str]) -> dict[str, Any]:
    """The row as a JSON object, keys in column order, unknown values (and empty lists) left out."""
    return {c: json_value(row[c]) for c in columns if row.get(c) not in (None, "", ())}


def write_rows(
    stream: IO[str],
    fmt: Format,
    columns: Sequence[str],
    rows: Iterable[Row],
    *,
    headers: bool = True,
) -> None:
    """Write records in a machine format; ``headers`` applies to tsv, csv and markdown."""
    if fmt is Format.TSV:
        if headers:
            stream.write("\t".join(columns) + "\n")
        tabs = len(columns) - 1
        for row in rows:
            line = "\t".join([plain(row.get(c)) for c in columns])
            if line.count("\t") != tabs or "\\" in line or has_unsafe_except_tab(line):  # rare: cell by cell
                line = "\t".join([tsv_cell(row.get(c)) for c in columns])
            stream.write(line + "\n")
    elif fmt is Format.CSV:
        import csv

        writer = csv.writer(stream, lineterminator="\r\n")
        if headers:
            writer.writerow(columns)
        writer.writerows([csv_cell(row.get(c)) for c in columns] for row in rows)
    elif fmt is Format.JSON:
        write_json(stream, [json_object(row, columns) for row in rows])
    elif fmt is Format.JSONL:
        import json

        for row in rows:
            stream.write(json.dumps(json_object(row, columns), ensure_ascii=True) + "\n")
    elif fmt is Format.MARKDOWN:
        if headers:  # without them, rows to append to a table that has its own
            stream.write("| " + " | ".join(columns) + " |\n")
            stream.write("|" + "|".join("---" for _ in columns) + "|\n")
        for row in rows:
            stream.write("| " + " | ".join(markdown_cell(row.get(c)) for c in columns) + " |\n")
    else:  # pragma: no cover - the table format is rendered by render.py
        raise ValueError(f"not a machine format: {fmt}")


def write_records(stream: IO[str], fmt: Format, records: Sequence[Mapping[str, Any]]) -> None:
    """Write ready JSON objects: one array (json) or one object a line (jsonl)."""
    if fmt is Format.JSONL:
        import json

        stream.writelines(json.dumps(record, ensure_ascii=True) + "\n" for record in records)
    else:
        write_json(stream, list(records))


def write_json(stream: IO[str], data: object) -> None:
    """Pretty JSON, ASCII-only so no control or bidi character survives raw."""
    import json

    stream.write(json.dumps(data, ensure_ascii=True, indent=2) + "\n")
