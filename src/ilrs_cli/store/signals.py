"""SIGINT, SIGTERM and SIGHUP all stop ilrs the same way: an exception that unwinds (removing a temp
file, releasing the lock), one line on stderr, exit 128+n. Imported first, before anything slow, so
an interrupt during start-up is handled too.
"""

from __future__ import annotations

import os
import signal
import sys

TYPE_CHECKING = False  # imported first of all (launch.py): typing and contextlib would widen the window
if TYPE_CHECKING:
    from types import FrameType, TracebackType

STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, unwinding like Ctrl-C (a KeyboardInterrupt, so every Ctrl-C path handles it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_state: dict[str, int | bool] = {"received": 0, "reported": False}


def _raise(signum: int, _frame: FrameType | None) -> None:
    _state["received"] = signum  # remembered: Typer turns a KeyboardInterrupt into a bare exit 130
    raise KeyboardInterrupt() if signum == signal.SIGINT else Stopped(signum)


def _exit_now(signum: int, _frame: FrameType | None) -> None:
    _state["received"] = signum
    os._exit(report(KeyboardInterrupt() if signum == signal.SIGINT else Stopped(signum)))


def install(*, unwind: bool = True) -> None:
    """Make the three stopping signals raise in the main thread (an ignored SIGHUP, as under nohup, stays so).

    With ``unwind=False`` they end the process at once instead, with the same line and status: for the
    start-up before anything is running that could catch them (nothing is open or written yet).
    """
    handler = _raise if unwind else _exit_now
    for signum in STOPPING:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, handler)


def status(exc: KeyboardInterrupt) -> int:
    """The exit status for an interrupt: 128 + the signal's number (130 for Ctrl-C)."""
    return 128 + (exc.signum if isinstance(exc, Stopped) else signal.SIGINT)


def report(exc: KeyboardInterrupt) -> int:
    """Write the one line for an interrupt on stderr (once) and return its exit status."""
    if not _state["reported"]:
        _state["reported"] = True
        try:
            if isinstance(exc, Stopped):
                sys.stderr.write(f"ilrs: stopped by {signal.Signals(exc.signum).name}\n")
            else:
                sys.stderr.write("\n")  # ends the line the terminal's ^C began
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
    return status(exc)


def settle(exit_status: int) -> int:
    """The exit status of a command that ended on an interrupt however it was caught, reported once."""
    signum = int(_state["received"])
    if not signum or exit_status != 128 + signal.SIGINT:
        return exit_status
    return report(KeyboardInterrupt() if signum == signal.SIGINT else Stopped(signum))


class deferred:  # used as a function: `with signals.deferred():`
    """Hold the stopping signals back inside (they are delivered on leaving): for steps that must not be
    cut in two, such as creating a temp file and taking charge of removing it."""

    def __init__(self) -> None:
        self._old: set[int | signal.Signals] | None = None

    def __enter__(self) -> None:
        try:
            self._old = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
        except ValueError:  # pragma: no cover - not the main thread of the main interpreter
            self._old = None

    def __exit__(
        self, _kind: type[BaseException] | None, _value: BaseException | None, _trace: TracebackType | None
    ) -> None:
        if self._old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, self._old)
