"""Property-based tests: round trips, idempotent canonical writes, and a stateful model of edits."""

from __future__ import annotations

import shutil
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from conftest import examples
from ilrs_cli.core import changes as edit
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.errors import InputError
from ilrs_cli.core.model import Agreement, Confidence, Instrument, Kind, Ledger, Participant, Status
from ilrs_cli.core.text import COUNTRY_CODES
from ilrs_cli.store import ledger
from ilrs_cli.store.location import Location
from ilrs_cli.store.toml import dumps

# Text people really store: letters of several scripts (no Cyrillic or Greek next to Latin, which
# the look-alike rule refuses on purpose), digits, punctuation, quotes, backslashes, '#', brackets.
SAFE = (
    st.text(
        alphabet=st.sampled_from(string.ascii_letters + string.digits + " .,'\"\\#[]:=-()/&éüßøçñ中国月球إ"),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
# A name's words each keep to one script beside digits and punctuation (a word mixing Latin with another
# script's letters is a look-alike, refused on purpose): Latin words, and words of Han and Arabic letters.
_PUNCTUATION = string.digits + ".,'\"\\#[]:=-()/&"
NAME = (
    st.lists(
        st.one_of(
            st.text(alphabet=st.sampled_from(string.ascii_letters + _PUNCTUATION + "éüßøçñ"), min_size=1, max_size=10),
            st.text(alphabet=st.sampled_from("中国月球إ" + _PUNCTUATION), min_size=1, max_size=6),
        ),
        min_size=1,
        max_size=3,
    )
    .map(" ".join)
    .map(str.strip)
    .filter(bool)
)
NOTES = st.one_of(
    st.just(""), st.text(alphabet=st.sampled_from(string.ascii_letters + " \n'\"\\#"), max_size=60).map(str.strip)
)
URLS = st.builds(
    lambda host, path: f"https://{host}.example.org/{path}",
    st.from_regex(r"[a-z]{1,8}", fullmatch=True),
    st.from_regex(r"[a-z0-9/#?=&-]{0,20}", fullmatch=True),
)
DATES = st.builds(
    lambda y, m, d, p: PartialDate(y, m if p > 0 else 0, min(d, 28) if p > 1 else 0),
    st.integers(1990, 2030),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 2),
)


@st.composite
def agreements(draw: st.DrawFn) -> Agreement:
    signed = draw(st.one_of(st.none(), DATES))
    announced = draw(st.one_of(st.none(), DATES)) if signed is not None else draw(DATES)
    if signed is not None and announced is not None and announced.end < signed.start:
        announced = signed
    return Agreement(
        instrument=draw(st.sampled_from(list(Instrument))),
        counterpart=draw(st.one_of(st.just(""), SAFE)),
        signing_body=draw(st.one_of(st.just(""), SAFE)),
        signed=signed,
        announced=announced,
        place=draw(st.one_of(st.just(""), SAFE)),
        signatories=tuple(draw(st.lists(SAFE, max_size=2))),
        confidence=draw(st.sampled_from(list(Confidence))),
        sources=tuple(draw(st.lists(URLS, min_size=1, max_size=2))),
        notes=draw(NOTES),
    )


@st.composite
def participants(draw: st.DrawFn, number: int) -> Participant:
    kind = draw(st.sampled_from(list(Kind)))
    status = draw(st.sampled_from(list(Status)))
    own = draw(st.lists(agreements(), min_size=1, max_size=3))
    joined = min((a.date for a in own if a.date), default=PartialDate(2000))
    return Participant(
        id=f"p{number}-{draw(st.from_regex(r'[a-z0-9]{1,6}', fullmatch=True))}",
        name=f"{draw(NAME)} {number}",  # the number keeps names apart (look-alikes have their own tests)
        kind=kind,
        status=status,
        country=draw(st.sampled_from(sorted(COUNTRY_CODES)))
        if kind is Kind.STATE
        else draw(st.one_of(st.just(""), st.sampled_from(sorted(COUNTRY_CODES)))),
        withdrawn=PartialDate(joined.year + 1) if status is Status.WITHDRAWN else None,
        notes=draw(NOTES),
        agreements=tuple(own),
    )


@st.composite
def ledgers(draw: st.DrawFn) -> Ledger:
    count = draw(st.integers(0, 6))
    return Ledger(tuple(draw(participants(n)) for n in range(count))).normalised()


def _reload(text: str) -> Ledger:
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "l.toml"
        path.write_text(text, encoding="utf-8")
        return ledger.load(Location(path, "test")).ledger


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers())
def test_any_valid_ledger_survives_write_then_load(value: Ledger) -> None:
    assert _reload(dumps(value)) == value


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers())
def test_canonical_write_is_idempotent(value: Ledger) -> None:
    text = dumps(value)
    assert dumps(_reload(text)) == text


class LedgerEdits(RuleBasedStateMachine):
    """Random add/edit/withdraw/remove sequences through the real writer, against a plain dict."""

    def __init__(self) -> None:
        super().__init__()
        self.directory = Path(tempfile.mkdtemp())
        self.path = self.directory / "members.toml"
        ledger.create(self.path, Ledger())
        self.location = Location(self.path, "model")
        self.model: dict[str, Participant] = {}
        self.counter = 0

    def teardown(self) -> None:
        shutil.rmtree(self.directory)

    @rule(data=st.data())
    def add(self, data: st.DataObject) -> None:
        self.counter += 1
        new = data.draw(participants(self.counter))
        ledger.save(self.location, lambda led: edit.add_participant(led, new))
        self.model[new.id] = new.normalised_agreements()

    @precondition(lambda self: self.model)
    @rule(data=st.data(), status=st.sampled_from([Status.MEMBER, Status.CLAIMED, Status.DISPUTED]))
    def change_status(self, data: st.DataObject, status: Status) -> None:
        pid = data.draw(st.sampled_from(sorted(self.model)))
        if self.model[pid].status is Status.WITHDRAWN:
            return
        ledger.save(self.location, lambda led: edit.update_participant(led, pid, {"status": status.value}))
        self.model[pid] = self.model[pid]._replace(status=status)

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def withdraw(self, data: st.DataObject) -> None:
        pid = data.draw(st.sampled_from(sorted(self.model)))
        current = self.model[pid]
        date = PartialDate(2031)
        try:
            ledger.save(self.location, lambda led: edit.withdraw(led, pid, date))
        except InputError:
            assert current.status is Status.WITHDRAWN  # the only refusal possible here
            return
        self.model[pid] = current._replace(status=Status.WITHDRAWN, withdrawn=date)

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def add_agreement(self, data: st.DataObject) -> None:
        pid = data.draw(st.sampled_from(sorted(self.model)))
        agreement = data.draw(agreements())
        if agreement in self.model[pid].agreements:
            return
        ledger.save(self.location, lambda led: edit.add_agreement(led, pid, agreement))
        current = self.model[pid]
        self.model[pid] = current._replace(agreements=(*current.agreements, agreement)).normalised_agreements()

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def remove(self, data: st.DataObject) -> None:
        pid = data.draw(st.sampled_from(sorted(self.model)))
        ledger.save(self.location, lambda led: edit.remove_participant(led, pid))
        del self.model[pid]

    @invariant()
    def file_agrees_with_the_model(self) -> None:
        fresh = ledger.load(Location(self.path, "fresh")).ledger
        assert fresh == Ledger(tuple(self.model.values())).normalised()
        assert self.path.read_text(encoding="utf-8") == dumps(fresh)


TestLedgerEdits = LedgerEdits.TestCase
TestLedgerEdits.settings = settings(max_examples=examples(40), stateful_step_count=15, deadline=None)
