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


@pytest.mark.parametrize("dark", [False, True])
def test_compare_map_fills_are_told_apart_each_from_every_other(run: Run, dark: bool) -> None:
    """The compare map's "ILRS only", "Artemis Accords only" and "in both" differed by hue alone (light: blue #0072b2,
    vermillion #d55e00, green #009e73: 1.1 to 1.5:1 apart; dark the same), each level's pattern the same in every colour,
    and the light theme's solid green 2.7:1 from a country in neither: the plain map's rule holds here too."""
    t = DARK if dark else LIGHT
    result = run("map", "--compare", "--as-of", "2026-11-21", *(["--dark"] if dark else []))
    assert result.code == 0, result.stderr
    root = parse(result.stdout)
    fills = legend(root)
    assert {label.split(";")[0].split(":")[0] for label in fills} == {"In both", "ILRS only", "Artemis Accords only"}
    assert len(fills) == 7  # the map of 21 Nov 2026 has every category
    fills["in neither"] = Fill(t.none)
    for (a, fa), (b, fb) in itertools.combinations(fills.items(), 2):
        assert told_apart(fa, fb), (a, fa, b, fb)
    # each programme keeps its colour: the patterns lie over it
    assert fills["ILRS only: a member state"] == Fill(t.member)
    assert fills["Artemis Accords only"].ground == t.beside
    assert fills["In both; a member state of the ILRS"].ground == t.both
    # the legend's swatches are the countries' own fills
    shapes = {p.get("id"): p.get("fill") for p in root.iter(f"{SVG}path")}
    for code, label in (
        ("RU", "ILRS only: a member state"),
        ("FR", "Artemis Accords only"),
        ("TH", "In both; a member state of the ILRS"),
        ("US", "In both; in the ILRS through an institution, company or organisation"),
    ):
        assert read_fill(shapes[f"cmp-{code}"] or "", root) == fills[label], code
    assert shapes["cmp-MN"] == t.none


def line_colours(root: ET.Element) -> dict[str, str]:
    """A chart's legend: each line's label and its colour (a line's symbol, then its label, in document order)."""
    found = {}
    elements = list(root.iter())
    for n, element in enumerate(elements):
        if element.tag == f"{SVG}path" and element.get("d") == "M0 0H16":
            label = next(e for e in elements[n:] if e.tag == f"{SVG}text")
            found["".join(label.itertext())] = element.get("stroke") or ""
    return found


@pytest.mark.parametrize("dark", [False, True])
def test_each_programme_keeps_its_colour_in_every_picture(run: Run, dark: bool) -> None:
    """The compare chart drew the ILRS in orange (the plain chart's all-members colour) and the Accords in the ILRS's
    blue; the compare map drew the ILRS alone in vermillion and, in the dark theme, the Accords in the ILRS's blue."""
    t = DARK if dark else LIGHT
    theme = ["--dark"] if dark else []
    chart = line_colours(parse(run("chart", "--as-of", "2026-11-21", *theme).stdout))
    ilrs = chart["Member states"]
    assert ilrs == t.states == t.member
    compared = line_colours(parse(run("chart", "--compare", "--as-of", "2026-11-21", *theme).stdout))
    assert compared == {"ILRS: member states": ilrs, "Artemis Accords: signatory states": t.beside}
    assert t.beside not in (ilrs, t.both)
    world = parse(run("map", "--compare", "--as-of", "2026-11-21", *theme).stdout)
    shapes = {p.get("id"): p.get("fill") for p in world.iter(f"{SVG}path")}
    assert shapes["cmp-RU"] == ilrs  # ILRS only, a member state
    fills = legend(world)
    assert read_fill(shapes["cmp-FR"] or "", world).ground == t.beside  # Accords only (dotted)
    assert read_fill(shapes["cmp-TH"] or "", world).ground == t.both
    assert fills["ILRS only: a member state"] == Fill(ilrs)
    assert fills["ILRS only: through an institution, company or organisation"].ground == ilrs
    assert fills["Artemis Accords only"].ground == t.beside
    for a, b in itertools.combinations((t.member, t.beside, t.both), 2):
        assert contrast(a, t.background) >= 3 or contrast(b, t.background) >= 3
        assert a != b


def test_the_compare_chart_marks_a_month_only_joining_as_the_chart_does(run: Run) -> None:
    """Serbia joined the ILRS in May 2024 (no day known) and is in both: the compare chart drew a filled diamond on
    31 May, as if the day were known; the plain chart draws a hollow mark with a bar over the month."""
    root = parse(run("chart", "--compare", "--as-of", "2026-11-21").stdout)
    marks = [g for g in root.iter(f"{SVG}g") if (g.findtext(f"{SVG}title") or "").startswith("Serbia (state): ")]
    assert len(marks) == 2  # in each programme
    ilrs = next(g for g in marks if "joined May 2024" in (g.findtext(f"{SVG}title") or ""))
    bar, diamond = ilrs.find(f"{SVG}rect"), ilrs.find(f"{SVG}path")
    assert bar is not None and diamond is not None
    assert 5 < float(bar.get("width") or 0) < 10  # May 2024, a month on an axis of seven years at 632 px
    assert bar.get("fill") == LIGHT.states and bar.get("fill-opacity") == "0.35"  # as the plain chart's bar
    assert (diamond.get("fill"), diamond.get("stroke")) == (LIGHT.background, LIGHT.states)  # hollow: no day claimed
    assert (diamond.get("d") or "").endswith("l6 6l-6 6l-6 -6z")
    accords = next(g for g in marks if g is not ilrs)
    assert accords.find(f"{SVG}rect") is None  # 16 Jul 2026: a day
    solid = accords.find(f"{SVG}path")
    assert solid is not None and (solid.get("fill"), solid.get("stroke")) == (LIGHT.beside, LIGHT.text)
    lines = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "date known only to the month or year (bar: the period)" in lines
    assert "Serbia (May 2024)" in lines
    plain = parse(run("chart", "--as-of", "2026-11-21").stdout)
    legend_symbols = [g for g in plain.iter(f"{SVG}g") if (g.get("transform") or "").startswith("translate(")]
    compare_symbols = [g for g in root.iter(f"{SVG}g") if (g.get("transform") or "").startswith("translate(")]
    partial = [ET.tostring(g[0]) for g in legend_symbols if g.find(f"{SVG}rect") is not None]
    assert partial and partial == [ET.tostring(g[0]) for g in compare_symbols if g.find(f"{SVG}rect") is not None]


@pytest.mark.parametrize("args", [("chart",), ("map",), ("chart", "--compare"), ("map", "--compare")])
def test_no_picture_text_is_under_12_of_its_700_units(run: Run, args: tuple[str, ...]) -> None:
    """The map's badge numerals were 11 units (5.9 px when the SVG is shown 375 px wide): every text is at least 12
    units, 6.4 px there. (Why not 9 px there: beside svg.WIDTH.)"""
    root = parse(run(*args, "--as-of", "2026-11-21").stdout)
    assert (root.get("viewBox") or "").split()[2] == "700"
    assert min(float(t.get("font-size") or 0) for t in root.iter(f"{SVG}text")) == 12
