"""The ledger's sidecar lock, and what a write target must be for a lock and a replace to serve it.

The lock is ``fcntl.flock`` on ``.NAME.lock`` next to the ledger (the ledger itself cannot be locked: the
replace swaps its inode). The wait blocks in the kernel, bounded by a timer, rather than polling: a poller
sleeps between tries and loses the lock to whoever asks at the moment it is released, so under load some
writers starved (see docs/RELIABILITY.md for the figures). filelock's Unix lock is the same flock, so
older ilrs versions and other tools using filelock on the same file exclude each other correctly.
"""

from __future__ import annotations

import fcntl
import os
import signal
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from ilrs_cli.core.errors import BusyError, WriteError

NOTE_AFTER = 1.0  # seconds of waiting before saying why nothing happens
_POLL = 0.05  # only off the main thread, where no timer signal can interrupt a blocking flock


def lock_path(target: Path) -> Path:
    """The sidecar lock file of a ledger."""
    return target.parent / f".{target.name}.lock"


class _Expired(Exception):
    """The timer ran out while waiting for the lock."""


@contextmanager
def held(
    target: Path, ledger: os.stat_result, name: str, timeout: float, waiting: Callable[[], None]
) -> Iterator[None]:
    """Hold the ledger's lock inside; BusyError after ``timeout`` seconds; ``waiting()`` once after 1 s.

    The lock file takes the ledger's group and permission bits, so whoever may write the ledger may lock it.
    OSError (a read-only directory, ...) is left to the caller to put in words.
    """
    fd = _open(lock_path(target), ledger)
    try:
        acquire(fd, name, timeout, waiting)
        yield
    finally:
        os.close(fd)  # releases the lock


def _open(path: Path, ledger: os.stat_result) -> int:
    mode = stat.S_IMODE(ledger.st_mode) & 0o666
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, mode)
    try:
        info = os.fstat(fd)
        if info.st_uid == os.geteuid():  # only its owner may change it; others just use it
            if info.st_gid != ledger.st_gid:
                try:
                    os.fchown(fd, -1, ledger.st_gid)
                except OSError:
                    pass  # not a member of the ledger's group: the bits below still apply
            if stat.S_IMODE(info.st_mode) != mode | stat.S_IRUSR | stat.S_IWUSR:
                os.fchmod(fd, mode | stat.S_IRUSR | stat.S_IWUSR)
    except BaseException:
        os.close(fd)
        raise
    return fd


def acquire(fd: int, name: str, timeout: float, waiting: Callable[[], None]) -> None:
    """Take the exclusive flock on ``fd``; BusyError once one holder kept it ``timeout`` seconds.

    The timeout counts from the last time the lock changed hands (each holder stamps the lock file with
    its pid and the time): a long queue of writers that all make progress never times out, while a
    writer stuck holding the lock does. (Off the main thread, it counts from the start.)
    """
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _claim(fd)
        return
    except BlockingIOError:
        pass
    busy = BusyError(f"{name}: ledger is busy (locked by another ilrs process)")
    deadline = time.monotonic() + timeout
    try:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
    except ValueError:  # not the main thread: no timer signal, poll instead
        _poll(fd, deadline, busy, waiting)
        return
    noted = False
    started = time.monotonic()
    holder = _holder(fd)
    try:
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise busy
                signal.setitimer(signal.ITIMER_REAL, min(left, NOTE_AFTER))
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX)  # blocks in the kernel until released or the timer fires
                    break
                except _Expired:
                    if not noted and time.monotonic() - started >= NOTE_AFTER:
                        noted = True
                        waiting()
                    if _holder(fd) != holder:  # the lock changed hands: the queue moves, keep waiting
                        holder = _holder(fd)
                        deadline = time.monotonic() + timeout
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    except _Expired:  # the timer fired outside the wait: just after the lock came, or as the time ran out
        try:  # a lock that came is ours to keep (giving it up failed a writer on a loaded machine); else busy
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise busy from None
    _claim(fd)


def _holder(fd: int) -> bytes:
    """Who holds the lock, as its holder wrote it (empty when nobody or an older ilrs holds it)."""
    try:
        return os.pread(fd, len(_stamp()), 0)
    except OSError:
        return b""


def _stamp() -> bytes:
    return f"{os.getpid():>10} {time.time_ns():>20}\n".encode()


def _claim(fd: int) -> None:
    """Write our stamp into the lock file: waiters see the lock changing hands."""
    try:
        os.pwrite(fd, _stamp(), 0)
    except OSError:
        pass  # waiters then just count from their start


def _on_alarm(signum: int, _frame: FrameType | None) -> None:
    raise _Expired()


def _poll(fd: int, deadline: float, busy: BusyError, waiting: Callable[[], None]) -> None:
    noted = False
    start = time.monotonic()
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            _claim(fd)
            return
        except BlockingIOError:
            pass
        now = time.monotonic()
        if now >= deadline:
            raise busy
        if not noted and now - start >= NOTE_AFTER:
            noted = True
            waiting()
        time.sleep(_POLL)


SYSTEM_DIRECTORIES = ("dev", "proc", "sys")
# /dev/shm is the one place under /dev for ordinary files (a tmpfs; some set TMPDIR there): files in it are
# ledgers like any other, while a hop through /dev/fd or /dev/stdin on the way is still refused.
FILES_UNDER_DEV = ("dev", "shm")


def system_path(path: Path) -> str | None:
    """The system directory (dev, proc, sys) that ``path`` or a link on the way to its file lies under, if any.

    Those hold streams and devices (/dev/stdout, /dev/fd/3, /proc/self/fd/0), never files to replace;
    realpath alone would hide the hop (/dev/stdin resolves to whatever file was redirected).
    """
    current = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on links followed
        parts = Path(current).parts
        if parts[1:3] != FILES_UNDER_DEV and parts[1:2] and parts[1] in SYSTEM_DIRECTORIES:
            return parts[1]
        if not os.path.islink(current):
            return None
        current = os.path.abspath(os.path.join(os.path.dirname(current), os.readlink(current)))
    return None  # a loop of links: the stat that follows says so


def check_target(target: Path, info: os.stat_result, name: str, given: Path | None = None) -> None:
    """Refuse, before locking, a write target that a replace cannot serve: not a regular file (a FIFO,
    a device, a socket), a file under /proc, /sys or /dev or reached through them (``given``: the path as
    the user named it), or a file with other hard links."""
    if stat.S_ISDIR(info.st_mode):
        raise WriteError(f"{name}: is a directory")
    under = system_path(target) or (system_path(given) if given is not None else None)
    if under:
        raise WriteError(f"{name}: is under /{under}, not a ledger file; nothing written")
    if not stat.S_ISREG(info.st_mode):
        raise WriteError(f"{name}: is {kind(info)}, not a regular file; ilrs writes a ledger only to a regular file")
    if info.st_nlink > 1:
        raise WriteError(
            f"{name}: has {info.st_nlink} hard links; replacing it would split them "
            "(the other names would keep the old contents); nothing written",
            hint="give the ledger a name of its own (copy it), or use a symbolic link, which is kept",
        )


def kind(info: os.stat_result) -> str:
    """What a file is, in words."""
    mode = info.st_mode
    for test, words in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a directory"),
    ):
        if test(mode):
            return words
    return "a special file"
