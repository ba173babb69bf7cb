"""core/diff.py: two ledgers, or one at two dates, compared; agreements numbered from 1 as `show` numbers them."""

from __future__ import annotations

from core.ledgers import agreement, date, person
from ilrs_cli.core import diff as df
from ilrs_cli.core.model import Instrument, Ledger, Status


def test_added_removed_and_changed_lines() -> None:
    old = Ledger((person("a", "2021-01-01"), person("b", "2022-02-02")))
    changed = person("a", "2021-01-01")._replace(notes="now with notes")
    new = Ledger((changed, person("c", "2023")))
    result = df.diff_ledgers(old, new)
    assert result.summary() == "1 added, 1 removed, 1 changed"
    assert df.change_lines(result) == [
        df.ChangeLine("+", "c", "C", "participant", "", "2023"),
        df.ChangeLine("-", "b", "B", "participant", "2022-02-02", ""),
        df.ChangeLine("~", "a", "A", "notes", "", "now with notes"),
    ]
    assert not df.diff_ledgers(old, old)


def test_agreements_are_paired_and_numbered_from_1() -> None:
    before = person("x", "2021-01-01", "2022-05")
    moved = before.agreements[1]._replace(signed=date("2022-05-06"))
    after = before._replace(agreements=(before.agreements[0], moved, agreement("2024"))).normalised_agreements()
    lines = df.change_lines(df.diff_ledgers(Ledger((before,)), Ledger((after,))))
    assert [(line.what, line.old, line.new) for line in lines] == [
        ("agreement[2].signed", "2022-05", "2022-05-06"),
        ("agreement[3]", "", "2024 other"),
    ]
    record = df.diff_json(df.diff_ledgers(Ledger((before,)), Ledger((after,))))
    assert [a["number"] for a in record["changed"][0]["agreements"]["added"]] == [3]


def test_an_instrument_change_is_a_field_change_of_the_same_agreement() -> None:
    before = person("x", "2021-01-01")
    after = before._replace(agreements=(before.agreements[0]._replace(instrument=Instrument.MOU),))
    (line,) = df.change_lines(df.diff_ledgers(Ledger((before,)), Ledger((after,))))
    assert (line.what, line.old, line.new) == ("agreement[1].instrument", "other", "mou")


def test_between_dates_added_is_who_joined_and_withdrawals_are_changes() -> None:
    ledger = Ledger(
        (
            person("early", "2021-03-09"),
            person("both", "2023", "2023-03-01"),
            person("gone", "2022", status=Status.WITHDRAWN, withdrawn="2023-08"),
            person("claim", "2023-05-05", status=Status.CLAIMED),
        )
    ).normalised()
    result = df.diff_dates(ledger, date("2023-03"), date("2023-12"), (Status.MEMBER, Status.WITHDRAWN))
    assert [c.participant.id for c in result.added] == ["both"]
    assert [(c.participant.id, [f.field for f in c.fields]) for c in result.changed] == [
        ("gone", ["status", "withdrawn"]),
    ]
    assert len(result.added[0].participant.agreements) == 2  # "2023" is over by the end of the window too
    later = df.diff_dates(ledger, date("2023-03-02"), date("2023-12"), (Status.MEMBER,))
    assert [(c.participant.id, [a.marker for a in c.agreements]) for c in later.changed] == [("both", ["+"])]
    everyone = df.diff_dates(ledger, date("2023-03"), date("2023-12"))
    assert [c.participant.id for c in everyone.added] == ["both", "claim"]
    assert not df.diff_dates(ledger, date("2020"), date("2020"))
