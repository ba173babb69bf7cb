"""Loader fuzzing: random and mutated bytes give a ledger or one `ilrs: error:` (exit 2), never a crash or a hang."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BUNDLED, Run, examples
from ilrs_cli.core.errors import LedgerError
from ilrs_cli.store import ledger
from ilrs_cli.store.location import Location

SEED = BUNDLED.read_bytes()
TOKENS = [
    b"[[",
    b"]]",
    b'"""',
    b"'''",
    b"=",
    b"\\u0000",
    b"\\u001b",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"#",
    b"\n",
    b"[" * 300,
    b"{a=" * 200,
    b'"',
    b"2024-02-30",
    b"1979-05-27T07:32:00Z",
    b"inf",
    b"nan",
    b"\r\n",
]
FUZZ = settings(
    max_examples=examples(400), deadline=2000, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


def load_bytes(data: bytes) -> None:
    """The property: a Loaded ledger or a LedgerError; anything else fails the test."""
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "fuzz.toml"
        path.write_bytes(data)
        try:
            ledger.load(Location(path, "fuzz"))
        except LedgerError as exc:
            assert exc.message.startswith(str(path))


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(SEED)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "delete", "insert", "duplicate", "truncate"]))
        if action == "flip" and at < len(data):
            data[at] ^= draw(st.integers(1, 255))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 200))]
        elif action == "insert":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif action == "duplicate":
            data[at:at] = data[at : at + draw(st.integers(1, 400))]
        else:
            del data[at:]
    return bytes(data)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    load_bytes(data)


@FUZZ
@given(mutated())
def test_mutated_bundled_ledger(data: bytes) -> None:
    load_bytes(data)


@settings(
    max_examples=examples(60),
    deadline=5000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],  # `run` keeps no state
    derandomize=True,
)
@given(mutated())
def test_mutated_ledger_through_the_cli(run: Run, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "fuzz.toml"
        path.write_bytes(data)
        result = run("list", "--all", "--ledger", str(path))
        assert result.code in (0, 2)
        if result.code == 2:
            assert result.stdout == ""
            assert result.stderr.startswith("ilrs: error: ")
            assert "Traceback" not in result.stderr


def test_fifty_megabytes_of_junk(tmp_path: Path, run: Run) -> None:
    junk = tmp_path / "junk.toml"
    junk.write_bytes(bytes(range(1, 128)) * (50 * 2**20 // 127))
    result = run("list", "--ledger", str(junk))
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"ilrs: error: {junk}:1:")
