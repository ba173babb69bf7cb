"""What a reader needs to tell a picture's marks apart: fills 3:1 apart or patterned, one colour per programme."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import Run
from ilrs_cli.output.pictures.svg import DARK, LIGHT, contrast

SVG = "{http://www.w3.org/2000/svg}"
SOURCE = ("--source", "https://e.org")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


class Fill(NamedTuple):
    """A fill as a reader sees it: its ground colour, and the pattern's marks over it (if any)."""

    ground: str
    ink: str = ""  # the colour of the pattern's lines or dots
    shape: str = ""  # the pattern's marks, as drawn (its path, or "dots")


def read_fill(value: str, root: ET.Element) -> Fill:
    """A solid ``#rrggbb``, or a ``url(#id)`` read from the <pattern> it names."""
    if not value.startswith("url(#"):
        return Fill(value)
    pattern = next(p for p in root.iter(f"{SVG}pattern") if p.get("id") == value[5:-1])
    ground, marks = list(pattern)
    ink = marks.get("stroke") or marks.get("fill") or ""
    return Fill(ground.get("fill") or "", ink, marks.get("d") or "dots")


def told_apart(a: Fill, b: Fill) -> bool:
    """Two fills a reader can tell apart in any colour vision or in greyscale: their grounds are 3:1 apart
    (WCAG 1.4.11, graphics), or their patterns differ and each pattern's marks are 3:1 on their own ground."""
    if contrast(a.ground, b.ground) >= 3:
        return True
    visible = all(contrast(f.ink, f.ground) >= 3 for f in (a, b) if f.shape)
    return a.shape != b.shape and visible


def legend(root: ET.Element) -> dict[str, Fill]:
    """The map's legend: each entry's label (without its count) and its swatch's fill."""
    found = {}
    elements = list(root.iter())
    for n, element in enumerate(elements):
        if element.tag == f"{SVG}rect" and element.get("width") == "16" and element.get("height") == "14":
            label = "".join(elements[n + 1].itertext()).rsplit(" (", 1)[0]
            found[label] = read_fill(element.get("fill") or "", root)
    return found


@pytest.fixture
def every_status(run: Run, ledger_copy: Path) -> Path:
    """The bundled ledger with an applicant state and a withdrawn one: a map with every category."""
    ledger = ["--ledger", str(ledger_copy)]
    for name, country in (("Moonland", "NO"), ("Sunland", "SE")):
        status = ["--status", "applicant"] if name == "Moonland" else []
        added = run(
            "add", name, "--kind", "state", "--country", country, "--signed", "2023-03", *status, *SOURCE, *ledger
        )
        assert added.code == 0, added.stderr
    assert run("withdraw", "sunland", "--date", "2024-06", *ledger).code == 0
    return ledger_copy


@pytest.mark.parametrize("dark", [False, True])
def test_map_fills_are_told_apart_each_from_every_other(run: Run, every_status: Path, dark: bool) -> None:
    """The "institutions only" fill was a light tint 1.3:1 from a country with no participant (light #9fcbe8 on #e3e3e3;
    dark #2f5f80 on #3a4048, 1.5:1), and the light theme's claimed hatch was white on orange, 2.25:1."""
    t = DARK if dark else LIGHT
    result = run("map", "--ledger", str(every_status), *(["--dark"] if dark else []))
    assert result.code == 0, result.stderr
    root = parse(result.stdout)
    fills = legend(root)
    assert set(fills) == {
        "Member state",
        "Institutions or companies only",
        "Claimed (no instrument found)",
        "Applicant",
        "Disputed",
        "Withdrawn",
    }
    fills["no participant"] = Fill(t.none)
    for (a, fa), (b, fb) in itertools.combinations(fills.items(), 2):
        assert told_apart(fa, fb), (a, fa, b, fb)
    # the numbers behind it: a member's blue is 3:1 from the "institutions only" ground and from no participant
    only = fills["Institutions or companies only"]
    assert only.ink == t.member and contrast(only.ground, t.member) >= 3.4
    assert contrast(t.none, t.member) >= 3.9
    # the legend's swatches are the countries' own fills
    shapes = {p.get("id"): p.get("fill") for p in root.iter(f"{SVG}path")}
    for code, label in (("US", "Institutions or companies only"), ("BR", "Claimed (no instrument found)")):
        assert read_fill(shapes[f"map-{code}"] or "", root) == fills[label], code
    assert read_fill(shapes["map-NO"] or "", root) == fills["Applicant"]
    assert read_fill(shapes["map-SE"] or "", root) == fills["Withdrawn"]
    assert shapes["map-FI"] == t.none
