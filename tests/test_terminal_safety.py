"""Terminal safety: data is never interpreted (markup, emoji codes) nor sent raw (escapes, C1, bidi, zero-width)."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from conftest import BUNDLED, Run
from ilrs_cli.core.model import Agreement, Kind, Participant
from ilrs_cli.core.text import escape_markdown
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
            shown = name.replace("\\", "\\\\") if fmt in ("tsv", "json", "jsonl") else name
            if fmt == "markdown":
                shown = escape_markdown(name)
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
    from ilrs_cli.output.records import PARTICIPANT
    from ilrs_cli.output.render import participant_view, records_table

    terminal = Terminal(True, True, 100, True, True)
    for renderable in (
        records_table(PARTICIPANT, ["name"], [row], 100),
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


# -- issue 11 §3: every channel a person reads, with hostile sequences -----------------------------

OSC_CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"
OSC_TITLE = "\x1b]0;pwned\x07"
CLEAR_SCREEN = "\x1b[2J\x1b[H"
RAW_SEQUENCES = [OSC_CLIPBOARD, OSC_TITLE, CLEAR_SCREEN, "\x1b", "\x07", "\x9b", "\u202e"]


def assert_nothing_raw(*texts: str) -> None:
    for text in texts:
        for raw in RAW_SEQUENCES:
            assert raw not in text, (raw, text)


def hostile_values_ledger(tmp_path: Path) -> Path:
    """Escape sequences where check quotes stored values back: a status, a date, a key."""
    path = tmp_path / "hostile.toml"
    path.write_text(
        'format = 1\n\n[[participant]]\nid = "p0"\nname = "Plain"\nkind = "company"\n'
        'status = "\\u001b]52;c;cm0gLXJmIH4=\\u0007"\n'
        '"nmae\\u001b]0;pwned\\u0007" = "x"\n\n'
        '[[participant.agreement]]\nsigned = "\\u001b[2J\\u001b[H"\nsources = ["https://e.org/x"]\n',
        encoding="utf-8",
    )
    return path


def test_check_messages_never_carry_escape_sequences(run: Run, tmp_path: Path) -> None:
    path = hostile_values_ledger(tmp_path)
    for fmt in ([], ["-f", "tsv"], ["-f", "csv"], ["-f", "markdown"], ["-f", "json"]):
        result = run("check", str(path), *fmt)
        assert result.code == 1, result.stderr
        assert_nothing_raw(result.stdout, result.stderr)
    plain = run("check", str(path)).stdout
    assert "'\\x1b]52;c;cm0gLXJmIH4=\\x07' is not one of" in plain
    assert "unknown key 'nmae\\x1b]0;pwned\\x07'" in plain
    assert "invalid date '\\x1b[2J\\x1b[H'" in plain


def test_check_escapes_a_hostile_file_name(run: Run, tmp_path: Path) -> None:
    named = tmp_path / f"evil{OSC_TITLE}{CLEAR_SCREEN}.toml"
    shutil.copyfile(hostile_values_ledger(tmp_path), named)
    result = run("check", str(named))
    assert result.code == 1
    assert_nothing_raw(result.stdout, result.stderr)
    assert "evil\\x1b]0;pwned\\x07\\x1b[2J\\x1b[H.toml:" in result.stdout
    missing = run("check", str(tmp_path / f"gone{OSC_CLIPBOARD}.toml"))
    assert missing.code == 2
    assert_nothing_raw(missing.stdout, missing.stderr)


def test_dry_run_diff_escapes_what_a_comment_smuggled_in(run: Run, ledger_copy: Path) -> None:
    ledger_copy.write_text(ledger_copy.read_text() + "# evil \x9b31m \u202eexe.txt \x9d0;t\x9c\n")
    before = ledger_copy.read_bytes()
    result = run("edit", "china", "--note", "x", "--ledger", str(ledger_copy), "--dry-run", "--drop-comments")
    assert result.code == 0, result.stderr
    assert_nothing_raw(result.stdout, result.stderr)
    assert "-# evil \\x9b31m <U+202E>exe.txt \\x9d0;t\\x9c\n" in result.stdout
    assert ledger_copy.read_bytes() == before


def test_dry_run_diff_splits_lines_only_at_newlines(run: Run, ledger_copy: Path) -> None:
    ledger_copy.write_text(ledger_copy.read_text() + "# a\u2028b\x85c\n")
    result = run("edit", "china", "--note", "x", "--ledger", str(ledger_copy), "--dry-run", "--drop-comments")
    assert "-# a<U+2028>b\\x85c\n" in result.stdout


def test_where_escapes_a_hostile_path(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / f"d{CLEAR_SCREEN}"
    folder.mkdir()
    shutil.copyfile(BUNDLED, folder / "m.toml")
    result = run("where", "--ledger", str(folder / "m.toml"))
    assert result.code == 0
    assert_nothing_raw(result.stdout, result.stderr)
    assert result.stdout == f"{tmp_path}/d\\x1b[2J\\x1b[H/m.toml\n"


@pytest.mark.parametrize(
    "args",
    [
        ["show", f"x{OSC_CLIPBOARD}"],
        ["list", "--kind", f"state{OSC_TITLE}"],
        ["list", "--country", f"P{CLEAR_SCREEN}"],
        ["list", "--as-of", f"2024{OSC_TITLE}"],
        ["add", f"X{OSC_CLIPBOARD}", "--kind", "company", "--signed", "2024", "--source", "https://e.org"],
        ["edit", "china", "--name", f"China{OSC_TITLE}"],
        ["list", f"--no-such-option{OSC_TITLE}"],
        [f"no-such-command{CLEAR_SCREEN}"],
    ],
)
def test_error_messages_escape_everything_they_quote(run: Run, ledger_copy: Path, args: list[str]) -> None:
    before = ledger_copy.read_bytes()
    result = run(*args, "--ledger", str(ledger_copy))
    assert result.code == 2
    assert result.stderr.startswith("ilrs: error: ")
    assert_nothing_raw(result.stdout, result.stderr)
    assert "\\x1b" in result.stderr or "U+001B" in result.stderr
    assert ledger_copy.read_bytes() == before


def test_markdown_output_is_inert_when_rendered(run: Run, tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    names = ["<img src=x onerror=alert(1)>", "![t](https://evil.example/p.png)", "[x](javascript:alert(1))"]
    path = ledger_with(tmp_path, names)
    result = run("list", "-f", "markdown", "--fields", "id,name,counterpart", "--ledger", str(path))
    assert result.code == 0
    rendered = MarkdownIt("commonmark").enable("table").render(result.stdout)
    assert "<img" not in rendered and "<a " not in rendered and "<script" not in rendered
    for name in names:
        assert html_text(name) in rendered


def html_text(text: str) -> str:
    import html

    return html.escape(text, quote=False)
