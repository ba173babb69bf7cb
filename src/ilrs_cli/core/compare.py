"""Two programmes side by side, country by country: who is in both, at what level, and who came first.

The first ledger (by default the ILRS) is read for its level of participation per country; the second
(by default the Artemis Accords) for its signing date and the ordinal its notes state. Who is present at
a date is query's rule (``Filters`` with ``as_of``); partial dates are compared as whole periods.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple

from ilrs_cli.core import membership
from ilrs_cli.core.countries import country_name
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.membership import status_at
from ilrs_cli.core.model import Kind, Ledger, Participant, Status
from ilrs_cli.core.query import Filters, select

SAME_DAY = "same-day"
UNCLEAR = "unclear"  # partial dates whose periods overlap: the order is not known


class Level(StrEnum):
    """How a country takes part: the state itself (member or not), else through whom."""

    STATE = "state"  # the state is a member
    ORGANIZATION = "organization"  # no state record: through a member organisation based there
    INSTITUTION = "institution"
    COMPANY = "company"
    CLAIMED = "claimed"  # the state's own status, when it is not a member
    APPLICANT = "applicant"
    DISPUTED = "disputed"
    WITHDRAWN = "withdrawn"


# Levels at which the state itself is in the record (whatever its status).
STATE_LEVELS = (Level.STATE, Level.CLAIMED, Level.APPLICANT, Level.DISPUTED, Level.WITHDRAWN)
_ORDINAL = re.compile(r"\b(\d{1,4})(?:st|nd|rd|th) signatory\b")


class Standing(NamedTuple):
    """A country's place in one programme: its level, the date of that level, who, and a stated ordinal."""

    level: Level
    date: PartialDate | None
    ids: tuple[str, ...]
    ordinal: int | None


def stated_ordinal(participant: Participant) -> int | None:
    """The ordinal the ledger's notes give (``51st signatory``, as NASA numbers them), if any."""
    for text in (participant.notes, *(a.notes for a in participant.agreements)):
        found = _ORDINAL.search(text)
        if found:
            return int(found.group(1))
    return None


def standing(participants: list[Participant], as_of: PartialDate | None) -> Standing:
    """One country's standing from its participants (those in at the end of ``as_of``; at least one).

    A state in the record speaks for its country: a member state is level ``state``, any other state
    is its status (the UAE: ``disputed``, though a university of the UAE is a member). Without a
    state, the country takes part through its earliest member (an institution, a company, an
    organisation); with no member either, it takes the status of its first participant.
    """
    day = as_of.end if as_of is not None else None
    ordered = sorted(participants, key=lambda p: (p.kind is not Kind.STATE, membership.order(p)))
    ids = tuple(p.id for p in ordered)
    lead = ordered[0]
    status = status_at(lead, day)
    if lead.kind is not Kind.STATE:
        members = [p for p in ordered if status_at(p, day) is Status.MEMBER]
        if members:
            return Standing(Level(members[0].kind.value), members[0].joined, ids, stated_ordinal(members[0]))
    level = Level.STATE if status is Status.MEMBER else Level(status.value)
    return Standing(level, lead.joined, ids, stated_ordinal(lead))


def order_of(a: PartialDate | None, b: PartialDate | None) -> tuple[str | None, int | None]:
    """Which came first ("a", "b", same-day, unclear) and by how many days (only when both are days)."""
    if a is None or b is None:
        return None, None
    days = (b.start - a.start).days if a.precision == b.precision == "day" else None
    if a.end < b.start:
        return "a", days
    if b.end < a.start:
        return "b", -days if days is not None else None
    if days == 0:
        return SAME_DAY, 0
    return UNCLEAR, None


class Country(NamedTuple):
    """One country of either programme: its standing in each (None: not in it)."""

    code: str
    a: Standing | None
    b: Standing | None
    programmes: tuple[str, str]

    @property
    def name(self) -> str:
        """The country's English short name."""
        return country_name(self.code)

    @property
    def both(self) -> bool:
        """In both programmes, at any level."""
        return self.a is not None and self.b is not None

    @property
    def first(self) -> tuple[str | None, int | None]:
        """Which programme came first (its slug, same-day or unclear) and by how many days (None: unknown)."""
        which, days = order_of(self.a.date if self.a else None, self.b.date if self.b else None)
        return {"a": self.programmes[0], "b": self.programmes[1]}.get(which or "", which), days


class Comparison(NamedTuple):
    """Every country of either ledger as of a date, both first, then each programme's own."""

    programmes: tuple[str, str]
    as_of: PartialDate | None
    countries: tuple[Country, ...]

    def chosen(self, *, both: bool = False, only: str | None = None) -> Comparison:
        """Only the countries in both programmes, or (``only``: a programme's slug) in that one alone."""

        def keep(country: Country) -> bool:
            if both or only is None:
                return country.both or not both
            alone = country.a if only == self.programmes[0] else country.b
            return alone is not None and not country.both

        return self._replace(countries=tuple(c for c in self.countries if keep(c)))

    def summary(self, titles: tuple[str, str]) -> str:
        """``13 countries in both, 7 of them state-level in the ILRS (3 state members)``, as of the date."""
        both = [c for c in self.countries if c.both and c.a is not None]
        state_level = sum(c.a.level in STATE_LEVELS for c in both if c.a)
        members = sum(c.a.level is Level.STATE for c in both if c.a)
        when = f" as of {self.as_of.iso()}" if self.as_of else ""
        plural = "country" if len(both) == 1 else "countries"
        return (
            f"{len(both)} {plural} in both{when}, {state_level} of them state-level in the {titles[0]} "
            f"({members} state member{'' if members == 1 else 's'})"
        )


def _by_country(ledger: Ledger, as_of: PartialDate | None) -> dict[str, Standing]:
    present = select(ledger, Filters(statuses=(), as_of=as_of))
    groups: dict[str, list[Participant]] = {}
    for participant in present:
        if participant.country:  # an organisation with no country is no country's participation
            groups.setdefault(participant.country, []).append(participant)
    return {code: standing(group, as_of) for code, group in groups.items()}


def compare(a: Ledger, b: Ledger, programmes: tuple[str, str], as_of: PartialDate | None = None) -> Comparison:
    """Compare two ledgers country by country as they stood at the end of ``as_of``."""
    left, right = _by_country(a, as_of), _by_country(b, as_of)
    countries = [Country(code, left.get(code), right.get(code), programmes) for code in left.keys() | right.keys()]
    countries.sort(key=lambda c: (not c.both, c.a is None, c.name, c.code))
    return Comparison(programmes, as_of, tuple(countries))
