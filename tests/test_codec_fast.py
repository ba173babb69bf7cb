"""The decoder's fast path changes speed only: on any input, decode gives what the field reader alone gives."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BUNDLED, examples
from ilrs_cli.core import codec
from ilrs_cli.core.codec import decode

# Values a hand-edited ledger may hold. Each field is mostly one of its usual values (so whole tables
# come out clean often enough for the fast path to build them), sometimes a near miss (padded, empty,
# look-alike, unsafe, too long), now and then anything at all, or absent.
ODD = st.sampled_from([None, 0, 1, True, 1.5, [], ["x"], [""], {}, {"a": 1}, dt.date(2024, 1, 2),
                       dt.datetime(2024, 1, 2, 3, 4), "", " "])  # fmt: skip
MISSES = ["", " ", " Moonland", "Moonland ", "Tu\u0308rkiye", "Pak\u0456stan", "a\u00adb", "a\tb", "a\nb",
          "\x1b[2J", "\u202egnp", "ZWJ\u200djoin", "\u0645\u200c\u0645", "x" * 201, "x" * 4001]  # fmt: skip


def _usual(values: list[Any], misses: list[Any]) -> st.SearchStrategy[Any]:
    """One of ``values`` nine times in ten, else one of ``misses``."""
    return st.integers(0, 9).flatmap(lambda n: st.sampled_from(misses if n == 0 else values))


WORDS = _usual(["Moonland", "CNSA", "Türkiye", "Space Agency", "Beijing"], MISSES)
DATES = _usual(["2024", "2024-02", "2024-02-29", "2020-01-01", "2024-02-01"], ["2023-02-29", "2024-13", " 2024", "24"])
URLS = st.lists(_usual(["https://e.org/a", "https://f.org"], ["https://e.org/a b", "e.org", "", " https://g.org"]))
NOTES = _usual(["Two\nlines", "Türkiye — ok", "ok"], ["trailing\n", "x" * 4001, *MISSES])


def _field(key: str, usual: st.SearchStrategy[Any], absent: int = 30) -> st.SearchStrategy[dict[str, Any]]:
    """{key: usual value}, or absent ({}) ``absent`` times in a hundred, or {key: anything} twice."""
    return st.integers(0, 99).flatmap(
        lambda n: (
            st.just({})
            if n < absent
            else ODD.map(lambda v: {key: v})
            if n < absent + 2
            else usual.map(lambda v: {key: v})
        )
    )


def _table(parts: list[st.SearchStrategy[dict[str, Any]]]) -> st.SearchStrategy[dict[str, Any]]:
    extra = st.sampled_from([{}] * 19 + [{"typo": "x"}])
    return st.tuples(*parts, extra).map(lambda ds: {k: v for d in ds for k, v in d.items()})


AGREEMENT = _table(
    [
        _field("instrument", _usual(["mou", "other", "agreement"], ["MOU", "treaty"])),
        _field("counterpart", WORDS),
        _field("signing_body", WORDS),
        _field("signed", DATES),
        _field("announced", DATES),
        _field("place", WORDS),
        _field("signatories", st.lists(WORDS, max_size=3)),
        _field("confidence", _usual(["high", "medium", "low"], ["sure"])),
        _field("sources", URLS),
        _field("notes", NOTES),
    ]
)
PARTICIPANT = _table(
    [
        _field("id", _usual(["moonland", "moon-land", "dup"], ["Moon", "a--b", "x" * 61]), absent=2),
        _field("name", WORDS, absent=2),
        _field("kind", _usual(["state", "company", "organization"], ["planet"]), absent=2),
        _field("country", _usual(["CN", "PK"], ["cn", "XX", " CN"])),
        _field("status", _usual(["member", "claimed", "withdrawn"], ["gone"])),
        _field("withdrawn", DATES, absent=70),
        _field("notes", NOTES),
        _field("agreement", st.lists(AGREEMENT, max_size=3)),
    ]
)


def _reader_only(data: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> codec.Decoded:
    with monkeypatch.context() as patch:
        patch.setattr(codec, "_fast_participants", lambda tables: None)
        return decode(data)


@settings(max_examples=examples(400), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(PARTICIPANT, max_size=4))
def test_fast_path_equals_the_reader_on_any_tables(monkeypatch: pytest.MonkeyPatch, tables: list[Any]) -> None:
    data = {"format": 1, "participant": tables}
    assert decode(data) == _reader_only(data, monkeypatch)


@settings(max_examples=examples(300), deadline=None)
@given(PARTICIPANT)
def test_a_table_built_fast_is_what_the_reader_builds_without_a_problem(table: dict[str, Any]) -> None:
    texts = codec._Texts([], [], [])
    try:
        fast = codec._fast_participant(table, texts)
    except TypeError:
        return  # sent to the reader
    problems: list[Any] = []
    slow = codec.decode_participant(table, 0, problems)
    if fast is not None and texts.plain():
        assert (fast, problems) == (slow, [])


def test_the_bundled_ledger_is_built_fast_and_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    import tomli

    data = tomli.loads(BUNDLED.read_text(encoding="utf-8"))
    fast = codec._fast_participants(data["participant"])
    assert fast is not None and None not in fast  # every participant of a clean ledger takes the fast path
    assert decode(data) == _reader_only(data, monkeypatch)


def test_one_text_that_is_not_plain_sends_every_table_to_the_reader() -> None:
    good = {"id": "a", "name": "A", "kind": "company"}
    bad = {"id": "b", "name": "B\x1b[2J", "kind": "company"}
    assert codec._fast_participants([good]) is not None
    assert codec._fast_participants([good, bad]) is None
    decoded = decode({"format": 1, "participant": [good, bad]})
    assert [p.rule for p in decoded.problems] == ["control-character"]


CLEAN_AGREEMENT = {
    "instrument": "mou",
    "counterpart": "CNSA",
    "signing_body": "SUPARCO",
    "signed": "2024-02-29",
    "announced": "2024-03",
    "place": "Beijing",
    "signatories": ["A. Person"],
    "confidence": "high",
    "sources": ["https://e.org/a"],
    "notes": "Two\nlines",
}
CLEAN = {
    "id": "moonland",
    "name": "Moonland",
    "kind": "state",
    "country": "CN",
    "status": "withdrawn",
    "withdrawn": "2025",
    "notes": "ok",
    "agreement": [CLEAN_AGREEMENT],
}
NEAR: list[object] = [*MISSES, None, 0, True, [], [""], ["x", ""], {}, dt.date(2024, 1, 2), dt.datetime(2024, 1, 2, 3, 4),
        "2020-01-01", "2024", "2023-02-29", " 2024", "cn", " CN", "member", "other", "MOU", "x" * 61,
        ["https://e.org/a b"]]  # fmt: skip


def _variants() -> list[dict[str, Any]]:
    """The clean table with one field (of the participant or its agreement) set to a near miss, or removed."""
    out = []
    for key in [*CLEAN, "typo"]:
        out += [{**CLEAN, key: value} for value in NEAR] + [{k: v for k, v in CLEAN.items() if k != key}]
    for key in [*CLEAN_AGREEMENT, "typo"]:
        out += [{**CLEAN, "agreement": [{**CLEAN_AGREEMENT, key: value}]} for value in NEAR]
        out.append({**CLEAN, "agreement": [{k: v for k, v in CLEAN_AGREEMENT.items() if k != key}]})
    return out


def test_every_near_miss_of_every_field_is_decoded_as_the_reader_does(monkeypatch: pytest.MonkeyPatch) -> None:
    assert codec._fast_participants([CLEAN]) not in (None, [None])  # the clean table itself goes fast
    for table in _variants():
        data = {"format": 1, "participant": [table]}
        assert decode(data) == _reader_only(data, monkeypatch), table
