"""The merge driver in real repositories: `ilrs git-setup`, two branches, `git merge`.

Each clean case checks the merged file byte for byte against the two changes applied one after the other
by ilrs itself (so it is canonical and holds both), and that it passes `ilrs check` and `ilrs fmt --check`.
Each conflict case checks what git and the driver say, and that the markers are where the conflict is.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from conftest import Run, sweep
from gitrepo import commit, git, init, isolate

# A frozen copy of the 0.1 bundled ledger, so these tests do not move with the data.
BASE = Path(__file__).parent / "data" / "members-0.1.toml"

LEDGER = "data/members.toml"
Change = Sequence[Sequence[str]]  # ilrs command lines (without --ledger)

PK = "pakistan (Pakistan) agreement (2023-10-18 mou, CNSA)"


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)


@pytest.fixture
def repo(tmp_path: Path, run: Run) -> Path:
    """The bundled ledger committed, the merge driver set up with `ilrs git-setup` (and committed)."""
    repo = init(tmp_path / "repo")
    (repo / "data").mkdir()
    shutil.copyfile(BASE, repo / LEDGER)
    result = run("git-setup", "--ledger", str(repo / LEDGER))
    assert result.code == 0, result.stderr
    commit(repo, "base")
    return repo


def _apply(run: Run, ledger: Path, change: Change) -> None:
    for args in change:
        result = run(*args, "--ledger", str(ledger))
        assert result.code == 0, (args, result.stderr)


def _branches(run: Run, repo: Path, theirs: Change, ours: Change) -> None:
    git(repo, "switch", "-q", "-c", "theirs")
    _apply(run, repo / LEDGER, theirs)
    commit(repo, "theirs")
    git(repo, "switch", "-q", "main")
    _apply(run, repo / LEDGER, ours)
    commit(repo, "ours")


def _merge(repo: Path) -> tuple[int, str]:
    result = git(repo, "merge", "--no-edit", "theirs", check=False)
    return result.returncode, result.stdout + result.stderr


def _expected(run: Run, tmp_path: Path, *changes: Change) -> bytes:
    scratch = tmp_path / "expected.toml"
    shutil.copyfile(BASE, scratch)
    for change in changes:
        _apply(run, scratch, change)
    return scratch.read_bytes()


PK_SOURCES = [
    "--source",
    "https://technologytimes.pk/?p=341814",
    "--source",
    "https://english.news.cn/20231025/197ca42b8ae24ed6b1b4e5fba949fdbc/c.html",
    "--source",
    "https://gizchina.com/2023/10/22/pakistan-china-lunar-research-stations/amp",
]
MOONLAND = ["add", "Moonland", "--kind", "company", "--signed", "2025", "--source", "https://e.org/m"]
# theirs, ours, and (when it is not both applied in turn) what the merge must equal
CLEAN: dict[str, tuple[Change, Change] | tuple[Change, Change, Change]] = {
    "two participants added": (
        [["add", "Kazakhstan Space Agency", "--kind", "organization", "--signed", "2025-02", "--source", "https://e.org/k"]],
        [MOONLAND],
    ),
    "different fields of one participant": (
        [["edit", "ethiopia", "--note", "Confirmed by SSGI."]],
        [["edit", "ethiopia", "--status", "applicant"]],
    ),
    "agreements added to one participant": (
        [["agreement", "add", "pakistan", "--instrument", "agreement", "--signed", "2025-01", "--source", "https://e.org/a"]],
        [["agreement", "add", "pakistan", "--instrument", "letter-of-intent", "--signed", "2024-06", "--source", "https://e.org/b"]],
    ),
    "an edit and an add": (
        [["edit", "serbia", "--note", "Signed in Belgrade."]],
        [MOONLAND],
    ),
    "the same change on both sides": (
        [["withdraw", "uae", "--date", "2025-03"]],
        [["withdraw", "uae", "--date", "2025-03"], ["edit", "serbia", "--note", "x"]],
        [["withdraw", "uae", "--date", "2025-03"], ["edit", "serbia", "--note", "x"]],
    ),
    "a removal and an edit elsewhere": (
        [["remove", "spacetalk", "--yes"]],
        [["edit", "pakistan", "--note", "Two MoUs."]],
    ),
    "a source added to one agreement on each side": (
        [["agreement", "edit", "pakistan", "1", *PK_SOURCES, "--source", "https://e.org/one"]],
        [["agreement", "edit", "pakistan", "1", *PK_SOURCES, "--source", "https://e.org/two"]],
        [["agreement", "edit", "pakistan", "1", *PK_SOURCES, "--source", "https://e.org/two", "--source", "https://e.org/one"]],
    ),
    "an agreement's date corrected on one side, its notes on the other": (
        [["agreement", "edit", "pakistan", "1", "--signed", "2023-10-17"]],
        [["agreement", "edit", "pakistan", "1", "--agreement-note", "Signed in Beijing."]],
    ),
}  # fmt: skip


# Each case is a real repository and a real `git merge` (about 25 git processes): the default loop tries
# the cases that reach different parts of the driver, --slow (and CI) every one.
@pytest.mark.parametrize(
    "case",
    sweep(
        list(CLEAN),
        "two participants added",
        "a removal and an edit elsewhere",
        "a source added to one agreement on each side",
    ),
)
def test_independent_changes_merge_cleanly(run: Run, repo: Path, tmp_path: Path, case: str) -> None:
    theirs, ours, *expected = CLEAN[case]
    _branches(run, repo, theirs, ours)
    code, output = _merge(repo)
    assert code == 0, output
    assert "CONFLICT" not in output and "ilrs:" not in output
    assert (repo / LEDGER).read_bytes() == _expected(run, tmp_path, *(expected or [ours, theirs]))
    assert run("check", str(repo / LEDGER)).code == 0
    assert run("fmt", "--check", str(repo / LEDGER)).code == 0
    assert git(repo, "status", "--porcelain").stdout == ""


def _reformat(path: Path) -> None:
    """The same record, written otherwise: participants reversed, keys spaced out, literal strings, inline lists."""
    import re

    preamble, *blocks = re.split(r"(?m)^(?=\[\[participant\]\]$)", path.read_text(encoding="utf-8"))
    text = preamble + "\n".join(b.rstrip("\n") + "\n" for b in reversed(blocks))
    text = text.replace('kind = "state"', "kind   =   'state'").replace('id = "serbia"', 'id="serbia"')
    path.write_text(re.sub(r'sources = \[\n    ("[^"\n]*"),\n\]', r"sources = [\1]", text), encoding="utf-8")


@pytest.mark.parametrize("side", ["ours", "theirs"])
def test_one_side_reorders_and_reformats(run: Run, repo: Path, tmp_path: Path, side: str) -> None:
    """The reformatted side changed one fact; the other side's edit merges cleanly into the canonical file."""
    note, status = [["edit", "serbia", "--note", "x"]], [["edit", "ethiopia", "--status", "applicant"]]
    for branch, change in (
        ("theirs", note if side == "theirs" else status),
        ("main", note if side == "ours" else status),
    ):
        git(repo, "switch", "-q", *(["-c"] if branch == "theirs" else []), branch)
        _apply(run, repo / LEDGER, change)
        if change is note:
            _reformat(repo / LEDGER)
            assert run("check", str(repo / LEDGER)).code == 1  # not canonical, but it loads
        commit(repo, branch)
    code, output = _merge(repo)
    assert code == 0, output
    assert "CONFLICT" not in output and "ilrs:" not in output
    assert (repo / LEDGER).read_bytes() == _expected(run, tmp_path, note, status)
    assert run("check", str(repo / LEDGER)).code == 0
    assert git(repo, "status", "--porcelain").stdout == ""


CONFLICTS = {
    "the same field changed two ways": (
        [["edit", "ethiopia", "--status", "applicant"]],
        [["edit", "ethiopia", "--status", "disputed"]],
        ["ethiopia (Ethiopia) status: ours 'disputed', theirs 'applicant' (base 'claimed')"],
        ['<<<<<<< ours\nstatus = "disputed"\n=======\nstatus = "applicant"\n>>>>>>> theirs\n'],
    ),
    "removed on one side, changed on the other": (
        [["remove", "spacetalk", "--yes"]],
        [["edit", "spacetalk", "--note", "Still here."]],
        ["spacetalk (Spacetalk) participant: ours (changed: notes 'Still here.'), theirs (removed)"],
        ['<<<<<<< ours\n\n[[participant]]\nid = "spacetalk"\n'],
    ),
    "changed on one side, removed on the other": (
        [["edit", "spacetalk", "--note", "Still here."]],
        [["remove", "spacetalk", "--yes"]],
        ["spacetalk (Spacetalk) participant: ours (removed), theirs (changed: notes 'Still here.')"],
        ['<<<<<<< ours\n=======\n\n[[participant]]\nid = "spacetalk"\n'],
    ),
    "an agreement's field changed two ways": (
        [["agreement", "edit", "pakistan", "1", "--place", "Islamabad"]],
        [["agreement", "edit", "pakistan", "1", "--place", "Shanghai"]],
        [f"{PK}.place: ours 'Shanghai', theirs 'Islamabad' (base 'Beijing')"],
        ['<<<<<<< ours\nplace = "Shanghai"\n=======\nplace = "Islamabad"\n>>>>>>> theirs\n'],
    ),
    "an agreement removed on one side, changed on the other": (
        [["agreement", "add", "pakistan", "--instrument", "agreement", "--signed", "2025-01", "--source", "https://e.org/a"],
         ["agreement", "remove", "pakistan", "1", "--yes"]],
        [["agreement", "edit", "pakistan", "1", "--confidence", "medium"]],
        [f"{PK}: ours (changed: confidence 'medium'), theirs (removed)"],
        ['[[participant.agreement]]\n<<<<<<< ours\ninstrument = "mou"\n'],
    ),
    "one id added on both sides, differently": (
        [["add", "Moonland", "--kind", "company", "--signed", "2025", "--source", "https://e.org/m"]],
        [["add", "Moonland", "--kind", "institution", "--signed", "2025", "--source", "https://e.org/m"]],
        ["moonland (Moonland) kind: ours 'institution', theirs 'company'"],
        ['<<<<<<< ours\nkind = "institution"\n=======\nkind = "company"\n>>>>>>> theirs\n'],
    ),
    "one id added on both sides with different agreements": (
        [["add", "Moonland", "--kind", "company", "--signed", "2025-02", "--counterpart", "DSEL", "--source", "https://e.org/m"]],
        [["add", "Moonland", "--kind", "company", "--signed", "2025-01", "--counterpart", "CNSA", "--source", "https://e.org/m"]],
        ["moonland (Moonland) agreement (2025-01 mou, CNSA): ours (added), theirs (not added)",
         "moonland (Moonland) agreement (2025-02 mou, DSEL): ours (not added), theirs (added)"],
        ['<<<<<<< ours\ncounterpart = "CNSA"\nsigned = "2025-01"\n=======\ncounterpart = "DSEL"\nsigned = "2025-02"\n'
         '>>>>>>> theirs\n'],
    ),
    "two names that would be one after the merge": (
        [["add", "Moonland", "--kind", "company", "--signed", "2025", "--source", "https://e.org/m"]],
        [["add", "MOONLAND", "--id", "moonland-co", "--kind", "company", "--signed", "2025", "--source", "https://e.org/m"]],
        ["the merge would not pass `ilrs check`: participant[37] (moonland-co).name: name 'MOONLAND' is the same as 'Moonland' (moonland)"],
        [],
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    "case",
    sweep(
        list(CONFLICTS),
        "the same field changed two ways",
        "removed on one side, changed on the other",
        "an agreement removed on one side, changed on the other",
        "two names that would be one after the merge",
    ),
)
def test_true_conflicts_are_reported(run: Run, repo: Path, case: str) -> None:
    theirs, ours, reports, hunks = CONFLICTS[case]
    _branches(run, repo, theirs, ours)
    code, output = _merge(repo)
    assert code == 1
    assert "CONFLICT (content): Merge conflict in data/members.toml" in output
    said = [
        line.removeprefix(f"ilrs: conflict: {LEDGER}: ")
        for line in output.splitlines()
        if line.startswith("ilrs: conflict:")
    ]
    assert said == reports
    text = (repo / LEDGER).read_text(encoding="utf-8")
    for hunk in hunks:
        assert hunk in text
    assert text.count("<<<<<<< ours") == len(hunks)
    check = run("check", str(repo / LEDGER))
    assert check.code in (1, 2)  # markers or the reported problem: never a silently wrong ledger
    if hunks:
        ours_side = _resolve(text, keep="ours")
        (repo / LEDGER).write_text(ours_side, encoding="utf-8")
        assert run("check", str(repo / LEDGER)).code == 0, run("check", str(repo / LEDGER)).stdout
        assert run("fmt", "--check", str(repo / LEDGER)).code == 0
        (repo / LEDGER).write_text(_resolve(text, keep="theirs"), encoding="utf-8")
        assert run("fmt", str(repo / LEDGER)).code == 0  # their side may keep our order of participants
        assert run("check", str(repo / LEDGER)).code == 0


def test_the_conflict_marker_size_attribute_is_honoured(run: Run, repo: Path) -> None:
    """git passes %L from a conflict-marker-size attribute (a file that holds 7-character lines of its own)."""
    attributes = repo / ".gitattributes"
    attributes.write_text(
        attributes.read_text(encoding="utf-8").replace("merge=ilrs", "merge=ilrs conflict-marker-size=11")
    )
    commit(repo, "longer markers")
    theirs, ours, reports, _ = CONFLICTS["the same field changed two ways"]
    _branches(run, repo, theirs, ours)
    code, output = _merge(repo)
    assert code == 1
    assert [
        line.removeprefix(f"ilrs: conflict: {LEDGER}: ") for line in output.splitlines() if "ilrs: conflict" in line
    ] == reports
    text = (repo / LEDGER).read_text(encoding="utf-8")
    assert '<<<<<<<<<<< ours\nstatus = "disputed"\n===========\nstatus = "applicant"\n>>>>>>>>>>> theirs\n' in text
    assert "<<<<<<< ours\n" not in text.replace("<<<<<<<<<<< ours\n", "")


def _resolve(text: str, keep: str) -> str:
    """Settle every conflict one way, as a person editing the file would."""
    out, side = [], None
    for line in text.splitlines(keepends=True):
        if line.startswith("<<<<<<< "):
            side = "ours"
        elif line == "=======\n" and side:
            side = "theirs"
        elif line.startswith(">>>>>>> "):
            side = None
        elif side in (None, keep):
            out.append(line)
    return "".join(out)


def test_a_version_that_does_not_load_loses_no_side(run: Run, repo: Path, tmp_path: Path) -> None:
    """The driver cannot merge by participant: git's line-by-line merge of both sides takes its place."""
    _branches(run, repo, [["edit", "ethiopia", "--status", "applicant"]], [["edit", "serbia", "--note", "x"]])
    broken = (repo / LEDGER).read_bytes().replace(b'id = "serbia"', b'id = "serbia', 1)
    (repo / LEDGER).write_bytes(broken)
    commit(repo, "ours, broken")
    code, output = _merge(repo)
    assert code == 1 and "CONFLICT (content)" in output
    assert f"ilrs: error: {LEDGER} (ours):" in output
    assert f"hint: {LEDGER} holds git's line-by-line merge instead (no lines clashed): review it" in output
    # our broken line and their change, both: nothing of either side is lost, and git marks the file conflicted
    both = _expected(
        run, tmp_path, [["edit", "ethiopia", "--status", "applicant"]], [["edit", "serbia", "--note", "x"]]
    )
    assert (repo / LEDGER).read_bytes() == both.replace(b'id = "serbia"', b'id = "serbia', 1)
    assert git(repo, "status", "--porcelain").stdout == f"UU {LEDGER}\n"


def test_a_side_with_comments_loses_no_side(run: Run, repo: Path) -> None:
    _branches(run, repo, [["edit", "ethiopia", "--status", "applicant"]], [["edit", "pakistan", "--note", "x"]])
    text = (repo / LEDGER).read_text(encoding="utf-8")
    (repo / LEDGER).write_text(text.replace('id = "serbia"', 'id = "serbia"  # checked 2025', 1), encoding="utf-8")
    commit(repo, "ours, a comment")
    code, output = _merge(repo)
    assert code == 1 and "CONFLICT (content)" in output
    assert f"ilrs: error: {LEDGER} (ours): has 1 comment line(s) a merge by participant cannot keep" in output
    merged = (repo / LEDGER).read_text(encoding="utf-8")
    assert 'id = "serbia"  # checked 2025' in merged and "<<<<<<<" not in merged
    assert merged.count('status = "applicant"') == text.count('status = "applicant"') + 1


def test_the_driver_alone(run: Run, tmp_path: Path) -> None:
    base, ours, theirs = (tmp_path / n for n in ("base", "ours", "theirs"))
    for path in (base, ours, theirs):
        shutil.copyfile(BASE, path)
    _apply(run, ours, [["edit", "ethiopia", "--status", "applicant"]])
    _apply(run, theirs, [["add", "Moonland", "--kind", "company", "--signed", "2025", "--source", "https://e.org"]])
    result = run("merge-driver", str(base), str(ours), str(theirs), "members.toml")
    assert (result.code, result.stdout, result.stderr) == (0, "", "")
    assert ours.read_bytes() == _expected(
        run,
        tmp_path,
        [["edit", "ethiopia", "--status", "applicant"]],
        [["add", "Moonland", "--kind", "company", "--signed", "2025", "--source", "https://e.org"]],
    )
    # no common ancestor: git gives an empty base
    base.write_bytes(b"")
    shutil.copyfile(BASE, theirs)
    before = ours.read_bytes()
    assert run("merge-driver", str(base), str(ours), str(theirs)).code == 1  # ethiopia's status two ways
    assert ours.read_bytes() != before and b"<<<<<<< ours" in ours.read_bytes()
    # unparseable, commented and foreign versions: exit 2, one clear error, and ours holds git's line-by-line
    # merge, so that no side's content is lost (git takes ours as the result and marks it conflicted)
    shutil.copyfile(BASE, base)
    shutil.copyfile(BASE, ours)
    theirs.write_bytes(BASE.read_bytes() + b"\n[[participant]\n")
    result = run("merge-driver", str(base), str(ours), str(theirs), "data/members.toml")
    assert result.code == 2 and ours.read_bytes() == theirs.read_bytes()
    line = BASE.read_bytes().count(b"\n") + 2  # the unclosed header after the blank line
    assert result.stderr.splitlines() == [
        f"ilrs: error: data/members.toml (theirs):{line}:14: TOML syntax error: Expected ']]' at the end of an array "
        "declaration",
        "hint: data/members.toml holds git's line-by-line merge instead (no lines clashed): review it; "
        "`git show :1:data/members.toml`, `:2:` and `:3:` give base, ours, theirs",
    ]
    shutil.copyfile(BASE, ours)
    theirs.write_bytes(BASE.read_bytes() + b"# a comment\n")
    result = run("merge-driver", str(base), str(ours), str(theirs), "data/members.toml")
    assert result.code == 2 and ours.read_bytes() == theirs.read_bytes()
    assert "data/members.toml (theirs): has 1 comment line(s) a merge by participant cannot keep" in result.stderr
    shutil.copyfile(BASE, ours)
    _apply(run, ours, [["edit", "ethiopia", "--status", "applicant"]])
    theirs.write_bytes(b'[package]\nname = "x"\n')  # not a ledger at all: both sides between markers
    ours_before = ours.read_bytes()
    result = run("merge-driver", str(base), str(ours), str(theirs), "data/members.toml")
    assert result.code == 2 and "data/members.toml (theirs):1: package: unknown key 'package'" in result.stderr
    assert "(1 conflict(s) between markers)" in result.stderr
    assert ours.read_bytes() == b"<<<<<<< ours\n" + ours_before + b'=======\n[package]\nname = "x"\n>>>>>>> theirs\n'
    # what git cannot merge line by line either (a binary file): ours as git gave it
    shutil.copyfile(BASE, ours)
    theirs.write_bytes(b"\x00\x01binary")
    result = run("merge-driver", str(base), str(ours), str(theirs), "data/members.toml")
    assert result.code == 2 and ours.read_bytes() == BASE.read_bytes()
    assert result.stderr.splitlines()[1] == (
        "hint: data/members.toml holds our version unchanged; `git show :1:data/members.toml`, `:2:` and `:3:` "
        "give base, ours, theirs"
    )
    result = run("merge-driver", str(base), str(tmp_path / "missing"), str(theirs))
    assert result.code == 2 and "cannot read ledger" in result.stderr


def test_git_setup_is_idempotent_and_has_a_dry_run(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = init(tmp_path / "fresh")
    (repo / "data").mkdir()
    shutil.copyfile(BASE, repo / LEDGER)
    (repo / ".gitattributes").write_text("*.png binary", encoding="utf-8")  # no final newline
    monkeypatch.chdir(repo / "data")
    dry = run("git-setup", "--dry-run", "--ledger", "members.toml")
    assert (dry.code, dry.stderr) == (0, "dry run: nothing changed\n")
    assert dry.stdout == (
        "git config merge.ilrs.name 'ilrs: three-way merge of the ledger by participant id and field'\n"
        "git config merge.ilrs.driver 'ilrs merge-driver --marker-size %L %O %A %B %P'\n"
        f"echo '/data/members.toml merge=ilrs' >> {repo / '.gitattributes'}\n"
    )
    assert (repo / ".gitattributes").read_text(encoding="utf-8") == "*.png binary"
    assert git(repo, "config", "--get", "merge.ilrs.driver", check=False).returncode == 1
    done = run("git-setup", "--ledger", "members.toml")
    assert (done.code, done.stdout) == (0, "")
    assert done.stderr.splitlines() == [
        f"set merge.ilrs.name in {repo / '.git' / 'config'}",
        f"set merge.ilrs.driver in {repo / '.git' / 'config'}",
        f"added '/data/members.toml merge=ilrs' to {repo / '.gitattributes'} (commit it, so every clone merges the ledger this way)",
    ]
    assert (repo / ".gitattributes").read_text(encoding="utf-8") == "*.png binary\n/data/members.toml merge=ilrs\n"
    assert (
        git(repo, "config", "--get", "merge.ilrs.driver").stdout == "ilrs merge-driver --marker-size %L %O %A %B %P\n"
    )
    again = run("git-setup", "--ledger", "members.toml")
    assert (again.code, again.stdout) == (0, "")
    assert (
        again.stderr
        == "already set up: data/members.toml is merged by `ilrs merge-driver --marker-size %L %O %A %B %P`\n"
    )
    assert run("git-setup", "--dry-run", "--ledger", "members.toml").stdout == ""
    assert (repo / ".gitattributes").read_text(encoding="utf-8") == "*.png binary\n/data/members.toml merge=ilrs\n"


def test_git_setup_respects_an_existing_rule_and_says_what_is_wrong(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = init(tmp_path / "fresh")
    shutil.copyfile(BASE, repo / "my [ledger].toml")
    (repo / ".gitattributes").write_text("*.toml merge=ilrs\n", encoding="utf-8")
    result = run("git-setup", "--ledger", str(repo / "my [ledger].toml"))
    assert result.code == 0
    assert (repo / ".gitattributes").read_text(encoding="utf-8") == "*.toml merge=ilrs\n"  # already matched
    (repo / ".gitattributes").unlink()
    git(repo, "config", "--unset-all", "merge.ilrs.driver")
    tabbed = repo / "tab\there.toml"
    shutil.copyfile(BASE, tabbed)
    refused = run("git-setup", "--ledger", str(tabbed))
    assert (refused.code, refused.stdout) == (2, "")
    assert refused.stderr.splitlines() == [
        "ilrs: error: tab\\x09here.toml: cannot write a .gitattributes pattern for this path",
        "hint: add a line for it by hand: PATTERN merge=ilrs (see `ilrs git-setup --help`); then: git config "
        'merge.ilrs.driver "ilrs merge-driver --marker-size %L %O %A %B %P"',
    ]
    assert not (repo / ".gitattributes").exists()
    assert git(repo, "config", "--get", "merge.ilrs.driver", check=False).returncode == 1  # nothing half done
    assert run("git-setup", "--ledger", str(repo / "my [ledger].toml")).code == 0  # it checks git reads it back
    assert (repo / ".gitattributes").read_text(encoding="utf-8") == "/my[[:space:]]\\[ledger].toml merge=ilrs\n"
    (repo / ".gitattributes").unlink()
    shutil.copyfile(BASE, repo / "[x]*.toml")
    assert run("git-setup", "--ledger", str(repo / "[x]*.toml")).code == 0  # it checks git reads it back
    assert (repo / ".gitattributes").read_text(encoding="utf-8") == "/\\[x]\\*.toml merge=ilrs\n"
    outside = tmp_path / "outside.toml"
    shutil.copyfile(BASE, outside)
    result = run("git-setup", "--ledger", str(outside))
    assert (result.code, result.stderr) == (2, f"ilrs: error: {outside} is not inside a git repository\n")
    git_only = str(Path(shutil.which("git") or "/usr/bin/git").parent)
    if shutil.which("ilrs", path=git_only):
        return  # an ilrs installed beside git: the warning cannot be shown here
    monkeypatch.setenv("PATH", git_only)
    shutil.copyfile(BASE, repo / "plain.toml")
    result = run("git-setup", "--ledger", str(repo / "plain.toml"))
    assert result.code == 0
    assert result.stderr.splitlines()[-1] == (
        "warning: `ilrs` is not on PATH, so git cannot run the merge driver; put its directory on PATH"
    )
