"""Dated events from a ledger, in order, with the running counts a news report would cite.

One event per dated fact: an agreement signed, an agreement announced (when that date differs),
a withdrawal. Each event stands at the end of its period, the day by which it had certainly happened
(``membership``'s rule): ``2024-05`` after every day of May 2024, ``2023`` after all of 2023, each
before coarser facts ending the same day. So the running counts after an event are exactly who was
in then, as ``list --as-of`` says. Nothing undated is given a date: undated participants come back
separately.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection, Iterable
from enum import StrEnum
from typing import NamedTuple

from ilrs_cli.core import membership
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.membership import Span, Window
from ilrs_cli.core.model import Agreement, Kind, Ledger, Participant, Status

COUNTED = (Status.MEMBER, Status.WITHDRAWN)  # who counts towards "the Nth country"


class EventKind(StrEnum):
    """What happened on an event's date."""

    SIGNED = "signed"
    ANNOUNCED = "announced"
    WITHDRAWN = "withdrawn"


_KIND_ORDER = {EventKind.SIGNED: 0, EventKind.ANNOUNCED: 1, EventKind.WITHDRAWN: 2}


class Event(NamedTuple):
    """One dated fact, with the counts of member countries and participants just after it."""

    date: PartialDate
    kind: EventKind
    participant: Participant
    agreement: Agreement | None
    first: bool  # the event from which the participant is in (membership's proof of its joining)
    countries: int
    participants: int


class Timeline(NamedTuple):
    """Events in order, and the participants that have no date to be placed at."""

    events: tuple[Event, ...]
    undated: tuple[Participant, ...]


def position(date: PartialDate) -> tuple[_dt.date, int]:
    """Where a fact stands in time: at the end of its period, finer facts first on the same day."""
    return date.end, -date.start.toordinal()


def _raw_events(participant: Participant) -> Iterable[tuple[PartialDate, EventKind, Agreement | None, bool]]:
    joining = membership.joining(participant)
    proven = False  # the first agreement whose date is the proof dates the joining
    for agreement in participant.agreements:
        date = agreement.date
        first = not proven and joining is not None and date == joining.proof
        proven = proven or first
        if agreement.signed is not None:
            yield agreement.signed, EventKind.SIGNED, agreement, first
        if agreement.announced is not None and agreement.announced != agreement.signed:
            yield agreement.announced, EventKind.ANNOUNCED, agreement, first and agreement.signed is None
    if participant.withdrawn is not None:
        yield participant.withdrawn, EventKind.WITHDRAWN, None, False


def build(ledger: Ledger) -> Timeline:
    """Every dated event of the ledger in order, with the running counts of who is in (members and withdrawn)."""
    raw = []
    for rank, participant in enumerate(sorted(ledger.participants, key=membership.order)):
        for date, kind, agreement, first in _raw_events(participant):
            raw.append((position(date), _KIND_ORDER[kind], rank, date, kind, participant, agreement, first))
    raw.sort(key=lambda item: item[:3])
    joined: set[str] = set()
    left: set[str] = set()
    countries = participants = 0
    events = []
    for _, _, _, date, kind, p, agreement, first in raw:
        if p.status in COUNTED and (first or kind is EventKind.WITHDRAWN):
            was_in = p.id in joined and p.id not in left
            (joined if first else left).add(p.id)
            step = (p.id in joined and p.id not in left) - was_in
            participants += step
            countries += step if p.kind is Kind.STATE else 0
        events.append(Event(date, kind, p, agreement, first, countries, participants))
    undated = tuple(p for p in ledger.participants if p.joined is None)
    return Timeline(tuple(events), undated)


class EventFilters(NamedTuple):
    """Which participants and events to show; empty collections mean "any".

    The counts of ``build`` are never affected (Thailand stays the 9th country when shown alone);
    ``summarise`` counts within the selected participants.
    """

    kinds: Collection[Kind] = ()
    statuses: Collection[Status] = COUNTED
    countries: Collection[str] = ()
    ids: Collection[str] = ()
    events: Collection[EventKind] = ()
    since: PartialDate | None = None
    until: PartialDate | None = None

    def participant_matches(self, p: Participant) -> bool:
        """Participant-level filters (kind, status, country, id)."""
        return (
            (not self.kinds or p.kind in self.kinds)
            and (not self.statuses or p.status in self.statuses)
            and (not self.countries or p.country in self.countries)
            and (not self.ids or p.id in self.ids)
        )

    def matches(self, event: Event) -> bool:
        """True when the event passes every filter: it stands (had certainly happened) inside the window."""
        return (
            self.participant_matches(event.participant)
            and (not self.events or event.kind in self.events)
            and Window.of(self.since, self.until).holds(event.date.end)
        )


def select(timeline: Timeline, filters: EventFilters) -> Timeline:
    """The events (and undated participants) passing ``filters``."""
    return Timeline(
        tuple(e for e in timeline.events if filters.matches(e)),
        tuple(p for p in timeline.undated if filters.participant_matches(p)),
    )


# -- summaries by period ----------------------------------------------------------------------


class By(StrEnum):
    """The periods of ``timeline --by``."""

    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"


_PER_YEAR = {By.YEAR: 1, By.QUARTER: 4, By.MONTH: 12}


def _index(day: _dt.date, by: By) -> int:
    """The period a day falls in, numbered from year 0."""
    per_year = _PER_YEAR[by]
    return day.year * per_year + (day.month - 1) * per_year // 12


def period_end(index: int, by: By) -> _dt.date:
    """The last day of the period numbered ``index``."""
    year, n = divmod(index, _PER_YEAR[by])
    return PartialDate(year, (n + 1) * 12 // _PER_YEAR[by]).end


def _name(index: int, by: By) -> str:
    year, n = divmod(index, _PER_YEAR[by])
    if by is By.YEAR:
        return f"{year:04d}"
    return f"{year:04d}-Q{n + 1}" if by is By.QUARTER else f"{year:04d}-{n + 1:02d}"


def period_label(first: int, last: int, by: By) -> str:
    """A row's label: ``2023-10``, or for a span of periods ``2023, month unknown``, ``2023-Q1, month unknown``."""
    if first == last:
        return _name(first, by)
    per_year = _PER_YEAR[by]
    year, start, end = first // per_year, first % per_year, last % per_year
    if start == 0 and end == per_year - 1:
        known = f"{year:04d}"
    elif by is By.MONTH and start % 3 == 0 and end == start + 2:
        known = f"{year:04d}-Q{start // 3 + 1}"
    else:
        known = f"{_name(first, by)}..{_name(last, by)}"
    return f"{known}, {by.value} unknown"


class Period(NamedTuple):
    """One row of a summary: who joined and left in it, and the totals just after it."""

    label: str
    joined: int
    countries_joined: int
    participants: int
    countries: int
    names: tuple[str, ...]
    left: int
    countries_left: int
    end: _dt.date  # the totals are those at the end of this day (the period's, or the window's if sooner)


class Summary(NamedTuple):
    """The rows of a summary, and the totals just before the first (who was in before the window)."""

    periods: tuple[Period, ...]
    participants_before: int = 0
    countries_before: int = 0


class _Move(NamedTuple):
    row: tuple[int, int]  # (period of the span's last day, how many periods earlier its first day falls)
    joining: bool  # a joining, else a withdrawal
    participant: Participant


def _row(span: Span, by: By) -> tuple[int, int]:
    last = _index(span.last, by)
    return last, last - _index(span.first, by)


class _Tally:
    """Who has joined and left so far, as the rows go by (a withdrawal before the joining waits for it)."""

    def __init__(self) -> None:
        self.joined: set[str] = set()
        self.left: set[str] = set()
        self.pending: set[str] = set()
        self.participants = self.countries = 0

    def join(self, p: Participant) -> int:
        """Count a joining; return how many left with it (1 when its withdrawal came first)."""
        self.joined.add(p.id)
        self._step(p, 1)
        if p.id in self.pending:
            self.pending.discard(p.id)
            return self.leave(p)
        return 0

    def leave(self, p: Participant) -> int:
        """Count a withdrawal (1), or keep it for the joining (0)."""
        if p.id not in self.joined:
            self.pending.add(p.id)
            return 0
        self.left.add(p.id)
        self._step(p, -1)
        return 1

    def _step(self, p: Participant, step: int) -> None:
        self.participants += step
        self.countries += step if p.kind is Kind.STATE else 0


def summarise(ledger: Ledger, filters: EventFilters, by: By) -> Summary:
    """Joinings and withdrawals of the selected participants per period, with running totals.

    A joining whose span lies in one period counts in it; any other in a row of its own just after
    the last period it may fall in ("2023, month unknown" after December 2023). Every row's total is
    the previous total plus its joined minus its left, and the total of the last row of a period is
    how many were in at its end (``list --as-of``), within the selection. The window keeps the rows
    of what happened in it; plain periods from the first row to the window's end (without one, to the
    last row) are all shown, so ``--until 2025`` has a 2025 row even when nobody joined in 2025.
    """
    window = Window.of(filters.since, filters.until)
    before = window.day_before
    tally = _Tally()
    moves: list[_Move] = []
    for p in sorted(ledger.participants, key=membership.order):
        found = membership.joining(p) if filters.participant_matches(p) else None
        if found is None:
            continue
        out = membership.out_from(p)
        spans = [(True, found.span)]
        if out is not None and p.withdrawn is not None:
            spans.append((False, Span(p.withdrawn.start, out)))
        for joining, span in spans:
            if before is not None and span.last <= before:
                tally.join(p) if joining else tally.leave(p)
            elif window.holds(span.last):
                moves.append(_Move(_row(span, by), joining, p))
    start = (tally.participants, tally.countries)
    rows: dict[tuple[int, int], list[_Move]] = {}
    for move in moves:
        rows.setdefault(move.row, []).append(move)
    if moves:
        lasts = [row[0] for row in rows]
        last = _index(window.last, by) if window.last is not None else max(lasts)
        for index in range(min(lasts), last + 1):
            rows.setdefault((index, 0), [])
    periods = []
    for row in sorted(rows):
        joins = [m.participant for m in rows[row] if m.joining]
        left = countries_left = 0
        for p in joins:
            gone = tally.join(p)
            left, countries_left = left + gone, countries_left + (gone if p.kind is Kind.STATE else 0)
        for move in rows[row]:
            if not move.joining:
                gone = tally.leave(move.participant)
                left += gone
                countries_left += gone if move.participant.kind is Kind.STATE else 0
        periods.append(
            Period(
                period_label(row[0] - row[1], row[0], by),
                len(joins),
                sum(p.kind is Kind.STATE for p in joins),
                tally.participants,
                tally.countries,
                tuple(p.name for p in joins),
                left,
                countries_left,
                min(period_end(row[0], by), window.last or _dt.date.max),
            )
        )
    return Summary(tuple(periods), *start)
