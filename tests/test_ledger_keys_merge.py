"""The ledger's own keys (programme, gaps) survive the merge driver and show in `ilrs diff`; driver errors
name the file that failed."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, Run

ARTEMIS = ROOT / "data" / "artemis-accords.toml"


def _three(tmp_path: Path) -> tuple[Path, Path, Path]:
    paths = tuple(tmp_path / f"{side}.toml" for side in "OAB")
    for path in paths:
        shutil.copyfile(ARTEMIS, path)
    return paths  # type: ignore[return-value]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_identical_copies_merge_to_the_same_bytes(run: Run, tmp_path: Path) -> None:
    base, ours, theirs = _three(tmp_path)
    result = run("merge-driver", str(base), str(ours), str(theirs))
    assert (result.code, result.stderr) == (0, "")
    assert ours.read_bytes() == ARTEMIS.read_bytes()


def test_gaps_merge_item_by_item_and_programme_takes_the_side_that_changed(run: Run, tmp_path: Path) -> None:
    base, ours, theirs = _three(tmp_path)
    _edit(ours, "gaps = [\n", 'gaps = [\n    "Ours.",\n')
    _edit(theirs, "gaps = [\n", 'gaps = [\n    "Theirs.",\n')
    _edit(theirs, 'programme = "artemis-accords"', 'programme = "accords"')
    result = run("merge-driver", str(base), str(ours), str(theirs))
    assert (result.code, result.stderr) == (0, "")
    expected = ARTEMIS.read_text(encoding="utf-8").replace('programme = "artemis-accords"', 'programme = "accords"')
    lines = expected.splitlines(keepends=True)
    last_gap = max(i for i, line in enumerate(lines) if line.startswith('    "So counts'))
    lines[last_gap + 1 : last_gap + 1] = ['    "Ours.",\n', '    "Theirs.",\n']
    merged = ours.read_text(encoding="utf-8").splitlines(keepends=True)
    assert merged[1:] == lines[1:]  # the first line names the programme in words


def test_programme_changed_two_ways_is_a_conflict(run: Run, tmp_path: Path) -> None:
    base, ours, theirs = _three(tmp_path)
    _edit(ours, 'programme = "artemis-accords"', 'programme = "a"')
    _edit(theirs, 'programme = "artemis-accords"', 'programme = "b"')
    result = run("merge-driver", str(base), str(ours), str(theirs), "L.toml")
    assert result.code == 1
    assert "ilrs: conflict: L.toml: programme: ours 'a', theirs 'b' (base 'artemis-accords')\n" in result.stderr
    assert '<<<<<<< ours\nprogramme = "a"\n=======\nprogramme = "b"\n>>>>>>> theirs\n' in ours.read_text("utf-8")


def test_diff_reports_programme_and_gaps(run: Run, tmp_path: Path) -> None:
    _, new, _ = _three(tmp_path)
    _edit(new, 'programme = "artemis-accords"', 'programme = "accords"')
    _edit(new, "gaps = [\n", 'gaps = [\n    "New gap.",\n')
    result = run("diff", str(ARTEMIS), str(new), "--format", "tsv")
    assert result.code == 1, result.stderr
    header = "marker\tid\tname\twhat\tfrom\tto\n"
    assert result.stdout == header + "~\t\t\tprogramme\tartemis-accords\taccords\n+\t\t\tgaps\t\tNew gap.\n"
    table = run("diff", str(ARTEMIS), str(new), "--format", "table")
    assert "programme: artemis-accords -> accords" in table.stdout
    assert "0 added, 0 removed, 0 changed, programme/gaps changed" in table.stdout


def test_driver_error_names_the_file_that_failed(run: Run, tmp_path: Path) -> None:
    base, ours, _ = _three(tmp_path)
    bad = tmp_path / "B2.toml"
    bad.write_text("format = 1\nx = [\n", encoding="utf-8")
    before = ours.read_bytes()
    result = run("merge-driver", str(base), str(ours), str(bad))
    assert result.code == 2
    assert result.stderr.startswith(f"ilrs: error: {bad} (theirs):3:1: TOML syntax error")
    # ours unchanged from the base, so git's line-by-line merge that takes its place is theirs, broken as it is
    assert ours.read_bytes() == bad.read_bytes() != before
    assert f"hint: {ours} holds git's line-by-line merge instead (no lines clashed): review it" in result.stderr
