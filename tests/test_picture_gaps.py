"""The Artemis Accords pictures say what their counts leave out: the signatories the ledger's gaps cannot name.

The note comes from the ledger's top-level ``gaps`` (``ilrs stats`` lists them), never from a number in the code;
the ILRS ledger's gaps are about who is not a participant, so its pictures say nothing more.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import ROOT, Run
from ilrs_cli.core.model import Ledger
from ilrs_cli.core.picture_facts import Unnamed, unnamed, unnamed_note

ACCORDS = ROOT / "data" / "artemis-accords.toml"
NOTE = "67 signatories named; the ledger records 4 more it cannot name (see its gaps)"
LEFT_OUT = "chart: 24 of 67 state labels left out for lack of room (every state is marked)\n"


def notes(svg: str) -> list[str]:
    """The 13 px lines under a picture's subtitle."""
    return [
        re.sub(r"<[^>]+>", "", m) for m in re.findall(r'<text[^>]*font-size="13" fill="#[0-9a-f]+">[^<]*</text>', svg)
    ]


def test_accords_chart_and_map_say_four_unnamed_signatories(run: Run) -> None:
    chart = run("chart", "--programme", "artemis-accords", "--as-of", "2026-11-21")
    assert (chart.code, chart.stderr) == (0, LEFT_OUT)
    assert notes(chart.stdout) == [NOTE]
    assert '>Members over time, cumulative, as of 21 Nov 2026: <tspan fill="#1a1a1a" font-weight="600">67 states<' in (
        chart.stdout
    )
    world = run("map", "--programme", "artemis-accords", "--as-of", "2026-11-21")
    assert (world.code, world.stderr) == (0, "")
    assert notes(world.stdout) == [NOTE]


def test_compare_pictures_and_report_name_the_programme(run: Run) -> None:
    for command in ("chart", "map"):
        result = run(command, "--compare", "--as-of", "2026-11-21")
        assert (result.code, result.stderr) == (0, "")
        assert notes(result.stdout) == [f"Artemis Accords: {NOTE}"]
    report = run("report", "--compare", "--as-of", "2026-11-21")
    assert (report.code, report.stderr) == (0, "")
    assert f'<p class="asof">Artemis Accords: {NOTE}.</p>' in report.stdout
    accords = run("report", "--programme", "artemis-accords", "--as-of", "2026-11-21")
    assert (accords.code, accords.stderr) == (0, LEFT_OUT)
    assert f'<p class="asof">{NOTE}.</p>' in accords.stdout


def test_the_note_follows_the_date(run: Run) -> None:
    """Before the first unnamed signing nothing; while one may have signed, "up to"."""
    early = run("chart", "--programme", "artemis-accords", "--as-of", "2024-12-16")
    assert early.code == 0 and notes(early.stdout) == []
    during = run("map", "--programme", "artemis-accords", "--as-of", "2026-05-01")
    assert during.code == 0
    assert notes(during.stdout) == [
        "63 signatories named; the ledger records up to 1 more it cannot name (see its gaps)"
    ]


@pytest.mark.parametrize(
    "args",
    [
        ("chart",),
        ("map",),
        ("chart", "--programme", "artemis-accords", "--country", "us"),  # a selection: the unnamed may be outside it
        ("map", "--programme", "artemis-accords", "--since", "2025"),
        ("chart", "--programme", "artemis-accords", "--status", "claimed"),
    ],
)
def test_no_note_for_the_ilrs_or_a_selection(run: Run, args: tuple[str, ...]) -> None:
    result = run(*args, "--as-of", "2026-11-21")
    assert result.code == 0, result.stderr
    assert notes(result.stdout) == []


def test_no_note_in_the_ilrs_report_or_a_selection_of_the_accords(run: Run) -> None:
    for args in ((), ("--programme", "artemis-accords", "--search", "united")):
        report = run("report", *args, "--as-of", "2026-11-21")
        assert (report.code, report.stderr) == (0, "")
        assert report.stdout.count('<p class="asof">') == 1
        assert "cannot name" not in report.stdout


def test_the_count_comes_from_the_ledger_gaps(run: Run, tmp_path: Path) -> None:
    ledger = tmp_path / "accords.toml"
    text = ACCORDS.read_text(encoding="utf-8")
    start, end = text.index("gaps = ["), text.index("]\n", text.index("gaps = [")) + 2
    gaps = [line for line in text[start:end].splitlines() if "64th" in line or "71st" in line]
    ledger.write_text(text[:start] + "gaps = [\n" + "\n".join(gaps) + "\n]\n" + text[end:], encoding="utf-8")
    before = ledger.read_bytes()
    result = run("map", "--ledger", str(ledger), "--as-of", "2026-11-21")
    assert (result.code, result.stderr) == (0, "")
    assert notes(result.stdout) == ["67 signatories named; the ledger records 2 more it cannot name (see its gaps)"]
    assert ledger.read_bytes() == before


def test_unnamed_reads_the_gaps_it_can_and_ignores_the_rest() -> None:
    ledger = Ledger(
        (),
        "slug",
        (
            "The 5th member is not named in the sources used: it joined between 2020-01-01 and 2020-02-01.",
            "The 9th member is not named anywhere.",  # no dates: counted
            "So counts are lower than the agency's.",
            "Not recorded as participants: X, whose minister said it would like to join.",
        ),
    )
    assert unnamed(ledger, dt.date(2019, 12, 31)) == Unnamed(1, 1, "member")
    assert unnamed(ledger, dt.date(2020, 1, 15)) == Unnamed(1, 2, "member")
    assert unnamed_note(ledger, dt.date(2020, 1, 15), 1) == (
        "1 member named; the ledger records up to 2 more it cannot name (see its gaps)"
    )
    assert unnamed_note(Ledger((), "ilrs", ("Not recorded: a body.",)), dt.date(2030, 1, 1), 13) == ""
