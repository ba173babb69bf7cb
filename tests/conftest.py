"""Shared fixtures: an isolated environment, a CLI runner with separate streams, ledger copies."""

from __future__ import annotations

import os
import shutil
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
import typer
import typer.main
import typer.testing
from typer._click import Command as TyperCommandTree
from typer.testing import CliRunner

from ilrs_cli.cli import app, load_commands

load_commands()  # the in-process runner needs every command registered

# A shell that starts pytest in the background of a script (job control off) hands it SIGINT and SIGQUIT
# ignored, and every program a test starts would inherit that: the Ctrl-C tests would wait in vain. A Python
# handler is reset to the default in a new program, so installing Python's own gives them a real Ctrl-C.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# With PYTHONDONTWRITEBYTECODE set (as some machines and containers do), pytest rewrites the asserts of every
# test module on every run, about 1.5 s a worker. Its rewritten modules go to __pycache__, which git ignores.
sys.dont_write_bytecode = False

# Typer rebuilds the whole click command tree from the functions' signatures on every CliRunner.invoke
# (~85% of an in-process `ilrs list`, measured with cProfile). The tree depends only on what is registered,
# so it is built once per registration state; a command registered later (completion) makes a new key.
_TREES: dict[tuple[int, int, int], TyperCommandTree] = {}


def _command_tree(typer_app: typer.Typer) -> TyperCommandTree:
    key = (id(typer_app), len(typer_app.registered_commands), len(typer_app.registered_groups))
    if key not in _TREES:
        _TREES[key] = typer.main.get_command(typer_app)
    return _TREES[key]


typer.testing._get_command = _command_tree  # type: ignore[attr-defined,assignment]

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "members.toml"
# The options of the simplest valid `ilrs add NAME ...` (a company, a year, one source).
ADD = ["--kind", "company", "--signed", "2024", "--source", "https://e.org"]


@dataclass
class Outcome:
    """What one command did: exit status and the two streams, kept apart."""

    code: int
    stdout: str
    stderr: str


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No user ledger, no ILRS_LEDGER, fixed width, no colour: every test starts the same."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("ILRS_LEDGER", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "xterm")  # TERM=dumb (some CI) would draw tables in ASCII
    # git as on a fresh machine: pytest run from a git hook inherits GIT_DIR and the like, and a developer's
    # ~/.config/git (gpgsign, hooksPath, defaultBranch) would change what the tests' repositories do
    for key in [k for k in os.environ if k.startswith("GIT_")]:
        monkeypatch.delenv(key)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    yield home


Run = Callable[..., Outcome]


@pytest.fixture
def run() -> Run:
    """Run ``ilrs ARGS`` in-process; returns an Outcome."""
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Outcome:
        result = runner.invoke(app, list(args), input=input, env=env, prog_name="ilrs")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Outcome(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def ledger_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled ledger."""
    target = tmp_path / "members.toml"
    shutil.copyfile(BUNDLED, target)
    return target


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="also run the slow fault campaigns (CI does)")


# The property and fuzz suites run their full example counts under --slow (as CI does) and a tenth of
# them in the default loop, and sweeps run their ends only, so `pytest` stays near 30 s on two cores
# while CI still tries everything.
FULL_CAMPAIGNS = False


def pytest_configure(config: pytest.Config) -> None:
    global FULL_CAMPAIGNS
    FULL_CAMPAIGNS = bool(config.getoption("--slow"))
    from hypothesis import settings

    settings.register_profile("quick", max_examples=10, derandomize=True)
    settings.register_profile("full", max_examples=100)
    settings.load_profile("full" if FULL_CAMPAIGNS else "quick")
    if not FULL_CAMPAIGNS and config.option.basetemp is None and "TMPDIR" not in os.environ:
        _temporary_files_in_memory()


def _temporary_files_in_memory() -> None:
    """The quick loop keeps its temporary files in /dev/shm when that is a tmpfs with room to spare.

    Every ledger write syncs its file and directory to disk: on this project's machine that is 2 to 3 s more
    system time and 1.5 s of a 35 s loop when idle, 15 s of 75 s under load. The whole campaign (--slow, as CI runs) stays on the disk, where users'
    ledgers are; TMPDIR or --basetemp, when given, win.
    """
    import tempfile

    memory = Path("/dev/shm")
    try:
        room = os.statvfs(memory)
    except OSError:
        return
    if room.f_bavail * room.f_frsize >= 2 << 30 and os.access(memory, os.W_OK | os.X_OK):
        tempfile.tempdir = str(memory)


def full_campaigns() -> bool:
    """Whether this run is the whole campaign (--slow, as CI runs) rather than the default quick loop."""
    return FULL_CAMPAIGNS


def examples(full: int, least: int = 5) -> int:
    """How many examples a property test (or writers a campaign) tries: ``full`` under --slow, a tenth (at least
    ``least``) otherwise."""
    return full if FULL_CAMPAIGNS else max(least, full // 10)


def sweep(every: Sequence[T], *quick: T) -> list[T]:
    """The cases a sweep tries: ``every`` one under --slow (as CI runs), the ``quick`` few otherwise.

    For sweeps that start a real program per case (terminal widths, shells, encodings): the quick few are
    the ends of the range, where the behaviour changes most.
    """
    assert all(case in every for case in quick), quick
    return list(every) if FULL_CAMPAIGNS else list(quick)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow campaign: run with --slow (CI does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
