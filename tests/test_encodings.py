"""Bytes in, bytes out: arguments that are not UTF-8, outputs that cannot encode a character, closed
streams; and values that only look right (dates in other digits or padded, empty sources, bad --color)."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ADD, BUNDLED, Run, sweep
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.errors import InputError

ILRS = [sys.executable, "-m", "ilrs_cli"]


def ilrs(*args: str | bytes, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*ILRS, *args], capture_output=True, env=full_env, check=False)


# -- arguments that are not UTF-8 -------------------------------------------------------------------

NOT_UTF8 = b"Bad\xffName"


@pytest.mark.parametrize(
    "args",
    [
        [b"add", NOT_UTF8, *map(str.encode, ADD)],
        [b"add", NOT_UTF8, *map(str.encode, ADD), b"--dry-run"],
        [b"edit", b"china", b"--note", b"caf\xe9"],
        [b"agreement", b"add", b"china", b"--signed", b"2024", b"--source", b"https://e.org/\xc3"],
        [b"list", b"--as-of", b"2024\xa0"],
    ],
    ids=["add", "add-dry-run", "edit", "agreement-add", "list"],
)
def test_an_argument_that_is_not_utf8_is_refused_for_every_command(ledger_copy: Path, args: list[bytes]) -> None:
    before = ledger_copy.read_bytes()
    result = ilrs(*args, b"--ledger", str(ledger_copy).encode())
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert lines[0].startswith("ilrs: error: argument ") and "is not valid UTF-8 text: '" in lines[0]
    assert lines[1] == "hint: ilrs reads its arguments, file names included, as UTF-8"
    assert result.stdout == b""
    assert ledger_copy.read_bytes() == before


def test_the_refusal_shows_the_bad_byte_escaped(run: Run, ledger_copy: Path) -> None:
    result = run("add", "Bad\udcffName", *ADD, "--ledger", str(ledger_copy))  # as Python hands it over
    assert result.code == 2
    assert result.stderr.splitlines()[0] == "ilrs: error: argument 2 is not valid UTF-8 text: 'Bad\\xffName'"


def test_a_file_name_that_is_not_utf8_is_refused_clearly(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/m\xff.toml"
    shutil.copyfile(BUNDLED, name)
    result = ilrs(b"list", b"--ledger", name)
    assert result.returncode == 2
    assert b"is not valid UTF-8 text" in result.stderr and b"Traceback" not in result.stderr


def test_valid_utf8_arguments_work_under_an_ascii_locale(ledger_copy: Path) -> None:
    """Without UTF-8 mode, Python decodes argv as ASCII; ilrs decodes those bytes again as UTF-8."""
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    result = ilrs("show", "Türkiye", "-f", "json", "--ledger", str(ledger_copy), env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "turkiye"
    added = ilrs("add", "Ĉu Lando", *ADD, "--ledger", str(ledger_copy), env=env)
    assert added.returncode == 0, added.stderr
    assert 'name = "Ĉu Lando"' in ledger_copy.read_text(encoding="utf-8")


# -- outputs that cannot encode every character -----------------------------------------------------

NARROW = {
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "c-locale": {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""},
}
COMMANDS = [
    ["list", "--all"],
    ["list", "--all", "-f", "table"],
    ["list", "--all", "-f", "csv"],
    ["list", "--all", "-f", "markdown"],
    ["list", "--all", "-f", "json"],
    ["show", "turkiye", "-f", "table"],
    ["show", "udelar"],
    ["timeline", "-f", "table"],
    ["timeline", "--by", "year", "-f", "table"],
    ["diff", "--since", "2023", "--until", "2024"],
]


# Every command in every encoding under --slow; in the default loop each command in one encoding, in turn.
PAIRS = [(args, encoding) for args in COMMANDS for encoding in NARROW]
QUICK = [(args, list(NARROW)[n % len(NARROW)]) for n, args in enumerate(COMMANDS)]


@pytest.mark.parametrize(
    ("args", "encoding"), sweep(PAIRS, *QUICK), ids=lambda v: v if isinstance(v, str) else " ".join(v)
)
def test_a_narrow_output_encoding_never_crashes(args: list[str], encoding: str) -> None:
    result = ilrs(*args, env={"COLUMNS": "120", **NARROW[encoding]})
    assert result.returncode in (0, 1), result.stderr.decode()
    assert result.stderr == b""
    if encoding != "latin-1":
        assert result.stdout.isascii()
    if "table" in args:
        assert "─".encode() not in result.stdout and "█".encode() not in result.stdout


def test_machine_formats_escape_what_the_encoding_lacks() -> None:
    env = NARROW["ascii"]
    tsv = ilrs("list", "--all", "--fields", "id,name", env=env).stdout.decode("ascii")
    assert "udelar\tUniversidad de la Rep\\xfablica (Udelar)\n" in tsv
    assert "turkiye\tT\\xfcrkiye\n" in tsv
    rows = json.loads(ilrs("list", "--all", "-f", "json", "--fields", "id,name", env=env).stdout)
    assert {"id": "turkiye", "name": "Türkiye"} in rows  # JSON is ASCII anyway and gives the text back exactly
    latin = ilrs("list", "--all", "--fields", "id,name", env=NARROW["latin-1"]).stdout.decode("latin-1")
    assert "turkiye\tTürkiye\n" in latin


def test_tables_fall_back_to_ascii_with_the_same_layout() -> None:
    wide = ilrs("list", "--all", "-f", "table", "--fields", "name,kind", env={"COLUMNS": "60"}).stdout.decode()
    narrow = ilrs("list", "--all", "-f", "table", "--fields", "name,kind", env={"COLUMNS": "60", **NARROW["ascii"]})
    lines = narrow.stdout.decode("ascii").splitlines()
    assert [len(line) for line in lines] == [len(line) for line in wide.splitlines()]
    assert any("T?rkiye" in line for line in lines)


def test_a_closed_stdout_is_one_error_line() -> None:
    every = (["list"], ["where"], ["show", "china"], ["list", "-f", "table"])
    for args in sweep(every, every[0], every[3]):
        result = subprocess.run([*ILRS, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        closed = ilrs_closed_stdout(*args)
        assert closed.returncode == 2, args
        assert closed.stderr == b"ilrs: error: cannot write output: standard output is closed\n", args
        assert result.returncode == 0


def ilrs_closed_stdout(*args: str) -> subprocess.CompletedProcess[bytes]:
    command = shlex.join([*ILRS, *args])
    return subprocess.run(["bash", "-c", f"{command} >&-"], stderr=subprocess.PIPE, check=False)


def test_writes_work_with_stdout_or_stderr_closed(ledger_copy: Path) -> None:
    add = shlex.join([*ILRS, "add", "Closed Land", *ADD, "--ledger", str(ledger_copy)])
    result = subprocess.run(["bash", "-c", f"{add} >&-"], stderr=subprocess.PIPE, check=False)
    assert result.returncode == 0 and result.stderr == b"added closed-land (Closed Land), 1 agreement\n"
    again = subprocess.run(["bash", "-c", f"{add.replace('Closed Land', 'Quiet Land')} 2>&-"], check=False)
    assert again.returncode == 0
    assert "Quiet Land" in ledger_copy.read_text()


def test_a_closed_descriptor_is_never_reused_for_a_file(ledger_copy: Path) -> None:
    """With fd 1 closed, the lock or temp file would be opened as fd 1: ilrs parks /dev/null there first."""
    add = shlex.join([*ILRS, "add", "Fd Land", *ADD, "--ledger", str(ledger_copy), "--dry-run"])
    result = subprocess.run(["bash", "-c", f"{add} >&-"], stderr=subprocess.PIPE, check=False)
    assert result.returncode == 2
    assert result.stderr == b"ilrs: error: cannot write output: standard output is closed\n"
    assert "Fd Land" not in ledger_copy.read_text()


# -- values that only look right --------------------------------------------------------------------

NOT_DATES = ["٢٠٢٤", "２０２４", "۲۰۲۴-۰۵", " 2024", "2024 ", "2024\n", "\t2024-05", "2024-05-09 ", "2024-٠٥"]


@pytest.mark.parametrize("text", NOT_DATES)
def test_dates_take_ascii_digits_with_no_padding(run: Run, ledger_copy: Path, text: str) -> None:
    with pytest.raises(InputError):
        PartialDate.parse(text)
    before = ledger_copy.read_bytes()
    result = run(
        "add", "Padland", "--kind", "company", "--signed", text, "--source", "https://e.org", "-l", str(ledger_copy)
    )
    assert result.code == 2
    assert result.stderr.startswith("ilrs: error: --signed: invalid date ")
    assert ledger_copy.read_bytes() == before
    assert run("list", "--as-of", text).code == 2


def test_a_padded_stored_date_is_a_check_error(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "l.toml"
    path.write_text(BUNDLED.read_text().replace('signed = "2021-03-09"', 'signed = " 2021-03-09"', 1))
    result = run("check", str(path))
    assert result.code == 1
    assert "invalid-date" in result.stdout and "invalid date ' 2021-03-09'" in result.stdout


def test_an_empty_source_is_refused_and_a_stored_one_is_a_check_error(
    run: Run, ledger_copy: Path, tmp_path: Path
) -> None:
    before = ledger_copy.read_bytes()
    result = run("add", "Emptyland", "--kind", "company", "--signed", "2024", "--source", "", "-l", str(ledger_copy))
    assert result.code == 2
    assert result.stderr == "ilrs: error: --source: holds an empty value\n"
    blank = run("agreement", "add", "china", "--signed", "2024", "--source", "  ", "-l", str(ledger_copy))
    assert blank.code == 2 and "--source: holds an empty value" in blank.stderr
    assert ledger_copy.read_bytes() == before
    path = tmp_path / "l.toml"
    path.write_text(
        BUNDLED.read_text().replace('"https://en.wikipedia.org/wiki/International_Lunar_Research_Station",', '"",', 1)
    )
    check = run("check", str(path))
    assert check.code == 1
    assert "missing-field: participant[1] (china).agreement[1].sources: holds an empty value" in check.stdout


@pytest.mark.parametrize("fmt", ["tsv", "json", "table"])
def test_color_is_validated_always(run: Run, fmt: str) -> None:
    result = run("list", "--color", "bogus", "-f", fmt)
    assert result.code == 2
    assert "'bogus' is not one of 'auto', 'always', 'never'" in result.stderr
    assert result.stdout == ""
    assert run("list", "--color", "NEVER", "-f", fmt).code == 0
