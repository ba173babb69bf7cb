"""core.log as a pure core: commits and versions are given, no git involved."""

from __future__ import annotations

from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.log import EMPTY, NULL_ID, Commit, History, Selection, changes, merge_changes, select
from ilrs_cli.core.model import Agreement, Kind, Ledger, Participant

MOU = Agreement(signed=PartialDate(2024, 5), sources=("https://e.org",))
A = Participant("alpha", "Alpha", Kind.COMPANY, agreements=(MOU,))
B = Participant("beta", "Beta", Kind.COMPANY, agreements=(MOU,))


def _commit(name: str, before: tuple[str, ...], after: str, day: str = "2025-01-02") -> Commit:
    return Commit(name, (), f"{day}T00:00:00+00:00", "Ada", "a@e.org", name, "m.toml", "m.toml", before, after)


def test_a_removal_and_an_addition_with_one_name_is_an_id_change() -> None:
    renamed = A._replace(id="alpha-co", notes="Renamed.")
    rows = changes(Ledger((A, B)), Ledger((renamed, B)))
    assert [(r.marker, r.id, r.what, r.old, r.new) for r in rows] == [
        ("~", "alpha-co", "id", "alpha", "alpha-co"),
        ("~", "alpha-co", "notes", "", "Renamed."),
    ]


def test_a_merge_keeps_only_what_no_parent_had() -> None:
    ours, theirs = Ledger((A, B)), Ledger((A._replace(notes="x"),))
    merged = Ledger((A._replace(notes="x"), B))
    assert merge_changes([ours, theirs], merged) == []
    evil = Ledger((A._replace(notes="y"), B))
    assert [(r.id, r.what, r.new) for r in merge_changes([ours, theirs], evil)] == [("alpha", "notes", "y")]


def test_a_version_that_does_not_load_and_the_one_after_it() -> None:
    versions: dict[str, Ledger | str] = {
        "v1": Ledger((A,)),
        "v2": "m.toml:3:1: TOML syntax error",
        "v3": Ledger((A, B)),
    }
    commits = [_commit("c3", ("v2",), "v3"), _commit("c2", ("v1",), "v2"), _commit("c1", (NULL_ID,), "v1")]
    history = History(commits, versions.__getitem__)
    log = select(history, Selection())
    assert [[(r.marker, r.what, r.new) for r in e.changes] for e in log.entries] == [
        [
            ("!", "parent", "the previous version does not load; changes are shown against c1"),
            ("+", "participant", "2024-05"),
        ],
        [("!", "ledger", "does not load: m.toml:3:1: TOML syntax error")],
        [("+", "participant", "2024-05")],
    ]
    assert history.version(NULL_ID) is EMPTY


def test_dates_limit_and_one_participant() -> None:
    versions = {"v1": Ledger((A,)), "v2": Ledger((A, B)), "v3": Ledger((A._replace(notes="n"), B))}
    commits = [
        _commit("c3", ("v2",), "v3", "2025-03-01"),
        _commit("c2", ("v1",), "v2", "2025-02-01"),
        _commit("c1", (NULL_ID,), "v1", "2025-01-01"),
    ]
    history = History(commits, versions.__getitem__)

    def pick(selection: Selection) -> list[str]:
        return [e.commit.commit for e in select(history, selection).entries]

    assert pick(Selection(since=PartialDate(2025, 2))) == ["c3", "c2"]
    assert pick(Selection(until=PartialDate(2025, 1))) == ["c1"]
    assert pick(Selection(limit=1)) == ["c3"]
    assert pick(Selection(pid="beta")) == ["c2"]
    assert pick(Selection(pid="alpha")) == ["c3", "c1"]
    assert not select(history, Selection(pid="gamma")).seen
