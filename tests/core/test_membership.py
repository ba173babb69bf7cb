"""core/membership.py: the one answer to "who was in at D" and "who joined in a window", and the proof that
list, diff, the timeline's counts and timeline --by (each asked directly, as the commands ask) agree on
random ledgers."""

from __future__ import annotations

import datetime as _dt
import itertools

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import examples
from core.ledgers import DATES, date, day, ledgers, person, windows
from ilrs_cli.core import diff as df
from ilrs_cli.core import membership as mb
from ilrs_cli.core import timeline as tl
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Kind, Ledger, Status
from ilrs_cli.core.query import Filters, select

COUNTED = tl.COUNTED
NOT_WITHDRAWN = (Status.MEMBER, Status.CLAIMED, Status.APPLICANT, Status.DISPUTED)

# -- the rule ---------------------------------------------------------------------------------


def test_an_agreement_counts_once_its_whole_period_is_over() -> None:
    p = person("x", "2024-05")
    assert not mb.joined_by(p, _dt.date(2024, 5, 30))
    assert mb.joined_by(p, _dt.date(2024, 5, 31))
    assert mb.in_from(p) == _dt.date(2024, 5, 31)


def test_a_day_precise_agreement_proves_what_a_year_only_one_cannot() -> None:
    p = person("x", "2023", "2023-03-01")
    found = mb.joining(p)
    assert found is not None
    assert (found.date, found.proof) == (date("2023"), date("2023-03-01"))
    assert found.span == mb.Span(_dt.date(2023, 1, 1), _dt.date(2023, 3, 1))
    assert mb.joined_by(p, date("2023-06").end) and not mb.joined_by(p, _dt.date(2023, 2, 28))


def test_of_periods_ending_the_same_day_the_finest_is_the_proof() -> None:
    found = mb.joining(person("x", "2023", "2023-12", "2023-12-31"))
    assert found is not None and found.proof == date("2023-12-31")


def test_the_announced_date_dates_an_agreement_only_when_the_signing_is_unknown() -> None:
    from core.ledgers import agreement

    p = person("x")._replace(agreements=(agreement(None, "2024-03-19"),))
    assert mb.in_from(p) == _dt.date(2024, 3, 19)
    signed_later_announced = person("y")._replace(agreements=(agreement("2024-05", "2024-05-09"),))
    assert mb.in_from(signed_later_announced) == _dt.date(2024, 5, 31)  # the signing dates it: May, whole


def test_nothing_dated_is_never_in() -> None:
    p = person("x")
    assert mb.joining(p) is None and mb.in_from(p) is None
    assert not mb.joined_by(p, _dt.date.max) and not mb.in_at(p, _dt.date.max)


def test_a_withdrawal_counts_the_same_way() -> None:
    p = person("x", "2023-01-05", status=Status.WITHDRAWN, withdrawn="2025-03")
    assert mb.status_at(p, _dt.date(2025, 3, 30)) is Status.MEMBER
    assert mb.status_at(p, _dt.date(2025, 3, 31)) is Status.WITHDRAWN
    assert mb.status_at(p, None) is Status.WITHDRAWN
    assert mb.in_at(p, _dt.date(2025, 3, 30)) and not mb.in_at(p, _dt.date(2025, 3, 31))
    assert mb.as_it_stood(p, _dt.date(2024, 1, 1)) == p._replace(status=Status.MEMBER, withdrawn=None)
    assert mb.as_it_stood(p, None) is p


def test_joined_within_is_in_at_the_end_and_not_the_day_before() -> None:
    p = person("x", "2023")  # in from 31 Dec 2023
    assert mb.joined_within(p, mb.Window.of(date("2023-06"), date("2023-12")))
    assert not mb.joined_within(p, mb.Window.of(date("2023-01"), date("2023-11")))
    assert not mb.joined_within(p, mb.Window.of(date("2024"), None))
    assert mb.joined_within(p, mb.Window.of(None, date("2023")))
    assert mb.Window.of(date("2023-06"), None).day_before == _dt.date(2023, 5, 31)
    assert mb.Window().unbounded and mb.Window().day_before is None


def test_snapshot_keeps_what_had_happened() -> None:
    ledger = Ledger(
        (
            person("early", "2021-03-09", "2024-04"),
            person("gone", "2022", status=Status.WITHDRAWN, withdrawn="2024-02"),
            person("late", "2024-06-01"),
            person("claim", "2021", status=Status.CLAIMED),
        )
    )
    shot = mb.snapshot(ledger, _dt.date(2024, 3, 1), COUNTED)
    assert [p.id for p in shot.participants] == ["early", "gone"]
    assert shot.participants[0].agreements == (ledger.participants[0].agreements[0],)  # April not yet over
    assert shot.participants[1].status is Status.WITHDRAWN
    assert mb.snapshot(ledger, _dt.date(2024, 1, 31), ()).participants[1].status is Status.MEMBER
    assert [p.id for p in mb.snapshot(ledger, _dt.date(2024, 3, 1)).participants] == ["early", "gone", "claim"]


# -- one answer: the commands' own core calls agree on random ledgers ------------------------


def _listed(ledger: Ledger, **filters: object) -> set[str]:
    return {p.id for p in select(ledger, Filters(**filters))}  # type: ignore[arg-type]


def _added(ledger: Ledger, since: PartialDate | None, until: PartialDate | None) -> set[str]:
    return {c.participant.id for c in df.diff_dates(ledger, since, until, COUNTED).added}


@settings(max_examples=examples(300), deadline=None)
@given(ledgers(), windows())
def test_list_since_until_lists_exactly_what_diff_adds(ledger: Ledger, window: tuple[PartialDate | None, ...]) -> None:
    since, until = window
    assume(since is not None or until is not None)  # diff compares dates only when given one
    assert _listed(ledger, statuses=COUNTED, since=since, until=until) == _added(ledger, since, until)


@settings(max_examples=examples(300), deadline=None)
@given(ledgers(), DATES, DATES)
def test_consecutive_windows_share_out_the_joinings(ledger: Ledger, a: PartialDate, b: PartialDate) -> None:
    first, second = sorted((a, b), key=lambda d: d.end)
    middle = day(first.end)
    after = day(first.end + _dt.timedelta(days=1))
    whole = _added(ledger, None, second)
    left, right = _added(ledger, None, middle), _added(ledger, after, second) if after.end <= second.end else set()
    assert left | right == whole and not left & right


@settings(max_examples=examples(300), deadline=None)
@given(ledgers(), DATES)
def test_list_as_of_is_diff_until_and_the_snapshot(ledger: Ledger, moment: PartialDate) -> None:
    members = _listed(ledger, as_of=moment)
    shot = mb.snapshot(ledger, moment.end, COUNTED)
    assert members == {p.id for p in shot.participants if p.status is Status.MEMBER}
    assert _listed(ledger, statuses=COUNTED, as_of=moment) == _added(ledger, None, moment)
    assert _listed(ledger, as_of=moment) == _listed(ledger, until=moment)  # --as-of D and --until D agree


@settings(max_examples=examples(300), deadline=None)
@given(ledgers())
def test_timeline_counts_are_list_as_of_after_the_last_event_of_each_day(ledger: Ledger) -> None:
    events = tl.build(ledger).events
    ends = [e.date.end for e in events]
    for event, end, following in itertools.zip_longest(events, ends, ends[1:]):
        if end == following:
            continue
        assert event.participants == len(_listed(ledger, as_of=day(end)))
        assert event.countries == len(_listed(ledger, as_of=day(end), kinds=(Kind.STATE,)))
    # each counted participant's joining event is the one that proves it in
    firsts = {e.participant.id: e.date.end for e in events if e.first}
    assert firsts == {p.id: mb.in_from(p) for p in ledger.participants if mb.in_from(p) is not None}


@settings(max_examples=examples(300), deadline=None)
@given(ledgers(), st.sampled_from(list(tl.By)), windows(), st.booleans())
def test_timeline_by_totals_add_up_and_are_list_as_of(
    ledger: Ledger, by: tl.By, window: tuple[PartialDate | None, ...], everyone: bool
) -> None:
    since, until = window
    statuses = () if everyone else COUNTED
    summary = tl.summarise(ledger, tl.EventFilters(statuses=statuses, since=since, until=until), by)
    in_statuses = NOT_WITHDRAWN if everyone else (Status.MEMBER,)

    def count_at(end: _dt.date, **more: object) -> int:
        return len(_listed(ledger, as_of=day(end), statuses=in_statuses, **more))

    if since is not None:
        before = since.start - _dt.timedelta(days=1)
        assert summary.participants_before == count_at(before)
        assert summary.countries_before == count_at(before, kinds=(Kind.STATE,))
    else:
        assert (summary.participants_before, summary.countries_before) == (0, 0)
    total, countries = summary.participants_before, summary.countries_before
    for row, following in itertools.zip_longest(summary.periods, summary.periods[1:]):
        total += row.joined - row.left
        countries += row.countries_joined - row.countries_left
        assert (row.participants, row.countries) == (total, countries), row
        assert row.joined == len(row.names)
        if following is None or following.end != row.end:  # the last row of its period
            assert row.participants == count_at(row.end), row
            assert row.countries == count_at(row.end, kinds=(Kind.STATE,)), row
    joined = sum(row.joined for row in summary.periods)
    dated = {p.id for p in ledger.participants if mb.in_from(p) is not None}  # the undated never join a row
    assert joined == len(_listed(ledger, statuses=statuses, since=since, until=until) & dated)


def test_a_withdrawal_before_the_joining_is_never_counted_in() -> None:
    p = person("odd", "2023", status=Status.WITHDRAWN, withdrawn="2023-06")  # out by June, in by December
    ledger = Ledger((p,))
    rows = tl.summarise(ledger, tl.EventFilters(), tl.By.MONTH).periods
    assert [(r.label, r.joined, r.left, r.participants) for r in rows if r.joined or r.left] == [
        ("2023, month unknown", 1, 1, 0),  # the withdrawal waits for the joining
    ]
    assert all(r.participants == 0 for r in rows)
    assert [e.participants for e in tl.build(ledger).events] == [0, 0]
