"""Terminal safety: data is never interpreted (markup, emoji codes) nor sent raw (escapes, C1, bidi, zero-width)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from conftest import Run
from ilrs_cli.core.model import Agreement, Kind, Participant
from ilrs_cli.output.console import Terminal
from ilrs_cli.output.formats import Format, write_rows

RAW_DANGERS = ["\x1b", "\x9b", "\u202e", "\u200b", "\x07", "\x08", "\r", "\x7f", "\u2066"]

HOSTILE_ESCAPES = {
    "clear-screen": "\\u001b[2J\\u001b[H",
    "window-title": "\\u001b]0;pwned\\u0007",
    "clipboard-write": "\\u001b]52;c;cm0gLXJmIH4=\\u0007",
    "hyperlink": "\\u001b]8;;https://evil.example\\u001b\\\\click\\u001b]8;;\\u001b\\\\",
    "c1-csi": "\\u009b31m",
    "bidi-override": "abc\\u202Etxt.exe",
    "zero-width": "Pak\\u200Bistan",
    "backspace": "safe\\u0008\\u0008\\u0008evil",
    "carriage-return": "shown\\rhidden",
}

FUNNY_BUT_VALID = [
    "[bold red]Markup[/]",
    "[link=https://evil.example]click[/link]",
    ":flag_pk: Emoji :smile:",
    "Name with \\\\ backslash",
    "=SUM(A1:A9)",
    "@cmd",
    "+1",
    "-1 minus",
]


def ledger_with(tmp_path: Path, names: list[str], notes: str = "") -> Path:
    blocks = []
    for n, name in enumerate(names):
        blocks.append(
            f'[[participant]]\nid = "p{n}"\nname = "{name}"\nkind = "company"\nnotes = "{notes}"\n\n'
            f'[[participant.agreement]]\nsigned = "2024-0{n % 9 + 1}"\ncounterpart = "{name}"\n'
            'sources = ["https://e.org/x"]\n'
        )
    path = tmp_path / "hand-edited.toml"
    path.write_text("format = 1\n\n" + "\n".join(blocks), encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", sorted(HOSTILE_ESCAPES))
@pytest.mark.parametrize("field", ["name", "notes"])
@pytest.mark.parametrize("fmt", ["table", "tsv", "csv", "json", "jsonl", "markdown"])
def test_hostile_characters_are_refused_and_shown_escaped(
    run: Run, tmp_path: Path, kind: str, field: str, fmt: str
) -> None:
    value = HOSTILE_ESCAPES[kind]
    path = ledger_with(tmp_path, [value if field == "name" else "Plain"], notes=value if field == "notes" else "")
    result = run("list", "--format", fmt, "--color", "always", "--ledger", str(path), env={"FORCE_COLOR": "1"})
    assert result.code == 2
    assert result.stdout == ""
    assert "control or invisible characters" in result.stderr
    for danger in RAW_DANGERS:
        assert danger not in result.stderr.replace("\x1b[1;31merror\x1b[0m", "error")


def test_markup_and_emoji_codes_print_literally_everywhere(run: Run, tmp_path: Path) -> None:
    path = ledger_with(tmp_path, FUNNY_BUT_VALID)
    names = [n.replace("\\\\", "\\") for n in FUNNY_BUT_VALID]
    for fmt in ("table", "tsv", "json", "jsonl", "markdown"):
        result = run("list", "--format", fmt, "--fields", "name", "--ledger", str(path), env={"COLUMNS": "200"})
        assert result.code == 0
        for name in names:
            shown = name.replace("\\", "\\\\") if fmt in ("tsv", "json", "jsonl", "markdown") else name
            assert shown in result.stdout, (fmt, name)
    coloured = run("show", "p0", "--format", "table", "--color", "always", "--ledger", str(path))
    assert "[bold red]Markup[/]" in coloured.stdout
    assert ":flag_pk:" in run("show", "p2", "-f", "table", "--ledger", str(path)).stdout
    timeline = run("timeline", "-f", "table", "--color", "always", "--ledger", str(path), env={"COLUMNS": "200"})
    assert "[link=https://evil.example]click[/link]" in timeline.stdout
    assert "\x1b]8;" not in timeline.stdout  # no hyperlink escape was made from the markup


def test_csv_cells_that_look_like_formulas_are_defused(run: Run, tmp_path: Path) -> None:
    path = ledger_with(tmp_path, FUNNY_BUT_VALID)
    out = run("list", "--format", "csv", "--fields", "name,counterpart", "--ledger", str(path)).stdout
    for cell in ("'=SUM(A1:A9)", "'@cmd", "'+1", "'-1 minus"):
        assert cell in out


def test_every_output_escapes_what_slipped_past_the_loader() -> None:
    """Defence in depth: the output layer alone never emits a raw control, C1, bidi or zero-width character."""
    nasty = "A\x1b[2JB\x9b31mC\u202eD\u200bE\x07F\rG"
    row = {"id": "x", "name": nasty}
    for fmt in (Format.TSV, Format.CSV, Format.JSON, Format.JSONL, Format.MARKDOWN):
        stream = io.StringIO()
        write_rows(stream, fmt, ["id", "name"], [row], headers=True)
        text = stream.getvalue()
        for danger in RAW_DANGERS:
            assert danger not in text.replace("\r\n", "\n"), (fmt, danger)
        if fmt is Format.JSON:
            assert json.loads(text)[0]["name"] == nasty  # JSON escapes, and gives the value back exactly
    from ilrs_cli.output.render import participant_view, records_table

    terminal = Terminal(True, True, 100, True, True)
    for renderable in (
        records_table(["name"], [row], 100),
        participant_view(Participant("x", nasty, Kind.COMPANY, notes=nasty, agreements=(Agreement(notes=nasty),))),
    ):
        stream = io.StringIO()
        terminal.console(stream).print(renderable)
        text = stream.getvalue()
        assert "\\x1b[2J" in text and "<U+202E>" in text
        for danger in ("\x9b", "\u202e", "\u200b", "\x07", "\r"):
            assert danger not in text
        assert "\x1b[2J" not in text  # only rich's own style codes may start with ESC


def test_errors_about_stored_text_are_escaped(run: Run, tmp_path: Path) -> None:
    path = ledger_with(tmp_path, ["Plain"])
    path.write_text(
        path.read_text().replace('id = "p0"', 'id = "p0"\nnmae\\u001b = 1').replace("nmae\\u001b", '"nmae\\u001b[2J"')
    )
    result = run("list", "--ledger", str(path))
    assert result.code == 2
    assert "\\x1b[2J" in result.stderr and "\x1b[2J" not in result.stderr
