"""Writing commands: what they change in the file, what they print, and what they refuse."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from conftest import ADD, BUNDLED, Run
from ilrs_cli.core.model import Ledger
from ilrs_cli.output.console import Terminal
from ilrs_cli.store.ledger import load
from ilrs_cli.store.location import Location
from ilrs_cli.store.toml import dumps

PAKISTAN_2 = [
    "--kind",
    "institution",
    "--country",
    "PK",
    "--signed",
    "2025-02-03",
    "--instrument",
    "mou",
    "--counterpart",
    "DSEL",
    "--source",
    "https://example.org/ist",
]


def ledger_of(path: Path) -> Ledger:
    return load(Location(path, "test")).ledger


def test_add_changes_only_the_new_block(run: Run, ledger_copy: Path) -> None:
    before = ledger_copy.read_text(encoding="utf-8")
    result = run("add", "Institute of Space Technology", *PAKISTAN_2, "--ledger", str(ledger_copy))
    assert result.code == 0
    assert result.stdout == ""
    assert result.stderr == "added institute-of-space-technology (Institute of Space Technology), 1 agreement\n"
    after = ledger_copy.read_text(encoding="utf-8")
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert all(line.startswith("+") for line in changed)  # nothing else moved or changed
    assert '+id = "institute-of-space-technology"' in changed
    assert len(changed) == 16  # exactly one participant block with its agreement
    assert after == dumps(ledger_of(ledger_copy))  # still canonical
    # placed by joining date: after Oman Lens (Dec 2024), before the undated claims
    ids = [p.id for p in ledger_of(ledger_copy).participants]
    assert ids.index("institute-of-space-technology") == ids.index("oman-lens") + 1


def test_writing_a_loaded_canonical_ledger_reproduces_it_byte_for_byte(run: Run, ledger_copy: Path) -> None:
    before = ledger_copy.read_bytes()
    result = run("fmt", "--ledger", str(ledger_copy))
    assert result.code == 0
    assert result.stderr == f"already canonical: {ledger_copy}\n"
    assert ledger_copy.read_bytes() == before == BUNDLED.read_bytes()


def test_fmt_rewrites_and_check_reports(run: Run, tmp_path: Path) -> None:
    messy = tmp_path / "messy.toml"
    messy.write_text(
        'format = 1\n[[participant]]\nkind = "company"\nname = "Zed"\nid = "zed"\n'
        '[[participant.agreement]]\nsigned = 2024-05-06\nsources = ["https://e.org"]\n'
    )
    check = run("fmt", "--check", "--ledger", str(messy))
    assert check.code == 1 and "not in canonical form" in check.stderr
    assert run("fmt", "--ledger", str(messy)).code == 0
    assert run("fmt", "--check", "--ledger", str(messy)).code == 0
    text = messy.read_text()
    assert 'id = "zed"\nname = "Zed"\nkind = "company"' in text
    assert 'signed = "2024-05-06"' in text


def test_derived_id_and_duplicates(run: Run, ledger_copy: Path) -> None:
    before = ledger_copy.read_bytes()
    same = run("add", "Pakistan", *PAKISTAN_2, "--id", "pk-again", "--ledger", str(ledger_copy))
    assert same.code == 2
    assert "is the same as 'Pakistan' (pakistan)" in same.stderr
    lookalike = run("add", "Pakіstan", *PAKISTAN_2, "--id", "pk-again", "--ledger", str(ledger_copy))
    assert lookalike.code == 2 and "U+0456 CYRILLIC SMALL LETTER" in lookalike.stderr
    fullwidth = run("add", "Ｐａｋｉｓｔａｎ", *PAKISTAN_2, "--id", "pk-again", "--ledger", str(ledger_copy))
    assert fullwidth.code == 2 and "is the same as 'Pakistan'" in fullwidth.stderr
    taken = run("add", "Pakistan Space", *PAKISTAN_2, "--id", "pakistan", "--ledger", str(ledger_copy))
    assert taken.code == 2 and "id 'pakistan' is already used" in taken.stderr
    assert ledger_copy.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--kind", "state", "--signed", "2024", "--source", "https://e.org"], "NAME"),
        (["X Land", "--signed", "2024", "--source", "https://e.org"], "missing --kind"),
        (["X Land", "--kind", "company", "--source", "https://e.org"], "missing --signed or --announced"),
        (
            ["X Land", "--kind", "company", "--signed", "2024"],
            "--source: a member needs at least one source URL",
        ),
        (["X Land", "--kind", "state", "--signed", "2024", "--source", "https://e.org"], "--country"),
        (
            ["X Land", "--kind", "company", "--signed", "2024-02-30", "--source", "https://e.org"],
            "Feb 2024 has 29 days",
        ),
        (["X Land", "--kind", "company", "--signed", "2024", "--source", "e.org"], "is not an http(s) URL"),
        (
            [
                "X Land",
                "--kind",
                "company",
                "--country",
                "ZZ",
                "--signed",
                "2024",
                "--source",
                "https://e.org",
            ],
            "'ZZ' is not an ISO",
        ),
        (
            ["X\x1b[2JLand", *ADD],
            "U+001B",
        ),
        (
            ["X\u202eLand", *ADD],
            "U+202E",
        ),
        (
            ["   ", *ADD],
            "NAME: required field is empty",
        ),
        (
            ["N" * 300, *ADD, "--id", "n"],
            "at most 200",
        ),
        (
            [
                "X Land",
                "--kind",
                "company",
                "--signed",
                "2024",
                "--announced",
                "2023",
                "--source",
                "https://e.org",
            ],
            "before signed",
        ),
        (
            [
                "X Land",
                "--kind",
                "company",
                "--id",
                "Bad Id",
                "--signed",
                "2024",
                "--source",
                "https://e.org",
            ],
            "not a valid id",
        ),
        (
            ["!!!", *ADD],
            "cannot derive an id",
        ),
    ],
)
def test_add_refuses_bad_input_without_touching_the_ledger(
    run: Run, ledger_copy: Path, args: list[str], words: str
) -> None:
    before = ledger_copy.read_bytes()
    result = run("add", *args, "--ledger", str(ledger_copy))
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.startswith("ilrs: error: ")
    assert words in result.stderr
    assert ledger_copy.read_bytes() == before


def test_names_are_stored_nfc_and_trimmed(run: Run, ledger_copy: Path) -> None:
    result = run(
        "add",
        "  Cu\u0301ba Institute ",
        "--kind",
        "institution",
        "--signed",
        "2025",
        "--source",
        "https://e.org",
        "--ledger",
        str(ledger_copy),
    )
    assert result.code == 0
    assert ledger_of(ledger_copy).by_id()["cuba-institute"].name == "C\u00faba Institute"


def test_further_agreement_for_russia_style_participant(run: Run, ledger_copy: Path) -> None:
    result = run(
        "agreement",
        "add",
        "pakistan",
        "--instrument",
        "agreement",
        "--signed",
        "2025-01",
        "--source",
        "https://e.org/2",
        "--ledger",
        str(ledger_copy),
    )
    assert result.code == 0
    assert result.stderr == "recorded an agreement (agreement) for pakistan (Pakistan), now 3 agreements\n"
    pakistan = ledger_of(ledger_copy).by_id()["pakistan"]
    assert [a.date.iso() for a in pakistan.agreements if a.date] == ["2023-10-18", "2025-01", "2025-02-05"]
    assert pakistan.joined is not None and pakistan.joined.iso() == "2023-10-18"


def test_agreement_edit_and_remove(run: Run, ledger_copy: Path) -> None:
    assert (
        run("agreement", "edit", "azerbaijan", "1", "--announced", "2023-10-09", "--ledger", str(ledger_copy)).code == 0
    )
    agreement = ledger_of(ledger_copy).by_id()["azerbaijan"].agreements[0]
    assert agreement.announced is not None and agreement.announced.iso() == "2023-10-09"
    missing = run("agreement", "edit", "azerbaijan", "5", "--place", "Baku", "--ledger", str(ledger_copy))
    assert (
        missing.code == 2
        and "has 1 agreement(s), counted from 1 in date order; there is no agreement 5" in missing.stderr
    )
    refused = run("agreement", "remove", "apsco", "2", "--ledger", str(ledger_copy))
    assert refused.code == 2 and "--yes" in refused.stderr
    assert run("agreement", "remove", "apsco", "2", "--yes", "--ledger", str(ledger_copy)).code == 0
    assert len(ledger_of(ledger_copy).by_id()["apsco"].agreements) == 1


def test_status_change_withdrawal_and_history(run: Run, ledger_copy: Path) -> None:
    assert run("edit", "ethiopia", "--status", "applicant", "--ledger", str(ledger_copy)).code == 0
    assert ledger_of(ledger_copy).by_id()["ethiopia"].status.value == "applicant"
    result = run("withdraw", "uae", "--date", "2025-03", "--note", "Left.", "--ledger", str(ledger_copy))
    assert result.code == 0 and result.stderr == "marked uae (United Arab Emirates) withdrawn on 2025-03\n"
    uae = ledger_of(ledger_copy).by_id()["uae"]
    assert (uae.status.value, str(uae.withdrawn), len(uae.agreements)) == ("withdrawn", "2025-03", 1)
    assert uae.notes.endswith("\nLeft.")
    again = run("withdraw", "uae", "--date", "2025-04", "--ledger", str(ledger_copy))
    assert again.code == 2 and "already withdrawn" in again.stderr
    early = run("withdraw", "pakistan", "--date", "2020", "--ledger", str(ledger_copy))
    assert early.code == 2 and "before pakistan joined" in early.stderr
    direct = run("edit", "pakistan", "--status", "withdrawn", "--ledger", str(ledger_copy))
    assert direct.code == 2 and "ilrs withdraw pakistan --date" in direct.stderr


def test_remove_asks_or_needs_yes(run: Run, ledger_copy: Path) -> None:
    before = ledger_copy.read_bytes()
    refused = run("remove", "iloa", "--ledger", str(ledger_copy))
    assert refused.code == 2 and "pass --yes" in refused.stderr
    assert ledger_copy.read_bytes() == before
    done = run("remove", "iloa", "--yes", "--ledger", str(ledger_copy))
    assert (
        done.code == 0
        and done.stderr == "removed iloa (International Lunar Observatory Association (ILOA Hawai'i)) and 1 agreement\n"
    )
    assert "iloa" not in ledger_of(ledger_copy).by_id()
    unknown = run("remove", "nobody", "--yes", "--ledger", str(ledger_copy))
    assert unknown.code == 2 and "no participant" in unknown.stderr


def test_dry_run_shows_a_diff_and_writes_nothing(run: Run, ledger_copy: Path) -> None:
    before = ledger_copy.read_bytes()
    result = run("add", "Institute of Space Technology", *PAKISTAN_2, "--dry-run", "--ledger", str(ledger_copy))
    assert result.code == 0
    assert '+id = "institute-of-space-technology"\n' in result.stdout
    assert result.stderr.startswith("would have added institute-of-space-technology")
    assert ledger_copy.read_bytes() == before


def test_writes_never_touch_the_bundled_ledger(run: Run) -> None:
    before = BUNDLED.read_bytes()
    result = run("add", "X Land", *ADD)
    assert result.code == 2
    assert "no ledger to write" in result.stderr and "ilrs init --from-bundled" in result.stderr
    assert BUNDLED.read_bytes() == before
    stdin = run(
        "add",
        "X Land",
        *ADD,
        "--ledger",
        "-",
        input=before,
    )
    assert stdin.code == 2 and "standard input" in stdin.stderr


def test_init_then_add_goes_to_the_user_ledger(run: Run, isolated_env: Path) -> None:
    created = run("init", "--from-bundled")
    user = isolated_env / "data" / "ilrs" / "members.toml"
    assert (
        created.code == 0
        and created.stderr == f"created {user} with 49 participants (and members.schema.json beside it)\n"
    )
    assert user.read_bytes() == BUNDLED.read_bytes()
    assert run("init", "--from-bundled").code == 2  # never overwrites
    assert run("add", "X Land", *ADD).code == 0
    assert "x-land" in ledger_of(user).by_id()


def test_init_empty_ledger_at_a_path(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "new" / "ledger.toml"
    assert run("init", str(path)).code == 0
    assert ledger_of(path).participants == ()
    assert (
        run(
            "add",
            "X Land",
            *ADD,
            "--ledger",
            str(path),
        ).code
        == 0
    )
    assert [p.id for p in ledger_of(path).participants] == ["x-land"]


def test_comments_are_never_dropped_silently(run: Run, ledger_copy: Path) -> None:
    text = ledger_copy.read_text().replace('id = "pakistan"', 'id = "pakistan" # check the MoU text')
    ledger_copy.write_text(text)
    before = ledger_copy.read_bytes()
    refused = run(
        "add",
        "X Land",
        "--kind",
        "company",
        "--signed",
        "2024",
        "--source",
        "https://e.org#frag",
        "--ledger",
        str(ledger_copy),
    )
    assert refused.code == 2
    assert "comment line(s) the writer cannot keep" in refused.stderr and "# check the MoU text" in refused.stderr
    assert ledger_copy.read_bytes() == before
    forced = run(
        "add",
        "X Land",
        "--kind",
        "company",
        "--signed",
        "2024",
        "--source",
        "https://e.org#frag",
        "--drop-comments",
        "--ledger",
        str(ledger_copy),
    )
    assert forced.code == 0
    assert "# check the MoU text" not in ledger_copy.read_text()
    assert "https://e.org#frag" in ledger_copy.read_text()  # a '#' inside a string is not a comment


def test_interactive_add_prompts_validates_and_confirms(
    run: Run, ledger_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Terminal, "interactive", property(lambda self: True))
    answers = (
        "\n".join(
            [
                "Moonland",  # name
                "planet",  # kind: refused, asked again
                "state",
                "XX",  # country: refused
                "ML",
                "",  # status: default member
                "2025-02-30",  # signed: refused
                "2025-02",
                "",  # announced: blank
                "",  # instrument: default mou
                "",  # counterpart: default CNSA
                "not a url",  # refused
                "https://e.org/moon",
                "",  # no more sources
                "high",
                "y",  # confirm
            ]
        )
        + "\n"
    )
    result = run("add", "--ledger", str(ledger_copy), input=answers)
    assert result.code == 0, result.stderr
    assert "'planet' is not one of: state, organization, institution, company" in result.stderr
    assert "'XX' is not an ISO 3166-1 alpha-2 country code" in result.stderr
    assert "Feb 2025 has 28 days" in result.stderr
    assert "'not a url' is not an http(s) URL" in result.stderr
    moon = ledger_of(ledger_copy).by_id()["moonland"]
    assert (moon.country, str(moon.joined), moon.agreements[0].confidence.value) == ("ML", "2025-02", "high")
    assert "Write it?" not in result.stdout  # prompts go to stderr (stdout only echoes the typed input here)


def test_interactive_add_can_be_cancelled(run: Run, ledger_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Terminal, "interactive", property(lambda self: True))
    before = ledger_copy.read_bytes()
    answers = "Moonland\ncompany\n\n\n2025\n\n\n\nhttps://e.org\n\n\nn\n"
    result = run("add", "--ledger", str(ledger_copy), input=answers)
    assert result.code == 1  # a "no" is an answer, not an error
    assert result.stderr.endswith("Write it? [y/N]: cancelled; nothing written\n")
    assert "ilrs: error" not in result.stderr
    assert ledger_copy.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        ["agreement", "remove", "china", "1", "--yes"],  # a member's only dated agreement
        ["edit", "ethiopia", "--status", "member"],  # a claim with no dated instrument
    ],
)
def test_a_write_never_leaves_what_check_refuses(run: Run, ledger_copy: Path, args: list[str]) -> None:
    """Measured: `agreement remove china 1` exited 0 and left a member without an agreement, which `check`
    then refused (and `list` no longer showed China). The write is refused instead, the file untouched."""
    before = ledger_copy.read_bytes()
    result = run(*args, "--ledger", str(ledger_copy))
    assert (result.code, result.stdout) == (2, "")
    who = args[2] if args[0] == "agreement" else args[1]
    assert (
        result.stderr.startswith("ilrs: error: participant[")
        and f"({who}).agreement: a member needs at least one dated agreement\n" in result.stderr
    )
    assert result.stderr.endswith("hint: `ilrs check` would refuse this (member-without-agreement); nothing written\n")
    assert ledger_copy.read_bytes() == before
    assert run("check", str(ledger_copy)).code == 0


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Ꭱussia Lab", "mixes letters of different scripts: Ꭱussia (Ꭱ U+13A1 CHEROKEE LETTER E)"),
        ("ꓑakistan Lab", "mixes letters of different scripts: ꓑakistan (ꓑ U+A4D1 LISU LETTER PA)"),
        ("𝐏akistan Lab", "mixes letters of different scripts: 𝐏akistan (𝐏 U+1D40F MATHEMATICAL BOLD CAPITAL P)"),
        ("Ａlpha", "mixes letters of different scripts: Ａlpha (Ａ U+FF21 FULLWIDTH LATIN CAPITAL LETTER A)"),
        ("Pakistan Ⅼab", "look-alike or stacked form: Ⅼab (Ⅼ U+216C ROMAN NUMERAL FIFTY)"),
        ("ﬁnland", "look-alike or stacked form: ﬁnland (ﬁ U+FB01 LATIN SMALL LIGATURE FI)"),
        (
            "Pakistan La\u0301\u0301\u0301b",
            "look-alike or stacked form: L\u00e1\u0301\u0301b (\u00e1 U+00E1 LATIN SMALL LETTER A WITH ACUTE; \u0301 U+0301",
        ),
    ],
)
def test_look_alike_letters_from_any_script_are_refused(run: Run, ledger_copy: Path, name: str, words: str) -> None:
    """Measured: only Cyrillic and Greek mixed with Latin were refused; Cherokee, Lisu, mathematical,
    full-width, Roman-numeral and ligature letters (and smeared marks) were stored, and `check` passed them."""
    before = ledger_copy.read_bytes()
    result = run("add", name, *ADD, "--id", "lab", "--ledger", str(ledger_copy))  # (no id derives from Ꭱ or ꓑ)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.startswith("ilrs: error: NAME: name ") and words in result.stderr
    assert ledger_copy.read_bytes() == before


def test_names_in_real_scripts_still_pass_and_ids_keep_every_letter(run: Run, ledger_copy: Path) -> None:
    for name, pid in (
        ("Pakıstan Lab", "pakistan-lab"),
        ("Hawaiʻi Lab", "hawai-i-lab"),
        ("Việt Nam Lab", "viet-nam-lab"),
    ):
        result = run("add", name, *ADD, "--ledger", str(ledger_copy))
        assert (result.code, result.stderr) == (0, f"added {pid} ({name}), 1 agreement\n")
    greek = run("add", "Ελληνικό Lab", *ADD, "--ledger", str(ledger_copy))  # an id would keep only 'lab'
    assert (greek.code, greek.stderr) == (
        2,
        "ilrs: error: cannot derive an id from 'Ελληνικό Lab'\nhint: pass --id SLUG\n",
    )
    assert run("add", "Ελληνικό Lab", *ADD, "--id", "greek-lab", "--ledger", str(ledger_copy)).code == 0
    assert run("check", str(ledger_copy)).code == 0
