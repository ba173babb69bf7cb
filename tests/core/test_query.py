"""core/query.py: filters (membership's answer), sorting, numbered agreements, the JSON record of one participant."""

from __future__ import annotations

import pytest

from core.ledgers import agreement, date, ids, person
from ilrs_cli.core.errors import InputError, NotFoundError
from ilrs_cli.core.model import Kind, Ledger, Status
from ilrs_cli.core.query import (
    Filters,
    SortKey,
    agreement_lines,
    find,
    participant_record,
    resolve_ids,
    select,
    sort_key,
)

LEDGER = Ledger(
    (
        person("china", "2021-03-09"),
        person("iloa", "2023", kind=Kind.INSTITUTION),
        person("both", "2023", "2023-03-01", kind=Kind.COMPANY),
        person("gone", "2022-05", status=Status.WITHDRAWN, withdrawn="2024-01-10"),
        person("claim", "2022", status=Status.CLAIMED),
        person("undated"),
    )
).normalised()


def test_default_is_members_in_canonical_order() -> None:
    assert ids(select(LEDGER, Filters())) == ["china", "both", "iloa", "undated"]  # joined 2023 both: by id


def test_as_of_keeps_who_was_in_with_the_status_it_had() -> None:
    chosen = select(LEDGER, Filters(as_of=date("2023-06")))
    assert ids(chosen) == ["china", "gone", "both"]  # gone was still a member; iloa is in only by the end of 2023
    gone = chosen[1]
    assert (gone.status, gone.withdrawn) == (Status.MEMBER, None)
    assert ids(select(LEDGER, Filters(as_of=date("2024-01-10")))) == ["china", "both", "iloa"]
    # joining order: gone is in from the end of May 2022, claim only from the end of 2022
    assert ids(select(LEDGER, Filters(statuses=(), as_of=date("2024")))) == ["china", "gone", "claim", "both", "iloa"]


def test_until_reads_statuses_as_of_its_end_like_as_of() -> None:
    assert select(LEDGER, Filters(until=date("2023"))) == select(LEDGER, Filters(as_of=date("2023")))
    assert select(LEDGER, Filters(until=date("2023"), as_of=date("2023-06")))[1].status is Status.MEMBER


def test_a_window_is_who_joined_in_it() -> None:
    window = Filters(statuses=(), since=date("2023-03"), until=date("2023-12"))
    assert ids(select(LEDGER, window)) == ["both", "iloa"]
    assert ids(select(LEDGER, window._replace(since=date("2023-03-02")))) == ["iloa"]
    assert ids(select(LEDGER, Filters(statuses=(), since=date("2024")))) == []


def test_kind_and_country_filters() -> None:
    assert ids(select(LEDGER, Filters(kinds=(Kind.COMPANY,)))) == ["both"]
    assert ids(select(LEDGER, Filters(statuses=(), countries=("PK",)))) == ["china", "gone", "claim", "undated"]


def test_sort_keys_and_their_validation() -> None:
    assert ids(select(LEDGER, Filters(statuses=()), SortKey.ID)) == sorted(p.id for p in LEDGER.participants)
    by_kind = ids(select(LEDGER, Filters(), SortKey.KIND))
    assert by_kind == ["china", "undated", "iloa", "both"]  # state, institution, company: the vocabulary's order
    assert sort_key("name") is SortKey.NAME
    with pytest.raises(InputError, match=r"cannot sort by 'size' \(choose from: joined, id, name, kind"):
        sort_key("size")


def test_agreements_are_numbered_from_1_in_date_order() -> None:
    p = person("x")._replace(agreements=(agreement("2021"), agreement("2020-05"))).normalised_agreements()
    lines = agreement_lines(p)
    assert [(n, a.signed if a else None) for _, n, a in lines] == [(1, date("2020-05")), (2, date("2021"))]


def test_participant_record_names_its_joining_and_when_it_was_in() -> None:
    record = participant_record(LEDGER.by_id()["both"])
    assert (record["joined"], record["in_by"]) == ("2023", "2023-03-01")
    assert [a["signed"] for a in record["agreements"]] == ["2023", "2023-03-01"]
    assert "joined" not in participant_record(LEDGER.by_id()["undated"])


def test_find_prefers_a_whole_name_to_the_start_of_a_longer_one() -> None:
    ledger = Ledger(
        (
            person("pa")._replace(name="Panamá"),
            person("pa-centre")._replace(name="Panamá Centre"),
        )
    ).normalised()
    assert find(ledger, "panama").id == "pa"  # the whole name, accents aside
    assert find(ledger, "Panamá C").id == "pa-centre"
    with pytest.raises(NotFoundError, match="'pan' is the start of 2 participants: pa, pa-centre"):
        find(ledger, "pan")


def test_resolve_ids_takes_what_show_takes_and_names_the_option_when_it_fails() -> None:
    assert resolve_ids(LEDGER, ["chi", "China", "iloa"]) == ("china", "iloa")  # once each, in the order asked
    with pytest.raises(NotFoundError, match=r"^--id: no participant with id or name 'chian'$") as caught:
        resolve_ids(LEDGER, ["china", "chian"])
    assert caught.value.hint == "did you mean: china?"
    with pytest.raises(NotFoundError, match=r"^--id: 'c' is the start of 2 participants: china, claim$"):
        resolve_ids(LEDGER, ["c"])
