"""The bundled ledger holds every row of the 2025 fact sheet (additions, new instruments, corrections, claims).

Rows that are not participants (interest only, an MoU that does not name the ILRS) are stated in the ledger's
`gaps`, with their sources; the Senegal row is a note on an existing participant.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import BUNDLED, Run
from ilrs_cli.core.model import Agreement, Kind, Participant, Status
from ilrs_cli.store.ledger import load
from ilrs_cli.store.location import Location

FACTS = Path(__file__).parent / "data" / "ilrs_facts_2025.csv"
ROWS = list(csv.DictReader(FACTS.open(encoding="utf-8")))
LEDGER = load(Location(BUNDLED, "test")).ledger
BY_ID = LEDGER.by_id()

# Sheet row (by the start of its name) -> the participant that holds it, and the status it must have.
HELD = {
    "PT Universal Satelit Indonesia": ("unisat", Status.MEMBER),
    "Arabaev Kyrgyz State University": ("arabaev-university", Status.MEMBER),
    "Asociación de Astronomía de Colombia": ("asasac", Status.MEMBER),
    "Moon Village Association": ("mva", Status.MEMBER),
    "Bahrain": ("bahrain", Status.CLAIMED),
    "Iran": ("iran", Status.CLAIMED),
    "Algeria": ("algeria", Status.CLAIMED),
    "Roscosmos State Corporation / Russia": ("russia", Status.MEMBER),
    "South Africa - state-visit": ("south-africa", Status.MEMBER),
    "SUPARCO / Pakistan": ("pakistan", Status.MEMBER),
    "University of Sharjah": ("sharjah-uni", Status.MEMBER),
    "Centro de Innovación en Ciencias Espaciales de Panamá": ("panama-space-centre", Status.MEMBER),
    "Türkiye": ("turkiye", Status.DISPUTED),
    "Brazil": ("brazil", Status.CLAIMED),
}
# Interest, or an MoU that does not name the ILRS: not participants, stated in `gaps` instead.
NOT_PARTICIPANTS = {"Lao Asia-Pacific Satellite": "LaoSat", "Malaysia": "Malaysia", "Laos": "Laos"}
KINDS = {
    "company": Kind.COMPANY,
    "research institute or university": Kind.INSTITUTION,
    "state": Kind.STATE,
    "national space agency": Kind.STATE,  # a country is a state whichever body signed
    "other (astronomical association)": Kind.INSTITUTION,
    # an NGO signing with DSEL: an institution (DATA.md: non-profits, associations), not one of CNSA's
    # "international organisations" (intergovernmental: APSCO, AUASS)
    "other (international NGO, Vienna)": Kind.INSTITUTION,
}
# The sheet gives MVA its seat's country; an international NGO does not stand for Austria, so none is recorded.
NO_COUNTRY = {"mva"}


def _key(row: dict[str, str]) -> str:
    return next(k for k in [*HELD, *NOT_PARTICIPANTS, "Senegal"] if row["name"].startswith(k))


def _clean(url: str) -> str:
    """The URL as the ledger keeps it: e-mail campaign tracking parameters dropped."""
    return url.split("?")[0] if "utm_" in url or "_hsenc" in url else url


def _sources(row: dict[str, str]) -> set[str]:
    return {_clean(s.strip()) for s in row["source_url"].split(" | ")}


def _held(row: dict[str, str]) -> tuple[Participant, Agreement]:
    pid, _ = HELD[_key(row)]
    participant = BY_ID[pid]
    found = [a for a in participant.agreements if _sources(row) <= set(a.sources)]
    assert len(found) == 1, row["name"]
    return participant, found[0]


def test_the_sheet_has_eighteen_rows_and_each_is_accounted_for() -> None:
    assert len(ROWS) == 18
    assert sorted(_key(row) for row in ROWS) == sorted([*HELD, *NOT_PARTICIPANTS, "Senegal"])


@pytest.mark.parametrize("row", [r for r in ROWS if _key(r) in HELD], ids=lambda r: r["name"][:40])
def test_every_held_row_has_its_dates_sources_confidence_kind_country_and_status(row: dict[str, str]) -> None:
    participant, agreement = _held(row)
    assert (agreement.signed.iso() if agreement.signed else "") == row["signed"]
    assert (agreement.announced.iso() if agreement.announced else "") == row["announced"]
    assert agreement.confidence.value == row["confidence"]
    assert participant.status is HELD[_key(row)][1]
    assert participant.kind is KINDS[row["kind"]]
    assert participant.country == ("" if participant.id in NO_COUNTRY else row["country"])


@pytest.mark.parametrize(
    ("pid", "name"),
    [
        ("unisat", "PT Universal Satelit Indonesia (UniSat)"),
        ("arabaev-university", "Arabaev Kyrgyz State University"),
        ("asasac", "Asociación de Astronomía de Colombia (ASASAC)"),
        ("mva", "Moon Village Association (MVA)"),
        ("panama-space-centre", "Centro de Innovación en Ciencias Espaciales de Panamá (CENACEP)"),
    ],
)
def test_names_are_the_sheets(pid: str, name: str) -> None:
    assert BY_ID[pid].name == name


def test_the_original_report_is_cited_first() -> None:
    spacenews = "https://spacenews.com/china-adds-new-moon-base-project-partners"
    for pid in ("unisat", "arabaev-university", "asasac"):
        assert BY_ID[pid].agreements[0].sources[0].startswith(spacenews)
    assert BY_ID["mva"].agreements[0].sources[0].startswith("https://news.cgtn.com/")
    assert BY_ID["russia"].agreements[-1].sources[0] == "https://tass.com/science/2038969"
    assert BY_ID["panama-space-centre"].agreements[0].sources[0].startswith("https://www.panamaamerica.com.pa/")


def test_no_tracking_parameters_in_sources() -> None:
    sources = [s for p in LEDGER.participants for a in p.agreements for s in a.sources]
    assert not [s for s in sources if "utm_" in s or "_hsenc" in s]


def test_new_instruments_of_existing_participants() -> None:
    russia = BY_ID["russia"]
    assert [a.instrument.value for a in russia.agreements] == [
        "mou",
        "joint-statement",
        "intergovernmental-agreement",
        "mou",
    ]
    assert russia.joined is not None and russia.joined.iso() == "2021-03-09"
    south_africa = BY_ID["south-africa"]
    assert south_africa.joined is not None and south_africa.joined.iso() == "2023-08-22"
    assert south_africa.agreements[1].signing_body.startswith("South African National Space Agency")
    pakistan = BY_ID["pakistan"]
    assert pakistan.joined is not None and pakistan.joined.iso() == "2023-10-18"
    assert "Chang'e-8" in pakistan.agreements[1].notes


def test_claims_are_not_members_and_a_payload_is_not_an_accession() -> None:
    for pid in ("bahrain", "iran", "algeria"):
        assert BY_ID[pid].status is Status.CLAIMED
        assert {a.confidence.value for a in BY_ID[pid].agreements} == {"low"}
    assert "Not an accession" in BY_ID["iran"].agreements[0].notes
    brazil_plan = BY_ID["brazil"].agreements[0]
    assert "not an ILRS membership instrument" in brazil_plan.notes
    assert "Space Cooperation Plan 2023-2032" in BY_ID["brazil"].notes


def test_turkiye_is_disputed_with_both_sides_in_its_notes() -> None:
    turkiye = BY_ID["turkiye"]
    assert turkiye.status is Status.DISPUTED
    assert "SpaceNews (24 Apr 2025)" in turkiye.notes and "Bakanov" in turkiye.notes
    assert len(turkiye.agreements) == 2 and all(a.date is None for a in turkiye.agreements)


def test_sharjah_announced_on_19_november() -> None:
    agreement = BY_ID["sharjah-uni"].agreements[0]
    assert agreement.announced is not None and agreement.announced.iso() == "2023-11-19"
    assert "19 Nov 2023" in agreement.notes and "22 Nov" in agreement.notes


def test_senegal_note_names_its_artemis_accords_signature() -> None:
    notes = BY_ID["senegal"].notes
    assert "Artemis Accords" in notes and "2025-07-24" in notes and "56th" in notes
    assert BY_ID["senegal"].status is Status.MEMBER


@pytest.mark.parametrize("row", [r for r in ROWS if _key(r) in NOT_PARTICIPANTS], ids=lambda r: r["name"][:40])
def test_interest_is_stated_as_a_gap_with_its_sources_not_as_a_participant(row: dict[str, str]) -> None:
    word = NOT_PARTICIPANTS[_key(row)]
    assert not [p for p in LEDGER.participants if word.lower() in p.name.lower()]
    gaps = [g for g in LEDGER.gaps if word in g]
    assert gaps, word
    assert all(any(source in g for g in gaps) for source in _sources(row))
    assert not [p for p in LEDGER.participants if p.country in {"MY", "LA"}]


def test_counts() -> None:
    assert LEDGER.programme == "ilrs"
    assert len(LEDGER.participants) == 49
    assert sum(len(p.agreements) for p in LEDGER.participants) == 57


STATES_2024_09_05 = [
    "china",
    "russia",
    "venezuela",
    "south-africa",
    "azerbaijan",
    "pakistan",
    "belarus",
    "egypt",
    "thailand",  # 9th (SpaceNews, 5 Apr 2024)
    "nicaragua",  # 10th
    "serbia",  # 11th
    "kazakhstan",  # 12th
    "senegal",  # 13th
]


def test_the_spacenews_ordinals_still_hold(run: Run) -> None:
    result = run("list", "--kind", "state", "--as-of", "2024-09-05", "--fields", "id,joined")
    assert result.code == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [r[0] for r in rows] == STATES_2024_09_05
    assert rows[-1] == ["senegal", "2024-09-05"]
    nine = run("list", "--kind", "state", "--as-of", "2024-04-05", "--fields", "id").stdout.splitlines()
    assert nine == STATES_2024_09_05[:9]


def test_cnsas_count_is_states_and_intergovernmental_organisations(run: Run) -> None:
    """The Moon Village Association, an NGO signing with DSEL, is counted with the institutions, not by CNSA."""
    result = run("stats", "--as-of", "2024-09-05", "--format", "json")
    assert result.code == 0
    record = json.loads(result.stdout)
    assert (record["countries"], record["organizations"], record["countries_and_organizations"]) == (13, 2, 15)
    assert (record["institutions"], record["companies"]) == (17, 4)
    organisations = run("list", "--kind", "organization", "--fields", "id").stdout.splitlines()
    assert organisations == ["apsco", "auass"]
    assert BY_ID["mva"].kind is Kind.INSTITUTION and BY_ID["mva"].country == ""
