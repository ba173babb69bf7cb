"""Issue 11 §3, "nothing raw", as an outsider found it after the first fixes: one escaping per medium (no
message escaped twice), a --dry-run that ends as the write would, words that read, answers typed on a
UTF-8 terminal kept as typed whatever the locale says."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from conftest import BUNDLED, Run
from test_pty import Terminal

ESCAPES = "\\u001b]0;T\\u0007\\u001b[2J\\u009b31m\\u202e"  # TOML escapes: ESC, BEL, CSI (C1), RLO

BAD_DATE = f"""format = 1

[[participant]]
id = "a"
name = "A"
kind = "company"
status = "member"

[[participant.agreement]]
instrument = "mou"
signed = "2023{ESCAPES}"
sources = ["https://e.org/a"]
"""


@pytest.fixture
def bad_date(tmp_path: Path) -> Path:
    path = tmp_path / "l.toml"
    path.write_text(BAD_DATE, encoding="utf-8")
    return path


def test_a_date_message_is_escaped_once_by_each_format(run: Run, bad_date: Path) -> None:
    # measured: the date's message came pre-escaped by repr(), then escaped again by the writer:
    # `'2023\\x1b...\\u202e'` in TSV and a literal backslash-x in JSON, unlike every other message
    before = bad_date.read_bytes()
    tsv = run("check", str(bad_date), "-f", "tsv", "--no-headers")
    assert tsv.code == 1
    assert tsv.stdout.splitlines()[-1].split("\t")[2:] == [
        "invalid-date",
        "error",
        "participant[1] (a).agreement[1].signed: invalid date '2023\\x1b]0;T\\x07\\x1b[2J\\x9b31m<U+202E>' "
        "(expected YYYY, YYYY-MM or YYYY-MM-DD)",
    ]
    records = json.loads(run("check", str(bad_date), "-f", "json").stdout)
    assert records[-1]["message"] == (
        "participant[1] (a).agreement[1].signed: invalid date '2023\x1b]0;T\x07\x1b[2J\x9b31m\u202e' "
        "(expected YYYY, YYYY-MM or YYYY-MM-DD)"
    )
    assert bad_date.read_bytes() == before


def test_a_date_error_on_stderr_is_escaped_by_the_terminal_rule(run: Run) -> None:
    result = run("list", "--as-of", "x\x1b[2J\n")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        "ilrs: error: --as-of: invalid date 'x\\x1b[2J\\x0a' (expected YYYY, YYYY-MM or YYYY-MM-DD)\n"
    )


def test_a_format_message_is_escaped_once(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "l.toml"
    path.write_text('format = "1\\u001b"\n', encoding="utf-8")
    records = json.loads(run("check", str(path), "-f", "json").stdout)
    assert [r["message"] for r in records] == ["format: unsupported format '1\x1b' (this ilrs reads format 1)"]


def test_withdraw_dry_run_reads_as_english(run: Run, ledger_copy: Path) -> None:
    # measured: "would have withdrew uae (United Arab Emirates) on 2025-03"
    before = ledger_copy.read_bytes()
    result = run("withdraw", "uae", "--date", "2025-03", "--dry-run", "--ledger", str(ledger_copy))
    assert result.code == 0
    assert (
        result.stderr
        == "would have marked uae (United Arab Emirates) withdrawn on 2025-03 (dry run: nothing written)\n"
    )
    assert ledger_copy.read_bytes() == before


def test_a_lock_timeout_of_zero_is_refused_in_words_that_exclude_it(run: Run, ledger_copy: Path) -> None:
    # measured: "'0' is not a number of seconds between 0 and 3600" (0 is between 0 and 3600)
    before = ledger_copy.read_bytes()
    result = run("withdraw", "uae", "--date", "2025-03", "--ledger", str(ledger_copy), env={"ILRS_LOCK_TIMEOUT": "0"})
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == (
        "ilrs: error: ILRS_LOCK_TIMEOUT: '0' is not a number of seconds above 0 and at most 3600"
    )
    assert ledger_copy.read_bytes() == before


ADD = ("add", "Foo Corp", "--kind", "company", "--signed", "2024", "--source", "https://e.org/x")


def test_a_dry_run_ends_as_the_write_would_when_comments_would_go(run: Run, ledger_copy: Path) -> None:
    # measured: --dry-run said "would have added foo-corp", exit 0, where the write itself is refused
    ledger_copy.write_bytes(b"# kept by hand\n" + ledger_copy.read_bytes())
    before = ledger_copy.read_bytes()
    written = run(*ADD, "--yes", "--ledger", str(ledger_copy))
    dry = run(*ADD, "--dry-run", "--ledger", str(ledger_copy))
    assert (written.code, dry.code) == (2, 2)
    refusal = ": has 1 comment line(s) the writer cannot keep (line 1: # kept by hand)"
    assert refusal in written.stderr.splitlines()[0] and refusal in dry.stderr.splitlines()[0]
    assert "would have" not in dry.stderr
    assert "-# kept by hand\n" in dry.stdout and '+id = "foo-corp"\n' in dry.stdout  # what would go, and come
    assert ledger_copy.read_bytes() == before
    dropping = run(*ADD, "--dry-run", "--drop-comments", "--ledger", str(ledger_copy))
    assert dropping.code == 0
    assert dropping.stderr == "would have added foo-corp (Foo Corp), 1 agreement (dry run: nothing written)\n"
    assert ledger_copy.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize(
    "locale",
    [
        {"PYTHONIOENCODING": "latin-1"},  # measured: stored "ZÃ©d TÃ¼rk"
        {"PYTHONIOENCODING": "ascii"},  # measured: "that answer is not valid UTF-8 text", again and again
        {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},  # likewise
    ],
)
def test_an_answer_typed_in_utf8_is_kept_whatever_the_locale(tmp_path: Path, locale: dict[str, str]) -> None:
    path = tmp_path / "members.toml"
    shutil.copyfile(BUNDLED, path)
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_CTYPE", "PYTHONIOENCODING")}
    env |= {"HOME": str(tmp_path), "TERM": "xterm", **locale}
    term = Terminal([sys.executable, "-m", "ilrs_cli", "add", "--ledger", str(path)], env)
    steps = [
        ("Name", "Zéd Türk"),
        ("Kind", "company"),
        ("Country code", ""),
        ("Status", ""),
        ("Signed", "2024"),
        ("Announced", ""),
        ("Instrument", ""),
        ("Counterpart", ""),
        ("Source URL", "https://e.org/x"),
        ("Another source URL", ""),
        ("Confidence", ""),
        ("Write it?", "y"),
    ]
    term.answer(steps)
    assert term.finish() == 0, term.seen
    assert "not valid UTF-8" not in term.seen
    text = path.read_text(encoding="utf-8")
    assert 'id = "zed-turk"\nname = "Zéd Türk"\n' in text


@pytest.mark.parametrize("value", ["", " "])
def test_an_empty_id_is_refused_not_derived(run: Run, ledger_copy: Path, value: str) -> None:
    # measured: `--id ""` was taken for no --id (the id derived from the name), `--id " "` refused
    before = ledger_copy.read_bytes()
    result = run(*ADD, "--id", value, "--dry-run", "--ledger", str(ledger_copy))
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        "ilrs: error: --id: holds an empty value\nhint: leave --id out to derive the id from the name\n"
    )
    assert ledger_copy.read_bytes() == before


@pytest.mark.parametrize("command", ["list", "agreements", "timeline"])
def test_id_names_a_participant_as_show_reads_it_or_is_refused(run: Run, command: str) -> None:
    # measured: `list --id nope` and `agreements --id nope` printed nothing, exit 0 (timeline refused it), and
    # `timeline --id Pakistan` (a name, as `show` takes it) printed nothing, exit 0
    wanted = run(command, "--id", "pakistan").stdout
    assert wanted and {line.split("\t")[2 if command == "timeline" else 0] for line in wanted.splitlines()} == {
        "pakistan"
    }
    for alias in ("Pakistan", "paki"):
        assert run(command, "--id", alias).stdout == wanted, alias
    assert run(command, "--id", "pakistan", "--id", "Pakistan").stdout == wanted
    missing = run(command, "--id", "nope")
    assert (missing.code, missing.stdout) == (2, "")
    assert missing.stderr.startswith("ilrs: error: --id: no participant with id or name 'nope'\n")
