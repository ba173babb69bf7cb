"""Differences between two ledgers (participants matched by id), or one ledger at two dates."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection
from typing import Any, NamedTuple

from ilrs_cli.core import membership
from ilrs_cli.core.codec import AGREEMENT_KEYS
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Agreement, Ledger, Participant, Status
from ilrs_cli.core.query import agreement_record, participant_record

PARTICIPANT_FIELDS = ("name", "kind", "country", "status", "withdrawn", "notes")
AGREEMENT_FIELDS = AGREEMENT_KEYS  # every field of an agreement is compared


class FieldChange(NamedTuple):
    """One field's old and new value, as text ('' for unset)."""

    field: str
    old: str
    new: str


class AgreementChange(NamedTuple):
    """An agreement added (+), removed (-) or changed (~); ``number`` counts from 1 in date order."""

    marker: str
    number: int
    old: Agreement | None
    new: Agreement | None
    fields: tuple[FieldChange, ...] = ()


class ParticipantChange(NamedTuple):
    """A participant added (+), removed (-) or changed (~)."""

    marker: str
    old: Participant | None
    new: Participant | None
    fields: tuple[FieldChange, ...] = ()
    agreements: tuple[AgreementChange, ...] = ()

    @property
    def participant(self) -> Participant:
        """The newest version known."""
        found = self.new or self.old
        assert found is not None
        return found


class LedgerDiff(NamedTuple):
    """All differences, each list in date order; ``ledger``: the ledger's own keys (programme, a gap each)."""

    added: tuple[ParticipantChange, ...] = ()
    removed: tuple[ParticipantChange, ...] = ()
    changed: tuple[ParticipantChange, ...] = ()
    ledger: tuple[FieldChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.ledger)

    def summary(self) -> str:
        """``2 added, 0 removed, 1 changed`` (and ``, programme/gaps changed`` when they did)."""
        top = ", programme/gaps changed" if self.ledger else ""
        return f"{len(self.added)} added, {len(self.removed)} removed, {len(self.changed)} changed{top}"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, tuple):
        return " ".join(str(v) for v in value)
    return str(value)


def _field_changes(old: object, new: object, names: tuple[str, ...]) -> tuple[FieldChange, ...]:
    changes = []
    for name in names:
        before, after = _text(getattr(old, name)), _text(getattr(new, name))
        if before != after:
            changes.append(FieldChange(name, before, after))
    return tuple(changes)


def _agreement_key(agreement: Agreement) -> tuple[str, str]:
    return agreement.instrument.value, _text(agreement.date)


def diff_agreements(old: tuple[Agreement, ...], new: tuple[Agreement, ...]) -> tuple[AgreementChange, ...]:
    """Pair agreements: equal ones first, then same instrument and date, then same date, then by order."""
    unmatched_old = [a for a in old if a not in new]
    unmatched_new = [a for a in new if a not in old]
    pairs: list[tuple[Agreement, Agreement]] = []
    for key in (_agreement_key, lambda a: _text(a.date), lambda a: ""):
        for agreement in list(unmatched_new):
            match = next((o for o in unmatched_old if key(o) == key(agreement)), None)
            if match is not None:
                pairs.append((match, agreement))
                unmatched_old.remove(match)
                unmatched_new.remove(agreement)
    changes = [AgreementChange("~", new.index(b) + 1, a, b, _field_changes(a, b, AGREEMENT_FIELDS)) for a, b in pairs]
    changes += [AgreementChange("+", new.index(b) + 1, None, b) for b in unmatched_new]
    changes += [AgreementChange("-", old.index(a) + 1, a, None) for a in unmatched_old]
    return tuple(sorted(changes, key=lambda c: (c.number, c.marker)))


def _ledger_changes(old: Ledger, new: Ledger) -> tuple[FieldChange, ...]:
    """The programme as a field; gaps one by one (removed ``old -> ''``, added ``'' -> new``)."""
    changes = list(_field_changes(old, new, ("programme",)))
    changes += [FieldChange("gaps", g, "") for g in old.gaps if g not in new.gaps]
    changes += [FieldChange("gaps", "", g) for g in new.gaps if g not in old.gaps]
    return tuple(changes)


def diff_ledgers(old: Ledger, new: Ledger) -> LedgerDiff:
    """What changed from ``old`` to ``new``, matching participants by id."""
    before, after = old.by_id(), new.by_id()
    added = [ParticipantChange("+", None, p) for p in new.participants if p.id not in before]
    removed = [ParticipantChange("-", p, None) for p in old.participants if p.id not in after]
    changed = []
    for p in new.participants:
        previous = before.get(p.id)
        if previous is None or previous == p:
            continue
        fields = _field_changes(previous, p, PARTICIPANT_FIELDS)
        agreements = diff_agreements(previous.agreements, p.agreements)
        if fields or agreements:
            changed.append(ParticipantChange("~", previous, p, fields, agreements))
    ordered = (tuple(sorted(added, key=_by_date)), tuple(sorted(removed, key=_by_date)), tuple(changed))
    return LedgerDiff(*ordered, _ledger_changes(old, new))


def _by_date(change: ParticipantChange) -> membership.JoiningOrder:
    return membership.order(change.participant)


def diff_dates(
    ledger: Ledger, since: PartialDate | None, until: PartialDate | None, statuses: Collection[Status] = ()
) -> LedgerDiff:
    """Membership at the end of the day before ``since`` against membership at the end of ``until``.

    Both sides are ``membership.snapshot``: added participants are exactly those that joined in the window.
    """
    window = membership.Window.of(since, until)
    start, end = window.day_before, window.last or _dt.date.max
    # nothing lies before a window from the beginning (or from 1 January 1): nobody was in yet
    before = Ledger() if start is None else membership.snapshot(ledger, start, statuses)
    after = membership.snapshot(ledger, end, statuses)
    result = diff_ledgers(before, after)
    # in a date window, a change happened on the date of its newest fact
    changed = sorted(result.changed, key=lambda c: (_latest(c), c.participant.id))
    return result._replace(changed=tuple(changed))


def _latest(change: ParticipantChange) -> PartialDate:
    p = change.participant
    dates = [a.date for a in p.agreements if a.date is not None] + ([p.withdrawn] if p.withdrawn else [])
    return max(dates) if dates else PartialDate(1)


class ChangeLine(NamedTuple):
    """One line of a diff for machines: a participant added or removed, a field or an agreement changed."""

    marker: str  # + added, - removed, ~ changed
    id: str
    name: str
    what: str  # participant, a field, agreement[N] or agreement[N].field
    old: str
    new: str


def change_lines(diff: LedgerDiff) -> list[ChangeLine]:
    """One line per change, the ledger's own keys (no id) first; agreements counted from 1 as ``show`` does."""
    lines = [ChangeLine("~" if f.old and f.new else "-" if f.old else "+", "", "", *f) for f in diff.ledger]
    for change in (*diff.added, *diff.removed):
        p = change.participant
        joined = _text(p.joined)
        old, new = (joined, "") if change.marker == "-" else ("", joined)
        lines.append(ChangeLine(change.marker, p.id, p.name, "participant", old, new))
    for change in diff.changed:
        p = change.participant
        lines += [ChangeLine("~", p.id, p.name, f.field, f.old, f.new) for f in change.fields]
        for a in change.agreements:
            where = f"agreement[{a.number}]"
            if a.marker == "~":
                lines += [ChangeLine("~", p.id, p.name, f"{where}.{f.field}", f.old, f.new) for f in a.fields]
                continue
            agreement = a.new or a.old
            assert agreement is not None
            described = f"{_text(agreement.date)} {agreement.instrument}".strip()
            old, new = (described, "") if a.marker == "-" else ("", described)
            lines.append(ChangeLine(a.marker, p.id, p.name, where, old, new))
    return lines


def _fields_json(fields: tuple[FieldChange, ...]) -> dict[str, Any]:
    return {f.field: {"from": f.old or None, "to": f.new or None} for f in fields}


def diff_json(diff: LedgerDiff) -> dict[str, Any]:
    """The diff as ``{"added": [...], "removed": [...], "changed": [...]}``."""
    changed = []
    for change in diff.changed:
        agreements: dict[str, list[Any]] = {"added": [], "removed": [], "changed": []}
        for a in change.agreements:
            if a.marker == "+":
                assert a.new is not None
                agreements["added"].append({"number": a.number, **agreement_record(a.new)})
            elif a.marker == "-":
                assert a.old is not None
                agreements["removed"].append({"number": a.number, **agreement_record(a.old)})
            else:
                agreements["changed"].append({"number": a.number, "fields": _fields_json(a.fields)})
        changed.append(
            {
                "id": change.participant.id,
                "name": change.participant.name,
                "fields": _fields_json(change.fields),
                "agreements": agreements,
            }
        )
    return {
        "added": [participant_record(c.participant) for c in diff.added],
        "removed": [participant_record(c.participant) for c in diff.removed],
        "changed": changed,
        "ledger": [{"field": f.field, "from": f.old or None, "to": f.new or None} for f in diff.ledger],
        "summary": {"added": len(diff.added), "removed": len(diff.removed), "changed": len(diff.changed)},
    }
