"""core/rules.py and core/checks.py: the registry of rules, the problems each finds, findings for `ilrs check`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT
from core.ledgers import agreement, person
from ilrs_cli.core import rules
from ilrs_cli.core.checks import findings, first_difference, rule_names
from ilrs_cli.core.codec import decode
from ilrs_cli.core.errors import InputError
from ilrs_cli.core.model import Confidence, Status
from ilrs_cli.core.rules import RULES, Severity, Stage, content_problems

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
    everything = findings("l.toml", decoded, [3], 7, strict=True)
    assert [(f.line, f.rule, f.severity.value) for f in everything] == [
        (3, "member-without-agreement", "error"),
        (3, "unknown-key", "error"),
        (7, "not-canonical", "error"),
    ]
    assert (
        everything[1].text()
        == "l.toml:3: unknown-key: participant[1] (a).nmae: unknown key 'nmae' (did you mean 'name'?)"
    )
    assert [f.rule for f in findings("l", decoded, [3], None, select={"unknown-key"})] == ["unknown-key"]
    assert [f.rule for f in findings("l", decoded, [3], None, ignore={"unknown-key"})] == ["member-without-agreement"]


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
