"""`ilrs list`, `show` and `where` keep the scripting contract (CLI_CONTRACT.md)."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from conftest import BUNDLED, Run
from ilrs_cli.output.records import PARTICIPANT

LIST_FIELDS = PARTICIPANT.default

GOLDEN = Path(__file__).parent / "golden"


def test_piped_list_is_headerless_tsv_with_stable_columns(run: Run) -> None:
    result = run("list")
    assert result.code == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert all(len(line.split("\t")) == len(LIST_FIELDS) for line in lines)
    assert lines[0].split("\t")[:6] == ["china", "China", "state", "CN", "member", "2021-03-09"]
    assert "\x1b" not in result.stdout


def test_explicit_tsv_has_a_header_unless_no_headers(run: Run) -> None:
    assert run("list", "-f", "tsv").stdout.splitlines()[0] == "\t".join(LIST_FIELDS)
    assert run("list", "-f", "tsv", "--no-headers").stdout == run("list").stdout


def test_csv_is_rfc4180_and_parses_back(run: Run) -> None:
    result = run("list", "--format", "csv", "--all")
    assert result.code == 0  # (CRLF line ends are checked in test_subprocess.py: CliRunner folds them)
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert len(rows) == 49
    assert rows[0]["id"] == "china"


def test_json_is_an_array_of_objects_without_nulls(run: Run) -> None:
    data = json.loads(run("list", "--format", "json", "--kind", "organization").stdout)
    assert [d["id"] for d in data] == ["apsco", "auass"]
    assert "country" not in data[0]  # unknown values are left out, never null
    assert data[0]["joined"] == "2023-04-25"
    assert data[0]["agreements"] == 2


def test_jsonl_and_empty_results(run: Run) -> None:
    lines = run("list", "-f", "jsonl", "--country", "pk").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["pakistan", "nust-pk"]
    empty = run("list", "-f", "json", "--country", "AQ")
    assert (empty.code, empty.stdout) == (0, "[]\n")
    assert run("list", "--country", "AQ").stdout == ""


def test_markdown_table(run: Run) -> None:
    out = run("list", "-f", "markdown", "--fields", "id,joined", "--limit", "2").stdout
    assert out == "| id | joined |\n|---|---|\n| china | 2021-03-09 |\n| russia | 2021-03-09 |\n"


def test_fields_choose_columns_in_order(run: Run) -> None:
    assert run("list", "--fields", "joined,id", "-n", "1").stdout == "2021-03-09\tchina\n"
    bad = run("list", "--fields", "id,nmae")
    assert (bad.code, bad.stdout) == (2, "")
    assert "unknown field 'nmae'" in bad.stderr


def test_status_filters(run: Run) -> None:
    ids = run("list", "--status", "claimed", "--fields", "id").stdout.split()
    # dated claims (the document a claim rests on) first, then the undated ones by id
    assert ids[:5] == ["brazil", "iran", "algeria", "argentina", "bahrain"]
    everything = run("list", "--all", "--fields", "id").stdout.split()
    assert len(everything) == 49 and "uae" in everything and "turkiye" in everything
    assert "uae" not in run("list", "--fields", "id").stdout.split()


def test_since_until_are_inclusive_whole_periods(run: Run) -> None:
    ids = run("list", "--since", "2023-10", "--until", "2023-10", "--fields", "id").stdout.split()
    assert ids == ["azerbaijan", "pakistan", "belarus"]
    # ILOA joined in "2023": not certainly inside October, so not listed; inside 2023, listed
    assert "iloa" in run("list", "--since", "2023", "--until", "2023", "--fields", "id").stdout.split()


def test_sort_keys(run: Run) -> None:
    assert run("list", "--sort", "id", "--fields", "id", "-n", "2").stdout.split() == [
        "african-business-alliance",
        "african-space-development-foundation",
    ]
    bad = run("list", "--sort", "colour")
    assert bad.code == 2 and "cannot sort by 'colour'" in bad.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--as-of", "2024-02-30"], "--as-of: invalid date '2024-02-30': Feb 2024 has 29 days"),
        (["--since", "yesterday"], "--since: invalid date 'yesterday'"),
        (["--country", "XX"], "--country: 'XX' is not an ISO 3166-1 alpha-2 country code"),
        (["--kind", "country"], "--kind: "),
        (["--format", "yaml"], "--format: "),
        (["--bogus"], "No such option: --bogus"),
        (["--limit", "-1"], "--limit: "),
        (["--color", "purple"], "--color: 'purple' is not one of"),
    ],
)
def test_bad_values_are_exit_2_with_one_error_line(run: Run, args: list[str], words: str) -> None:
    result = run("list", *args)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.startswith("ilrs: error: ")
    assert words in result.stderr


def test_show_by_id_and_by_name(run: Run) -> None:
    by_id = run("show", "pakistan", "-f", "json")
    by_name = run("show", "  PAKISTAN ", "-f", "json")
    assert by_id.code == by_name.code == 0
    assert by_id.stdout == by_name.stdout
    record = json.loads(by_id.stdout)
    assert record["agreements"][0]["signed"] == "2023-10-18"
    assert record["agreements"][0]["announced"] == "2023-10-20"
    assert record["agreements"][0]["sources"][0] == "https://technologytimes.pk/?p=341814"


def test_show_lists_agreements_in_order_piped(run: Run) -> None:
    lines = run("show", "russia").stdout.splitlines()
    assert [line.split("\t")[5] for line in lines] == [
        "mou",
        "joint-statement",
        "intergovernmental-agreement",
        "mou",
    ]


def test_show_unknown_suggests_the_closest_ids(run: Run) -> None:
    result = run("show", "pakstan")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        "ilrs: error: no participant with id or name 'pakstan'\nhint: did you mean: pakistan, kazakhstan?\n"
    )


def test_where_explains_the_choice(run: Run, tmp_path: Path, isolated_env: Path) -> None:
    bundled = run("where")
    assert bundled.stdout.strip().endswith("members.toml")
    assert "bundled copy" in bundled.stderr
    env = run("where", env={"ILRS_LEDGER": str(tmp_path / "x.toml")})
    assert (env.stdout, env.stderr) == (
        f"{tmp_path / 'x.toml'}\n",
        "ledger: ILRS_LEDGER environment variable\nprogramme: unknown (the ledger cannot be read)\n",
    )
    opt = run("where", "--ledger", "other.toml", env={"ILRS_LEDGER": "x.toml"})
    assert opt.stdout == "other.toml\n" and "--ledger option" in opt.stderr
    write = run("where", "--write")
    assert write.code == 2 and "ilrs init --from-bundled" in write.stderr


def test_user_ledger_beats_bundled(run: Run, isolated_env: Path) -> None:
    assert run("init").code == 0
    result = run("list", "--all")
    assert (result.code, result.stdout) == (0, "")
    assert "default user ledger" in run("where").stderr


def test_version_matches_package(run: Run) -> None:
    from ilrs_cli import __version__

    assert run("--version").stdout == f"ilrs {__version__}\n"


def _golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("ILRS_UPDATE_GOLDEN") == "1" or not path.exists():
        path.write_text(actual, encoding="utf-8")
        pytest.fail(f"wrote {path.name}: review it and commit it, then run the tests again")
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [100, 40])
def test_table_golden(run: Run, width: int) -> None:
    result = run("list", "-f", "table", "--kind", "state", env={"COLUMNS": str(width)})
    assert result.code == 0
    assert all(len(line) <= width for line in result.stdout.splitlines())
    _golden(f"list-states-{width}.txt", result.stdout)


def test_show_golden(run: Run) -> None:
    _golden("show-pakistan-100.txt", run("show", "pakistan", "-f", "table").stdout)


def test_table_has_no_colour_when_no_color_is_set(run: Run) -> None:
    assert "\x1b[" not in run("list", "-f", "table").stdout
    coloured = run("list", "-f", "table", "--color", "always")
    assert "\x1b[" in coloured.stdout


def test_bundled_file_is_read_when_nothing_else_is_set(run: Run) -> None:
    assert run("list", "--all", "--ledger", str(BUNDLED)).stdout == run("list", "--all").stdout


def test_fields_and_sort_take_any_case_and_a_column_named_twice_once(run: Run) -> None:
    """--fields and --sort read names in any case, as --kind and --color do; `id,id` is one column."""
    wanted = run("list", "--fields", "id,name", "--sort", "name")
    assert wanted.code == 0 and wanted.stdout
    shouted = run("list", "--fields", "ID,Name,id", "--sort", "NAME")
    assert (shouted.code, shouted.stdout, shouted.stderr) == (0, wanted.stdout, "")
    assert run("list", "--fields", "ALL", "-f", "json").stdout == run("list", "--fields", "all", "-f", "json").stdout


@pytest.mark.parametrize("fmt", ["tsv", "csv", "markdown"])
def test_show_gives_a_participant_without_agreements_its_line(run: Run, tmp_path: Path, fmt: str) -> None:
    """Measured: `show` of a valid participant with no agreement printed nothing (or a header alone), exit 0."""
    path = tmp_path / "na.toml"
    path.write_text(
        'format = 1\n\n[[participant]]\nid = "x"\nname = "X"\nkind = "state"\ncountry = "PK"\nstatus = "claimed"\n',
        encoding="utf-8",
    )
    result = run("show", "x", "--ledger", str(path), "-f", fmt, "--no-headers")
    assert (result.code, result.stderr) == (0, "")
    cells = {"tsv": "\t", "csv": ","}.get(fmt)
    if cells:
        assert result.stdout == cells.join(["x", "X", "state", "PK", "claimed", *[""] * 11]) + "\n"
    else:
        assert result.stdout.startswith("| x | X | state | PK | claimed |")
