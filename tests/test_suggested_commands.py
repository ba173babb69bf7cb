"""A hint that proposes an ilrs command repeats the --ledger or --programme given, so it reads the same ledger."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest

from conftest import Run
from ilrs_cli.core.errors import Suggestion

SMALL = Path(__file__).parent / "data" / "small-ilrs.toml"


def _hinted_command(stderr: str) -> list[str]:
    """The words after `ilrs` of the command in backticks on the hint line."""
    hint = stderr.splitlines()[-1]
    return shlex.split(hint.split("`")[1])[1:]


def test_a_suggestion_renders_its_command_quoted_and_takes_more_options() -> None:
    hint = Suggestion("use {}", ("withdraw", "United Arab", "--date", "DATE"))
    assert str(hint) == "use `ilrs withdraw 'United Arab' --date DATE`"
    assert str(hint.adding(["--ledger", "my ledger.toml"])) == (
        "use `ilrs withdraw 'United Arab' --date DATE --ledger 'my ledger.toml'`"
    )


def test_not_found_hint_repeats_the_ledger_and_its_command_lists_that_ledger(run: Run, tmp_path: Path) -> None:
    other = tmp_path / "other ledger.toml"  # a space: the path comes back quoted
    shutil.copyfile(SMALL, other)
    result = run("show", "zzzzqqq", "--ledger", str(other))
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        "ilrs: error: no participant with id or name 'zzzzqqq'\n"
        f"hint: list the ids with `ilrs list --all --fields id,name --ledger {shlex.quote(str(other))}`\n"
    )
    listed = run(*_hinted_command(result.stderr))
    assert (listed.code, listed.stderr) == (0, "")
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == [
        line.split("\t")[0] for line in run("list", "--all", "--ledger", str(other)).stdout.splitlines()
    ]
    assert listed.stdout != run("list", "--all", "--fields", "id,name").stdout  # not the bundled ledger's ids


@pytest.mark.parametrize("command", [["show", "zzzzqqq"], ["list", "--id", "zzzzqqq"], ["timeline", "--id", "zzzzqqq"]])
def test_not_found_hint_repeats_the_programme(run: Run, command: list[str]) -> None:
    result = run(*command, "--programme", "artemis-accords")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == (
        "hint: list the ids with `ilrs list --all --fields id,name --programme artemis-accords`"
    )


def test_without_an_option_the_hint_is_as_before(run: Run) -> None:
    result = run("show", "zzzzqqq")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == "hint: list the ids with `ilrs list --all --fields id,name`"


def test_write_hints_repeat_the_ledger_and_write_nothing(run: Run, tmp_path: Path) -> None:
    ledger = tmp_path / "members.toml"
    shutil.copyfile(SMALL, ledger)
    before = ledger.read_bytes()
    edit = run("edit", "United Arab Emirates", "--status", "withdrawn", "--ledger", str(ledger))
    assert (edit.code, edit.stdout) == (2, "")
    assert edit.stderr == (
        "ilrs: error: --status withdrawn needs a date\n"
        f"hint: use `ilrs withdraw 'United Arab Emirates' --date DATE --ledger {ledger}`\n"
    )
    nth = run("agreement", "remove", "china", "9", "--ledger", str(ledger))
    assert (nth.code, nth.stdout) == (2, "")
    assert nth.stderr.splitlines()[-1] == f"hint: see `ilrs show china --ledger {ledger}`"
    assert ledger.read_bytes() == before
    shown = run(*_hinted_command(nth.stderr))
    assert (shown.code, shown.stderr) == (0, "")
    assert shown.stdout.startswith("china\tChina\t")
