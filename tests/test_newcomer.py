"""What a newcomer meets: filters that read stdin, '-' for standard output, errors that name the flag typed,
and the README's claims about options holding for every command it names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.main import get_command

from conftest import ADD, BUNDLED, ROOT, Run
from ilrs_cli.cli import app, load_commands

UNTIDY = BUNDLED.read_bytes().replace(b'id = "china"\nname = "China"', b'name = "China"\nid = "china"')


def test_fmt_dash_is_a_filter(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("fmt", "-", input=UNTIDY)
    assert (result.code, result.stdout.encode(), result.stderr) == (0, BUNDLED.read_bytes(), "")
    commented = run("fmt", "-", input=b"# mine\n" + UNTIDY)
    assert commented.code == 2 and commented.stdout == ""
    assert commented.stderr.startswith(
        "ilrs: error: <stdin>: has 1 comment line(s) the writer cannot keep (line 1: # mine)"
    )
    dropped = run("fmt", "-", "--drop-comments", input=b"# mine\n" + UNTIDY)
    assert dropped.code == 0 and dropped.stdout.encode() == BUNDLED.read_bytes()
    checked = run("fmt", "--check", "-", input=UNTIDY)
    assert checked.code == 1 and checked.stdout == ""
    assert not (tmp_path / "-").exists()  # no file named '-'


@pytest.mark.parametrize(("flag", "start"), [("--capture-svg", "<svg"), ("--capture-html", "<!DOCTYPE html>")])
def test_capture_dash_is_standard_output(
    run: Run, flag: str, start: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("timeline", "--since", "2023-10", "--until", "2023-10", flag, "-")
    assert result.code == 0 and result.stdout.startswith(start) and "Pakistan" in result.stdout
    assert result.stderr == "" and not (tmp_path / "-").exists()
    both = run("timeline", "--capture-svg", "-", "--capture-html", "-")
    assert both.code == 2
    assert both.stderr == "ilrs: error: --capture-svg and --capture-html cannot both be '-' (standard output)\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["agreement", "add", "pakistan", "--signed", "2025", "--source", "https://e.org", "--agreement-note", "a\x1bb"],
         "--agreement-note: contains control or invisible characters (U+001B)"),
        (["add", "Moon", *ADD, "--agreement-note", "a\x1bb"], "--agreement-note: contains control or invisible characters (U+001B)"),
        (["add", "Moon", *ADD, "--note", "a\x1bb"], "--note: contains control or invisible characters (U+001B)"),
        (["edit", "pakistan", "--name", "Russia"], "--name: name 'Russia' is the same as 'Russia' (russia)"),
        (["add", "Russia", *ADD], "--id: id 'russia' is already used by 'Russia'"),
        (["list", "-n", "-1"], "-n: -1 is less than 0"),
        (["list", "--limit", "x"], "--limit: 'x' is not a whole number"),
        (["list", "-k", "planet"], "-k: 'planet' is not one of 'state', 'organization', 'institution', 'company'."),
        (["agreement", "edit", "pakistan", "0", "--place", "x"], "N: 0 is less than 1"),
    ],
)  # fmt: skip
def test_errors_name_the_flag_the_user_typed(run: Run, ledger_copy: Path, args: list[str], message: str) -> None:
    result = run(*args, "--ledger", str(ledger_copy))
    assert result.code == 2
    assert result.stderr.splitlines()[0] == f"ilrs: error: {message}"
    assert ledger_copy.read_bytes() == BUNDLED.read_bytes()


def test_markdown_without_headers_is_rows_only(run: Run) -> None:
    result = run("list", "-n", "2", "--fields", "id,name", "--format", "markdown", "--no-headers")
    assert result.stdout == "| china | China |\n| russia | Russia |\n"


def test_check_format_table_is_a_table(run: Run, ledger_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ledger_copy.parent)
    result = run("check", "members.toml", "--strict", "--format", "table", "--color", "never")
    assert result.code == 1
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["path", "┃", "line", "┃", "rule", "┃", "severity", "┃", "message"]
    assert "\t" not in result.stdout and "low-confidence-member" in result.stdout


def readme_option_claims() -> list[tuple[list[str], list[str]]]:
    """The README's "Every ... command takes" sentences: (commands named, options claimed)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    claims = []
    for found in re.finditer(
        r"((?:`ilrs [a-z]+`(?:, | and )?)+) (?:each )?takes? (.+?)[.;]", readme.replace("\n", " ")
    ):
        commands = re.findall(r"`ilrs ([a-z]+)`", found.group(1))
        options = re.findall(r"`(--[a-z-]+)", found.group(2))
        claims.append((commands, options))
    return claims


def test_readme_claims_about_options_hold() -> None:
    load_commands()
    root = get_command(app)
    claims = readme_option_claims()
    assert len(claims) >= 2
    for commands, options in claims:
        for name in commands:
            command = root.commands[name]  # type: ignore[attr-defined]
            have = {o for p in command.params for o in p.opts}
            assert not [o for o in options if o not in have], (name, options)


def test_readme_shows_what_a_user_sees() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "~/data/" not in readme  # the test run's XDG_DATA_HOME, not a path anyone has
    assert "/home/you/.local/share/ilrs/members.toml" in readme
    setup = readme[readme.index("## Set up") : readme.index("## A tour")]
    assert "source .venv/bin/activate" in setup
    assert "No pager" in readme
