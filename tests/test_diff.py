"""`ilrs diff`: between dates, files and git versions; every format; exit 0/1/2."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BUNDLED, Run
from ilrs_cli.output.records import CHANGE

CHANGE_FIELDS = CHANGE.names


def test_october_2023_window_adds_azerbaijan_pakistan_belarus_in_order(run: Run) -> None:
    result = run("diff", "--since", "2023-10-01", "--until", "2023-10-31")
    assert result.code == 1
    assert result.stdout == (
        "+\tazerbaijan\tAzerbaijan\tparticipant\t\t2023-10-03\n"
        "+\tpakistan\tPakistan\tparticipant\t\t2023-10-18\n"
        "+\tbelarus\tBelarus\tparticipant\t\t2023-10-23\n"
    )


def test_date_window_shows_new_agreements_of_existing_participants(run: Run) -> None:
    result = run("diff", "--since", "2022", "--until", "2022", "-f", "json")
    data = json.loads(result.stdout)
    assert data["added"] == []
    assert data["changed"][0]["id"] == "russia"
    added = data["changed"][0]["agreements"]["added"]
    assert added[0]["instrument"] == "intergovernmental-agreement" and added[0]["signed"] == "2022-11-25"


def test_empty_window_is_exit_0(run: Run) -> None:
    result = run("diff", "--since", "2022-01", "--until", "2022-06")
    assert (result.code, result.stdout) == (0, "")
    assert run("diff", "--since", "2022-01", "--until", "2022-06", "-f", "table").stdout == "no differences\n"


@pytest.fixture
def edited(tmp_path: Path, run: Run) -> Path:
    """The bundled ledger with one of every kind of change."""
    new = tmp_path / "new.toml"
    shutil.copyfile(BUNDLED, new)
    steps = [
        ["add", "New Org", "--kind", "organization", "--signed", "2025-02", "--source", "https://e.org/n"],
        ["remove", "iloa", "--yes"],
        ["edit", "ethiopia", "--status", "applicant"],
        ["withdraw", "uae", "--date", "2025"],
        ["agreement", "edit", "azerbaijan", "1", "--announced", "2023-10-09"],
        ["agreement", "add", "pakistan", "--signed", "2025", "--source", "https://e.org/p"],
        ["edit", "nanospace", "--name", "nanoSPACE AG (Switzerland)"],
    ]
    for step in steps:
        assert run(*step, "--ledger", str(new)).code == 0
    return new


def test_file_diff_tsv_has_every_kind_of_change(run: Run, edited: Path) -> None:
    result = run("diff", str(BUNDLED), str(edited))
    assert result.code == 1
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert all(len(row) == len(CHANGE_FIELDS) for row in rows)
    assert rows == [
        ["+", "new-org", "New Org", "participant", "", "2025-02"],
        [
            "-",
            "iloa",
            "International Lunar Observatory Association (ILOA Hawai'i)",
            "participant",
            "2023",
            "",
        ],
        ["~", "uae", "United Arab Emirates", "status", "disputed", "withdrawn"],
        ["~", "uae", "United Arab Emirates", "withdrawn", "", "2025"],
        [
            "~",
            "nanospace",
            "nanoSPACE AG (Switzerland)",
            "name",
            "nanoSPACE AG",
            "nanoSPACE AG (Switzerland)",
        ],
        ["~", "azerbaijan", "Azerbaijan", "agreement[1].announced", "2023-10-08", "2023-10-09"],
        ["+", "pakistan", "Pakistan", "agreement[2]", "", "2025 other"],
        ["~", "ethiopia", "Ethiopia", "status", "claimed", "applicant"],
    ]


def test_file_diff_formats(run: Run, edited: Path) -> None:
    header = run("diff", str(BUNDLED), str(edited), "-f", "csv").stdout.splitlines()[0]
    assert header == ",".join(CHANGE_FIELDS)
    data = json.loads(run("diff", str(BUNDLED), str(edited), "-f", "json").stdout)
    assert [p["id"] for p in data["added"]] == ["new-org"]
    assert [p["id"] for p in data["removed"]] == ["iloa"]
    uae = next(c for c in data["changed"] if c["id"] == "uae")
    assert uae["fields"]["status"] == {"from": "disputed", "to": "withdrawn"}
    assert data["summary"] == {"added": 1, "removed": 1, "changed": 5}
    jsonl = run("diff", str(BUNDLED), str(edited), "-f", "jsonl").stdout.splitlines()
    assert json.loads(jsonl[0])["marker"] == "+"
    markdown = run("diff", str(BUNDLED), str(edited), "-f", "markdown").stdout
    assert markdown.startswith("| marker | id | name | what | from | to |")
    table = run("diff", str(BUNDLED), str(edited), "-f", "table").stdout
    assert "+ New Org" in table and "- International Lunar" in table and "~ United Arab Emirates" in table
    assert "status: disputed -> withdrawn" in table
    assert table.splitlines()[-1] == "1 added, 1 removed, 5 changed"


def test_stat_and_quiet(run: Run, edited: Path) -> None:
    stat = run("diff", "--stat", str(BUNDLED), str(edited))
    assert (stat.code, stat.stdout) == (1, "1 added, 1 removed, 5 changed\n")
    quiet = run("diff", "-q", str(BUNDLED), str(edited))
    assert (quiet.code, quiet.stdout, quiet.stderr) == (1, "", "")
    same = run("diff", "-q", str(BUNDLED), str(BUNDLED))
    assert (same.code, same.stdout) == (0, "")


def test_stdin_side(run: Run, edited: Path) -> None:
    result = run("diff", "-", str(edited), "--stat", input=BUNDLED.read_bytes())
    assert (result.code, result.stdout) == (1, "1 added, 1 removed, 5 changed\n")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["OLD_MISSING", "NEW"], "OLD: "),
        (["OLD", "NEW_BROKEN"], "NEW: "),
        (["OLD"], "missing NEW"),
        ([], "say what to compare"),
        (["--since", "2024-13"], "--since: invalid date"),
        (["--since", "2024", "--until", "2023"], "is before --since"),
        (["OLD", "NEW", "--since", "2024"], "say what to compare"),
        (["-", "-"], "cannot both be standard input"),
    ],
)
def test_errors_are_exit_2_never_1(run: Run, tmp_path: Path, args: list[str], words: str) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("format = 1\n[[participant]]\nid = 3\n")
    mapping = {
        "OLD": str(BUNDLED),
        "NEW": str(BUNDLED),
        "OLD_MISSING": str(tmp_path / "nope"),
        "NEW_BROKEN": str(broken),
    }
    result = run("diff", *[mapping.get(a, a) for a in args])
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.startswith("ilrs: error: ") and words in result.stderr


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@e.org", "-c", "user.name=T", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path, run: Run) -> Path:
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    shutil.copyfile(BUNDLED, repo / "data" / "members.toml")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "one")
    assert run("withdraw", "uae", "--date", "2025", "--ledger", str(repo / "data" / "members.toml")).code == 0
    _git(repo, "commit", "-qam", "two")
    return repo


def test_rev_against_working_file_and_two_revs(run: Run, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "data")  # any directory inside the repository
    ledger = str(repo / "data" / "members.toml")
    same = run("diff", "--rev", "HEAD", "--ledger", ledger)
    assert (same.code, same.stdout) == (0, "")
    result = run("diff", "--rev", "HEAD~1", "--ledger", "members.toml")
    assert result.code == 1
    assert result.stdout.splitlines()[0] == "~\tuae\tUnited Arab Emirates\tstatus\tdisputed\twithdrawn"
    both = run("diff", "--rev", "HEAD~1", "--rev", "HEAD", "--ledger", ledger, "--stat")
    assert (both.code, both.stdout) == (1, "0 added, 0 removed, 1 changed\n")


def test_rev_errors(run: Run, repo: Path, tmp_path: Path) -> None:
    ledger = str(repo / "data" / "members.toml")
    unknown = run("diff", "--rev", "nope", "--ledger", ledger)
    assert (unknown.code, unknown.stderr) == (2, "ilrs: error: REV: unknown revision 'nope'\n")
    outside = tmp_path / "outside.toml"
    shutil.copyfile(BUNDLED, outside)
    no_repo = run("diff", "--rev", "HEAD", "--ledger", str(outside))
    assert no_repo.code == 2 and "is not inside a git repository" in no_repo.stderr
    (repo / "data" / "other.toml").write_bytes(BUNDLED.read_bytes())
    missing = run("diff", "--rev", "HEAD", "--ledger", str(repo / "data" / "other.toml"))
    assert missing.code == 2 and "data/other.toml did not exist at HEAD" in missing.stderr
    option = run("diff", "--rev=--output=/tmp/x", "--ledger", ledger)
    assert option.code == 2 and "invalid revision" in option.stderr
