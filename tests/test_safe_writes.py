"""SAFE_WRITES.md, each point with a test: lock, atomic replace, permissions, symlinks, faults."""

from __future__ import annotations

import os
import pwd
import random
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from filelock import FileLock

from conftest import ADD, BUNDLED, Run, examples
from ilrs_cli.core.errors import WriteError
from ilrs_cli.core.model import Ledger
from ilrs_cli.store import ledger
from ilrs_cli.store.location import Location
from ilrs_cli.store.toml import dumps

ADD = [*ADD]


def ilrs(
    *args: str, env: dict[str, str] | None = None, preexec_fn: Callable[[], object] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real program in a child process (``preexec_fn`` runs in the child before it starts)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "ilrs_cli", *args],
        capture_output=True,
        text=True,
        env=full_env,
        check=False,
        preexec_fn=preexec_fn,
    )


def ids_in(path: Path) -> list[str]:
    return [p.id for p in ledger.load(Location(path, "test")).ledger.participants]


def test_lock_timeout_is_ledger_busy(run: Run, ledger_copy: Path) -> None:
    before = ledger_copy.read_bytes()
    with FileLock(str(ledger_copy.parent / f".{ledger_copy.name}.lock")):
        result = run("add", "X Land", *ADD, "--ledger", str(ledger_copy), env={"ILRS_LOCK_TIMEOUT": "0.2"})
    assert result.code == 2
    assert result.stderr == f"ilrs: error: {ledger_copy}: ledger is busy (locked by another ilrs process)\n"
    assert ledger_copy.read_bytes() == before


def test_permissions_and_symlink_are_preserved(run: Run, ledger_copy: Path, tmp_path: Path) -> None:
    ledger_copy.chmod(0o640)
    link = tmp_path / "link.toml"
    link.symlink_to(ledger_copy)
    assert run("add", "X Land", *ADD, "--ledger", str(link)).code == 0
    assert link.is_symlink() and link.resolve() == ledger_copy.resolve()
    assert stat.S_IMODE(ledger_copy.stat().st_mode) == 0o640
    assert "x-land" in ids_in(ledger_copy)
    assert not list(tmp_path.glob("*.tmp"))


def test_changed_on_disk_between_read_and_write_is_refused(ledger_copy: Path) -> None:
    edited = ledger_copy.read_text() + "\n"  # what an editor saves meanwhile

    def change(current: Ledger) -> tuple[Ledger, None]:
        ledger_copy.write_text(edited)  # another program saves while we work
        return Ledger(current.participants[1:]), None

    with pytest.raises(WriteError) as caught:
        ledger.save(Location(ledger_copy, "test"), change)
    assert "changed on disk since it was read" in caught.value.message
    assert ledger_copy.read_text() == edited  # the other change is kept
    assert not list(ledger_copy.parent.glob("*.tmp"))


def test_read_only_file_is_refused(run: Run, ledger_copy: Path) -> None:
    ledger_copy.chmod(0o444)
    before = ledger_copy.read_bytes()
    result = run("add", "X Land", *ADD, "--ledger", str(ledger_copy))
    assert result.code == 2 and "read-only" in result.stderr
    assert ledger_copy.read_bytes() == before
    assert not list(ledger_copy.parent.glob("*.tmp"))


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_file_size_limit_leaves_ledger_unchanged(ledger_copy: Path) -> None:
    before = ledger_copy.read_bytes()
    result = ilrs(
        "add",
        "X Land",
        *ADD,
        "--ledger",
        str(ledger_copy),
        preexec_fn=lambda: _limit_file_size(len(before) // 2),
    )
    assert result.returncode == 2
    assert "file too large (file-size limit reached); nothing written" in result.stderr
    assert "Traceback" not in result.stderr
    assert ledger_copy.read_bytes() == before
    assert not list(ledger_copy.parent.glob("*.tmp"))


def _unprivileged() -> tuple[int, int] | None:
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        return None
    return entry.pw_uid, entry.pw_gid


def _as_user(uid: int, gid: int, action: Callable[[], object]) -> str:
    """Fork, drop to ``uid`` in the child (whose modules are already loaded), run ``action`` there.

    Returns "done", or the message of what it raised.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_end)
        message = "done"
        try:
            os.setgid(gid)
            os.setuid(uid)
            action()
        except BaseException as exc:  # noqa: BLE001 - report anything to the parent
            message = getattr(exc, "message", repr(exc))
        os.write(write_end, message.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        message = pipe.read().decode()
    os.waitpid(pid, 0)
    return message


@pytest.mark.skipif(_unprivileged() is None, reason="needs root, to run the reader as the unprivileged user 'nobody'")
def test_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    user = _unprivileged()
    assert user is not None  # the skipif above
    uid, gid = user
    shared = Path(f"/tmp/ilrs-unreadable-{os.getpid()}")
    shared.mkdir(mode=0o755)
    try:
        target = shared / "members.toml"
        shutil.copyfile(BUNDLED, target)
        target.chmod(0o600)  # root's, not readable by nobody
        message = _as_user(uid, gid, lambda: ledger.load(Location(target, "test")))
        assert message == f"{target}: cannot read ledger: permission denied"
    finally:
        shutil.rmtree(shared)


@pytest.mark.skipif(_unprivileged() is None, reason="needs root, to run the writer as the unprivileged user 'nobody'")
def test_read_only_directory_as_unprivileged_user() -> None:
    user = _unprivileged()
    assert user is not None  # the skipif above
    uid, gid = user
    shared = Path(f"/tmp/ilrs-ro-{os.getpid()}")
    shared.mkdir(mode=0o755)
    try:
        target = shared / "members.toml"
        shutil.copyfile(BUNDLED, target)
        os.chown(target, uid, gid)
        target.chmod(0o644)  # nobody may write the file, but not the directory
        before = target.read_bytes()
        message = _as_user(
            uid,
            gid,
            lambda: ledger.save(Location(target, "test"), lambda cur: (Ledger(cur.participants[1:]), None)),
        )
        assert "permission denied" in message
        assert target.read_bytes() == before
        assert sorted(p.name for p in shared.iterdir()) == ["members.toml"]
    finally:
        shutil.rmtree(shared)


@pytest.fixture
def small_tmpfs() -> Iterator[Path]:
    """A 200 KiB tmpfs (needs root and mount rights; skipped with the reason otherwise)."""
    mount_point = Path(f"/tmp/ilrs-tmpfs-{os.getpid()}")
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        mount_point.rmdir()
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield mount_point
    subprocess.run(["umount", str(mount_point)], check=False)
    mount_point.rmdir()


def test_disk_full_leaves_ledger_unchanged(small_tmpfs: Path) -> None:
    target = small_tmpfs / "members.toml"
    shutil.copyfile(BUNDLED, target)
    filler = small_tmpfs / "filler"
    free = shutil.disk_usage(small_tmpfs).free
    filler.write_bytes(b"x" * max(0, free - len(BUNDLED.read_bytes()) // 2))
    before = target.read_bytes()
    result = ilrs("add", "X Land", *ADD, "--ledger", str(target))
    assert result.returncode == 2, result.stderr
    assert "disk full" in result.stderr and "nothing written" in result.stderr
    assert target.read_bytes() == before
    assert not list(small_tmpfs.glob("*.tmp"))


def test_read_only_file_system(small_tmpfs: Path) -> None:
    target = small_tmpfs / "members.toml"
    shutil.copyfile(BUNDLED, target)
    subprocess.run(["mount", "-o", "remount,ro", str(small_tmpfs)], check=True)
    result = ilrs("add", "X Land", *ADD, "--ledger", str(target))
    assert result.returncode == 2
    assert "read-only file system" in result.stderr
    assert target.read_bytes() == BUNDLED.read_bytes()


def test_concurrent_writers_all_land(ledger_copy: Path) -> None:
    env = {**os.environ}
    writers = examples(24, least=8)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ilrs_cli", "add", f"Writer {n}", *ADD, "--ledger", str(ledger_copy)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for n in range(writers)
    ]
    codes = [p.wait(timeout=120) for p in procs]
    assert codes == [0] * writers
    ids = ids_in(ledger_copy)
    assert {f"writer-{n}" for n in range(writers)} <= set(ids)
    assert len(ids) == len(set(ids)) == 49 + writers


@pytest.mark.slow
def test_24_writers_times_3_adds_each(ledger_copy: Path) -> None:
    script = "; ".join(
        f'{sys.executable} -m ilrs_cli add "Writer $0 add {k}" '
        + " ".join(ADD)
        + f' --ledger "{ledger_copy}" || exit 1'
        for k in range(3)
    )
    procs = [
        subprocess.Popen(["bash", "-c", script, str(n)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for n in range(24)
    ]
    said = [p.communicate(timeout=300)[1].decode() for p in procs]
    assert [(p.returncode, text) for p, text in zip(procs, said, strict=True) if p.returncode] == []
    ids = ids_in(ledger_copy)
    assert {f"writer-{n}-add-{k}" for n in range(24) for k in range(3)} <= set(ids)
    assert len(ids) == len(set(ids)) == 49 + 72


def _states_after_each_add(start: Path, count: int) -> list[bytes]:
    """The exact bytes after 0..count sequential adds (what a killed writer may leave)."""
    current = ledger.load(Location(start, "test")).ledger
    from ilrs_cli.core import changes as edit
    from ilrs_cli.core.dates import PartialDate
    from ilrs_cli.core.model import Agreement, Instrument, Kind, Participant

    states = [start.read_bytes()]
    for n in range(count):
        # what `ilrs add "Kill N" --kind company --signed 2024 --source https://e.org` builds
        agreement = Agreement(instrument=Instrument.MOU, signed=PartialDate(2024), sources=("https://e.org",))
        participant = Participant(f"kill-{n}", f"Kill {n}", Kind.COMPANY, agreements=(agreement,))
        current, _ = edit.add_participant(current, participant)
        states.append(dumps(current).encode())
    return states


def _one_write_seconds(ledger_copy: Path) -> float:
    """How long one uninterrupted `ilrs add` takes right now, on a scratch copy of the ledger."""
    scratch = ledger_copy.with_name("timing.toml")
    shutil.copyfile(ledger_copy, scratch)
    start = time.monotonic()
    ilrs("add", "Timing", *ADD, "--ledger", str(scratch))
    return time.monotonic() - start


def run_kill_campaign(ledger_copy: Path, kills: int, seed: int) -> int:
    """Start sequential writers and SIGKILL each at a random moment; check every state is whole."""
    rng = random.Random(seed)
    states = _states_after_each_add(ledger_copy, kills)
    # Kill within the time one whole write takes on this machine now (a loaded CI machine is slower), so
    # the campaign hits every phase of a write and some writes still land between kills.
    window = max(0.25, 1.3 * _one_write_seconds(ledger_copy))
    index = 0
    for n in range(kills):
        proc = subprocess.Popen(
            [sys.executable, "-m", "ilrs_cli", "add", f"Kill {index}", *ADD, "--ledger", str(ledger_copy)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.0, window))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        data = ledger_copy.read_bytes()
        assert data in (states[index], states[index + 1]), f"kill {n}: ledger is neither before nor after"
        if data == states[index + 1]:
            index += 1
    return index


def test_sigkill_during_writes_leaves_before_or_after(ledger_copy: Path) -> None:
    kills = examples(25, least=8)
    landed = run_kill_campaign(ledger_copy, kills=kills, seed=7)
    assert 0 <= landed <= kills
    # whatever temp files the killed writers left, the next write cleans them up
    assert ilrs("fmt", "--ledger", str(ledger_copy)).returncode == 0
    assert not list(ledger_copy.parent.glob("*.tmp"))


@pytest.mark.slow
def test_two_hundred_kills(ledger_copy: Path) -> None:
    landed = run_kill_campaign(ledger_copy, kills=200, seed=2024)
    assert landed > 0  # some writes completed between kills, so both outcomes were exercised
