"""Issue 11 §2, "one question, one answer": each case as measured, through the real commands.

Who was in at a date and who joined in a window are answered by one function (core/membership.py);
list, show, diff, timeline counts and timeline --by must say the same. The property test over random
ledgers is in tests/core/test_membership.py; these are the cases the campaign found.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Run, examples
from core.ledgers import ledgers, windows
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Ledger
from ilrs_cli.store.toml import dumps

YEAR_AND_DAY = """format = 1

[[participant]]
id = "early"
name = "Early"
kind = "company"

[[participant.agreement]]
instrument = "mou"
signed = "2022-05-01"
sources = ["https://e.org/a"]

[[participant]]
id = "both"
name = "Both"
kind = "company"

[[participant.agreement]]
instrument = "mou"
signed = "2023"
sources = ["https://e.org/b"]

[[participant.agreement]]
instrument = "agreement"
signed = "2023-03-01"
sources = ["https://e.org/c"]

[[participant]]
id = "late"
name = "Late"
kind = "company"

[[participant.agreement]]
instrument = "mou"
signed = "2023-05-10"
sources = ["https://e.org/d"]
"""


@pytest.fixture
def year_and_day(tmp_path: Path) -> str:
    path = tmp_path / "l.toml"
    path.write_text(YEAR_AND_DAY, encoding="utf-8")
    return str(path)


def ids(text: str) -> list[str]:
    return [line.split("\t")[0] for line in text.splitlines()]


def test_agreements_dated_2023_and_2023_03_01_mean_in_by_june(run: Run, year_and_day: str) -> None:
    # measured: list --as-of 2023-06 left it out while diff --until 2023-06 added it
    listed = run("list", "--as-of", "2023-06", "--fields", "id,joined,in_by", "--ledger", year_and_day)
    assert (listed.code, listed.stdout) == (
        0,
        "early\t2022-05-01\t2022-05-01\nboth\t2023\t2023-03-01\nlate\t2023-05-10\t2023-05-10\n",
    )
    added = run("diff", "--until", "2023-06", "--ledger", year_and_day)
    assert added.code == 1
    assert [line.split("\t")[1] for line in added.stdout.splitlines()] == ["early", "both", "late"]
    # the day before the day-precise agreement it was not yet in, by either command
    assert ids(run("list", "--as-of", "2023-02-28", "--ledger", year_and_day).stdout) == ["early"]
    assert "both" not in run("diff", "--until", "2023-02-28", "--ledger", year_and_day).stdout


def test_show_says_when_it_was_in(run: Run, year_and_day: str) -> None:
    record = json.loads(run("show", "both", "-f", "json", "--ledger", year_and_day).stdout)
    assert (record["joined"], record["in_by"]) == ("2023", "2023-03-01")
    table = run("show", "both", "-f", "table", "--ledger", year_and_day).stdout
    assert "joined  2023" in table and "in by   1 Mar 2023" in table


def test_a_window_lists_what_diff_adds(run: Run, year_and_day: str) -> None:
    for since, until in (("2023-03", "2023-03"), ("2023", "2023"), ("2023-03-02", "2023-12"), ("2022", "2023-02")):
        listed = ids(run("list", "--since", since, "--until", until, "--ledger", year_and_day).stdout)
        diffed = run("diff", "--since", since, "--until", until, "--ledger", year_and_day).stdout
        assert listed == [
            line.split("\t")[1] for line in diffed.splitlines() if line.split("\t")[::3] == ["+", "participant"]
        ], (
            since,
            until,
        )


def test_timeline_counts_are_those_of_list_as_of(run: Run, year_and_day: str) -> None:
    events = [line.split("\t") for line in run("timeline", "--ledger", year_and_day).stdout.splitlines()]
    # the year-only agreement stands at the end of 2023; "both" counts from 1 March
    assert [(e[0], e[2], e[9], e[11]) for e in events] == [
        ("2022-05-01", "early", "yes", "1"),
        ("2023-03-01", "both", "yes", "2"),
        ("2023-05-10", "late", "yes", "3"),
        ("2023", "both", "no", "3"),
    ]
    for date, _, _, _, *rest in events:
        count = len(run("list", "--as-of", date, "--ledger", year_and_day).stdout.splitlines())
        assert count == int(rest[-1]), date


def test_by_quarter_and_month_totals_add_up(run: Run, year_and_day: str) -> None:
    quarters = run("timeline", "--by", "quarter", "--ledger", year_and_day).stdout.splitlines()
    assert [line.split("\t")[:4] for line in quarters] == [
        ["2022-Q2", "1", "0", "1"],
        ["2022-Q3", "0", "0", "1"],
        ["2022-Q4", "0", "0", "1"],
        ["2023-Q1", "1", "0", "2"],  # "2023" and "2023-03-01": the joining lies in the first quarter
        ["2023-Q2", "1", "0", "3"],
    ]
    months = [
        line.split("\t") for line in run("timeline", "--by", "month", "--ledger", year_and_day).stdout.splitlines()
    ]
    labels = [m[0] for m in months]
    assert labels[labels.index("2023-03") + 1] == "2023-Q1, month unknown"  # known to the quarter, not the month
    assert months[labels.index("2023-Q1, month unknown")][1:4] == ["1", "0", "2"]
    assert months[labels.index("2023-03")][1:4] == ["0", "0", "1"]
    for rows in (quarters, [m for m in months if m]):
        cells = [r.split("\t") if isinstance(r, str) else r for r in rows]
        for before, row in itertools.pairwise(cells):
            assert int(row[3]) == int(before[3]) + int(row[1]) - int(row[6])


def test_year_only_joinings_get_a_row_of_their_own(run: Run, tmp_path: Path) -> None:
    # measured: 2023-Q2 showed 1 joined while the total went 2 -> 4 (a year-only joining folded in silently)
    path = tmp_path / "l.toml"
    path.write_text(
        YEAR_AND_DAY.replace('signed = "2023-03-01"', 'signed = "2024-03-01"').replace(
            'signed = "2023-05-10"', 'signed = "2024-05-10"'
        ),
        encoding="utf-8",
    )
    rows = [
        line.split("\t")[:4] for line in run("timeline", "--by", "quarter", "--ledger", str(path)).stdout.splitlines()
    ]
    assert ["2023, quarter unknown", "1", "0", "2"] in rows
    labels = [r[0] for r in rows]
    assert labels.index("2023, quarter unknown") == labels.index("2023-Q4") + 1
    assert all(int(b[3]) == int(a[3]) + int(b[1]) for a, b in itertools.pairwise(rows))


def test_all_counts_joined_and_totals_over_the_same_participants(run: Run) -> None:
    # measured: with --all, joined counted non-members that the totals left out
    for args in ([], ["--all"], ["--kind", "state"], ["--status", "disputed"]):
        rows = [line.split("\t") for line in run("timeline", "--by", "year", *args).stdout.splitlines()]
        total = 0
        for row in rows:
            total += int(row[1]) - int(row[6])
            assert int(row[3]) == total, (args, row)
    everything = run("timeline", "--by", "year", "--all").stdout.splitlines()
    listed = run("list", "--all").stdout.splitlines()
    dated = [line for line in listed if line.split("\t")[5]]
    assert int(everything[-1].split("\t")[3]) == len(dated)


def test_bundled_ledger_timeline_counts_match_list_as_of(run: Run) -> None:
    events = [line.split("\t") for line in run("timeline").stdout.splitlines()]
    ends = [PartialDate.parse(e[0]).end for e in events]
    checked = 0
    for event, end, following in zip(events, ends, [*ends[1:], None], strict=True):
        if end == following:
            continue  # the counts of the last event of the day are the day's
        states = run("list", "--as-of", event[0], "--kind", "state").stdout.splitlines()
        everyone = run("list", "--as-of", event[0]).stdout.splitlines()
        assert (int(event[10]), int(event[11])) == (len(states), len(everyone)), event[0]
        checked += 1
    assert checked > 30
    # the ninth country, as the news counted: Thailand on 5 April 2024
    thailand = run("timeline", "--id", "thailand", "--event", "signed").stdout.split("\t")
    assert thailand[10] == "9"


@pytest.mark.parametrize("command", ["list", "timeline", "diff"])
def test_since_after_until_is_refused(run: Run, command: str) -> None:
    result = run(command, "--since", "2024-05", "--until", "2024-04")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == "ilrs: error: --until 2024-04 is before --since 2024-05\n"


@pytest.mark.parametrize("fields", ["", ",,,", " , ", "id,,name", "id,"])
def test_empty_fields_are_refused(run: Run, fields: str) -> None:
    result = run("list", "--fields", fields)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.startswith("ilrs: error: --fields: ")


@pytest.mark.parametrize("fmt", ["tsv", "json", "table"])
def test_sort_is_validated_before_anything_else(run: Run, fmt: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("format = 1\n[[participant]]\nid = 3\n", encoding="utf-8")
    for ledger in (str(broken), "-"):
        result = run("list", "--sort", "size", "-f", fmt, "--limit", "0", "--ledger", ledger, input="")
        assert (result.code, result.stdout) == (2, "")
        assert result.stderr.startswith("ilrs: error: cannot sort by 'size'"), result.stderr


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=ledgers(), window=windows(), by=st.sampled_from(["year", "quarter", "month"]))
def test_the_commands_agree_on_random_ledgers(
    run: Run, tmp_path: Path, value: Ledger, window: tuple[PartialDate | None, PartialDate | None], by: str
) -> None:
    """The commands themselves, on a random ledger written to a file: list and diff name the same joinings,
    timeline --by adds up to them, and its totals at the end of each period are list --as-of's."""
    path = tmp_path / "random.toml"
    path.write_text(dumps(value), encoding="utf-8")
    ledger = ["--ledger", str(path)]
    since, until = window
    dates = [*(["--since", str(since)] if since else []), *(["--until", str(until)] if until else [])]
    counted = ["--status", "member", "--status", "withdrawn"]
    if dates:
        listed = ids(run("list", *counted, *dates, *ledger).stdout)
        diffed = run("diff", *dates, *ledger).stdout.splitlines()
        assert sorted(listed) == sorted(
            line.split("\t")[1] for line in diffed if line.split("\t")[::3] == ["+", "participant"]
        )
    rows = [line.split("\t") for line in run("timeline", "--by", by, *dates, *ledger).stdout.splitlines()]
    ends = [_label_end(row[0]) for row in rows]
    for row, end, following in itertools.zip_longest(rows, ends, ends[1:]):
        if following is not None and (end.end == following.end or end.end.month != 12):
            continue  # the last row of each year, and the last row: "2023-Q4, month unknown" after "2023-12"
        moment = min(end, until, key=lambda d: d.end) if until else end
        assert int(row[3]) == len(run("list", "--as-of", str(moment), *ledger).stdout.splitlines()), (row, moment)


def _label_end(label: str) -> PartialDate:
    """The period a row's totals close: "2023-10" -> 2023-10, "2023-Q1, month unknown" -> 2023-03, "2023" -> 2023."""
    last = label.split(", ")[0].split("..")[-1]
    if "-Q" in last:
        year, quarter = last.split("-Q")
        return PartialDate(int(year), int(quarter) * 3)
    return PartialDate.parse(last)


NUMBERED = """format = 1

[[participant]]
id = "x"
name = "X"
kind = "company"

[[participant.agreement]]
instrument = "mou"
signed = "2021-05-06"
sources = ["https://e.org/a"]

[[participant.agreement]]
instrument = "agreement"
signed = "2023-02"
"""


def test_agreements_are_numbered_alike_in_check_show_diff_and_errors(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "l.toml"
    path.write_text(NUMBERED, encoding="utf-8")
    before = tmp_path / "before.toml"
    before.write_text(NUMBERED, encoding="utf-8")
    ledger = ["--ledger", str(path)]
    # check: the second agreement lacks a source
    assert "participant[1] (x).agreement[2].sources: a member's agreement needs" in run("check", str(path)).stdout
    # show: the same agreement is number 2, on a terminal and piped
    assert "Agreement 2: agreement" in run("show", "x", "-f", "table", *ledger).stdout
    header, *lines = [line.split("\t") for line in run("show", "x", "-f", "tsv", *ledger).stdout.splitlines()]
    piped = [dict(zip(header, line, strict=True)) for line in lines]
    assert [(line["instrument"], line["number"]) for line in piped] == [("mou", "1"), ("agreement", "2")]
    # agreement edit takes that number; diff names it the same way
    edited = run("agreement", "edit", "x", "2", "--source", "https://e.org/b", *ledger)
    assert edited.code == 0 and "agreement 2 of x" in edited.stderr
    assert run("diff", str(before), str(path)).stdout == "~\tx\tX\tagreement[2].sources\t\thttps://e.org/b\n"
    # and an error about a number that is not there counts the same way
    missing = run("agreement", "edit", "x", "3", "--source", "https://e.org/c", *ledger)
    assert missing.code == 2
    assert missing.stderr.startswith(
        "ilrs: error: x has 2 agreement(s), counted from 1 in date order; there is no agreement 3\n"
    )


@pytest.mark.parametrize("statuses", [[], ["--all"]])
def test_list_numbers_participants_in_the_timeline_s_joining_order(run: Run, statuses: list[str]) -> None:
    """One joining order: a date known to the month or year counts from its period's end everywhere (list
    showed ILOA, joined '2023', third, while the timeline and the chart counted it 14th)."""
    listed = run("list", *statuses, "--fields", "id,joined").stdout.splitlines()
    dated = [line.split("\t")[0] for line in listed if line.split("\t")[1]]
    events = [line.split("\t") for line in run("timeline", *statuses, "-f", "tsv", "--no-headers").stdout.splitlines()]
    assert dated == [event[2] for event in events if event[9] == "yes"]
    assert dated.index("unisat") + 1 == dated.index("iloa")  # Dec 2023, then the year 2023
