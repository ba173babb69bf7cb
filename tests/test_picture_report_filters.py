"""`ilrs report --search/--id`: list's filters, through list's code (README: "list's filters")."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

from conftest import Run

AS_OF = "2026-11-21"


def rows(html: str) -> list[str]:
    """The participants' table: each row's first cell, as a reader sees it."""
    table = html.split("<h2>Participants</h2>", 1)[1].split("</table>", 1)[0]
    return [html_lib.unescape(x) for x in re.findall(r"<tr><td><a href=\"#p-[^\"]+\">([^<]*)</a>", table)]


def svg_texts(html: str, n: int) -> list[str]:
    svg = re.findall(r"<svg.*?</svg>", html, flags=re.S)[n]
    return [re.sub(r"<[^>]+>", "", x) for x in re.findall(r"<text[^>]*>.*?</text>", svg)]


def test_report_search_keeps_only_those_list_finds_in_table_chart_and_map(run: Run) -> None:
    listed = run("list", "--all", "--search", "Pakistan", "--fields", "name", "--no-headers", "--as-of", AS_OF)
    assert listed.stdout == "Pakistan\n"
    result = run("report", "--search", "Pakistan", "--as-of", AS_OF)
    assert (result.code, result.stderr) == (0, "")
    html = result.stdout
    assert (
        '<p class="asof">As of 21 Nov 2026. 1 participant; Source: ilrs ledger; 2 instruments, 6 sources.</p>' in html
    )
    assert rows(html) == ["Pakistan"]
    chart, world = svg_texts(html, 0), svg_texts(html, 1)
    assert "Members over time, cumulative, as of 21 Nov 2026: 1 state" in chart
    assert "Pakistan (1)" in chart  # no "6th country": the ordinal counts the whole ledger, not this selection
    assert not [t for t in chart if " country" in t]
    assert "As of 21 Nov 2026: 1 member state" in world
    assert "Member state (1)" in world


def test_report_id_names_as_list_does_and_is_repeatable(run: Run) -> None:
    listed = run("list", "--all", "--id", "pak", "--id", "ILOA", "--fields", "name", "--no-headers")
    assert (listed.code, listed.stdout) == (0, "Pakistan\nInternational Lunar Observatory Association (ILOA Hawai'i)\n")
    result = run("report", "--id", "pak", "--id", "ILOA", "--as-of", AS_OF)
    assert (result.code, result.stderr) == (0, "")
    assert rows(result.stdout) == ["Pakistan", "International Lunar Observatory Association (ILOA Hawai'i)"]
    assert "2 participants;" in result.stdout


def test_report_id_naming_nobody_is_list_error_and_writes_nothing(run: Run, ledger_copy: Path, tmp_path: Path) -> None:
    before = ledger_copy.read_bytes()
    out = tmp_path / "r.html"
    listed = run("list", "--ledger", str(ledger_copy), "--id", "nobody-at-all")
    result = run("report", "--ledger", str(ledger_copy), "--id", "nobody-at-all", "-o", str(out))
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == listed.stderr
    assert result.stderr.startswith("ilrs: error: --id: no participant with id or name 'nobody-at-all'\n")
    assert not out.exists()
    assert ledger_copy.read_bytes() == before


def test_report_empty_search_is_refused_as_list_refuses_it(run: Run) -> None:
    result = run("report", "--search", " ")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == "ilrs: error: --search: give some text to look for\n"
    assert result.stderr == run("list", "--search", " ").stderr
