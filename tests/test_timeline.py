"""`ilrs timeline`: order, partial dates, filters, running counts, views and pictures."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import BUNDLED, Run
from ilrs_cli.core import timeline as tl
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Agreement, Kind, Ledger, Participant, Status
from ilrs_cli.output.records import EVENT
from ilrs_cli.store.ledger import load
from ilrs_cli.store.location import Location

EVENT_FIELDS = EVENT.names

GOLDEN = Path(__file__).parent / "golden"
LEDGER = load(Location(BUNDLED, "test")).ledger


def test_october_2023_in_order(run: Run) -> None:
    result = run("timeline", "--since", "2023-10", "--until", "2023-10")
    assert result.code == 0 and result.stderr == ""
    events = [tuple(line.split("\t")[:3]) for line in result.stdout.splitlines()]
    wanted = [
        ("2023-10-03", "signed", "azerbaijan"),
        ("2023-10-08", "announced", "azerbaijan"),
        ("2023-10-18", "signed", "pakistan"),
        ("2023-10-20", "announced", "pakistan"),
        ("2023-10-23", "signed", "belarus"),
    ]
    positions = [events.index(w) for w in wanted]
    assert positions == sorted(positions)


def test_columns_are_stable_and_counts_give_the_ninth_country(run: Run) -> None:
    lines = run("timeline", "-f", "tsv", "--kind", "state", "--event", "signed").stdout.splitlines()
    assert lines[0].split("\t") == list(EVENT_FIELDS)
    thailand = next(line.split("\t") for line in lines if "\tthailand\t" in line)
    row = dict(zip(EVENT_FIELDS, thailand, strict=True))
    assert (row["date"], row["first"], row["countries"]) == ("2024-04-05", "yes", "9")


def test_announced_event_only_when_the_date_differs() -> None:
    events = [e for e in tl.build(LEDGER).events if e.participant.id == "thailand"]
    assert [e.kind for e in events] == [tl.EventKind.SIGNED]  # signed and announced the same day


def _p(pid: str, *dates: str, status: Status = Status.MEMBER, kind: Kind = Kind.STATE) -> Participant:
    agreements = tuple(Agreement(signed=PartialDate.parse(d), sources=("https://e.org",)) for d in dates)
    return Participant(pid, pid.title(), kind, status, "PK" if kind is Kind.STATE else "", agreements=agreements)


def test_partial_dates_stand_at_the_end_of_their_period_and_are_never_given_a_day() -> None:
    ledger = Ledger(
        (_p("day", "2024-05-08"), _p("month", "2024-05"), _p("year", "2024"), _p("dec31", "2024-12-31"), _p("none"))
    ).normalised()
    timeline = tl.build(ledger)
    assert [(e.participant.id, e.date.iso(), e.participants) for e in timeline.events] == [
        ("day", "2024-05-08", 1),
        ("month", "2024-05", 2),  # certainly in only once May is over
        ("dec31", "2024-12-31", 3),
        ("year", "2024", 4),  # finer facts first on the same day
    ]
    assert [p.id for p in timeline.undated] == ["none"]


def test_withdrawal_is_an_event_and_lowers_the_count() -> None:
    gone = Participant(
        "gone",
        "Gone",
        Kind.STATE,
        Status.WITHDRAWN,
        "PK",
        PartialDate.parse("2025-01"),
        agreements=_p("x", "2024").agreements,
    )
    timeline = tl.build(Ledger((gone, _p("stay", "2024-06"))).normalised())
    assert [(e.participant.id, e.kind.value, e.countries) for e in timeline.events] == [
        ("stay", "signed", 1),
        ("gone", "signed", 2),  # "2024": in once 2024 is over
        ("gone", "withdrawn", 1),
    ]


def test_unconfirmed_are_shown_only_on_request_and_never_counted(run: Run) -> None:
    default = run("timeline", "--fields" if False else "--id", "uae")
    assert default.stdout == ""  # disputed: not shown by default
    shown = run("timeline", "--id", "uae", "--all").stdout.splitlines()
    assert shown[0].split("\t")[:3] == ["2022-09-16", "signed", "uae"]
    assert shown[0].split("\t")[-2:] == ["2", "2"]  # still China and Russia only


def test_undated_are_listed_apart(run: Run) -> None:
    result = run("timeline", "--status", "claimed")
    assert "undated participant(s) not placed: " in result.stderr
    assert "ethiopia" in result.stderr
    assert all(line.split("\t")[2] != "ethiopia" for line in result.stdout.splitlines())


def test_filters(run: Run) -> None:
    russia = run("timeline", "--id", "russia", "--fields" if False else "--event", "signed").stdout.splitlines()
    assert [line.split("\t")[7] for line in russia] == [
        "mou",
        "joint-statement",
        "intergovernmental-agreement",
        "mou",
    ]
    rs = run("timeline", "--country", "RS").stdout.splitlines()
    assert {line.split("\t")[2] for line in rs} == {"serbia", "aob"}
    bad = run("timeline", "--id", "pakstan")
    assert bad.code == 2 and "did you mean: pakistan" in bad.stderr


def test_json_round_trips(run: Run) -> None:
    data = json.loads(run("timeline", "-f", "json", "--since", "2024-04", "--until", "2024-04").stdout)
    again = json.loads(json.dumps(data))
    assert data == again
    assert data[0] == {
        "date": "2024-04-05",
        "event": "signed",
        "id": "ssgi",
        "name": "Space Science and Geospatial Institute (SSGI)",
        "kind": "institution",
        "country": "ET",
        "status": "member",
        "instrument": "mou",
        "counterpart": "DSEL",
        "first": "yes",
        "countries": 8,
        "participants": 18,  # as `list --as-of 2024-04-05` counts, less Thailand (signed later that day)
    }
    lines = run("timeline", "-f", "jsonl", "--id", "pakistan").stdout.splitlines()
    events = [json.loads(line)["event"] for line in lines]
    assert events == ["signed", "announced", "signed", "announced"]  # "2025-02" (month known) after its days


def test_by_year_summary(run: Run) -> None:
    lines = run("timeline", "--by", "year", "-f", "tsv").stdout.splitlines()
    assert lines[0] == "period\tjoined\tcountries_joined\tparticipants\tcountries\tnames\tleft\tcountries_left"
    assert lines[1] == "2021\t2\t2\t2\t2\tChina, Russia\t0\t0"
    assert lines[2].startswith("2022\t0\t0\t2\t2")
    assert lines[-1].split("\t")[3:5] == ["38", "13"]


def test_by_month_gives_year_only_joinings_a_row_of_their_own(run: Run) -> None:
    result = run("timeline", "--by", "month")
    assert (result.code, result.stderr) == (0, "")
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[0][:2] == ["2021-03", "2"]
    labels = [row[0] for row in rows]
    # ILOA (2023) and Udelar (2024) are known only to the year: a row each, after December
    assert labels[labels.index("2023-12") + 1] == "2023, month unknown"
    assert rows[labels.index("2023, month unknown")][5] == "International Lunar Observatory Association (ILOA Hawai'i)"
    assert labels[labels.index("2024-12") + 1] == "2024, month unknown"
    totals = [int(row[3]) for row in rows]
    assert all(totals[i] == totals[i - 1] + int(rows[i][1]) - int(rows[i][6]) for i in range(1, len(rows)))


@pytest.mark.parametrize("width", [100, 40])
def test_terminal_view_golden(run: Run, width: int) -> None:
    result = run("timeline", "-f", "table", "--since", "2023-09", "--until", "2024-04", env={"COLUMNS": str(width)})
    assert result.code == 0
    assert all(len(line) <= width for line in result.stdout.splitlines())
    assert "9th country, 19 in all" in result.stdout.replace("\n", " ") or width == 40
    path = GOLDEN / f"timeline-{width}.txt"
    if os.environ.get("ILRS_UPDATE_GOLDEN") == "1" or not path.exists():
        path.write_text(result.stdout, encoding="utf-8")
        pytest.fail(f"wrote {path.name}: review it and commit it, then run the tests again")
    assert result.stdout == path.read_text(encoding="utf-8")


def test_summary_view_has_bars(run: Run) -> None:
    out = run("timeline", "--by", "year", "-f", "table").stdout
    assert "2024" in out and "█" in out


def test_svg_and_html_pictures(run: Run, tmp_path: Path) -> None:
    svg, html = tmp_path / "t.svg", tmp_path / "t.html"
    result = run(
        "timeline", "--since", "2023-10", "--until", "2023-10", "--capture-svg", str(svg), "--capture-html", str(html)
    )
    assert result.code == 0
    assert f"wrote {svg}" in result.stderr
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    text = svg.read_text(encoding="utf-8")
    for name in ("Azerbaijan", "Pakistan", "Belarus"):
        assert name in text and name in html.read_text(encoding="utf-8")
