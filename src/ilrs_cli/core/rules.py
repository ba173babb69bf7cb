"""Rules across participants (identity) and content checks for ``ilrs check``; all linear time."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple

from ilrs_cli.core.model import Confidence, Participant, Status
from ilrs_cli.core.text import code_points, mixed_script_words, name_key, skeleton


class Severity(StrEnum):
    """Errors stop a ledger from loading; warnings are reported by ``ilrs check --strict``."""

    ERROR = "error"
    WARNING = "warning"


class Problem(NamedTuple):
    """One thing wrong with a ledger, tied to a participant (by index in the file) and a field."""

    rule: str
    message: str
    entry: int | None = None  # position of the participant in the file
    path: str = ""
    severity: Severity = Severity.ERROR
    line: int | None = None  # set directly for syntax errors; else derived from ``index``

    def describe(self) -> str:
        """``path: message`` (or just the message when there is no path)."""
        return f"{self.path}: {self.message}" if self.path else self.message


# Rules whose problems stop a ledger from loading (and a write from happening).
IDENTITY_RULES = ("duplicate-id", "duplicate-name", "confusable-name")
# Content rules only ``ilrs check`` reports; warnings count only with --strict.
CONTENT_RULES = {
    "missing-source": Severity.ERROR,
    "member-without-agreement": Severity.ERROR,
    "low-confidence-member": Severity.WARNING,
}


def identity_problems(participants: Iterable[tuple[int, Participant]]) -> list[Problem]:
    """Duplicate ids, names equal after folding, and names that only look alike."""
    problems: list[Problem] = []
    ids: dict[str, Participant] = {}
    keys: dict[str, Participant] = {}
    skeletons: dict[str, Participant] = {}
    for index, p in participants:
        where = f"participant[{index}] ({p.id})"
        if p.id in ids:
            problems.append(
                Problem("duplicate-id", f"id '{p.id}' is already used by '{ids[p.id].name}'", index, f"{where}.id")
            )
        ids.setdefault(p.id, p)
        mixed = mixed_script_words(p.name)
        for word in mixed:
            problems.append(
                Problem(
                    "confusable-name",
                    f"name mixes letters of different scripts: {code_points(word)}",
                    index,
                    f"{where}.name",
                )
            )
        key = name_key(p.name)
        if key in keys and keys[key].id != p.id:
            other = keys[key]
            problems.append(
                Problem(
                    "duplicate-name",
                    f"name '{p.name}' is the same as '{other.name}' ({other.id})",
                    index,
                    f"{where}.name",
                )
            )
            continue
        keys.setdefault(key, p)
        if mixed:
            continue  # already reported as a look-alike; one problem per name is enough
        shape = skeleton(key)
        if shape in skeletons and skeletons[shape].id != p.id:
            other = skeletons[shape]
            problems.append(
                Problem(
                    "confusable-name",
                    f"name {code_points(p.name)} looks like '{other.name}' ({other.id})",
                    index,
                    f"{where}.name",
                )
            )
        skeletons.setdefault(shape, p)
    return problems


def content_problems(participants: Iterable[tuple[int, Participant]]) -> list[Problem]:
    """Checks of substance: sources for members, a dated instrument, confidence."""
    problems: list[Problem] = []
    for index, p in participants:
        where = f"participant[{index}] ({p.id})"
        if p.status is not Status.MEMBER:
            continue
        if p.joined is None:
            problems.append(
                Problem(
                    "member-without-agreement",
                    "a member needs at least one dated agreement",
                    index,
                    f"{where}.agreement",
                )
            )
        for j, agreement in enumerate(p.agreements):
            if not agreement.sources:
                problems.append(
                    Problem(
                        "missing-source",
                        "a member's agreement needs at least one source",
                        index,
                        f"{where}.agreement[{j}].sources",
                    )
                )
        if p.agreements and all(a.confidence is Confidence.LOW for a in p.agreements):
            problems.append(
                Problem(
                    "low-confidence-member",
                    "member whose every agreement has low confidence",
                    index,
                    f"{where}.status",
                    Severity.WARNING,
                )
            )
    return problems
