"""core/rules.py and core/checks.py: the registry of rules, the problems each finds, findings for `ilrs check`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT
from core.ledgers import agreement, date, person
from ilrs_cli.core import rules
from ilrs_cli.core.checks import findings, first_difference, rule_names
from ilrs_cli.core.codec import decode
from ilrs_cli.core.errors import InputError
from ilrs_cli.core.model import Confidence, Status
from ilrs_cli.core.rules import RULES, KeyPath, Severity, Stage, content_problems

BAD = Path(__file__).resolve().parents[1] / "bad_ledgers"


def test_the_registry_names_every_rule_once_in_a_stable_order() -> None:
    assert list(RULES)[:3] == ["unknown-key", "missing-field", "wrong-type"]
    assert list(RULES)[-1] == "not-canonical"
    for name, rule in RULES.items():
        assert rule.name == name and rule.description and rule.description[0].islower()
        assert (rule.find is not None) == (rule.stage is Stage.CONTENT)
    assert {r.name for r in RULES.values() if r.severity is Severity.WARNING} == {"low-confidence-member"}


def test_problems_take_their_rule_s_name_and_severity() -> None:
    problem = rules.LOW_CONFIDENCE_MEMBER.problem("m", 3, "participant[4] (x).status")
    assert (problem.rule, problem.severity, problem.entry) == ("low-confidence-member", Severity.WARNING, 3)


def test_no_rule_is_named_outside_the_registry() -> None:
    """Problems are made only through the rule objects: a bare Problem("name", ...) would be a second home."""
    for path in (ROOT / "src" / "ilrs_cli").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Problem":
                assert path.name == "rules.py", f"{path}: Problem(...) outside rules.py"


@pytest.mark.parametrize("path", sorted(BAD.glob("*.toml")), ids=lambda p: p.stem)
def test_every_problem_of_the_bad_ledgers_is_a_registered_rule(path: Path) -> None:
    from ilrs_cli.store import ledger
    from ilrs_cli.store.location import Location

    try:
        loaded = ledger.load(Location(path, "test"), strict=False)
    except Exception:  # noqa: BLE001 - a file that does not parse has no rule-named problems
        return
    assert {p.rule for p in loaded.decoded.problems} <= set(RULES)


def test_content_rules_run_from_the_registry() -> None:
    bare = person("bare")._replace(agreements=(agreement("2023")._replace(sources=()),))
    weak = person("weak")._replace(agreements=(agreement("2023")._replace(confidence=Confidence.LOW),))
    undated = person("undated")
    claimed = person("claimed", status=Status.CLAIMED)
    found = content_problems(enumerate((bare, weak, undated, claimed)))
    assert [(p.rule, p.path) for p in found] == [
        ("missing-source", "participant[1] (bare).agreement[1].sources"),
        ("low-confidence-member", "participant[2] (weak).status"),
        ("member-without-agreement", "participant[3] (undated).agreement"),
    ]


def test_findings_select_ignore_strict_and_canonical() -> None:
    data = {"format": 1, "participant": [{"id": "a", "name": "A", "kind": "company", "nmae": 1}]}
    decoded = decode(data)
    lines: dict[KeyPath, int] = {("participant", 0): 3, ("participant", 0, "nmae"): 5}

    def line_of(at: KeyPath) -> int | None:  # the key's line, else its participant's (as the store's lexer does)
        return lines.get(at) or lines.get(at[:2])

    everything = findings("l.toml", decoded, line_of, 7, strict=True)
    assert [(f.line, f.rule, f.severity.value) for f in everything] == [
        (3, "member-without-agreement", "error"),
        (5, "unknown-key", "error"),
        (7, "not-canonical", "error"),
    ]
    assert (
        everything[1].text()
        == "l.toml:5: unknown-key: participant[1] (a).nmae: unknown key 'nmae' (did you mean 'name'?)"
    )
    assert [f.rule for f in findings("l", decoded, line_of, None, select={"unknown-key"})] == ["unknown-key"]
    assert [f.rule for f in findings("l", decoded, line_of, None, ignore={"unknown-key"})] == [
        "member-without-agreement"
    ]


def test_problems_say_where_they_are_in_the_data_and_number_agreements_as_show_does() -> None:
    """The file holds the 2024 agreement before the 2020 one: show calls them 2 and 1, and so do problems;
    ``at`` keeps their places in the file (0-based), where the store finds their lines."""
    later = {"signed": "2024", "sources": ["ftp://x"]}
    earlier = {"signed": "2020", "sources": ["https://e.org"], "plce": "X"}
    table = {"id": "a", "name": "A", "kind": "company", "agreement": [later, earlier]}
    decoded = decode({"format": 1, "participant": [{"id": "z", "name": "Z", "kind": "company"}, table]})
    assert [(p.rule, p.path, p.at) for p in decoded.problems] == [
        ("invalid-url", "participant[2] (a).agreement[2].sources", ("participant", 1, "agreement", 0, "sources")),
        ("unknown-key", "participant[2] (a).agreement[1].plce", ("participant", 1, "agreement", 1, "plce")),
    ]
    assert [a.signed for a in decoded.ledger.by_id()["a"].agreements] == [date("2020"), date("2024")]  # show's order
    first, second = person("bare", "2020", "2024").agreements
    bare = person("bare")._replace(agreements=(second._replace(sources=()), first))  # 2024 first in the file
    (missing,) = content_problems([(4, bare)])
    assert (missing.path, missing.at) == (
        "participant[5] (bare).agreement[2].sources",
        ("participant", 4, "agreement", 0),
    )
    assert [(p.path, p.at) for p in decode({"format": 2, "nmae": 1}).problems] == [
        ("nmae", ("nmae",)),
        ("format", ("format",)),
    ]


def test_rule_names_and_first_difference() -> None:
    assert rule_names(["unknown-key,missing-field", " too-long "], "--select") == {
        "unknown-key",
        "missing-field",
        "too-long",
    }
    with pytest.raises(InputError, match="--ignore: unknown rule 'nope'"):
        rule_names(["nope"], "--ignore")
    assert first_difference("a\nb\nc\n", "a\nB\nc\n") == 2
    assert first_difference("a\n", "a\nb\n") == 2
