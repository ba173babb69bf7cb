"""Keep the README's transcripts and tables true (in the manner of cog).

Every ```console block in README.md holds `$ command` lines followed by their output. This script
runs each command (through bash, in a scratch directory holding copies of the bundled ledgers,
`members.toml` and `artemis-accords.toml`, with COLUMNS=100 and colour off) and either checks the
README against the real output (`--check`; tests/test_readme.py under --slow, as CI runs it) or rewrites
the outputs in place (`--write`). The default test loop checks with `run_in_process`, which runs each
plain `ilrs ...` line in its own process instead of starting one per line.
Between `<!-- generated: NAME -->` and `<!-- end: NAME -->` it writes a table built from the code's
own declarations (`columns`: the output records of `ilrs_cli.output.records`).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
# The pictures the README shows, each with the command that draws it. SOURCE_DATE_EPOCH fixes "today"
# (the reproducible-builds convention), so the pictures change only when the ledger or the code does.
TODAY = "SOURCE_DATE_EPOCH=1795219200"  # 21 Nov 2026
PICTURES = {
    ROOT / "docs" / "timeline.svg": "ilrs timeline --since 2023-09 --until 2024-09 --format table "
    "--capture-svg picture.svg > /dev/null",
    ROOT / "docs" / "chart.svg": f"{TODAY} ilrs chart -o picture.svg",
    ROOT / "docs" / "map.svg": f"{TODAY} ilrs map -o picture.svg",
}
BLOCK = re.compile(r"(```console\n)(.*?)(```)", re.DOTALL)
GENERATED_BLOCK = re.compile(r"(<!-- generated: (\w+) -->\n)(.*?)(<!-- end: \2 -->)", re.DOTALL)


def generated(name: str) -> str:
    """The text of a generated block, from the code's declarations."""
    if name == "columns":
        from ilrs_cli.output.records import markdown_table

        return markdown_table()
    raise SystemExit(f"README.md: no generator called {name!r}")


def _environment(scratch: Path) -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    return {
        "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(scratch / "home"),
        "COLUMNS": "100",
        "NO_COLOR": "1",
        "TERM": "xterm",  # a terminal as readers have; NO_COLOR keeps it plain (TERM=dumb would draw ASCII)
        "PYTHONUNBUFFERED": "1",  # stdout and stderr interleave in program order, as on a terminal
        "LANG": "C.UTF-8",
        # git as a fresh machine has it, with one fixed author and date so commit ids are the same every run
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Ada Editor",
        "GIT_AUTHOR_EMAIL": "ada@example.org",
        "GIT_COMMITTER_NAME": "Ada Editor",
        "GIT_COMMITTER_EMAIL": "ada@example.org",
        "GIT_AUTHOR_DATE": "2025-03-14T09:30:00+01:00",
        "GIT_COMMITTER_DATE": "2025-03-14T09:30:00+01:00",
    }


Runner = Callable[[str, Path], str]  # (command line, scratch directory) -> what the terminal shows


def run_command(command: str, scratch: Path) -> str:
    """Run one transcript command; its stdout and stderr together, as a terminal shows them."""
    result = subprocess.run(
        ["bash", "-c", f"{{ {command}\n}} 2>&1"],
        cwd=scratch,
        env=_environment(scratch),
        capture_output=True,
        text=True,
        check=False,
    )
    return _as_shown(result.stdout, scratch)


def _as_shown(output: str, scratch: Path) -> str:
    # The scratch directory differs every run: it is shown as the home directory a reader might have,
    # so the user ledger reads as the absolute path ilrs really prints (~/.local/share/ilrs/...).
    return output.replace(str(scratch / "home"), "/home/you")


# What the in-process runner reads itself: lists joined by && and ;, NAME=value settings, `echo "exit $?"`.
# Anything else a shell does (pipes, redirections, other expansions) goes to bash.
SHELL_SYNTAX = re.compile(r"[|<>`$]")
EXIT_STATUS = '"exit $?"'
SETTING = re.compile(r"[A-Z_]+=")


def run_in_process(command: str, scratch: Path) -> str:
    """What `run_command` shows, with `ilrs` run in this process (the same environment and directory, stdout
    and stderr interleaved as written): a line of `[NAME=value ...] ilrs ...`, `git ...` and the like, joined
    by `&&` and `;`, with `echo "exit $?"`. A line with other shell syntax runs in bash."""
    if SHELL_SYNTAX.search(command.replace(EXIT_STATUS, "")):
        return run_command(command, scratch)
    lexer = shlex.shlex(command, posix=True, punctuation_chars="&;")
    lexer.whitespace_split = True
    shown, status, joiner, words = [], 0, ";", []
    for token in [*lexer, ";"]:
        if token not in ("&&", ";"):
            words.append(token)
            continue
        if joiner == ";" or status == 0:  # `a && b` runs b only after a succeeded
            status, output = _run_words(words, status, scratch)
            shown.append(output)
        joiner, words = token, []
    return _as_shown("".join(shown), scratch)


def _run_words(words: list[str], last: int, scratch: Path) -> tuple[int, str]:
    """One simple command of a transcript line: its exit status and what it showed."""
    settings = list(itertools.takewhile(SETTING.match, words))
    argv = words[len(settings) :]
    env = _environment(scratch) | dict(setting.split("=", 1) for setting in settings)
    if argv == ["echo", "exit $?"]:
        return 0, f"exit {last}\n"
    if argv[:1] != ["ilrs"]:
        done = subprocess.run(argv, cwd=scratch, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
        return done.returncode, done.stdout.decode("utf-8")
    from typer._click import formatting
    from typer.main import get_command
    from typer.testing import CliRunner

    from ilrs_cli.cli import app, load_commands

    load_commands()
    status = 0
    with (
        mock.patch.dict(os.environ, env, clear=True),
        contextlib.chdir(scratch),
        CliRunner().isolation() as (_, _, output),
    ):
        for stream in (sys.stdout, sys.stderr):  # as PYTHONUNBUFFERED: the streams interleave in program order
            stream.reconfigure(write_through=True)  # type: ignore[union-attr]
        # the runner fixes help at 80 columns; a terminal's width comes from COLUMNS, as in a real run
        with mock.patch.object(formatting, "FORCED_WIDTH", None):
            try:
                get_command(app).main(argv[1:], "ilrs")
            except SystemExit as end:
                status = end.code if isinstance(end.code, int) else 0 if end.code is None else 1
        return status, output.getvalue().decode("utf-8")


def picture(command: str, run: Runner = run_command) -> str:
    """An SVG the README shows, drawn afresh."""
    with tempfile.TemporaryDirectory() as name:
        scratch = Path(name)
        (scratch / "home").mkdir()
        run(command, scratch)
        return (scratch / "picture.svg").read_text(encoding="utf-8")


def render(text: str, run: Runner = run_command) -> str:
    """The README with every transcript's output replaced by the real output."""
    with tempfile.TemporaryDirectory() as name:
        scratch = Path(name)
        (scratch / "home").mkdir()
        for ledger in ("members.toml", "artemis-accords.toml"):  # the bundled ledgers, to write on and compare
            shutil.copyfile(ROOT / "data" / ledger, scratch / ledger)

        def block(match: re.Match[str]) -> str:
            commands = [line[2:] for line in match.group(2).splitlines() if line.startswith("$ ")]
            body = "".join(f"$ {c}\n{run(c, scratch)}" for c in commands)
            return match.group(1) + body + match.group(3)

        text = BLOCK.sub(block, text)
    return GENERATED_BLOCK.sub(lambda m: m.group(1) + generated(m.group(2)) + m.group(4), text)


def stale(run: Runner = run_command) -> list[str]:
    """What is no longer true: a unified diff of the README against the real output, and each picture that
    is not what its command draws now. Empty when everything holds."""
    current = README.read_text(encoding="utf-8")
    fresh = render(current, run)
    found: list[str] = []
    if fresh != current:
        import difflib

        found += difflib.unified_diff(current.splitlines(True), fresh.splitlines(True), "README.md", "real output")
    for path, command in PICTURES.items():
        if not path.exists() or path.read_text(encoding="utf-8") != picture(command, run):
            found.append(f"{path.relative_to(ROOT)} is not what `{command}` draws now\n")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="exit 1 if a transcript differs from the real output")
    mode.add_argument("--write", action="store_true", help="rewrite the transcripts in place")
    args = parser.parse_args()
    if args.write:
        README.write_text(render(README.read_text(encoding="utf-8")), encoding="utf-8")
        for path, command in PICTURES.items():
            path.write_text(picture(command), encoding="utf-8")
        return 0
    found = stale()
    sys.stdout.writelines(found)
    return 1 if found else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    raise SystemExit(main())
