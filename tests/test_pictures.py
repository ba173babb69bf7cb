"""chart, map and report: what they say, how they are written, and that a person can read them."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import BUNDLED, Run
from ilrs_cli.core import picture_facts
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Kind, Participant, Status
from ilrs_cli.core.query import Filters, select
from ilrs_cli.core.text import escape_html
from ilrs_cli.output.pictures.svg import DARK, LIGHT, contrast
from ilrs_cli.store.ledger import load
from ilrs_cli.store.location import Location

SVG = "{http://www.w3.org/2000/svg}"
LEDGER = load(Location(BUNDLED, "test")).ledger
AS_OF = "2024-12-31"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def text_of(root: ET.Element, tag: str) -> str:
    """The text of the first SVG ``tag`` below ``root``, which must be there."""
    text = root.findtext(f"{SVG}{tag}")
    assert text is not None, tag
    return text


def attr(element: ET.Element | None, name: str) -> str:
    """The value of attribute ``name`` of ``element``; both must be there."""
    assert element is not None
    value = element.get(name)
    assert value is not None, name
    return value


def members_at(day: str) -> list[Participant]:
    return select(LEDGER, Filters(as_of=PartialDate.parse(day)))


def credit_for(participants: list[Participant]) -> str:
    instruments, sources = picture_facts.instruments_and_sources(participants)
    return f"Source: ilrs ledger; {instruments} instruments, {sources} sources."


# -- chart ---------------------------------------------------------------------------------------


def test_chart_has_title_date_credit_and_every_state_labelled_in_order(run: Run) -> None:
    result = run("chart", "--as-of", AS_OF)
    assert result.code == 0, result.stderr
    assert result.stderr == ""
    root = parse(result.stdout)
    assert root.findtext(f"{SVG}title") == "Who has joined the International Lunar Research Station"
    assert text_of(root, "desc").startswith("Step chart of members over time as of 31 Dec 2024")
    lines = texts(root)
    members = members_at(AS_OF)
    states_in = sum(p.kind is Kind.STATE for p in members)
    assert f"Members over time, cumulative, as of 31 Dec 2024: {states_in} states, {len(members)} in all" in lines
    assert credit_for(members_at(AS_OF)) in lines
    states = [p for p in members_at(AS_OF) if p.kind is Kind.STATE]
    expected = [f"{p.name}, {picture_facts.ordinal(n)} country" for n, p in enumerate(states, 1)]
    expected[10] += " (May 2024)"  # Serbia: known only to the month
    assert sorted(line for line in lines if " country" in line) == sorted(expected)
    assert expected[8] == "Thailand, 9th country"


def test_chart_counts_are_the_list_counts_at_every_step() -> None:
    series = picture_facts.series(LEDGER, dt.date(2026, 1, 1))
    assert series.steps, "the bundled ledger has joinings"
    last_of_day = {step.day: step for step in series.steps}  # several can join on one day
    for step in last_of_day.values():
        at = members_at(step.day.isoformat())
        assert step.total == len(at), step
        assert step.states == sum(p.kind is Kind.STATE for p in at), step


def test_a_partial_date_is_a_bar_over_its_period_never_a_day(run: Run) -> None:
    result = run("chart", "--as-of", AS_OF, "--kind", "state")
    root = parse(result.stdout)
    serbia = next(s for s in picture_facts.series(LEDGER, dt.date(2024, 12, 31)).steps if s.participant.id == "serbia")
    assert serbia.day == dt.date(2024, 5, 31)  # counted from the end of May, as `list --as-of` counts it
    groups = [g for g in root.iter(f"{SVG}g") if (g.findtext(f"{SVG}title") or "").startswith("Serbia")]
    assert len(groups) == 1
    bar, mark = groups[0].find(f"{SVG}rect"), groups[0].find(f"{SVG}circle")
    assert float(attr(bar, "width")) > 5  # a month wide, not a point
    assert attr(mark, "fill") == LIGHT.background  # hollow: no day is claimed
    assert "date known only to the month or year (bar: the period)" in texts(root)


def test_chart_window_kind_and_status_options(run: Run) -> None:
    result = run("chart", "--since", "2023-10", "--until", "2023-10", "--kind", "state")
    assert result.code == 0, result.stderr
    lines = texts(parse(result.stdout))
    labels = [line for line in lines if line.endswith(" country")]
    assert labels == ["Azerbaijan, 5th country", "Pakistan, 6th country", "Belarus, 7th country"]
    assert "All members" not in lines
    disputed = run("chart", "--status", "disputed")
    assert disputed.code == 0
    assert "United Arab Emirates (1)" in texts(parse(disputed.stdout))


def test_chart_refuses_a_window_that_ends_before_it_starts(run: Run) -> None:
    result = run("chart", "--since", "2024", "--until", "2023")
    assert result.code == 2
    assert result.stderr == "ilrs: error: --until 2023 is before --since 2024\n"


# -- map -----------------------------------------------------------------------------------------


def test_map_shows_every_state_with_its_status_and_the_others_counted(run: Run) -> None:
    result = run("map", env={"SOURCE_DATE_EPOCH": "1795219200"})  # 21 Nov 2026
    assert result.code == 0, result.stderr
    root = parse(result.stdout)
    assert root.findtext(f"{SVG}title") == "Participants in the International Lunar Research Station"
    lines = texts(root)
    everyone = select(LEDGER, Filters(statuses=()))
    member_states = [p for p in everyone if p.kind is Kind.STATE and p.status is Status.MEMBER]
    others = [p for p in everyone if p.kind is not Kind.STATE]
    other_members = sum(p.status is Status.MEMBER for p in others)
    assert (
        f"As of 21 Nov 2026: {len(member_states)} member states and {other_members} other members; claimed: 8 states, 1 company;"
        in lines
    )
    assert credit_for(everyone) in lines
    paths = {p.get("id"): p for p in root.iter(f"{SVG}path") if (p.get("id") or "").startswith("map-")}
    for state in (p for p in everyone if p.kind is Kind.STATE):
        shape = paths[f"map-{state.country}"]
        tip = text_of(shape, "title")
        assert tip.startswith(f"{state.name}: "), tip
        if state.status is Status.MEMBER:
            assert shape.get("fill") == LIGHT.member
            assert state.joined is not None  # a member has joined
            assert f"member state since {state.joined.display()}" in tip
        else:
            assert shape.get("fill") == f"url(#map-p-{state.status.value})", state.id
    assert paths["map-US"].findtext(f"{SVG}title") == (
        "United States: 1 other participant: International Lunar Observatory Association (ILOA Hawai'i) "
        "(institution, member)"
    )
    assert paths["map-FR"].findtext(f"{SVG}title") == "France: no participant"
    badges = [
        g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}circle") is not None and g.find(f"{SVG}text") is not None
    ]
    assert sum(int(text_of(g, "text")) for g in badges) == sum(1 for p in others if p.country)
    assert any(line.startswith("Not on the map (no home country): Asia-Pacific Space Cooperation") for line in lines)


def test_map_as_of_a_date_leaves_out_undated_claims(run: Run) -> None:
    result = run("map", "--as-of", "2024-04-05", "--status", "member")
    root = parse(result.stdout)
    at = members_at("2024-04-05")
    states_in = sum(p.kind is Kind.STATE for p in at)
    assert states_in == 9  # Thailand, the 9th
    assert f"As of 5 Apr 2024: 9 member states and {len(at) - states_in} other members" in texts(root)
    paths = {p.get("id"): p for p in root.iter(f"{SVG}path")}
    assert paths["map-AR"].get("fill") == LIGHT.none  # claimed in 2025, with no date: not in April 2024
    assert paths["map-RS"].get("fill") == LIGHT.none  # Serbia, May 2024: not yet


def test_map_names_on_stderr_a_country_it_has_no_shape_for(run: Run, ledger_copy: Path) -> None:
    assert (
        run(
            "add",
            "Lunar Antarctic Base",
            *["--kind", "institution", "--country", "AQ", "--signed", "2024", "--source", "https://e.org"],
            "--ledger",
            str(ledger_copy),
        ).code
        == 0
    )
    result = run("map", "--ledger", str(ledger_copy))
    assert result.code == 0
    assert result.stderr == "map: the map has no shape for 1 country of the ledger: Antarctica (AQ)\n"
    assert "Not on the map, no shape for: Antarctica (AQ)." in texts(parse(result.stdout))


# -- for all pictures ----------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["chart", "map"])
@pytest.mark.parametrize("dark", [False, True])
def test_every_text_has_wcag_aa_contrast(run: Run, command: str, dark: bool) -> None:
    result = run(command, *(["--dark"] if dark else []))
    root = parse(result.stdout)
    background = attr(root.find(f"{SVG}rect"), "fill")
    assert background == (DARK if dark else LIGHT).background
    fills = {t.get("fill") for t in root.iter(f"{SVG}text")}
    for tspan in root.iter(f"{SVG}tspan"):
        fills.add(tspan.get("fill"))
    for fill in fills:
        assert fill is not None  # every text says its colour
        assert contrast(fill, background) >= 4.5, (fill, background)


@pytest.mark.parametrize("command", ["chart", "map"])
def test_pictures_fetch_nothing_and_use_system_fonts(run: Run, command: str) -> None:
    svg = run(command).stdout
    assert "http" not in re.sub(r'xmlns="http://www.w3.org/2000/svg"', "", svg)
    assert "@import" not in svg and "<script" not in svg
    root = parse(svg)
    assert attr(root, "font-family").startswith("system-ui")
    assert attr(root, "viewBox").startswith("0 0 700 ") and root.get("width") == "100%"


def test_stored_text_is_escaped_in_pictures_and_report(run: Run, ledger_copy: Path) -> None:
    name = 'Moon <b>&</b> "Co"'
    assert (
        run(
            "add",
            name,
            *["--kind", "company", "--country", "CH", "--signed", "2024-02-03", "--source", "https://e.org/?a=1&b=<2>"],
            "--ledger",
            str(ledger_copy),
        ).code
        == 0
    )
    for command in ("chart", "map", "report"):
        out = run(command, "--ledger", str(ledger_copy)).stdout
        assert "<b>" not in out, command
        assert "Moon &lt;b&gt;&amp;&lt;/b&gt; &quot;Co&quot;" in out, command
    assert 'href="https://e.org/?a=1&amp;b=&lt;2&gt;"' in run("report", "--ledger", str(ledger_copy)).stdout


def test_escape_html_shows_control_and_bidi_characters() -> None:
    assert escape_html("a\u202eb\x1b<&>'\"") == "a&lt;U+202E&gt;b\\x1b&lt;&amp;&gt;&#39;&quot;"


def test_output_file_is_written_and_never_over_the_ledger(run: Run, ledger_copy: Path, tmp_path: Path) -> None:
    before = ledger_copy.read_bytes()
    target = tmp_path / "chart.svg"
    result = run("chart", "--ledger", str(ledger_copy), "-o", str(target))
    assert (result.code, result.stdout, result.stderr) == (0, "", f"wrote {target}\n")
    assert target.read_text(encoding="utf-8").startswith("<?xml")
    for command in ("chart", "map", "report"):
        refused = run(command, "--ledger", str(ledger_copy), "-o", str(ledger_copy))
        assert refused.code == 2, command
        assert "is the ledger in use; refusing to write output over it" in refused.stderr
        assert ledger_copy.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert run("chart", "-o", str(tmp_path)).code == 2  # a directory
    assert run("chart", "-o", "-").stdout.startswith("<?xml")


def test_png_output(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "map.png"
    assert run("map", "-o", str(target)).code == 0
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width == 1400 and 600 < height < 1400
    assert len(data) > 50_000  # drawn, not blank


# -- report --------------------------------------------------------------------------------------


class Outline(HTMLParser):
    """Headings, links and the things a self-contained page must not have."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.links: list[str] = []
        self.fetching: list[str] = []
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang") or ""
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "a" and (values.get("href") or "").startswith("http"):
            self.links.append(values["href"] or "")
        if tag in ("script", "img", "iframe", "link", "object", "embed") or "src" in values:
            self.fetching.append(tag)


def test_report_is_self_contained_ordered_and_links_every_source(run: Run) -> None:
    result = run("report", "--as-of", AS_OF)
    assert result.code == 0, result.stderr
    outline = Outline()
    outline.feed(result.stdout)
    assert outline.lang == "en"
    assert outline.fetching == []
    assert outline.headings[0] == 1 and outline.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(outline.headings, outline.headings[1:], strict=False))
    chosen = select(LEDGER, Filters(statuses=(), as_of=PartialDate.parse(AS_OF)))
    sources = {u for p in chosen for a in p.agreements for u in a.sources}
    assert sources <= set(outline.links)
    assert "As of 31 Dec 2024." in result.stdout
    assert result.stdout.count("<svg ") == 2
    assert "@page { size: A4" in result.stdout


def test_report_by_default_links_every_source_in_the_ledger(run: Run) -> None:
    outline = Outline()
    outline.feed(run("report").stdout)
    every = {u for p in LEDGER.participants for a in p.agreements for u in a.sources}
    assert every == set(outline.links) - {""}


def test_timeline_captures_fetch_nothing_and_spare_the_ledger(run: Run, ledger_copy: Path, tmp_path: Path) -> None:
    svg, html = tmp_path / "t.svg", tmp_path / "t.html"
    args = ["timeline", "--since", "2023-10", "--until", "2023-10", "--ledger", str(ledger_copy)]
    assert run(*args, "--capture-svg", str(svg), "--capture-html", str(html)).code == 0
    assert 'url("http' not in svg.read_text(encoding="utf-8")
    before = ledger_copy.read_bytes()
    refused = run(*args, "--capture-svg", str(ledger_copy))
    assert refused.code == 2
    assert f"{ledger_copy}: is the ledger in use; refusing to write output over it" in refused.stderr
    assert ledger_copy.read_bytes() == before
    old = run(*args, "--svg", str(svg))
    assert old.code == 2 and "No such option: --svg" in old.stderr


def test_pictures_name_the_programme_of_the_ledger(run: Run) -> None:
    artemis = str(BUNDLED.parent / "artemis-accords.toml")
    chart = parse(run("chart", "--ledger", artemis, "--as-of", "2024-12-16").stdout)
    assert chart.findtext(f"{SVG}title") == "Who has joined the Artemis Accords"
    lines = texts(chart)
    tips = [g.findtext(f"{SVG}title") or "" for g in chart.iter(f"{SVG}g")]
    assert any(t.startswith("Thailand (state): joined 16 Dec 2024") and t.endswith("; 51st country") for t in tips)
    assert any(line.startswith("Source: the ilrs Artemis Accords ledger; ") for line in lines)
    world = parse(run("map", "--ledger", artemis).stdout)
    assert world.findtext(f"{SVG}title") == "Participants in the Artemis Accords"
    report = run("report", "--ledger", artemis).stdout
    assert "<h1>The Artemis Accords: who has joined</h1>" in report


# -- beside the Artemis Accords (--compare) ------------------------------------------------------


def test_chart_compare_names_both_programmes_and_marks_the_states_in_both(run: Run) -> None:
    result = run("chart", "--compare", "--as-of", "2026-11-21")
    assert result.code == 0, result.stderr
    root = parse(result.stdout)
    assert root.findtext(f"{SVG}title") == "The ILRS and the Artemis Accords: countries over time"
    lines = texts(root)
    assert "ILRS: member states" in lines and "Artemis Accords: signatory states" in lines
    for label in ("Thailand (5 Apr 2024)", "Thailand (16 Dec 2024)", "Senegal (5 Sep 2024)", "Senegal (24 Jul 2025)"):
        assert label in lines, label
    assert "Serbia (May 2024)" in lines  # the ILRS date is known to the month only
    assert any(line.startswith("Source: ilrs ledgers; ILRS: ") and "; Artemis Accords: " in line for line in lines)


def test_map_compare_tells_both_alone_and_the_ilrs_level(run: Run) -> None:
    result = run("map", "--compare", env={"SOURCE_DATE_EPOCH": "1795219200"})  # undated claims count only today
    assert result.code == 0, result.stderr
    root = parse(result.stdout)
    shapes = {p.get("id"): p for p in root.iter(f"{SVG}path") if (p.get("id") or "").startswith("cmp-")}
    fills = {
        code: shapes[f"cmp-{code}"].get("fill") for code in ("TH", "SN", "RS", "PA", "UY", "OM", "BH", "AE", "FR", "RU")
    }
    assert fills["TH"] == fills["SN"] == fills["RS"] == "url(#cmp-both-state)"  # both, state level
    assert fills["PA"] == fills["UY"] == fills["OM"] == "url(#cmp-both-nonstate)"  # both, through a non-state
    assert fills["BH"] == fills["AE"] == "url(#cmp-both-other)"  # claimed, disputed
    assert fills["FR"] == "url(#cmp-b)" and fills["RU"] == LIGHT.member  # the ILRS in its blue, as on its own map
    assert shapes["cmp-TH"].findtext(f"{SVG}title") == (
        "Thailand: ILRS: member state since 5 Apr 2024; Artemis Accords: signatory since 16 Dec 2024 (51st); "
        "ILRS first, by 255 days"
    )
    assert "Artemis Accords only (54)" in texts(root)


def test_report_compare_has_the_table_and_both_pictures(run: Run) -> None:
    html = run("report", "--compare", "--as-of", "2026-11-21").stdout
    assert "<h2>Beside the Artemis Accords</h2>" in html
    assert html.count("<svg ") == 4
    assert "<tr><td>Thailand</td><td>State</td><td class=date>5 Apr 2024</td><td class=date>16 Dec 2024</td>" in html
    outline = Outline()
    outline.feed(html)
    assert all(b - a <= 1 for a, b in zip(outline.headings, outline.headings[1:], strict=False))


def test_report_compare_groups_the_table_and_credits_both_ledgers(run: Run) -> None:
    """The report named only the ILRS ledger as its source; the Accords' credit was inside the pictures alone."""
    html = run("report", "--compare", "--as-of", "2026-11-21").stdout
    # as of a date, the undated ILRS claims (Argentina, Bahrain...) are not yet anything
    for heading in ("In both, ILRS and Artemis Accords (11)", "ILRS only (15)", "Artemis Accords only (56)"):
        assert f"<tr><th scope=colgroup colspan=7>{heading}</th></tr>" in html
    assert (
        "<p>Sources: the ILRS, ilrs ledger; 48 instruments, 95 sources. "
        "The Artemis Accords, the ilrs Artemis Accords ledger; 67 instruments, 152 sources.</p>"
    ) in html
    assert "Beside it: the ilrs Artemis Accords ledger; 67 instruments, 152 sources. Made with ilrs" in html
    early = run("report", "--compare", "--as-of", "2024-12-16").stdout  # the Accords as they stood: 51 signed
    assert "The Artemis Accords, the ilrs Artemis Accords ledger; 51 instruments, " in early
    assert "Beside it" not in run("report", "--as-of", "2026-11-21").stdout


@pytest.mark.parametrize("command", ["chart", "map", "report"])
def test_compare_refuses_the_accords_beside_themselves(run: Run, command: str, tmp_path: Path) -> None:
    """--programme artemis-accords --compare drew the Accords against themselves: 67 countries "in both"."""
    out = tmp_path / f"x.{'html' if command == 'report' else 'svg'}"
    result = run(command, "--compare", "--programme", "artemis-accords", "-o", str(out))
    assert (result.code, result.stdout) == (2, "")
    assert (
        result.stderr.startswith("ilrs: error: --compare: ") and "records the Artemis Accords itself" in result.stderr
    )
    assert not out.exists()
