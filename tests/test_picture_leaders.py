"""A chart label placed away from its point always gets a leader line to it.

Away means: its box is more than NEAR from its own point, or another point is nearer to it than its own.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import Run
from ilrs_cli.output.pictures.chart import LABEL_SIZE, NEAR
from ilrs_cli.output.pictures.svg import text_width

SVG = "{http://www.w3.org/2000/svg}"
Point = tuple[float, float]


class Label(NamedTuple):
    text: str
    box: tuple[float, float, float, float]


def gap(box: tuple[float, float, float, float], p: Point) -> float:
    x0, y0, x1, y1 = box
    return math.hypot(max(x0 - p[0], 0.0, p[0] - x1), max(y0 - p[1], 0.0, p[1] - y1))


def marks(root: ET.Element) -> dict[str, Point]:
    """The states panel's marks by participant name: a dot's centre, or a withdrawal cross's."""
    found: dict[str, Point] = {}
    for g in root.iter(f"{SVG}g"):
        tip = g.findtext(f"{SVG}title") or ""
        if not re.search(r"\(state\): .*(country|in the count)$", tip):
            continue
        name = tip.split(" (state)")[0]
        circle = g.find(f"{SVG}circle")
        if circle is not None:
            found[name] = (float(circle.get("cx", "")), float(circle.get("cy", "")))
            continue
        cross = g.find(f"{SVG}path")
        assert cross is not None
        m = re.match(r"M([\d.]+) ([\d.]+)l([\d.]+)", cross.get("d", ""))
        assert m is not None
        r = float(m.group(3)) / 2
        found[f"{name} withdrew"] = (float(m.group(1)) + r, float(m.group(2)) + r)
    return found


def labels(root: ET.Element) -> list[Label]:
    """The 12 px labels, each with its box as the chart reckons it."""
    found = []
    for t in root.iter(f"{SVG}text"):
        if t.get("font-size") != "12" or not re.search(r"(st|nd|rd|th) country| withdrew \(|\(\d+", t.text or ""):
            continue
        width = text_width((t.text or "").replace("&", "&amp;"), LABEL_SIZE)
        x, baseline = float(t.get("x", "")), float(t.get("y", ""))
        x0 = x if t.get("text-anchor") == "start" else x - width
        found.append(Label(t.text or "", (x0, baseline - LABEL_SIZE * 0.75, x0 + width, baseline + LABEL_SIZE * 0.2)))
    return found


def leaders(root: ET.Element) -> list[tuple[Point, Point]]:
    return [
        ((float(ln.get("x1", "")), float(ln.get("y1", ""))), (float(ln.get("x2", "")), float(ln.get("y2", ""))))
        for ln in root.iter(f"{SVG}line")
        if ln.get("stroke-width") == "0.8"
    ]


def owner(label: str, points: dict[str, Point]) -> str:
    name = label.split(", ")[0] if " withdrew" not in label else label.split(" (")[0]
    return name if name in points else label.split(" (")[0]


def check(svg: str) -> dict[str, bool]:
    """Each label's leader (True: drawn), asserting that one is drawn exactly when the label is away."""
    root = ET.fromstring(svg)
    points, lines, drawn = marks(root), leaders(root), {}
    assert points
    for label in labels(root):
        own = points[owner(label.text, points)]
        others = [p for p in points.values() if p != own]
        away = gap(label.box, own) > NEAR or any(gap(label.box, p) < gap(label.box, own) for p in others)
        short = 2.01 * math.sqrt(2)  # a leader ends 2 px short of the text, each way
        mine = [end for start, end in lines if start == own and gap(label.box, end) <= short]
        assert away == bool(mine), (label, own, mine)
        drawn[label.text] = bool(mine)
    return drawn


def test_serbia_sits_by_its_own_point_not_above_nicaraguas(run: Run) -> None:
    result = run("chart", "--since", "2023", "--until", "2024")
    assert (result.code, result.stderr) == (0, "")
    root = ET.fromstring(result.stdout)
    points = marks(root)
    assert points["Serbia"] == (492.7, 217.0) and points["Nicaragua"] == (460.7, 237.0)
    serbia = next(label for label in labels(root) if label.text.startswith("Serbia"))
    assert serbia.text == "Serbia, 11th country (May 2024)"
    assert '<text x="485.7" y="210" font-size="12" fill="#1a1a1a" text-anchor="end">Serbia, 11th country' in (
        result.stdout
    )
    assert gap(serbia.box, points["Serbia"]) == pytest.approx(math.hypot(7, 4.6))  # beside its own point
    assert gap(serbia.box, points["Nicaragua"]) > 20  # Nicaragua's is well below it
    assert check(result.stdout) == dict.fromkeys(
        [f"{n}, {k} country" for n, k in (("Venezuela", "3rd"), ("South Africa", "4th"), ("Azerbaijan", "5th"))]
        + [f"{n}, {k} country" for n, k in (("Pakistan", "6th"), ("Belarus", "7th"), ("Egypt", "8th"))]
        + [f"{n}, {k} country" for n, k in (("Thailand", "9th"), ("Nicaragua", "10th"), ("Kazakhstan", "12th"))]
        + ["Serbia, 11th country (May 2024)", "Senegal, 13th country"],
        False,
    )


@pytest.mark.parametrize(
    "args", [(), ("--as-of", "2024-12-31"), ("--since", "2024"), ("--dark",), ("--country", "ve", "--country", "rs")]
)
def test_every_label_away_from_its_point_has_a_leader(run: Run, args: tuple[str, ...]) -> None:
    result = run("chart", *args)
    assert (result.code, result.stderr) == (0, "")
    check(result.stdout)


def test_a_label_pushed_away_by_withdrawals_gets_its_leader(run: Run, ledger_copy: Path) -> None:
    for who, date in (("egypt", "2025-06"), ("venezuela", "2025-07-01")):
        assert run("withdraw", who, "--date", date, "--ledger", str(ledger_copy)).code == 0
    before = ledger_copy.read_bytes()
    result = run("chart", "--ledger", str(ledger_copy), "--as-of", "2025-12-31")
    assert (result.code, result.stderr) == (0, "")  # every label placed
    drawn = check(result.stdout)
    assert drawn["Senegal, 13th country"] and drawn["Egypt withdrew (Jun 2025)"]
    assert drawn["Venezuela withdrew (1 Jul 2025)"]
    assert ledger_copy.read_bytes() == before
