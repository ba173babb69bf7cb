"""Pure edits of a ledger: each takes a ledger and returns a new one, or raises InputError.

Input values are validated by the same code that validates a loaded ledger (codec + rules), so
"what may be stored" has one definition; problems are reported with the flag the user typed.
"""

from __future__ import annotations

from typing import Any

from ilrs_cli.core.codec import decode_agreement, decode_participant
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.errors import InputError, NotFoundError, Suggestion
from ilrs_cli.core.model import Agreement, Ledger, Participant, Status
from ilrs_cli.core.query import LIST_IDS, find
from ilrs_cli.core.rules import Problem, identity_problems
from ilrs_cli.core.text import slugify

# Field names in problems -> the command-line flag that sets them.
FLAGS = {
    "id": "--id",
    "name": "NAME",
    "kind": "--kind",
    "country": "--country",
    "status": "--status",
    "withdrawn": "--date",
    "notes": "--note",
    "instrument": "--instrument",
    "counterpart": "--counterpart",
    "signing_body": "--signing-body",
    "signed": "--signed",
    "announced": "--announced",
    "place": "--place",
    "signatories": "--signatory",
    "confidence": "--confidence",
    "sources": "--source",
}
# An agreement's own notes are set by --agreement-note (--note sets the participant's).
AGREEMENT_FLAGS = {**FLAGS, "notes": "--agreement-note"}


def _raise_for(problems: list[Problem], name_flag: str = "NAME") -> None:
    """Raise the first problem, named by the flag that set the field (`ilrs add NAME`, `ilrs edit --name`).

    A name's problem comes before an id's: an id derived from a look-alike name clashes only because of it.
    """
    if problems:
        first = min(problems, key=lambda p: not p.path.endswith(".name"))
        head, _, field = first.path.rpartition(".")
        in_agreement = head.startswith("agreement") or ".agreement" in head
        flag = name_flag if field == "name" else (AGREEMENT_FLAGS if in_agreement else FLAGS).get(field, field)
        raise InputError(f"{flag}: {first.message}")


def build_agreement(values: dict[str, Any]) -> Agreement:
    """Validate agreement fields (as typed) and build the Agreement."""
    problems: list[Problem] = []
    table = {k: v for k, v in values.items() if v not in (None, "", [], ())}
    agreement = decode_agreement(table, "agreement", None, problems)
    _raise_for(problems)
    assert agreement is not None
    if agreement.date is None:
        raise InputError("an agreement needs a date: pass --signed or --announced")
    return agreement


def build_participant(values: dict[str, Any], agreement: Agreement | None) -> Participant:
    """Validate participant fields (as typed) and build the Participant with its first agreement."""
    problems: list[Problem] = []
    table = {k: v for k, v in values.items() if v not in (None, "", [], ())}
    participant = decode_participant(table, 0, problems)
    _raise_for(problems)
    assert participant is not None
    if agreement is not None:
        participant = participant._replace(agreements=(agreement,))
    if participant.status is Status.MEMBER and not any(a.sources for a in participant.agreements):
        raise InputError("--source: a member needs at least one source URL")
    return participant


def new_participant(values: dict[str, Any], agreement: Agreement | None, pid: str | None) -> Participant:
    """A participant to add, from typed values: its id is ``pid`` (--id) or derived from the name."""
    name = str(values.get("name") or "")
    if not name.strip():
        raise InputError("NAME: required field is empty")
    derived = pid or slugify(name)
    if not derived:
        raise InputError(f"cannot derive an id from '{name}'", hint="pass --id SLUG")
    return build_participant({**values, "id": derived}, agreement)


def check_participant_field(ledger: Ledger, values: dict[str, Any], field: str) -> None:
    """Refuse what adding a participant with ``values`` to ``ledger`` would refuse about ``field`` alone
    (a prompt asks one field at a time): its form, and for an id or name, clashes and look-alikes."""
    problems: list[Problem] = []
    table = {k: v for k, v in values.items() if v not in (None, "", [], ())}
    probe = decode_participant(table, len(ledger.participants), problems)
    if probe is not None:
        problems += identity_problems(enumerate((*ledger.participants, probe)))
    _raise_for([p for p in problems if p.path.rsplit(".", 1)[-1] == field])


def check_agreement_field(values: dict[str, Any], field: str) -> None:
    """Refuse what recording an agreement with ``values`` would refuse about ``field`` alone."""
    problems: list[Problem] = []
    decode_agreement({k: v for k, v in values.items() if v not in (None, "", [], ())}, "agreement", None, problems)
    _raise_for([p for p in problems if p.path.rsplit(".", 1)[-1] == field])


def _check_identity(ledger: Ledger, changed: Participant | None, name_flag: str = "--name") -> Ledger:
    """Refuse duplicate and look-alike ids and names, told from the changed participant's side."""
    order = [p for p in ledger.participants if p is not changed] + ([changed] if changed is not None else [])
    _raise_for(identity_problems(enumerate(order)), name_flag)
    return ledger.normalised()


def add_participant(ledger: Ledger, participant: Participant) -> tuple[Ledger, Participant]:
    """Add a new participant; duplicate ids and (look-alike) names are refused."""
    return (
        _check_identity(ledger._replace(participants=(*ledger.participants, participant)), participant, "NAME"),
        participant,
    )


def _replace(ledger: Ledger, pid: str, new: Participant | None) -> Ledger:
    if pid not in ledger.by_id():
        raise NotFoundError(f"no participant with id '{pid}'", hint=LIST_IDS)
    kept = [new if p.id == pid else p for p in ledger.participants]
    return _check_identity(ledger._replace(participants=tuple(p for p in kept if p is not None)), new)


def add_agreement(ledger: Ledger, wanted: str, agreement: Agreement) -> tuple[Ledger, Participant]:
    """Record a further agreement for an existing participant."""
    old = find(ledger, wanted)
    if agreement in old.agreements:
        raise InputError(f"{old.id} already has exactly this agreement")
    new = old._replace(agreements=(*old.agreements, agreement)).normalised_agreements()
    return _replace(ledger, old.id, new), new


def update_participant(ledger: Ledger, wanted: str, changes: dict[str, Any]) -> tuple[Ledger, Participant]:
    """Change participant fields (given as typed text); re-validated as a whole."""
    from ilrs_cli.core.codec import encode_participant

    old = find(ledger, wanted)
    table = encode_participant(old)
    for key, value in changes.items():
        if value == "":
            table.pop(key, None)  # an empty value clears an optional field
        else:
            table[key] = value
    if table.get("status") != Status.WITHDRAWN.value:
        table.pop("withdrawn", None)
    problems: list[Problem] = []
    new = decode_participant(table, 0, problems)
    _raise_for(problems, "--name")
    assert new is not None
    return _replace(ledger, old.id, new), new


def update_agreement(ledger: Ledger, wanted: str, number: int, changes: dict[str, Any]) -> tuple[Ledger, Participant]:
    """Change fields of a participant's agreement number ``number`` (1-based, date order)."""
    from ilrs_cli.core.codec import encode_agreement

    old = find(ledger, wanted)
    agreement = _nth(old, number)
    table = encode_agreement(agreement)
    for key, value in changes.items():
        if value in ("", []):
            table.pop(key, None)
        else:
            table[key] = value
    new_agreement = build_agreement(table)
    agreements = list(old.agreements)
    agreements[number - 1] = new_agreement
    new = old._replace(agreements=tuple(agreements)).normalised_agreements()
    return _replace(ledger, old.id, new), new


def remove_agreement(ledger: Ledger, wanted: str, number: int) -> tuple[Ledger, Participant]:
    """Delete a participant's agreement number ``number`` (1-based, date order)."""
    old = find(ledger, wanted)
    _nth(old, number)
    agreements = old.agreements[: number - 1] + old.agreements[number:]
    new = old._replace(agreements=agreements)
    return _replace(ledger, old.id, new), new


def _nth(participant: Participant, number: int) -> Agreement:
    if not 1 <= number <= len(participant.agreements):
        raise InputError(
            f"{participant.id} has {len(participant.agreements)} agreement(s), counted from 1 in date order; "
            f"there is no agreement {number}",
            hint=Suggestion("see {}", ("show", participant.id)),
        )
    return participant.agreements[number - 1]


def withdraw(ledger: Ledger, wanted: str, date: PartialDate, note: str = "") -> tuple[Ledger, Participant]:
    """Mark a participant withdrawn on ``date``; its agreements (its history) stay."""
    old = find(ledger, wanted)
    if old.status is Status.WITHDRAWN:
        raise InputError(f"{old.id} is already withdrawn (since {old.withdrawn})")
    joined = old.joined
    if joined is not None and date.end < joined.start:
        raise InputError(f"--date: {date.iso()} is before {old.id} joined ({joined.iso()})")
    notes = old.notes
    if note:
        notes = f"{notes}\n{note}".strip() if notes else note
    changes = {"status": Status.WITHDRAWN.value, "withdrawn": date.iso(), "notes": notes}
    return update_participant(ledger, old.id, changes)


def remove_participant(ledger: Ledger, wanted: str) -> tuple[Ledger, Participant]:
    """Delete a participant entered by mistake (a real departure is a withdrawal)."""
    old = find(ledger, wanted)
    return _replace(ledger, old.id, None), old
