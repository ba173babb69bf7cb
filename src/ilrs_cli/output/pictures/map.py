"""`ilrs map`: a world map of the participants, each status told apart by colour and pattern.

A country is filled by the status of its state participant (member, claimed, applicant, disputed,
withdrawn: each its own Okabe-Ito colour, the non-members also hatched, dotted or striped, so the
map survives greyscale printing and any colour vision); a country whose only participants are
institutions, companies or organisations gets lines of the member colour on a light ground. Two fills
a reader must tell apart are 3:1 apart (WCAG's contrast for graphics), or one bears a pattern whose
lines are 3:1 on its own ground: a light tint alone was 1.3:1 from a country with no participant.
A numbered badge on a country counts its participants that are not the state itself. Every country
carries its name and standing as a tooltip. A territory with a code of its own (French Guiana, Hong Kong) is
drawn with its state's standing, on this map and the compare map alike (``drawn_by``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from typing import NamedTuple, TypeVar

from ilrs_cli.core import membership
from ilrs_cli.core.compare import STATE_LEVELS, Comparison, Level
from ilrs_cli.core.compare import Country as CompareCountry
from ilrs_cli.core.countries import country_name as code_name
from ilrs_cli.core.countries import sovereign
from ilrs_cli.core.model import Kind, Participant, Status
from ilrs_cli.core.picture_facts import CountryMark, ordinal
from ilrs_cli.output.pictures.svg import (
    WIDTH,
    Theme,
    clip,
    contrast,
    document,
    esc,
    heading,
    num,
    text,
    text_width,
    wrap,
)
from ilrs_cli.output.pictures.worldmap import Country, bounds, label_point

MARGIN = 12.0
BADGE = 8.0  # badge radius


class MapInput(NamedTuple):
    """Everything the map shows; the command gathers it from the core and the store."""

    marks: dict[str, CountryMark]
    homeless: tuple[Participant, ...]  # participants with no country (not on the map)
    shapes: Mapping[str, Country]
    names: dict[str, str]  # country names by code
    as_of: str
    title: str
    instruments: int
    sources: int
    shapes_credit: str
    theme: Theme
    programme: str = "the International Lunar Research Station"
    source: str = "ilrs ledger"  # the credit's source (and programme)
    period: str = ""  # the joining window as given (--since/--until), e.g. "1 Jan 2023 – 31 Dec 2024"
    note: str = ""  # what the counts leave out, from the ledger's gaps (picture_facts.unnamed_note)


# Fill categories in legend order: key, legend label, pattern kind.
CATEGORIES = (
    ("member", "Member state", ""),
    ("nonstate", "Institutions or companies only", "lines"),
    ("claimed", "Claimed (no instrument found)", "hatch"),
    ("applicant", "Applicant", "dots"),
    ("disputed", "Disputed", "cross"),
    ("withdrawn", "Withdrawn", "stripes"),
)
_STATUS_WORDS = {
    Status.MEMBER: "member state",
    Status.CLAIMED: "claimed as a member, no instrument found",
    Status.APPLICANT: "applicant",
    Status.DISPUTED: "disputed membership",
    Status.WITHDRAWN: "withdrawn",
}


_PLURALS = {Kind.STATE: "states", Kind.ORGANIZATION: "organisations", Kind.INSTITUTION: "institutions"}
_SINGULARS = {Kind.STATE: "state", Kind.ORGANIZATION: "organisation", Kind.INSTITUTION: "institution"}
_STANDING_WORDS = {
    Status.CLAIMED: "claimed",
    Status.APPLICANT: "applicants",
    Status.DISPUTED: "disputed",
    Status.WITHDRAWN: "withdrawn",
}


def _many(n: int, kind: Kind) -> str:
    if n == 1:
        return f"1 {_SINGULARS.get(kind, 'company')}"
    return f"{n} {_PLURALS.get(kind, 'companies')}"


def standing(data: MapInput) -> str:
    """Who the map shows, as ``ilrs stats`` counts them: ``13 member states and 25 other members; claimed: 8
    states, 1 company; disputed: 2 states`` (every participant of the selection, on the map or not)."""
    count: Counter[tuple[Kind, Status]] = Counter()
    for mark in data.marks.values():
        if mark.state is not None and mark.status is not None:
            count[Kind.STATE, mark.status] += 1
        for participant, status in mark.others:
            count[participant.kind, status] += 1
    for participant in data.homeless:
        count[participant.kind, participant.status] += 1
    states = count[Kind.STATE, Status.MEMBER]
    others = sum(n for (kind, status), n in count.items() if status is Status.MEMBER and kind is not Kind.STATE)
    words = f"{states} member state{'s' if states != 1 else ''}"
    if others:
        words += f" and {others} other member{'s' if others != 1 else ''}"
    for status, word in _STANDING_WORDS.items():
        found = [_many(count[kind, status], kind) for kind in Kind if count[kind, status]]
        if found:
            words += f"; {word}: " + ", ".join(found)
    return words


R = TypeVar("R")


def drawn_by(code: str, records: Mapping[str, R], state_part: Callable[[R], R | None]) -> tuple[str | None, R | None]:
    """The code whose record a shape is drawn with, and that record (None, None: no record).

    Both maps draw every shape by this one rule. A territory of a state (``core.countries.sovereign``: French
    Guiana, Greenland, Puerto Rico, Hong Kong) is drawn with its state's standing where the state itself is in the
    record (``state_part`` of the state's record; None when only others of that country are): a state takes part
    for all of its territory. An institution or a company stands for the place it is based in (a university in
    Hawaii says nothing of Guam), so otherwise the territory is drawn by its own record, like any country, and a
    participant based in it keeps its badge and tooltip there.
    """
    state = sovereign(code)
    part = state_part(records[state]) if state is not None and state in records else None
    if part is not None:
        return state, part
    return (code, records[code]) if code in records else (None, None)


def _state_mark(mark: CountryMark) -> CountryMark | None:
    """What a state's mark says of its territories: the state's own standing, if it is in the record."""
    return mark._replace(others=()) if mark.state is not None else None


def _state_country(country: CompareCountry) -> CompareCountry | None:
    """What a country of the comparison says of its territories: its standing in each programme where the state
    itself is in that programme's record."""
    a, b = (s if s is not None and s.level in STATE_LEVELS else None for s in (country.a, country.b))
    return country._replace(a=a, b=b) if a is not None or b is not None else None


def part_of(code: str, drawn: str | None, tip: str, own: str, names: Mapping[str, str]) -> str:
    """A shape's tooltip: a territory drawn as its state names itself and then tells the state's standing
    (``French Guiana (France: member state since 5 Apr 2024)``), and its own participants' after it."""
    if drawn in (None, code):
        return tip
    return f"{names.get(code) or code_name(code)} ({tip})" + (f"; {own}" if own else "")


def category(mark: CountryMark | None) -> str | None:
    """The fill category of a country, or None when it has no participant."""
    if mark is None:
        return None
    if mark.status is not None:
        return mark.status.value
    return "nonstate" if mark.others else None


def _marks_colour(key: str, t: Theme) -> str:
    """The colour of a pattern's lines or dots: the member colour for "institutions only" (some participation, not
    the state's), else ``_ink`` on the category's colour."""
    return t.member if key == "nonstate" else _ink(getattr(t, key), t)


def _ink(ground: str, t: Theme) -> str:
    """The colour of a pattern's marks on ``ground``: the theme's hatch colour; where that would be under 3:1 on the
    ground (white on the light theme's orange: 2.25:1), the lightest shade of the ground towards the text colour
    that reaches 3:1 (lines a reader cannot see tell nothing apart; black ones made the claimed countries the map's
    darkest)."""
    if contrast(t.hatch, ground) >= 3:
        return t.hatch
    return next(c for c in (_mix(ground, t.text, n / 10) for n in range(1, 11)) if contrast(c, ground) >= 3)


def _mix(a: str, b: str, share: float) -> str:
    """``#rrggbb`` ``share`` of the way from colour ``a`` to colour ``b``."""
    channels = (round(int(a[i : i + 2], 16) * (1 - share) + int(b[i : i + 2], 16) * share) for i in (1, 3, 5))
    return "#" + "".join(f"{c:02x}" for c in channels)


# The marks of each pattern kind on its 6-unit tile, ``{ink}`` their colour.
_MARKS = {
    "hatch": '<path d="M-1 1l2-2M0 6l6-6M5 7l2-2" stroke="{ink}" stroke-width="1.3"/>',
    "lines": '<path d="M-1 5l2 2M0 0l6 6M5 -1l2 2" stroke="{ink}" stroke-width="1.6"/>',  # the other diagonal, wider
    "dots": '<circle cx="3" cy="3" r="1.2" fill="{ink}"/>',
    "cross": '<path d="M0 0l6 6M6 0l-6 6" stroke="{ink}" stroke-width="1"/>',
    "stripes": '<path d="M0 1.5H6" stroke="{ink}" stroke-width="1.3"/>',
    "grid": '<path d="M0 1.5H6M1.5 0V6" stroke="{ink}" stroke-width="1"/>',
}


def pattern(ident: str, kind: str, ground: str, ink: str) -> str:
    """A <pattern> of one kind (``_MARKS``): the ground colour with marks of ``ink`` over it."""
    return (
        f'<pattern id="{ident}" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{ground}"/>{_MARKS[kind].format(ink=ink)}</pattern>'
    )


def _patterns(t: Theme) -> str:
    """One <pattern> per patterned category: the colour with lines or dots over it."""
    defs = [
        pattern(f"map-p-{key}", kind, getattr(t, key), _marks_colour(key, t)) for key, _, kind in CATEGORIES if kind
    ]
    return "<defs>" + "".join(defs) + "</defs>"


def _fill(key: str | None, t: Theme) -> str:
    if key is None:
        return t.none
    kind = next(k for c, _, k in CATEGORIES if c == key)
    return f"url(#map-p-{key})" if kind else getattr(t, key)


def _tooltip(code: str, mark: CountryMark | None, names: dict[str, str]) -> str:
    if mark is None:
        return f"{names.get(code, code)}: no participant"
    name = mark.state.name if mark.state is not None else names.get(code, code)
    parts = []
    if mark.state is not None and mark.status is not None:
        standing = _STATUS_WORDS[mark.status]
        joined = mark.state.joined
        if mark.status is Status.MEMBER and joined is not None:
            standing += f" since {joined.display()}"
        parts.append(standing)
    if mark.others:
        listed = "; ".join(f"{p.name} ({p.kind.value}, {s.value})" for p, s in mark.others)
        parts.append(f"{len(mark.others)} other participant{'s' if len(mark.others) > 1 else ''}: {listed}")
    return f"{name}: " + "; ".join(parts)


def _path(country: Country, project: tuple[float, float, float]) -> str:
    scale, dx, dy = project
    d = []
    for ring in country.rings:
        points = [(round((x - dx) * scale + MARGIN, 1), round((y - dy) * scale, 1)) for x, y in ring]
        out = [f"M{num(points[0][0])} {num(points[0][1])}l"]
        px, py = points[0]
        moves = []
        for x, y in points[1:]:
            if (x, y) != (px, py):
                moves.append(f"{num(x - px)} {num(y - py)}")
                px, py = x, y
        d.append(out[0] + " ".join(moves) + "z")
    return "".join(d)


def _segment_gap(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    """The distance from point ``p`` to the segment ``a``-``b``."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    k = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.dist(p, (ax + k * dx, ay + k * dy))


def _crosses(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float], d: tuple[float, float]) -> bool:
    """True when the segments ``a``-``b`` and ``c``-``d`` cross (touching ends do not count)."""

    def side(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0


# Directions a badge may stand from its country, in order of preference: the diagonals first (they
# clear a label's own country soonest), then across, then up and down, then the eight between.
_ANGLES = tuple(a * math.pi / 8 for a in (2, 14, 6, 10, 0, 8, 4, 12, 1, 15, 7, 9, 3, 13, 5, 11))
_DISTANCES = (0.0, 15.0, 19.0, 23.0, 28.0, 34.0, 41.0, 49.0, 58.0, 68.0)


def _radius(count: int) -> float:
    return BADGE + (2.5 if count >= 10 else 0) + (3 if count >= 100 else 0)


def _badges(
    spots: list[tuple[float, float, int, bool, str]], area: tuple[float, float, float, float], t: Theme
) -> list[str]:
    """Numbered badges. A badge would hide a small country, so it stands beside it with a leader line, as
    does one that would cover another badge or another country's point. No badge covers another, a
    country's point or a leader line, and no leader crosses another or runs under a badge."""
    x_min, y_min, x_max, y_max = area
    # countries' points and badges by 32 px cell: a badge (radius at most 13.5) can only touch its neighbours'
    cells: dict[tuple[int, int], list[tuple[float, float, float]]] = {}  # x, y, radius (-1: a country's point)
    for x, y, *_ in spots:
        cells.setdefault((int(x // 32), int(y // 32)), []).append((x, y, -1.0))
    placed: list[tuple[float, float, float]] = []  # x, y, radius
    leaders: list[tuple[tuple[float, float], tuple[float, float]]] = []
    body = []
    for x, y, count, small, tip in spots:
        radius = _radius(count)
        anchor = (x, y)

        def free(b: tuple[float, float], anchor: tuple[float, float] = anchor, radius: float = radius) -> bool:
            if not (x_min + radius <= b[0] <= x_max - radius and y_min + radius <= b[1] <= y_max - radius):
                return False
            cx, cy = int(b[0] // 32), int(b[1] // 32)
            for near in (cells.get((cx + i, cy + j), ()) for i in (-1, 0, 1) for j in (-1, 0, 1)):
                for px, py, pr in near:
                    if pr < 0:  # another country's point, never covered
                        if (px, py) != anchor and math.dist(b, (px, py)) < radius + 3:
                            return False
                    elif math.dist(b, (px, py)) < radius + pr + 2:
                        return False
            if any(_segment_gap(b, *leader) < radius + 1.5 for leader in leaders):
                return False
            if b == anchor:
                return True
            return not any(_segment_gap((px, py), anchor, b) < pr + 1.5 for px, py, pr in placed) and not any(
                _crosses(anchor, b, *leader) for leader in leaders
            )

        options = [
            (x + distance * math.cos(a), y + distance * math.sin(a)) if distance else anchor
            for distance in _DISTANCES
            if distance or not small
            for a in (_ANGLES if distance else (0.0,))
        ]
        # no room anywhere near (a map crowded with badges): on its own country, inside the map
        crowded = (min(max(x, x_min + radius), x_max - radius), min(max(y, y_min + radius), y_max - radius))
        bx, by = next((b for b in options if free(b)), crowded)
        placed.append((bx, by, radius))
        cells.setdefault((int(bx // 32), int(by // 32)), []).append((bx, by, radius))
        leader = ""
        if (bx, by) != anchor:
            leaders.append((anchor, (bx, by)))
            leader = (
                f'<line x1="{num(x)}" y1="{num(y)}" x2="{num(bx)}" y2="{num(by)}" stroke="{t.text}" '
                'stroke-width="0.9"/>'
                f'<circle cx="{num(x)}" cy="{num(y)}" r="1.6" fill="{t.text}"/>'
            )
        body.append(
            f"<g><title>{tip}</title>{leader}"
            f'<circle cx="{num(bx)}" cy="{num(by)}" r="{num(radius)}" fill="{t.badge}" stroke="{t.text}" '
            'stroke-width="1"/>'
            + text(bx, by + 4, str(count), 12, t.badge_text, text_anchor="middle", font_weight="700")
            + "</g>"
        )
    return body


def render_map(data: MapInput) -> tuple[str, list[str]]:
    """The map as SVG text, and notes for stderr (countries of the ledger the map lacks)."""
    t = data.theme
    counts = {key: 0 for key, _, _ in CATEGORIES}
    for code, mark in data.marks.items():
        key = category(mark)
        if (
            key is not None and code in data.shapes and drawn_by(code, data.marks, _state_mark)[0] == code
        ):  # once, by its state
            counts[key] += 1
    joined = f"Joined {data.period}; as of" if data.period else "As of"
    subtitle = f"{joined} {data.as_of}: {standing(data)}"
    body, top = heading(data.title, subtitle, MARGIN, t, note=data.note)
    top += 14
    x0, y0, x1, y1 = bounds(data.shapes)
    scale = (WIDTH - 2 * MARGIN) / (x1 - x0)
    project = (scale, x0, y0 - top / scale)
    map_bottom = top + (y1 - y0) * scale

    def at(point: tuple[float, float]) -> tuple[float, float]:
        return ((point[0] - x0) * scale + MARGIN, (point[1] - project[2]) * scale)

    body.append(_patterns(t))
    countries, dots = [], []
    for code in sorted(data.shapes):
        country = data.shapes[code]
        drawn_mark = drawn_by(code, data.marks, _state_mark)  # bound first: unpacked at once, mypy infers R wrongly
        drawn, found = drawn_mark
        key = category(found)
        own = data.marks.get(code)
        tip = _tooltip(drawn or code, found, data.names)
        tip = esc(part_of(code, drawn, tip, _tooltip(code, own, data.names) if own else "", data.names))
        fill = _fill(key, t)
        if country.rings:
            countries.append(
                f'<path id="map-{code}" d="{_path(country, project)}" fill="{fill}"><title>{tip}</title></path>'
            )
        if country.circle is not None and key is not None:
            cx, cy = at(country.circle)
            dots.append(
                f'<circle id="map-{code}-dot" cx="{num(cx)}" cy="{num(cy)}" r="3.2" fill="{fill}" '
                f'stroke="{t.text}" stroke-width="0.6"><title>{tip}</title></circle>'
            )
    # a small territory's circle after every shape: no neighbour drawn later may cover it
    body.append(
        f'<g stroke="{t.border}" stroke-width="0.5" stroke-linejoin="round">' + "".join(countries + dots) + "</g>"
    )

    spots = []
    for code, mark in sorted(data.marks.items()):
        if mark.others and code in data.shapes:
            shape = data.shapes[code]
            x, y = at(label_point(shape))
            small = _extent(shape, scale) < 4 * BADGE
            spots.append((x, y, len(mark.others), small, esc(_tooltip(code, mark, data.names))))
    spots.sort(key=lambda s: (s[3], -s[2], s[0]))  # badges on their own country first, larger counts first
    body += _badges(spots, (MARGIN, top, WIDTH - MARGIN, map_bottom), t)

    # Legend: the categories present, with how many countries each, then the badge.
    y = map_bottom + 22
    x = MARGIN
    for key, label, _ in CATEGORIES:
        if not counts[key]:
            continue
        entry = f"{label} ({counts[key]})"
        width = 24 + text_width(entry, 12)
        if x + width > WIDTH - MARGIN and x > MARGIN:
            x, y = MARGIN, y + 22
        body.append(
            f'<rect x="{num(x)}" y="{num(y - 11)}" width="16" height="14" fill="{_fill(key, t)}" '
            f'stroke="{t.axis}" stroke-width="0.6"/>'
        )
        body.append(text(x + 22, y, esc(entry), 12, t.text))
        x += width + 16
    if spots:
        entry = "Participants other than the state, by home country"
        if x + 28 + text_width(entry, 12) > WIDTH - MARGIN and x > MARGIN:
            x, y = MARGIN, y + 22
        body.append(
            f'<circle cx="{num(x + 8)}" cy="{num(y - 4)}" r="{BADGE}" fill="{t.badge}" stroke="{t.text}" '
            'stroke-width="1"/>'
        )
        body.append(text(x + 8, y, "3", 12, t.badge_text, text_anchor="middle", font_weight="700"))
        body.append(text(x + 22, y, esc(entry), 12, t.text))
    y += 30

    footer = []
    if data.homeless:
        names = "; ".join(clip(p.name, 80) for p in data.homeless[:6])
        more = f" and {len(data.homeless) - 6} more" if len(data.homeless) > 6 else ""
        footer.append(f"Not on the map (no home country): {names}{more}.")
    notes = []
    missing = sorted(code for code in data.marks if code not in data.shapes)
    if missing:
        listed = ", ".join(f"{data.names.get(c, c)} ({c})" for c in missing)
        footer.append(f"Not on the map, no shape for: {listed}.")
        countries_word = "countries" if len(missing) != 1 else "country"
        notes.append(f"the map has no shape for {len(missing)} {countries_word} of the ledger: {listed}")
    footer.append(f"Source: {data.source}; {data.instruments} instruments, {data.sources} sources.")
    footer.append(f"Map: Robinson projection; shapes: Wikimedia Commons (public domain) via {data.shapes_credit}.")
    for line in footer:
        for part in wrap(line, WIDTH - 2 * MARGIN, 12):
            body.append(text(MARGIN, y, esc(part), 12, t.muted))
            y += 17
    member_states = [m.state for m in data.marks.values() if m.state is not None and m.status is Status.MEMBER]
    members = ", ".join(p.name for p in sorted(member_states, key=membership.order))
    desc = f"World map of the participants in {data.programme}, {joined[:1].lower()}{joined[1:]} {data.as_of}. " + (
        f"Member states: {members}. " if members else ""
    )
    desc += f"Source: {data.source}; {data.instruments} instruments, {data.sources} sources."
    return document(WIDTH, y + 2, esc(data.title), esc(desc), body, t, "map"), notes


def _extent(country: Country, scale: float) -> float:
    """The smaller side of the country's largest ring's box, in pixels."""
    if not country.rings:
        return 0.0
    ring = max(country.rings, key=len)
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return min(max(xs) - min(xs), max(ys) - min(ys)) * scale


class CompareMapInput(NamedTuple):
    """Countries of two programmes, as core.compare gives them, and what the map needs around them."""

    comparison: Comparison
    titles: tuple[str, str]  # ("ILRS", "Artemis Accords")
    shapes: Mapping[str, Country]
    as_of: str
    title: str
    credits: tuple[str, str]
    shapes_credit: str
    theme: Theme
    names: dict[str, str]  # country names by code (the map's own, e.g. XK: Kosovo)
    note: str = ""  # what the counts leave out, from the ledger's gaps (picture_facts.unnamed_note)


# (key, legend label with {a} and {b} for the programmes, colour index, pattern kind): colour 0 both, 1 first only,
# 2 second only. The three colours are 1.1 to 1.5:1 apart in either theme (told apart by hue alone), so, as on the
# plain map, every category but one bears a pattern of its own, 3:1 on its ground: a reader in greyscale or with
# any colour vision tells each from every other by its pattern. The first programme's member states stay solid in
# its colour, as on its own map; the second's signatories, the most countries, take the sparsest marks (dots).
_COMPARE = (
    ("both-state", "In both; a member state of the {a}", 0, "stripes"),
    ("both-nonstate", "In both; in the {a} through an institution, company or organisation", 0, "hatch"),
    ("both-other", "In both; the {a} state claimed, applicant, disputed or withdrawn", 0, "cross"),
    ("a-state", "{a} only: a member state", 1, ""),
    ("a-nonstate", "{a} only: through an institution, company or organisation", 1, "lines"),
    ("a-other", "{a} only: claimed, applicant, disputed or withdrawn", 1, "grid"),
    ("b", "{b} only", 2, "dots"),
)


def _compare_key(country: CompareCountry) -> str:
    if country.a is None:
        return "b"
    level = country.a.level
    kind = "state" if level is Level.STATE else ("other" if level in STATE_LEVELS else "nonstate")
    return f"{'both' if country.both else 'a'}-{kind}"


def _compare_tip(country: CompareCountry, titles: tuple[str, str]) -> str:
    parts = []
    if country.a is not None:
        word = country.a.level.value
        level = (
            "member state"
            if country.a.level is Level.STATE
            else f"through {'an' if word[0] in 'aeiou' else 'a'} {word}"
        )
        if country.a.level in STATE_LEVELS and country.a.level is not Level.STATE:
            level = country.a.level.value
        since = f" since {country.a.date.display()}" if country.a.date is not None else ""
        parts.append(f"{titles[0]}: {level}{since}")
    if country.b is not None:
        since = f" since {country.b.date.display()}" if country.b.date is not None else ""
        nth = f" ({ordinal(country.b.ordinal)})" if country.b.ordinal else ""
        parts.append(f"{titles[1]}: signatory{since}{nth}")
    which, days = country.first
    if country.both and which in country.programmes:
        first = titles[country.programmes.index(which)]
        parts.append(f"{first} first" + (f", by {abs(days)} days" if days else ""))
    return f"{country.name}: " + "; ".join(parts)


def render_compare_map(data: CompareMapInput) -> tuple[str, list[str]]:
    """Countries in both programmes, in each alone, and the level of participation in the first."""
    t = data.theme
    colours = (t.both, t.member, t.beside)  # the ILRS in its own blue, as in every picture; the Accords in theirs
    by_code = {c.code: c for c in data.comparison.countries}
    keys = {code: _compare_key(c) for code, c in by_code.items() if drawn_by(code, by_code, _state_country)[0] == code}
    counts = {key: sum(1 for code, k in keys.items() if k == key and code in data.shapes) for key, *_ in _COMPARE}
    subtitle = f"As of {data.as_of}: " + data.comparison.summary(data.titles).split(" as of ")[0].replace(
        " in both", f" in both the {data.titles[0]} and the {data.titles[1]}"
    )
    body, top = heading(data.title, subtitle, MARGIN, t, note=data.note)
    top += 14
    x0, y0, x1, y1 = bounds(data.shapes)
    scale = (WIDTH - 2 * MARGIN) / (x1 - x0)
    project = (scale, x0, y0 - top / scale)
    map_bottom = top + (y1 - y0) * scale
    defs = []
    fills = {}
    for key, _, colour, kind in _COMPARE:
        fill = colours[colour]
        if kind:
            defs.append(pattern(f"cmp-{key}", kind, fill, _ink(fill, t)))
            fill = f"url(#cmp-{key})"
        fills[key] = fill
    body.append("<defs>" + "".join(defs) + "</defs>")
    shapes, dots = [], []
    for code in sorted(data.shapes):
        country = data.shapes[code]
        drawn_country = drawn_by(code, by_code, _state_country)  # bound first, as in render_map
        drawn, found = drawn_country
        fill = fills[_compare_key(found)] if found is not None else t.none
        own = by_code.get(code)
        neither = f"in neither the {data.titles[0]} nor the {data.titles[1]}"
        tip = (
            _compare_tip(found, data.titles)
            if found is not None
            else f"{data.names.get(code) or code_name(code)}: {neither}"
        )
        tip = esc(part_of(code, drawn, tip, _compare_tip(own, data.titles) if own is not None else "", data.names))
        if country.rings:
            shapes.append(
                f'<path id="cmp-{code}" d="{_path(country, project)}" fill="{fill}"><title>{tip}</title></path>'
            )
        if country.circle is not None and found is not None:
            cx, cy = (country.circle[0] - x0) * scale + MARGIN, (country.circle[1] - project[2]) * scale
            dots.append(
                f'<circle id="cmp-{code}-dot" cx="{num(cx)}" cy="{num(cy)}" r="3.2" fill="{fill}" '
                f'stroke="{t.text}" stroke-width="0.6"><title>{tip}</title></circle>'
            )
    body.append(f'<g stroke="{t.border}" stroke-width="0.5" stroke-linejoin="round">' + "".join(shapes + dots) + "</g>")
    y = map_bottom + 22
    for key, label, _, _ in _COMPARE:
        if not counts[key]:
            continue
        entry = label.format(a=data.titles[0], b=data.titles[1]) + f" ({counts[key]})"
        body.append(
            f'<rect x="{num(MARGIN)}" y="{num(y - 11)}" width="16" height="14" fill="{fills[key]}" '
            f'stroke="{t.axis}" stroke-width="0.6"/>'
        )
        body.append(text(MARGIN + 22, y, esc(entry), 12, t.text))
        y += 20
    y += 12
    missing = sorted(code for code in by_code if code not in data.shapes)
    notes = []
    footer = []
    if missing:
        listed = ", ".join(f"{code_name(c)} ({c})" for c in missing)
        footer.append(f"Not on the map, no shape for: {listed}.")
        notes.append(f"the map has no shape for {len(missing)} of the countries compared: {listed}")
    footer.append(f"Source: ilrs ledgers; {data.titles[0]}: {data.credits[0]}; {data.titles[1]}: {data.credits[1]}.")
    footer.append(f"Map: Robinson projection; shapes: Wikimedia Commons (public domain) via {data.shapes_credit}.")
    for line in footer:
        for part in wrap(line, WIDTH - 2 * MARGIN, 12):
            body.append(text(MARGIN, y, esc(part), 12, t.muted))
            y += 17
    both = ", ".join(c.name for c in data.comparison.countries if c.both)
    desc = (
        f"World map of the countries in the {data.titles[0]} and the {data.titles[1]} as of {data.as_of}. "
        + (f"In both: {both}. " if both else "")
        + f"Source: ilrs ledgers; {data.titles[0]}: {data.credits[0]}; {data.titles[1]}: {data.credits[1]}."
    )
    return document(WIDTH, y + 2, esc(data.title), esc(desc), body, t, "cmp"), notes
