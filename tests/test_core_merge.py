"""core.merge as a pure core: the three-way merge's rules, properties on random ledgers, conflict markers."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import examples
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.merge import identity, marked, merge
from ilrs_cli.core.model import Agreement, Instrument, Kind, Ledger, Participant
from ilrs_cli.store.toml import dumps
from test_properties import ledgers, participants

MOU = Agreement(Instrument.MOU, "CNSA", signed=PartialDate(2023, 10, 18), sources=("https://e.org/1",))
P = Participant("pakistan", "Pakistan", Kind.STATE, country="PK", agreements=(MOU,))
BASE = Ledger((P,))


def _with(*agreements: Agreement, notes: str = P.notes) -> Ledger:
    return Ledger((P._replace(agreements=agreements, notes=notes),))


def test_agreements_are_paired_by_identity_and_by_one_corrected_part() -> None:
    corrected = MOU._replace(signed=PartialDate(2023, 10, 17))  # a corrected date: same instrument, counterpart
    noted = MOU._replace(notes="In Beijing.")
    result = merge(BASE, _with(corrected), _with(noted))
    assert result.conflicts == ()
    assert result.ours.participants[0].agreements == (corrected._replace(notes="In Beijing."),)
    # both corrected the date, differently: a conflict, not two agreements
    other = MOU._replace(signed=PartialDate(2023, 10, 19))
    clash = merge(BASE, _with(corrected), _with(other))
    assert [c.describe() for c in clash.conflicts] == [
        "pakistan (Pakistan) agreement (2023-10-18 mou, CNSA).signed: ours '2023-10-17', theirs '2023-10-19' "
        "(base '2023-10-18')"
    ]
    assert identity(MOU) == ("mou", "CNSA", "2023-10-18")


def test_sources_merge_item_by_item_and_additions_of_one_agreement_meet() -> None:
    a = MOU._replace(sources=("https://e.org/1", "https://e.org/a"))
    b = MOU._replace(sources=("https://e.org/b",))  # removed 1, added b
    assert merge(BASE, _with(a), _with(b)).ours.participants[0].agreements[0].sources == (
        "https://e.org/a",
        "https://e.org/b",
    )
    new = Agreement(Instrument.AGREEMENT, "CNSA", signed=PartialDate(2025), sources=("https://e.org/x",))
    ours, theirs = new, new._replace(sources=("https://e.org/y",), confidence=new.confidence)
    result = merge(BASE, _with(MOU, ours), _with(MOU, theirs))
    assert result.conflicts == ()
    assert result.ours.participants[0].agreements[1].sources == ("https://e.org/x", "https://e.org/y")


def test_removed_against_changed_at_every_level() -> None:
    gone = Ledger()
    changed = _with(MOU, notes="n")
    assert [c.describe() for c in merge(BASE, gone, changed).conflicts] == [
        "pakistan (Pakistan) participant: ours (removed), theirs (changed: notes 'n')"
    ]
    assert merge(BASE, gone, BASE).ours == gone  # removed, and untouched on the other side
    assert [c.describe() for c in merge(BASE, _with(), _with(MOU._replace(place="Beijing"))).conflicts] == [
        "pakistan (Pakistan) agreement (2023-10-18 mou, CNSA): ours (removed), theirs (changed: place 'Beijing')"
    ]
    cleared = MOU._replace(sources=())
    assert [c.describe() for c in merge(BASE, _with(cleared), _with()).conflicts] == [
        "pakistan (Pakistan) agreement (2023-10-18 mou, CNSA): ours (changed: sources (cleared)), theirs (removed)"
    ]
    other = Agreement(Instrument.AGREEMENT, "CNSA", signed=PartialDate(2025), sources=("https://e.org/x",))
    assert [c.describe() for c in merge(BASE, gone, _with(MOU, other)).conflicts] == [
        "pakistan (Pakistan) participant: ours (removed), theirs (changed: agreements)"
    ]


def test_one_id_added_on_both_sides_with_different_agreements_is_a_conflict() -> None:
    """Each side's agreements are its whole first record of the participant: none is an addition to keep."""
    dsel = Agreement(Instrument.MOU, "DSEL", signed=PartialDate(2024, 5, 2), sources=("https://e.org/1",))
    empty = Ledger()
    result = merge(empty, BASE, _with(dsel))
    assert [c.describe() for c in result.conflicts] == [
        "pakistan (Pakistan) agreement (2023-10-18 mou, CNSA): ours (added), theirs (not added)",
        "pakistan (Pakistan) agreement (2024-05-02 mou, DSEL): ours (not added), theirs (added)",
    ]
    assert result.ours == BASE and result.theirs == _with(dsel)  # each settlement is that side's own record
    # one side's record a part of the other's: still added differently
    both = merge(empty, _with(MOU, dsel), BASE)
    assert [c.describe() for c in both.conflicts] == [
        "pakistan (Pakistan) agreement (2024-05-02 mou, DSEL): ours (added), theirs (not added)"
    ]
    # the same agreement on both sides (of one identity): its fields merge, other lists item by item
    sourced = MOU._replace(sources=("https://e.org/2",))
    same = merge(empty, BASE, _with(sourced))
    assert same.conflicts == ()
    assert same.ours.participants[0].agreements[0].sources == ("https://e.org/1", "https://e.org/2")


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers(), ledgers())
def test_one_sided_and_identical_changes_take_that_side(base: Ledger, other: Ledger) -> None:
    for result in (merge(base, base, other), merge(base, other, base), merge(base, other, other)):
        assert result.conflicts == ()
        assert dumps(result.ours) == dumps(other)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers(), st.data())
def test_additions_on_both_sides_keep_both(base: Ledger, data: st.DataObject) -> None:
    ours = data.draw(participants(90))
    theirs = data.draw(participants(91))
    result = merge(base, Ledger((*base.participants, ours)), Ledger((*base.participants, theirs)))
    assert result.conflicts == () and result.problems == ()
    assert dumps(result.ours) == dumps(Ledger((*base.participants, ours, theirs)))


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers(), ledgers())
def test_markers_keep_each_side_whole(ours: Ledger, theirs: Ledger) -> None:
    a, b = dumps(ours), dumps(theirs)
    text = marked(a, b)
    assert (text == a) is (a == b)
    assert _keep(text, "ours") == a


def _keep(text: str, side: str) -> str:
    out, current = [], None
    for line in text.splitlines(keepends=True):
        if line.startswith("<<<<<<< "):
            current = "ours"
        elif line == "=======\n" and current:
            current = "theirs"
        elif line.startswith(">>>>>>> "):
            current = None
        elif current in (None, side):
            out.append(line)
    return "".join(out)
