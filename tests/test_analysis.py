"""`ilrs agreements`, `stats` and `compare`, and list's and show's search, order, count and prefix lookup."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import BUNDLED, Run
from ilrs_cli.output.records import AGREEMENT, COUNTRY

DATA = Path(__file__).parent / "data"
SMALL = str(DATA / "small-ilrs.toml")
ACCORDS = str(DATA / "small-accords.toml")

# -- agreements ---------------------------------------------------------------------------------

THAILAND_TSV = (
    "thailand\tThailand\tstate\tTH\tmember\tmou\tCNSA\tMinistry of Higher Education\t2024-04-05\t\tBeijing\t"
    "high\thttps://example.org/th-1 | https://example.org/th-2\tThe 9th country, as SpaceNews counted.\t1\t"
    "Zhang Kejian | Supamas Isarabhakdi\n"
)


def test_agreements_piped_is_one_headerless_line_per_instrument(run: Run) -> None:
    result = run("agreements", "--ledger", SMALL)
    assert (result.code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == [
        "china", "apsco", "narit", "sharjah-uni", "udelar", "thailand", "serbia", "oman-lens", "oman-lens",
    ]  # fmt: skip
    assert all(len(line.split("\t")) == len(AGREEMENT.names) for line in lines)
    assert lines[-1].split("\t")[5] == "mou" and lines[-1].split("\t")[14] == "2"  # `agreement edit ID N`
    assert run("agreements", "--ledger", SMALL, "--id", "thailand").stdout == THAILAND_TSV


def test_agreements_table_shows_the_announced_date_an_instrument_is_chosen_by(run: Run) -> None:
    # Iran's claim has no signing date: it is listed from 2025 by its announcement, which the table must show
    table = run("agreements", "--all", "--since", "2025", "--format", "table")  # COLUMNS=100 (conftest)
    assert table.code == 0
    assert "│ Iran     │ other      │            │ 24 Apr 2025 │ CNSA        │ low        │" in table.stdout


def test_agreements_in_every_format(run: Run) -> None:
    one = ("agreements", "--ledger", SMALL, "--id", "thailand", "--format")
    assert run(*one, "tsv").stdout == "\t".join(AGREEMENT.names) + "\n" + THAILAND_TSV
    rows = list(csv.DictReader(io.StringIO(run(*one, "csv").stdout, newline="")))
    assert rows[0]["sources"] == "https://example.org/th-1 | https://example.org/th-2"
    assert rows[0]["signatories"] == "Zhang Kejian | Supamas Isarabhakdi"
    record = json.loads(run(*one, "json").stdout)[0]
    assert record["sources"] == ["https://example.org/th-1", "https://example.org/th-2"]
    assert record["signatories"] == ["Zhang Kejian", "Supamas Isarabhakdi"]
    assert "announced" not in record and record["number"] == 1
    assert [json.loads(line) for line in run(*one, "jsonl").stdout.splitlines()] == [record]
    markdown = run(*one, "markdown").stdout.splitlines()
    assert markdown[0] == "| " + " | ".join(AGREEMENT.names) + " |"
    assert "| Zhang Kejian \\| Supamas Isarabhakdi |" in markdown[2]
    table = run(*one, "table").stdout
    assert "│ Thailand │ mou        │ 5 Apr 2024 │           │ CNSA        │ high       │ https://example.org…" in table


def test_agreements_filters(run: Run) -> None:
    def ids(*args: str) -> str:
        return run("agreements", "--ledger", SMALL, "--fields", "id,number", *args).stdout.replace("\t", ":")

    # Moon Co withdrew in 2025: at the end of 2024 it was a member
    assert ids("--since", "2024", "--until", "2024") == "udelar:1\nthailand:1\nserbia:1\nmoon-co:1\noman-lens:1\n"
    assert ids("--as-of", "2023-12", "--all") == "china:1\nuae:1\napsco:1\nnarit:1\nsharjah-uni:1\n"
    assert ids("--kind", "company", "--reverse") == "oman-lens:2\noman-lens:1\n"
    assert ids("--search", "SPACENEWS") == "thailand:1\n"
    assert ids("--status", "disputed") == "uae:1\n"
    assert run("agreements", "--ledger", SMALL, "--count", "--all").stdout == "11\n"


def test_agreements_list_every_source_of_the_bundled_ledger(run: Run) -> None:
    from ilrs_cli.store.ledger import load
    from ilrs_cli.store.location import Location

    ledger = load(Location(BUNDLED, "test")).ledger
    every = {s for p in ledger.participants for a in p.agreements for s in a.sources}
    listed = json.loads(run("agreements", "--all", "--format", "json").stdout)
    assert {s for record in listed for s in record.get("sources", [])} == every
    assert len(listed) == sum(len(p.agreements) for p in ledger.participants)


def test_agreements_refuse_an_unknown_field(run: Run) -> None:
    result = run("agreements", "--fields", "id,source")
    assert result.code == 2 and "unknown field 'source'" in result.stderr


# -- stats --------------------------------------------------------------------------------------


def test_stats_json_is_one_object(run: Run) -> None:
    result = run("stats", "--ledger", SMALL, "--as-of", "2024-12", "--format", "json")
    assert result.code == 0
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    assert (data["as_of"], data["countries"], data["countries_and_organizations"]) == ("2024-12", 3, 4)
    assert (data["institutions"], data["companies"], data["members"]) == (3, 2, 9)
    assert data["by_year"]["2024"] == {
        "joined": 5,
        "countries_joined": 2,
        "left": 0,
        "countries_left": 0,
        "members": 9,
        "countries": 3,
    }
    assert data["gaps"] == []
    assert json.loads(run("stats", "--ledger", SMALL, "--as-of", "2024-12", "-f", "jsonl").stdout) == data


def test_stats_and_timeline_by_year_run_to_the_as_of_year(run: Run) -> None:
    # measured: both stopped at 2024, the last year with a joining, whatever the as-of
    stats = run("stats", "--as-of", "2025-12-31", "--format", "json")
    assert (stats.code, stats.stderr) == (0, "")
    years = json.loads(stats.stdout)["by_year"]
    assert list(years) == ["2021", "2022", "2023", "2024", "2025"]
    nobody = {"joined": 0, "countries_joined": 0, "left": 0, "countries_left": 0}
    assert years["2025"] == {**nobody, "members": 38, "countries": 13}
    timeline = run("timeline", "--by", "year", "--until", "2025-12-31")
    assert (timeline.code, timeline.stderr) == (0, "")
    rows = [line.split("\t") for line in timeline.stdout.splitlines()]
    assert rows[-1] == ["2025", "0", "0", "38", "13", "", "0", "0"]
    assert [(r[0], int(r[1]), int(r[3])) for r in rows] == [(y, n["joined"], n["members"]) for y, n in years.items()]
    # never a year after the as-of, nor (without one) after the last event
    assert list(json.loads(run("stats", "--as-of", "2024-06", "-f", "json").stdout)["by_year"])[-1] == "2024"
    assert list(json.loads(run("stats", "-f", "json").stdout)["by_year"])[-1] == "2024"


def test_stats_flat_formats_are_the_object_flattened(run: Run) -> None:
    tsv = run("stats", "--ledger", SMALL, "--as-of", "2024-12", "--format", "tsv").stdout.splitlines()
    assert tsv[:4] == ["key\tvalue", "programme\tilrs", "as_of\t2024-12", "countries\t3"]
    assert "by_kind.company.member\t2" in tsv and "by_year.2023.joined\t3" in tsv
    piped = run("stats", "--ledger", SMALL, "--as-of", "2024-12").stdout.splitlines()
    assert piped == tsv[1:]
    rows = list(csv.reader(io.StringIO(run("stats", "--ledger", SMALL, "-f", "csv").stdout, newline="")))
    assert rows[0] == ["key", "value"] and ["undated", "2"] in rows
    assert run("stats", "--ledger", SMALL, "-f", "markdown").stdout.startswith("| key | value |\n|---|---|\n")


def test_stats_table_says_the_conventions(run: Run) -> None:
    out = run("stats", "--ledger", SMALL, "--as-of", "2025-06", "--format", "table").stdout
    assert out.startswith("ILRS ledger, as of Jun 2025\n")
    assert " 3  countries  " in out and " 4  countries and international organisations  CNSA's count" in out
    assert "company      │      1 │       0 │         0 │        0 │         1 │   2" in out


# -- compare ------------------------------------------------------------------------------------


def test_compare_json_round_trip(run: Run) -> None:
    result = run("compare", SMALL, ACCORDS, "--format", "json")
    assert result.code == 0
    assert result.stderr == "6 countries in both, 4 of them state-level in the ILRS (2 state members)\n"
    data = json.loads(result.stdout)
    by_code = {row["country"]: row for row in data}
    assert by_code["TH"] == {
        "country": "TH",
        "country_name": "Thailand",
        "ilrs_level": "state",
        "ilrs_date": "2024-04-05",
        "ilrs_ids": ["thailand", "narit"],
        "accords_date": "2024-12-16",
        "accords_ordinal": 51,
        "first": "ilrs",
        "days": 255,
        "both": True,
    }
    assert by_code["JP"] == {
        "country": "JP",
        "country_name": "Japan",
        "accords_date": "2020-10-13",
        "both": False,
    }
    tsv = run("compare", SMALL, ACCORDS, "--format", "tsv").stdout.splitlines()
    assert tsv[0].split("\t") == list(COUNTRY.names)
    back = [dict(zip(COUNTRY.names, line.split("\t"), strict=True)) for line in tsv[1:]]
    for row, record in zip(back, data, strict=True):  # the same rows, in the same order, in both formats
        assert row["country"] == record["country"] and row["both"] == ("yes" if record["both"] else "no")
        assert row["ilrs_ids"] == " | ".join(record.get("ilrs_ids", []))
        assert row["days"] == str(record.get("days", ""))


def test_compare_filters_and_table(run: Run) -> None:
    both = run("compare", SMALL, ACCORDS, "--both").stdout.split("\n")
    assert [line.split("\t")[0] for line in both if line] == ["BH", "OM", "RS", "TH", "AE", "UY"]
    alone = run("compare", SMALL, ACCORDS, "--only", "artemis-accords", "--as-of", "2024").stdout
    # as of a date, Bahrain's undated ILRS claim is not yet anything: Bahrain is in the Accords alone
    assert alone == "BH\tBahrain\t\t\t\t2022-03-02\t17\t\t\tno\nJP\tJapan\t\t\t\t2020-10-13\t\t\t\tno\n"
    table = run("compare", SMALL, ACCORDS, "--format", "table").stdout
    assert table.startswith("6 countries in both, 4 of them state-level in the ILRS (2 state members)\n")
    for heading in ("In both, ILRS and Artemis Accords (6)", "ILRS only (3)", "Artemis Accords only (1)"):
        assert heading in table
    assert "│ 16 Dec 2024 (51st) │ ILRS by 255 days" in table and "thailand, narit" in table


def test_compare_summary_is_of_every_country_whatever_the_rows_kept(run: Run) -> None:
    """--only and --both choose rows; the summary still counts the countries in both (it said "0" with --only)."""
    summary = "6 countries in both, 4 of them state-level in the ILRS (2 state members)\n"
    for selection in ([], ["--both"], ["--only", "ilrs"], ["--only", "artemis-accords"]):
        result = run("compare", SMALL, ACCORDS, *selection, "--format", "json")
        assert (result.code, result.stderr) == (0, summary), selection
    alone = run("compare", SMALL, ACCORDS, "--only", "ilrs", "--format", "table").stdout
    assert alone.startswith(summary) and "ILRS only (3)" in alone and "In both" not in alone


@pytest.mark.parametrize("columns", ["100", "80", "60", "40"])
def test_compare_table_keeps_the_country_column_on_a_narrow_terminal(
    run: Run, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    """At 80 columns the country column (name and ids) was squeezed to nothing: rows without a country."""
    monkeypatch.setenv("COLUMNS", columns)
    table = run("compare", "--format", "table").stdout
    lines = table.splitlines()
    assert all(len(line) <= int(columns) for line in lines)
    for name in ("Argentina", "Thailand", "Oman", "Algeria", "Angola"):
        assert any(line.startswith(name) for line in lines), (columns, name)
    assert any(line.startswith("thailand, narit") or line.startswith("thailand,") for line in lines)
    if columns in ("100", "80"):
        (row,) = [line for line in lines if line.startswith("Thailand ")]
        assert row.split("│")[1:4] == [" state       ", " 5 Apr 2024  ", " 16 Dec 2024 (51st) "]


def test_compare_reads_standard_input_once(run: Run) -> None:
    text = (DATA / "small-ilrs.toml").read_text(encoding="utf-8")
    both = run("compare", "-", "-", input=text)
    assert (both.code, both.stdout) == (2, "")
    assert both.stderr == "ilrs: error: standard input ('-') can be only one of the two ledgers\n"
    one = run("compare", "-", ACCORDS, "--format", "json", input=text)
    assert one.code == 0 and one.stdout == run("compare", SMALL, ACCORDS, "--format", "json").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare", SMALL], "give two ledgers"),
        (["compare", SMALL, ACCORDS, "--only", "nasa"], "--only: 'nasa' is neither"),
        (["compare", SMALL, ACCORDS, "--only", "ilrs", "--both"], "exclude each other"),
        (["list", "--programme", "nasa"], "--programme: 'nasa' is not one of: ilrs, artemis-accords"),
        (["list", "--programme", "ilrs", "--ledger", SMALL], "--ledger and --programme both choose a ledger"),
        (["list", "--search", "  "], "--search: give some text"),
    ],
)
def test_analysts_errors_are_one_line_exit_2(run: Run, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.code == 2 and result.stdout == ""
    assert result.stderr.startswith("ilrs: error: ") and message in result.stderr


# -- list and show ------------------------------------------------------------------------------


def test_list_search_ignores_case_and_accents(run: Run) -> None:
    assert run("list", "--all", "--search", "TURKIYE", "--fields", "name").stdout == "Türkiye\n"
    assert run("list", "--search", "republica", "--fields", "id").stdout == "udelar\n"
    assert run("list", "--search", "Kakar", "--fields", "id").stdout == "pakistan\n"  # an agreement's notes


def test_search_takes_a_pasted_apostrophe(run: Run) -> None:
    pasted = run("list", "--all", "--search", "Chang\u2019e", "--fields", "id")
    assert (pasted.code, pasted.stderr) == (0, "")
    assert pasted.stdout == run("list", "--all", "--search", "Chang'e", "--fields", "id").stdout
    assert pasted.stdout.split() == ["uae", "narit", "pakistan", "iran", "bahrain", "turkiye"]


@pytest.mark.parametrize("command", ["list", "agreements", "timeline"])
def test_id_takes_what_show_takes(run: Run, command: str) -> None:
    by_id = run(command, "--all", "--id", "pakistan")
    assert by_id.code == 0 and {
        line.split("\t")[2 if command == "timeline" else 0] for line in by_id.stdout.splitlines()
    } == {"pakistan"}
    for other in ("pak", "Pakistan", "PAKISTAN"):  # before: timeline and list printed nothing for these
        assert run(command, "--all", "--id", other).stdout == by_id.stdout, other


@pytest.mark.parametrize("command", ["list", "agreements", "timeline"])
def test_an_id_that_names_nobody_is_an_error_not_an_empty_answer(run: Run, command: str) -> None:
    before = BUNDLED.read_bytes()
    typo = run(command, "--id", "egypt", "--id", "pakistn")
    assert (typo.code, typo.stdout) == (2, "")
    assert typo.stderr == (
        "ilrs: error: --id: no participant with id or name 'pakistn'\nhint: did you mean: pakistan, kazakhstan?\n"
    )
    ambiguous = run(command, "--id", "s")
    assert (ambiguous.code, ambiguous.stdout) == (2, "")
    assert ambiguous.stderr.startswith("ilrs: error: --id: 's' is the start of 7 participants: south-africa, ")
    assert BUNDLED.read_bytes() == before


def test_list_reverse_and_count(run: Run) -> None:
    last_two = run("list", "--kind", "state", "--reverse", "--limit", "2", "--fields", "id")
    assert last_two.stdout == "senegal\nkazakhstan\n"
    assert run("list", "--kind", "state", "--as-of", "2024-04-05", "--count").stdout == "9\n"
    assert run("list", "--count", "--country", "AQ").stdout == "0\n"


def test_list_fields_all_gives_the_whole_record(run: Run) -> None:
    records = json.loads(run("list", "--fields", "all", "--format", "json", "--all").stdout)
    assert len(records) == len(run("list", "--all").stdout.splitlines())
    pakistan = next(r for r in records if r["id"] == "pakistan")
    assert pakistan == json.loads(run("show", "pakistan", "--format", "json").stdout)
    assert pakistan["agreements"][0]["sources"][0] == "https://technologytimes.pk/?p=341814"
    assert any("notes" in r for r in records)
    tsv = run("list", "--fields", "all", "--format", "tsv", "--id", "egypt").stdout.splitlines()
    assert tsv[0].endswith("\tsource\tin_by\tnotes") and tsv[1].endswith("\tFirst Arab state.")


def test_show_takes_a_unique_prefix_of_an_id_or_a_name(run: Run) -> None:
    assert run("show", "pak", "-f", "json").stdout == run("show", "pakistan", "-f", "json").stdout
    assert json.loads(run("show", "universidad", "-f", "json").stdout)["id"] == "udelar"
    ambiguous = run("show", "s")
    assert ambiguous.code == 2
    assert ambiguous.stderr == (
        "ilrs: error: 's' is the start of 7 participants: "
        "south-africa, sharjah-uni, ssgi, serbia, sarao, senegal, spacetalk\nhint: type more of it\n"
    )


def test_where_names_the_programme(run: Run) -> None:
    result = run("where", "--programme", "ilrs")
    # The packaged copy when installed from a wheel, the source tree's when editable: the same bytes either way.
    named = Path(result.stdout.removesuffix("\n"))
    assert result.code == 0
    assert named.name == "members.toml"
    assert named.read_bytes() == BUNDLED.read_bytes()
    assert "--programme ilrs" in result.stderr


# -- the bundled pair: the ILRS beside the Artemis Accords --------------------------------------


@pytest.mark.parametrize(
    ("as_of", "count", "last"),
    [("2024-12-16", 51, "thailand"), ("2025-07-24", 56, "senegal"), ("2026-01-26", 61, "oman")],
)
def test_accords_counts_hold_against_nasa(run: Run, as_of: str, count: int, last: str) -> None:
    signed = run("list", "--programme", "artemis-accords", "--as-of", as_of, "--fields", "id").stdout.split()
    assert (len(signed), signed[-1]) == (count, last)
    assert run("list", "-P", "artemis-accords", "--as-of", as_of, "--count").stdout == f"{count}\n"


def _bundled_rows(run: Run, *args: str) -> dict[str, dict[str, object]]:
    result = run("compare", "--format", "json", *args)
    assert result.code == 0
    return {row["country"]: row for row in json.loads(result.stdout)}


def test_compare_the_bundled_pair(run: Run) -> None:
    rows = _bundled_rows(run)

    def facts(code: str) -> tuple[object, ...]:
        row = rows[code]
        keys = ("ilrs_level", "ilrs_date", "accords_date", "accords_ordinal", "first", "days", "both")
        return tuple(row.get(key) for key in keys)

    # both, at state level
    assert facts("TH") == ("state", "2024-04-05", "2024-12-16", 51, "ilrs", 255, True)
    assert facts("SN") == ("state", "2024-09-05", "2025-07-24", 56, "ilrs", 322, True)
    assert facts("RS") == ("state", "2024-05", "2026-07-16", 69, "ilrs", None, True)  # a month: no days
    # both, the ILRS through a non-state participant
    assert facts("PA") == ("institution", "2024-09-05", "2024-12-11", 49, "ilrs", 97, True)
    assert facts("UY") == ("institution", "2024", "2024-02-15", 36, "unclear", None, True)  # a year holds the day
    assert facts("OM") == ("company", "2024-12-02", "2026-01-26", 61, "ilrs", 420, True)
    assert rows["PA"]["ilrs_ids"] == ["panama-space-centre"] and rows["OM"]["ilrs_ids"] == ["oman-lens"]
    # claimed and disputed links
    assert facts("BH") == ("claimed", None, "2022-03-02", 17, None, None, True)
    assert facts("AE") == ("disputed", "2022-09-16", "2020-10-13", None, "artemis-accords", 703, True)
    assert rows["AE"]["ilrs_ids"] == ["uae", "sharjah-uni", "orbital-space"]  # the state first, then who else
    # one programme only
    assert (rows["CN"]["ilrs_level"], rows["CN"]["both"]) == ("state", False)
    assert (rows["JP"].get("ilrs_level"), rows["JP"]["both"]) == (None, False)


def test_compare_summary_of_the_bundled_pair(run: Run) -> None:
    assert (
        run("compare", "--both").stderr == "13 countries in both, 7 of them state-level in the ILRS (3 state members)\n"
    )
    early = run("compare", "--both", "--as-of", "2024-12-31", "--format", "json")
    assert early.stderr == "8 countries in both as of 2024-12-31, 3 of them state-level in the ILRS (1 state member)\n"
    assert [row["country"] for row in json.loads(early.stdout)] == ["BR", "CO", "PA", "CH", "TH", "AE", "US", "UY"]


def test_compare_default_pair_is_the_two_bundled_ledgers(run: Run) -> None:
    from ilrs_cli.store.location import bundled_path

    named = run("compare", str(bundled_path("ilrs")), str(bundled_path("artemis-accords")), "-f", "json")
    assert named.stdout == run("compare", "-f", "json").stdout


def test_stats_of_the_accords_state_the_gaps(run: Run) -> None:
    data = json.loads(run("stats", "--programme", "artemis-accords", "--format", "json").stdout)
    assert (data["programme"], data["countries"], data["members"]) == ("artemis-accords", 67, 67)
    assert len(data["gaps"]) == 5 and data["gaps"][0].startswith("The 64th signatory is not named")
    table = run("stats", "--programme", "artemis-accords", "--format", "table").stdout
    assert table.startswith("Artemis Accords ledger, the whole record\n") and "Known gaps of this record:" in table
    assert json.loads(run("stats", "--ledger", SMALL, "--format", "json").stdout)["gaps"] == []  # none stated


def test_where_says_the_programme_in_use(run: Run) -> None:
    from ilrs_cli.store.location import bundled_path

    accords = run("where", "--programme", "artemis-accords")
    assert accords.stdout == f"{bundled_path('artemis-accords')}\n"
    assert accords.stderr.endswith("programme: artemis-accords\n")
    assert run("where").stderr.endswith("programme: ilrs\n")


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["show", "thailand"],
        ["agreements"],
        ["stats"],
        ["timeline"],
        ["diff", "--since", "2024"],
        ["check"],
        ["fmt", "--check"],
        ["where"],
        ["chart", "-o", "out.svg"],
        ["map", "-o", "out.svg"],
        ["report", "-o", "out.html"],
    ],
)
def test_every_reading_command_takes_the_programme(
    run: Run, args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*args, "--programme", "artemis-accords")
    assert result.code in (0, 1), result.stderr  # diff: 1 means "there are differences"
    if args[0] in ("list", "agreements"):
        assert len(result.stdout.splitlines()) == 67


def test_fmt_and_log_take_the_programme(run: Run, isolated_env: Path) -> None:
    """fmt --check reads a programme's ledger; a rewrite goes to the user's copy only, never into the package."""
    from ilrs_cli.store.location import bundled_path

    package = bundled_path("artemis-accords")
    before = package.read_bytes()
    assert run("fmt", "--check", "--programme", "artemis-accords").code == 0
    refused = run("fmt", "--programme", "artemis-accords")
    assert (refused.code, refused.stdout) == (2, "")
    assert refused.stderr.startswith("ilrs: error: no ledger to write: there is no user ledger at ")
    assert refused.stderr.splitlines()[0].endswith("/ilrs/artemis-accords.toml")
    both = run("fmt", "--programme", "artemis-accords", "x.toml")
    assert (both.code, both.stderr) == (2, "ilrs: error: FILE and --programme both choose a ledger: give one of them\n")
    user = isolated_env / "data" / "ilrs" / "artemis-accords.toml"
    user.parent.mkdir(parents=True)
    user.write_bytes(before.replace(b"format = 1\n", b"format = 1\n\n\n", 1))  # not canonical
    assert run("fmt", "--check", "-P", "artemis-accords").code == 1
    done = run("fmt", "-P", "artemis-accords")
    assert (done.code, done.stderr) == (0, f"formatted {user}\n")
    assert user.read_bytes() == before and package.read_bytes() == before
    logged = run("log", "--programme", "artemis-accords")
    assert logged.code == 2 and "is not inside a git repository" in logged.stderr
    assert run("log", "--programme", "ilrs").stderr == (
        "ilrs: error: log needs a ledger file inside a git repository (pass --ledger PATH)\n"
    )
