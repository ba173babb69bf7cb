"""The counts an analyst quotes, as of a date: by kind and status, per year, and the outlets' conventions.

"N countries" counts member states; CNSA's "countries and international organisations" counts member
states plus member organisations; institutions and companies are counted apart. Who counts at a date
is membership's rule, asked through query's ``Filters``; the years are ``timeline --by year``'s rows.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ilrs_cli.core import programmes, timeline
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Kind, Ledger, Participant, Status
from ilrs_cli.core.query import Filters, select
from ilrs_cli.core.timeline import Period


class Stats(NamedTuple):
    """Every count of one ledger as of one date (None: the whole ledger)."""

    programme: str
    as_of: PartialDate | None
    by_kind: dict[Kind, dict[Status, int]]  # every participant dated by as_of, by status at that date
    undated: int  # participants with no date at all (only counted without as_of)
    years: tuple[Period, ...]  # timeline --by year's rows
    gaps: tuple[str, ...]

    def members(self, *kinds: Kind) -> int:
        """Members of these kinds (all kinds when none given)."""
        return sum(self.by_kind[k][Status.MEMBER] for k in kinds or tuple(Kind))

    def record(self) -> dict[str, Any]:
        """The counts as one JSON-ready object (keys documented in the README; zero counts kept)."""
        data: dict[str, Any] = {"programme": self.programme}
        if self.as_of is not None:
            data["as_of"] = self.as_of.iso()
        data |= {
            "countries": self.members(Kind.STATE),
            "countries_and_organizations": self.members(Kind.STATE, Kind.ORGANIZATION),
            "organizations": self.members(Kind.ORGANIZATION),
            "institutions": self.members(Kind.INSTITUTION),
            "companies": self.members(Kind.COMPANY),
            "members": self.members(),
            "participants": sum(sum(c.values()) for c in self.by_kind.values()),
            "undated": self.undated,
            "by_status": {s.value: sum(self.by_kind[k][s] for k in Kind) for s in Status},
            "by_kind": {k.value: {s.value: n for s, n in counts.items()} for k, counts in self.by_kind.items()},
            "by_year": {
                y.label: {
                    "joined": y.joined,
                    "countries_joined": y.countries_joined,
                    "left": y.left,
                    "countries_left": y.countries_left,
                    "members": y.participants,
                    "countries": y.countries,
                }
                for y in self.years
            },
            "gaps": list(self.gaps),
        }
        return data


def programme_title(programme: str) -> str:
    """``ILRS``, ``Artemis Accords``, or the slug (the registry's answer; commands/pictures.py asks here)."""
    return programmes.title(programme)


def flatten(record: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """A nested object as ``(dotted.key, value)`` pairs; list items are numbered from 1."""
    pairs: list[tuple[str, Any]] = []
    items = record.items() if isinstance(record, dict) else enumerate(record, start=1)
    for key, value in items:
        name = f"{prefix}{key}"
        if isinstance(value, dict | list):
            pairs += flatten(value, f"{name}.")  # type: ignore[arg-type]
        else:
            pairs.append((name, value))
    return pairs


def compute(ledger: Ledger, as_of: PartialDate | None = None) -> Stats:
    """Count the ledger as it stood at the end of ``as_of`` (the whole ledger when None)."""
    by_kind = {k: dict.fromkeys(Status, 0) for k in Kind}
    present: list[Participant] = select(ledger, Filters(statuses=(), as_of=as_of))  # statuses as they stood
    for participant in present:
        by_kind[participant.kind][participant.status] += 1
    undated = 0 if as_of is not None else sum(p.joined is None for p in ledger.participants)
    years = timeline.summarise(ledger, timeline.EventFilters(until=as_of), timeline.By.YEAR).periods
    return Stats(ledger.programme, as_of, by_kind, undated, years, ledger.gaps)
