"""What every picture shares: the theme (Okabe-Ito colours, system fonts), text measure, SVG text helpers.

Every stored string enters a picture through ``esc`` (``core.text.escape_html``): control and bidi
characters are shown, never obeyed, and markup in a name stays text.
"""

from __future__ import annotations

import datetime as _dt
from typing import NamedTuple

from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Instrument
from ilrs_cli.core.text import escape_html

esc = escape_html

# System fonts only: nothing is fetched, and each reader sees the face their system reads best.
FONT = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'Liberation Sans', sans-serif"
)
WIDTH = 700  # the design width: an article column; the viewBox scales it to any width
# No text is under 12 units: 6.4 px where a picture is shown 375 px wide (a phone). 9 px there would take 16.8,
# and at that size (measured) the Accords chart left out 37 of its 67 state labels (24 at 12), the
# labels outgrew the 14-unit subtitle on an article's 700 px, and the map's badges crowded Europe; scrolling the
# report's pictures sideways at 540 px hid their titles and newest joinings on a phone. A phone needs its own
# narrow layout; until then a reader zooms (an inline SVG stays sharp).


class Theme(NamedTuple):
    """Named colours of one theme (Okabe-Ito series colours: told apart with any colour vision)."""

    name: str
    background: str
    text: str  # titles, labels (>= 7:1 on the background)
    muted: str  # subtitles, axes, credit (>= 4.5:1)
    grid: str
    axis: str
    states: str  # member states' line; the programme of the ledger in every picture (chart, map, --compare)
    total: str  # all members' line
    beside: str  # the programme set beside it (--compare: the Artemis Accords), in the compare chart and map
    both: str  # the compare map's countries in both programmes
    leader: str
    none: str  # a country with no participant
    border: str
    member: str
    nonstate: str  # the ground of the "institutions only" lines (the member colour): >= 3:1 against a member's fill
    claimed: str
    applicant: str
    disputed: str
    withdrawn: str
    hatch: str  # lines of the map's patterns (the text colour instead where they would be under 3:1 on their ground)
    badge: str
    badge_text: str


LIGHT = Theme(
    name="light",
    background="#ffffff",
    text="#1a1a1a",
    muted="#595959",
    grid="#e6e6e6",
    axis="#767676",
    states="#0072b2",
    total="#d55e00",
    beside="#d55e00",
    both="#009e73",
    leader="#8c8c8c",
    none="#e3e3e3",
    border="#ffffff",
    member="#0072b2",
    nonstate="#b3d7ef",
    claimed="#e69f00",
    applicant="#cc79a7",
    disputed="#d55e00",
    withdrawn="#7a7a7a",
    hatch="#ffffff",
    badge="#ffffff",
    badge_text="#1a1a1a",
)
DARK = Theme(
    name="dark",
    background="#15181c",
    text="#f0f0f0",
    muted="#b8b8b8",
    grid="#30353b",
    axis="#8a9097",
    states="#56b4e9",
    total="#e69f00",
    beside="#e3672c",
    both="#2fb88f",
    leader="#7d848c",
    none="#3a4048",
    border="#15181c",
    member="#56b4e9",
    nonstate="#285470",
    claimed="#e69f00",
    applicant="#cc79a7",
    disputed="#d55e00",
    withdrawn="#9a9a9a",
    hatch="#15181c",
    badge="#15181c",
    badge_text="#f0f0f0",
)


def theme(dark: bool) -> Theme:
    """The light theme, or the dark one."""
    return DARK if dark else LIGHT


# Advance widths in em of a wide sans-serif (DejaVu Sans, the widest common fallback), so that a label
# measured here never overflows its box in any of the fonts of FONT.
_NARROW = set("iljtfrI.,:;'!|() ")
_WIDE = set("mwMW@")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An upper estimate of the width of ``text`` set at ``size`` px."""
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.36
        elif char in _WIDE:
            em += 0.92
        elif char.isupper() or char.isdigit():
            em += 0.7
        else:
            em += 0.6
    return em * size * (1.06 if bold else 1.0)


_INSTRUMENT_WORDS = {
    Instrument.MOU: "MoU",
    Instrument.JOINT_STATEMENT: "joint statement",
    Instrument.AGREEMENT: "agreement",
    Instrument.INTERGOVERNMENTAL_AGREEMENT: "intergovernmental agreement",
    Instrument.LETTER_OF_INTENT: "letter of intent",
    Instrument.OTHER: "instrument",
}


def instrument_words(instrument: Instrument) -> str:
    """An instrument as a reader says it: ``MoU``, ``joint statement``; ``instrument`` for the ledger's ``other``."""
    return _INSTRUMENT_WORDS[instrument]


def num(value: float) -> str:
    """A coordinate with at most one decimal (pictures do not need more)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def text(x: float, y: float, content: str, size: float, fill: str, **attrs: str) -> str:
    """A <text> element; ``content`` must already be escaped."""
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<text x="{num(x)}" y="{num(y)}" font-size="{num(size)}" fill="{fill}"{extra}>{content}</text>'


def clip(name: str, limit: int = 48) -> str:
    """A name short enough for a label (the whole name stays in the tooltip)."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def display_day(day: _dt.date) -> str:
    """``5 Apr 2024``."""
    return PartialDate.from_date(day).display()


def document(width: float, height: float, title: str, desc: str, body: list[str], t: Theme, ident: str) -> str:
    """A standalone SVG: scales to its container (viewBox, width 100%), with <title> and <desc> first.

    ``ident`` prefixes the ids, so that two pictures can sit in one HTML page.
    """
    w, h = num(width), num(height)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="{FONT}" lang="en">\n'
        f'<title id="{ident}-title">{title}</title>\n<desc id="{ident}-desc">{desc}</desc>\n'
        f'<rect width="{w}" height="{h}" fill="{t.background}"/>\n' + "\n".join(body) + "\n</svg>\n"
    )


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def wrap(line: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Break text into lines that fit ``width`` px at ``size`` (a word longer than a line stays whole)."""
    lines: list[str] = []
    current = ""
    for word in line.split(" "):
        trial = f"{current} {word}" if current else word
        if current and text_width(trial, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current] if current else lines


def heading(
    title: str, subtitle: str, x: float, t: Theme, width: float = WIDTH, note: str = ""
) -> tuple[list[str], float]:
    """The title (20 px, bold), subtitle (14 px) and note (13 px, if any) wrapped to the width; returns markup and
    the bottom y."""
    body, y = [], 30.0
    for line in wrap(title, width - 2 * x, 20, bold=True):
        body.append(text(x, y, esc(line), 20, t.text, font_weight="700"))
        y += 25
    y -= 3
    for line in wrap(subtitle, width - 2 * x, 14):
        body.append(text(x, y, esc(line), 14, t.muted))
        y += 19
    noted = note_lines(note, x, y, t, width)
    body += noted
    y += 17 * len(noted)
    return body, y - 10


def note_lines(note: str, x: float, y: float, t: Theme, width: float = WIDTH) -> list[str]:
    """A note under a subtitle (13 px, muted), wrapped to the width from baseline ``y``, 17 px a line."""
    if not note:
        return []
    return [text(x, y + 17 * n, esc(line), 13, t.muted) for n, line in enumerate(wrap(note, width - 2 * x, 13))]
