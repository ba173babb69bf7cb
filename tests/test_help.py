"""Help that teaches: every help has examples, they all run, and no click syntax leaks into it."""

from __future__ import annotations

import itertools
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from conftest import BUNDLED, ROOT, Run, full_campaigns
from ilrs_cli.cli import app, load_commands

BIN = Path(sys.executable).parent


def command_paths() -> list[list[str]]:
    """Every command path: the root, each command, each group and its subcommands."""
    load_commands()
    root = get_command(app)
    paths: list[list[str]] = [[]]
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        paths.append([name])
        paths += [[name, sub] for sub in getattr(command, "commands", {})]
    return paths


PATHS = command_paths()


def help_text(path: list[str], width: int = 100) -> str:
    result = CliRunner().invoke(
        app, [*path, "--help"], prog_name="ilrs", env={"COLUMNS": str(width)}, terminal_width=width
    )
    assert result.exit_code == 0, (path, result.output)
    return result.stdout


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "ilrs")
def test_every_help_has_examples_and_no_click_syntax(path: list[str]) -> None:
    text = help_text(path)
    assert "Example" in text
    leaks = [line for line in text.splitlines() if re.search(r"<[\w-]+(\|[\w-]+)*>|<int|\{[\w|]+\}|x>=|x<=", line)]
    assert not leaks, leaks


def test_commands_are_listed_in_order_and_summaries_are_whole() -> None:
    text = help_text([], width=80)  # summaries fit a common 80-column terminal
    listing = text[text.index("Commands:") :].splitlines()[1:]
    names = [line.split()[0] for line in listing if line.startswith("  ") and not line.startswith("   ")]
    assert names[:4] == ["list", "show", "timeline", "diff"]
    summaries = {
        line.split()[0]: line.split(None, 1)[1] for line in listing if line.startswith("  ") and len(line.split()) > 1
    }
    assert summaries["edit"] == "Change a participant's name, kind, country, status or notes."
    assert not [s for s in summaries.values() if s.endswith(("e.g.", "..."))]
    group = help_text(["agreement"], width=80)
    assert not [line for line in group[group.index("Commands:") :].splitlines() if line.endswith("...")]


def test_short_options_mean_one_thing() -> None:
    """-n is a count wherever it appears (list --limit, log --max-count), -r a git revision; --dry-run and
    --reverse have no short form; every other short option means one thing."""
    load_commands()
    meanings: dict[str, set[str]] = {}
    root = get_command(app)

    def walk(command: object) -> None:
        for param in getattr(command, "params", []):
            for short in (o for o in param.opts + param.secondary_opts if len(o) == 2):
                meanings.setdefault(short, set()).add(param.name)
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(root)
    assert meanings["-n"] == {"limit", "max_count"}
    assert meanings["-r"] == {"rev"}  # --reverse has no short form: -r is git's revision (diff, log)
    assert not [s for s, names in meanings.items() if "dry_run" in names]
    # every other short option means one thing wherever it appears
    assert {s: names for s, names in meanings.items() if len(names) > 1 and s != "-n"} == {}


def examples(path: list[str]) -> list[str]:
    """The example command lines of one help text (the lines under "Examples:")."""
    text = help_text(path)
    block = text[text.index("Example") :].split("\n\n")[0]
    lines = [line.strip() for line in block.splitlines()[1:]]
    assert lines, f"{path}: an Examples block, one command a line"
    return [line for line in lines if line.startswith(("ilrs ", "ILRS_"))]


@pytest.fixture(scope="module")
def workplace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """What the examples refer to: members.toml (the ledger in use), data/members.toml in a git repository
    with two commits, old.toml and new.toml, a participant entered by mistake."""
    here = tmp_path_factory.mktemp("examples")
    env = {
        "PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(here / "home"),
        "XDG_DATA_HOME": str(here / "home" / "data"),
        "XDG_CACHE_HOME": str(here / "home" / "cache"),
        "ILRS_LEDGER": "members.toml",
        "LANG": "C.UTF-8",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    (here / "home").mkdir()
    (here / "data").mkdir()
    for name in ("members.toml", "data/members.toml", "old.toml", "new.toml", "base.toml", "ours.toml", "theirs.toml"):
        shutil.copyfile(BUNDLED, here / name)

    def sh(command: str) -> None:
        subprocess.run(["bash", "-c", command], cwd=here, env=env, check=True, capture_output=True)

    sh("ilrs withdraw uae --date 2025-03 --ledger new.toml")
    sh('ilrs add "Test entry" --id test-entry --kind company --signed 2025 --source https://example.org')
    if shutil.which("git"):
        sh("git -C data init -q -b main && git -C data add members.toml && git -C data commit -qm one")
        sh("ilrs edit ethiopia --note 'Named by Roscosmos.' --ledger data/members.toml && git -C data commit -qam two")
    return here, env


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "ilrs")
def test_every_example_runs(
    path: list[str], workplace: tuple[Path, dict[str, str]], run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    here, env = workplace
    if not shutil.which("git") and "--rev" in " ".join(examples(path)) + " ".join(path):
        pytest.skip("needs git")
    before = {p: p.read_bytes() for p in (BUNDLED, ROOT / "data" / "members.schema.json")}
    monkeypatch.chdir(here)
    for line in examples(path):
        code, stderr = run_example(line, here, env, run)
        negative_answer = code == 1 and re.match(r"ilrs (diff|check|fmt --check)\b", line)
        assert code == 0 or negative_answer, f"{line}\n{stderr}"
        assert "ilrs: error" not in stderr, line
    assert before == {p: p.read_bytes() for p in before}, "an example changed the bundled data"


SHELL_SYNTAX = re.compile(r"[|<>;&$`]")
ASSIGNMENT = re.compile(r"[A-Z_]+=")


def run_example(line: str, here: Path, env: dict[str, str], run: Run) -> tuple[int, str]:
    """Run one example line: its exit status and stderr.

    Under --slow (and in CI) every line runs in bash with the installed `ilrs`, as a reader pastes it. In the
    default loop a line with no shell syntax runs in-process (a tenth of the time: no interpreter start-up),
    split into words as bash splits it; a pipe or a redirection still goes to bash.
    """
    if full_campaigns() or SHELL_SYNTAX.search(line):
        result = subprocess.run(["bash", "-c", line], cwd=here, env=env, capture_output=True, text=True, check=False)
        return result.returncode, result.stderr
    words = shlex.split(line, comments=True)
    settings = [word for word in itertools.takewhile(ASSIGNMENT.match, words)]
    assert words[len(settings)] == "ilrs", line
    outcome = run(*words[len(settings) + 1 :], env={**env, **dict(s.split("=", 1) for s in settings)})
    return outcome.code, outcome.stderr
