"""Dated events from a ledger, in order, with the running counts a news report would cite.

One event per dated fact: an agreement signed, an agreement announced (when that date differs),
a withdrawal. Partial dates sort by their start, coarser first; nothing undated is given a date:
undated participants come back separately.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from enum import StrEnum
from typing import NamedTuple

from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Agreement, Kind, Ledger, Participant, Status, Value, participant_order

# Stable column order of `ilrs timeline` in machine formats; new columns are only ever appended.
EVENT_FIELDS = (
    "date",
    "event",
    "id",
    "name",
    "kind",
    "country",
    "status",
    "instrument",
    "counterpart",
    "first",
    "countries",
    "participants",
)
PERIOD_FIELDS = ("period", "joined", "countries_joined", "participants", "countries", "names")
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
    first: bool  # the event that dates the participant's joining
    countries: int
    participants: int

    def row(self) -> dict[str, Value]:
        """The event as one flat record of EVENT_FIELDS."""
        p, a = self.participant, self.agreement
        return {
            "date": self.date,
            "event": self.kind.value,
            "id": p.id,
            "name": p.name,
            "kind": p.kind.value,
            "country": p.country or None,
            "status": p.status.value,
            "instrument": a.instrument.value if a else None,
            "counterpart": (a.counterpart or None) if a else None,
            "first": "yes" if self.first else "no",
            "countries": self.countries,
            "participants": self.participants,
        }


class Timeline(NamedTuple):
    """Events in order, and the participants that have no date to be placed at."""

    events: tuple[Event, ...]
    undated: tuple[Participant, ...]


def _raw_events(participant: Participant) -> Iterable[tuple[PartialDate, EventKind, Agreement | None, bool]]:
    first = participant.first_agreement
    for agreement in participant.agreements:
        dates_first = agreement is first
        if agreement.signed is not None:
            yield agreement.signed, EventKind.SIGNED, agreement, dates_first
        if agreement.announced is not None and agreement.announced != agreement.signed:
            yield (
                agreement.announced,
                EventKind.ANNOUNCED,
                agreement,
                dates_first and agreement.signed is None,
            )
    if participant.withdrawn is not None:
        yield participant.withdrawn, EventKind.WITHDRAWN, None, False


def build(ledger: Ledger) -> Timeline:
    """Every dated event of the ledger in order, with running counts over members (and withdrawn)."""
    raw = []
    for rank, participant in enumerate(sorted(ledger.participants, key=participant_order)):
        for date, kind, agreement, first in _raw_events(participant):
            raw.append((date, _KIND_ORDER[kind], rank, kind, participant, agreement, first))
    raw.sort(key=lambda item: item[:3])
    countries = participants = 0
    events = []
    for date, _, _, kind, participant, agreement, first in raw:
        counted = participant.status in COUNTED
        step = 1 if first and counted else (-1 if kind is EventKind.WITHDRAWN else 0)
        participants += step
        if participant.kind is Kind.STATE:
            countries += step
        events.append(Event(date, kind, participant, agreement, first, countries, participants))
    undated = tuple(p for p in ledger.participants if p.joined is None)
    return Timeline(tuple(events), undated)


class EventFilters(NamedTuple):
    """Which events to show; empty collections mean "any". Counts are never affected."""

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
        """True when the event passes every filter."""
        return (
            self.participant_matches(event.participant)
            and (not self.events or event.kind in self.events)
            and event.date.within(self.since, self.until)
        )


def select(timeline: Timeline, filters: EventFilters) -> Timeline:
    """The events (and undated participants) passing ``filters``."""
    return Timeline(
        tuple(e for e in timeline.events if filters.matches(e)),
        tuple(p for p in timeline.undated if filters.participant_matches(p)),
    )


def period_of(date: PartialDate, by: str) -> str | None:
    """The period label of a date (``2023``, ``2023-Q4``, ``2023-10``), or None if too coarse."""
    if by == "year":
        return f"{date.year:04d}"
    if not date.month:
        return None
    if by == "quarter":
        return f"{date.year:04d}-Q{(date.month - 1) // 3 + 1}"
    return f"{date.year:04d}-{date.month:02d}"


class Period(NamedTuple):
    """Joinings in one period, with cumulative totals at its end."""

    label: str
    joined: int
    countries_joined: int
    participants: int
    countries: int
    names: tuple[str, ...]

    def row(self) -> dict[str, Value]:
        """The period as one flat record of PERIOD_FIELDS."""
        return {
            "period": self.label,
            "joined": self.joined,
            "countries_joined": self.countries_joined,
            "participants": self.participants,
            "countries": self.countries,
            "names": ", ".join(self.names),
        }


def summarise(timeline: Timeline, by: str) -> tuple[list[Period], int]:
    """Joinings per period (every period from the first to the last, empty ones included).

    Returns the periods and how many joinings were too coarse to place (e.g. a year-only date
    when summarising by month); those still count in the cumulative totals of later periods.
    """
    joinings = [e for e in timeline.events if e.first]
    counts: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    names: dict[str, list[str]] = {}
    ends: dict[str, tuple[int, int]] = {}
    unplaced = 0
    for event in joinings:
        label = period_of(event.date, by)
        if label is None:
            unplaced += 1
            continue
        counts[label] += 1
        countries[label] += event.participant.kind is Kind.STATE
        names.setdefault(label, []).append(event.participant.name)
        ends[label] = (event.participants, event.countries)
    periods: list[Period] = []
    if not counts:
        return periods, unplaced
    labels = _all_labels(min(counts), max(counts), by)
    total = (0, 0)
    for label in labels:
        total = ends.get(label, total)
        periods.append(Period(label, counts[label], countries[label], total[0], total[1], tuple(names.get(label, ()))))
    return periods, unplaced


def _all_labels(first: str, last: str, by: str) -> list[str]:
    year, last_year = int(first[:4]), int(last[:4])
    if by == "year":
        return [f"{y:04d}" for y in range(year, last_year + 1)]
    per_year = 4 if by == "quarter" else 12
    offset = 6 if by == "quarter" else 5  # where the quarter or month number starts in the label
    index = year * per_year + int(first[offset:]) - 1
    last_index = last_year * per_year + int(last[offset:]) - 1
    labels = []
    for i in range(index, last_index + 1):
        y, n = divmod(i, per_year)
        labels.append(f"{y:04d}-Q{n + 1}" if by == "quarter" else f"{y:04d}-{n + 1:02d}")
    return labels
