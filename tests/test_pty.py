"""A real terminal: `ilrs add` with missing values prompts, validates, re-asks and confirms."""

from __future__ import annotations

import codecs
import fcntl
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

import pytest

from conftest import BUNDLED
from ilrs_cli.store import ledger
from ilrs_cli.store.location import Location

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")


class Terminal:
    """The program on a pseudo-terminal: wait for text, type answers."""

    def __init__(
        self, argv: list[str], env: dict[str, str], *, hold: bool = True, size: tuple[int, int] | None = None
    ) -> None:
        self.master, slave = os.openpty()
        if size is not None:  # rows, columns: what the program reads as the terminal's size
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
        # Holding our end of the slave open keeps the program's last words readable after it exits
        # (otherwise the master may read EIO before the kernel hands them over).
        self.slave = slave if hold else None
        if not hold:
            os.close(slave)
        self.seen = ""
        # One decoder for the whole stream: a character's bytes may arrive split across two reads.
        self._decode = codecs.getincrementaldecoder("utf-8")("replace").decode

    def last_words(self, text: str) -> int:
        """Wait for ``text`` (with ``hold``), then for the program to end; its exit status."""
        self.expect(text)
        status = self.proc.wait(timeout=15)
        os.close(self.master)
        if self.slave is not None:
            os.close(self.slave)
        return status

    def expect(self, text: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"never saw {text!r}; screen so far:\n{self.seen}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:
                    chunk = b""
                assert chunk, f"program ended before {text!r}; screen:\n{self.seen}"
                self.seen += self._decode(chunk)

    def type(self, answer: str) -> None:
        os.write(self.master, answer.encode() + b"\r")

    def answer(self, steps: Sequence[tuple[str, str | None]]) -> None:
        """Wait for each prompt in turn and type its answer (None: only wait for the text)."""
        for prompt, answer in steps:
            self.expect(prompt)
            self.seen = self.seen[self.seen.index(prompt) + len(prompt) :]
            if answer is not None:
                self.type(answer)

    def finish(self, timeout: float = 60) -> int:
        """Read everything the program writes until it has ended and nothing is left; its exit status.

        Once the program has exited, our end of the slave is closed too, so the master reads what is still
        buffered and then EIO: the end of the screen, with no quiet period to wait out (Linux delivers the
        pending data before EIO since 4.0's "pty: Fix input race when closing").
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.slave is not None and self.proc.poll() is not None:
                os.close(self.slave)
                self.slave = None
            # a short wait: once the program has exited nothing wakes the select until our slave end is closed
            ready, _, _ = select.select([self.master], [], [], 0.01)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO: every slave end is closed and everything was read
                break
            if not chunk:
                break
            self.seen += self._decode(chunk)
        os.close(self.master)
        if self.slave is not None:
            os.close(self.slave)
        return self.proc.wait(timeout=10)


def test_interactive_add_on_a_real_terminal(tmp_path: Path) -> None:
    path = tmp_path / "members.toml"
    shutil.copyfile(BUNDLED, path)
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"), "TERM": "xterm"}
    term = Terminal([sys.executable, "-m", "ilrs_cli", "add", "--ledger", str(path)], env)
    steps = [
        ("Name", "Moonland"),
        ("Kind (state/organization/institution/company)", "planet"),
        ("'planet' is not one of: state, organization, institution, company", None),
        ("Kind", "state"),
        ("Country code", "XX"),
        ("'XX' is not an ISO 3166-1 alpha-2 country code", None),
        ("Country code", "ml"),
        ("Status", ""),
        ("Signed", ""),
        ("Announced", ""),
        ("an agreement needs a date", None),
        ("Signed", "2025-02-30"),
        ("Feb 2025 has 28 days", None),
        ("Signed", "2025-02"),
        ("Announced", ""),
        ("Instrument", "joint-statement"),
        ("Counterpart", ""),
        ("Source URL", "ftp://nope"),
        ("is not an http(s) URL", None),
        ("Source URL", "https://example.org/moon"),
        ("Another source URL", ""),
        ("Confidence", "high"),
        ("Write it?", "y"),
    ]
    term.answer(steps)
    status = term.finish()
    assert status == 0, term.seen
    assert "added moonland (Moonland), 1 agreement" in term.seen
    moon = ledger.load(Location(path, "test")).ledger.by_id()["moonland"]
    assert (moon.country, str(moon.joined), moon.agreements[0].instrument.value) == ("ML", "2025-02", "joint-statement")
    assert moon.agreements[0].counterpart == "CNSA"


def test_without_a_terminal_a_missing_value_names_the_flag(tmp_path: Path) -> None:
    path = tmp_path / "members.toml"
    shutil.copyfile(BUNDLED, path)
    result = subprocess.run(
        [sys.executable, "-m", "ilrs_cli", "add", "Moonland", "--ledger", str(path)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == "ilrs: error: missing --kind (state, organization, institution or company)\n"
    assert path.read_bytes() == BUNDLED.read_bytes()


def test_remove_asks_on_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "members.toml"
    shutil.copyfile(BUNDLED, path)
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"), "TERM": "xterm"}
    refused = Terminal([sys.executable, "-m", "ilrs_cli", "remove", "iloa", "--ledger", str(path)], env)
    refused.expect(
        "Delete iloa (International Lunar Observatory Association (ILOA Hawai'i)) and its 1 agreement? [y/N]"
    )
    refused.type("n")
    assert refused.finish() == 1
    assert "cancelled; nothing written" in refused.seen and "ilrs: error" not in refused.seen
    assert path.read_bytes() == BUNDLED.read_bytes()
    accepted = Terminal([sys.executable, "-m", "ilrs_cli", "remove", "iloa", "--ledger", str(path)], env)
    accepted.expect("[y/N]")
    accepted.type("y")
    assert accepted.finish() == 0
    assert "iloa" not in ledger.load(Location(path, "test")).ledger.by_id()


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"), "TERM": "xterm"}


def test_each_bad_answer_is_refused_at_its_own_prompt(tmp_path: Path) -> None:
    path = tmp_path / "members.toml"
    shutil.copyfile(BUNDLED, path)
    term = Terminal([sys.executable, "-m", "ilrs_cli", "add", "--ledger", str(path)], _env(tmp_path))
    term.answer(
        [
            ("Name:", "Pɑkistan"),
            ("looks like 'Pakistan' (pakistan)", None),
            ("Name:", "Pak\u00adistan"),
            ("U+00AD SOFT HYPHEN", None),
            ("Name:", "Moonland"),
            ("Kind (state/organization/institution/company):", "STATE"),
            ("Country code:", "ml"),
            ("Status (member/claimed/applicant/disputed) [member]:", "withdrawn"),
            ("'withdrawn' is not one of: member, claimed, applicant, disputed", None),
            ("Status", "Member"),
            ("Signed", "٢٠٢٤"),
            ("invalid date", None),
            ("Signed", "2025-02"),
            ("Announced", "2025-01"),
            ("announced 2025-01 is before signed 2025-02", None),
            ("Announced", "2025-03"),
            ("Instrument", "JOINT-STATEMENT"),
            ("Counterpart", ""),
            ("Source URL", "https://example.org/moon"),
            ("Another source URL", ""),
            ("Confidence", "HIGH"),
            ("Write it? [y/N]", "Y"),
        ],
    )
    assert term.finish() == 0, term.seen
    moon = ledger.load(Location(path, "test")).ledger.by_id()["moonland"]
    first = moon.agreements[0]
    assert (moon.status.value, str(first.signed), str(first.announced)) == ("member", "2025-02", "2025-03")
    assert (first.instrument.value, first.confidence.value) == ("joint-statement", "high")


def test_ctrl_c_at_a_prompt_cancels_with_a_note_and_130(tmp_path: Path) -> None:
    path = tmp_path / "members.toml"
    shutil.copyfile(BUNDLED, path)
    argv = [sys.executable, "-m", "ilrs_cli", "add", "Moonland", "--ledger", str(path)]
    term = Terminal(argv, _env(tmp_path), hold=True)
    term.expect("Kind (state/organization/institution/company):")
    term.proc.send_signal(signal.SIGINT)  # what Ctrl-C sends (this pty is not the child's controlling terminal)
    assert term.last_words("cancelled; nothing written") == 130
    assert "ilrs: error" not in term.seen and "Traceback" not in term.seen
    assert path.read_bytes() == BUNDLED.read_bytes()


def _answer_interrupted_at(point: int, capsys: pytest.CaptureFixture[str]) -> tuple[bool, int, str]:
    """Ask "Kind" on a pseudo-terminal where "state" is already typed, sending SIGINT at the ``point``-th
    call, return or line-level event inside ``read_answer``: whether that point was reached, the status
    and stderr. The same steps as a Ctrl-C that lands there, one point at a time."""
    from ilrs_cli import cli
    from ilrs_cli.commands import prompts
    from ilrs_cli.core.model import Kind
    from ilrs_cli.store import signals

    master, slave = os.openpty()
    os.write(master, b"state\n")
    stdin = open(slave, encoding="utf-8", closefd=False)  # noqa: SIM115 - closed below
    handlers = {signum: signal.getsignal(signum) for signum in signals.STOPPING}
    events = 0
    reached = False

    def inside(frame: FrameType | None) -> bool:
        while frame is not None:
            if frame.f_code is prompts.read_answer.__code__:
                return True
            frame = frame.f_back
        return False

    def profile(frame: FrameType, _event: str, _arg: object) -> None:
        nonlocal events, reached
        if reached or not inside(frame):
            return
        if events == point:
            reached = True
            # To this thread, as to ilrs's only one (xdist's worker has others, which would take a signal
            # sent to the process while this one holds it back). Its handler raises here, or when let through.
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
        events += 1

    def add() -> Kind:
        sys.setprofile(profile)
        with prompts.cancellable():  # as complete_new_participant asks
            return prompts.ask_choice("Kind", Kind)

    saved_stdin = sys.stdin
    try:
        sys.stdin = stdin
        signals.install()
        status = cli.run_guarded(add)
    finally:
        sys.setprofile(None)
        sys.stdin = saved_stdin
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        signals._state.update(received=0, reported=False)
        prompts._typed_ahead.clear()
        stdin.close()
        os.close(slave)
        os.close(master)
    return reached, status, capsys.readouterr().err


def test_ctrl_c_at_any_point_of_a_prompt_cancels(capsys: pytest.CaptureFixture[str]) -> None:
    # input() cleared a KeyboardInterrupt raised in sys.stdout's flush or fileno (our wrapper is Python
    # code) and went on to read the answer: a Ctrl-C lost under load, the program waiting for a line.
    reached, status, err = _answer_interrupted_at(10**6, capsys)
    assert (reached, status) == (False, 0)
    assert err == "Kind (state/organization/institution/company): "
    for point in range(1000):
        reached, status, err = _answer_interrupted_at(point, capsys)
        if not reached:
            break
        assert (status, err.endswith("cancelled; nothing written\n")) == (130, True), (point, err)
    assert point > 10  # every point inside the question was tried


def test_ctrl_d_at_a_prompt_cancels_with_a_note_and_1(tmp_path: Path) -> None:
    path = tmp_path / "members.toml"
    shutil.copyfile(BUNDLED, path)
    term = Terminal([sys.executable, "-m", "ilrs_cli", "add", "--ledger", str(path)], _env(tmp_path), hold=True)
    term.expect("Name:")
    os.write(term.master, b"\x04")  # Ctrl-D: end of input
    assert term.last_words("cancelled; nothing written") == 1
    assert "ilrs: error" not in term.seen
    assert path.read_bytes() == BUNDLED.read_bytes()


def test_typed_text_is_escaped_and_a_missing_participant_fails_before_the_question(tmp_path: Path) -> None:
    path = tmp_path / "members.toml"
    shutil.copyfile(BUNDLED, path)
    hostile = "iloa\x1b]0;pwned\x07\x1b[2J"
    term = Terminal([sys.executable, "-m", "ilrs_cli", "remove", hostile, "--ledger", str(path)], _env(tmp_path))
    assert term.finish() == 2
    assert "ilrs: error: no participant with id or name 'iloa\\x1b]0;pwned\\x07\\x1b[2J'" in term.seen
    assert "\x1b]0;" not in term.seen and "\x1b[2J" not in term.seen and "[y/N]" not in term.seen
    wrong = Terminal(
        [sys.executable, "-m", "ilrs_cli", "agreement", "remove", "iloa", "3", "--ledger", str(path)], _env(tmp_path)
    )
    assert wrong.finish() == 2
    assert (
        "iloa has 1 agreement(s), counted from 1 in date order; there is no agreement 3" in wrong.seen
        and "[y/N]" not in wrong.seen
    )
    assert path.read_bytes() == BUNDLED.read_bytes()
