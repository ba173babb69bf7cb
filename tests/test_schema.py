"""The JSON Schema and `ilrs check` agree wherever a schema can say the rule; a new ledger validates in an
editor out of the box. Checked with the real tools editors and CI use: taplo and check-jsonschema.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, Run
from ilrs_cli.store.schema import json_schema

BIN = Path(sys.executable).parent
SCHEMA = ROOT / "data" / "members.schema.json"

BASE = """\
format = 1

[[participant]]
id = "moonland"
name = "Moonland"
kind = "company"
{participant}
[[participant.agreement]]
instrument = "mou"
signed = "2024"
sources = ["https://example.org/moon"]
{agreement}"""

# Variants of one small ledger: (participant lines, agreement lines). Both tools accept or both refuse.
AGREED = {
    "plain": ("", "", True),
    "empty notes": ('notes = ""', 'notes = ""', True),
    "empty optional texts": ('country = ""', 'counterpart = ""\nplace = ""\nsigning_body = ""', True),
    "empty signatory": ("", 'signatories = [""]', False),
    "empty name": None,  # built below: replaces the name
    "blank name": None,
    "state without country": None,
    "state with empty country": None,
    "unknown country": ('country = "XX"', "", False),
    "lower-case country": ('country = "pk"', "", False),
    "unknown key": ('colour = "red"', "", False),
    "unknown agreement key": ("", 'colour = "red"', False),
    "bad status": ('status = "observer"', "", False),
    "withdrawn without date": ('status = "withdrawn"', "", False),
    "withdrawal date without status": ('withdrawn = "2025"', "", False),
    "month 13": ("", 'announced = "2024-13"', False),
    "year 0000": ("", 'announced = "0000"', False),
    "fullwidth digits": ("", 'announced = "\uff12\uff10\uff12\uff14"', False),
    "prose date": ("", 'announced = "spring 2024"', False),
    "number date": ("", "announced = 2024", False),
    "datetime": ("", "announced = 2024-05-01T10:00:00", False),
    "bad url": None,
    "bad confidence": ("", 'confidence = "certain"', False),
    "control character in notes": ('notes = "a\\u001bb"', "", False),
    "bidi override in name": None,
    "TOML date": ("", "announced = 2024-05-01", True),
    "joiner between letters in notes": ('notes = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"', "", True),
    "joiner in a name": None,
    "tag character in notes": ('notes = "flag\U000e0067"', "", False),
    "soft hyphen in place": ("", 'place = "Bei\u00adjing"', False),
    "bidi override in a source": None,
    "empty source": None,
    "newline in notes": ('notes = "one\\ntwo"', "", True),
    "newline in counterpart": ("", 'counterpart = "one\\ntwo"', False),
    "long notes": ('notes = "' + "n" * 4000 + '"', "", True),
    "too long notes": ('notes = "' + "n" * 4001 + '"', "", False),
    "too long place": ("", 'place = "' + "p" * 201 + '"', False),
    "wrong type": ("", "signatories = 'x'", False),
    "member without source": None,
    "member without agreement": None,
}

# Rules a JSON Schema cannot state: the schema accepts these, `ilrs check` refuses them (README lists them).
CHECK_ONLY = (
    "impossible day",
    "announced before signed",
    "joiner outside a word",
    "look-alike letters",
    "duplicate id",
)


def variant(participant: str, agreement: str) -> str:
    return BASE.format(
        participant=participant + "\n" if participant else "", agreement=agreement + "\n" if agreement else ""
    )


def corpus() -> dict[str, tuple[str, bool | None]]:
    """Every variant's text and whether both tools must accept it (None: only check refuses it)."""
    texts: dict[str, tuple[str, bool | None]] = {}
    for name, spec in AGREED.items():
        if spec is not None:
            texts[name] = (variant(spec[0], spec[1]), spec[2])
    plain = variant("", "")
    texts["empty name"] = (plain.replace('name = "Moonland"', 'name = ""'), False)
    texts["blank name"] = (plain.replace('name = "Moonland"', 'name = "  "'), False)
    texts["bidi override in name"] = (plain.replace('name = "Moonland"', 'name = "Moon\\u202eland"'), False)
    texts["state without country"] = (plain.replace('kind = "company"', 'kind = "state"'), False)
    texts["state with empty country"] = (plain.replace('kind = "company"', 'kind = "state"\ncountry = ""'), False)
    texts["year 0001"] = (plain.replace('signed = "2024"', 'signed = "0001"'), True)
    texts["empty gap"] = ('gaps = [""]\n' + plain, False)
    texts["blank gap"] = ('gaps = ["  "]\n' + plain, False)
    texts["a gap"] = ('gaps = ["No source names the 64th."]\n' + plain, True)
    texts["undated member"] = (plain.replace('signed = "2024"\n', ""), False)
    texts["undated claim"] = (
        plain.replace('signed = "2024"\n', "").replace('kind = "company"', 'kind = "company"\nstatus = "claimed"'),
        True,
    )
    texts["joiner in a name"] = (plain.replace('name = "Moonland"', 'name = "\u0645\u06cc\u200c\u062e"'), False)
    texts["bidi override in a source"] = (plain.replace("example.org/moon", "example.org/\u202emoon"), False)
    texts["empty source"] = (plain.replace('"https://example.org/moon"', '""'), False)
    texts["bad url"] = (plain.replace("https://example.org/moon", "ftp://example.org/moon"), False)
    texts["member without source"] = (plain.replace('sources = ["https://example.org/moon"]\n', ""), False)
    texts["member without agreement"] = (plain[: plain.index("[[participant.agreement]]")], False)
    block = plain[plain.index("[[participant]]") :]
    only_check = {
        "impossible day": plain.replace('signed = "2024"', 'signed = "2024-02-30"'),
        "announced before signed": variant("", 'announced = "2023"'),
        "joiner outside a word": variant('notes = "a\u200cb"', ""),
        "look-alike letters": plain.replace('name = "Moonland"', 'name = "Moonlаnd"'),  # Cyrillic а
        "duplicate id": plain + "\n" + block.replace('"Moonland"', '"Other"'),
    }
    assert tuple(only_check) == CHECK_ONLY
    texts |= {name: (text, None) for name, text in only_check.items()}
    return texts


def check_jsonschema(files: list[Path], schema: Path) -> set[Path]:
    """The files the real check-jsonschema refuses."""
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--schemafile", str(schema), "-o", "JSON", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    assert result.returncode in (0, 1), result.stderr
    bad = {Path(e["filename"]) for e in report.get("errors", [])}
    bad |= {Path(e["filename"]) for e in report.get("parse_errors", [])}
    return bad


def test_the_bundled_schema_file_is_what_ilrs_schema_prints(run: Run) -> None:
    result = run("schema")
    assert result.code == 0
    assert SCHEMA.read_text(encoding="utf-8") == result.stdout
    assert json.loads(result.stdout) == json_schema()


def taplo_accepts(path: Path) -> bool:
    """taplo (the engine of Even Better TOML), from another directory: it finds the schema as editors do."""
    result = subprocess.run(
        [str(BIN / "taplo"), "lint", str(path)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode in (0, 1), result.stderr
    return result.returncode == 0


def test_schema_and_check_agree(run: Run, tmp_path: Path) -> None:
    texts = corpus()
    files = {}
    shutil.copyfile(SCHEMA, tmp_path / "members.schema.json")
    for name, (text, _) in texts.items():
        path = tmp_path / (re.sub(r"\W+", "-", name) + ".toml")
        path.write_text("#:schema ./members.schema.json\n" + text, encoding="utf-8")
        files[name] = path
    refused_by_schema = check_jsonschema(list(files.values()), SCHEMA)
    disagreements = []
    for name, (_, accepted) in texts.items():
        outcome = run("check", "--ignore", "not-canonical", str(files[name]))
        assert outcome.code in (0, 1), (name, outcome.stderr)
        verdicts = {
            "check": outcome.code == 0,
            "check-jsonschema": files[name] not in refused_by_schema,
            "taplo": taplo_accepts(files[name]),
        }
        expected = {"check": accepted if accepted is not None else False}
        expected |= {"check-jsonschema": accepted is not False, "taplo": accepted is not False}
        if verdicts != expected:
            disagreements.append(f"{name}: accepted by {verdicts}, expected {expected}: {outcome.stdout}")
    assert not disagreements, "\n".join(disagreements)


def test_readme_lists_the_rules_only_check_has() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("Only `ilrs check` has") :][:600]
    for rule in ("impossible days", "announcement before", "look-alike", "duplicate ids", "duplicate names"):
        assert rule in section, rule


def test_init_writes_the_schema_beside_the_new_ledger_and_taplo_validates_it(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "new" / "members.toml"
    result = run("init", str(target))
    assert result.code == 0, result.stderr
    assert result.stderr == f"created {target} with 0 participants (and members.schema.json beside it)\n"
    assert (target.parent / "members.schema.json").read_text(encoding="utf-8") == SCHEMA.read_text(encoding="utf-8")
    assert "#:schema ./members.schema.json" in target.read_text(encoding="utf-8")

    assert taplo_accepts(target)
    seeded = tmp_path / "seeded" / "members.toml"
    assert run("init", "--from-bundled", str(seeded)).code == 0
    assert taplo_accepts(seeded)
    # the schema is really applied: a mistake an editor should underline fails taplo too
    text = seeded.read_text(encoding="utf-8").replace('kind = "state"', 'kind = "planet"', 1)
    seeded.write_text(text, encoding="utf-8")
    assert not taplo_accepts(seeded)
    (seeded.parent / "members.schema.json").unlink()
    assert not taplo_accepts(target.parent.parent / "seeded" / "members.toml")  # no schema: taplo says so


def test_init_keeps_a_schema_file_it_did_not_write(run: Run, tmp_path: Path) -> None:
    mine = tmp_path / "members.schema.json"
    mine.write_text("{}\n")
    result = run("init", str(tmp_path / "members.toml"))
    assert result.code == 0
    assert mine.read_text() == "{}\n"
    assert "left members.schema.json as it is" in result.stderr


def test_the_bundled_ledger_validates_with_taplo() -> None:
    assert taplo_accepts(ROOT / "data" / "members.toml")
