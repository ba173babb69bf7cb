"""``ilrs check``: every problem with a ledger, as rule-named findings (pure: text and data in)."""

from __future__ import annotations

from collections.abc import Collection
from typing import NamedTuple

from ilrs_cli.core.codec import Decoded
from ilrs_cli.core.rules import Problem, Severity, content_problems
from ilrs_cli.core.text import visible

# Every rule `ilrs check` can report, for --select/--ignore and the README.
RULES = {
    "unknown-key": "a key the format does not know (often a typo)",
    "missing-field": "a required field is missing or empty",
    "wrong-type": "a value of the wrong TOML type",
    "invalid-value": "a value outside its vocabulary (kind, status, instrument, ...)",
    "invalid-date": "not YYYY, YYYY-MM or YYYY-MM-DD, or no such day",
    "invalid-id": "an id that is not lower-case letters, digits and hyphens",
    "invalid-url": "a source that is not an http(s) URL",
    "unknown-country": "not an ISO 3166-1 alpha-2 code",
    "control-character": "control, bidi or invisible characters in text",
    "too-long": "a text longer than the format allows",
    "announced-before-signed": "an announcement dated before the signing",
    "duplicate-id": "two participants with one id",
    "duplicate-name": "two names equal after case, width and space folding",
    "confusable-name": "a name with look-alike letters from another script",
    "missing-source": "a member's agreement without a source",
    "member-without-agreement": "a member with no dated agreement",
    "low-confidence-member": "a member resting only on low-confidence agreements (warning)",
    "not-canonical": "the file is not in the canonical form `ilrs fmt` writes",
}


class Finding(NamedTuple):
    """One reported problem: where, which rule, what."""

    path: str
    line: int
    rule: str
    severity: Severity
    message: str

    def text(self) -> str:
        """``PATH:LINE: rule: message``, for a terminal (escaped: paths and messages quote stored text)."""
        return visible(f"{self.path}:{self.line}: {self.rule}: {self.message}")


def first_difference(text: str, canonical: str) -> int:
    """The first line (1-based) where ``text`` departs from its canonical form."""
    for number, (a, b) in enumerate(zip(text.splitlines(), canonical.splitlines(), strict=False), start=1):
        if a != b:
            return number
    return min(len(text.splitlines()), len(canonical.splitlines())) + 1


def findings(
    name: str,
    decoded: Decoded,
    participant_lines: list[int],
    canonical_line: int | None,
    *,
    select: Collection[str] = (),
    ignore: Collection[str] = (),
    strict: bool = False,
) -> list[Finding]:
    """All findings for one ledger, sorted by line, filtered by rule and severity."""
    problems: list[Problem] = [*decoded.problems, *content_problems(decoded.entries)]
    found = []
    for problem in problems:
        if problem.line is not None:
            line = problem.line
        elif problem.entry is not None and problem.entry < len(participant_lines):
            line = participant_lines[problem.entry]
        else:
            line = 1
        found.append(Finding(name, line, problem.rule, problem.severity, problem.describe()))
    if canonical_line is not None:
        found.append(
            Finding(
                name,
                canonical_line,
                "not-canonical",
                Severity.ERROR,
                "not in canonical form (run `ilrs fmt`)",
            )
        )
    kept = [
        f
        for f in found
        if (not select or f.rule in select) and f.rule not in ignore and (strict or f.severity is Severity.ERROR)
    ]
    return sorted(kept, key=lambda f: (f.line, f.rule))
