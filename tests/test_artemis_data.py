"""The second bundled ledger, data/artemis-accords.toml: every signatory of the sheet, NASA's counts, the gaps."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, Run
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Instrument, Kind, Status
from ilrs_cli.store.ledger import is_canonical, load
from ilrs_cli.store.location import Location
from ilrs_cli.store.toml import dumps

ARTEMIS = ROOT / "data" / "artemis-accords.toml"
SHEET = Path(__file__).parent / "data" / "artemis_accords.csv"
ROWS = list(csv.DictReader(SHEET.open(encoding="utf-8")))
LEDGER = load(Location(ARTEMIS, "test")).ledger
BY_NAME = {p.name: p for p in LEDGER.participants}
UNNAMED = (64, 66, 67, 71)  # NASA's ordinals that no stored source names
ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th) signatory")


def _sources(row: dict[str, str]) -> list[str]:
    return [s.strip() for s in row["source_url"].split(" | ")]


def test_the_sheet_has_67_signatory_states() -> None:
    assert len(ROWS) == 67
    assert len(LEDGER.participants) == 67
    assert LEDGER.programme == "artemis-accords"


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["name"])
def test_every_row_is_a_member_state_with_its_one_agreement(row: dict[str, str]) -> None:
    participant = BY_NAME[row["name"]]
    assert (participant.kind, participant.status, participant.country) == (Kind.STATE, Status.MEMBER, row["country"])
    (agreement,) = participant.agreements
    assert agreement.signed is not None and agreement.signed.iso() == row["signed"]
    assert agreement.signed.day is not None  # day-precise, as the sheet gives it
    assert agreement.counterpart == row["counterpart"]
    assert agreement.confidence.value == row["confidence"]
    assert sorted(agreement.sources) == sorted(_sources(row))  # all of them; NASA's own release first
    nasa = [s for s in agreement.sources if "://www.nasa.gov/" in s]
    assert list(agreement.sources[: len(nasa)]) == nasa
    assert agreement.instrument is Instrument.OTHER
    if row["announced"] >= row["signed"]:
        assert (agreement.announced.iso() if agreement.announced else "") == row["announced"]


def test_an_announcement_before_the_signing_is_kept_as_a_note() -> None:
    """The Philippines: reported signed on 26 Oct by the White House, signed on 27 Oct per the State Department."""
    (late,) = [r for r in ROWS if r["announced"] and r["announced"] < r["signed"]]
    agreement = BY_NAME[late["name"]].agreements[0]
    assert agreement.announced is None
    assert "26 Oct" in agreement.notes and "27 Oct" in agreement.notes


def test_the_ledger_is_clean_and_canonical(run: Run) -> None:
    assert run("check", "--strict", str(ARTEMIS)).code == 0
    assert run("fmt", "--check", str(ARTEMIS)).code == 0
    loaded = load(Location(ARTEMIS, "test"))
    assert is_canonical(loaded)
    assert ARTEMIS.read_text(encoding="utf-8") == dumps(loaded.ledger)
    assert ARTEMIS.read_text(encoding="utf-8").startswith("# Artemis Accords ledger")


@pytest.mark.parametrize(
    ("date", "count", "last"),
    [
        ("2020-10-13", 8, None),
        ("2023-06-21", 27, "India"),
        ("2024-12-16", 51, "Thailand"),
        ("2025-07-24", 56, "Senegal"),
        ("2026-01-26", 61, "Oman"),
    ],
)
def test_counts_as_of_a_date_match_nasa(run: Run, date: str, count: int, last: str | None) -> None:
    result = run("list", "--as-of", date, "--fields", "name", "--ledger", str(ARTEMIS))
    names = result.stdout.splitlines()
    assert len(names) == count
    if last:
        assert names[-1] == last


def _ordinal(notes: str) -> tuple[int, int]:
    """The range of NASA's ordinal a note states: 1-8 for a founding signatory."""
    if notes.startswith("Founding signatory, one of the original 8"):
        return (1, 8)
    found = ORDINAL.match(notes)
    assert found, notes
    return (int(found.group(1)),) * 2


def test_each_stated_ordinal_holds_by_date_order() -> None:
    """The n-th signatory is n-th by date; on a shared day, n falls within that day's range.

    After the first unnamed signatory (the 64th) the record runs short by exactly the unnamed ones before.
    """
    dates = [p.agreements[0].signed for p in LEDGER.participants]
    assert all(d is not None for d in dates)
    for participant in LEDGER.participants:
        day = participant.agreements[0].signed
        assert day is not None
        before = sum(1 for d in dates if d is not None and d < day)
        through = sum(1 for d in dates if d is not None and d <= day)
        low, high = _ordinal(participant.agreements[0].notes)
        missing = sum(1 for n in UNNAMED if n < low)
        assert before < low - missing and high - missing <= through, participant.name


def test_the_sheets_ordinals_are_in_the_notes() -> None:
    for row in ROWS:
        match = ORDINAL.match(row["notes"])
        notes = BY_NAME[row["name"]].agreements[0].notes
        if match:
            ours = ORDINAL.match(notes)
            assert ours and ours.group(1) == match.group(1), row["name"]
        else:
            assert row["notes"].startswith("founding signatory") and notes.startswith("Founding signatory")


def test_the_gaps_name_the_four_unnamed_signatories() -> None:
    for n in UNNAMED:
        (gap,) = [g for g in LEDGER.gaps if g.startswith(f"The {n}")]
        assert "not named" in gap
    stated = {int(m) for g in LEDGER.gaps for m in re.findall(r"\b(\d+)(?:st|nd|rd|th)\b", g)}
    assert set(UNNAMED) <= stated
    # no row stands in for them
    assert not ({_ordinal(p.agreements[0].notes)[0] for p in LEDGER.participants} & set(UNNAMED))


def test_uae_has_the_same_id_as_in_the_ilrs_ledger() -> None:
    assert BY_NAME["United Arab Emirates"].id == "uae"
    ilrs = load(Location(ROOT / "data" / "members.toml", "test")).ledger
    assert ilrs.by_id()["uae"].country == "AE"


def test_senegal_dates_agree_across_the_two_ledgers() -> None:
    ilrs = load(Location(ROOT / "data" / "members.toml", "test")).ledger.by_id()["senegal"]
    assert BY_NAME["Senegal"].agreements[0].signed == PartialDate(2025, 7, 24)
    assert "2025-07-24" in ilrs.notes


def test_the_wheel_bundles_it(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    with zipfile.ZipFile(next(tmp_path.glob("ilrs_cli-*.whl"))) as wheel:
        assert wheel.read("ilrs_cli/data/artemis-accords.toml") == ARTEMIS.read_bytes()
        assert wheel.read("ilrs_cli/data/members.toml") == (ROOT / "data" / "members.toml").read_bytes()


def test_list_counts_each_of_the_sheets_ordinals_up_to_the_first_unnamed(run: Run) -> None:
    """NASA's n-th signatory (the sheet's notes) is the n-th `ilrs list --programme artemis-accords` counts.

    Checked through the command, on the sheet's own ordinals, for every named signatory before the 64th
    (the first no source names); on a shared day (Panama 49th and Austria 50th) n lies within that day's count.
    """
    listed = run("list", "--programme", "artemis-accords", "--fields", "name,joined").stdout.splitlines()
    joined = dict(line.split("\t") for line in listed)
    checked = 0
    for row in ROWS:
        found = ORDINAL.match(row["notes"])
        ordinal = int(found.group(1)) if found else 8  # a founding signatory: all 8 on one day
        if ordinal >= UNNAMED[0]:
            continue
        day = joined[row["name"]]
        assert day == row["signed"]
        before = sum(1 for d in joined.values() if d < day)
        through = run("list", "-P", "artemis-accords", "--as-of", day, "--count").stdout
        assert before < ordinal <= int(through), (row["name"], ordinal, before, through)
        checked += 1
    assert checked == 63  # the 8 founders, then the 9th to the 63rd (Jordan)
