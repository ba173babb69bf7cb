"""Keep the README's transcripts and tables true (in the manner of cog).

Every ```console block in README.md holds `$ command` lines followed by their output. This script
runs each command (through bash, in a scratch directory holding copies of the bundled ledgers,
`members.toml` and `artemis-accords.toml`, with COLUMNS=100 and colour off) and either checks the
README against the real output (`--check`, used by tests/test_readme.py) or rewrites the outputs in
place (`--write`).
Between `<!-- generated: NAME -->` and `<!-- end: NAME -->` it writes a table built from the code's
own declarations (`columns`: the output records of `ilrs_cli.output.records`).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

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
    # The scratch directory differs every run: it is shown as the home directory a reader might have,
    # so the user ledger reads as the absolute path ilrs really prints (~/.local/share/ilrs/...).
    return result.stdout.replace(str(scratch / "home"), "/home/you")


def picture(command: str) -> str:
    """An SVG the README shows, drawn afresh."""
    with tempfile.TemporaryDirectory() as name:
        scratch = Path(name)
        (scratch / "home").mkdir()
        run_command(command, scratch)
        return (scratch / "picture.svg").read_text(encoding="utf-8")


def render(text: str) -> str:
    """The README with every transcript's output replaced by the real output."""
    with tempfile.TemporaryDirectory() as name:
        scratch = Path(name)
        (scratch / "home").mkdir()
        for ledger in ("members.toml", "artemis-accords.toml"):  # the bundled ledgers, to write on and compare
            shutil.copyfile(ROOT / "data" / ledger, scratch / ledger)

        def block(match: re.Match[str]) -> str:
            commands = [line[2:] for line in match.group(2).splitlines() if line.startswith("$ ")]
            body = "".join(f"$ {c}\n{run_command(c, scratch)}" for c in commands)
            return match.group(1) + body + match.group(3)

        text = BLOCK.sub(block, text)
    return GENERATED_BLOCK.sub(lambda m: m.group(1) + generated(m.group(2)) + m.group(4), text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="exit 1 if a transcript differs from the real output")
    mode.add_argument("--write", action="store_true", help="rewrite the transcripts in place")
    args = parser.parse_args()
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    drawn = {path: picture(command) for path, command in PICTURES.items()}
    if args.write:
        README.write_text(fresh, encoding="utf-8")
        for path, svg in drawn.items():
            path.write_text(svg, encoding="utf-8")
        return 0
    status = 0
    if fresh != current:
        import difflib

        sys.stdout.writelines(
            difflib.unified_diff(current.splitlines(True), fresh.splitlines(True), "README.md", "real output")
        )
        status = 1
    for path, svg in drawn.items():
        if not path.exists() or path.read_text(encoding="utf-8") != svg:
            print(f"{path.relative_to(ROOT)} is not what `{PICTURES[path]}` draws now")
            status = 1
    return status


if __name__ == "__main__":
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    raise SystemExit(main())
