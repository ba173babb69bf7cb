"""The bundled ledger: every fact-sheet row is there, with its dates, sources and confidence."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest

from conftest import BUNDLED, Run
from ilrs_cli.core.model import Kind, Status
from ilrs_cli.core.programmes import PROGRAMMES, Programme
from ilrs_cli.store.ledger import is_canonical, load
from ilrs_cli.store.location import Location, bundled_path
from ilrs_cli.store.toml import dumps

FACTS = Path(__file__).parent / "data" / "ilrs_facts.csv"
ROWS = list(csv.DictReader(FACTS.open(encoding="utf-8")))
LEDGER = load(Location(BUNDLED, "test")).ledger
# Rows the 2025 sheet corrected (tests/test_bundled_2025.py checks the corrections): the corrected values.
CORRECTED = {
    "University of Sharjah": {"announced": "2023-11-19"},
    "Panama space science innovation centre": {
        "name": "Centro de Innovación en Ciencias Espaciales de Panamá (CENACEP)",
        "confidence": "high",
    },
}


def _sources(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(s.strip() for s in row["source_url"].split("|"))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _same_entity(name: str, row: dict[str, str]) -> bool:
    """The participant's name (without its bracketed acronym) appears in the sheet's entity name."""
    return _fold(name.split(" (")[0]) in _fold(row["name"])


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["name"][:40])
def test_every_fact_sheet_row_is_an_agreement_with_its_facts(row: dict[str, str]) -> None:
    row = row | next((fix for name, fix in CORRECTED.items() if row["name"].startswith(name)), {})
    found = [
        (p, a)
        for p in LEDGER.participants
        for a in p.agreements
        # a later sheet may add sources to an agreement, never drop them
        if set(_sources(row)) <= set(a.sources)
        and (_same_entity(p.name, row) or _same_entity(a.signing_body or "?", row))
    ]
    if row["name"].startswith("International Lunar Research Station Cooperation Organization"):
        assert found == [], "ILRSCO was only announced: it is not a participant"
        gap = [g for g in LEDGER.gaps if "ILRSCO" in g]  # but the record says so, with the sheet's sources
        assert len(gap) == 1 and all(source in gap[0] for source in _sources(row))
        return
    assert len(found) == 1, row["name"]
    participant, agreement = found[0]
    assert (agreement.signed.iso() if agreement.signed else "") == row["signed"]
    assert (agreement.announced.iso() if agreement.announced else "") == row["announced"]
    assert agreement.confidence.value == row["confidence"]
    if row["country"]:
        assert participant.country == row["country"]


def test_one_participant_per_entity() -> None:
    # 42 participants and 45 agreements from this sheet; the 2025 sheet adds 7 and 12 (test_bundled_2025.py)
    assert len(LEDGER.participants) == 42 + 7
    assert sum(len(p.agreements) for p in LEDGER.participants) == len(ROWS) - 1 + 12
    assert len(LEDGER.by_id()["russia"].agreements) == 3 + 1
    assert len(LEDGER.by_id()["apsco"].agreements) == 2


def test_unconfirmed_claims_are_not_members() -> None:
    status = {p.id: p.status for p in LEDGER.participants}
    assert {k for k, v in status.items() if v is Status.CLAIMED} == {
        "ethiopia",
        "djibouti",
        "bolivia",
        "argentina",
        "brazil",
        "china-belarus-aerospace-centre",
        "bahrain",  # these three from the 2025 sheet
        "iran",
        "algeria",
    }
    assert status["turkiye"] is Status.DISPUTED  # an applicant until the 2025 sheet
    assert status["uae"] is Status.DISPUTED


def test_conflicting_dates_follow_the_sheet_with_the_conflict_in_notes() -> None:
    azerbaijan = LEDGER.by_id()["azerbaijan"].agreements[0]
    assert azerbaijan.announced is not None and azerbaijan.announced.iso() == "2023-10-08"
    assert "9 Oct" in azerbaijan.notes
    serbia = LEDGER.by_id()["serbia"]
    assert serbia.joined is not None and serbia.joined.iso() == "2024-05"


def test_file_is_canonical_and_starts_with_the_header() -> None:
    loaded = load(Location(BUNDLED, "test"))
    assert is_canonical(loaded)
    assert BUNDLED.read_text(encoding="utf-8") == dumps(loaded.ledger)
    assert BUNDLED.read_text(encoding="utf-8").startswith("# ILRS participants ledger")


@pytest.mark.parametrize("programme", PROGRAMMES, ids=lambda p: p.id)
def test_every_declared_programme_ships_its_ledger(programme: Programme) -> None:
    path = bundled_path(programme.id)
    assert path.name == programme.file
    loaded = load(Location(path, "test"))
    assert loaded.ledger.programme == programme.id
    assert loaded.raw.decode("utf-8").splitlines()[0] == programme.header


def test_nine_countries_as_of_5_april_2024(run: Run) -> None:
    result = run("list", "--kind", "state", "--as-of", "2024-04-05", "--fields", "name")
    assert result.code == 0
    assert result.stdout.splitlines() == [
        "China",
        "Russia",
        "Venezuela",
        "South Africa",
        "Azerbaijan",
        "Pakistan",
        "Belarus",
        "Egypt",
        "Thailand",
    ]


def test_then_nicaragua_serbia_kazakhstan_senegal(run: Run) -> None:
    result = run("list", "--kind", "state", "--fields", "id")
    assert result.stdout.splitlines()[9:] == ["nicaragua", "serbia", "kazakhstan", "senegal"]


def test_states_are_states_whoever_signed() -> None:
    belarus = LEDGER.by_id()["belarus"]
    assert belarus.kind is Kind.STATE
    assert "Academy of Sciences" in belarus.agreements[0].signing_body
