"""Text rules shared by loading, input and output: identity of names, unsafe characters, slugs."""

from __future__ import annotations

import functools
import re
import unicodedata

# ISO 3166-1 alpha-2, officially assigned codes.
COUNTRY_CODES = frozenset(
    """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO
    DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU
    GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW
    KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU
    MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW
    PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF
    TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA
    ZM ZW""".split()
)

MAX_NAME = 200
MAX_TEXT = 4000

# -- characters that must never reach a person raw -------------------------------------------------
#
# Chosen by Unicode property, as ranges of code points (Unicode 16.0; tests/test_text.py checks them
# against the running Python's unicodedata and against the `regex` module's property tables):

# General_Category Cc: C0, DEL and C1 controls (escape sequences, CSI, backspace, carriage return).
CONTROLS = ((0x0000, 0x001F), (0x007F, 0x009F))
# General_Category Cf: format characters (bidi overrides and isolates, zero-width characters, soft
# hyphen, tag characters, interlinear annotation, prepended concatenation marks, ...).
FORMAT = (
    (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F),
    (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD),
    (0x110CD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)  # fmt: skip
# Default_Ignorable_Code_Point (DerivedCoreProperties.txt; Python's unicodedata lacks it): shown as
# nothing at all -- the format characters above plus the combining grapheme joiner, Hangul fillers,
# variation selectors, Mongolian free variation selectors and reserved ranges.
DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)  # fmt: skip
# General_Category Zl and Zp (line and paragraph separators: line breaks to some terminals), Cs
# (surrogates: only undecodable bytes smuggled through surrogateescape), and the Braille pattern
# blank, a symbol that draws nothing.
OTHER_UNSAFE = ((0x2028, 0x2029), (0xD800, 0xDFFF), (0x2800, 0x2800))
UNSAFE_RANGES = (*CONTROLS, *FORMAT, *DEFAULT_IGNORABLE, *OTHER_UNSAFE)

# Zero-width non-joiner and joiner: Persian, Indic scripts and emoji sequences need them between two
# characters, so free text (not names or ids) may hold them there.
JOINERS = "\u200c\u200d"

_SPACES = re.compile(r"\s+")
# What a search treats as the same letter or mark although Unicode does not decompose it: typographic
# apostrophes, quotes and dashes as typed or pasted from news text (Chang’e finds Chang'e), and Latin
# letters with a stroke or ligature (Kırgız finds kirgiz, Ørsted finds orsted).
_SEARCH_SAME = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u02bb\u00b4`", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        "\u0131": "i",
        "\u00f8": "o",
        "\u0142": "l",
        "\u0111": "d",
        "\u00e6": "ae",
        "\u0153": "oe",
    }
)
_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def _class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


def _merged(ranges: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if out and low <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return tuple(out)


@functools.cache
def _pattern(astral: bool = True) -> re.Pattern[str]:
    """Every unsafe character as one character class (compiled on first need). Without ``astral``,
    only those of the Basic Multilingual Plane: re tests such a class in constant time, four times
    faster than one with ranges beyond U+FFFF."""
    ranges = _merged(UNSAFE_RANGES)
    if not astral:
        ranges = tuple((low, min(high, 0xFFFF)) for low, high in ranges if low <= 0xFFFF)
    return re.compile(f"[{_class(ranges)}]")


def _search(probe: str) -> re.Pattern[str] | None:
    """The pattern that can find unsafe characters in ``probe``, or None when it holds none for sure.

    Speed matters (every text of a ledger passes here on load): ASCII text needs only the C-speed
    isprintable(); other text a scan of the right class (about 20 ns a character).
    """
    if probe.isascii():
        return None if probe.isprintable() else _pattern(False)
    return _pattern(len(probe.encode("utf-16-le", "surrogatepass")) != 2 * len(probe))


def _joining(text: str, index: int) -> bool:
    """True when the joiner at ``index`` sits between two visible characters outside ASCII."""
    if index == 0 or index == len(text) - 1:
        return False
    before, after = text[index - 1], text[index + 1]
    return all(not c.isascii() and not c.isspace() and not is_unsafe(c) for c in (before, after))


def _unsafe_spans(text: str, exempt: str, joiners: bool) -> list[re.Match[str]]:
    """Matches of unsafe characters (other than ``exempt``), found at C speed in a same-length probe."""
    probe = text.replace(exempt, " ") if exempt and exempt in text else text
    pattern = _search(probe)
    if pattern is None:
        return []
    found = pattern.finditer(probe)
    return [m for m in found if not (joiners and m.group() in JOINERS and _joining(text, m.start()))]


def is_unsafe(char: str) -> bool:
    """True for a control, format, default-ignorable or otherwise invisible character."""
    return _pattern().match(char) is not None


def has_unsafe_except_tab(text: str) -> bool:
    """True if ``text`` holds an unsafe character other than TAB (a fast check of a whole TSV line)."""
    return bool(_unsafe_spans(text, "\t", True))


def describe_character(char: str) -> str:
    """``U+00AD SOFT HYPHEN``; surrogates from undecodable input read ``byte 0xFF``."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"byte 0x{code - 0xDC00:02X} (not UTF-8)"
    name = unicodedata.name(char, "")
    return f"U+{code:04X} {name}" if name else f"U+{code:04X}"


def unsafe_characters(text: str, allow_newline: bool = False, allow_joiners: bool = False) -> list[str]:
    """The unsafe characters in ``text``, described (``U+00AD SOFT HYPHEN``), in order of appearance.

    ``allow_joiners`` admits ZWNJ/ZWJ between two visible characters outside ASCII (free text only).
    """
    if text.isascii() and text.isprintable():  # nearly every name and value: skip the calls below
        return []
    spans = _unsafe_spans(text, "\n" if allow_newline else "", allow_joiners)
    return list(dict.fromkeys(describe_character(m.group()) for m in spans))


def _escape(char: str) -> str:
    code = ord(char)
    if code <= 0x9F:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """Terminal text: every unsafe character escaped (``\\x1b``, ``<U+202E>``) so it is shown, not obeyed.

    The one escaping function for anything a terminal shows: errors, notes, prompts, tables, diffs.
    Joiners that join (Persian, Indic, emoji) stay, as free text may hold them.
    """
    if text.isascii() and text.isprintable():
        return text
    spans = _unsafe_spans(text, "", True)
    if not spans:
        return text
    out, last = [], 0
    for match in spans:
        out += [text[last : match.start()], _escape(match.group())]
        last = match.end()
    out.append(text[last:])
    return "".join(out)


# Markdown punctuation that could start a construct inside a table cell: code, emphasis, strike,
# links and images, raw HTML and entities, math, and the cell separator.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_~\[\]<>&|$!])")


def escape_markdown(text: str) -> str:
    """Markdown (GitHub flavour) table-cell text that renders literally and inertly.

    Backslash-escapes every character that could open a construct (so ``<img ...>`` stays text,
    ``![t](https://...)`` loads nothing and ``[x](javascript:...)`` links nowhere); newlines become
    spaces (a cell is one line); unsafe characters are escaped as for a terminal.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", visible(text.replace("\r\n", " ").replace("\n", " ")))


_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})


def escape_html(text: str) -> str:
    """HTML, SVG or XML text or attribute value: markup characters as entities, unsafe characters
    escaped as for a terminal (XML 1.0 forbids most controls outright)."""
    return visible(text).translate(_HTML)


def clean(text: str) -> str:
    """Normalise stored text: NFC and trimmed (the form names are kept in)."""
    return unicodedata.normalize("NFC", text).strip()


def name_key(name: str) -> str:
    """The identity of a name: NFKC, case-folded, whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(folded.split())  # split() and \s+ know the same whitespace; no regex: faster


def fold(text: str) -> str:
    """Text for searching: case, accents, width and spacing ignored (``Türkiye`` finds ``turkiye``).

    Typographic apostrophes, quotes and dashes count as their ASCII forms, and ``ı ø ł đ æ œ`` as ``i o l d
    ae oe`` (letters Unicode does not decompose).
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_SEARCH_SAME))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", bare)).strip()


# The skeleton (UTS #39) of each printable ASCII character after case folding, from Unicode's
# confusables data (tests/test_text.py checks it against core/confusables.py): names in plain ASCII,
# nearly all of them, get their skeleton without loading the 6,000-entry table.
_ASCII_SKELETON = (("`", "'"), ('"', "''"), ("|", "l"), ("1", "l"), ("0", "o"), ("%", "\u00ba/\u2080"), ("m", "rn"))


def skeleton(text: str) -> str:
    """The look-alike form of a name: UTS #39 skeleton of its case- and width-folded form.

    Two names with one skeleton look alike (``Pɑkistan`` and ``Pakistan``, ``Օman`` and ``Oman``,
    ``rn`` and ``m``). Case is folded first, as name identity ignores it.
    """
    folded = text.casefold()
    if folded.isascii():
        for char, shape in _ASCII_SKELETON:  # replace(), not translate(): 5x faster with these values
            folded = folded.replace(char, shape)
        return " ".join(folded.split())
    return full_skeleton(text)


def full_skeleton(text: str) -> str:
    """``skeleton`` computed from the whole confusables table, whatever the text."""
    from ilrs_cli.core.confusables import PROTOTYPES  # loaded only for names outside ASCII

    shape = unicodedata.normalize("NFKC", text).casefold()
    for _ in range(2):  # a second pass maps what case folding of a prototype produced (O -> o)
        shape = _ignorable().sub("", unicodedata.normalize("NFD", shape))
        shape = shape.translate(PROTOTYPES).casefold()
    return _SPACES.sub(" ", unicodedata.normalize("NFD", shape)).strip()


@functools.cache
def _ignorable() -> re.Pattern[str]:
    return re.compile(f"[{_class(DEFAULT_IGNORABLE)}]")


def _script(char: str) -> str:
    if not char.isalpha():
        return ""
    try:
        return unicodedata.name(char).split(" ", 1)[0]
    except ValueError:
        return ""


# Scripts of letters that go with any other: modifier letters (the ʻokina of Hawaiʻi, ʼ) are not a script.
_ANY_SCRIPT = frozenset({"", "MODIFIER"})


def mixed_script_words(name: str) -> list[str]:
    """Words that mix Latin letters with another script's (Cyrillic, Greek, Cherokee, Lisu...), or Cyrillic
    with Greek: the classic spoofing trick, whatever script the look-alike letter comes from."""
    if name.isascii():
        return []
    bad = []
    for word in name.split():
        scripts = {_script(c) for c in word} - _ANY_SCRIPT
        if len(scripts) > 1 and ("LATIN" in scripts or {"CYRILLIC", "GREEK"} <= scripts):
            bad.append(word)
    return bad


def odd_letter_words(name: str) -> list[str]:
    """Words with letters in a compatibility form (full-width Ａ, mathematical 𝐏, the ligature ﬁ, the Roman
    numeral Ⅼ: each looks like a plain letter it is not) or with more than two marks stacked on one letter."""
    if name.isascii():
        return []
    bad = []
    for word in name.split():
        compat = any(
            (c.isalpha() or unicodedata.category(c) == "Nl") and unicodedata.normalize("NFKC", c) != c for c in word
        )
        run = stacked = 0
        for c in unicodedata.normalize("NFD", word):
            run = run + 1 if unicodedata.combining(c) else 0
            stacked = max(stacked, run)
        if compat or stacked > 2:  # Vietnamese stacks two (ệ); more only smears a name
            bad.append(word)
    return bad


def code_points(word: str) -> str:
    """Spell out a word's non-ASCII characters: ``Pakіstan (і U+0456 CYRILLIC SMALL LETTER ...)``."""
    parts = [f"{c} U+{ord(c):04X} {unicodedata.name(c, 'UNNAMED')}" for c in word if ord(c) > 0x7F]
    return f"{word} ({'; '.join(parts)})" if parts else word


def slugify(name: str) -> str:
    """Derive an id from a name: ASCII letters and digits joined by hyphens; empty when a letter has no Latin
    form (``Ελληνικό``, ``中国``), as an id that silently lost letters would mislead (the caller asks for one).

    A look-alike letter takes the Latin letter it imitates (``Pakіstan`` with a Cyrillic і: ``pakistan``), so
    the name's own check, not the id, says what is wrong with it.
    """
    # the letters Unicode does not decompose (ı ø ł đ æ œ) as search folds them: Pakıstan is pakistan, not pakstan
    folded = name.casefold().translate(_SEARCH_SAME)
    letters = []
    for char in unicodedata.normalize("NFKD", folded):
        if char.isascii():
            letters.append(char)
        elif char.isalpha():
            shape = full_skeleton(char)
            if not (shape.isascii() and shape.isalpha()):
                return ""
            letters.append(shape)
    return _SLUG_DROP.sub("-", "".join(letters).lower()).strip("-")[:60].strip("-")


ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


# A host, then nothing or a path, query or fragment: the host ends where the first / ? or # is, so there is one
# way to match (a host run followed by "any non-space" could split anywhere: five 40-character sources and a
# bad one took 51 s to refuse).
_URL_TEXT = r"https?://[^\s/?#]+(?:[/?#]\S*)?"
_URL = re.compile(_URL_TEXT)
_URL_LINES = re.compile(f"{_URL_TEXT}(?:\n{_URL_TEXT})*")


def is_url(text: str) -> bool:
    """True for an absolute http(s) URL with a host and no spaces."""
    return _URL.fullmatch(text) is not None


def all_urls(texts: list[str]) -> bool:
    """``all(is_url(t) for t in texts)`` with one search: one URL a line (a URL holds no newline)."""
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:  # some text holds a newline, so it is not a URL
        return not texts
    return not texts or _URL_LINES.fullmatch(joined) is not None


def is_plain(text: str, allow_newline: bool = False) -> bool:
    """True when ``text`` is stored as it is: no unsafe character and already clean (NFC, trimmed).

    The fast path of loading: printable ASCII is decided at C speed; other text asks the rules above.
    """
    if text.isascii():
        printable = text.isprintable() or (allow_newline and text.replace("\n", " ").isprintable())
        return printable and text.strip() == text
    return not unsafe_characters(text, allow_newline) and clean(text) == text


def all_plain(texts: list[str], allow_newline: bool = False) -> bool:
    """``all(is_plain(t) for t in texts)``, decided for printable ASCII by a few C-speed passes."""
    joined = "".join(texts)  # ASCII and printable exactly when every text is
    if joined.isascii():
        printable = joined.isprintable() or (allow_newline and joined.replace("\n", " ").isprintable())
        return printable and list(map(str.strip, texts)) == texts
    return all(is_plain(text, allow_newline) for text in texts)
