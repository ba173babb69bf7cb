"""core.text as a unit: unsafe characters by Unicode property, the escaping function of each medium,
identity (look-alike skeletons from Unicode's confusables data)."""

from __future__ import annotations

import html
import string
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from ilrs_cli.core import text
from ilrs_cli.core.confusables import PROTOTYPES
from ilrs_cli.core.text import (
    escape_html,
    escape_markdown,
    full_skeleton,
    is_unsafe,
    skeleton,
    unsafe_characters,
    visible,
)


def _members(ranges: tuple[tuple[int, int], ...]) -> set[int]:
    return {code for low, high in ranges for code in range(low, high + 1)}


def test_the_tables_match_the_running_pythons_unicode_database() -> None:
    """Every Cc/Cf/Zl/Zp/Cs code point this Python knows is in the tables (which follow Unicode 16)."""
    by_category = {"Cc": text.CONTROLS, "Cf": text.FORMAT}
    for category, ranges in by_category.items():
        known = {c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == category}
        assert known <= _members(ranges), category
        assert all(unicodedata.category(chr(c)) in (category, "Cn") for c in _members(ranges)), category
    for code in (0x2028, 0x2029, 0xD800, 0xDFFF, 0x2800):
        assert is_unsafe(chr(code))


def test_default_ignorable_table_matches_the_regex_modules_property() -> None:
    regex = pytest.importorskip("regex")
    pattern = regex.compile(r"\p{Default_Ignorable_Code_Point}")
    expected = {c for c in range(sys.maxunicode + 1) if pattern.match(chr(c))}
    assert _members(text.DEFAULT_IGNORABLE) == expected
    format_pattern = regex.compile(r"\p{Cf}")
    assert _members(text.FORMAT) == {c for c in range(sys.maxunicode + 1) if format_pattern.match(chr(c))}


INVISIBLE = {
    "soft hyphen": "\u00ad",
    "combining grapheme joiner": "\u034f",
    "hangul choseong filler": "\u115f",
    "hangul jungseong filler": "\u1160",
    "hangul filler": "\u3164",
    "halfwidth hangul filler": "\uffa0",
    "mongolian vowel separator": "\u180e",
    "zero width space": "\u200b",
    "zero width joiner": "\u200d",
    "word joiner": "\u2060",
    "braille blank": "\u2800",
    "variation selector 16": "\ufe0f",
    "variation selector 17": "\U000e0100",
    "tag latin a": "\U000e0041",
    "interlinear annotation anchor": "\ufff9",
    "arabic letter mark": "\u061c",
    "line separator": "\u2028",
    "reserved ignorable": "\U000e0fff",
}


@pytest.mark.parametrize("char", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_invisible_characters_are_unsafe_by_property(char: str) -> None:
    assert is_unsafe(char)
    name = f"Paki{char}stan"
    assert unsafe_characters(name), name
    assert char not in visible(name)


def test_joiners_are_allowed_only_where_they_join_letters_outside_ascii() -> None:
    persian = "می\u200cخواهم"  # ZWNJ inside a Persian word
    hindi = "क्\u200dष"  # ZWJ after a virama
    astronaut = "\U0001f469\u200d\U0001f680"  # woman astronaut emoji sequence
    for free in (persian, hindi, astronaut):
        assert unsafe_characters(free, allow_joiners=True) == []
        assert visible(free) == free
        assert unsafe_characters(free) != []  # names and ids never take them
    for hidden in ("Pak\u200cistan", "\u200dلا", "لا\u200d", "a \u200d b", "ب\u200d\u200dب"):
        assert unsafe_characters(hidden, allow_joiners=True), hidden
        assert "\u200c" not in visible(hidden) and "\u200d" not in visible(hidden)


def test_visible_escapes_controls_bytes_and_invisibles() -> None:
    assert visible("a\x1b[31mb\u202ec") == "a\\x1b[31mb<U+202E>c"
    assert visible("\x1b]52;c;cm0=\x07") == "\\x1b]52;c;cm0=\\x07"
    assert visible("caf\udce9") == "caf\\xe9"  # an undecodable byte, as surrogateescape carries it
    assert visible("Pak\u00adistan\u2800") == "Pak<U+00AD>istan<U+2800>"
    assert visible("plain text, Türkiye, 中国") == "plain text, Türkiye, 中国"
    assert unsafe_characters("caf\udce9") == ["byte 0xE9 (not UTF-8)"]
    assert unsafe_characters("a\u00adb\u00ad") == ["U+00AD SOFT HYPHEN"]


@given(st.text())
def test_visible_output_is_always_safe(sample: str) -> None:
    shown = visible(sample)
    assert not any(is_unsafe(c) for c in shown if c not in text.JOINERS)
    assert unsafe_characters(shown, allow_joiners=True) == []


HOSTILE_MARKDOWN = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "![t](https://evil.example/pixel.png)",
    "[x](javascript:alert(1))",
    "[x]: https://evil.example",
    "<https://evil.example>",
    "&lt;script&gt; &#x3C;b&#x3E;",
    "a | b || c",
    "`code` and ``more``",
    "*em* _em_ **strong** ~~strike~~",
    "back\\slash \\| \\*",
    "$x^2$",
    "line one\nline two",
]


@pytest.mark.parametrize("hostile", HOSTILE_MARKDOWN)
def test_markdown_cells_render_as_their_literal_text(hostile: str) -> None:
    renderer = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    source = f"| name | other |\n|---|---|\n| {escape_markdown(hostile)} | x |\n"
    rendered = renderer.render(source)
    assert rendered.count("<td>") == 2  # still one row of two cells
    cell = rendered.split("<td>")[1].split("</td>")[0]
    assert "<" not in cell  # no element of any kind: no img, a, script, code, em
    assert html.unescape(cell) == hostile.replace("\n", " ")


def test_escape_html_is_text_and_attribute_safe() -> None:
    assert escape_html("<a href=\"x\" title='y'>&amp;\x1b") == (
        "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;\\x1b"
    )
    assert escape_html("A\u202eB") == "A&lt;U+202E&gt;B"


def test_skeletons_find_look_alikes_across_scripts() -> None:
    assert skeleton("Pɑkistan") == skeleton("Pakistan")  # Latin alpha
    assert skeleton("Bօlivia") == skeleton("Bolivia")  # Armenian small o
    assert skeleton("Օman Lens") == skeleton("Oman Lens")  # Armenian capital O
    assert skeleton("АРЅСО") == skeleton("APSCO")  # Cyrillic
    assert skeleton("Ρakistan") == skeleton("pakistan")  # Greek capital rho
    assert skeleton("0man") == skeleton("Oman")
    assert skeleton("Türkiye") != skeleton("Turkiye")  # a diacritic is a different letter
    assert skeleton("Russia") != skeleton("Prussia")


def test_the_ascii_shortcut_agrees_with_the_whole_table() -> None:
    for char in map(chr, range(0x20, 0x7F)):
        assert skeleton(char) == full_skeleton(char), char
    assert skeleton("Space Agency of Moonland 10") == full_skeleton("Space Agency of Moonland 10")


@given(st.text(alphabet=string.printable))
def test_the_ascii_shortcut_agrees_on_any_ascii_text(sample: str) -> None:
    assert skeleton(sample) == full_skeleton(sample)


def test_confusables_data_is_a_fixed_point() -> None:
    """A prototype never maps further (as UTS #39 promises): the data was generated whole."""
    assert len(PROTOTYPES) > 6000
    assert not [k for k, v in PROTOTYPES.items() if any(ord(c) in PROTOTYPES for c in v)]
    assert PROTOTYPES[ord("ɑ")] == "a" and PROTOTYPES[ord("օ")] == "o" and PROTOTYPES[ord("m")] == "rn"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Chang’e", "Chang'e"),  # a typographic apostrophe pasted from a news article
        ("ILOA Hawaiʻi", "ILOA Hawai'i"),  # the ʻokina
        ("“Belt and Road”", '"Belt and Road"'),
        ("China–Belarus", "China-Belarus"),  # an en dash
        ("Kırgız", "Kirgiz"),  # Turkish dotless i
        ("Ørsted ŁÓDŹ Đà Æ Œ", "orsted lodz da ae oe"),  # letters Unicode does not decompose
        ("TÜRKIYE", "turkiye"),
    ],
)
def test_search_folds_typographic_marks_and_undecomposed_letters(typed: str, stored: str) -> None:
    assert text.fold(typed) == text.fold(stored)


def _is_url_by_hand(candidate: str) -> bool:
    """The URL rule written out: http:// or https://, a host of one or more characters that are not blank, /, ?
    or #, then anything with no blank."""
    for scheme in ("http://", "https://"):
        if candidate.startswith(scheme):
            rest = candidate[len(scheme) :]
            return bool(rest) and rest[0] not in "/?#" and not any(c.isspace() for c in rest)
    return False


URL_PIECES = st.lists(st.sampled_from(["http", "https", "://", "a", "é", "/", "?", "#", " ", "\n", ".", "x:1"]))


@given(URL_PIECES.map("".join))
def test_is_url_is_the_rule_written_out(candidate: str) -> None:
    assert text.is_url(candidate) == _is_url_by_hand(candidate)


@given(st.lists(URL_PIECES.map("".join), max_size=6))
def test_all_urls_is_is_url_of_each(candidates: list[str]) -> None:
    assert text.all_urls(candidates) == all(_is_url_by_hand(c) for c in candidates)


def test_long_sources_with_one_bad_are_refused_at_once() -> None:
    """The URL pattern has one way to match: five 40-character sources and a bad one took 51 s to refuse, and a
    source of 100,000 characters with a blank at its end would have taken hours (each split of its host tried)."""
    assert not text.all_urls(["http://" + "a" * 40] * 5 + ["http:// x"])
    assert not text.is_url("http://" + "a" * 100_000 + " ")
    assert text.all_urls(["https://" + "a" * 100_000 + "/b?c#d"] * 3)
