"""The README's transcripts are real output: this fails when the program no longer prints them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import full_campaigns

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import readme  # noqa: E402 - tools/ is not a package


def test_readme_transcripts_match_the_program() -> None:
    """Under --slow (as CI runs) the tool itself, every line in bash; otherwise its in-process runner."""
    if full_campaigns():
        result = subprocess.run(
            [sys.executable, str(ROOT / "tools" / "readme.py"), "--check"],
            capture_output=True,
            text=True,
            check=False,
        )
        found = result.stdout if result.returncode else ""
    else:
        found = "".join(readme.stale(readme.run_in_process))
    assert not found, "README transcripts are stale; run `python tools/readme.py --write`:\n" + found


def test_readme_shows_the_ci_test_line_and_every_command() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "ci: test-line" in text and "ci: test-line" in ci
    for command in (
        "list",
        "show",
        "agreements",
        "stats",
        "compare",
        "timeline",
        "diff",
        "log",
        "git-setup",
        "merge-driver",
        "add",
        "agreement",
        "edit",
        "withdraw",
        "remove",
        "init",
        "fmt",
        "check",
        "schema",
        "where",
        "chart",
        "map",
        "report",
    ):
        assert f"`ilrs {command}" in text, command
    assert "](docs/chart.svg)" in text and "](docs/map.svg)" in text  # drawn by tools/readme.py


def test_every_command_has_an_example_in_its_help() -> None:
    from typer.testing import CliRunner

    from ilrs_cli.cli import app, load_commands

    load_commands()

    runner = CliRunner()
    for command in (
        ["list"],
        ["show"],
        ["agreements"],
        ["stats"],
        ["compare"],
        ["timeline"],
        ["diff"],
        ["log"],
        ["git-setup"],
        ["merge-driver"],
        ["add"],
        ["agreement", "add"],
        ["agreement", "edit"],
        ["agreement", "remove"],
        ["edit"],
        ["withdraw"],
        ["remove"],
        ["init"],
        ["fmt"],
        ["check"],
        ["schema"],
        ["where"],
    ):
        result = runner.invoke(app, [*command, "--help"], prog_name="ilrs", env={"COLUMNS": "100"})
        assert result.exit_code == 0, command
        assert "Example" in result.stdout, command
