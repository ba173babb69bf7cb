"""Tables on a real terminal: widths spent where the words are, nothing cut that should not be, counts in
line, ASCII where the terminal wants it. Each command runs on a pseudo-terminal of the given size."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from conftest import BUNDLED, sweep
from test_pty import Terminal

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
BOXES = re.compile("[\u2500-\u259f\u25cf\u2026]")


def screen(args: list[str], columns: int, tmp_path: Path, **env: str) -> list[str]:
    """What ``ilrs ARGS`` shows on a terminal ``columns`` wide (no COLUMNS: the size comes from the terminal)."""
    base = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "ILRS_LEDGER")}
    base |= {"HOME": str(tmp_path), "TERM": "xterm", "LANG": "C.UTF-8", "NO_COLOR": "1", **env}
    term = Terminal([sys.executable, "-m", "ilrs_cli", *args, "--ledger", str(BUNDLED)], base, size=(40, columns))
    assert term.finish() == 0, term.seen
    return term.seen.replace("\r", "").splitlines()


def test_list_spends_width_on_the_names(tmp_path: Path) -> None:
    lines = screen(["list", "--fields", "id,name,kind,status,joined"], 80, tmp_path)
    assert max(len(line) for line in lines) <= 80
    header = lines[0]
    assert header.index("name") - header.index("id") < 30  # id no longer 36 wide
    text = "\n".join(lines)
    # every name stays whole on one line at 80 columns when it fits, never split inside a word
    for name in (
        "South African Radio Astronomy Observatory (SARAO)",
        "National University of Sciences and Technology (NUST)",
    ):
        for word in name.split():
            assert re.search(rf"(?<!\S){re.escape(word)}(?!\S)", text), word


def test_narrow_terminals_keep_row_numbers_and_drop_whole_columns(tmp_path: Path) -> None:
    at40 = screen(["list", "--fields", "id,name,kind,status"], 40, tmp_path)
    assert max(len(line) for line in at40) <= 40
    numbers = [line.split()[0] for line in at40[2:] if line.strip() and line.split()[0].rstrip("…").isdigit()]
    assert "…" not in "".join(numbers) and "10" in numbers and "35" in numbers
    at20 = screen(["list", "--fields", "id,name,kind,status"], 20, tmp_path)
    assert max(len(line) for line in at20) <= 20
    if "status" in at20[0]:
        rows = [line for line in at20[2:] if line.split("│")[0].strip().isdigit()]
        assert rows and all(line.split("│")[-1].strip() for line in rows)  # each row shows its status


def test_by_year_bars_are_whole_and_in_proportion(tmp_path: Path) -> None:
    for columns in sweep((40, 60, 100), 40, 100):
        lines = screen(["timeline", "--by", "year"], columns, tmp_path)
        assert max(len(line) for line in lines) <= columns
        rows = [line for line in lines if re.match(r"^20\d\d ", line)]
        bars = {row.split()[0]: row.count("█") for row in rows}
        joined = {row.split()[0]: int(row.split()[2]) for row in rows}
        top = max(joined, key=lambda k: joined[k])
        assert bars[top] == 0 or bars[top] >= 10, (columns, bars)  # a bar too short to compare is left out
        for year, count in joined.items():
            assert abs(bars[year] - count / joined[top] * bars[top]) <= 1, (columns, year)


@pytest.mark.parametrize("by", ["year", "quarter"])
def test_by_period_never_cuts_a_number_or_a_heading(by: str, tmp_path: Path) -> None:
    """Narrow terminals lose the bar, then the running totals, whole; labels wrap between words."""
    kept = {100: "countries", 60: "countries", 40: "countries", 30: "total", 20: "joined"}
    for columns in sweep(list(kept), 100, 20):
        last = kept[columns]
        lines = screen(["timeline", "--by", by], columns, tmp_path)
        text = "\n".join(lines)
        assert max(len(line) for line in lines) <= columns
        assert "…" not in text, (columns, text)
        assert lines[0].split()[-1] == last, (columns, lines[0])
        assert ("█" in text) == (columns >= 60), columns
        if by == "quarter":  # "2023, quarter unknown": whole on one line when it fits, else in words
            assert ("2023, quarter unknown" in text) == (columns >= 100), columns
            assert "2023," in text and "unknown" in text


def test_timeline_counts_stand_in_one_column(tmp_path: Path) -> None:
    lines = screen(["timeline", "--since", "2023-07", "--until", "2024-06"], 100, tmp_path)
    counted = [line for line in lines if line.rstrip().endswith("in all") or line.rstrip().endswith("participant")]
    assert len(counted) > 10
    assert {len(line.rstrip()) for line in counted} == {len(counted[0].rstrip())}  # one right edge
    for line in counted:
        count = re.search(r"(\d+(st|nd|rd|th) (country|participant)|\d+ countries)", line)
        assert count is not None and line[: count.start()].endswith("  "), line


@pytest.mark.parametrize("env", [{"TERM": "dumb"}, {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"}])
def test_dumb_and_ascii_terminals_get_ascii(env: dict[str, str], tmp_path: Path) -> None:
    every = (["list"], ["timeline", "--since", "2023-10", "--until", "2023-10"], ["timeline", "--by", "year"])
    for args in sweep(every, every[0], every[2]):
        lines = screen(args, 100, tmp_path, **env)
        text = "\n".join(lines)
        assert not BOXES.search(text), (args, text[:400])
        assert all(ord(c) < 128 for c in text), args


def test_check_table_never_cuts_a_message(tmp_path: Path) -> None:
    """A problem's message is what check is for: it wraps between words at every width, never ends in "…"."""
    ledger = tmp_path / "members.toml"
    ledger.write_bytes(BUNDLED.read_bytes().replace(b'kind = "state"', b'kind = "staet"', 1))
    before = ledger.read_bytes()
    message = "participant[1] (china).kind: 'staet' is not one of: state, organization, institution, company"
    for columns in sweep((100, 80, 40, 20), 80, 20):
        base = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "ILRS_LEDGER")}
        base |= {"HOME": str(tmp_path), "TERM": "xterm", "LANG": "C.UTF-8", "NO_COLOR": "1"}
        argv = [sys.executable, "-m", "ilrs_cli", "check", str(ledger), "--strict", "--format", "table"]
        term = Terminal(argv, base, size=(60, columns))
        assert term.finish() == 1, term.seen
        lines = term.seen.replace("\r", "").splitlines()
        assert max(len(line) for line in lines) <= columns, columns
        assert "…" not in term.seen, columns
        column = [line.split("│")[-1].strip() for line in lines[2:]]
        words = " ".join(column).split()
        if columns >= 40:  # wide enough for every word whole
            assert " ".join(words).startswith(message), (columns, column)
            assert ("invalid-value" in term.seen) == (columns >= 80)  # the rule, when there is room
        else:
            assert "".join(words).startswith(message.replace(" ", "")), (columns, column)  # long words fold
    assert ledger.read_bytes() == before


@pytest.mark.parametrize("command", ["list", "agreements"])
def test_at_100_columns_names_get_room_before_cut_columns(command: str, tmp_path: Path) -> None:
    """A column that would only show "Roscosmos /…" or "https://en.…" gives way to the names beside it."""
    lines = screen([command], 100, tmp_path)
    assert max(len(line) for line in lines) <= 100
    assert "…" not in "\n".join(lines)
    assert "name" in lines[0]
    heights: list[int] = []
    for line in lines[2:]:
        if line.split("│")[0].strip().isdigit():
            heights.append(1)
        elif heights and line.strip():
            heights[-1] += 1
    assert len(heights) > 30 and max(heights) <= 3, heights  # no name over more than three lines


def test_compare_keeps_every_country_whole_at_every_width(tmp_path: Path) -> None:
    """The country column never vanishes (at 80 columns it was 0 wide) and no cell is cut to "…"."""
    base = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "ILRS_LEDGER")}
    base |= {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"), "TERM": "xterm", "LANG": "C.UTF-8"}
    base |= {"NO_COLOR": "1"}
    expected = {100: "first", 80: "first", 60: "Artemis Accords", 40: "ILRS level"}
    for columns in sweep(list(expected), 100, 40):
        last = expected[columns]
        term = Terminal([sys.executable, "-m", "ilrs_cli", "compare", "--both"], base, size=(200, columns))
        assert term.finish() == 0, term.seen
        lines = term.seen.replace("\r", "").splitlines()
        assert max(len(line) for line in lines) <= columns, columns
        assert "…" not in term.seen, (columns, term.seen)
        header = next(line for line in lines if line.startswith("country"))
        assert header.split("┃")[-1].strip() == last, (columns, header)
        firsts = [line.split("│")[0].strip() for line in lines if "│" in line]
        for country in ("Argentina", "Switzerland", "Thailand", "Uruguay"):
            assert country in firsts, (columns, country)
        assert "panama-space-centre" in term.seen  # an id folds only when no width holds it


def test_stats_tables_give_way_by_whole_columns(tmp_path: Path) -> None:
    """Counts and headings are never cut to "…": headings wrap, zero columns go first, the totals stay."""
    for columns in sweep((100, 80, 60, 40, 30), 80, 30):
        lines = screen(["stats", "--as-of", "2024-09-05"], columns, tmp_path)
        text = "\n".join(lines)
        assert max(len(line) for line in lines) <= columns, columns
        assert "…" not in text.split("Known gaps")[0], (columns, text)
        kinds = next(line for line in lines if line.startswith("kind "))
        assert kinds.split()[:3] == ["kind", "┃", "member"] and kinds.rstrip().endswith("┃ all"), (columns, kinds)
        assert ("withdrawn" in kinds) == (columns >= 80), (columns, kinds)
        years = [line for line in lines if line.startswith("2024 ")]
        assert years and years[0].split()[-1] == "13", (columns, years)  # countries at the end of 2024
        assert "organization │" in text
