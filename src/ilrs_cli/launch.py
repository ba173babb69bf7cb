"""The console script's entry point: handle the stopping signals first, then import the (slow) rest.

The handlers are installed when this module is imported, which is the first thing the console script
does after ``import re, sys`` (the wrapper pip writes), so that an interrupt during the rest of start-up,
the wrapper's own lines included, ends with one line and exit 128+n, never a traceback. Before that
point only the interpreter's start-up runs (see docs/RELIABILITY.md).
"""

from __future__ import annotations

from ilrs_cli.store import signals

signals.install()

import gc  # noqa: E402 - after the handlers, on purpose (both are built in: no time to speak of)
import os  # noqa: E402
import sys  # noqa: E402

TYPE_CHECKING = False  # (typing itself costs start-up time: mypy reads this name as true)
if TYPE_CHECKING:
    from typing import NoReturn


def main() -> NoReturn:
    """Run ilrs (``ilrs_cli.cli.main``) with the stopping signals handled from the first moment."""
    signals.install()  # again: a caller may have changed them since the import (it changes nothing otherwise)
    gc.disable()  # start-up makes many objects and no cycles worth collecting; cli.main resumes it
    try:
        from ilrs_cli import cli

        cli.main()
    except KeyboardInterrupt as exc:
        with signals.deferred():  # a second interrupt while leaving changes nothing
            status = signals.report(exc)
            try:
                sys.stdout.flush()
            except (OSError, ValueError):
                pass
            os._exit(status)
    raise AssertionError("unreachable: cli.main exits")  # pragma: no cover
