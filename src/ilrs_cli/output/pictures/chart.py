"""`ilrs chart`: membership over time as cumulative steps, every state's joining labelled.

Two panels share the time axis. The top one counts member states, one label per state ("Thailand,
9th country"); its height grows with the count so that each label has the band under its own step to
itself (below a rising step line nothing else is drawn), and a general collision test catches the
rest (withdrawals, very large ledgers). The bottom panel counts all members, marks every other
joining and names the days on which several joined at once, above the line where it is free.
A joining known only to the month or year is counted from the end of that period (as `ilrs list
--as-of` counts it) and drawn as a bar over the period with a hollow mark: never on an invented day.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections import Counter
from typing import NamedTuple

from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Kind
from ilrs_cli.core.picture_facts import Series, Step, counterpart, joining_span, ordinal
from ilrs_cli.output.pictures.svg import (
    WIDTH,
    Theme,
    clip,
    display_day,
    document,
    esc,
    heading,
    instrument_words,
    note_lines,
    num,
    text,
    text_width,
    wrap,
)

LEFT, RIGHT = 46.0, 22.0
LABEL_SIZE = 12.0
NEAR = LABEL_SIZE * 0.75  # a label's box at most this far from its point sits beside it; further, a leader line
BAND = 20.0  # the least height of one state's step: a label line plus air
BATCH = 3  # days with at least this many joinings get a note in the all-members panel,
BATCHES = 6  # the largest few of them
PARTIAL = "date known only to the month or year (bar: the period)"  # the legend of a joining's hollow mark and bar


class ChartInput(NamedTuple):
    """Everything the chart shows; the command gathers it from the core."""

    series: Series
    start: _dt.date | None  # the window's first day (None: from the first joining's year)
    end: _dt.date  # the window's last day (the as-of day unless --until)
    as_of: str  # as shown in the subtitle
    title: str
    selection: str  # what is counted, e.g. "members"
    ordinals: bool  # the count is the ledger's own country count ("9th country")
    instruments: int
    sources: int
    theme: Theme
    source: str = "ilrs ledger"  # the credit's source (and programme)
    note: str = ""  # what the counts leave out, from the ledger's gaps (picture_facts.unnamed_note)
    period: str = ""  # the window as given (--since/--until), e.g. "1 Jan 2023 – 31 Dec 2024"
    kinds: tuple[Kind, ...] = ()  # the kinds chosen (--kind); () for every kind


_PLURAL = {
    Kind.STATE: "states",
    Kind.ORGANIZATION: "organisations",
    Kind.INSTITUTION: "institutions",
    Kind.COMPANY: "companies",
}


def kinds_words(kinds: tuple[Kind, ...]) -> str:
    """``organisations``, ``organisations and institutions``, ``states, institutions and companies``."""
    words = [_PLURAL[k] for k in Kind if k in kinds]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


class Box(NamedTuple):
    x0: float
    y0: float
    x1: float
    y1: float

    def hits(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1


class Scale(NamedTuple):
    start: _dt.date
    end: _dt.date
    x0: float
    x1: float

    def x(self, day: _dt.date) -> float:
        span = max((self.end - self.start).days, 1)
        return self.x0 + (self.x1 - self.x0) * (day - self.start).days / span


def _nice_step(maximum: int, ticks: int = 5) -> int:
    raw = max(maximum, 1) / ticks
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if step >= raw:
            return step
    return int(10 ** len(str(int(raw))))


def _partial(step: Step) -> bool:
    """True when the step is a joining whose day the sources do not give (only a month or a year)."""
    span = joining_span(step.participant)
    return step.change > 0 and span is not None and span.first < span.last == step.day


def _period(step: Step) -> tuple[_dt.date, _dt.date] | None:
    """The period a step's date stands for when the sources give only its month or year (joining or leaving)."""
    if step.change > 0:
        span = joining_span(step.participant)
        return (span.first, span.last) if span is not None and span.first < span.last == step.day else None
    left = step.participant.withdrawn
    return (left.start, left.end) if left is not None and not left.day and left.end == step.day else None


def _gap(box: Box, point: tuple[float, float]) -> float:
    """The distance from ``point`` to the nearest edge of ``box`` (0 inside it)."""
    dx = max(box.x0 - point[0], 0.0, point[0] - box.x1)
    dy = max(box.y0 - point[1], 0.0, point[1] - box.y1)
    return math.hypot(dx, dy)


def _leader_end(box: Box, point: tuple[float, float]) -> tuple[float, float]:
    """Where a leader from ``point`` meets ``box``: its nearest point, 2 px short of the text."""
    return (min(max(point[0], box.x0 - 2), box.x1 + 2), min(max(point[1], box.y0 - 2), box.y1 + 2))


def _leader_hits(a: tuple[float, float], b: tuple[float, float], box: Box) -> bool:
    """True when the segment ``a``-``b`` runs through ``box`` (tested every 2 px)."""
    if not (
        max(a[0], b[0]) > box.x0 and min(a[0], b[0]) < box.x1 and max(a[1], b[1]) > box.y0 and min(a[1], b[1]) < box.y1
    ):
        return False  # no point of the segment can be inside: most boxes are far away (9/10 of a chart's time)
    steps = max(int(max(abs(b[0] - a[0]), abs(b[1] - a[1])) / 2), 1)
    for k in range(steps + 1):
        x, y = a[0] + (b[0] - a[0]) * k / steps, a[1] + (b[1] - a[1]) * k / steps
        if box.x0 < x < box.x1 and box.y0 < y < box.y1:
            return True
    return False


def _on(date: PartialDate) -> str:
    """``on 5 Apr 2024``, ``in May 2024``: a date at its own precision."""
    return f"{'on' if date.day else 'in'} {date.display()}"


def _tooltip(step: Step, count: str) -> str:
    p = step.participant
    first = p.first_agreement
    what = f"joined {p.joined.display()}" if p.joined is not None else "joined"
    if first is not None and counterpart(first.counterpart):
        what += f" ({instrument_words(first.instrument)} with {counterpart(first.counterpart)})"
    if step.change < 0:
        what = f"withdrew {p.withdrawn.display()}" if p.withdrawn is not None else "left"
    return esc(f"{p.name} ({p.kind.value}): {what}; {count}")


class Panel:
    """One plot area: a y scale, its line(s), marks and labels, and what they must not overlap."""

    def __init__(self, top: float, height: float, maximum: int, scale: Scale, t: Theme) -> None:
        self.top, self.height, self.scale, self.t = top, height, scale, t
        self.step = _nice_step(maximum)
        self.maximum = max(-(-maximum // self.step) * self.step, self.step)
        self.body: list[str] = []
        self.grid_boxes: dict[tuple[int, int], list[Box]] = {}  # what labels must not cover, by 32 px cell
        self.dense = False  # too many steps for every label: try each only beside its mark
        self.labels: list[Box] = []  # the labels placed: no leader line may run through one
        self.points: list[tuple[float, float]] = []  # the marks' centres: a label nearer another needs a leader

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def y(self, level: float) -> float:
        return self.bottom - self.height * level / self.maximum

    @staticmethod
    def _cells(box: Box) -> list[tuple[int, int]]:
        return [
            (cx, cy)
            for cx in range(int(box.x0 // 32), int(box.x1 // 32) + 1)
            for cy in range(int(box.y0 // 32), int(box.y1 // 32) + 1)
        ]

    def add(self, box: Box) -> None:
        """Keep ``box`` free of labels."""
        for cell in self._cells(box):
            self.grid_boxes.setdefault(cell, []).append(box)

    def taken(self, box: Box) -> bool:
        """True when ``box`` overlaps something already drawn."""
        return any(box.hits(other) for cell in self._cells(box) for other in self.grid_boxes.get(cell, ()))

    def grid(self, title: str) -> None:
        t, s = self.t, self.scale
        self.body.append(text(s.x0, self.top - 10, esc(title), 13, t.text, font_weight="600"))
        for level in range(0, self.maximum + 1, self.step):
            y = self.y(level)
            colour = t.axis if level == 0 else t.grid
            self.body.append(f'<line x1="{num(s.x0)}" x2="{num(s.x1)}" y1="{num(y)}" y2="{num(y)}" stroke="{colour}"/>')
            self.body.append(text(s.x0 - 6, y + 4, str(level), 12, t.muted, text_anchor="end"))

    def line(self, steps: list[tuple[_dt.date, int]], start_level: int, colour: str, width: float) -> None:
        """A step line from the window's start to its end, rising (or falling) at the end of each day."""
        s = self.scale
        d = [f"M{num(s.x0)} {num(self.y(start_level))}"]
        level = start_level
        x_prev = s.x0
        for day, new in steps:
            x = s.x(day)
            d.append(f"H{num(x)}V{num(self.y(new))}")
            self.add(Box(x_prev, self.y(level) - 1.5, x + 1.5, self.y(level) + 1.5))
            self.add(Box(x - 1.5, min(self.y(level), self.y(new)), x + 1.5, max(self.y(level), self.y(new))))
            level, x_prev = new, x
        d.append(f"H{num(s.x1)}")
        self.add(Box(x_prev, self.y(level) - 1.5, s.x1, self.y(level) + 1.5))
        self.body.append(
            f'<path d="{"".join(d)}" fill="none" stroke="{colour}" stroke-width="{num(width)}" '
            'stroke-linejoin="round"/>'
        )

    def mark(self, step: Step, level: int, colour: str, radius: float, tip: str, diamond: bool = False) -> None:
        """A joining (dot; hollow with a bar over its period when only the month or year is known). ``diamond``:
        a diamond instead of a dot, outlined in the text colour (the compare chart's countries in both)."""
        t, s = self.t, self.scale
        x, y = s.x(step.day), self.y(level)
        parts = []
        period = _period(step)
        if period is not None:  # the period the date stands for, as a bar ending where the step is counted
            x_start = max(s.x(period[0]), s.x0)
            fill, opacity = (colour, "0.35") if step.change > 0 else (t.text, "0.2")
            parts.append(
                f'<rect x="{num(x_start)}" y="{num(y - 3.5)}" width="{num(max(x - x_start, 1))}" height="7" '
                f'fill="{fill}" fill-opacity="{opacity}"/>'
            )
            self.add(Box(x_start, y - 3.5, x, y + 3.5))
        if step.change < 0:
            r = radius + 1
            parts.append(
                f'<path d="M{num(x - r)} {num(y - r)}l{num(2 * r)} {num(2 * r)}m0 {num(-2 * r)}'
                f'l{num(-2 * r)} {num(2 * r)}" stroke="{t.text}" stroke-width="1.6"/>'
            )
        else:
            shape = (
                f'<path d="M{num(x)} {num(y - radius)}l{num(radius)} {num(radius)}l{num(-radius)} {num(radius)}'
                f'l{num(-radius)} {num(-radius)}z"'
                if diamond
                else f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(radius)}"'
            )
            if period is not None:
                parts.append(f'{shape} fill="{t.background}" stroke="{colour}" stroke-width="1.8"/>')
            else:
                parts.append(
                    f'{shape} fill="{colour}" stroke="{t.text if diamond else t.background}" stroke-width="1"/>'
                )
        self.body.append(f"<g><title>{tip}</title>{''.join(parts)}</g>")
        self.add(Box(x - radius - 0.5, y - radius - 0.5, x + radius + 0.5, y + radius + 0.5))
        self.point(x, y)

    def point(self, x: float, y: float) -> None:
        """Note a mark's centre (before any label is placed): what a label must be nearer to than its own."""
        if (x, y) not in self.points:
            self.points.append((x, y))

    def nearer_other(self, box: Box, anchor: tuple[float, float]) -> bool:
        """True when another mark is nearer to ``box`` than its own (``anchor``): a reader would take the label
        for that mark's."""
        own = _gap(box, anchor)
        return any(_gap(box, p) < own for p in self.points if math.dist(p, anchor) > 0.5)

    def away(self, box: Box, anchor: tuple[float, float]) -> bool:
        """True when a label in ``box`` needs a leader to ``anchor``: it is more than NEAR from it, or another
        mark is nearer to it."""
        return _gap(box, anchor) > NEAR or self.nearer_other(box, anchor)

    def place(self, label: str, anchor: tuple[float, float], candidates: list[tuple[float, float, str]]) -> bool:
        """Put ``label`` at the first free candidate (x, baseline, side), with a leader line when it is away
        from its mark (``away``). Candidates no other mark is nearer to come first: beside its own mark, or
        away with a leader, a label is never one a reader would give another mark."""
        t = self.t
        width = text_width(label, LABEL_SIZE)
        for clear in (True, False):
            for x, baseline, side in candidates:
                x0 = x if side == "start" else x - width
                box = Box(x0, baseline - LABEL_SIZE * 0.75, x0 + width, baseline + LABEL_SIZE * 0.2)
                if box.x0 < 0 or box.x1 > WIDTH - 4 or box.y0 < self.top or box.y1 > self.bottom:
                    continue
                if self.taken(box) or (clear and self.nearer_other(box, anchor)):
                    continue
                ax, ay = anchor
                leader = None
                if self.away(box, anchor):
                    leader = _leader_end(box, anchor)
                    if any(_leader_hits(anchor, leader, other) for other in self.labels):
                        continue
                self.add(box)
                self.labels.append(box)
                if leader is not None:
                    self.body.append(
                        f'<line x1="{num(ax)}" y1="{num(ay)}" x2="{num(leader[0])}" y2="{num(leader[1])}" '
                        f'stroke="{t.leader}" stroke-width="0.8"/>'
                    )
                self.body.append(text(x, baseline, label, LABEL_SIZE, t.text, text_anchor=side))
                return True
        return False


def _label_candidates(x: float, y: float, panel: Panel, below: bool) -> list[tuple[float, float, str]]:
    """Where a label may go: beside its mark first, then further away (below or above the line)."""
    near = y + 4 + LABEL_SIZE * 0.75 if below else y - 7
    found = []
    offset = near
    while panel.top + LABEL_SIZE <= offset <= panel.bottom:
        found += [(x + 7, offset, "start"), (x - 7, offset, "end")]
        if panel.dense:
            break
        offset += 4.0 if below else -4.0
    return found


def _legend(items: list[tuple[str, str]], top: float, t: Theme) -> tuple[list[str], float]:
    """Legend entries (symbol markup drawn at the origin, label) flowed into rows; returns markup and bottom."""
    body, x, y = [], LEFT, top
    for symbol, label in items:
        width = 26 + text_width(label, 12)
        if x + width > WIDTH - RIGHT and x > LEFT:
            x, y = LEFT, y + 20
        body.append(f'<g transform="translate({num(x)} {num(y)})">{symbol}</g>')
        body.append(text(x + 22, y + 4, esc(label), 12, t.text))
        x += width + 14
    return body, y + 8


def _symbols(t: Theme) -> dict[str, str]:
    return {
        "states": f'<path d="M0 0H16" stroke="{t.states}" stroke-width="3"/>',
        "total": f'<path d="M0 0H16" stroke="{t.total}" stroke-width="3"/>',
        "day": f'<circle cx="8" cy="0" r="4" fill="{t.text}"/>',
        "partial": (
            f'<rect x="-2" y="-3.5" width="14" height="7" fill="{t.text}" fill-opacity="0.3"/>'
            f'<circle cx="12" cy="0" r="3.6" fill="{t.background}" stroke="{t.text}" stroke-width="1.8"/>'
        ),
        "withdrawn": f'<path d="M4 -4l8 8m0 -8l-8 8" stroke="{t.text}" stroke-width="1.6"/>',
    }


def _window(data: ChartInput) -> tuple[_dt.date, _dt.date]:
    if data.start is not None:
        start = data.start
    else:
        firsts = [s.day for s in data.series.steps]
        for step in data.series.steps:
            if step.participant.joined is not None:
                firsts.append(step.participant.joined.start)
        start = _dt.date(min(firsts).year, 1, 1) if firsts else data.end.replace(month=1, day=1)
    end = max(data.end, start + _dt.timedelta(days=1))
    return start, end


def _axis(scale: Scale, top: float, bottom: float, t: Theme) -> list[str]:
    """Vertical grid lines and labels at the years (quarters or months in a short window)."""
    body = []
    days = (scale.end - scale.start).days
    months = 1 if days < 200 else 3 if days < 800 else 12
    years = max(1, round(days / 365 / 8)) if months == 12 else 1
    day = _dt.date(scale.start.year, 1, 1)
    while day <= scale.end:
        if day >= scale.start and (months < 12 or (day.year - scale.start.year) % years == 0):
            x = scale.x(day)
            body.append(f'<line x1="{num(x)}" x2="{num(x)}" y1="{num(top)}" y2="{num(bottom + 5)}" stroke="{t.grid}"/>')
            label = str(day.year) if day.month == 1 else display_day(day)[2:].lstrip()
            body.append(text(x, bottom + 19, esc(label), 12, t.muted, text_anchor="middle"))
        month = day.month - 1 + months
        if day.year + month // 12 > _dt.MAXYEAR:  # an axis to the year 9999 ends there, no tick after it
            break
        day = _dt.date(day.year + month // 12, month % 12 + 1, 1)
    return body


def render_chart(data: ChartInput) -> tuple[str, list[str]]:
    """The chart as SVG text, and notes for stderr (labels left out for lack of room)."""
    t = data.theme
    start, end = _window(data)
    scale = Scale(start, end, LEFT, WIDTH - RIGHT)
    steps = [s for s in data.series.steps if s.day <= end]
    inside = [s for s in steps if start <= s.day]
    state_steps = [s for s in steps if s.participant.kind is Kind.STATE]
    nonstate = any(s.participant.kind is not Kind.STATE for s in steps)
    level0_states, level0_total = data.series.level_before(start)
    final_states = state_steps[-1].states if state_steps else 0
    final_total = steps[-1].total if steps else 0
    notes: list[str] = []

    states_word = f"{final_states} state{'' if final_states == 1 else 's'}"
    counts = f"{states_word}, {final_total} in all" if nonstate else states_word
    if not state_steps and nonstate:
        counts = f"{final_total} in all"
    # the title and the subtitle wrapped to the width (a long --title is never cut), the counts in bold
    body, y = [], 30.0
    for line in wrap(data.title, WIDTH - 2 * (LEFT - 30), 20, bold=True):
        body.append(text(LEFT - 30, y, esc(line), 20, t.text, font_weight="700"))
        y += 25
    y -= 3
    period = f"{data.period}; as of" if data.period else "as of"
    subtitle = f"{data.selection.capitalize()} over time, cumulative, {period} {data.as_of}: {counts}"
    lines = wrap(subtitle, WIDTH - 2 * (LEFT - 30), 14)
    for n, line in enumerate(lines):
        bold = counts if n == len(lines) - 1 and line.endswith(counts) else ""
        markup = text(LEFT - 30, y, esc(line[: len(line) - len(bold)]), 14, t.muted)
        if bold:
            markup = markup.replace("</text>", f'<tspan fill="{t.text}" font-weight="600">{esc(bold)}</tspan></text>')
        body.append(markup)
        y += 19
    noted = note_lines(data.note, LEFT - 30, y, t)
    body += noted
    y += 17 * len(noted)
    symbols = _symbols(t)
    legend = []
    if state_steps:
        legend.append((symbols["states"], "Member states" if data.ordinals else "States"))
    chosen = data.kinds and set(data.kinds) != set(Kind)
    all_words = "All members" if data.ordinals else "All"
    if chosen:  # what the lower line counts: the kinds shown, never "all"
        all_words = kinds_words(data.kinds)
        all_words = all_words[:1].upper() + all_words[1:]
    if nonstate:
        legend.append((symbols["total"], all_words))
    legend.append((symbols["day"], "joined on a known day"))
    if any(_period(s) is not None for s in inside):
        legend.append((symbols["partial"], PARTIAL))
    if any(s.change < 0 for s in inside):
        legend.append((symbols["withdrawn"], "withdrew"))
    legend_body, y = _legend(legend, y + 5, t)
    body += legend_body

    panels: list[Panel] = []
    top = y + 34
    if state_steps or not nonstate:
        peak = max([s.states for s in state_steps] + [level0_states, 1])
        # a band for each state (its label has the room under its step) and one above the top for each that left
        bands = peak + 1 + sum(1 for s in state_steps if s.change < 0 and s.day >= start)
        if BAND * bands <= 360:
            states_panel = Panel(top, max(BAND * bands, 150.0), peak, scale, t)
            states_panel.maximum = bands
        else:
            states_panel = Panel(top, 360.0, peak, scale, t)
            states_panel.dense = peak > 200  # past a few hundred, only beside the mark (time grows fast)
        states_panel.grid("Member states" if data.ordinals else "States")
        changes = [(s.day, s.states) for s in state_steps if s.day >= start]
        states_panel.line(changes, level0_states, t.states, 2.5)
        left_out = 0
        for step in state_steps:
            if step.day < start:
                continue
            count = f"{ordinal(step.states)} country" if data.ordinals else f"{step.states} in the count"
            states_panel.mark(step, step.states, t.states, 4.0, _tooltip(step, count))
        for step in sorted(state_steps, key=lambda s: s.change > 0):  # withdrawals first: they have less room
            if step.day < start:
                continue
            x, y_line = scale.x(step.day), states_panel.y(step.states)
            name = clip(step.participant.name)
            label = f"{name}, {ordinal(step.states)} country" if data.ordinals else f"{name} ({step.states})"
            joined, left = step.participant.joined, step.participant.withdrawn
            if step.change < 0:
                label = f"{name} withdrew" + (f" ({left.display()})" if left is not None else "")
            elif _partial(step) and joined is not None:  # "Serbia, 11th country (May 2024)", "Serbia (13, May 2024)"
                label = (
                    label[:-1] + f", {joined.display()})" if label.endswith(")") else f"{label} ({joined.display()})"
                )
            below, above = (_label_candidates(x, y_line, states_panel, side) for side in (True, False))
            where = above + below if step.change < 0 else below + above  # after a fall the room is above the line
            if not states_panel.place(esc(label), (x, y_line), where):
                left_out += 1
        if left_out:
            entered = sum(1 for s in inside if s.participant.kind is Kind.STATE)
            notes.append(f"{left_out} of {entered} state labels left out for lack of room (every state is marked)")
        panels.append(states_panel)
        top = states_panel.bottom + 52

    if nonstate:
        peak = max([s.total for s in steps] + [level0_total, 1])
        total_panel = Panel(top, 170.0, peak, scale, t)
        total_panel.dense = len(inside) > 500
        total_panel.grid(
            all_words
            if chosen
            else "All members: states, organisations, institutions, companies"
            if data.ordinals
            else "All"
        )
        if state_steps or level0_states:  # the states beneath, when there are any (no unexplained line at zero)
            changes = [(s.day, s.states) for s in state_steps if s.day >= start]
            total_panel.line(changes, level0_states, t.states, 1.5)
        total_panel.line([(s.day, s.total) for s in inside], level0_total, t.total, 2.5)
        for step in inside:
            if step.participant.kind is not Kind.STATE or step.change < 0:
                total_panel.mark(step, step.total, t.total, 3.0, _tooltip(step, f"{step.total} in all"))
        per_day = Counter(s.day for s in inside if s.change > 0)
        # the coarsest date ending that day holds the others (2024 holds 2024-12-31): the last one written wins
        finest_first = sorted(inside, key=lambda s: (s.date.month != 0, s.date.day != 0), reverse=True)
        coarsest = {s.day: s.date for s in finest_first}
        top_level = {s.day: s.total for s in inside}  # the level after the day's last step
        batches = sorted((-many, day) for day, many in per_day.items() if many >= BATCH)[:BATCHES]
        for many, day in sorted(batches, key=lambda b: b[1]):
            many, level = -many, top_level[day]
            x, y_line = scale.x(day), total_panel.y(level)
            label = esc(f"{many} joined {_on(coarsest[day])}")
            where = _label_candidates(x, y_line, total_panel, False) + _label_candidates(x, y_line, total_panel, True)
            if not total_panel.place(label, (x, y_line), where):
                notes.append(f"the label '{many} joined {_on(coarsest[day])}' left out for lack of room")
        panels.append(total_panel)

    first_top = panels[0].top if panels else top
    bottom = panels[-1].bottom if panels else top
    body += _axis(scale, first_top - 4, bottom, t)
    for panel in panels:
        body += panel.body
    y = bottom + 44
    footer = [
        "Each participant is counted from the end of the day of its first signed (else announced) instrument;",
        "a date known only to the month or year counts from the end of that period.",
    ]
    if data.series.undated:
        many = len(data.series.undated)
        footer.append(f"Not drawn: {many} participant{'s' if many != 1 else ''} with no date in the ledger.")
    footer.append(f"Source: {data.source}; {data.instruments} instruments, {data.sources} sources.")
    for line in footer:
        body.append(text(LEFT - 30, y, esc(line), 12, t.muted))
        y += 17
    height = y + 2

    states_named = ", ".join(
        f"{s.participant.name} ({s.date.display()})"
        for s in inside
        if s.participant.kind is Kind.STATE and s.change > 0
    )
    desc = (
        f"Step chart of {data.selection} over time{', ' + data.period + ';' if data.period else ''} as of "
        f"{data.as_of}: {counts}. "
        + (f"States in order of joining: {states_named}. " if states_named else "")
        + f"Source: {data.source}; {data.instruments} instruments, {data.sources} sources."
    )
    return document(WIDTH, height, esc(data.title), esc(desc), body, t, "chart"), notes


class CompareInput(NamedTuple):
    """Two programmes' country counts (state participants) and the countries in both at state level."""

    titles: tuple[str, str]  # e.g. ("ILRS", "Artemis Accords")
    series: tuple[Series, Series]
    both: frozenset[str]  # country codes in both, the state itself a member of the first
    end: _dt.date
    as_of: str
    title: str
    credits: tuple[str, str]  # "N instruments, M sources" of each
    theme: Theme
    note: str = ""  # what the counts leave out, from the ledger's gaps (picture_facts.unnamed_note)


def render_compare_chart(data: CompareInput) -> tuple[str, list[str]]:
    """Both programmes' countries over time on one chart, the countries in both marked and named on each line."""
    t = data.theme
    firsts = [s.day for series in data.series for s in series.steps]
    start = _dt.date(min(firsts).year, 1, 1) if firsts else data.end.replace(month=1, day=1)
    scale = Scale(start, max(data.end, start + _dt.timedelta(days=1)), LEFT, WIDTH - RIGHT)
    colours = (t.states, t.beside)  # the ILRS in the blue of its own chart and map; the Accords in theirs
    finals = [max([s.states for s in series.steps] + [0]) for series in data.series]
    counts = f"{data.titles[0]} {finals[0]}, {data.titles[1]} {finals[1]}; {len(data.both)} member states in both"
    body, y = heading(
        data.title, f"Countries taking part, cumulative, as of {data.as_of}: {counts}", LEFT - 30, t, note=data.note
    )
    symbols = [
        (f'<path d="M0 0H16" stroke="{colours[0]}" stroke-width="3"/>', f"{data.titles[0]}: member states"),
        (f'<path d="M0 0H16" stroke="{colours[1]}" stroke-width="3"/>', f"{data.titles[1]}: signatory states"),
        (
            f'<path d="M8 -5l5 5l-5 5l-5 -5z" fill="{t.text}"/>',
            f"in both (a member state of the {data.titles[0]})",
        ),
    ]
    drawn = [s for series in data.series for s in series.steps if s.participant.kind is Kind.STATE and s.change > 0]
    if any(_period(s) is not None for s in drawn):
        symbols.append((_symbols(t)["partial"], PARTIAL))
    legend, y = _legend(symbols, y + 22, t)
    body += legend
    peak = max([*finals, 1])
    panel = Panel(y + 34, 380.0, peak, scale, t)
    panel.grid("Countries")
    notes: list[str] = []
    left_out = 0
    for index, series in enumerate(data.series):
        steps = [s for s in series.steps if s.participant.kind is Kind.STATE]
        panel.line([(s.day, s.states) for s in steps], 0, colours[index], 2.5)
    for series in data.series:  # every mark's place first: a label is judged against them all
        for step in series.steps:
            if step.participant.kind is Kind.STATE and step.change > 0:
                panel.point(scale.x(step.day), panel.y(step.states))
    for index, series in enumerate(data.series):
        for step in series.steps:
            if step.participant.kind is not Kind.STATE or step.change < 0:
                continue
            x, y_line = scale.x(step.day), panel.y(step.states)
            dual = step.participant.country in data.both
            tip = _tooltip(step, f"{ordinal(step.states)} country of the {data.titles[index]}")
            panel.mark(step, step.states, colours[index], 6.0 if dual else 2.6, tip, diamond=dual)
            if not dual:
                continue
            joined = step.participant.joined
            when = joined.display() if _partial(step) and joined is not None else display_day(step.day)
            label = esc(f"{clip(step.participant.name, 30)} ({when})")
            # the upper line has free room above it, the lower one below it
            upper = finals[index] >= max(finals)
            where = _label_candidates(x, y_line, panel, not upper) + _label_candidates(x, y_line, panel, upper)
            if not panel.place(label, (x, y_line), where):
                left_out += 1
    if left_out:
        notes.append(f"{left_out} labels of countries in both left out for lack of room (each is marked)")
    body += _axis(scale, panel.top - 4, panel.bottom, t)
    body += panel.body
    y = panel.bottom + 44
    lines = [
        "Each country is counted from the end of the day of its first signed (else announced) instrument.",
        f"Source: ilrs ledgers; {data.titles[0]}: {data.credits[0]}; {data.titles[1]}: {data.credits[1]}.",
    ]
    for line in lines:
        for part in wrap(line, WIDTH - 2 * (LEFT - 30), 12):
            body.append(text(LEFT - 30, y, esc(part), 12, t.muted))
            y += 17
    names = ", ".join(
        sorted(
            {s.participant.name for series in data.series for s in series.steps if s.participant.country in data.both}
        )
    )
    desc = (
        f"Step chart of the countries taking part in the {data.titles[0]} and the {data.titles[1]} over time, "
        f"as of {data.as_of}: {counts}" + (f" ({names})" if names else "") + ". "
        f"Source: ilrs ledgers; {data.titles[0]}: {data.credits[0]}; {data.titles[1]}: {data.credits[1]}."
    )
    return document(WIDTH, y + 2, esc(data.title), esc(desc), body, t, "compare"), notes
