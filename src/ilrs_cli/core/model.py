"""The ledger's values: participants, their agreements, and the closed vocabularies."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import NamedTuple

from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.programmes import DEFAULT_PROGRAMME

# A field value in an output record; formatting (ISO or friendly) is the output layer's job.
# A tuple is a multi-valued field (sources, signatories): an array in JSON, joined in flat formats;
# a bool is a flag: true/false in JSON, yes/no elsewhere.
Value = str | int | PartialDate | tuple[str, ...] | None


class Kind(StrEnum):
    """What sort of party a participant is."""

    STATE = "state"
    ORGANIZATION = "organization"
    INSTITUTION = "institution"
    COMPANY = "company"


class Status(StrEnum):
    """Where a participant stands; only ``member`` rests on a confirmed signed instrument."""

    MEMBER = "member"
    CLAIMED = "claimed"
    APPLICANT = "applicant"
    DISPUTED = "disputed"
    WITHDRAWN = "withdrawn"


class Instrument(StrEnum):
    """The type of a signed document."""

    MOU = "mou"
    JOINT_STATEMENT = "joint-statement"
    AGREEMENT = "agreement"
    INTERGOVERNMENTAL_AGREEMENT = "intergovernmental-agreement"
    LETTER_OF_INTENT = "letter-of-intent"
    OTHER = "other"


class Confidence(StrEnum):
    """How well the sources establish an agreement."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Agreement(NamedTuple):
    """One dated instrument: signed on one day, announced on another, either may be unknown."""

    instrument: Instrument = Instrument.OTHER
    counterpart: str = ""
    signing_body: str = ""
    signed: PartialDate | None = None
    announced: PartialDate | None = None
    place: str = ""
    signatories: tuple[str, ...] = ()
    confidence: Confidence = Confidence.MEDIUM
    sources: tuple[str, ...] = ()
    notes: str = ""

    @property
    def date(self) -> PartialDate | None:
        """The agreement's date: signed if known, else announced."""
        return self.signed if self.signed is not None else self.announced


def _agreement_order(agreement: Agreement) -> tuple[int, PartialDate]:
    date = agreement.date
    return (0, date) if date is not None else (1, PartialDate(1))


def agreement_numbers(agreements: Sequence[Agreement]) -> list[int]:
    """Each agreement's number as ``show`` and the editing commands count them (from 1, in date order),
    listed in the order given (a file's): check and load errors name agreements by it too."""
    numbers = [0] * len(agreements)
    for number, j in enumerate(sorted(range(len(agreements)), key=lambda j: _agreement_order(agreements[j])), 1):
        numbers[j] = number
    return numbers


class Participant(NamedTuple):
    """A country, organisation, institution or company and the instruments it signed."""

    id: str
    name: str
    kind: Kind
    status: Status = Status.MEMBER
    country: str = ""
    withdrawn: PartialDate | None = None
    notes: str = ""
    agreements: tuple[Agreement, ...] = ()

    @property
    def joined(self) -> PartialDate | None:
        """The joining date: the earliest agreement date (signed, else announced)."""
        dates = [a.date for a in self.agreements if a.date is not None]
        return min(dates) if dates else None

    @property
    def first_agreement(self) -> Agreement | None:
        """The agreement that dates the joining (the first in date order)."""
        return self.agreements[0] if self.agreements else None

    def sorted_agreements(self) -> tuple[Agreement, ...]:
        """Agreements in date order; undated ones last, in their stored order."""
        return tuple(sorted(self.agreements, key=_agreement_order))

    def normalised_agreements(self) -> Participant:
        """The participant with its agreements in date order."""
        if len(self.agreements) < 2:  # most participants: nothing to order (a tenth of a 10k first read's sort)
            return self
        ordered = self.sorted_agreements()
        return self if ordered == self.agreements else self._replace(agreements=ordered)


def participant_order(participant: Participant) -> tuple[int, PartialDate, str]:
    """Canonical order: by joining date, then id; participants with no date last."""
    joined = participant.joined
    if joined is None:
        return (1, PartialDate(1), participant.id)
    return (0, joined, participant.id)


class Ledger(NamedTuple):
    """All participants of one programme, in canonical order once normalised, and the record's known gaps."""

    participants: tuple[Participant, ...] = ()
    programme: str = DEFAULT_PROGRAMME
    gaps: tuple[str, ...] = ()

    def normalised(self) -> Ledger:
        """Return the ledger with agreements in date order and participants in canonical order."""
        people = [p.normalised_agreements() for p in self.participants]
        people.sort(key=participant_order)
        return self._replace(participants=tuple(people))

    def by_id(self) -> dict[str, Participant]:
        """Map ids to participants."""
        return {p.id: p for p in self.participants}
