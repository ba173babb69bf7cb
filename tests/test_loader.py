"""The loader: every broken ledger in tests/bad_ledgers gets one clear error, exit 2, no traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ADD, BUNDLED, Run
from ilrs_cli.core.errors import LedgerError
from ilrs_cli.store.ledger import load
from ilrs_cli.store.location import Location

BAD = Path(__file__).parent / "bad_ledgers"
CASES = sorted(BAD.glob("*.toml")) + sorted(BAD.glob("*.bin"))


def expectation(path: Path) -> str:
    if path.suffix == ".bin":
        return path.with_suffix(".expect").read_text().strip()
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: ")
    return first.removeprefix("# expect: ")


def test_there_are_at_least_forty_broken_ledgers() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_broken_ledger_is_refused_clearly(path: Path, run: Run, tmp_path: Path) -> None:
    (tmp_path / "work").mkdir()
    ledger = tmp_path / "work" / "members.toml"
    shutil.copyfile(path, ledger)
    before = ledger.read_bytes()
    result = run("list", "--ledger", str(ledger))
    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"ilrs: error: {ledger}")
    assert expectation(path) in result.stderr
    assert "Traceback" not in result.stderr
    # a write is refused the same way and leaves the file byte for byte as it was
    result = run(
        "add",
        "Newland",
        *ADD,
        "--ledger",
        str(ledger),
    )
    assert result.code == 2
    assert expectation(path) in result.stderr
    assert ledger.read_bytes() == before
    assert not list(ledger.parent.glob("*.tmp"))  # no temp file left behind


def test_syntax_error_names_line_and_column(run: Run) -> None:
    result = run("list", "--ledger", str(BAD / "syntax-error.toml"))
    assert f"{BAD / 'syntax-error.toml'}:5:8: TOML syntax error: Illegal character" in result.stderr


def test_schema_error_points_at_the_offending_key(run: Run) -> None:
    result = run("list", "--ledger", str(BAD / "duplicate-id.toml"))
    line = (BAD / "duplicate-id.toml").read_text().splitlines().index('id = "pakistan"', 14) + 1  # the second one
    assert result.stderr.splitlines()[0].startswith(f"ilrs: error: {BAD / 'duplicate-id.toml'}:{line}: participant[2]")


def test_missing_file_directory_and_unreadable(run: Run, tmp_path: Path) -> None:
    missing = run("list", "--ledger", str(tmp_path / "nope.toml"))
    assert (missing.code, missing.stdout) == (2, "")
    assert "cannot read ledger: no such file or directory" in missing.stderr
    directory = run("list", "--ledger", str(tmp_path))
    assert directory.code == 2 and "is a directory" in directory.stderr


def test_stdin_ledger(run: Run) -> None:
    result = run("list", "--ledger", "-", "--fields", "id", "--kind", "state", input=BUNDLED.read_bytes())
    assert result.code == 0
    assert result.stdout.splitlines()[:3] == ["china", "russia", "venezuela"]


def test_broken_stdin_names_stdin(run: Run) -> None:
    result = run("list", "--ledger", "-", input=b"format = 1\nparticipant = [\n")
    assert result.code == 2
    assert result.stderr.startswith("ilrs: error: <stdin>:")


def test_load_reports_first_error_and_counts_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "two.toml"
    path.write_text('format = 1\n[[participant]]\nid = "A B"\nname = 3\nkind = "company"\n')
    with pytest.raises(LedgerError) as caught:
        load(Location(path, "test"))
    assert "is not a valid id" in caught.value.message
    assert caught.value.hint is not None and "1 more problem" in caught.value.hint
