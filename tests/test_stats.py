"""core.stats: the counts as of a date, agreeing with list and timeline on the bundled ledger."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BUNDLED
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Kind, Status
from ilrs_cli.core.query import Filters, select
from ilrs_cli.core.stats import compute, flatten
from ilrs_cli.store.ledger import load
from ilrs_cli.store.location import Location

SMALL = Path(__file__).parent / "data" / "small-ilrs.toml"


def test_conventions_on_a_small_ledger() -> None:
    stats = compute(load(Location(SMALL, "test")).ledger)
    record = stats.record()
    assert {k: record[k] for k in ("countries", "countries_and_organizations", "institutions", "companies")} == {
        "countries": 3,
        "countries_and_organizations": 4,
        "institutions": 3,
        "companies": 1,
    }
    assert (record["members"], record["participants"], record["undated"]) == (8, 12, 2)
    assert record["by_status"] == {"member": 8, "claimed": 1, "applicant": 1, "disputed": 1, "withdrawn": 1}
    assert list(record["by_year"]) == ["2021", "2022", "2023", "2024", "2025"]  # to the withdrawal's year
    assert record["by_year"]["2025"] == {
        "joined": 0,
        "countries_joined": 0,
        "left": 1,
        "countries_left": 0,
        "members": 8,
        "countries": 3,
    }


def test_as_of_counts_a_later_withdrawal_as_not_yet_happened() -> None:
    ledger = load(Location(SMALL, "test")).ledger
    before, after = compute(ledger, PartialDate(2024, 12)), compute(ledger, PartialDate(2025, 6))
    assert before.by_kind[Kind.COMPANY][Status.MEMBER] == 2
    assert (after.by_kind[Kind.COMPANY][Status.MEMBER], after.by_kind[Kind.COMPANY][Status.WITHDRAWN]) == (1, 1)
    assert before.record()["undated"] == 0  # an undated claim is not "in" at any date


@pytest.mark.parametrize("as_of", ["2024-04-05", "2024-09-05", "2023-10", "2025"])
def test_the_counts_are_lists_counts(as_of: str) -> None:
    ledger = load(Location(BUNDLED, "test")).ledger
    when = PartialDate.parse(as_of)
    record = compute(ledger, when).record()
    assert record["countries"] == len(select(ledger, Filters(kinds=(Kind.STATE,), as_of=when)))
    assert record["members"] == len(select(ledger, Filters(as_of=when)))
    assert record["participants"] == len(select(ledger, Filters(statuses=(), as_of=when)))


def test_members_at_each_years_end_are_lists_count() -> None:
    ledger = load(Location(BUNDLED, "test")).ledger
    for year in compute(ledger).years:
        at_end = PartialDate.parse(year.label)
        assert year.participants == len(select(ledger, Filters(as_of=at_end))), year
        assert year.countries == len(select(ledger, Filters(kinds=(Kind.STATE,), as_of=at_end))), year


def test_flatten_numbers_list_items_and_joins_keys() -> None:
    assert flatten({"a": 1, "b": {"c": 2, "d": ["x", "y"]}, "e": []}) == [
        ("a", 1),
        ("b.c", 2),
        ("b.d.1", "x"),
        ("b.d.2", "y"),
    ]
