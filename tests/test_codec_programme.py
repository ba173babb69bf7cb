"""The optional top-level keys `programme` and `gaps`: read, validated, kept through writes."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from conftest import ADD, Run
from ilrs_cli.core.codec import decode
from ilrs_cli.core.model import Kind, Ledger, Participant
from ilrs_cli.core.programmes import DEFAULT_PROGRAMME
from ilrs_cli.store import ledger
from ilrs_cli.store.ledger import is_canonical, load
from ilrs_cli.store.location import Location
from ilrs_cli.store.schema import json_schema
from ilrs_cli.store.toml import dumps, foreign_comments

BLOCK = """
[[participant]]
id = "x"
name = "X"
kind = "company"
status = "claimed"
"""


def _decode(top: str) -> tuple[Ledger, list[str]]:
    import tomli

    decoded = decode(tomli.loads("format = 1\n" + top + BLOCK))
    return decoded.ledger, [f"{p.rule}: {p.describe()}" for p in decoded.problems]


def test_an_old_ledger_without_the_keys_is_an_ilrs_ledger_with_no_gaps() -> None:
    found, problems = _decode("")
    assert problems == []
    assert (found.programme, found.gaps) == (DEFAULT_PROGRAMME, ()) == ("ilrs", ())


def test_programme_and_gaps_are_read() -> None:
    found, problems = _decode('programme = "artemis-accords"\ngaps = ["the 64th signatory", "the 71st"]\n')
    assert problems == []
    assert found.programme == "artemis-accords"
    assert found.gaps == ("the 64th signatory", "the 71st")


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        ('programme = "Artemis Accords"\n', "invalid-value: programme: 'Artemis Accords' is not a slug"),
        ('programme = ""\n', "missing-field: programme: required field is empty"),
        ("programme = 1\n", "wrong-type: programme: expected a string, got an integer"),
        ('gaps = "one"\n', "wrong-type: gaps: expected a list of strings, got a string"),
        ('gaps = ["a\\u202eb"]\n', "control-character: gaps: contains control or invisible characters"),
        ('programs = "ilrs"\n', "unknown-key: programs: unknown key 'programs' (did you mean 'programme'?)"),
    ],
)
def test_bad_values_are_problems_named_by_key(top: str, expected: str) -> None:
    _, problems = _decode(top)
    assert len(problems) == 1
    assert problems[0].startswith(expected)


def test_the_writer_always_writes_programme_after_format_and_gaps_only_when_there_are_some() -> None:
    people = (Participant("x", "X", Kind.COMPANY),)
    plain = dumps(Ledger(people))
    assert '\n\nformat = 1\nprogramme = "ilrs"\n\n' in plain
    assert "gaps" not in plain
    assert plain.startswith("# ILRS participants ledger")
    other = dumps(Ledger(people, "artemis-accords", ("a gap", 'a "quoted" gap')))
    assert other.startswith("# Artemis Accords ledger")
    assert (
        '\nformat = 1\nprogramme = "artemis-accords"\ngaps = [\n    "a gap",\n    "a \\"quoted\\" gap",\n]\n\n' in other
    )
    unknown = dumps(Ledger(people, "lunar-club"))
    assert unknown.startswith("# Participants ledger of the programme 'lunar-club'.\n")


@pytest.mark.parametrize("programme", ["ilrs", "artemis-accords", "lunar-club"])
def test_round_trip_is_canonical_and_comment_free(tmp_path: Path, programme: str) -> None:
    path = tmp_path / "l.toml"
    ledger.create(path, Ledger((Participant("x", "X", Kind.COMPANY),), programme, ("g",)))
    loaded = load(Location(path, "test"))
    assert (loaded.ledger.programme, loaded.ledger.gaps) == (programme, ("g",))
    assert is_canonical(loaded)
    assert foreign_comments(loaded.raw, "x") == []


def test_writes_keep_programme_and_gaps(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "l.toml"
    ledger.create(path, Ledger((), "artemis-accords", ("one gap",)))
    assert run("add", "Moonland", *ADD, "--ledger", str(path)).code == 0
    assert run("edit", "moonland", "--note", "n", "--ledger", str(path)).code == 0
    assert run("remove", "moonland", "--yes", "--ledger", str(path)).code == 0
    after = load(Location(path, "test")).ledger
    assert (after.programme, after.gaps) == ("artemis-accords", ("one gap",))
    assert path.read_text().startswith("# Artemis Accords ledger")


def test_an_old_ledger_is_reformatted_with_the_default_programme(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "old.toml"
    text = dumps(Ledger((Participant("x", "X", Kind.COMPANY),)))
    path.write_text(text.replace('programme = "ilrs"\n', ""))
    assert run("fmt", "--check", str(path)).code == 1
    assert run("add", "Moonland", *ADD, "--ledger", str(path)).code == 0  # its header is not a foreign comment
    assert 'programme = "ilrs"' in path.read_text()


def test_a_written_ledger_reads_back_with_programme_and_gaps(tmp_path: Path) -> None:
    wanted = Ledger((Participant("x", "X", Kind.COMPANY),), "artemis-accords", ("g1", "g2"))
    path = tmp_path / "l.toml"
    ledger.create(path, wanted)
    assert load(Location(path, "test")).ledger == wanted.normalised()


def test_the_schema_knows_both_keys() -> None:
    schema = json_schema()
    valid = {"format": 1, "programme": "artemis-accords", "gaps": ["g"], "participant": []}
    jsonschema.validate(valid, schema, cls=jsonschema.Draft202012Validator)
    for bad in ({"format": 1, "programme": "Not A Slug"}, {"format": 1, "gaps": "g"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema, cls=jsonschema.Draft202012Validator)
