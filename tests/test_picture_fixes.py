"""Outside testers' findings on pictures and outputs, one regression test each."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from conftest import BUNDLED, Run
from ilrs_cli.core import picture_facts
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.store.ledger import load
from ilrs_cli.store.location import Location


def test_output_onto_a_symlink_writes_through_it(run: Run, tmp_path: Path) -> None:
    target, link = tmp_path / "target.svg", tmp_path / "out.svg"
    target.write_text("old\n", encoding="utf-8")
    link.symlink_to("target.svg")
    result = run("chart", "-o", str(link))
    assert (result.code, result.stderr) == (0, f"wrote {link}\n")
    assert link.is_symlink() and os.readlink(link) == "target.svg"
    assert target.read_text(encoding="utf-8").startswith("<?xml")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["out.svg", "target.svg"]
    capture = tmp_path / "t.svg"
    capture.symlink_to("target.svg")
    assert run("timeline", "--since", "2023-10", "--until", "2023-10", "--capture-svg", str(capture)).code == 0
    assert capture.is_symlink() and "<svg" in target.read_text(encoding="utf-8")


def test_output_to_a_stream_or_device_is_refused_and_nothing_replaced(run: Run, tmp_path: Path) -> None:
    held = tmp_path / "held.txt"
    with held.open("w") as handle:
        link = tmp_path / "out.svg"
        link.symlink_to(f"/dev/fd/{handle.fileno()}")
        for path in (str(link), f"/proc/self/fd/{handle.fileno()}"):
            for args in (["chart", "-o", path], ["timeline", "--capture-svg", path]):
                result = run(*args)
                assert result.code == 2, args
                assert result.stderr.startswith(f"ilrs: error: {path}: is a device or stream, not a file;"), args
        assert link.is_symlink() and held.read_text() == ""


def test_output_temp_files_stale_ones_removed_exactly(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "c[1].svg"  # glob metacharacters in the name must not widen the match
    stale, fresh = tmp_path / ".c[1].svg.abcd_123.tmp", tmp_path / ".c[1].svg.zyxw9876.tmp"
    others = [tmp_path / ".c1.svg.abcd_123.tmp", tmp_path / ".c[1].svg.mine.tmp"]
    for path in (stale, fresh, *others):
        path.write_text("x", encoding="utf-8")
    for path in (stale, *others):
        os.utime(path, (1, 1))  # long ago: a killed writer's
    assert run("chart", "-o", str(out)).code == 0
    assert not stale.exists() and fresh.exists() and all(p.exists() for p in others)


def test_pictures_and_report_show_a_date_at_its_own_precision(run: Run) -> None:
    chart = run("chart").stdout
    desc = re.search(r"<desc[^>]*>([^<]*)", chart)
    assert desc is not None and "Serbia (May 2024)" in desc.group(1)
    for command in ("chart", "map", "report"):
        assert "31 May 2024" not in run(command).stdout, command  # Serbia's 2024-05 is not a day
    steps = picture_facts.series(load(Location(BUNDLED, "members.toml")).ledger, dt.date(2026, 1, 1)).steps
    serbia = next(s for s in steps if s.participant.name == "Serbia")
    assert (serbia.day, serbia.date) == (dt.date(2024, 5, 31), PartialDate(2024, 5))


def test_pictures_as_of_the_last_representable_day_draw(run: Run, tmp_path: Path) -> None:
    for args in (["chart", "--as-of", "9999-12-31"], ["chart", "--as-of", "9999"], ["report", "--as-of", "9999-12-31"]):
        result = run(*args)
        assert result.code == 0, args
        assert "9999" in result.stdout and "Traceback" not in result.stderr, args
    png = tmp_path / "c.png"
    assert run("chart", "-o", str(png), "--as-of", "9999").code == 0
    assert png.read_bytes().startswith(b"\x89PNG")


def test_report_takes_lists_filters(run: Run) -> None:
    every = run("report")
    assert (every.code, run("report", "--all").stdout) == (0, every.stdout)
    assert run("report", "-a").stdout == every.stdout
    narrow = run("report", "--all", "--kind", "state", "--status", "member", "--country", "RU")
    assert narrow.code == 0, narrow.stderr
    assert (
        narrow.stdout == run("report", "--kind", "state", "--country", "RU").stdout
    )  # --all: every status, as in list
    assert "Russia" in narrow.stdout and narrow.stdout != every.stdout


def test_map_lists_member_states_in_joining_order_like_the_chart(run: Run) -> None:
    chart = re.search(r"States in order of joining: ([^.]*)\.", run("chart").stdout)
    listed = re.search(r"Member states: ([^.]*)\.", run("map").stdout)
    assert chart is not None and listed is not None
    assert listed.group(1) == re.sub(r" \([^)]*\)", "", chart.group(1))
    assert listed.group(1).index("Azerbaijan") < listed.group(1).index("Thailand")
