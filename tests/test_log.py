"""`ilrs log`: the record's history from real git commits, in the ledger's own terms."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import BUNDLED, Run
from gitrepo import commit, git, init, isolate

BOB = "Bob Keeper <bob@example.org>"
# A frozen copy of the 0.1 bundled ledger (in the current format), so the history does not move with the data.
BASE = Path(__file__).parent / "data" / "members-0.1.toml"
# The "Broken" commit appends an unclosed `[[participant]` after the ledger's last line.
BROKEN_LINE = BASE.read_text(encoding="utf-8").count("\n") + 25  # + the agreement and participant the history adds
BROKEN = f"does not load: data/ledger.toml:{BROKEN_LINE}:14: TOML syntax error: Expected ']]' at the end of an array declaration"


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)


class History:
    """The commits of the ``repo`` fixture, by name."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self.ids: dict[str, str] = {}

    def commit(self, name: str, date: str, author: str | None = None) -> None:
        self.ids[name] = commit(self.repo, name, f"{date}T10:00:00+02:00", author)


@pytest.fixture
def history(tmp_path: Path, run: Run) -> History:
    """Eight commits: the bundled ledger, a withdrawal, an addition, a text-only change, a file rename,
    an id change, a commit whose ledger does not parse, and its repair with another change."""
    h = History(init(tmp_path / "repo"))
    data = h.repo / "data"
    data.mkdir()
    ledger = data / "members.toml"
    shutil.copyfile(BASE, ledger)
    h.commit("The bundled ledger", "2024-01-10")
    assert run("withdraw", "uae", "--date", "2025-03", "--ledger", str(ledger)).code == 0
    h.commit("UAE withdrew", "2024-03-05", BOB)
    assert run("agreement", "add", "pakistan", "--instrument", "agreement", "--signed", "2025-01",
               "--source", "https://example.org/pk", "--ledger", str(ledger)).code == 0  # fmt: skip
    assert run("add", "Moonland", "--kind", "company", "--signed", "2025", "--source", "https://e.org",
               "--ledger", str(ledger)).code == 0  # fmt: skip
    h.commit("Pakistan's second agreement; Moonland", "2024-05-01")
    text = ledger.read_text(encoding="utf-8")
    ledger.write_text(text.replace('id = "moonland"', 'id    =    "moonland"'), encoding="utf-8")
    h.commit("Spacing", "2024-06-01")
    git(h.repo, "mv", "data/members.toml", "data/ledger.toml")
    h.commit("Rename the file", "2024-07-01")
    ledger = data / "ledger.toml"
    text = ledger.read_text(encoding="utf-8").replace('id = "pakistan"', 'id = "pk"')
    ledger.write_text(text.replace('country = "PK"', 'country = "IN"', 1), encoding="utf-8")
    h.commit("Pakistan's id is pk", "2024-08-01", BOB)
    ledger.write_text(text + "\n[[participant]\n", encoding="utf-8")
    h.commit("Broken", "2024-09-01")
    ledger.write_text(text, encoding="utf-8")
    assert run("edit", "ethiopia", "--status", "applicant", "--ledger", str(ledger)).code == 0
    h.commit("Repaired; Ethiopia is a member", "2024-09-02")
    return h


def _tsv(run: Run, *args: str) -> list[list[str]]:
    result = run("log", *args)
    assert (result.code, result.stderr) == (0, ""), result.stderr
    return [line.split("\t") for line in result.stdout.splitlines()]


def test_each_commit_with_its_changes_newest_first(run: Run, history: History) -> None:
    ids = history.ids
    pk = ids["Pakistan's id is pk"][:10]
    rows = _tsv(run, "-n", "7", "--ledger", str(history.repo / "data" / "ledger.toml"))
    assert [r[:4] for r in rows][:1] == [
        [
            ids["Repaired; Ethiopia is a member"],
            "2024-09-02T10:00:00+02:00",
            "Ada Editor",
            "Repaired; Ethiopia is a member",
        ]
    ]
    assert [r[4:] for r in rows] == [
        ["!", "", "", "parent", "", f"the previous version does not load; changes are shown against {pk}"],
        ["~", "pk", "Pakistan", "country", "IN", "PK"],
        ["~", "ethiopia", "Ethiopia", "status", "claimed", "applicant"],
        ["!", "", "", "ledger", "", BROKEN],
        ["~", "pk", "Pakistan", "id", "pakistan", "pk"],
        ["~", "pk", "Pakistan", "country", "PK", "IN"],
        ["=", "", "", "file", "data/members.toml", "data/ledger.toml"],
        ["=", "", "", "format", "", ""],
        ["+", "moonland", "Moonland", "participant", "", "2025"],
        ["+", "pakistan", "Pakistan", "agreement[2]", "", "2025-01 agreement"],
        ["~", "uae", "United Arab Emirates", "status", "disputed", "withdrawn"],
        ["~", "uae", "United Arab Emirates", "withdrawn", "", "2025-03"],
    ]
    assert {r[2] for r in rows if r[3] in ("UAE withdrew", "Pakistan's id is pk")} == {"Bob Keeper"}
    root = _tsv(run, "--reverse", "-n", "1", "--ledger", str(history.repo / "data" / "ledger.toml"))
    assert root[0][3] == "Repaired; Ethiopia is a member"  # -n picks the newest, --reverse then orders them
    everything = _tsv(run, "--reverse", "--ledger", str(history.repo / "data" / "ledger.toml"))
    assert everything[0][3] == "The bundled ledger" and len([r for r in everything if r[4] == "+"]) == 44


def test_filters_dates_count_and_range(run: Run, history: History) -> None:
    ledger = str(history.repo / "data" / "ledger.toml")

    def subjects(rows: list[list[str]]) -> list[str]:
        return list(dict.fromkeys(r[3] for r in rows))

    assert subjects(_tsv(run, "--since", "2024-05", "--until", "2024-07-01", "--ledger", ledger)) == [
        "Rename the file",
        "Spacing",
        "Pakistan's second agreement; Moonland",
    ]
    assert (
        subjects(_tsv(run, "--until", "2024", "-n", "2", "--reverse", "--ledger", ledger))
        == [
            "Repaired; Ethiopia is a member",
            "Broken",
        ][::-1]
    )
    ids = history.ids
    assert subjects(_tsv(run, "--rev", f"{ids['Spacing']}..{ids['Broken']}", "--ledger", ledger)) == [
        "Broken",
        "Pakistan's id is pk",
        "Rename the file",
    ]
    assert subjects(_tsv(run, "--rev", ids["UAE withdrew"], "--ledger", ledger)) == [
        "UAE withdrew",
        "The bundled ledger",
    ]
    assert _tsv(run, "--since", "2030", "--ledger", ledger) == []


def test_one_participant_fact_by_fact_and_through_its_id_change(run: Run, history: History) -> None:
    ledger = str(history.repo / "data" / "ledger.toml")
    ids = history.ids
    pk = ids["Pakistan's id is pk"][:10]
    result = run("log", "pk", "--ledger", ledger)
    assert result.code == 0
    assert [line.split("\t")[3:] for line in result.stdout.splitlines()] == [
        [
            "Repaired; Ethiopia is a member",
            "!",
            "",
            "",
            "parent",
            "",
            f"the previous version does not load; changes are shown against {pk}",
        ],
        ["Repaired; Ethiopia is a member", "~", "pk", "Pakistan", "country", "IN", "PK"],
        ["Broken", "!", "", "", "ledger", "", BROKEN],
        ["Pakistan's id is pk", "~", "pk", "Pakistan", "id", "pakistan", "pk"],
        ["Pakistan's id is pk", "~", "pk", "Pakistan", "country", "PK", "IN"],
    ]
    assert result.stderr == (
        f"pk was probably 'pakistan' before {pk} (one removed and one added with the "
        "same name); --follow continues with 'pakistan'\n"
    )
    followed = run("log", "Pakistan", "--follow", "--reverse", "--ledger", ledger)  # a name works as well as an id
    assert (followed.code, followed.stderr) == (0, "")
    assert [line.split("\t")[3:] for line in followed.stdout.splitlines()][:8] == [
        ["The bundled ledger", "+", "pakistan", "Pakistan", "participant", "", "2023-10-18"],
        ["The bundled ledger", "+", "pakistan", "Pakistan", "name", "", "Pakistan"],
        ["The bundled ledger", "+", "pakistan", "Pakistan", "kind", "", "state"],
        ["The bundled ledger", "+", "pakistan", "Pakistan", "country", "", "PK"],
        ["The bundled ledger", "+", "pakistan", "Pakistan", "status", "", "member"],
        ["The bundled ledger", "+", "pakistan", "Pakistan", "agreement[1]", "", "2023-10-18 mou"],
        ["Pakistan's second agreement; Moonland", "+", "pakistan", "Pakistan", "agreement[2]", "", "2025-01 agreement"],
        ["Pakistan's id is pk", "~", "pk", "Pakistan", "id", "pakistan", "pk"],
    ]
    uae = run("log", "uae", "--ledger", ledger, "-n", "1", "--until", "2024-08", "--format", "csv")
    assert uae.stdout.splitlines() == [
        "commit,date,author,subject,marker,id,name,what,from,to",
        f"{ids['UAE withdrew']},2024-03-05T10:00:00+02:00,Bob Keeper,UAE withdrew,~,uae,United Arab Emirates,status,disputed,withdrawn",
        f"{ids['UAE withdrew']},2024-03-05T10:00:00+02:00,Bob Keeper,UAE withdrew,~,uae,United Arab Emirates,withdrawn,,2025-03",
    ]


def test_json_and_jsonl_are_one_object_per_commit(run: Run, history: History) -> None:
    ledger = str(history.repo / "data" / "ledger.toml")
    ids = history.ids
    result = run("log", "uae", "--format", "json", "--ledger", ledger, "--until", "2024-03")
    assert result.code == 0
    data = json.loads(result.stdout)
    assert data[0] == {
        "commit": ids["UAE withdrew"],
        "parents": [ids["The bundled ledger"]],
        "date": "2024-03-05T10:00:00+02:00",
        "author": "Bob Keeper",
        "email": "bob@example.org",
        "subject": "UAE withdrew",
        "path": "data/members.toml",
        "changes": [
            {
                "marker": "~",
                "id": "uae",
                "name": "United Arab Emirates",
                "what": "status",
                "from": "disputed",
                "to": "withdrawn",
            },
            {
                "marker": "~",
                "id": "uae",
                "name": "United Arab Emirates",
                "what": "withdrawn",
                "from": None,
                "to": "2025-03",
            },
        ],
    }
    assert data[1]["parents"] == [] and data[1]["changes"][0]["what"] == "participant"
    lines = run("log", "--format", "jsonl", "--ledger", ledger, "-n", "4").stdout.splitlines()
    assert [json.loads(line)["subject"] for line in lines] == [
        "Repaired; Ethiopia is a member",
        "Broken",
        "Pakistan's id is pk",
        "Rename the file",
    ]
    assert json.loads(lines[3])["changes"] == [
        {"marker": "=", "what": "file", "from": "data/members.toml", "to": "data/ledger.toml"}
    ]
    assert run("log", "--format", "json", "--since", "2030", "--ledger", ledger).stdout == "[]\n"


def test_table_and_markdown(run: Run, history: History) -> None:
    ledger = str(history.repo / "data" / "ledger.toml")
    ids = history.ids
    pk = ids["Pakistan's id is pk"][:10]
    table = run("log", "--format", "table", "-n", "5", "--ledger", ledger)
    assert table.stdout.splitlines() == [
        f"{ids['Repaired; Ethiopia is a member'][:10]}  2 Sep 2024  Ada Editor  Repaired; Ethiopia is a member",
        f"  ! the previous version does not load; changes are shown against {pk}",
        "  ~ Pakistan  pk  country: IN -> PK",
        "  ~ Ethiopia  ethiopia  status: claimed -> applicant",
        f"{ids['Broken'][:10]}  1 Sep 2024  Ada Editor  Broken",
        f"  ! does not load: data/ledger.toml:{BROKEN_LINE}:14: TOML syntax error: Expected ']]' at the end of an array ",
        "declaration",
        f"{pk}  1 Aug 2024  Bob Keeper  Pakistan's id is pk",
        "  ~ Pakistan  pk  id: pakistan -> pk",
        "  ~ Pakistan  pk  country: PK -> IN",
        f"{ids['Rename the file'][:10]}  1 Jul 2024  Ada Editor  Rename the file",
        "  = file renamed: data/members.toml -> data/ledger.toml",
        f"{ids['Spacing'][:10]}  1 Jun 2024  Ada Editor  Spacing",
        "  = the text changed, the record did not (formatting or comments)",
    ]
    markdown = run("log", "--format", "markdown", "-n", "1", "--rev", ids["UAE withdrew"], "--ledger", ledger)
    assert markdown.stdout.splitlines()[:3] == [
        "| commit | date | author | subject | marker | id | name | what | from | to |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {ids['UAE withdrew']} | 2024-03-05T10:00:00+02:00 | Bob Keeper | UAE withdrew | \\~ | uae | United Arab Emirates | status | disputed | withdrawn |",
    ]


def test_from_any_directory_and_with_ilrs_ledger(run: Run, history: History, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(history.repo / "data")
    expected = _tsv(run, "-n", "3", "--ledger", "ledger.toml")
    monkeypatch.setenv("ILRS_LEDGER", "ledger.toml")
    assert _tsv(run, "-n", "3") == expected
    monkeypatch.chdir(history.repo)
    monkeypatch.setenv("ILRS_LEDGER", "data/ledger.toml")
    assert _tsv(run, "-n", "3") == expected


def test_errors(run: Run, history: History, tmp_path: Path) -> None:
    ledger = str(history.repo / "data" / "ledger.toml")
    outside = tmp_path / "outside.toml"
    shutil.copyfile(BUNDLED, outside)
    cases = [
        (("--ledger", str(outside)), f"ilrs: error: {outside} is not inside a git repository\n"),
        (
            ("--ledger", str(history.repo / "new.toml")),
            "ilrs: error: new.toml has no history in git (it was never committed)\n",
        ),
        (
            ("nobody", "--ledger", ledger),
            "ilrs: error: no participant 'nobody' in data/ledger.toml or in its history\n"
            f"hint: list the ids with `ilrs list --all --fields id,name --ledger {ledger}`\n",
        ),
        (
            ("pakistn", "--ledger", ledger),
            "ilrs: error: no participant 'pakistn' in data/ledger.toml or in its history\nhint: did you mean: pk, kazakhstan?\n",
        ),
        (("--follow", "--ledger", ledger), "ilrs: error: --follow needs an ID to follow\n"),
        (
            ("--rev", "nope..HEAD", "--ledger", ledger),
            "ilrs: error: --rev 'nope..HEAD': unknown revision 'nope' at the start of the range\n",
        ),
        (("--rev", "--all", "--ledger", ledger), "ilrs: error: --rev: invalid revision '--all'\n"),
        (
            ("--since", "2024-05", "--until", "2024-04", "--ledger", ledger),
            "ilrs: error: --until 2024-04 is before --since 2024-05\n",
        ),
        ((), "ilrs: error: log needs a ledger file inside a git repository (pass --ledger PATH)\n"),
    ]
    shutil.copyfile(BUNDLED, history.repo / "new.toml")
    for args, stderr in cases:
        result = run("log", *args)
        assert (result.code, result.stdout, result.stderr) == (2, "", stderr), args
    # an id that exists only in history (removed since) is fine
    assert run("log", "pakistan", "--ledger", ledger).code == 0


@pytest.mark.parametrize(
    ("rev", "message"),
    [
        ("nosuch..HEAD", "--rev 'nosuch..HEAD': unknown revision 'nosuch' at the start of the range"),
        ("HEAD..nosuch", "--rev 'HEAD..nosuch': unknown revision 'nosuch' at the end of the range"),
        ("nosuch...HEAD", "--rev 'nosuch...HEAD': unknown revision 'nosuch' at the start of the range"),
        ("..nosuch", "--rev '..nosuch': unknown revision 'nosuch' at the end of the range"),
        (
            "old..new",
            "--rev 'old..new': unknown revision 'old' at the start of the range; "
            "unknown revision 'new' at the end of the range",
        ),
        ("HEAD..-x", "--rev 'HEAD..-x': invalid revision '-x' at the end of the range"),
        ("nosuch", "--rev: unknown revision 'nosuch'"),
        # split at the first '..', these were told as unknown revisions 'HEAD..HEAD' and '.HEAD'
        ("HEAD..HEAD..HEAD", "--rev 'HEAD..HEAD..HEAD': a range has two ends, as in A..B or A...B"),
        ("HEAD....HEAD", "--rev 'HEAD....HEAD': a range has two ends, as in A..B or A...B"),
    ],
)
def test_a_bad_rev_is_named_whole_with_the_end_at_fault(run: Run, history: History, rev: str, message: str) -> None:
    result = run("log", "--rev", rev, "--ledger", str(history.repo / "data" / "ledger.toml"))
    assert (result.code, result.stdout, result.stderr) == (2, "", f"ilrs: error: {message}\n")


def test_ranges_with_an_empty_end_still_mean_head(run: Run, history: History) -> None:
    ledger = str(history.repo / "data" / "ledger.toml")
    first = history.ids["The bundled ledger"]
    assert run("log", "--rev", f"{first}..", "--ledger", ledger).stdout == (
        run("log", "--rev", f"{first}..HEAD", "--ledger", ledger).stdout
    )
    assert run("log", "--rev", f"{first}..", "--ledger", ledger).stdout != ""


def test_a_repository_with_no_commit_yet(run: Run, tmp_path: Path) -> None:
    repo = init(tmp_path / "fresh")
    shutil.copyfile(BUNDLED, repo / "members.toml")
    result = run("log", "--ledger", str(repo / "members.toml"))
    assert (result.code, result.stderr) == (
        2,
        "ilrs: error: members.toml has no history in git (it was never committed)\n",
    )


def test_a_merge_shows_only_what_it_changed_itself(run: Run, tmp_path: Path) -> None:
    repo = init(tmp_path / "repo")
    ledger = repo / "members.toml"
    shutil.copyfile(BASE, ledger)
    commit(repo, "base", "2024-01-01T10:00:00+00:00")
    git(repo, "switch", "-q", "-c", "side")
    assert run("withdraw", "uae", "--date", "2025", "--ledger", str(ledger)).code == 0
    commit(repo, "side: UAE", "2024-02-01T10:00:00+00:00")
    git(repo, "switch", "-q", "main")
    assert run("edit", "ethiopia", "--status", "applicant", "--ledger", str(ledger)).code == 0
    commit(repo, "main: Ethiopia", "2024-03-01T10:00:00+00:00")
    git(repo, "merge", "-q", "--no-edit", "side", date="2024-04-01T10:00:00+00:00")
    rows = _tsv(run, "--ledger", str(ledger), "-n", "3")
    assert [r[3:] for r in rows] == [
        ["Merge branch 'side'", "=", "", "", "merge", "", ""],
        ["main: Ethiopia", "~", "ethiopia", "Ethiopia", "status", "claimed", "applicant"],
        ["side: UAE", "~", "uae", "United Arab Emirates", "status", "disputed", "withdrawn"],
        ["side: UAE", "~", "uae", "United Arab Emirates", "withdrawn", "", "2025"],
    ]
    assert _tsv(run, "ethiopia", "--ledger", str(ledger))[0][3] == "main: Ethiopia"


def test_hostile_commit_text_a_new_empty_ledger_and_an_id_left_behind(run: Run, tmp_path: Path) -> None:
    """Escape sequences in a subject or an author's name are shown, not obeyed, in every format; a commit that
    creates an empty ledger says so; the old id of an id change shows the change and where its history goes on."""
    repo = init(tmp_path / "repo")
    ledger = repo / "sub dir" / "members.toml"
    assert run("init", str(ledger)).code == 0
    first = commit(repo, "An empty ledger", "2024-01-01T10:00:00+00:00")
    assert run("add", "Moonland", "--id", "moonbase", "--kind", "company", "--signed", "2025", "--source",
               "https://e.org", "--ledger", str(ledger)).code == 0  # fmt: skip
    commit(repo, "Moonland", "2024-02-01T10:00:00+00:00")
    ledger.write_text(ledger.read_text(encoding="utf-8").replace('id = "moonbase"', 'id = "moon"'), encoding="utf-8")
    evil = commit(repo, "Id \x1b]0;owned\x07 \x1b[2Jmoon", "2024-03-01T10:00:00+00:00", "Eve \x1b[31mRed <eve@e.org>")
    before = ledger.read_bytes()
    for fmt in ("table", "tsv", "csv", "markdown"):
        for colour in ("never", "always"):
            shown = run("log", "--ledger", str(ledger), "--format", fmt, "--colour", colour)
            assert shown.code == 0 and "\x1b]" not in shown.stdout and "\x07" not in shown.stdout, (fmt, colour)
            assert "\x1b[2J" not in shown.stdout and "\x1b[31mRed" not in shown.stdout, (fmt, colour)
    table = run("log", "--ledger", str(ledger), "--format", "table")
    assert table.stdout.splitlines() == [
        f"{evil[:10]}  1 Mar 2024  Eve \\x1b[31mRed  Id \\x1b]0;owned\\x07 \\x1b[2Jmoon",
        "  ~ Moonland  moon  id: moonbase -> moon",
        f"{table.stdout.splitlines()[2][:10]}  1 Feb 2024  Ada Editor  Moonland",
        "  + Moonland  moonbase  added, joined 2025",
        f"{first[:10]}  1 Jan 2024  Ada Editor  An empty ledger",
        "  = file created: sub dir/members.toml",
    ]
    (entry,) = json.loads(run("log", "-n", "1", "--ledger", str(ledger), "--format", "json").stdout)
    assert (entry["author"], entry["subject"]) == ("Eve \x1b[31mRed", "Id \x1b]0;owned\x07 \x1b[2Jmoon")
    created = _tsv(run, "--ledger", str(ledger), "--rev", first)
    assert [r[3:] for r in created] == [["An empty ledger", "=", "", "", "file", "", "sub dir/members.toml"]]
    old = run("log", "moonbase", "--ledger", str(ledger))
    assert old.code == 0
    assert [line.split("\t")[3:] for line in old.stdout.splitlines()][:2] == [
        ["Id \\x1b]0;owned\\x07 \\x1b[2Jmoon", "~", "moon", "Moonland", "id", "moonbase", "moon"],
        ["Moonland", "+", "moonbase", "Moonland", "participant", "", "2025"],
    ]
    assert old.stderr == (
        f"moonbase was probably renamed 'moon' in {evil[:10]} (one removed and one added with the same name); "
        "`ilrs log moon` continues\n"
    )
    assert ledger.read_bytes() == before
