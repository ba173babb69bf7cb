"""The canonical renderer (store/ledger.py), held to tomli-w's text, and the writer's block reuse."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import tomli_w
from hypothesis import given, settings

from conftest import BUNDLED, examples
from ilrs_cli.core import changes as edit
from ilrs_cli.core.codec import encode_participant
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Agreement, Kind, Ledger, Participant, Status
from ilrs_cli.store import ledger
from test_properties import ledgers


@settings(max_examples=examples(150), deadline=None)
@given(ledgers())
def test_the_renderer_writes_what_tomli_w_writes(value: Ledger) -> None:
    for participant in value.participants:  # (each has an agreement with a source, so tomli-w inlines nothing)
        assert ledger.render_block(participant) == tomli_w.dumps({"participant": [encode_participant(participant)]})


def test_the_bundled_ledger_is_rendered_byte_for_byte() -> None:
    loaded = ledger.load(ledger.Location(BUNDLED, "bundled"))
    assert ledger.dumps(loaded.ledger) == BUNDLED.read_text(encoding="utf-8")


def test_participants_without_agreements_make_a_ledger_that_loads(tmp_path: Path) -> None:
    """tomli-w inlined each as `participant = [{...}]`: two of them were a duplicate key, an unreadable file."""
    people = tuple(Participant(pid, pid.upper(), Kind.COMPANY, Status.CLAIMED) for pid in ("aa", "bb"))
    path = tmp_path / "l.toml"
    ledger.create(path, Ledger(people))
    assert ledger.load(ledger.Location(path, "t")).ledger.participants == people
    assert path.read_text().count("\n[[participant]]\n") == 2  # (the header names it once more)


def test_strings_are_escaped_as_toml_basic_strings() -> None:
    text = 'quote " backslash \\ tab \t newline \n bell \x07 del \x7f é'
    person = Participant("x", "X", Kind.COMPANY, notes=text)
    assert ledger.render_block(person) == tomli_w.dumps({"participant": [encode_participant(person)]})


def test_the_block_reusing_writer_equals_the_full_writer(tmp_path: Path) -> None:
    path = tmp_path / "members.toml"
    shutil.copyfile(BUNDLED, path)
    location = ledger.Location(path, "test")
    rng = random.Random(5)

    def _adding(new: Participant) -> Callable[[Ledger], tuple[Ledger, None]]:
        return lambda led: (edit.add_participant(led, new)[0], None)

    def _removing(pid: str) -> Callable[[Ledger], tuple[Ledger, None]]:
        return lambda led: (edit.remove_participant(led, pid)[0], None)

    for step in range(20):
        current = ledger.load(location).ledger
        pid = rng.choice([p.id for p in current.participants])
        if step % 2:
            new = Participant(f"p-{step}", f"Participant {step}", Kind.COMPANY,
                              agreements=(Agreement(signed=PartialDate(2026), sources=("https://e.org",)),))  # fmt: skip
            saved = ledger.save(location, _adding(new))
        else:
            saved = ledger.save(location, _removing(pid))
        assert saved.new_text == ledger.dumps(saved.after) == path.read_text()
        assert ledger.load(ledger.Location(path, "fresh")).ledger == saved.after
