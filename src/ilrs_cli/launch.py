"""The console script's entry point: handle the stopping signals first, then import the (slow) rest.

The handlers are installed when this module is imported, which is the first thing the console script
does after ``import re, sys`` (the wrapper pip writes), so that an interrupt during the rest of start-up,
the wrapper's own lines included, ends with one line and exit 128+n, never a traceback: until ``main``
runs they end the process at once (there is nothing to undo yet), from then on they unwind. Before this
module's import only the interpreter's start-up runs (see docs/RELIABILITY.md).
"""

from __future__ import annotations

from ilrs_cli.store import signals

signals.install(unwind=False)  # until main() runs, a stopping signal ends the process with its one line

import gc  # noqa: E402 - after the handlers, on purpose (both are built in: no time to speak of)
import os  # noqa: E402
import sys  # noqa: E402

TYPE_CHECKING = False  # (typing itself costs start-up time: mypy reads this name as true)
if TYPE_CHECKING:
    from typing import NoReturn


def main() -> NoReturn:
    """Run ilrs (``ilrs_cli.cli.main``) with the stopping signals handled from the first moment."""
    try:
        signals.install()  # from here on a stopping signal unwinds: temp files are removed, the lock released
        gc.disable()  # start-up makes many objects and no cycles worth collecting; cli.main resumes it
        from ilrs_cli import cli

        cli.main()
    except (KeyboardInterrupt, RuntimeError) as exc:
        # Python 3.11 wraps an interrupt that lands in a class's __set_name__ (an import defining a class
        # with a cached_property) in a RuntimeError: it is still the interrupt.
        interrupt = exc if isinstance(exc, KeyboardInterrupt) else exc.__cause__
        if not isinstance(interrupt, KeyboardInterrupt):
            raise
        with signals.deferred():  # a second interrupt while leaving changes nothing
            status = signals.report(interrupt)
            try:
                sys.stdout.flush()
            except (OSError, ValueError):
                pass
            os._exit(status)
    raise AssertionError("unreachable: cli.main exits")  # pragma: no cover
