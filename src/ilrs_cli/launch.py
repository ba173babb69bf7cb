"""The console script's entry point: handle the stopping signals first, then import the (slow) rest.

An interrupt at any moment after this module's first lines, start-up included, ends with one line and
exit 128+n, never a traceback.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

from ilrs_cli.store import signals


def main() -> NoReturn:
    """Run ilrs (``ilrs_cli.cli.main``) with the stopping signals handled from the first moment."""
    signals.install()
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
