"""Small builders and hypothesis strategies for core tests: ledgers made of values, no files."""

from __future__ import annotations

import datetime as _dt

from hypothesis import strategies as st

from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Agreement, Kind, Ledger, Participant, Status


def date(text: str) -> PartialDate:
    return PartialDate.parse(text)


def agreement(signed: str | None = None, announced: str | None = None) -> Agreement:
    return Agreement(
        signed=date(signed) if signed else None,
        announced=date(announced) if announced else None,
        sources=("https://e.org",),
    )


def person(
    pid: str,
    *dates: str,
    status: Status = Status.MEMBER,
    kind: Kind = Kind.STATE,
    withdrawn: str | None = None,
) -> Participant:
    """A participant with one agreement signed on each of ``dates``."""
    return Participant(
        pid,
        pid.title(),
        kind,
        status,
        "PK" if kind is Kind.STATE else "",
        date(withdrawn) if withdrawn else None,
        agreements=tuple(agreement(d) for d in dates),
    ).normalised_agreements()


def ids(participants: object) -> list[str]:
    return [p.id for p in participants]  # type: ignore[attr-defined]


# Dates crowd into three years so that days, months and years of different participants overlap.
DATES = st.builds(
    lambda y, m, d, precision: PartialDate(y, m if precision else 0, min(d, 28) if precision > 1 else 0),
    st.integers(2021, 2023),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 2),
)


@st.composite
def agreements(draw: st.DrawFn) -> Agreement:
    signed = draw(st.one_of(st.none(), DATES))
    announced = draw(st.one_of(st.none(), DATES))
    if signed is not None and announced is not None and announced.end < signed.start:
        announced = None  # the loader refuses an announcement before the signing
    return Agreement(signed=signed, announced=announced, sources=("https://e.org",))


@st.composite
def participants(draw: st.DrawFn, number: int) -> Participant:
    status = draw(st.sampled_from(list(Status)))
    kind = draw(st.sampled_from([Kind.STATE, Kind.COMPANY]))
    return Participant(
        f"p{number}",
        f"P {number}",
        kind,
        status,
        "PK" if kind is Kind.STATE else "",
        withdrawn=draw(DATES) if status is Status.WITHDRAWN else None,  # any time, even before the joining
        agreements=tuple(draw(st.lists(agreements(), max_size=3))),
    ).normalised_agreements()


@st.composite
def ledgers(draw: st.DrawFn) -> Ledger:
    count = draw(st.integers(0, 8))
    return Ledger(tuple(draw(participants(n)) for n in range(count))).normalised()


@st.composite
def windows(draw: st.DrawFn) -> tuple[PartialDate | None, PartialDate | None]:
    """A --since/--until pair, either end open, never ending before it starts."""
    since, until = draw(st.one_of(st.none(), DATES)), draw(st.one_of(st.none(), DATES))
    if since is not None and until is not None and until.end < since.start:
        since, until = until, since
    return since, until


def day(value: _dt.date) -> PartialDate:
    return PartialDate.from_date(value)
