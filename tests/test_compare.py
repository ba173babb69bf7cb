"""core.compare: levels per country, who came first, the summary line (on small ledgers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ilrs_cli.core.compare import Comparison, Level, compare, order_of, standing, stated_ordinal
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Agreement, Kind, Participant, Status
from ilrs_cli.output.records import COUNTRY
from ilrs_cli.store.ledger import load
from ilrs_cli.store.location import Location

DATA = Path(__file__).parent / "data"
ILRS = DATA / "small-ilrs.toml"
ACCORDS = DATA / "small-accords.toml"
PROGRAMMES = ("ilrs", "artemis-accords")


def d(text: str) -> PartialDate:
    return PartialDate.parse(text)


def person(pid: str, kind: Kind, date: str | None, status: Status = Status.MEMBER, notes: str = "") -> Participant:
    agreements = (Agreement(signed=d(date), notes=notes),) if date else ()
    return Participant(pid, pid.title(), kind, status, "XX", agreements=agreements)


@pytest.mark.parametrize(
    ("a", "b", "first", "days"),
    [
        ("2024-04-05", "2024-12-16", "a", 255),
        ("2026-01-26", "2024-12-02", "b", 420),
        ("2024-05", "2026-07-16", "a", None),  # Serbia: a month against a day: the order, not the days
        ("2024", "2024-02-15", "unclear", None),  # Uruguay: the year holds the day
        ("2024-03-01", "2024-03-01", "same-day", 0),
        ("2024-03", "2024-03-01", "unclear", None),
    ],
)
def test_order_of_partial_dates_is_honest(a: str, b: str, first: str, days: int | None) -> None:
    assert order_of(d(a), d(b)) == (first, days)


def test_order_of_an_unknown_date_is_unknown() -> None:
    assert order_of(None, d("2024")) == (None, None)


def test_a_state_in_the_record_speaks_for_its_country() -> None:
    uae = [
        person("sharjah-uni", Kind.INSTITUTION, "2023-11-14"),
        person("uae", Kind.STATE, "2022-09-16", Status.DISPUTED),
    ]
    found = standing(uae, None)
    assert (found.level, found.date, found.ids) == (Level.DISPUTED, d("2022-09-16"), ("uae", "sharjah-uni"))


def test_without_a_state_the_earliest_member_decides() -> None:
    found = standing([person("lens", Kind.COMPANY, "2024-12"), person("uni", Kind.INSTITUTION, "2023")], None)
    assert (found.level, found.date, found.ids) == (Level.INSTITUTION, d("2023"), ("uni", "lens"))
    claimed = standing([person("co", Kind.COMPANY, None, Status.CLAIMED)], None)
    assert (claimed.level, claimed.date) == (Level.CLAIMED, None)


def test_a_withdrawal_after_the_date_has_not_happened_yet() -> None:
    gone = person("state", Kind.STATE, "2023-01-01", Status.WITHDRAWN)._replace(withdrawn=d("2025-03"))
    assert standing([gone], d("2024")).level is Level.STATE
    assert standing([gone], None).level is Level.WITHDRAWN


def test_stated_ordinal_reads_the_notes() -> None:
    assert stated_ordinal(person("th", Kind.STATE, "2024-12-16", notes="51st signatory; Bangkok")) == 51
    founding = person("jp", Kind.STATE, "2020-10-13", notes="founding signatory (one of the original 8)")
    assert stated_ordinal(founding) is None


def _comparison(as_of: str | None = None) -> Comparison:
    a, b = (load(Location(path, "test")).ledger for path in (ILRS, ACCORDS))
    return compare(a, b, PROGRAMMES, d(as_of) if as_of else None)


def test_rows_of_the_small_pair() -> None:
    rows = {c.code: COUNTRY.row(c) for c in _comparison().countries}
    assert list(rows["TH"].values()) == [
        "TH", "Thailand", "state", d("2024-04-05"), ("thailand", "narit"), d("2024-12-16"), 51, "ilrs", 255, True,
    ]  # fmt: skip
    assert rows["RS"]["first"] == "ilrs" and rows["RS"]["days"] is None  # a month: no days
    assert (rows["UY"]["ilrs_level"], rows["UY"]["first"]) == ("institution", "unclear")
    assert (rows["OM"]["ilrs_level"], rows["OM"]["days"]) == ("company", 420)
    assert (rows["AE"]["ilrs_level"], rows["AE"]["first"], rows["AE"]["days"]) == ("disputed", "artemis-accords", 703)
    assert (rows["AE"]["accords_ordinal"], rows["AE"]["ilrs_ids"]) == (None, ("uae", "sharjah-uni"))
    assert (rows["BH"]["ilrs_level"], rows["BH"]["ilrs_date"], rows["BH"]["first"]) == ("claimed", None, None)
    assert (rows["JP"]["ilrs_level"], rows["JP"]["both"]) == (None, False)
    assert (rows["KE"]["ilrs_level"], rows["KE"]["both"]) == ("withdrawn", False)
    assert "CN" in rows and all(set(r) == set(COUNTRY.names) for r in rows.values())


def test_both_first_then_each_programme_alone_by_name() -> None:
    codes = [c.code for c in _comparison().countries]
    assert codes == ["BH", "OM", "RS", "TH", "AE", "UY", "CN", "KE", "TR", "JP"]


def test_as_of_leaves_out_what_came_later_and_undated_claims() -> None:
    result = _comparison("2024-12-31")
    codes = {c.code for c in result.countries if c.both}
    assert codes == {"TH", "AE", "UY"}  # Oman and Serbia signed the Accords later; Bahrain's claim has no date
    assert result.summary(("ILRS", "Artemis Accords")) == (
        "3 countries in both as of 2024-12-31, 2 of them state-level in the ILRS (1 state member)"
    )


def test_summary_and_selections() -> None:
    result = _comparison()
    assert result.summary(("ILRS", "Artemis Accords")) == (
        "6 countries in both, 4 of them state-level in the ILRS (2 state members)"
    )
    assert [c.code for c in result.chosen(both=True).countries] == ["BH", "OM", "RS", "TH", "AE", "UY"]
    assert [c.code for c in result.chosen(only="ilrs").countries] == ["CN", "KE", "TR"]
    assert [c.code for c in result.chosen(only="artemis-accords").countries] == ["JP"]
