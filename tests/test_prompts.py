"""Interactive add, answers typed through the test runner's stdin (a real terminal: tests/test_pty.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run
from ilrs_cli.core.model import Ledger
from ilrs_cli.output.console import Terminal
from ilrs_cli.store import ledger
from ilrs_cli.store.location import Location


@pytest.fixture(autouse=True)
def on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Terminal, "interactive", property(lambda self: True))


def ledger_of(path: Path) -> Ledger:
    return ledger.load(Location(path, "test")).ledger


def test_a_name_without_latin_letters_is_asked_for_an_id(run: Run, ledger_copy: Path) -> None:
    answers = [
        "月球站",
        "",
        "Moon Station",
        "pakistan",
        "moon-station",
        "company",
        "",
        "claimed",
        "2025",
        "",
        "",
        "",
        "",
        "",
        "y",
    ]
    result = run("add", "--ledger", str(ledger_copy), input="\n".join(answers) + "\n")
    assert result.code == 0, result.stderr
    assert "no id can be derived from '月球站': type one" in result.stderr
    assert "--id: 'Moon Station' is not a valid id (lower-case letters, digits and single hyphens)" in result.stderr
    assert "--id: id 'pakistan' is already used by 'Pakistan'" in result.stderr
    station = ledger_of(ledger_copy).by_id()["moon-station"]
    assert (station.name, station.status.value) == ("月球站", "claimed")


def test_an_answer_that_is_not_utf8_is_asked_again(run: Run, ledger_copy: Path) -> None:
    answers = b"Bad\xffName\nMoonland\ncompany\n\n\n2025\n\n\n\nhttps://e.org\n\n\ny\n"
    result = run("add", "--ledger", str(ledger_copy), input=answers)
    assert result.code == 0, result.stderr
    assert "that answer is not valid UTF-8 text; type it again" in result.stderr
    assert "moonland" in ledger_of(ledger_copy).by_id()


def test_a_bad_answer_is_refused_before_the_next_question(run: Run, ledger_copy: Path) -> None:
    """The refusal comes right after the answer, not after all the questions."""
    before = ledger_copy.read_bytes()
    result = run("add", "--ledger", str(ledger_copy), input="Pɑkistan\n")  # then end of input
    assert result.code == 1
    assert result.stderr.splitlines()[-3:] == [
        "Name: ilrs: error: NAME: name Pɑkistan (ɑ U+0251 LATIN SMALL LETTER ALPHA) looks like 'Pakistan' (pakistan)",
        "Name: ",
        "cancelled; nothing written",
    ]
    assert ledger_copy.read_bytes() == before


def test_only_addable_statuses_are_offered_and_choices_take_any_case(run: Run, ledger_copy: Path) -> None:
    answers = ["Moonland", "Company", "", "WITHDRAWN", "Applicant", "2025", "", "MOU", "", "", "Low", "y"]
    result = run("add", "--ledger", str(ledger_copy), input="\n".join(answers) + "\n")
    assert result.code == 0, result.stderr
    assert "Status (member/claimed/applicant/disputed) [member]:" in result.stderr
    assert "'WITHDRAWN' is not one of: member, claimed, applicant, disputed" in result.stderr
    moon = ledger_of(ledger_copy).by_id()["moonland"]
    assert (moon.status.value, moon.agreements[0].confidence.value) == ("applicant", "low")


def test_a_counterpart_or_source_with_hidden_characters_is_asked_again(run: Run, ledger_copy: Path) -> None:
    answers = ["Moonland", "company", "", "", "2025", "", "", "CN\u202eSA", "CNSA", "https://e.org/\x1b[2J"]
    answers += ["https://e.org/moon", "", "", "y"]
    result = run("add", "--ledger", str(ledger_copy), input="\n".join(answers) + "\n")
    assert result.code == 0, result.stderr
    assert "--counterpart: contains control or invisible characters (U+202E RIGHT-TO-LEFT OVERRIDE)" in result.stderr
    assert "--source: contains control or invisible characters (U+001B)" in result.stderr
    assert "\x1b[2J" not in result.stderr and "\u202e" not in result.stderr
    assert ledger_of(ledger_copy).by_id()["moonland"].agreements[0].sources == ("https://e.org/moon",)


def test_the_ledger_is_read_before_the_first_question(run: Run, tmp_path: Path) -> None:
    result = run("add", "--ledger", str(tmp_path / "missing.toml"), input="Moonland\n")
    assert result.code == 2
    assert not result.stderr.startswith("Name:")  # refused at once, not after eleven questions
