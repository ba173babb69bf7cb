"""output/formats.py: the machine formats, each written from the same typed rows."""

from __future__ import annotations

import csv
import io
import json

import pytest

from ilrs_cli.core.dates import PartialDate
from ilrs_cli.output.formats import Format, Row, csv_cell, json_object, plain, tsv_cell, write_rows

ROWS: list[Row] = [
    {"id": "a", "joined": PartialDate(2024, 5), "agreements": 2, "notes": None},
    {"id": "b", "joined": None, "agreements": 0, "notes": "tab\there, line\nbreak, \\ and =SUM(A1)"},
]
COLUMNS = ["id", "joined", "agreements", "notes"]


def written(fmt: Format, *, headers: bool = True) -> str:
    stream = io.StringIO(newline="")
    write_rows(stream, fmt, COLUMNS, ROWS, headers=headers)
    return stream.getvalue()


def test_values_are_typed_until_a_format_writes_them() -> None:
    assert [plain(v) for v in (PartialDate(2024), PartialDate(2024, 5, 9), 3, None)] == ["2024", "2024-05-09", "3", ""]


def test_tsv_escapes_what_would_break_a_row() -> None:
    assert written(Format.TSV) == (
        "id\tjoined\tagreements\tnotes\na\t2024-05\t2\t\nb\t\t0\ttab\\there, line\\nbreak, \\\\ and =SUM(A1)\n"
    )
    assert written(Format.TSV, headers=False).startswith("a\t")
    assert tsv_cell("a\rb") == "a\\rb"


def test_csv_is_rfc_4180_and_no_cell_runs_as_a_formula() -> None:
    text = written(Format.CSV)
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == COLUMNS and rows[1] == ["a", "2024-05", "2", ""]
    assert rows[2][3] == "tab\\x09here, line\nbreak, \\ and =SUM(A1)"  # a tab is shown, a newline kept (quoted)
    assert csv_cell("=SUM(A1)") == "'=SUM(A1)" and csv_cell("-1") == "'-1"


def test_json_leaves_unknown_values_out_and_keeps_numbers_numbers() -> None:
    assert json.loads(written(Format.JSON)) == [
        {"id": "a", "joined": "2024-05", "agreements": 2},
        {"id": "b", "agreements": 0, "notes": "tab\there, line\nbreak, \\ and =SUM(A1)"},
    ]
    assert [json.loads(line)["id"] for line in written(Format.JSONL).splitlines()] == ["a", "b"]
    assert json_object(ROWS[0], ["joined", "id"]) == {"joined": "2024-05", "id": "a"}  # column order


def test_markdown_is_one_table_row_per_record() -> None:
    lines = written(Format.MARKDOWN).splitlines()
    assert lines[:3] == ["| id | joined | agreements | notes |", "|---|---|---|---|", "| a | 2024-05 | 2 |  |"]
    assert lines[3].startswith("| b |  | 0 | tab") and lines[3].count(" | ") == 3  # the newline is not a new row


def test_the_table_format_is_not_a_machine_format() -> None:
    with pytest.raises(ValueError, match="not a machine format"):
        write_rows(io.StringIO(), Format.TABLE, COLUMNS, ROWS)
