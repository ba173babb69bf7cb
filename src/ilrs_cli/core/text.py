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

# Bidi embeddings/overrides/isolates, zero-width and directional marks, BOM, and friends:
# invisible on screen, so they can make two different strings look the same or reorder a line.
_INVISIBLE = frozenset(
    [0x061C, 0x115F, 0x1160, 0x180E, 0x2028, 0x2029, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064]
    + [0x3164, 0xFEFF, 0xFFA0]
    + list(range(0x200B, 0x2010))
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A))
)

_SPACES = re.compile(r"\s+")
_SLUG_DROP = re.compile(r"[^a-z0-9]+")


_INVISIBLE_CLASS = "".join(f"\\u{code:04x}" for code in sorted(_INVISIBLE))
_HANGUL_FILLERS = ("\u115f", "\u1160", "\u3164", "\uffa0")  # letters (so "printable") that show nothing


def _maybe_unsafe(text: str) -> bool:
    """A fast C-speed pre-check: False means certainly safe (nearly all text), True means look closer."""
    return not text.isprintable() or any(filler in text for filler in _HANGUL_FILLERS)


@functools.cache
def _pattern(exempt: str) -> re.Pattern[str]:
    """The unsafe-character class less the ``exempt`` control characters (compiled on first need)."""
    controls = "".join(f"\\x{code:02x}" for code in range(0x20) if chr(code) not in exempt)
    return re.compile(f"[{controls}\\x7f-\\x9f{_INVISIBLE_CLASS}]")


def is_unsafe(char: str) -> bool:
    """True for a control character (C0, DEL, C1) or an invisible/bidi formatting character."""
    return _maybe_unsafe(char) and _pattern("").match(char) is not None


def has_unsafe_except_tab(text: str) -> bool:
    """True if ``text`` holds an unsafe character other than TAB (a fast check of a whole TSV line)."""
    return _maybe_unsafe(text.replace("\t", " ")) and _pattern("\t").search(text) is not None


def unsafe_characters(text: str, allow_newline: bool = False) -> list[str]:
    """Return the unsafe characters in ``text`` as ``U+XXXX`` labels, in order of appearance."""
    if not _maybe_unsafe(text):  # the usual case
        return []
    found = _pattern("\n" if allow_newline else "").findall(text)
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in found))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code <= 0x9F else f"<U+{code:04X}>"


def visible(text: str) -> str:
    """Escape unsafe characters so a terminal shows them instead of obeying them."""
    return _pattern("").sub(_escape, text) if _maybe_unsafe(text) else text


def clean(text: str) -> str:
    """Normalise stored text: NFC and trimmed (the form names are kept in)."""
    return unicodedata.normalize("NFC", text).strip()


def name_key(name: str) -> str:
    """The identity of a name: NFKC, case-folded, whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return _SPACES.sub(" ", folded).strip()


# Cyrillic and Greek letters that render like Latin ones (a small subset of Unicode's
# confusables.txt, enough for the letters names are written in).
_LOOKALIKES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j",
        "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "α": "a", "β": "b",
        "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
        "υ": "u", "χ": "x", "γ": "y", "ѵ": "v",
    }
)  # fmt: skip


def skeleton(name: str) -> str:
    """The name with look-alike letters mapped to Latin, for confusable comparison."""
    return name_key(name).translate(_LOOKALIKES)


def _script(char: str) -> str:
    if not char.isalpha():
        return ""
    try:
        return unicodedata.name(char).split(" ", 1)[0]
    except ValueError:
        return ""


def mixed_script_words(name: str) -> list[str]:
    """Words that mix Latin letters with Cyrillic or Greek ones (a classic spoofing trick)."""
    if name.isascii():
        return []
    bad = []
    for word in name.split():
        scripts = {_script(c) for c in word} & {"LATIN", "CYRILLIC", "GREEK"}
        if len(scripts) > 1:
            bad.append(word)
    return bad


def code_points(word: str) -> str:
    """Spell out a word's non-ASCII characters: ``Pakіstan (і U+0456 CYRILLIC SMALL LETTER ...)``."""
    parts = [f"{c} U+{ord(c):04X} {unicodedata.name(c, 'UNNAMED')}" for c in word if ord(c) > 0x7F]
    return f"{word} ({'; '.join(parts)})" if parts else word


def slugify(name: str) -> str:
    """Derive an id from a name: ASCII letters and digits joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _SLUG_DROP.sub("-", ascii_name.lower()).strip("-")[:60].strip("-")


ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def is_url(text: str) -> bool:
    """True for an absolute http(s) URL with a host and no spaces."""
    return bool(re.fullmatch(r"https?://[^\s/?#]+[^\s]*", text))
