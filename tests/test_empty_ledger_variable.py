"""`ILRS_LEDGER=""` (set, but to nothing) is an error, as `--ledger ''` is: not a silent fall back to the default."""

from __future__ import annotations

from pathlib import Path

from conftest import ADD, Run

REFUSED = "ilrs: error: ILRS_LEDGER is set but empty\nhint: unset ILRS_LEDGER to use the default\n"


def test_a_read_is_refused(run: Run) -> None:
    for args in (["list"], ["where"], ["stats"]):
        result = run(*args, env={"ILRS_LEDGER": ""})
        assert (result.code, result.stdout, result.stderr) == (2, "", REFUSED), args


def test_a_write_is_refused_and_writes_nothing(run: Run, isolated_env: Path) -> None:
    assert run("init").code == 0  # a user ledger the empty variable must not fall back to
    user = isolated_env / "data" / "ilrs" / "members.toml"
    before = user.read_bytes()
    result = run("add", "Moonland", *ADD, env={"ILRS_LEDGER": ""})
    assert (result.code, result.stdout, result.stderr) == (2, "", REFUSED)
    assert user.read_bytes() == before


def test_an_option_beats_the_empty_variable(run: Run, ledger_copy: Path) -> None:
    given = run("list", "--ledger", str(ledger_copy), env={"ILRS_LEDGER": ""})
    assert (given.code, given.stderr) == (0, "")
    assert given.stdout == run("list").stdout
    programme = run("list", "--programme", "ilrs", env={"ILRS_LEDGER": ""})
    assert (programme.code, programme.stdout, programme.stderr) == (0, given.stdout, "")
