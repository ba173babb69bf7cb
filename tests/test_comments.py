"""Comments are never dropped silently, and `check` points at the line of the offending key or value.

Both ask the store's TOML lexer (store/lexer.py; fuzzed against tomlkit in tests/test_lexer.py).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ADD, BUNDLED, Run

NOTES = 'notes = "Initiator and lead of the ILRS;'
HINT = "hint: move them into `notes` fields, or pass --drop-comments to discard them\n"


def with_line(path: Path, old: str, new: str) -> int:
    """Replace the line starting with ``old`` by ``new`` (one or more lines); return its 1-based number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(n for n, line in enumerate(lines) if line.startswith(old))
    lines[number] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def test_the_issue_case_a_comment_after_an_escaped_quote_in_a_multiline_string(
    run: Run, ledger_copy: Path, tmp_path: Path
) -> None:
    """Measured: `ilrs edit` dropped this comment, exit 0. Now the write is refused and the file kept."""
    line = with_line(ledger_copy, NOTES, 'notes = """Initiator: \\""" said the agency."""  # check this quote')
    before = ledger_copy.read_bytes()
    refused = run("edit", "china", "--note", "x", "--ledger", str(ledger_copy))
    assert (refused.code, refused.stdout) == (2, "")
    assert refused.stderr == (
        f"ilrs: error: {ledger_copy}: has 1 comment line(s) the writer cannot keep (line {line}: # check this quote)\n"
        + HINT
    )
    assert ledger_copy.read_bytes() == before  # the comment survives
    forced = run("edit", "china", "--note", "x", "--drop-comments", "--ledger", str(ledger_copy))
    assert forced.code == 0
    plain = tmp_path / "plain.toml"  # the same edit of the same ledger without the comment
    shutil.copyfile(BUNDLED, plain)
    assert run("edit", "china", "--note", "x", "--ledger", str(plain)).code == 0
    assert ledger_copy.read_bytes() == plain.read_bytes()


@pytest.mark.parametrize(
    ("old", "new", "listed"),
    [
        (NOTES, 'notes = """a\n# not a comment\n"""  # one', [(2, "# one")]),
        (NOTES, "notes = '''a \\ '' # not'''  # one", [(0, "# one")]),  # no escapes in a literal string
        (NOTES, 'notes = "a \\" # not" # one', [(0, "# one")]),
        (NOTES, "notes = 'a \\' # one", [(0, "# one")]),
        (NOTES, 'notes = ""  # one', [(0, "# one")]),
        (NOTES, 'notes = """a""""" # one', [(0, "# one")]),
        (NOTES, 'notes = "x"\n  # one\n\t# two', [(1, "# one"), (2, "# two")]),
        ("sources = [", "sources = [ # one\n  # two", [(0, "# one"), (1, "# two")]),
        ("[[participant.agreement]]", "[[participant.agreement]] # one", [(0, "# one")]),
    ],
)
def test_every_comment_is_found_wherever_it_stands(
    run: Run, ledger_copy: Path, old: str, new: str, listed: list[tuple[int, str]]
) -> None:
    line = with_line(ledger_copy, old, new)
    before = ledger_copy.read_bytes()
    refused = run("add", "X Land", *ADD, "--ledger", str(ledger_copy))
    expected = "; ".join(f"line {line + offset}: {text}" for offset, text in listed)
    assert refused.code == 2
    assert f"has {len(listed)} comment line(s) the writer cannot keep ({expected})" in refused.stderr
    assert ledger_copy.read_bytes() == before


def test_hashes_inside_strings_of_every_kind_are_not_comments(run: Run, ledger_copy: Path) -> None:
    with_line(ledger_copy, NOTES, "notes = '''# a\n\"\"\"#b\"\"\" ''' ")
    result = run("add", "X Land", *ADD[:-1], "https://e.org/#frag", "--ledger", str(ledger_copy))
    assert result.code == 0, result.stderr
    assert "https://e.org/#frag" in ledger_copy.read_text(encoding="utf-8")


def test_the_writer_s_own_header_is_its_own_only_at_the_top(run: Run, ledger_copy: Path) -> None:
    header = BUNDLED.read_text(encoding="utf-8").splitlines()[1]
    line = with_line(ledger_copy, NOTES, f'notes = "x"\n{header}')
    refused = run("add", "X Land", *ADD, "--ledger", str(ledger_copy))
    assert refused.code == 2 and f"(line {line + 1}: {header})" in refused.stderr


def test_fmt_as_a_filter_refuses_too(run: Run, ledger_copy: Path) -> None:
    line = with_line(ledger_copy, NOTES, 'notes = """a \\""" b"""  # kept')
    result = run("fmt", "-", input=ledger_copy.read_bytes())
    assert (result.code, result.stdout) == (2, "")
    assert f"(line {line}: # kept)" in result.stderr


# -- check points at the offending key or value --------------------------------------------------

BAD_DATE = """format = 1
programme = "ilrs"

[[participant]]
id = "x-land"
name = "X Land"
kind = "company"

[[participant.agreement]]
signed = "2021"
sources = ["https://e.org/1"]

[[participant.agreement]]
instrument = "mou"
signed = "2023-02-30"
sources = ["https://e.org/2"]
"""
MESSAGE = "participant[1] (x-land).agreement[2].signed: '2023-02-30' is not a valid date"


@pytest.mark.parametrize("fmt", ["default", "table", "tsv", "csv", "json", "jsonl", "markdown"])
def test_check_points_at_the_bad_date_in_every_format(run: Run, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "l.toml"
    path.write_text(BAD_DATE, encoding="utf-8")
    line = BAD_DATE.splitlines().index('signed = "2023-02-30"') + 1
    result = run("check", str(path), *([] if fmt == "default" else ["-f", fmt]))
    assert result.code == 1
    out = result.stdout
    if fmt == "default":
        assert out.startswith(f"{path}:{line}: invalid-date: {MESSAGE[: MESSAGE.index(':')]}")
    elif fmt in ("json", "jsonl"):
        rows = json.loads(out) if fmt == "json" else [json.loads(row) for row in out.splitlines()]
        assert [row["line"] for row in rows] == [line]
    elif fmt in ("tsv", "csv"):
        rows = list(csv.reader(io.StringIO(out), delimiter="\t" if fmt == "tsv" else ","))
        assert rows[1][:3] == [str(path), str(line), "invalid-date"]
    else:
        # markdown `| 15 |`; the table right-aligns the number in its column, at the end of a line when the
        # path is long (pytest's temporary directories differ in length from run to run)
        assert re.search(rf"(^|[|│])\s*{line}\s*($|[|│])", out, re.MULTILINE), out
    assert run("check", str(path), "-f", "json").code == 1


def test_check_lines_of_keys_values_tables_and_missing_fields(run: Run, tmp_path: Path) -> None:
    text = (
        "format = 1\n"
        "[[participant]]\n"
        'id = "b"\n'
        'name = "B"\n'
        'kind = "company"\n'
        "[[participant.agreement]]\n"
        'signed = "2024"\n'
        "[[participant]]\n"
        'id = "a"\n'
        'name = "A"\n'
        'kind = "company"\n'
        'nmae = "x"\n'
        'agreement = [{signed = "2020", sources = ["https://e.org"]},\n'
        '  {signed = "2021", sources = ["ftp://e.org"]}]\n'
    )
    path = tmp_path / "l.toml"
    path.write_text(text, encoding="utf-8")
    result = run("check", str(path))
    assert result.code == 1
    assert result.stdout.splitlines() == [
        f"{path}:6: missing-source: participant[1] (b).agreement[1].sources: a member's agreement needs at least one source",
        f"{path}:12: unknown-key: participant[2] (a).nmae: unknown key 'nmae' (did you mean 'name'?)",
        f"{path}:14: invalid-url: participant[2] (a).agreement[2].sources: 'ftp://e.org' is not an http(s) URL",
    ]


def test_agreements_are_numbered_as_show_numbers_them_in_check_and_load_errors(run: Run, tmp_path: Path) -> None:
    """The file holds the 2023 agreement first; show and edit call it 2, and so do check and errors."""
    text = BAD_DATE.replace('signed = "2021"', 'signed = "2024"\nsignd = "x"').replace("2023-02-30", "2023-02-03")
    path = tmp_path / "l.toml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index('signd = "x"') + 1
    check = run("check", str(path))
    assert check.stdout == (
        f"{path}:{line}: unknown-key: participant[1] (x-land).agreement[2].signd: unknown key 'signd' (did you mean 'signed'?)\n"
    )
    error = run("show", "x-land", "--ledger", str(path))
    assert error.code == 2
    assert error.stderr.startswith(
        f"ilrs: error: {path}:{line}: participant[1] (x-land).agreement[2].signd: unknown key"
    )
    fixed = text.replace('signd = "x"\n', "")
    path.write_text(fixed, encoding="utf-8")
    shown = run("show", "x-land", "--ledger", str(path), "-f", "json")
    agreements = json.loads(shown.stdout)["agreements"]
    assert [a["signed"] for a in agreements] == ["2023-02-03", "2024"]
