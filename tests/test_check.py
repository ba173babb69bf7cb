"""`ilrs check`, `ilrs schema`, completion callbacks, pre-commit hooks and spreadsheet-safe CSV."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import typer
import typer.core

from conftest import BUNDLED, Run
from ilrs_cli.commands.options import (
    complete_country,
    complete_instrument,
    complete_kind,
    complete_participant,
    complete_status,
)
from ilrs_cli.store.schema import json_schema
from ilrs_cli.store.toml import parse_bytes

ROOT = Path(__file__).resolve().parents[1]
BAD = Path(__file__).parent / "bad_ledgers"


def test_clean_ledger_is_silent_exit_0(run: Run) -> None:
    result = run("check", str(BUNDLED))
    assert (result.code, result.stdout, result.stderr) == (0, "", "")


def test_strict_turns_warnings_into_problems(run: Run) -> None:
    result = run("check", "--strict", str(BUNDLED))
    assert result.code == 1
    lines = BUNDLED.read_text().splitlines()
    block = lines.index('id = "belt-road-st-association"')
    index = [line for line in lines if line.startswith('id = "')].index(lines[block])
    status = lines.index('status = "member"', block) + 1  # the line of the value the warning is about
    assert result.stdout == (
        f"{BUNDLED}:{status}: low-confidence-member: participant[{index + 1}] (belt-road-st-association).status: "
        "member whose every agreement has low confidence\n"
    )


def test_problems_one_per_line_sorted_by_line(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "l.toml"
    path.write_text(
        'format = 1\n\n[[participant]]\nid = "b"\nname = "B"\nkind = "company"\n\n'
        '[[participant.agreement]]\nsigned = "2024"\n\n'
        '[[participant]]\nid = "a"\nname = "A"\nkind = "company"\nstatus = "member"\nnmae = "x"\n'
    )
    result = run("check", str(path))
    assert result.code == 1
    assert result.stdout.splitlines() == [  # at the key, else (a missing one) at its table's header
        f"{path}:8: missing-source: participant[1] (b).agreement[1].sources: a member's agreement needs at least one source",
        f"{path}:11: member-without-agreement: participant[2] (a).agreement: a member needs at least one dated agreement",
        f"{path}:16: unknown-key: participant[2] (a).nmae: unknown key 'nmae' (did you mean 'name'?)",
    ]


def test_select_ignore_and_json(run: Run) -> None:
    path = str(BAD / "duplicate-name-case.toml")
    assert run("check", path, "--ignore", "duplicate-name").code == 0
    assert run("check", path, "--select", "duplicate-id").code == 0
    data = json.loads(run("check", path, "-f", "json").stdout)
    assert data == [
        {
            "path": path,
            "line": 16,  # its `name = ...`
            "rule": "duplicate-name",
            "severity": "error",
            "message": "participant[2] (pk2).name: name 'PAKISTAN' is the same as 'Pakistan' (pakistan)",
        }
    ]
    bad = run("check", path, "--select", "no-such-rule")
    assert bad.code == 2 and "unknown rule 'no-such-rule'" in bad.stderr


def test_not_canonical_points_at_the_first_differing_line(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "l.toml"
    path.write_text(BUNDLED.read_text().replace('kind = "state"\ncountry = "CN"', 'country = "CN"\nkind = "state"'))
    result = run("check", str(path))
    assert result.code == 1
    line = path.read_text().splitlines().index('country = "CN"') + 1  # the first line that differs
    assert result.stdout == f"{path}:{line}: not-canonical: not in canonical form (run `ilrs fmt`)\n"


def test_could_not_check_is_exit_2(run: Run, tmp_path: Path) -> None:
    result = run("check", str(BAD / "syntax-error.toml"))
    assert (result.code, result.stdout) == (2, "")
    assert "TOML syntax error" in result.stderr
    missing = run("check", str(tmp_path / "none.toml"))
    assert missing.code == 2


@pytest.mark.parametrize("path", sorted(BAD.glob("*.toml")), ids=lambda p: p.stem)
def test_every_loader_error_is_a_check_problem_or_could_not_check(run: Run, path: Path) -> None:
    result = run("check", str(path))
    assert result.code in (1, 2)
    if result.code == 1:
        assert all(line.startswith(f"{path}:") for line in result.stdout.splitlines())


def test_list_rules(run: Run) -> None:
    names = [line.split("\t")[0] for line in run("check", "--list-rules").stdout.splitlines()]
    assert {
        "missing-source",
        "announced-before-signed",
        "duplicate-name",
        "confusable-name",
        "not-canonical",
        "unknown-country",
        "member-without-agreement",
    } <= set(names)


def test_schema_command_matches_the_shipped_file(run: Run) -> None:
    result = run("schema")
    assert result.code == 0
    assert result.stdout == (ROOT / "data" / "members.schema.json").read_text()
    assert "#:schema ./members.schema.json" in BUNDLED.read_text()


def test_bundled_ledger_validates_against_the_schema() -> None:
    data = parse_bytes(BUNDLED.read_bytes(), "bundled")
    jsonschema.validate(data, json_schema(), cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    "name",
    [
        "unknown-key-typo",
        "bad-kind",
        "prose-date",
        "state-without-country",
        "source-not-http",
        "withdrawn-without-date",
        "unknown-country",
        "missing-format",
    ],
)
def test_schema_rejects_what_the_loader_rejects(name: str) -> None:
    data = parse_bytes((BAD / f"{name}.toml").read_bytes(), name)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema(), cls=jsonschema.Draft202012Validator)


def test_completion_callbacks(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert complete_kind("st") == ["state"]
    assert complete_status("") == ["member", "claimed", "applicant", "disputed", "withdrawn"]
    assert complete_instrument("joint") == ["joint-statement"]
    # in the case typed: shells keep only candidates that match the word as typed
    assert complete_country("p")[:3] == ["pa", "pe", "pf"]
    assert complete_country("P")[:3] == ["PA", "PE", "PF"]

    ctx = typer.Context(typer.core.TyperCommand("ilrs"))
    ctx.params = {"ledger_path": None}
    assert complete_participant(ctx, "pak") == [("pakistan", "Pakistan")]
    ctx.params = {"ledger_path": "/no/such/file.toml"}
    assert complete_participant(ctx, "pak") == []
    assert capsys.readouterr().out == ""  # completion never prints


def test_shell_completion_end_to_end(run: Run) -> None:
    result = run(env={"_ILRS_COMPLETE": "complete_bash", "COMP_WORDS": "ilrs show paki", "COMP_CWORD": "2"})
    assert "pakistan" in result.stdout


def test_pre_commit_hooks_are_declared() -> None:
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert "entry: ilrs check" in hooks and "entry: ilrs fmt --check" in hooks
    assert (ROOT / ".pre-commit-config.yaml").exists()


def test_csv_cells_cannot_run_as_formulas(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "l.toml"
    shutil.copyfile(BUNDLED, path)
    for name in ('=HYPERLINK("http://evil")', "+1+2", "-3", "@SUM(A1)"):
        assert (
            run(
                "add",
                "--kind",
                "company",
                "--signed",
                "2025",
                "--source",
                "https://e.org",
                "--id",
                f"f{len(name)}",
                "--ledger",
                str(path),
                "--",
                name,
            ).code
            == 0
        )
    out = run("list", "-f", "csv", "--fields", "name", "--ledger", str(path)).stdout
    cells = out.splitlines()[-4:]
    assert all(cell.lstrip('"').startswith("'") for cell in cells), cells
