"""Selections of participants: filters, status as of a date, sorting, lookup, and their fields."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any, NamedTuple

from ilrs_cli.core.codec import encode_agreement, encode_participant
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.errors import InputError, NotFoundError
from ilrs_cli.core.model import Agreement, Kind, Ledger, Participant, Status, Value, participant_order
from ilrs_cli.core.text import name_key

# Stable column order of `ilrs list` in machine formats; new columns are only ever appended.
LIST_FIELDS = (
    "id",
    "name",
    "kind",
    "country",
    "status",
    "joined",
    "announced",
    "instrument",
    "counterpart",
    "signing_body",
    "agreements",
    "confidence",
    "withdrawn",
    "source",
)
TABLE_FIELDS = ("name", "kind", "country", "status", "joined", "instrument", "counterpart")
SORT_KEYS = ("joined", "id", "name", "kind", "country", "status")


def status_at(participant: Participant, as_of: PartialDate | None) -> Status:
    """The status as it stood at the end of ``as_of``: a later withdrawal has not happened yet."""
    if (
        as_of is not None
        and participant.status is Status.WITHDRAWN
        and participant.withdrawn is not None
        and not participant.withdrawn.known_by(as_of)
    ):
        return Status.MEMBER
    return participant.status


class Filters(NamedTuple):
    """What ``list`` (and friends) select; empty collections mean "any"."""

    kinds: Collection[Kind] = ()
    statuses: Collection[Status] = (Status.MEMBER,)  # empty: every status
    countries: Collection[str] = ()
    as_of: PartialDate | None = None
    since: PartialDate | None = None
    until: PartialDate | None = None

    def matches(self, participant: Participant) -> bool:
        """True when the participant passes every filter."""
        if self.kinds and participant.kind not in self.kinds:
            return False
        if self.countries and participant.country not in self.countries:
            return False
        if self.statuses and status_at(participant, self.as_of) not in self.statuses:
            return False
        joined = participant.joined
        if self.as_of is not None and (joined is None or not joined.known_by(self.as_of)):
            return False
        window = self.since is not None or self.until is not None
        return not window or (joined is not None and joined.within(self.since, self.until))


def select(ledger: Ledger, filters: Filters, sort: str = "joined") -> list[Participant]:
    """Participants passing ``filters``, sorted by ``sort`` (ties broken by canonical order)."""
    chosen = [p for p in ledger.participants if filters.matches(p)]
    if sort == "joined":
        return sorted(chosen, key=participant_order)
    if sort not in SORT_KEYS:
        raise InputError(f"cannot sort by '{sort}' (choose from: {', '.join(SORT_KEYS)})")
    chosen.sort(key=participant_order)
    key: Callable[[Participant], Any] = {
        "id": lambda p: p.id,
        "name": lambda p: name_key(p.name),
        "kind": lambda p: list(Kind).index(p.kind),
        "country": lambda p: (p.country == "", p.country),
        "status": lambda p: list(Status).index(p.status),
    }[sort]
    return sorted(chosen, key=key)


def check_fields(fields: Sequence[str], allowed: Sequence[str]) -> list[str]:
    """Validate a --fields list; raise InputError naming the bad one and the choices."""
    for name in fields:
        if name not in allowed:
            raise InputError(f"unknown field '{name}' (choose from: {', '.join(allowed)})")
    return list(fields)


def list_row(participant: Participant, as_of: PartialDate | None = None) -> dict[str, Value]:
    """The participant as one flat record of LIST_FIELDS (values typed; formatting is output's job)."""
    first: Agreement | None = participant.first_agreement
    return {
        "id": participant.id,
        "name": participant.name,
        "kind": participant.kind.value,
        "country": participant.country or None,
        "status": status_at(participant, as_of).value,
        "joined": participant.joined,
        "announced": first.announced if first else None,
        "instrument": first.instrument.value if first else None,
        "counterpart": (first.counterpart or None) if first else None,
        "signing_body": (first.signing_body or None) if first else None,
        "agreements": len(participant.agreements),
        "confidence": first.confidence.value if first else None,
        "withdrawn": participant.withdrawn,
        "source": first.sources[0] if first and first.sources else None,
    }


def find(ledger: Ledger, wanted: str) -> Participant:
    """Find a participant by id, or by name (case, width and spacing ignored)."""
    by_id = ledger.by_id()
    if wanted in by_id:
        return by_id[wanted]
    key = name_key(wanted)
    for participant in ledger.participants:
        if name_key(participant.name) == key or participant.id == key:
            return participant
    import difflib  # only on the error path

    candidates = {p.id: p for p in ledger.participants}
    names = {name_key(p.name): p.id for p in ledger.participants}
    close = difflib.get_close_matches(key, list(candidates) + list(names), n=3, cutoff=0.5)
    suggestions = list(dict.fromkeys(names.get(c, c) for c in close))
    hint = (
        f"did you mean: {', '.join(suggestions)}?"
        if suggestions
        else "list the ids with `ilrs list --all --fields id,name`"
    )
    raise NotFoundError(f"no participant with id or name '{wanted}'", hint=hint)


def agreement_record(agreement: Agreement) -> dict[str, Any]:
    """An agreement as a JSON-ready object: its ledger table (unknown values left out)."""
    return encode_agreement(agreement)


def participant_record(participant: Participant) -> dict[str, Any]:
    """Everything about a participant as a JSON-ready object (``ilrs show --format json``).

    Its ledger table, with the derived joining date added and ``agreement`` named ``agreements``.
    """
    table = encode_participant(participant)
    record: dict[str, Any] = {k: table[k] for k in ("id", "name", "kind", "country", "status") if k in table}
    if participant.joined is not None:
        record["joined"] = participant.joined.iso()
    record |= {k: table[k] for k in ("withdrawn", "notes") if k in table}
    record["agreements"] = table.get("agreement", [])
    return record
