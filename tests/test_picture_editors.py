"""Newsroom editors' findings on chart, map and report: what a reader sees, asserted as text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import Run

SVG = "{http://www.w3.org/2000/svg}"


def subtitle(svg: str) -> str:
    """The picture's subtitle: the (muted, 14 px) lines after the title, joined."""
    root = ET.fromstring(svg.encode("utf-8"))
    lines = ["".join(t.itertext()) for t in root.iter(f"{SVG}text") if t.get("font-size") == "14"]
    return " ".join(lines)


def test_subtitles_and_report_state_the_window(run: Run) -> None:
    window = ("--since", "2023", "--until", "2024")
    chart = run("chart", *window)
    assert chart.code == 0
    assert subtitle(chart.stdout) == (
        "Members over time, cumulative, 1 Jan 2023 – 31 Dec 2024; as of 31 Dec 2024: 13 states, 38 in all"
    )
    assert subtitle(run("chart", "--since", "2023").stdout).startswith(
        "Members over time, cumulative, from 1 Jan 2023; as of "
    )
    assert subtitle(run("chart").stdout).startswith("Members over time, cumulative, as of ")
    map_ = run("map", *window)
    assert map_.code == 0
    assert subtitle(map_.stdout).startswith("Joined 1 Jan 2023 – 31 Dec 2024; as of 31 Dec 2024: 11 member states")
    assert subtitle(run("map", "--until", "2024").stdout).startswith("Joined up to 31 Dec 2024; as of 31 Dec 2024: ")
    report = run("report", *window)
    assert report.code == 0
    assert '<p class="asof">Joined 1 Jan 2023 – 31 Dec 2024; as of 31 Dec 2024. 37 participants;' in report.stdout
    # the chart counts from the beginning, the map only the window: the report says why they differ
    assert (
        "<figcaption>The chart counts every member up to 31 Dec 2024, those that joined before the window "
        "included: 13 member states.</figcaption>" in report.stdout
    )
    assert (
        "<figcaption>The map shows only the participants that joined 1 Jan 2023 – 31 Dec 2024: "
        "11 member states among them.</figcaption>" in report.stdout
    )
    plain = run("report").stdout
    assert "<figcaption>" not in plain and re.search(r'<p class="asof">As of [^<]*\. 49 participants;', plain)


def test_map_subtitle_counts_what_it_draws_as_stats_counts(run: Run) -> None:
    stats = dict(line.split("\t", 1) for line in run("stats").stdout.splitlines())
    got = subtitle(run("map").stdout)
    others = sum(int(stats[f"by_kind.{k}.member"]) for k in ("organization", "institution", "company"))
    assert got.endswith(
        f": {stats['by_kind.state.member']} member states and {others} other members; "
        f"claimed: {stats['by_kind.state.claimed']} states, {stats['by_kind.company.claimed']} company; "
        f"disputed: {stats['by_kind.state.disputed']} states"
    ), got
    assert got.endswith(": 13 member states and 25 other members; claimed: 8 states, 1 company; disputed: 2 states")
    assert subtitle(run("map", "--as-of", "2023-06-30").stdout) == (
        "As of 30 Jun 2023: 2 member states and 1 other member; claimed: 1 state; disputed: 1 state"
    )
    assert subtitle(run("map", "--status", "member").stdout).endswith(": 13 member states and 25 other members")


def test_no_code_or_placeholder_reaches_readers(run: Run) -> None:
    report = run("report")
    assert report.code == 0
    html = report.stdout
    for placeholder in ("with n/a", "with unknown", "with NA<", "(artemis-accords)"):
        assert placeholder not in html, placeholder
    assert '<h3 id="p-algeria">Algeria</h3>' in html
    algeria = html[html.index('<h3 id="p-algeria">') :]
    assert "<strong>1. Claimed; no instrument found</strong>" in algeria[: algeria.index("</h3>", 30)]
    assert "<strong>1. Disputed; no instrument found</strong>" in html  # Türkiye: sources disagree, none known
    assert '<tr><td><a href="#p-china">China</a></td><td>State</td><td>CN</td><td>Member</td>' in html
    assert "<dt>kind</dt><dd>Institution</dd>" in html and "<dt>status</dt><dd>Claimed</dd>" in html
    compare_map = run("map", "--compare").stdout
    assert "<title>Kosovo: in neither the ILRS nor the Artemis Accords</title>" in compare_map
    assert ": in neither</title>" not in compare_map
    accords = run("chart", "--programme", "artemis-accords").stdout
    assert "Source: the ilrs Artemis Accords ledger; 67 instruments" in accords
    compared = run("report", "--compare").stdout
    assert "Beside it: the ilrs Artemis Accords ledger; 67 instruments, 152 sources." in compared
    assert "<tr><td>Thailand</td><td>State</td>" in compared


def test_chart_of_some_kinds_says_which_and_draws_no_line_for_the_others(run: Run) -> None:
    result = run("chart", "--kind", "organization")
    assert result.code == 0
    root = ET.fromstring(result.stdout.encode("utf-8"))
    lines = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert root.findtext(f"{SVG}title") == "Who has joined the International Lunar Research Station: organisations"
    assert lines.count("Organisations") == 2  # the legend and the panel
    assert not any(line.startswith("All members") or line == "Member states" for line in lines)
    assert 'stroke-width="1.5"' not in result.stdout  # no states' line at zero
    assert subtitle(result.stdout).endswith(": 2 in all")
    both = run("chart", "--kind", "state", "--kind", "company").stdout
    assert ">Who has joined the International Lunar Research Station: states and companies</title>" in both
    assert ">States and companies</text>" in both and ">All members" not in both
    every = run("chart").stdout
    assert ">All members: states, organisations, institutions, companies</text>" in every


def test_an_output_name_the_command_cannot_write_is_refused(run: Run, tmp_path: Path) -> None:
    for command, name, supported in (
        ("chart", "x.jpg", ".svg or .png"),
        ("map", "x.jpg", ".svg or .png"),
        ("chart", "x", ".svg or .png"),
        ("report", "x.svg", ".html or .htm"),
    ):
        out = tmp_path / name
        result = run(command, "-o", str(out))
        found = f"extension '{out.suffix}'" if out.suffix else "no extension"
        assert result.code == 2, (command, name)
        assert result.stdout == ""
        assert result.stderr.splitlines()[0] == (
            f"ilrs: error: --output {out}: {found}; this command writes {supported} files"
        )
        assert not out.exists()
    assert run("chart", "-o", str(tmp_path / "x.jpg")).stderr.splitlines()[1] == (
        "hint: or say the format: --format svg or --format png"
    )
    # --format says the format: the name is the user's to choose
    named = tmp_path / "x.jpg"
    assert run("chart", "-o", str(named), "--format", "png").code == 0
    assert named.read_bytes().startswith(b"\x89PNG")
    upper = tmp_path / "M.SVG"
    assert run("map", "-o", str(upper)).code == 0 and upper.read_bytes().startswith(b"<?xml")
    assert run("report", "-o", str(tmp_path / "r.html")).code == 0


def test_compare_chart_says_what_it_counts_in_both(run: Run) -> None:
    result = run("chart", "--compare")
    assert result.code == 0
    assert subtitle(result.stdout).endswith(": ILRS 13, Artemis Accords 67; 3 member states in both")
    assert "; 3 in both" not in result.stdout
