"""The last moments of a write: another program's save, signals, stale temp files, the lock (SAFE_WRITES.md)."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

from conftest import ADD, BUNDLED, Run


def test_editor_save_after_the_temp_file_is_written_survives(
    run: Run, ledger_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor saves after the temp file was written and fsynced, just before the replace: its bytes win."""
    edited = ledger_copy.read_bytes() + b"\n"  # what the editor saves (still a valid ledger)
    real_fsync: Callable[[int], None] = os.fsync
    saves: list[int] = []

    def fsync_then_editor_saves(fd: int) -> None:
        real_fsync(fd)
        if not saves:  # the first fsync is the temp file's: the window before the final check
            saves.append(fd)
            ledger_copy.write_bytes(edited)

    monkeypatch.setattr(os, "fsync", fsync_then_editor_saves)
    result = run("add", "X Land", *ADD, "--ledger", str(ledger_copy))
    assert saves, "the write never reached its temp file's fsync"
    assert result.code == 2
    assert "changed on disk since it was read" in result.stderr
    assert ledger_copy.read_bytes() == edited
    assert not list(ledger_copy.parent.glob("*.tmp"))


def test_editor_save_with_same_size_and_replaced_inode_is_seen(
    run: Run, ledger_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor that writes a new file and renames it over the ledger: same bytes, but a new inode."""
    edited = ledger_copy.read_bytes()
    real_fsync = os.fsync
    saves: list[int] = []

    def fsync_then_editor_renames(fd: int) -> None:
        real_fsync(fd)
        if not saves:
            saves.append(fd)
            other = ledger_copy.with_name("editor-save")
            other.write_bytes(edited)
            os.replace(other, ledger_copy)

    monkeypatch.setattr(os, "fsync", fsync_then_editor_renames)
    result = run("add", "X Land", *ADD, "--ledger", str(ledger_copy))
    assert result.code == 2
    assert "changed on disk since it was read" in result.stderr
    assert ledger_copy.read_bytes() == edited
    assert not list(ledger_copy.parent.glob("*.tmp"))


# -- signals: a real child process stopped at a named point, then signalled ----------------------------

# Runs `ilrs ARGS` in a child that stops at POINT (it writes "ready" on stdout and waits on stdin), so the
# test signals it exactly there: no sleeps, no timing.
DRIVER = """
import os, signal, sys, tempfile

signal.signal(signal.SIGHUP, signal.SIG_DFL)  # as if not started under nohup
point, args = sys.argv[1], sys.argv[2:]

def pause():
    os.write(1, b"ready\\n")
    os.read(0, 1)  # the test's signal interrupts this

if point == "import":  # start-up: while the command-line library is being imported
    class Pause:
        def find_spec(self, name, path=None, target=None):
            if name == "typer":
                pause()
            return None
    sys.meta_path.insert(0, Pause())
elif point == "fsync":  # the temp file is written and being fsynced
    real_fsync = os.fsync
    def fsync(fd):
        real_fsync(fd)
        if not getattr(fsync, "done", False):
            fsync.done = True
            pause()
    os.fsync = fsync
elif point == "mkstemp":  # the signal arrives the moment the temp file exists
    real_mkstemp = tempfile.mkstemp
    def mkstemp(*a, **k):
        made = real_mkstemp(*a, **k)
        os.kill(os.getpid(), signal.SIGINT)
        return made
    tempfile.mkstemp = mkstemp

sys.argv = ["ilrs", *args]
from ilrs_cli.launch import main
main()
"""


def stop_at(point: str, signum: int, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ilrs ARGS stopped at ``point``, send ``signum`` there; return what it did."""
    proc = subprocess.Popen(
        [sys.executable, "-c", DRIVER, point, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    if point != "mkstemp":
        assert proc.stdout.readline() == "ready\n"
        proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.parametrize(
    ("signum", "status", "line"),
    [
        (signal.SIGTERM, 143, "ilrs: stopped by SIGTERM\n"),
        (signal.SIGHUP, 129, "ilrs: stopped by SIGHUP\n"),
        (signal.SIGINT, 130, "\n"),
    ],
)
def test_signal_during_a_write_removes_the_temp_file(ledger_copy: Path, signum: int, status: int, line: str) -> None:
    before = ledger_copy.read_bytes()
    result = stop_at("fsync", signum, "add", "X Land", *ADD, "--ledger", str(ledger_copy))
    assert (result.returncode, result.stderr) == (status, line)
    assert ledger_copy.read_bytes() == before
    assert not list(ledger_copy.parent.glob("*.tmp"))


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signal_during_start_up_prints_no_traceback(signum: int, status: int) -> None:
    result = stop_at("import", signum, "list")
    assert result.returncode == status
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_the_handlers_are_in_place_as_soon_as_the_entry_module_is_imported() -> None:
    """The console script imports ilrs_cli.launch first: the handlers are installed by that import, before
    typing, contextlib or anything slow (an interrupt during them printed a traceback, exit 1 or -2)."""
    code = (
        "import sys, signal\n"
        # as from a terminal: a run under nohup, or in the background of a script, inherits ignored signals,
        # which ilrs rightly leaves ignored
        "for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP): signal.signal(s, signal.SIG_DFL)\n"
        "import ilrs_cli.launch\n"
        "from ilrs_cli.store import signals\n"
        "print(all(signal.getsignal(s) is signals._exit_now for s in signals.STOPPING))\n"
        "print(sorted(m for m in ('typing', 'contextlib', 're', 'ilrs_cli.cli') if m in sys.modules))\n"
    )
    assert python_prints(code) == "True\n[]\n"


def python_prints(code: str) -> str:
    """What a fresh interpreter running ``code`` prints (it must end well and say nothing on stderr)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return done.stdout


def test_a_signal_ignored_by_who_started_ilrs_stays_ignored() -> None:
    """nohup ignores SIGHUP, a script's background job SIGINT: ilrs keeps those choices, as POSIX asks."""
    code = (
        "import signal\n"
        "signal.signal(signal.SIGHUP, signal.SIG_IGN)\n"
        "signal.signal(signal.SIGINT, signal.SIG_DFL)\n"
        "import ilrs_cli.launch\n"
        "print(signal.getsignal(signal.SIGHUP) is signal.SIG_IGN, signal.getsignal(signal.SIGINT) is signal.SIG_DFL)\n"
    )
    assert python_prints(code) == "True False\n"


@pytest.mark.parametrize(
    ("signum", "status", "line"), [(signal.SIGINT, 130, "\n"), (signal.SIGTERM, 143, "ilrs: stopped by SIGTERM\n")]
)
def test_a_signal_between_the_import_and_main_ends_with_one_line(signum: int, status: int, line: str) -> None:
    """The console script's own lines run between the import and main() (pip's wrapper: a re.sub)."""
    code = f"import os, signal\nimport ilrs_cli.launch\nos.kill(os.getpid(), {int(signum)})\nprint('not reached')\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (status, "", line)


def test_an_interrupt_python_wraps_in_a_runtime_error_is_still_an_interrupt() -> None:
    """Python 3.11 turns an exception raised in __set_name__ into RuntimeError: a Ctrl-C while an import
    defines a class with a cached_property printed that traceback."""
    code = (
        "import os, signal, sys\n"
        "class Hook:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'typer':\n"
        "            class Named:\n"
        "                def __set_name__(self, owner, attr):\n"
        "                    os.kill(os.getpid(), signal.SIGINT)\n"
        "                    sum(range(1000))  # the handler runs here, inside __set_name__\n"
        "            class Owner:\n"
        "                field = Named()\n"
        "        return None\n"
        "sys.meta_path.insert(0, Hook())\n"
        "sys.argv = ['ilrs', 'list']\n"
        "from ilrs_cli.launch import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "\n")


def test_interrupt_right_after_the_temp_file_is_made_leaves_no_empty_file(ledger_copy: Path) -> None:
    before = ledger_copy.read_bytes()
    result = stop_at("mkstemp", signal.SIGINT, "add", "X Land", *ADD, "--ledger", str(ledger_copy))
    assert (result.returncode, result.stderr) == (130, "\n")
    assert ledger_copy.read_bytes() == before
    assert not list(ledger_copy.parent.glob("*.tmp"))


def test_interrupt_right_after_a_pictures_temp_file_is_made_leaves_no_file(tmp_path: Path) -> None:
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    result = stop_at("mkstemp", signal.SIGINT, "chart", "-o", str(pictures / "chart.svg"), "--ledger", str(BUNDLED))
    assert (result.returncode, result.stderr) == (130, "\n")
    assert list(pictures.iterdir()) == []


# -- stale temp files ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["m.toml", "members[1].toml", "a*b?.toml"])
def test_stale_temp_clean_up_takes_only_this_ledgers_own(run: Run, tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    shutil.copyfile(BUNDLED, target)
    own = [f".{name}.abc_1234.tmp", f".{name}.zzzzzzzz.tmp"]
    others = [
        f".{name}.bak.abcd1234.tmp",  # the temp file of a write to `NAME.bak`
        f".{name}.abcd1234.tmp.keep",
        f".{name}.abc.tmp",
        f"{name}.abcd1234.tmp",
        ".x.toml.abcd1234.tmp",
    ]
    for stale in own + others:
        (tmp_path / stale).write_bytes(b"")
    result = run("add", "X Land", *ADD, "--ledger", str(target))
    assert result.code == 0, result.stderr
    left = {p.name for p in tmp_path.iterdir()}
    assert not left & set(own)
    assert set(others) <= left


# -- ILRS_LOCK_TIMEOUT ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["²", "abc", "-1", "inf", "1e3", "0", "0.0", "3601", "5s", " 5", "٥", "nan", "1.2.3"])
def test_lock_timeout_that_is_not_plain_seconds_is_refused(run: Run, ledger_copy: Path, value: str) -> None:
    before = ledger_copy.read_bytes()
    result = run("add", "X Land", *ADD, "--ledger", str(ledger_copy), env={"ILRS_LOCK_TIMEOUT": value})
    assert result.code == 2
    assert result.stderr.startswith("ilrs: error: ILRS_LOCK_TIMEOUT: '")
    assert "Traceback" not in result.stderr
    assert ledger_copy.read_bytes() == before


@pytest.mark.parametrize("value", ["5", "0.5", ".5", "3600", ""])
def test_lock_timeout_in_plain_seconds_is_accepted(run: Run, ledger_copy: Path, value: str) -> None:
    result = run("add", "X Land", *ADD, "--ledger", str(ledger_copy), env={"ILRS_LOCK_TIMEOUT": value})
    assert result.code == 0, result.stderr


# -- the lock: waiting, its file's permissions, what can be locked at all -------------------------------


def ilrs(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real program in a child process (never hangs the suite: a minute at most)."""
    return subprocess.run(
        [sys.executable, "-m", "ilrs_cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )


def test_a_writer_kept_waiting_says_so_then_gives_up(ledger_copy: Path) -> None:
    before = ledger_copy.read_bytes()
    with FileLock(str(ledger_copy.parent / ".members.toml.lock")):  # another ilrs holds the lock throughout
        result = ilrs("add", "X Land", *ADD, "--ledger", str(ledger_copy), env={"ILRS_LOCK_TIMEOUT": "1.5"})
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"waiting for the lock on {ledger_copy}, held by another ilrs process...",
        f"ilrs: error: {ledger_copy}: ledger is busy (locked by another ilrs process)",
    ]
    assert ledger_copy.read_bytes() == before


def test_lock_file_takes_the_ledgers_group_and_permissions(run: Run, ledger_copy: Path) -> None:
    other_groups = [g for g in os.getgroups() if g != os.getegid()]
    if other_groups:
        os.chown(ledger_copy, -1, other_groups[0])
    ledger_copy.chmod(0o660)
    lock_file = ledger_copy.parent / ".members.toml.lock"
    lock_file.touch(mode=0o600)  # left by an older ilrs: owner only
    lock_file.chmod(0o600)
    result = run("add", "X Land", *ADD, "--ledger", str(ledger_copy))
    assert result.code == 0, result.stderr
    info = lock_file.stat()
    assert stat.S_IMODE(info.st_mode) == 0o660
    assert info.st_gid == ledger_copy.stat().st_gid


def test_hard_linked_ledger_is_refused(run: Run, ledger_copy: Path) -> None:
    other = ledger_copy.with_name("other-name.toml")
    os.link(ledger_copy, other)
    before = ledger_copy.read_bytes()
    result = run("add", "X Land", *ADD, "--ledger", str(ledger_copy))
    assert result.code == 2
    assert result.stderr.startswith(f"ilrs: error: {ledger_copy}: has 2 hard links; replacing it would split them")
    assert ledger_copy.read_bytes() == other.read_bytes() == before
    assert ledger_copy.stat().st_ino == other.stat().st_ino


@pytest.mark.slow
def test_48_writers_on_busy_cores_all_land_within_the_default_timeout(ledger_copy: Path) -> None:
    """The README's concurrency claim at twice its size; the default timeout (no ILRS_LOCK_TIMEOUT) applies."""
    env = {k: v for k, v in os.environ.items() if k != "ILRS_LOCK_TIMEOUT"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ilrs_cli", "add", f"Writer {n}", *ADD, "--ledger", str(ledger_copy)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )
        for n in range(48)
    ]
    errors = [p.communicate(timeout=600)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 48, errors
    ids = [p["id"] for p in tomllib.loads(ledger_copy.read_text())["participant"]]
    assert {f"writer-{n}" for n in range(48)} <= set(ids)
    assert len(ids) == len(set(ids))


# -- what is not a ledger file ---------------------------------------------------------------------------


def test_empty_ledger_option_is_an_error(run: Run, isolated_env: Path) -> None:
    for args in (["list", "--ledger", ""], ["add", "X Land", *ADD, "--ledger", ""]):
        result = run(*args)
        assert (result.code, result.stdout) == (2, "")
        assert result.stderr.startswith("ilrs: error: --ledger: empty path")  # options.py refuses it
    assert not (isolated_env / "data").exists()  # nothing went to the user ledger either


def test_fifo_is_refused_at_once_by_writes_and_never_blocks_a_read(tmp_path: Path) -> None:
    fifo = tmp_path / "members.toml"
    os.mkfifo(fifo)
    write = ilrs("add", "X Land", *ADD, "--ledger", str(fifo))
    assert (write.returncode, write.stderr) == (
        2,
        f"ilrs: error: {fifo}: is a FIFO, not a regular file; ilrs writes a ledger only to a regular file\n",
    )
    read = ilrs("list", "--ledger", str(fifo))  # nobody writes into it: read as empty, at once
    assert read.returncode == 2
    assert "ledger is empty" in read.stderr


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/dev/null", "is under /dev, not a ledger file; nothing written"),
        ("/proc/version", "is under /proc, not a ledger file; nothing written"),
    ],
)
def test_device_and_proc_write_targets_are_refused_at_once(path: str, message: str) -> None:
    result = ilrs("add", "X Land", *ADD, "--ledger", path, env={"ILRS_LOCK_TIMEOUT": "3600"})
    assert (result.returncode, result.stderr) == (2, f"ilrs: error: {path}: {message}\n")


def test_a_path_through_dev_or_proc_is_refused_though_it_resolves_to_a_file(ledger_copy: Path) -> None:
    """/dev/stdin, /dev/fd/N and /proc/self/fd/N resolve to the redirected file: a write there is refused,
    as for outputs, rather than replacing whatever file the shell happened to redirect."""
    unsorted = ledger_copy.read_bytes() + b"\n\n"  # fmt would rewrite it
    ledger_copy.write_bytes(unsorted)
    link = ledger_copy.with_name("via.toml")
    link.symlink_to("/dev/stdin")
    for path, under in (("/dev/stdin", "dev"), ("/dev/fd/0", "dev"), ("/proc/self/fd/0", "proc"), (str(link), "dev")):
        done = fmt_with_stdin(path, ledger_copy)
        assert (done.returncode, done.stderr) == (
            2,
            f"ilrs: error: {path}: is under /{under}, not a ledger file; nothing written\n",
        )
        assert ledger_copy.read_bytes() == unsorted


def fmt_with_stdin(ledger: str, stdin: Path) -> subprocess.CompletedProcess[str]:
    """``ilrs fmt --ledger LEDGER`` with standard input redirected from the file ``stdin``."""
    with stdin.open("rb") as redirected:
        return subprocess.run(
            [sys.executable, "-m", "ilrs_cli", "fmt", "--ledger", ledger],
            stdin=redirected,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )


@pytest.mark.skipif(not os.path.isdir("/dev/shm") or not os.access("/dev/shm", os.W_OK), reason="needs /dev/shm")
def test_a_ledger_in_dev_shm_is_a_file_like_any_other_but_a_hop_through_dev_fd_is_not(ledger_copy: Path) -> None:
    """/dev/shm holds ordinary files (some set TMPDIR there): ilrs writes a ledger in it; a link in it that
    leads through /dev/stdin is refused as anywhere else."""
    with tempfile.TemporaryDirectory(dir="/dev/shm") as name:
        ledger = Path(name) / "members.toml"
        shutil.copyfile(ledger_copy, ledger)
        added = ilrs("add", "Shm Land", *ADD, "--ledger", str(ledger))
        assert (added.returncode, added.stderr) == (0, "added shm-land (Shm Land), 1 agreement\n")
        assert 'name = "Shm Land"' in ledger.read_text(encoding="utf-8")
        link = Path(name) / "via.toml"
        link.symlink_to("/dev/stdin")
        done = fmt_with_stdin(str(link), ledger)
        assert (done.returncode, done.stderr) == (
            2,
            f"ilrs: error: {link}: is under /dev, not a ledger file; nothing written\n",
        )


def test_a_loop_of_links_is_an_error_line_for_reads_writes_and_outputs(run: Run, tmp_path: Path) -> None:
    (tmp_path / "a.toml").symlink_to("b.toml")
    (tmp_path / "b.toml").symlink_to("a.toml")
    loop = str(tmp_path / "a.toml")
    for args, words in (
        (["list", "--ledger", loop], "cannot read ledger"),
        (["add", "X Land", *ADD, "--ledger", loop], "cannot read ledger"),
        (["chart", "-o", loop, "--format", "svg", "--ledger", str(BUNDLED)], "cannot write"),
    ):
        result = run(*args)
        assert (result.code, result.stdout) == (2, "")
        assert result.stderr == f"ilrs: error: {loop}: {words}: Too many levels of symbolic links\n"
    (tmp_path / "c.svg").symlink_to("d.svg")
    (tmp_path / "d.svg").symlink_to("c.svg")
    result = run("chart", "-o", str(tmp_path / "c.svg"), "--ledger", str(BUNDLED))
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == f"ilrs: error: {tmp_path / 'c.svg'}: cannot write: Too many levels of symbolic links\n"


def test_a_device_is_not_read_as_a_ledger() -> None:
    result = ilrs("list", "--ledger", "/dev/zero")
    assert (result.returncode, result.stderr) == (
        2,
        "ilrs: error: /dev/zero: is a character device, not a ledger file\n",
    )


def test_a_fifo_put_in_the_ledgers_place_before_the_replace_is_never_opened(
    run: Run, ledger_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last check compares the file's identity before reading it: a FIFO there would block a read forever."""
    before = ledger_copy.read_bytes()
    real_fsync: Callable[[int], None] = os.fsync
    swapped: list[Path] = []

    def fsync_then_a_fifo_takes_its_place(fd: int) -> None:
        real_fsync(fd)
        if not swapped:
            kept = ledger_copy.with_name("kept.toml")
            os.replace(ledger_copy, kept)
            os.mkfifo(ledger_copy)
            swapped.append(kept)

    monkeypatch.setattr(os, "fsync", fsync_then_a_fifo_takes_its_place)
    result = run("add", "X Land", *ADD, "--ledger", str(ledger_copy))
    assert result.code == 2
    assert "changed on disk since it was read" in result.stderr
    assert stat.S_ISFIFO(os.stat(ledger_copy).st_mode)
    assert swapped[0].read_bytes() == before
    assert not list(ledger_copy.parent.glob("*.tmp"))


def test_a_timer_that_fires_just_as_the_lock_comes_keeps_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wait's timer can fire after the kernel gave the lock and before the timer is disarmed: the writer
    then holds the lock, and keeps it (it gave up as "ledger is busy", which failed one writer of 72 on a
    loaded CI machine)."""
    import threading

    from ilrs_cli.store import lock

    path = tmp_path / ".members.toml.lock"
    path.touch()
    other = os.open(path, os.O_RDWR)
    fcntl.flock(other, fcntl.LOCK_EX)  # another writer holds it when we come, and leaves in 0.2 s
    threading.Timer(0.2, os.close, [other]).start()
    real_setitimer = signal.setitimer
    fired: list[tuple[float, float]] = []

    def fires_before_disarming(which: int, seconds: float, interval: float = 0.0) -> tuple[float, float]:
        if seconds == 0 and not fired:  # the timer's signal lands just before the wait disarms it
            fired.append(real_setitimer(which, 0))
            raise lock._Expired()
        return real_setitimer(which, seconds, interval)

    monkeypatch.setattr(signal, "setitimer", fires_before_disarming)
    previous = signal.getsignal(signal.SIGALRM)
    fd = os.open(path, os.O_RDWR)
    try:
        lock.acquire(fd, "members.toml", timeout=30, waiting=lambda: None)
        assert fired
        probe = os.open(path, os.O_RDWR)
        with pytest.raises(BlockingIOError):  # we hold it
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.close(probe)
    finally:
        os.close(fd)
        signal.signal(signal.SIGALRM, previous)
