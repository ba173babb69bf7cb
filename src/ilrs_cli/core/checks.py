"""``ilrs check``: every problem with a ledger, as rule-named findings (pure: text and data in).

The rules themselves (names, severities, descriptions, finders) are registered in ``rules.RULES``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import NamedTuple

from ilrs_cli.core.codec import Decoded
from ilrs_cli.core.errors import InputError
from ilrs_cli.core.rules import NOT_CANONICAL, RULES, KeyPath, Problem, Severity, content_problems
from ilrs_cli.core.text import visible


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
    line_of: Callable[[KeyPath], int | None],
    canonical_line: int | None,
    *,
    select: Collection[str] = (),
    ignore: Collection[str] = (),
    strict: bool = False,
) -> list[Finding]:
    """All findings for one ledger, sorted by line, filtered by rule and severity.

    ``line_of`` gives the file's line of a place in the parsed data (the store's lexer knows it).
    """
    problems: list[Problem] = [*decoded.problems, *content_problems(decoded.entries)]
    found = []
    for problem in problems:
        line = problem.line or line_of(problem.at) or 1
        found.append(Finding(name, line, problem.rule, problem.severity, problem.describe()))
    if canonical_line is not None:
        found.append(
            Finding(
                name,
                canonical_line,
                NOT_CANONICAL.name,
                NOT_CANONICAL.severity,
                "not in canonical form (run `ilrs fmt`)",
            )
        )
    kept = [
        f
        for f in found
        if (not select or f.rule in select) and f.rule not in ignore and (strict or f.severity is Severity.ERROR)
    ]
    return sorted(kept, key=lambda f: (f.line, f.rule))


def rule_names(values: Collection[str], flag: str) -> set[str]:
    """The rules named by ``--select``/``--ignore`` values (comma-separated); InputError for an unknown one."""
    names = {name.strip() for value in values for name in value.split(",") if name.strip()}
    if any(not value.replace(",", "").strip() for value in values):  # `--select=` would mean every rule
        raise InputError(f"{flag}: no rule named", hint=f"rules: {', '.join(RULES)}")
    for name in sorted(names):
        if name not in RULES:
            raise InputError(f"{flag}: unknown rule '{name}'", hint=f"rules: {', '.join(RULES)}")
    return names
