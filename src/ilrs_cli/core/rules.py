"""The rules ``ilrs check`` applies, each defined once, and the functions that find them; all linear time.

``RULES`` is the registry: a rule's name (for ``--select``/``--ignore``), severity, description and where
it is found. Rules of the ``reading`` stage are found by the codec as it decodes each table, ``identity``
rules by ``identity_problems`` once every participant is decoded (both stop a ledger from loading), each
``content`` rule by its own function (only ``ilrs check`` reports them), and ``layout`` by the store's
canonical renderer. ``ilrs check --list-rules`` and the README's list read this registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import NamedTuple

from ilrs_cli.core.model import Confidence, Ledger, Participant, Status, agreement_numbers
from ilrs_cli.core.text import code_points, mixed_script_words, name_key, odd_letter_words, skeleton


class Severity(StrEnum):
    """Errors stop a ledger from loading; warnings are reported by ``ilrs check --strict``."""

    ERROR = "error"
    WARNING = "warning"


class Stage(StrEnum):
    """Where a rule is found, which says what its problems stop."""

    READING = "reading"  # by the codec, decoding one table: the ledger does not load
    IDENTITY = "identity"  # across participants, by identity_problems: the ledger does not load
    CONTENT = "content"  # by the rule's own function: only `ilrs check` reports it
    LAYOUT = "layout"  # the file's form, by the store: only `ilrs check` reports it


KeyPath = tuple[str | int, ...]  # keys and 0-based array indexes into the parsed data


class Problem(NamedTuple):
    """One thing wrong with a ledger, tied to a participant (by index in the file) and a field."""

    rule: str
    message: str
    entry: int | None = None  # position of the participant in the file (0-based; paths count from 1)
    path: str = ""
    severity: Severity = Severity.ERROR
    line: int | None = None  # set directly when known (a missing `format`); else the store finds it from ``at``
    # Where the problem is in the parsed data: keys and 0-based array indexes, e.g. ("participant", 2,
    # "agreement", 0, "signed"); the store finds that key's line in the file (or its table's, if it is missing).
    at: KeyPath = ()

    def describe(self) -> str:
        """``path: message`` (or just the message when there is no path)."""
        return f"{self.path}: {self.message}" if self.path else self.message


# A content rule's finder: the problems of one participant (its 0-based position in the file, itself).
Finder = Callable[[int, Participant], Iterable[Problem]]


class Rule(NamedTuple):
    """One rule: its name, severity, description, and where (or by what function) it is found."""

    name: str
    severity: Severity
    stage: Stage
    description: str
    find: Finder | None = None  # content rules only

    def problem(
        self, message: str, entry: int | None = None, path: str = "", line: int | None = None, at: KeyPath = ()
    ) -> Problem:
        """A problem found by this rule (with the rule's severity)."""
        return Problem(self.name, message, entry, path, self.severity, line, at)


RULES: dict[str, Rule] = {}  # every rule, in the order --list-rules prints them


def _rule(
    name: str, stage: Stage, description: str, severity: Severity = Severity.ERROR, find: Finder | None = None
) -> Rule:
    rule = RULES[name] = Rule(name, severity, stage, description, find)
    return rule


def where(entry: int, participant: Participant) -> str:
    """How problems name a participant: ``participant[3] (pakistan)``, counted from 1 in file order."""
    return f"participant[{entry + 1}] ({participant.id})"


UNKNOWN_KEY = _rule("unknown-key", Stage.READING, "a key the format does not know (often a typo)")
MISSING_FIELD = _rule("missing-field", Stage.READING, "a required field is missing or empty")
WRONG_TYPE = _rule("wrong-type", Stage.READING, "a value of the wrong TOML type")
INVALID_VALUE = _rule("invalid-value", Stage.READING, "a value outside its vocabulary (kind, status, instrument, ...)")
INVALID_DATE = _rule("invalid-date", Stage.READING, "not YYYY, YYYY-MM or YYYY-MM-DD, or no such day")
INVALID_ID = _rule("invalid-id", Stage.READING, "an id that is not lower-case letters, digits and hyphens")
INVALID_URL = _rule("invalid-url", Stage.READING, "a source that is not an http(s) URL")
UNKNOWN_COUNTRY = _rule("unknown-country", Stage.READING, "not an ISO 3166-1 alpha-2 code")
CONTROL_CHARACTER = _rule("control-character", Stage.READING, "control, bidi or invisible characters in text")
TOO_LONG = _rule("too-long", Stage.READING, "a text longer than the format allows")
ANNOUNCED_BEFORE_SIGNED = _rule("announced-before-signed", Stage.READING, "an announcement dated before the signing")
DUPLICATE_ID = _rule("duplicate-id", Stage.IDENTITY, "two participants with one id")
DUPLICATE_NAME = _rule("duplicate-name", Stage.IDENTITY, "two names equal after case, width and space folding")
CONFUSABLE_NAME = _rule("confusable-name", Stage.IDENTITY, "a name with look-alike letters from another script")


def identity_problems(participants: Iterable[tuple[int, Participant]]) -> list[Problem]:
    """Duplicate ids, names equal after folding, and names that only look alike."""
    problems: list[Problem] = []
    ids: dict[str, Participant] = {}
    keys: dict[str, Participant] = {}
    skeletons: dict[str, Participant] = {}

    def found(rule: Rule, index: int, p: Participant, key: str, message: str) -> None:
        problems.append(rule.problem(message, index, f"{where(index, p)}.{key}", at=("participant", index, key)))

    for index, p in participants:
        if p.id in ids:
            found(DUPLICATE_ID, index, p, "id", f"id '{p.id}' is already used by '{ids[p.id].name}'")
        ids.setdefault(p.id, p)
        key = name_key(p.name)
        if key in keys and keys[key].id != p.id:  # the same name (full-width Ｐａｋｉｓｔａｎ is Pakistan)
            other = keys[key]
            found(DUPLICATE_NAME, index, p, "name", f"name '{p.name}' is the same as '{other.name}' ({other.id})")
            continue
        keys.setdefault(key, p)
        shape = skeleton(key)
        if shape in skeletons and skeletons[shape].id != p.id:  # the most telling: which name it imitates
            other = skeletons[shape]
            message = f"name {code_points(p.name)} looks like '{other.name}' ({other.id})"
            found(CONFUSABLE_NAME, index, p, "name", message)
            continue
        mixed = mixed_script_words(p.name)
        for word in mixed:
            found(CONFUSABLE_NAME, index, p, "name", f"name mixes letters of different scripts: {code_points(word)}")
        odd = [word for word in odd_letter_words(p.name) if word not in mixed]
        for word in odd:
            message = f"name has letters in a look-alike or stacked form: {code_points(word)}"
            found(CONFUSABLE_NAME, index, p, "name", message)
        if not (mixed or odd):  # one problem per name is enough
            skeletons.setdefault(shape, p)
    return problems


def _missing_source(index: int, p: Participant) -> Iterable[Problem]:
    if p.status is Status.MEMBER:
        for j, (agreement, number) in enumerate(zip(p.agreements, agreement_numbers(p.agreements), strict=True)):
            if not agreement.sources:
                path = f"{where(index, p)}.agreement[{number}].sources"
                message = "a member's agreement needs at least one source"
                yield MISSING_SOURCE.problem(message, index, path, at=("participant", index, "agreement", j))


MISSING_SOURCE = _rule("missing-source", Stage.CONTENT, "a member's agreement without a source", find=_missing_source)


def _member_without_agreement(index: int, p: Participant) -> Iterable[Problem]:
    if p.status is Status.MEMBER and p.joined is None:
        path = f"{where(index, p)}.agreement"
        message = "a member needs at least one dated agreement"
        yield MEMBER_WITHOUT_AGREEMENT.problem(message, index, path, at=("participant", index, "agreement"))


MEMBER_WITHOUT_AGREEMENT = _rule(
    "member-without-agreement", Stage.CONTENT, "a member with no dated agreement", find=_member_without_agreement
)


def _low_confidence_member(index: int, p: Participant) -> Iterable[Problem]:
    if p.status is Status.MEMBER and p.agreements and all(a.confidence is Confidence.LOW for a in p.agreements):
        path = f"{where(index, p)}.status"
        message = "member whose every agreement has low confidence"
        yield LOW_CONFIDENCE_MEMBER.problem(message, index, path, at=("participant", index, "status"))


LOW_CONFIDENCE_MEMBER = _rule(
    "low-confidence-member",
    Stage.CONTENT,
    "a member resting only on low-confidence agreements",
    Severity.WARNING,
    find=_low_confidence_member,
)

NOT_CANONICAL = _rule("not-canonical", Stage.LAYOUT, "the file is not in the canonical form `ilrs fmt` writes")


def content_problems(participants: Iterable[tuple[int, Participant]]) -> list[Problem]:
    """Every content rule's problems, participant by participant (the file's order)."""
    finders = [r.find for r in RULES.values() if r.find is not None]
    return [problem for index, p in participants for find in finders for problem in find(index, p)]


def errors_a_change_adds(old: Ledger, new: Ledger) -> list[Problem]:
    """The content errors of the participants a change touched: a write must not leave what `ilrs check`
    would refuse (removing a member's last dated agreement, making an undated participant a member)."""
    before = old.by_id()
    place = {p.id: i for i, p in enumerate(old.participants)}  # messages name the place in the file as it is
    touched = [(place.get(p.id, i), p) for i, p in enumerate(new.participants) if before.get(p.id) != p]
    return [problem for problem in content_problems(touched) if problem.severity is Severity.ERROR]
