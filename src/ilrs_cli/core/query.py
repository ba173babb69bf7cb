"""Selections of participants: filters, sorting, lookup, and the JSON record of one participant."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Collection, Iterable
from enum import StrEnum
from typing import Any, NamedTuple

from ilrs_cli.core import membership
from ilrs_cli.core.codec import encode_agreement, encode_participant
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.errors import InputError, NotFoundError, Suggestion
from ilrs_cli.core.model import Agreement, Kind, Ledger, Participant, Status
from ilrs_cli.core.text import fold, name_key

# What to do when a name fits nobody and nothing comes close: see every id in the ledger that was asked.
LIST_IDS = Suggestion("list the ids with {}", ("list", "--all", "--fields", "id,name"))


class SortKey(StrEnum):
    """What ``list --sort`` orders by (ties keep the canonical order: joining date, then id)."""

    JOINED = "joined"
    ID = "id"
    NAME = "name"
    KIND = "kind"
    COUNTRY = "country"
    STATUS = "status"


_SORT: dict[SortKey, Callable[[Participant], Any]] = {
    SortKey.ID: lambda p: p.id,
    SortKey.NAME: lambda p: name_key(p.name),
    SortKey.KIND: lambda p: list(Kind).index(p.kind),
    SortKey.COUNTRY: lambda p: (p.country == "", p.country),
    SortKey.STATUS: lambda p: list(Status).index(p.status),
}


def sort_key(text: str) -> SortKey:
    """The sort key ``--sort`` names; InputError naming the choices otherwise."""
    try:
        return SortKey(text.strip().lower())  # any case, as --kind and --color
    except ValueError:
        raise InputError(f"cannot sort by '{text}' (choose from: {', '.join(SortKey)})") from None


class Filters(NamedTuple):
    """What ``list`` (and friends) select; empty collections mean "any".

    Membership is ``membership``'s answer: ``as_of`` keeps who was in at the end of that date, ``since``
    and ``until`` who joined in that window, and statuses are those at the end of ``as_of`` (else of
    ``until``), so ``--as-of D`` and ``--until D`` agree.
    """

    kinds: Collection[Kind] = ()
    statuses: Collection[Status] = (Status.MEMBER,)  # empty: every status
    countries: Collection[str] = ()
    as_of: PartialDate | None = None
    since: PartialDate | None = None
    until: PartialDate | None = None
    ids: Collection[str] = ()
    search: str = ""  # folded (core.text.fold): found in the id, name or any notes

    @property
    def day(self) -> _dt.date | None:
        """The day whose end statuses are taken at (None: today's statuses)."""
        moment = self.as_of or self.until
        return None if moment is None else moment.end

    def matches(self, participant: Participant) -> bool:
        """True when the participant passes every filter."""
        if self.kinds and participant.kind not in self.kinds:
            return False
        if self.countries and participant.country not in self.countries:
            return False
        if self.ids and participant.id not in self.ids:
            return False
        if self.search and not mentions(participant, self.search):
            return False
        if self.statuses and membership.status_at(participant, self.day) not in self.statuses:
            return False
        if self.as_of is not None and not membership.joined_by(participant, self.as_of.end):
            return False
        window = membership.Window.of(self.since, self.until)
        return window.unbounded or membership.joined_within(participant, window)


def mentions(participant: Participant, folded: str) -> bool:
    """True when ``folded`` (folded already) is in the participant's id, name, notes or agreement notes."""
    texts = (participant.id, participant.name, participant.notes, *(a.notes for a in participant.agreements))
    return any(folded in fold(text) for text in texts if text)


def select(ledger: Ledger, filters: Filters, sort: SortKey = SortKey.JOINED) -> list[Participant]:
    """Participants passing ``filters`` as they stood on its day, sorted by ``sort`` (ties: joining order)."""
    day = filters.day
    chosen = [membership.as_it_stood(p, day) for p in ledger.participants if filters.matches(p)]
    chosen.sort(key=membership.order)
    return chosen if sort is SortKey.JOINED else sorted(chosen, key=_SORT[sort])


class AgreementLine(NamedTuple):
    """One agreement of a participant, with its number as ``show`` counts them (from 1, in date order)."""

    participant: Participant
    number: int  # 0 with no agreement
    agreement: Agreement | None  # None: the one line of a participant that has no agreement (show)


def agreement_lines(participant: Participant) -> list[AgreementLine]:
    """The participant's agreements, numbered from 1 in date order."""
    return [AgreementLine(participant, n, a) for n, a in enumerate(participant.agreements, start=1)]


def find(ledger: Ledger, wanted: str) -> Participant:
    """Find a participant by id, by name (case, width and spacing ignored), or by a unique start of either."""
    by_id = ledger.by_id()
    if wanted in by_id:
        return by_id[wanted]
    key = name_key(wanted)
    for participant in ledger.participants:
        if name_key(participant.name) == key or participant.id == key:
            return participant
    prefix = fold(wanted)
    same = [p for p in ledger.participants if prefix and fold(p.name) == prefix]
    if len(same) == 1:  # the whole name, accents aside: not the start of a longer one (Panamá, Panamá Centre)
        return same[0]
    starting = [
        p for p in ledger.participants if prefix and (p.id.startswith(prefix) or fold(p.name).startswith(prefix))
    ]
    if len(starting) == 1:
        return starting[0]
    if starting:
        more = f" and {len(starting) - 10} more" if len(starting) > 10 else ""
        shown = ", ".join(p.id for p in starting[:10]) + more
        raise NotFoundError(f"'{wanted}' is the start of {len(starting)} participants: {shown}", hint="type more of it")
    import difflib  # only on the error path

    candidates = {p.id: p for p in ledger.participants}
    names = {name_key(p.name): p.id for p in ledger.participants}
    close = difflib.get_close_matches(key, list(candidates) + list(names), n=3, cutoff=0.5)
    suggestions = list(dict.fromkeys(names.get(c, c) for c in close))
    hint = f"did you mean: {', '.join(suggestions)}?" if suggestions else LIST_IDS
    raise NotFoundError(f"no participant with id or name '{wanted}'", hint=hint)


def resolve_ids(ledger: Ledger, wanted: Iterable[str]) -> tuple[str, ...]:
    """The ids ``--id`` values name, each found as ``show`` finds one (an id, a name or a unique start).

    A value that names no participant, or the start of several, is an error naming the option: a typo
    must not pass for an empty answer.
    """
    ids: list[str] = []
    for value in wanted:
        try:
            ids.append(find(ledger, value).id)
        except NotFoundError as exc:
            raise NotFoundError(f"--id: {exc.message}", hint=exc.hint) from None
    return tuple(dict.fromkeys(ids))


def agreement_record(agreement: Agreement) -> dict[str, Any]:
    """An agreement as a JSON-ready object: its ledger table (unknown values left out)."""
    return encode_agreement(agreement)


def participant_record(participant: Participant) -> dict[str, Any]:
    """Everything about a participant as a JSON-ready object (``ilrs show --format json``).

    Its ledger table, with the derived joining date and the date it is in by (``membership``) added, and
    ``agreement`` named ``agreements``.
    """
    table = encode_participant(participant)
    record: dict[str, Any] = {k: table[k] for k in ("id", "name", "kind", "country", "status") if k in table}
    joined = membership.joining(participant)
    if joined is not None:
        record["joined"] = joined.date.iso()
        record["in_by"] = joined.proof.iso()
    record |= {k: table[k] for k in ("withdrawn", "notes") if k in table}
    record["agreements"] = table.get("agreement", [])
    return record
