"""An empty option value is an error, named by its option, never read as '.' or as "every rule"."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["chart", "-o", ""], "--output: empty path"),
        (["init", ""], "PATH: empty path"),
        (["where", "--ledger="], "--ledger: empty path"),
        (["list", "-l", ""], "--ledger: empty path"),
        (["diff", "", "x.toml"], "OLD: empty path"),
        (["fmt", "--check", ""], "FILE: empty path"),
        (["check", ""], "FILE: empty path"),
        (["merge-driver", "a", "", "b"], "OURS: empty path"),
        (["timeline", "--capture-svg", ""], "--capture-svg: empty path"),
        (["check", "--select="], "--select: no rule named"),
        (["check", "--ignore", ","], "--ignore: no rule named"),
    ],
)
def test_empty_value_is_an_error(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = run(*args)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == f"ilrs: error: {message}"
    assert list(work.iterdir()) == []  # nothing written (init '' made nothing in '.')
