"""core/timeline.py: events at the end of their periods, running counts, and summaries whose totals add up."""

from __future__ import annotations

import datetime as _dt

from core.ledgers import agreement, date, person
from ilrs_cli.core import timeline as tl
from ilrs_cli.core.model import Kind, Ledger, Status


def test_position_is_the_end_of_the_period_finer_first() -> None:
    dates = [date(d) for d in ("2024", "2024-12", "2024-12-31", "2024-05", "2024-05-31")]
    assert [str(d) for d in sorted(dates, key=tl.position)] == [
        "2024-05-31",
        "2024-05",
        "2024-12-31",
        "2024-12",
        "2024",
    ]


def test_the_joining_event_is_the_one_that_proves_it_in() -> None:
    p = person("x", "2023", "2023-03-01")
    events = tl.build(Ledger((p,))).events
    assert [(str(e.date), e.first, e.participants) for e in events] == [("2023-03-01", True, 1), ("2023", False, 1)]


def test_announced_events_and_the_first_flag() -> None:
    p = person("x")._replace(agreements=(agreement("2024-05", "2024-05-09"),))
    events = tl.build(Ledger((p,))).events
    # the announcement (9 May) stands before the signing known only to May; the signing dates the joining
    assert [(e.kind.value, e.first, e.participants) for e in events] == [("announced", False, 0), ("signed", True, 1)]


def test_counts_leave_out_the_unconfirmed_and_follow_withdrawals() -> None:
    ledger = Ledger(
        (
            person("a", "2021-01-01"),
            person("claim", "2021-06-01", status=Status.CLAIMED),
            person("gone", "2022-01-01", status=Status.WITHDRAWN, withdrawn="2023"),
            person("org", "2022-06-01", kind=Kind.ORGANIZATION),
        )
    ).normalised()
    events = tl.build(ledger).events
    assert [(e.participant.id, e.kind.value, e.countries, e.participants) for e in events] == [
        ("a", "signed", 1, 1),
        ("claim", "signed", 1, 1),
        ("gone", "signed", 2, 2),
        ("org", "signed", 2, 3),
        ("gone", "withdrawn", 1, 2),
    ]


def test_a_window_keeps_the_events_that_stand_in_it() -> None:
    ledger = Ledger((person("year", "2023"), person("day", "2023-06-01")))
    chosen = tl.select(tl.build(ledger), tl.EventFilters(since=date("2023-06"), until=date("2023-12")))
    assert [e.participant.id for e in chosen.events] == ["day", "year"]
    early = tl.select(tl.build(ledger), tl.EventFilters(until=date("2023-11")))
    assert [e.participant.id for e in early.events] == ["day"]  # "2023" stands at 31 December


def test_period_labels() -> None:
    year, quarter, month = tl.By.YEAR, tl.By.QUARTER, tl.By.MONTH
    assert tl.period_label(2023, 2023, year) == "2023"
    assert tl.period_label(2023 * 4 + 3, 2023 * 4 + 3, quarter) == "2023-Q4"
    assert tl.period_label(2023 * 4, 2023 * 4 + 3, quarter) == "2023, quarter unknown"
    assert tl.period_label(2023 * 4, 2023 * 4 + 1, quarter) == "2023-Q1..2023-Q2, quarter unknown"
    assert tl.period_label(2023 * 12, 2023 * 12 + 11, month) == "2023, month unknown"
    assert tl.period_label(2023 * 12 + 3, 2023 * 12 + 5, month) == "2023-Q2, month unknown"
    assert tl.period_label(2023 * 12, 2023 * 12 + 5, month) == "2023-01..2023-06, month unknown"
    assert tl.period_end(2024 * 12 + 1, month) == _dt.date(2024, 2, 29)
    assert tl.period_end(2023 * 4 + 2, quarter) == _dt.date(2023, 9, 30)


def _rows(ledger: Ledger, by: tl.By, **filters: object) -> list[tuple[str, int, int, int]]:
    summary = tl.summarise(ledger, tl.EventFilters(**filters), by)  # type: ignore[arg-type]
    return [(p.label, p.joined, p.left, p.participants) for p in summary.periods]


def test_joinings_known_only_to_a_coarser_period_get_their_own_row() -> None:
    ledger = Ledger((person("day", "2023-02-10"), person("year", "2023"), person("q1", "2023", "2023-03-01")))
    assert _rows(ledger, tl.By.QUARTER) == [
        ("2023-Q1", 2, 0, 2),  # "2023" with "2023-03-01" lies in the first quarter
        ("2023-Q2", 0, 0, 2),
        ("2023-Q3", 0, 0, 2),
        ("2023-Q4", 0, 0, 2),
        ("2023, quarter unknown", 1, 0, 3),
    ]
    months = _rows(ledger, tl.By.MONTH)
    assert months[:4] == [
        ("2023-02", 1, 0, 1),
        ("2023-03", 0, 0, 1),
        ("2023-Q1, month unknown", 1, 0, 2),
        ("2023-04", 0, 0, 2),
    ]
    assert months[-2:] == [("2023-12", 0, 0, 2), ("2023, month unknown", 1, 0, 3)]
    assert _rows(ledger, tl.By.YEAR) == [("2023", 3, 0, 3)]


def test_withdrawals_lower_the_totals_in_their_own_column() -> None:
    ledger = Ledger(
        (
            person("a", "2021-03"),
            person("gone", "2021-05", status=Status.WITHDRAWN, withdrawn="2022-02"),
            person("b", "2022-07-01", kind=Kind.COMPANY),
        )
    )
    summary = tl.summarise(ledger, tl.EventFilters(), tl.By.YEAR)
    assert [(p.label, p.joined, p.left, p.participants, p.countries, p.countries_left) for p in summary.periods] == [
        ("2021", 2, 0, 2, 2, 0),
        ("2022", 1, 1, 2, 1, 1),
    ]


def test_a_window_starts_from_who_was_in_before_it() -> None:
    ledger = Ledger((person("a", "2021-03"), person("b", "2022-07-01"), person("c", "2023-01-02")))
    summary = tl.summarise(ledger, tl.EventFilters(since=date("2022"), until=date("2022-09")), tl.By.QUARTER)
    assert (summary.participants_before, summary.countries_before) == (1, 1)
    assert [(p.label, p.joined, p.participants, p.end) for p in summary.periods] == [
        ("2022-Q3", 1, 2, _dt.date(2022, 9, 30)),
    ]


def test_selection_counts_joined_and_totals_over_the_same_participants() -> None:
    ledger = Ledger((person("state", "2021-01-05"), person("org", "2021-02-05", kind=Kind.ORGANIZATION)))
    assert _rows(ledger, tl.By.YEAR, kinds=(Kind.ORGANIZATION,)) == [("2021", 1, 0, 1)]
    claimed = Ledger((*ledger.participants, person("claim", "2021-03-01", status=Status.CLAIMED)))
    assert _rows(claimed, tl.By.YEAR) == [("2021", 2, 0, 2)]
    assert _rows(claimed, tl.By.YEAR, statuses=()) == [("2021", 3, 0, 3)]


def test_nothing_dated_no_rows() -> None:
    assert tl.summarise(Ledger((person("x"),)), tl.EventFilters(), tl.By.MONTH).periods == ()


def test_rows_run_to_the_windows_end_with_the_totals_carried() -> None:
    ledger = Ledger((person("a", "2021-03"), person("gone", "2021-05", status=Status.WITHDRAWN, withdrawn="2022-02")))
    summary = tl.summarise(ledger, tl.EventFilters(until=date("2024-06")), tl.By.YEAR)
    assert [(p.label, p.joined, p.left, p.participants, p.end) for p in summary.periods] == [
        ("2021", 2, 0, 2, _dt.date(2021, 12, 31)),
        ("2022", 0, 1, 1, _dt.date(2022, 12, 31)),
        ("2023", 0, 0, 1, _dt.date(2023, 12, 31)),
        ("2024", 0, 0, 1, _dt.date(2024, 6, 30)),  # counted at the window's end, and no row after it
    ]
    assert _rows(ledger, tl.By.QUARTER, until=date("2022-08"))[-1] == ("2022-Q3", 0, 0, 1)
    assert _rows(ledger, tl.By.YEAR)[-1] == ("2022", 0, 1, 1)  # no end given: to the last row, as before
