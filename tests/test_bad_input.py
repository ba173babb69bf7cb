"""Bad command-line values: each is exit 2 with one clear error line, empty stdout, the ledger untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ADD, Run

ADD = [*ADD]

# (arguments, words the error must contain). {L} is replaced by the ledger under test.
CASES: list[tuple[list[str], str]] = [
    (["list", "--as-of", "2024-02-30", "--ledger", "{L}"], "Feb 2024 has 29 days"),
    (["list", "--as-of", "2023-13", "--ledger", "{L}"], "no month 13"),
    (["list", "--since", "last week", "--ledger", "{L}"], "--since: invalid date"),
    (["list", "--until", "2024-5-1", "--ledger", "{L}"], "--until: invalid date"),
    (["list", "--kind", "planet", "--ledger", "{L}"], "--kind: "),
    (["list", "--status", "joined", "--ledger", "{L}"], "--status: "),
    (["list", "--country", "Pakistan", "--ledger", "{L}"], "is not an ISO 3166-1 alpha-2 country code"),
    (["list", "--country", "XX", "--ledger", "{L}"], "'XX' is not an ISO 3166-1"),
    (["list", "--sort", "size", "--ledger", "{L}"], "cannot sort by 'size'"),
    (["list", "--fields", "id,colour", "--ledger", "{L}"], "unknown field 'colour'"),
    (["list", "--format", "xml", "--ledger", "{L}"], "--format: "),
    (["list", "--limit", "ten", "--ledger", "{L}"], "--limit: "),
    (["list", "--color", "sometimes", "--ledger", "{L}"], "--color: 'sometimes' is not one of"),
    (["list", "--ledger", "{L}", "extra"], "Got unexpected extra argument"),
    (["list", "--ledger", "/nonexistent/ledger.toml"], "no such file or directory"),
    (["list", "--frobnicate"], "No such option: --frobnicate"),
    (["lsit"], "No such command 'lsit'"),
    (["show", "nobody", "--ledger", "{L}"], "no participant with id or name 'nobody'"),
    (["show", "--ledger", "{L}"], "Missing argument 'ID|NAME'"),
    (["timeline", "--by", "week", "--ledger", "{L}"], "--by: "),
    (["chart", "--title", "", "--ledger", "{L}"], "--title: empty text"),
    (["report", "--title", "  ", "--ledger", "{L}"], "--title: empty text"),
    (["timeline", "--event", "born", "--ledger", "{L}"], "--event: "),
    (["timeline", "--id", "pakstan", "--ledger", "{L}"], "did you mean: pakistan"),
    (["diff", "--since", "2024", "--until", "2023", "--ledger", "{L}"], "is before --since"),
    (["diff", "{L}"], "missing NEW"),
    (["diff", "--rev", "a", "--rev", "b", "--rev", "c", "--ledger", "{L}"], "at most two revisions"),
    (["diff", "--rev", "-x", "--ledger", "{L}"], "invalid revision"),
    (
        [
            "add",
            "X Land",
            "--kind",
            "company",
            "--signed",
            "2024-02-30",
            "--source",
            "https://e.org",
            "--ledger",
            "{L}",
        ],
        "Feb 2024 has 29 days",
    ),
    (
        [
            "add",
            "X Land",
            "--kind",
            "state",
            "--country",
            "ZZ",
            "--signed",
            "2024",
            "--source",
            "https://e.org",
            "--ledger",
            "{L}",
        ],
        "'ZZ' is not an ISO",
    ),
    (
        [
            "add",
            "X Land",
            "--kind",
            "company",
            "--signed",
            "2024",
            "--source",
            "javascript:alert(1)",
            "--ledger",
            "{L}",
        ],
        "is not an http(s) URL",
    ),
    (
        [
            "add",
            "X Land",
            *ADD,
            "--confidence",
            "sure",
            "--ledger",
            "{L}",
        ],
        "--confidence: ",
    ),
    (
        [
            "add",
            "X Land",
            *ADD,
            "--instrument",
            "treaty",
            "--ledger",
            "{L}",
        ],
        "--instrument: ",
    ),
    (
        [
            "add",
            "X Land",
            *ADD,
            "--id",
            "X Land",
            "--ledger",
            "{L}",
        ],
        "not a valid id",
    ),
    (["add", "Pakistan", *ADD, "--id", "pk2", "--ledger", "{L}"], "is the same as 'Pakistan'"),
    (["add", "PAKISTAN", *ADD, "--id", "pk2", "--ledger", "{L}"], "is the same as 'Pakistan'"),
    (["add", "Pak\u0456stan", *ADD, "--id", "pk2", "--ledger", "{L}"], "U+0456"),
    (["add", "Evil\u202eName", *ADD, "--ledger", "{L}"], "U+202E"),
    (["add", "Zero\u200bWidth", *ADD, "--ledger", "{L}"], "U+200B"),
    (["add", "Bell\x07Name", *ADD, "--ledger", "{L}"], "U+0007"),
    (["add", "X", *ADD, "--note", "\x1b]52;c;SGVsbG8=\x07", "--ledger", "{L}"], "U+001B"),
    (["add", "X" * 201, *ADD, "--id", "long", "--ledger", "{L}"], "at most 200"),
    (
        [
            "add",
            "X Land",
            "--kind",
            "company",
            "--signed",
            "2024",
            "--announced",
            "2023-12",
            "--source",
            "https://e.org",
            "--ledger",
            "{L}",
        ],
        "before signed",
    ),
    (
        ["add", "X Land", "--kind", "company", "--source", "https://e.org", "--ledger", "{L}"],
        "missing --signed or --announced",
    ),
    (["add", "X Land", "--signed", "2024", "--source", "https://e.org", "--ledger", "{L}"], "missing --kind"),
    (["add", "X Land", *ADD, "--status", "withdrawn", "--ledger", "{L}"], "ilrs withdraw ID --date DATE"),
    (
        ["agreement", "add", "nobody", "--signed", "2024", "--source", "https://e.org", "--ledger", "{L}"],
        "no participant",
    ),
    (["agreement", "add", "pakistan", "--source", "https://e.org", "--ledger", "{L}"], "needs a date"),
    (["agreement", "edit", "pakistan", "0", "--place", "X", "--ledger", "{L}"], "N: 0 is less than 1"),
    (["agreement", "edit", "pakistan", "9", "--place", "X", "--ledger", "{L}"], "there is no agreement 9"),
    (["agreement", "edit", "pakistan", "1", "--ledger", "{L}"], "nothing to change"),
    (["edit", "pakistan", "--ledger", "{L}"], "nothing to change"),
    (["edit", "pakistan", "--country", "QQ", "--ledger", "{L}"], "'QQ' is not an ISO 3166-1"),
    (["edit", "pakistan", "--name", "Egypt", "--ledger", "{L}"], "is the same as 'Egypt'"),
    (["withdraw", "pakistan", "--date", "yesterday", "--ledger", "{L}"], "--date: invalid date"),
    (["withdraw", "pakistan", "--ledger", "{L}"], "Missing option '--date'"),
    (["remove", "pakistan", "--ledger", "{L}"], "pass --yes"),
    (["fmt", "--ledger", "-"], "<stdin>: ledger is empty"),  # a filter: stdin in, canonical text out
    (["check", "--select", "everything", "--ledger", "{L}"], "unknown rule 'everything'"),
    (["init", "{L}"], "already exists"),
]


def test_there_are_at_least_forty_bad_values() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(("args", "words"), CASES, ids=[" ".join(a[:3])[:40] for a, _ in CASES])
def test_bad_value_is_refused_cleanly(run: Run, ledger_copy: Path, args: list[str], words: str) -> None:
    before = ledger_copy.read_bytes()
    result = run(*[a.replace("{L}", str(ledger_copy)) for a in args], input=b"")
    assert result.code == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("ilrs: error: ")
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr  # shown escaped, never raw
    assert ledger_copy.read_bytes() == before
    assert not list(ledger_copy.parent.glob("*.tmp"))
