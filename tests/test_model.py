"""The core values and rules: joining dates, canonical order, status as of a date, lookup, identity."""

from __future__ import annotations

import pytest

from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.errors import NotFoundError
from ilrs_cli.core.membership import status_at
from ilrs_cli.core.model import Agreement, Kind, Ledger, Participant, Status, participant_order
from ilrs_cli.core.query import Filters, find, select
from ilrs_cli.core.rules import identity_problems
from ilrs_cli.core.text import name_key, skeleton, slugify, visible


def agreement(signed: str | None = None, announced: str | None = None) -> Agreement:
    return Agreement(
        signed=PartialDate.parse(signed) if signed else None,
        announced=PartialDate.parse(announced) if announced else None,
        sources=("https://e.org",),
    )


def test_joining_date_is_the_earliest_agreement_date_signed_else_announced() -> None:
    p = Participant(
        "x",
        "X",
        Kind.STATE,
        country="PK",
        agreements=(agreement("2024-05-08"), agreement(None, "2023-10-20"), agreement("2025")),
    )
    assert p.joined == PartialDate(2023, 10, 20)
    assert Participant("y", "Y", Kind.COMPANY).joined is None


def test_canonical_order_is_joining_date_then_id_undated_last() -> None:
    people = [
        Participant("b", "B", Kind.COMPANY, agreements=(agreement("2023"),)),
        Participant("a", "A", Kind.COMPANY, agreements=(agreement("2023"),)),
        Participant("z", "Z", Kind.COMPANY),
        Participant("c", "C", Kind.COMPANY, agreements=(agreement("2022-12-31"),)),
    ]
    assert [p.id for p in sorted(people, key=participant_order)] == ["c", "a", "b", "z"]
    ledger = Ledger(tuple(people)).normalised()
    assert [p.id for p in ledger.participants] == ["c", "a", "b", "z"]


def test_agreements_are_kept_in_date_order() -> None:
    p = Participant("x", "X", Kind.COMPANY, agreements=(agreement("2025"), agreement("2021-03-09")))
    assert [a.signed for a in p.normalised_agreements().agreements] == [PartialDate(2021, 3, 9), PartialDate(2025)]


def test_a_later_withdrawal_has_not_happened_yet() -> None:
    gone = Participant(
        "x", "X", Kind.STATE, Status.WITHDRAWN, "PK", PartialDate(2025, 3), agreements=(agreement("2023"),)
    )
    assert status_at(gone, PartialDate(2024).end) is Status.MEMBER
    assert status_at(gone, PartialDate(2025, 3, 31).end) is Status.WITHDRAWN
    assert status_at(gone, None) is Status.WITHDRAWN
    ledger = Ledger((gone,))
    # listed as it stood then: a member, not yet withdrawn
    assert select(ledger, Filters(as_of=PartialDate(2024))) == [gone._replace(status=Status.MEMBER, withdrawn=None)]
    assert select(ledger, Filters(as_of=PartialDate(2026))) == []


def test_find_by_id_name_and_suggestions() -> None:
    ledger = Ledger(
        (
            Participant("pakistan", "Pakistan", Kind.STATE, country="PK"),
            Participant("nust-pk", "National University", Kind.INSTITUTION),
        )
    )
    assert find(ledger, "pakistan").id == "pakistan"
    assert find(ledger, "  PAKISTAN ").id == "pakistan"
    assert find(ledger, "national   university").id == "nust-pk"
    with pytest.raises(NotFoundError) as caught:
        find(ledger, "pakistn")
    assert caught.value.hint == "did you mean: pakistan?"


def test_identity_keys() -> None:
    assert name_key(" South\u00a0 Africa ") == name_key("south africa")
    assert name_key("Ｐａｋｉｓｔａｎ") == name_key("Pakistan")
    assert name_key("Tu\u0308rkiye") == name_key("Türkiye")
    assert skeleton("АРЅСО") == skeleton("APSCO")
    problems = identity_problems(
        enumerate(
            [
                Participant("a", "Pakistan", Kind.STATE, country="PK"),
                Participant("b", "Pak\u0456stan", Kind.STATE, country="PK"),
                Participant("a", "Other", Kind.STATE, country="PK"),
            ]
        )
    )
    assert [p.rule for p in problems] == ["confusable-name", "duplicate-id"]


def test_slugs_and_visible_text() -> None:
    assert slugify("Universidad de la República (Udelar)") == "universidad-de-la-republica-udelar"
    assert slugify("中国") == ""
    assert visible("a\x1b[31mb\u202ec") == "a\\x1b[31mb<U+202E>c"
    assert visible("plain text") == "plain text"
