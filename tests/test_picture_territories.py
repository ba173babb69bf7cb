"""Territories with codes of their own on both maps: drawn with their state where the state itself takes part."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import Run
from ilrs_cli.core.countries import country_name, sovereign
from ilrs_cli.output.pictures.svg import LIGHT
from ilrs_cli.store import geometry

SVG = "{http://www.w3.org/2000/svg}"
TODAY = {"SOURCE_DATE_EPOCH": "1795219200"}  # 21 Nov 2026: undated claims count only today
ACCORDS = "url(#cmp-b)"  # the compare map's "Artemis Accords only": vermillion, dotted


def shapes(svg: str, prefix: str) -> dict[str, ET.Element]:
    """Each country's shape by code (its path; a small territory's dot where it has no path)."""
    found: dict[str, ET.Element] = {}
    for element in ET.fromstring(svg.encode("utf-8")).iter():
        ident = element.get("id") or ""
        if element.tag in (f"{SVG}path", f"{SVG}circle") and ident.startswith(prefix):
            found.setdefault(ident[len(prefix) :].removesuffix("-dot"), element)
    return found


def tip(element: ET.Element) -> str:
    return element.findtext(f"{SVG}title") or ""


def texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg.encode("utf-8")).iter(f"{SVG}text")]


def test_the_compare_map_draws_every_territory_with_its_state(run: Run) -> None:
    """French Guiana, Réunion, Greenland and Puerto Rico stayed grey beside a coloured France, Denmark, US."""
    result = run("map", "--compare", env=TODAY)
    assert result.code == 0, result.stderr
    drawn = shapes(result.stdout, "cmp-")
    territories = [code for code in drawn if sovereign(code) is not None]
    assert {"GF", "RE", "GL", "PR", "HK", "MO", "AW", "GU"} <= set(territories)
    for code in territories:  # each state listed is itself an Accords signatory or an ILRS member state
        state = str(sovereign(code))
        expected = ACCORDS if state == "US" else drawn[state].get("fill")  # the US is in the ILRS through ILOA
        assert drawn[code].get("fill") == expected, code
    assert drawn["GF"].get("fill") == ACCORDS
    assert tip(drawn["GF"]) == "French Guiana (France: Artemis Accords: signatory since 7 Jun 2022 (20th))"
    assert tip(drawn["GL"]) == "Greenland (Denmark: Artemis Accords: signatory since 13 Nov 2024 (48th))"
    assert tip(drawn["HK"]) == "Hong Kong (China: ILRS: member state since 9 Mar 2021)"
    # the US is in the ILRS only through an institution in Hawaii: Puerto Rico takes the state's standing alone
    assert tip(drawn["PR"]) == "Puerto Rico (United States: Artemis Accords: signatory since 13 Oct 2020)"
    assert drawn["US"].get("fill") == "url(#cmp-both-nonstate)" and drawn["PR"].get("fill") == ACCORDS
    # claimed as a whole by another state: no side taken
    assert {"FK", "TW", "EH"} <= set(drawn)
    for code in ("FK", "GS", "GI", "IO", "YT", "TW", "EH"):
        assert sovereign(code) is None, code
        assert code not in drawn or drawn[code].get("fill") == LIGHT.none, code  # a small one has no dot at all
    assert "Artemis Accords only (54)" in texts(result.stdout)  # countries, not shapes: counted once


def test_the_plain_map_draws_a_territory_by_the_same_rule(run: Run) -> None:
    result = run("map", env=TODAY)
    drawn = shapes(result.stdout, "map-")
    for code in ("HK", "MO"):
        assert drawn[code].get("fill") == drawn["CN"].get("fill") == LIGHT.member, code
    assert tip(drawn["HK"]) == "Hong Kong (China: member state since 9 Mar 2021)"
    assert drawn["TW"].get("fill") == LIGHT.none
    # an institution stands for where it is based: ILOA (Hawaii) colours the US, not Puerto Rico or Guam
    assert drawn["US"].get("fill") == "url(#map-p-nonstate)"
    assert drawn["PR"].get("fill") == drawn["GU"].get("fill") == LIGHT.none
    assert tip(drawn["PR"]) == "Puerto Rico: no participant"
    assert "Member state (13)" in texts(result.stdout)


def test_a_participant_based_in_a_territory_keeps_its_badge_there(run: Run, ledger_copy: Path) -> None:
    for name, code in (("Guiana Space Lab", "GF"), ("Hong Kong Lunar Lab", "HK")):
        args = ["--kind", "institution", "--country", code, "--signed", "2024-02-03", "--source", "https://e.org"]
        assert run("add", name, *args, "--ledger", str(ledger_copy)).code == 0
    result = run("map", "--ledger", str(ledger_copy), env=TODAY)
    assert result.code == 0, result.stderr
    drawn = shapes(result.stdout, "map-")
    assert drawn["GF"].get("fill") == "url(#map-p-nonstate)"  # France is not in the ILRS: its own record
    assert tip(drawn["GF"]) == "French Guiana: 1 other participant: Guiana Space Lab (institution, member)"
    assert drawn["HK"].get("fill") == LIGHT.member  # China is: its standing, and the lab's beside it
    assert tip(drawn["HK"]) == (
        "Hong Kong (China: member state since 9 Mar 2021); "
        "Hong Kong: 1 other participant: Hong Kong Lunar Lab (institution, member)"
    )
    root = ET.fromstring(result.stdout.encode("utf-8"))
    badges = [tip(g) for g in root.iter(f"{SVG}g") if g.find(f"{SVG}circle") is not None]
    assert any(t.startswith("Hong Kong: 1 other participant") for t in badges)
    assert any(t.startswith("French Guiana: 1 other participant") for t in badges)
    lines = texts(result.stdout)
    assert "Member state (13)" in lines  # Hong Kong is drawn as China, not counted again
    assert "Institutions or companies only (10)" in lines  # French Guiana's own record: one more than the 9


def test_the_maps_name_a_country_as_ilrs_does_everywhere_else(run: Run) -> None:
    """The tooltips named countries by the world map package's ISO names: "Taiwan, Province of China" where
    ilrs's own table (and a newsroom's style) says "Taiwan", "United States of America" beside the compare map's
    "United States". A code ilrs's table lacks keeps the package's name (XK: Kosovo)."""
    assert geometry.country_names()["TW"] == country_name("TW") == "Taiwan"
    assert geometry.country_names()["XK"] == "Kosovo" and country_name("XK") == "XK"
    plain = shapes(run("map", env=TODAY).stdout, "map-")
    assert tip(plain["TW"]) == "Taiwan: no participant"
    assert tip(plain["XK"]) == "Kosovo: no participant"
    assert tip(plain["US"]).startswith("United States: 1 other participant: ")
    compared = shapes(run("map", "--compare", env=TODAY).stdout, "cmp-")
    assert tip(compared["TW"]) == "Taiwan: in neither the ILRS nor the Artemis Accords"
