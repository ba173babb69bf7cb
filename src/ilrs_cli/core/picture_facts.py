"""The facts a picture shows, asked of the membership rule: who entered the count when, and where they are.

Nothing here decides membership: every answer comes from ``core.membership`` through
``query.Filters.matches`` (who passes the filters at the end of a day). A participant can only enter
or leave the count on a day one of its own dates ends (an agreement's date, its withdrawal), so asking
the rule on those days, and on the day before each, finds every step exactly, in time proportional to
the ledger.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Collection, Iterable
from typing import NamedTuple

from ilrs_cli.core import membership, programmes
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Kind, Ledger, Participant, Status
from ilrs_cli.core.programmes import DEFAULT_PROGRAMME
from ilrs_cli.core.query import Filters

_DAY = _dt.timedelta(days=1)


class Step(NamedTuple):
    """A participant entering (+1) or leaving (-1) the count at the end of ``day``."""

    day: _dt.date
    change: int
    participant: Participant
    states: int  # member states just after the step
    total: int  # all participants just after the step
    date: PartialDate  # the ledger's date that ends on ``day``, at its own precision: what to show


class Series(NamedTuple):
    """The steps of a selection up to the end of a day, in order."""

    steps: tuple[Step, ...]
    end: _dt.date
    undated: tuple[Participant, ...]  # selected but with no date to place them at

    def level_before(self, day: _dt.date) -> tuple[int, int]:
        """(states, total) at the end of the day before ``day``."""
        level = (0, 0)
        for step in self.steps:
            if step.day >= day:
                break
            level = (step.states, step.total)
        return level


def _days(participant: Participant) -> dict[_dt.date, PartialDate]:
    """The days on which the membership rule can change its answer about this participant, in order.

    Each with the ledger's date ending that day; of several (2024, 2024-12, 2024-12-31) the coarsest, which
    holds the others: a picture shows the period, never an end-of-period day the ledger does not say.
    """
    dates = [a.date for a in participant.agreements if a.date is not None]
    if participant.withdrawn is not None:
        dates.append(participant.withdrawn)
    days: dict[_dt.date, PartialDate] = {}
    for date in sorted(dates, key=lambda d: (d.month != 0, d.day != 0)):
        days.setdefault(date.end, date)
    return dict(sorted(days.items()))


def _in_at(filters: Filters, participant: Participant, day: _dt.date) -> bool:
    return filters._replace(as_of=PartialDate.from_date(day)).matches(participant)


def series(
    ledger: Ledger,
    end: _dt.date,
    kinds: Collection[Kind] = (),
    statuses: Collection[Status] = (Status.MEMBER,),
    countries: Collection[str] = (),
    ids: Collection[str] = (),
    search: str = "",
) -> Series:
    """Every entry into and exit from the selection up to the end of ``end``, with running counts.

    ``ids`` and ``search`` are ``list``'s ``--id`` and ``--search`` (``search`` folded already).
    """
    filters = Filters(kinds=kinds, statuses=statuses, countries=countries, ids=ids, search=search)
    anytime = filters._replace(statuses=())  # who the selection names, whatever their status
    raw: list[tuple[_dt.date, int, membership.JoiningOrder, Participant, PartialDate]] = []
    undated = []
    for participant in ledger.participants:
        if not anytime.matches(participant):
            continue
        dated = _days(participant)
        days = [d for d in dated if d <= end]
        if not days:
            if participant.joined is None and (not statuses or participant.status in statuses):
                undated.append(participant)
            continue
        was_in = _in_at(filters, participant, days[0] - _DAY)
        for day in days:
            now_in = _in_at(filters, participant, day)
            if now_in != was_in:
                raw.append((day, 1 if now_in else -1, membership.order(participant), participant, dated[day]))
            was_in = now_in
    raw.sort(key=lambda r: (r[0], -r[1], r[2]))
    states = total = 0
    steps = []
    for day, change, _, participant, date in raw:
        total += change
        if participant.kind is Kind.STATE:
            states += change
        steps.append(Step(day, change, participant, states, total, date))
    return Series(tuple(steps), end, tuple(undated))


class CountryMark(NamedTuple):
    """What a map shows of one country: its state participant (if any) and its other participants."""

    code: str
    state: Participant | None
    status: Status | None  # the state's status at the date
    others: tuple[tuple[Participant, Status], ...]  # non-state participants based there, with status


def country_marks(
    ledger: Ledger,
    as_of: PartialDate | None,
    kinds: Collection[Kind] = (),
    statuses: Collection[Status] = (),
    since: PartialDate | None = None,
    until: PartialDate | None = None,
    ids: Collection[str] = (),
    search: str = "",
) -> tuple[dict[str, CountryMark], tuple[Participant, ...]]:
    """Each country's participants at the end of ``as_of`` (None: the ledger as it stands), and those with no country.

    With a date, a participant must be known by then (an undated claim is not placed in the past);
    with a window, only those who joined in it.
    """
    filters = Filters(kinds=kinds, statuses=statuses, as_of=as_of, since=since, until=until, ids=ids, search=search)
    marks: dict[str, CountryMark] = {}
    homeless = []
    for participant in sorted(ledger.participants, key=membership.order):
        if not filters.matches(participant):
            continue
        moment = as_of or until  # statuses at the end of --as-of, else of --until (as Filters reads them)
        status = membership.status_at(participant, moment.end if moment is not None else None)
        if not participant.country:  # kept as it stood at the date, its status with it
            homeless.append(membership.as_it_stood(participant, moment.end if moment is not None else None))
            continue
        mark = marks.get(participant.country) or CountryMark(participant.country, None, None, ())
        if participant.kind is Kind.STATE and mark.state is None:
            mark = mark._replace(state=participant, status=status)
        else:
            mark = mark._replace(others=(*mark.others, (participant, status)))
        marks[participant.country] = mark
    return marks, tuple(homeless)


def joining_span(participant: Participant) -> membership.Span | None:
    """The days in which the participant's joining happened, as its sources date it (one day if known)."""
    found = membership.joining(participant)
    return None if found is None else found.span


def instruments_and_sources(participants: Iterable[Participant]) -> tuple[int, int]:
    """How many agreements the participants hold, and how many distinct sources back them."""
    agreements = 0
    sources: set[str] = set()
    for participant in participants:
        agreements += len(participant.agreements)
        for agreement in participant.agreements:
            sources.update(agreement.sources)
    return agreements, len(sources)


def programme_name(programme: str) -> str:
    """``the International Lunar Research Station``, or ``the programme 'SLUG'`` (the registry's answer)."""
    return programmes.name(programme)


def source_name(programme: str) -> str:
    """What a credit line names as the source, in plain words: ``ilrs ledger``, ``the ilrs Artemis Accords ledger``,
    ``the ilrs ledger of the programme 'slug'``."""
    if programme == DEFAULT_PROGRAMME:
        return "ilrs ledger"
    if programme in programmes.BY_ID:
        return f"the ilrs {programmes.title(programme)} ledger"
    return f"the ilrs ledger of {programmes.name(programme)}"


PLACEHOLDERS = frozenset({"", "n/a", "na", "none", "unknown", "?", "-", "tbd", "unclear"})


def counterpart(text: str) -> str:
    """The counterpart a reader can be told, or "" when the ledger holds a placeholder (``n/a``, ``unknown``)."""
    return "" if text.strip().lower() in PLACEHOLDERS else text


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st ..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# A gap naming a participant the ledger cannot name: "The 64th signatory is not named in the sources used: it
# signed between 2026-04-23 (Jordan, 63rd) and 2026-05-04 (Ireland, 65th)." Other gaps (who is not recorded,
# and why) say nothing about the count.
_UNNAMED = re.compile(r"^The \d+(?:st|nd|rd|th) (signatory|member|participant) is not named\b", re.IGNORECASE)
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_PLURAL = {"signatory": "signatories", "member": "members", "participant": "participants"}


class Unnamed(NamedTuple):
    """What a ledger's gaps say about participants it cannot name, at the end of a day."""

    certain: int  # in by then: their latest possible day is past
    possible: int  # perhaps in by then: their earliest possible day is past (certain ones included)
    noun: str  # what the gaps call them: "signatory", "member", "participant"


def unnamed(ledger: Ledger, day: _dt.date) -> Unnamed:
    """The unnamed participants the ledger's gaps record, as counted at the end of ``day``.

    Each such gap may give the days it happened between (the first and last ISO day in its text); one giving
    none is taken to be in already.
    """
    certain = possible = 0
    noun = ""
    for gap in ledger.gaps:
        found = _UNNAMED.match(gap.strip())
        if found is None:
            continue
        noun = noun or found.group(1).lower()
        days = []
        for y, m, d in _ISO_DAY.findall(gap):
            try:
                days.append(_dt.date(int(y), int(m), int(d)))
            except ValueError:
                continue
        if not days:
            certain, possible = certain + 1, possible + 1
            continue
        possible += days[0] <= day
        certain += days[-1] <= day
    return Unnamed(certain, possible, noun)


def unnamed_note(ledger: Ledger, day: _dt.date, named: int) -> str:
    """``67 signatories named; the ledger records 4 more it cannot name (see its gaps)``, or "" when its gaps
    record nobody it cannot name by the end of ``day``. ``named``: how many the picture counts."""
    gaps = unnamed(ledger, day)
    if not gaps.possible:
        return ""
    nouns = (gaps.noun, _PLURAL[gaps.noun])
    more = str(gaps.possible) if gaps.certain == gaps.possible else f"up to {gaps.possible}"
    return f"{named} {nouns[named != 1]} named; the ledger records {more} more it cannot name (see its gaps)"
