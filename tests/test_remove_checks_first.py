"""`remove` and `agreement remove` say what does not exist before asking (or refusing to ask) for confirmation."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["agreement", "remove", "pakistan", "99"],
            "ilrs: error: pakistan has 2 agreement(s), counted from 1 in date order; there is no agreement 99",
        ),
        (["remove", "nosuch"], "ilrs: error: no participant with id or name 'nosuch'"),
    ],
)
def test_missing_target_is_named_before_confirmation(
    run: Run, ledger_copy: Path, args: list[str], message: str
) -> None:
    before = ledger_copy.read_bytes()
    result = run(*args, "--ledger", str(ledger_copy))
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == message
    assert "confirmation" not in result.stderr
    assert ledger_copy.read_bytes() == before
