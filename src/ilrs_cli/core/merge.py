"""Three-way merge of ledgers by participant id and field (the git merge driver's logic; pure).

Participants are matched by id. A field takes the side that changed it; both sides changing it the same
way is no conflict; two different changes, or one side removing what the other changed, is. Lists of
sources and signatories merge item by item (additions from both sides are kept). The ledger's own keys
merge the same way: ``programme`` as a field, ``gaps`` item by item.

Agreements have no id. An agreement's identity is its instrument, counterpart and date (signed, else
announced). Between the base and each side, agreements are paired: equal ones first, then the same identity,
then, for an agreement whose identity changed in one part only (a corrected date, a reworded counterpart,
a corrected instrument), the one candidate that shares the other two parts. An agreement of the base with
no partner on a side was removed there; one on a side with no partner in the base was added. Agreements
added on both sides are one agreement when equal or of one identity (their fields then merge with no base).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from ilrs_cli.core.codec import decode, encode, encode_agreement, encode_participant
from ilrs_cli.core.model import Agreement, Ledger, Participant
from ilrs_cli.core.rules import Severity, content_problems

PARTICIPANT_FIELDS = ("name", "kind", "country", "status", "withdrawn", "notes")
AGREEMENT_FIELDS = Agreement._fields
LIST_FIELDS = ("signatories", "sources")
LEDGER_FIELDS = ("programme", "gaps")
_ABSENT = object()  # the base value of a field when there is no base (added on both sides)


class Conflict(NamedTuple):
    """A true conflict: one participant's field (or agreement, or the participant) changed two ways."""

    pid: str
    name: str
    what: str  # a field, "participant", "agreement (DATE INSTRUMENT, COUNTERPART)" or that and ".field"
    ours: str
    theirs: str
    base: str = ""

    def describe(self) -> str:
        """``pakistan (Pakistan) status: ours 'member', theirs 'withdrawn' (base 'claimed')``."""
        was = f" (base {_quoted(self.base)})" if self.base else ""
        who = f"{self.pid} ({self.name}) " if self.pid else ""  # no id: the ledger's own key (programme)
        return f"{who}{self.what}: ours {_quoted(self.ours)}, theirs {_quoted(self.theirs)}{was}"


def _quoted(value: str) -> str:
    """A value in quotes; ``(removed)`` and ``(changed: ...)`` are words about a value, not values."""
    return value if value.startswith("(") and value.endswith(")") else repr(value)


class Merged(NamedTuple):
    """The merge with each conflict settled our way, and their way (the same ledger when there is none)."""

    ours: Ledger
    theirs: Ledger
    conflicts: tuple[Conflict, ...]
    problems: tuple[str, ...] = ()  # the clean merge would not pass `ilrs check` for a reason neither side had


def _shown(table: dict[str, Any], key: str) -> str:
    value = table.get(key, "")
    return ", ".join(value) if isinstance(value, list) else str(value)


def _merge_list(base: object, ours: tuple[str, ...], theirs: tuple[str, ...]) -> tuple[str, ...]:
    """Items kept by both sides, then each side's additions (never a conflict)."""
    before: tuple[str, ...] = base if isinstance(base, tuple) else ()
    kept = [x for x in before if x in ours and x in theirs]
    added = [x for x in (*ours, *theirs) if x not in before]
    return tuple(dict.fromkeys([*kept, *added]))


def _merge_fields(
    base: Any, ours: Any, theirs: Any, fields: Sequence[str], lists: Sequence[str] = ()
) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """Field by field, the side that changed wins: our settlement, theirs, and the fields changed two ways."""
    mine: dict[str, Any] = {}
    yours: dict[str, Any] = {}
    clashes = []
    for field in fields:
        b = getattr(base, field) if base is not None else _ABSENT
        o, t = getattr(ours, field), getattr(theirs, field)
        if o == t or t == b:
            value = o
        elif o == b:
            value = t
        elif field in lists:
            value = _merge_list(b, o, t)
        else:
            mine[field], yours[field] = o, t
            clashes.append(field)
            continue
        mine[field] = yours[field] = value
    return mine, yours, clashes


def identity(agreement: Agreement) -> tuple[str, str, str]:
    """What makes an agreement the same one across versions: instrument, counterpart, date."""
    date = agreement.date.iso() if agreement.date is not None else ""
    return agreement.instrument.value, agreement.counterpart, date


def _near(a: Agreement, b: Agreement) -> bool:
    """Identities that differ in exactly one part."""
    return sum(x == y for x, y in zip(identity(a), identity(b), strict=True)) == 2


def _pair(base: Sequence[Agreement], side: Sequence[Agreement]) -> dict[int, int]:
    """Base index -> side index for the agreements that are the same one on both."""
    pairs: dict[int, int] = {}
    rules: tuple[Callable[[Agreement, Agreement], bool], ...] = (
        lambda a, b: a == b,
        lambda a, b: identity(a) == identity(b),
    )
    for same in rules:
        for i, a in enumerate(base):
            if i in pairs:
                continue
            j = next((j for j, b in enumerate(side) if j not in pairs.values() and same(a, b)), None)
            if j is not None:
                pairs[i] = j
    free_base = [i for i in range(len(base)) if i not in pairs]
    free_side = [j for j in range(len(side)) if j not in pairs.values()]
    for i in free_base:
        mine = [j for j in free_side if _near(base[i], side[j])]
        if len(mine) == 1 and [k for k in free_base if _near(base[k], side[mine[0]])] == [i]:
            pairs[i] = mine[0]
    return pairs


def _describe(agreement: Agreement) -> str:
    instrument, counterpart, date = identity(agreement)
    return f"agreement ({' '.join(x for x in (date, instrument) if x)}{', ' + counterpart if counterpart else ''})"


def _merge_agreements(
    p: Participant,
    base: Sequence[Agreement] | None,
    ours: Sequence[Agreement],
    theirs: Sequence[Agreement],
) -> tuple[list[Agreement], list[Agreement], list[Conflict]]:
    """Both settlements of a participant's agreements (in our order, then theirs), and the conflicts.

    ``base`` is None when both sides added the participant: each side's agreements are then its whole first
    record, so an agreement only one side has is a conflict (the participant was added differently), not an
    addition to keep.
    """
    new = base is None
    base = base or ()
    if list(ours) == list(theirs) or (not new and list(ours) == list(base)):
        return list(theirs), list(theirs), []  # only they changed them (or both alike): theirs, order and all
    if not new and list(theirs) == list(base):
        return list(ours), list(ours), []
    to_ours, to_theirs = _pair(base, ours), _pair(base, theirs)
    from_ours = {j: i for i, j in to_ours.items()}
    added_theirs = [a for j, a in enumerate(theirs) if j not in to_theirs.values()]
    mine: list[Agreement] = []
    yours: list[Agreement] = []
    conflicts: list[Conflict] = []

    def settle(b: Agreement | None, o: Agreement, t: Agreement) -> None:
        o2, t2, clashes = _merge_fields(b, o, t, AGREEMENT_FIELDS, LIST_FIELDS)
        mine.append(o._replace(**o2))
        yours.append(t._replace(**t2))
        tables = [encode_agreement(x) if x is not None else {} for x in (o, t, b)]
        label = _describe(b or o)
        conflicts.extend(Conflict(p.id, p.name, f"{label}.{f}", *(_shown(x, f) for x in tables)) for f in clashes)

    for j, o in enumerate(ours):
        i = from_ours.get(j)
        if i is None:  # added on our side: the same agreement may have been added on theirs too
            t = next((t for t in added_theirs if t == o), None) or next(
                (t for t in added_theirs if identity(t) == identity(o)), None
            )
            if t is None:
                mine.append(o)
                if new:  # the participant added on both sides, this agreement on ours only
                    conflicts.append(Conflict(p.id, p.name, _describe(o), "(added)", "(not added)"))
                else:
                    yours.append(o)
            else:
                added_theirs.remove(t)
                settle(None, o, t)
        elif i in to_theirs:
            settle(base[i], o, theirs[to_theirs[i]])
        elif o != base[i]:  # we changed it, they removed it
            mine.append(o)
            change = _what_changed(encode_agreement(base[i]), encode_agreement(o), AGREEMENT_FIELDS)
            conflicts.append(Conflict(p.id, p.name, _describe(base[i]), change, "(removed)"))
    for i, b in enumerate(base):
        t = theirs[to_theirs[i]] if i in to_theirs else None
        if i not in to_ours and t is not None and t != b:  # we removed it, they changed it
            yours.append(t)
            change = _what_changed(encode_agreement(b), encode_agreement(t), AGREEMENT_FIELDS)
            conflicts.append(Conflict(p.id, p.name, _describe(b), "(removed)", change))
    if new:
        conflicts += [Conflict(p.id, p.name, _describe(t), "(not added)", "(added)") for t in added_theirs]
        return mine, yours + added_theirs, conflicts
    return mine + added_theirs, yours + added_theirs, conflicts


def _merge_participant(
    base: Participant | None, ours: Participant, theirs: Participant
) -> tuple[Participant, Participant, list[Conflict]]:
    if ours in (base, theirs):
        return theirs, theirs, []
    if theirs == base:
        return ours, ours, []
    o, t, clashes = _merge_fields(base, ours, theirs, PARTICIPANT_FIELDS)
    before = encode_participant(base) if base is not None else {}
    ours_table, theirs_table = encode_participant(ours), encode_participant(theirs)
    conflicts = [
        Conflict(
            ours.id,
            ours.name,
            field,
            _shown(ours_table, field),
            _shown(theirs_table, field),
            _shown(before, field),
        )
        for field in clashes
    ]
    mine, yours, more = _merge_agreements(
        ours, base.agreements if base is not None else None, ours.agreements, theirs.agreements
    )
    settled = (ours._replace(**o, agreements=tuple(mine)), theirs._replace(**t, agreements=tuple(yours)))
    return *settled, conflicts + more


def _what_changed(before: dict[str, Any], after: dict[str, Any], fields: Sequence[str]) -> str:
    """``(changed: notes 'Still here.', agreements)``: each changed field with its new value (agreements by name)."""
    parts = []
    for key in fields:
        if before.get(key) == after.get(key):
            continue
        if key == "agreement":
            parts.append("agreements")
        else:
            parts.append(f"{key} {_shown(after, key)!r}" if key in after else f"{key} (cleared)")
    return f"(changed: {', '.join(parts)})"


def merge(base: Ledger, ours: Ledger, theirs: Ledger) -> Merged:
    """Merge ``ours`` and ``theirs``, both descended from ``base``."""
    old, mine, yours = base.by_id(), ours.by_id(), theirs.by_id()
    settled_ours: list[Participant] = []
    settled_theirs: list[Participant] = []
    conflicts: list[Conflict] = []
    for pid in dict.fromkeys([*old, *mine, *yours]):
        b, o, t = old.get(pid), mine.get(pid), yours.get(pid)
        if o is not None and t is not None:
            o2, t2, found = _merge_participant(b, o, t)
            settled_ours.append(o2)
            settled_theirs.append(t2)
            conflicts += found
            continue
        kept = o or t
        if kept is None or kept == b:
            continue  # removed on both sides, or on one side and untouched on the other
        if b is None:  # added on one side only
            settled_ours.append(kept)
            settled_theirs.append(kept)
            continue
        change = _what_changed(encode_participant(b), encode_participant(kept), (*PARTICIPANT_FIELDS, "agreement"))
        conflicts.append(
            Conflict(pid, kept.name, "participant", change if o else "(removed)", change if t else "(removed)")
        )
        (settled_ours if o else settled_theirs).append(kept)
    top_ours, top_theirs, clashes = _merge_fields(base, ours, theirs, LEDGER_FIELDS, ("gaps",))
    conflicts += [Conflict("", "", f, getattr(ours, f), getattr(theirs, f), getattr(base, f)) for f in clashes]
    merged = Merged(
        Ledger(tuple(settled_ours), **top_ours).normalised(),
        Ledger(tuple(settled_theirs), **top_theirs).normalised(),
        (),
    )
    if conflicts:
        return merged._replace(conflicts=tuple(conflicts))
    return merged._replace(problems=tuple(_new_problems(merged.ours, ours, theirs)))


def _problem_keys(ledger: Ledger) -> tuple[list[tuple[str, str, str]], set[tuple[str, str]]]:
    """Every error ``ilrs check`` would report (rule, participant id, text), and their (rule, id) keys."""
    ledger = ledger.normalised()  # the order encode() writes, which problems' entries count in
    decoded = decode(encode(ledger))
    entries = list(enumerate(ledger.participants))
    found = [
        (p.rule, ledger.participants[p.entry].id if p.entry is not None else "", p.describe())
        for p in [*decoded.problems, *content_problems(entries)]
        if p.severity is Severity.ERROR
    ]
    return found, {(rule, pid) for rule, pid, _ in found}


def _new_problems(merged: Ledger, ours: Ledger, theirs: Ledger) -> list[str]:
    """Problems of the merge that neither side had (two valid sides can still merge into an invalid whole)."""
    found, _ = _problem_keys(merged)
    known = _problem_keys(ours)[1] | _problem_keys(theirs)[1]
    return [text for rule, pid, text in found if (rule, pid) not in known]


_ID_LINE = re.compile(r'(?m)^id = "([^"]*)"$')


def _blocks(text: str) -> tuple[str, dict[str, str]]:
    """The preamble, and each participant's canonical block by id (each ending in one newline)."""
    preamble, *pieces = re.split(r"(?m)^(?=\[\[participant\]\]$)", text)
    blocks: dict[str, str] = {}
    for piece in pieces:
        found = _ID_LINE.search(piece)
        blocks[found.group(1) if found else f"#{len(blocks)}"] = piece.rstrip("\n") + "\n"
    return preamble, blocks


def _hunk(ours: list[str], theirs: list[str], size: int, labels: tuple[str, str]) -> list[str]:
    return [f"{'<' * size} {labels[0]}\n", *ours, f"{'=' * size}\n", *theirs, f"{'>' * size} {labels[1]}\n"]


def _marked_lines(ours: str, theirs: str, size: int, labels: tuple[str, str]) -> list[str]:
    a, b = ours.splitlines(keepends=True), theirs.splitlines(keepends=True)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        out += a[i1:i2] if tag == "equal" else _hunk(a[i1:i2], b[j1:j2], size, labels)
    return out


def marked(ours: str, theirs: str, size: int = 7, labels: tuple[str, str] = ("ours", "theirs")) -> str:
    """One text with git-style conflict markers where the two canonical texts ``ours`` and ``theirs`` differ.

    Participants are matched by id, in our order: within a participant both sides have, only the differing
    lines are marked; a participant only one side has is one hunk from its header to its end (their own
    participants come after the participant that precedes them on their side). Keeping every "ours" side
    gives back ``ours`` exactly.
    """
    preamble, mine = _blocks(ours)
    their_preamble, yours = _blocks(theirs)
    only_theirs: dict[str | None, list[str]] = {}
    previous: str | None = None
    for pid in yours:
        if pid in mine:
            previous = pid
        else:
            only_theirs.setdefault(previous, []).append(pid)
    out: list[str] = _marked_lines(preamble, their_preamble, size, labels)  # programme and gaps
    # Blocks are separated by one blank line, written before each of our blocks but the first, so that
    # keeping every "ours" side gives ``ours`` exactly; their own blocks carry the separator on the side
    # away from our first block.
    started = False

    def theirs_after(pid: str | None) -> None:
        for other in only_theirs.get(pid, []):
            text = "\n" + yours[other] if started else yours[other] + "\n"
            out.extend(_hunk([], text.splitlines(keepends=True), size, labels))

    theirs_after(None)
    for pid in mine:
        gap = "\n" if started else ""
        started = True
        if pid in yours:
            out += _marked_lines(gap + mine[pid], gap + yours[pid], size, labels)
        else:
            out += _hunk((gap + mine[pid]).splitlines(keepends=True), [], size, labels)
        theirs_after(pid)
    return "".join(out)
