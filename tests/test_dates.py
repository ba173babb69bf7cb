"""Partial dates: parsing, precision, ordering, ranges and display."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.errors import InputError


@pytest.mark.parametrize(
    ("text", "iso", "display", "precision"),
    [
        ("2023", "2023", "2023", "year"),
        ("2024-05", "2024-05", "May 2024", "month"),
        ("2023-10-18", "2023-10-18", "18 Oct 2023", "day"),
        ("2024-02-29", "2024-02-29", "29 Feb 2024", "day"),
    ],
)
def test_parse_keeps_precision(text: str, iso: str, display: str, precision: str) -> None:
    date = PartialDate.parse(text)
    assert (date.iso(), date.display(), date.precision) == (iso, display, precision)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2024-02-30", "Feb 2024 has 29 days"),
        ("2023-02-29", "Feb 2023 has 28 days"),
        ("2024-13", "no month 13"),
        ("2024-00", "no month 0"),
        ("24-05-01", "expected YYYY"),
        ("2024/05/01", "expected YYYY"),
        ("May 2024", "expected YYYY"),
        ("", "expected YYYY"),
        ("0000", "year must be"),
        ("2024-5", "expected YYYY"),
    ],
)
def test_parse_rejects_impossible_dates(text: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        PartialDate.parse(text)
    assert words in caught.value.message


def test_periods_have_start_and_end() -> None:
    assert PartialDate.parse("2024").start == dt.date(2024, 1, 1)
    assert PartialDate.parse("2024").end == dt.date(2024, 12, 31)
    assert PartialDate.parse("2024-02").end == dt.date(2024, 2, 29)
    assert PartialDate.parse("2023-10-18").end == dt.date(2023, 10, 18)


def test_coarser_date_sorts_before_finer_date_with_same_start() -> None:
    texts = ["2023-10-18", "2023-10", "2023", "2023-01-01", "2023-01", "2022-12-31"]
    ordered = sorted(PartialDate.parse(t) for t in texts)
    assert [d.iso() for d in ordered] == [
        "2022-12-31",
        "2023",
        "2023-01",
        "2023-01-01",
        "2023-10",
        "2023-10-18",
    ]


def test_within_needs_the_whole_period_inside_the_window() -> None:
    october = (PartialDate.parse("2023-10"), PartialDate.parse("2023-10"))
    assert PartialDate.parse("2023-10-31").within(*october)
    assert PartialDate.parse("2023-10").within(*october)
    assert not PartialDate.parse("2023").within(*october)  # might be any month of 2023
    assert not PartialDate.parse("2023-11-01").within(*october)
    assert PartialDate.parse("2023").within(PartialDate.parse("2023"), None)


def test_known_by_means_certainly_over_by_the_end_of_that_day() -> None:
    as_of = PartialDate.parse("2024-04-05")
    assert PartialDate.parse("2024-04-05").known_by(as_of)
    assert not PartialDate.parse("2024-04").known_by(as_of)
    assert PartialDate.parse("2024-03").known_by(as_of)


dates = st.builds(
    lambda d, precision: PartialDate(d.year, d.month if precision > 0 else 0, d.day if precision > 1 else 0),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.integers(0, 2),
)


@given(dates)
def test_iso_round_trips(date: PartialDate) -> None:
    assert PartialDate.parse(date.iso()) == date


@given(dates, dates)
def test_order_is_total_and_consistent_with_starts(a: PartialDate, b: PartialDate) -> None:
    assert (a < b) + (a == b) + (a > b) == 1
    if a.start < b.start:
        assert a < b
    if a < b:
        assert a.start <= b.start
    # the order agrees with the ISO text, which is what people and machines see
    assert (a < b) == (a.iso() < b.iso()) or a.iso().startswith(b.iso()) or b.iso().startswith(a.iso())
