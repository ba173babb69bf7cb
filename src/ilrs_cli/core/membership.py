"""Who was in at the end of a day, and who joined in a window: the one answer list, show, diff and timeline ask.

The rule for partial dates. An agreement's date (signed, else announced) is a period: a day, a month or a
year. A participant is *in* at the end of day D once the whole period of one of its agreement dates has
ended by then. With agreements dated ``2023`` and ``2023-03-01`` it is in from 1 March 2023 (the
day-precise agreement proves it), though its joining date stays ``2023``, the earliest agreement. A
withdrawal counts the same way: withdrawn ``2025-03``, it is out from the end of March 2025.

A participant *joined in* the window [S, U] when it is in at the end of U and was not yet in at the end of
the day before S. Consecutive windows share out the joinings, none counted twice or lost, so ``list
--since/--until``, ``diff --since/--until`` and the rows of ``timeline --by`` add up.

What the record says of the joining itself is a span of days: from the first day of the earliest agreement
date to the day the participant is in. A summary by month gives a joining whose span lies within one month
to that month, and any other a row of its own ("2023, month unknown"): nothing gets a month, let alone a
day, that its sources did not give.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection
from typing import NamedTuple

from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Ledger, Participant, Status


class Span(NamedTuple):
    """Days from ``first`` to ``last``, both included: when something is known to have happened."""

    first: _dt.date
    last: _dt.date


class Joining(NamedTuple):
    """What the agreements prove about when a participant joined."""

    date: PartialDate  # the joining date: the earliest agreement date
    proof: PartialDate  # the agreement date whose period ends first: the participant is in from its end

    @property
    def span(self) -> Span:
        """From the first day the joining may have happened to the day it certainly had."""
        return Span(min(self.date.start, self.proof.end), self.proof.end)


def joining(participant: Participant) -> Joining | None:
    """When the participant joined, as its dated agreements tell; None when none is dated."""
    agreements = participant.agreements
    if len(agreements) == 1:  # most participants: a fast path that lists pay for at 100,000 rows
        only = agreements[0].date
        return None if only is None else Joining(only, only)
    dates = [a.date for a in agreements if a.date is not None]
    if not dates:
        return None
    # the proof: the period that ends first; of periods ending the same day, the finest
    proof = min(dates, key=lambda d: (d.end, -d.start.toordinal()))
    return Joining(min(dates), proof)


JoiningOrder = tuple[int, _dt.date, int, PartialDate, str]


def order(participant: Participant) -> JoiningOrder:
    """Joining order, the one every command lists and counts in: by the day the participant is in (the end
    of its proof's period), a finer date first on the same day (``2023-12`` before ``2023`` on 31 Dec), then
    by joining date and id; participants with no dated agreement last."""
    found = joining(participant)
    if found is None:
        return (1, _dt.date.max, 0, PartialDate(1), participant.id)
    return (0, found.proof.end, -found.proof.start.toordinal(), found.date, participant.id)


def in_from(participant: Participant) -> _dt.date | None:
    """The day from whose end the participant is in (None: never, for want of a dated agreement)."""
    found = joining(participant)
    return None if found is None else found.proof.end


def out_from(participant: Participant) -> _dt.date | None:
    """The day from whose end a withdrawn participant is out (None: not withdrawn)."""
    withdrawn = participant.withdrawn
    return None if withdrawn is None or participant.status is not Status.WITHDRAWN else withdrawn.end


def joined_by(participant: Participant, day: _dt.date) -> bool:
    """True when the participant is in at the end of ``day`` (withdrawn since or not)."""
    start = in_from(participant)
    return start is not None and start <= day


def withdrawn_by(participant: Participant, day: _dt.date) -> bool:
    """True when the participant's withdrawal had certainly happened by the end of ``day``."""
    end = out_from(participant)
    return end is not None and end <= day


def status_at(participant: Participant, day: _dt.date | None) -> Status:
    """The status at the end of ``day`` (None: today's): before its withdrawal a withdrawn participant was a member."""
    if day is not None and participant.status is Status.WITHDRAWN and not withdrawn_by(participant, day):
        return Status.MEMBER
    return participant.status


def as_it_stood(participant: Participant, day: _dt.date | None) -> Participant:
    """The participant with its status (and withdrawal date) as they stood at the end of ``day``."""
    status = status_at(participant, day)
    if status is participant.status:
        return participant
    return participant._replace(status=status, withdrawn=None)


def in_at(participant: Participant, day: _dt.date) -> bool:
    """True when the participant is a member at the end of ``day``: in, and not yet withdrawn."""
    return joined_by(participant, day) and not withdrawn_by(participant, day)


class Window(NamedTuple):
    """Days from ``first`` to ``last`` (either open), from ``--since`` and ``--until``."""

    first: _dt.date | None = None
    last: _dt.date | None = None

    @classmethod
    def of(cls, since: PartialDate | None, until: PartialDate | None) -> Window:
        """The window from the first day of ``since`` to the last day of ``until`` (whole periods)."""
        return cls(since.start if since is not None else None, until.end if until is not None else None)

    @property
    def unbounded(self) -> bool:
        """True when neither end is set."""
        return self.first is None and self.last is None

    @property
    def day_before(self) -> _dt.date | None:
        """The last day before the window (None when nothing lies before it: no start, or 1 January 1)."""
        return None if self.first is None or self.first == _dt.date.min else self.first - _dt.timedelta(days=1)

    def holds(self, day: _dt.date) -> bool:
        """True when ``day`` lies in the window."""
        return (self.first is None or self.first <= day) and (self.last is None or day <= self.last)


def joined_within(participant: Participant, window: Window) -> bool:
    """True when the participant joined in ``window``: in at its end, not yet in the day before it."""
    start = in_from(participant)
    return start is not None and window.holds(start)


def snapshot(ledger: Ledger, day: _dt.date, statuses: Collection[Status] = ()) -> Ledger:
    """The ledger as it stood at the end of ``day``: participants in by then, with only what had happened.

    ``statuses`` filters on today's status (empty: every status). Each kept participant keeps only the
    agreements whose dates had wholly passed, and a withdrawal still to come is undone.
    """
    kept = []
    for p in ledger.participants:
        if (statuses and p.status not in statuses) or not joined_by(p, day):
            continue
        agreements = tuple(a for a in p.agreements if a.date is not None and a.date.end <= day)
        kept.append(as_it_stood(p, day)._replace(agreements=agreements))
    return Ledger(tuple(kept))
