"""store/toml.py, the TOML boundary: parsing with positions, the canonical renderer held to tomli-w's text, the
writer's block reuse, and the comments a rewrite would drop."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given, settings

from conftest import BUNDLED, examples
from ilrs_cli.core import changes as edit
from ilrs_cli.core.codec import encode_participant
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.errors import LedgerError
from ilrs_cli.core.model import Agreement, Kind, Ledger, Participant, Status
from ilrs_cli.core.programmes import BY_ID
from ilrs_cli.store import ledger, toml
from ilrs_cli.store.location import Location
from test_properties import ledgers


@settings(max_examples=examples(150), deadline=None)
@given(ledgers())
def test_the_renderer_writes_what_tomli_w_writes(value: Ledger) -> None:
    for participant in value.participants:  # (each has an agreement with a source, so tomli-w inlines nothing)
        assert toml.render_block(participant) == tomli_w.dumps({"participant": [encode_participant(participant)]})


def test_the_bundled_ledger_is_rendered_byte_for_byte() -> None:
    loaded = ledger.load(Location(BUNDLED, "bundled"))
    assert toml.dumps(loaded.ledger) == BUNDLED.read_text(encoding="utf-8")


def test_participants_without_agreements_make_a_ledger_that_loads(tmp_path: Path) -> None:
    """tomli-w inlined each as `participant = [{...}]`: two of them were a duplicate key, an unreadable file."""
    people = tuple(Participant(pid, pid.upper(), Kind.COMPANY, Status.CLAIMED) for pid in ("aa", "bb"))
    path = tmp_path / "l.toml"
    ledger.create(path, Ledger(people))
    assert ledger.load(Location(path, "t")).ledger.participants == people
    assert path.read_text().count("\n[[participant]]\n") == 2  # (the header names it once more)


def test_strings_are_escaped_as_toml_basic_strings() -> None:
    text = 'quote " backslash \\ tab \t newline \n bell \x07 del \x7f é'
    person = Participant("x", "X", Kind.COMPANY, notes=text)
    assert toml.render_block(person) == tomli_w.dumps({"participant": [encode_participant(person)]})


def test_the_block_reusing_writer_equals_the_full_writer(tmp_path: Path) -> None:
    path = tmp_path / "members.toml"
    shutil.copyfile(BUNDLED, path)
    location = Location(path, "test")
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
        assert saved.new_text == toml.dumps(saved.after) == path.read_text()
        assert ledger.load(Location(path, "fresh")).ledger == saved.after


def test_key_lines_point_at_keys_else_at_their_nearest_written_table() -> None:
    lines = toml.KeyLines(b"format = 1\n\n[[participant]]\nid='a'\n\n  [[ participant ]]\n[[participant.agreement]]\n")
    assert [lines(("participant", 0)), lines(("participant", 1)), lines(("participant", 0, "id"))] == [3, 6, 4]
    assert lines(("participant", 1, "agreement", 0, "signed")) == 7  # a missing key: its table
    assert lines(("participant", 1, "name")) == 6
    assert lines(("gaps",)) is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "x: ledger is empty (0 bytes); a ledger starts with `format = 1`"),
        (b" \n\t", "x: ledger is empty (3 bytes); a ledger starts with `format = 1`"),
        (b"\xef\xbb\xbfformat = 1\n", "x:1:1: file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"),
        (b"format = 1\nname = 'a\x00'\n", "x:2:10: NUL byte in ledger (is this a binary file?)"),
        (b"format = 1\nname = '\xe9'\n", "x:2:9: invalid UTF-8 (byte 0xe9)"),
        (b"format = 1\nname = \n", "x:2:8: TOML syntax error: Invalid value"),
        (b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n", "x: TOML is nested too deeply"),
    ],
)
def test_parse_errors_name_the_file_line_and_column(raw: bytes, message: str) -> None:
    with pytest.raises(LedgerError) as caught:
        toml.parse_bytes(raw, "x")
    assert caught.value.message == message


def test_parse_gives_plain_data() -> None:
    assert toml.parse_bytes(b'format = 1\n[[participant]]\nid = "a"\n', "x") == {
        "format": 1,
        "participant": [{"id": "a"}],
    }


def test_the_header_names_the_programme() -> None:
    assert toml.header("ilrs").splitlines()[0] == BY_ID["ilrs"].header
    assert toml.header("moon").startswith("# Participants ledger of the programme 'moon'.\n# Canonical form")
    assert toml.dumps(Ledger((), "artemis-accords")).startswith(toml.header("artemis-accords") + "\nformat = 1\n")


def test_foreign_comments_skip_strings_and_the_writers_own_header() -> None:
    raw = (
        toml.header("moon")
        + 'format = 1 # mine\nprogramme = "moon"\n[[participant]]\nid = "a#b" # after a string\n'
        + 'name = \'x\\\' # still a comment\'\nnotes = """\n# inside a string\n""" # after it\n# alone\n'
    ).encode()
    assert toml.foreign_comments(raw, "x") == [
        (6, "# mine"),
        (9, "# after a string"),
        (10, "# still a comment'"),
        (13, "# after it"),
        (14, "# alone"),
    ]
    assert toml.foreign_comments(toml.dumps(Ledger((), "moon")).encode(), "x") == []


def test_blocks_are_reused_only_from_a_canonical_file() -> None:
    people = tuple(Participant(pid, pid.upper(), Kind.COMPANY, Status.CLAIMED) for pid in ("aa", "bb"))
    before = Ledger(people)
    raw = toml.dumps(before).encode()
    after = Ledger((people[0], people[1]._replace(name="BB2")))
    text, fresh = toml.dumps_reusing(after, before, raw, canonical=True)
    assert (text, [p.id for p, _ in fresh]) == (toml.dumps(after), ["bb"])
    text, fresh = toml.dumps_reusing(after, before, raw, canonical=None)
    assert (text, [p.id for p, _ in fresh]) == (toml.dumps(after), ["aa", "bb"])
    toml.verify_blocks(fresh)
