"""Names and ids: invisible characters refused by Unicode property, look-alikes by Unicode's
confusables data (UTS #39 skeletons), across all scripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ADD, Run
from ilrs_cli.store import ledger
from ilrs_cli.store.location import Location

INVISIBLE_IN_NAMES = {
    "soft hyphen": ("Pak\u00adistan", "U+00AD SOFT HYPHEN"),
    "tag character": ("Pakistan\U000e0041", "U+E0041 TAG LATIN CAPITAL LETTER A"),
    "variation selector": ("Paki\ufe0fstan", "U+FE0F VARIATION SELECTOR-16"),
    "combining grapheme joiner": ("Pakis\u034ftan", "U+034F COMBINING GRAPHEME JOINER"),
    "braille blank": ("Pakistan\u2800", "U+2800 BRAILLE PATTERN BLANK"),
    "interlinear annotation": ("\ufff9Pakistan", "U+FFF9 INTERLINEAR ANNOTATION ANCHOR"),
    "hangul filler": ("Pakistan \u3164", "U+3164 HANGUL FILLER"),
    "hangul choseong filler": ("\u115fPakistan", "U+115F HANGUL CHOSEONG FILLER"),
    "hangul jungseong filler": ("Pak\u1160istan", "U+1160 HANGUL JUNGSEONG FILLER"),
    "zero width joiner": ("Pak\u200distan", "U+200D ZERO WIDTH JOINER"),
    "zero width non-joiner between non-Latin letters": ("پا\u200cکستان", "U+200C ZERO WIDTH NON-JOINER"),
    "mongolian vowel separator": ("Pakistan\u180e", "U+180E MONGOLIAN VOWEL SEPARATOR"),
}


@pytest.mark.parametrize("name, described", INVISIBLE_IN_NAMES.values(), ids=INVISIBLE_IN_NAMES.keys())
def test_invisible_characters_are_refused_in_names(run: Run, ledger_copy: Path, name: str, described: str) -> None:
    before = ledger_copy.read_bytes()
    result = run("add", name, "--id", "pakistan-2", *ADD, "--ledger", str(ledger_copy))
    assert result.code == 2
    assert result.stderr == f"ilrs: error: NAME: contains control or invisible characters ({described})\n"
    assert ledger_copy.read_bytes() == before


def test_ten_identical_looking_pakistans_are_all_refused(run: Run, ledger_copy: Path) -> None:
    before = ledger_copy.read_bytes()
    for n in range(1, 11):
        result = run("add", "Pak" + "\u00ad" * n + "istan", "--id", f"pk-{n}", *ADD, "--ledger", str(ledger_copy))
        assert result.code == 2
    assert ledger_copy.read_bytes() == before


def test_an_edit_cannot_bring_an_invisible_character_in(run: Run, ledger_copy: Path) -> None:
    before = ledger_copy.read_bytes()
    result = run("edit", "pakistan", "--name", "Paki\U000e0020stan", "--ledger", str(ledger_copy))
    assert result.code == 2 and "U+E0020 TAG SPACE" in result.stderr
    assert ledger_copy.read_bytes() == before


def test_a_stored_invisible_character_is_a_check_error(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "l.toml"
    path.write_text(
        'format = 1\n\n[[participant]]\nid = "p"\nname = "Pak\\u00ADistan"\nkind = "company"\nstatus = "claimed"\n'
    )
    result = run("check", str(path))
    assert result.code == 1
    assert "control-character: participant[1] (p).name: contains control or invisible characters" in result.stdout
    assert "(U+00AD SOFT HYPHEN)" in result.stdout


def test_joiners_are_kept_in_free_text_where_a_script_needs_them(run: Run, ledger_copy: Path) -> None:
    note = "نام فارسی: می\u200cخواهم; क्\u200dष; \U0001f469\u200d\U0001f680"
    result = run("edit", "pakistan", "--note", note, "--ledger", str(ledger_copy))
    assert result.code == 0, result.stderr
    stored = ledger.load(Location(ledger_copy, "test")).ledger.by_id()["pakistan"]
    assert stored.notes == note
    shown = run("show", "pakistan", "-f", "table", "--ledger", str(ledger_copy), env={"COLUMNS": "300"}).stdout
    assert "می\u200cخواهم" in shown and "<U+200C>" not in shown
    hidden = run("edit", "pakistan", "--note", "Pak\u200cistan", "--ledger", str(ledger_copy))
    assert hidden.code == 2 and "U+200C ZERO WIDTH NON-JOINER" in hidden.stderr


LOOK_ALIKES = {
    "latin alpha": ("Pɑkistan", "Pɑkistan (ɑ U+0251 LATIN SMALL LETTER ALPHA) looks like 'Pakistan' (pakistan)"),
    "armenian o": ("Bօlivia", "Bօlivia (օ U+0585 ARMENIAN SMALL LETTER OH) looks like 'Bolivia' (bolivia)"),
    "armenian capital o": (
        "Օman Lens",
        "Օman Lens (Օ U+0555 ARMENIAN CAPITAL LETTER OH) looks like 'Oman Lens' (oman-lens)",
    ),
    "greek rho": ("Ρakistan", "name Ρakistan (Ρ U+03A1 GREEK CAPITAL LETTER RHO) looks like 'Pakistan' (pakistan)"),
    "fullwidth": ("Ｓerbia", "name 'Ｓerbia' is the same as 'Serbia' (serbia)"),
    "cherokee": ("ᏚᎬᏒᏴᎥᎪ", "looks like 'Serbia' (serbia)"),
}


@pytest.mark.parametrize("name, message", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_look_alikes_of_existing_names_are_refused(run: Run, ledger_copy: Path, name: str, message: str) -> None:
    before = ledger_copy.read_bytes()
    result = run("add", name, "--id", "look-alike", *ADD, "--ledger", str(ledger_copy))
    assert result.code == 2
    assert result.stderr.startswith("ilrs: error: NAME: ")
    assert message in result.stderr
    assert ledger_copy.read_bytes() == before
    derived = run("add", name, *ADD, "--ledger", str(ledger_copy))  # the id of old: pkistan, man-lens
    assert derived.code == 2
    assert ledger_copy.read_bytes() == before


def test_a_renamed_participant_may_not_become_a_look_alike(run: Run, ledger_copy: Path) -> None:
    result = run("edit", "serbia", "--name", "Bօlivia", "--ledger", str(ledger_copy))
    assert result.code == 2 and "looks like 'Bolivia' (bolivia)" in result.stderr


def test_names_that_only_share_letters_are_fine(run: Run, ledger_copy: Path) -> None:
    for name in ("Turkiye Space Agency", "Oman Lens Two", "Bolivia Norte", "Pakistan Moon Society"):
        assert run("add", name, *ADD, "--ledger", str(ledger_copy)).code == 0, name
