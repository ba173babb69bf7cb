"""What a graphics editor checks by eye, checked by geometry: nothing covers anything, nothing is dropped.

Badges on the map never overlap one another, never sit on another country's point, and their leader
lines neither cross nor run under a badge; a small territory's circle is drawn over its neighbours;
the chart labels every withdrawal and draws a month-only one over its month; a label's leader never
runs through another label; the report says instruments in words.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import Run

SVG = "{http://www.w3.org/2000/svg}"
Point = tuple[float, float]


def gap(p: Point, a: Point, b: Point) -> float:
    """The distance from ``p`` to the segment ``a``-``b``."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    k = 0.0 if length == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    return math.dist(p, (a[0] + k * dx, a[1] + k * dy))


def cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    """Whether two segments cross."""

    def side(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def number(element: ET.Element, name: str) -> float:
    value = element.get(name)
    assert value is not None, name
    return float(value)


class Badge:
    """One badge of the map: its circle, and its country's point and leader when it stands away."""

    def __init__(self, group: ET.Element) -> None:
        circles = group.findall(f"{SVG}circle")
        line = group.find(f"{SVG}line")
        self.tip = group.findtext(f"{SVG}title") or ""
        self.centre: Point = (number(circles[-1], "cx"), number(circles[-1], "cy"))
        self.radius = number(circles[-1], "r")
        self.anchor: Point = self.centre
        self.leader: tuple[Point, Point] | None = None
        if line is not None:
            self.anchor = (number(line, "x1"), number(line, "y1"))
            self.leader = (self.anchor, (number(line, "x2"), number(line, "y2")))


def badges(svg: str) -> list[Badge]:
    root = parse(svg)
    groups = [
        g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}text") is not None and g.find(f"{SVG}circle") is not None
    ]
    return [Badge(g) for g in groups]


def assert_badges_clear(found: list[Badge]) -> None:
    assert found
    for n, one in enumerate(found):
        for other in found[n + 1 :]:
            pair = (one.tip[:20], other.tip[:20])
            assert math.dist(one.centre, other.centre) >= one.radius + other.radius + 2, pair
            assert math.dist(one.centre, other.anchor) >= one.radius + 3, pair
            assert math.dist(other.centre, one.anchor) >= other.radius + 3, pair
            for a, b in ((one, other), (other, one)):
                if a.leader is not None:
                    assert gap(b.centre, *a.leader) >= b.radius + 1.5, pair
                    if b.leader is not None:
                        assert not cross(*a.leader, *b.leader), pair


def test_bundled_map_badges_cover_nothing(run: Run) -> None:
    result = run("map", "--as-of", "2024-12-31")
    assert result.code == 0
    found = badges(result.stdout)
    assert_badges_clear(found)
    nicaragua = next(b for b in found if b.tip.startswith("Nicaragua:"))
    panama = next(b for b in found if b.tip.startswith("Panama:"))
    # the two neighbours of the finding: each badge stood on the other's country
    assert math.dist(nicaragua.centre, panama.anchor) >= nicaragua.radius + 3
    assert math.dist(panama.centre, nicaragua.anchor) >= panama.radius + 3


def test_crowded_europe_badges_cover_nothing(run: Run, ledger_copy: Path) -> None:
    before = None
    for n, (country, date) in enumerate(
        [("FR", "2024-03-0")] * 12 + [("MC", "2024-05"), ("VA", "2024"), ("LU", "2024")]
    ):
        signed = f"{date}{n % 9 + 1}" if date.endswith("-0") else date
        args = ["add", f"Test {country} {n}", "--kind", "institution", "--country", country, "--signed", signed]
        added = run(*args, "--source", f"https://example.org/{n}", "--ledger", str(ledger_copy))
        assert added.code == 0, added.stderr
    before = ledger_copy.read_bytes()
    result = run("map", "--ledger", str(ledger_copy))
    assert result.code == 0 and result.stderr == ""
    found = badges(result.stdout)
    assert_badges_clear(found)
    france = next(b for b in found if b.tip.startswith("France:"))
    assert france.radius > 8  # two digits get a wider badge, and it is kept clear as such
    assert ledger_copy.read_bytes() == before


def test_small_territories_are_drawn_over_every_shape(run: Run) -> None:
    svg = run("map").stdout
    bahrain = svg.index('id="map-BH-dot"')
    assert bahrain > max(m.start() for m in re.finditer(r'<path id="map-[A-Z]{2}"', svg))
    compare = run("map", "--compare").stdout
    dots = [m.start() for m in re.finditer(r'<circle id="cmp-[A-Z]{2}-dot"', compare)]
    assert dots and min(dots) > max(m.start() for m in re.finditer(r'<path id="cmp-[A-Z]{2}"', compare))


def texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in parse(svg).iter(f"{SVG}text")]


def test_bundled_chart_names_its_largest_day(run: Run) -> None:
    result = run("chart", "--as-of", "2024-12-31")
    assert (result.code, result.stderr) == (0, "")
    assert "11 joined on 5 Sep 2024" in texts(result.stdout)


def test_chart_labels_each_withdrawal_and_draws_a_month_only_one_over_its_month(run: Run, ledger_copy: Path) -> None:
    for who, date in (("egypt", "2025-06"), ("venezuela", "2025-07-01")):
        assert run("withdraw", who, "--date", date, "--ledger", str(ledger_copy)).code == 0
    before = ledger_copy.read_bytes()
    result = run("chart", "--ledger", str(ledger_copy), "--as-of", "2025-12-31")
    assert (result.code, result.stderr) == (0, "")
    lines = texts(result.stdout)
    assert "Egypt withdrew (Jun 2025)" in lines
    assert "Venezuela withdrew (1 Jul 2025)" in lines
    assert "date known only to the month or year (bar: the period)" in lines
    root = parse(result.stdout)
    egypt = next(
        g for g in root.iter(f"{SVG}g") if (g.findtext(f"{SVG}title") or "").startswith("Egypt (state): withdrew")
    )
    bar = egypt.find(f"{SVG}rect")
    assert bar is not None and 8 < number(bar, "width") < 12  # June 2025 on an axis of five years at 632 px
    assert ledger_copy.read_bytes() == before


def label_boxes(root: ET.Element) -> list[tuple[float, float, float, float]]:
    """The boxes of the 12 px labels (the same upper estimate of width the chart uses)."""
    from ilrs_cli.output.pictures.svg import text_width

    boxes = []
    for t in root.iter(f"{SVG}text"):
        if t.get("font-size") != "12" or t.get("text-anchor") == "middle":
            continue
        width = text_width("".join(t.itertext()), 12)
        x, y = number(t, "x"), number(t, "y")
        x0 = x - width if t.get("text-anchor") == "end" else x
        boxes.append((x0, y - 9, x0 + width, y + 2.4))
    return boxes


def test_no_leader_runs_through_a_label(run: Run) -> None:
    for args in (["chart"], ["chart", "--compare"]):
        result = run(*args, "--as-of", "2026-11-21")
        assert (result.code, result.stderr) == (0, ""), args
        root = parse(result.stdout)
        boxes = label_boxes(root)
        for line in root.iter(f"{SVG}line"):
            if line.get("stroke-width") != "0.8":
                continue  # grid and axis lines
            a = (number(line, "x1"), number(line, "y1"))
            b = (number(line, "x2"), number(line, "y2"))
            for k in range(1, 40):
                x, y = a[0] + (b[0] - a[0]) * k / 40, a[1] + (b[1] - a[1]) * k / 40
                hit = [bx for bx in boxes if bx[0] + 1 < x < bx[2] - 1 and bx[1] + 1 < y < bx[3] - 1]
                assert not hit, (args, a, b, hit)
    assert "Serbia (May 2024)" in texts(run("chart", "--compare", "--as-of", "2026-11-21").stdout)


def test_report_says_instruments_in_words_and_claims_are_not_joinings(run: Run) -> None:
    html = run("report").stdout
    assert "other with" not in html and ">1. mou " not in html
    assert "<strong>1. MoU with Government of the PRC (CNSA)</strong>" in html
    assert "<td>announced (instrument with CNSA); claimed, not counted</td>" in html
    assert "<td>joined (joint statement with CNSA)</td>" in html


def test_report_tables_scroll_on_a_narrow_screen_and_names_break_between_words(run: Run) -> None:
    html = run("report", "--compare").stdout
    assert html.count('<div class="table">\n<table>') == 3 and html.count("</table>\n</div>") == 3
    assert ".table { overflow-x: auto; }" in html
    assert "a { color: #0b57a4; }" in html and "ol.sources a { overflow-wrap: anywhere; }" in html


def test_a_long_title_and_subtitle_wrap_inside_the_chart(run: Run) -> None:
    from ilrs_cli.output.pictures.svg import WIDTH, text_width

    title = "A very long title that goes on and on about the International Lunar Research Station and its members"
    statuses = [a for s in ("member", "claimed", "applicant", "disputed") for a in ("--status", s)]
    result = run("chart", "--title", title, *statuses, "--as-of", "2024-12-31")
    assert (result.code, result.stderr) == (0, "")
    root = parse(result.stdout)
    heads = [t for t in root.iter(f"{SVG}text") if t.get("font-size") in ("20", "14")]
    lines = {size: ["".join(t.itertext()) for t in heads if t.get("font-size") == size] for size in ("20", "14")}
    assert len(lines["20"]) == 2 and " ".join(lines["20"]) == title
    assert len(lines["14"]) == 2 and " ".join(lines["14"]) == (
        "Member or claimed or applicant or disputed participants over time, cumulative, as of 31 Dec 2024: "
        "15 states, 40 in all"
    )
    for t in heads:
        size, bold = float(t.get("font-size") or 0), t.get("font-weight") == "700"
        assert number(t, "x") + text_width("".join(t.itertext()), size, bold) <= WIDTH, "".join(t.itertext())
    assert "Not drawn: 8 participants with no date in the ledger." in texts(result.stdout)


def test_a_territory_the_map_cannot_draw_is_named_and_the_far_islands_are_inside(run: Run, ledger_copy: Path) -> None:
    for n, country in enumerate(("AX", "CK", "BH")):  # Åland: no shape at 700 px; Cook Islands: a circle far left
        args = ["add", f"Test {country}", "--kind", "institution", "--country", country, "--signed", "2024-01-02"]
        assert run(*args, "--source", f"https://example.org/{n}", "--ledger", str(ledger_copy)).code == 0
    before = ledger_copy.read_bytes()
    result = run("map", "--ledger", str(ledger_copy))
    assert result.code == 0
    assert result.stderr == "map: the map has no shape for 1 country of the ledger: Åland Islands (AX)\n"
    assert "Not on the map, no shape for: Åland Islands (AX)." in texts(result.stdout)
    root = parse(result.stdout)
    width = float((root.get("viewBox") or "").split()[2])
    for dot in root.iter(f"{SVG}circle"):
        assert number(dot, "cx") - number(dot, "r") >= 0 and number(dot, "cx") + number(dot, "r") <= width
    for badge in badges(result.stdout):
        assert badge.anchor[1] > 90, badge.tip  # every country's point on the map, none in the title
    bahrain = next(b for b in badges(result.stdout) if b.tip.startswith("Bahrain:"))
    bh = root.find(f".//{SVG}circle[@id='map-BH-dot']")
    assert bh is not None and math.dist(bahrain.anchor, (number(bh, "cx"), number(bh, "cy"))) < 3
    assert ledger_copy.read_bytes() == before
