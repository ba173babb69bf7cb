"""Valid dates at the ends of the calendar (0001-01-01, 9999-12-31): answers, never an OverflowError."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import Run
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.membership import Window


def test_nothing_lies_before_the_first_day() -> None:
    assert Window.of(PartialDate(1), None).day_before is None
    assert Window.of(PartialDate(1, 1, 2), None).day_before == dt.date(1, 1, 1)


@pytest.mark.parametrize(
    ("extreme", "plain"),
    [
        (["diff", "--since", "0001-01-01", "--until", "9999-12-31"], ["diff", "--until", "9999"]),
        (["diff", "--since", "0001", "--until", "2025"], ["diff", "--until", "2025"]),
        (["timeline", "--by", "year", "--since", "0001"], ["timeline", "--by", "year"]),
        (["timeline", "--by", "month", "--since", "0001-01"], ["timeline", "--by", "month"]),
    ],
)
def test_a_window_from_the_first_day_is_a_window_from_the_beginning(
    run: Run, extreme: list[str], plain: list[str]
) -> None:
    got, expected = run(*extreme), run(*plain)
    assert (got.code, got.stderr) == (expected.code, "")
    assert got.stdout == expected.stdout != ""


def test_a_window_to_the_last_day_has_a_row_for_every_period_up_to_it(run: Run) -> None:
    # the rows run to the window's end, as `stats --as-of` has its years: the last one is 9999-Q4, no overflow
    got, plain = run("timeline", "--by", "quarter", "--until", "9999-12-31"), run("timeline", "--by", "quarter")
    assert (got.code, got.stderr) == (0, "")
    rows, known = got.stdout.splitlines(), plain.stdout.splitlines()
    assert rows[: len(known)] == known
    totals = known[-1].split("\t")[3:5]  # carried, nobody joining or leaving
    last_year = int(known[-1][:4])
    quarters = [f"{y}-Q{q}" for y in range(last_year + 1, 10000) for q in (1, 2, 3, 4)]
    assert rows[len(known) :] == [f"{q}\t0\t0\t{totals[0]}\t{totals[1]}\t\t0\t0" for q in quarters]


def test_an_empty_window_in_year_one_is_empty(run: Run) -> None:
    result = run("timeline", "--by", "quarter", "--since", "0001", "--until", "0001")
    assert (result.code, result.stdout, result.stderr) == (0, "", "")
    result = run("diff", "--since", "0001", "--until", "0001")
    assert (result.code, result.stdout, result.stderr) == (0, "", "")
