"""The programmes ilrs knows: one declaration each, asked by the store, the counts, the pictures and the options.

A ledger names its programme by slug (``programme = "artemis-accords"``). A programme declared here ships
with a bundled ledger and has words of its own; any other slug is still a valid ledger, named by the
generic forms below.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Programme(NamedTuple):
    """What ilrs says about one programme, and where its ledger lives."""

    id: str  # the ledger's `programme` slug and the `--programme` value
    file: str  # the bundled ledger's file name (data/...), also the user ledger's in $XDG_DATA_HOME/ilrs/
    title: str  # how people name it in a heading or a column: "ILRS"
    name: str  # how a sentence names it: "the International Lunar Research Station"
    header: str  # the first line of its canonical ledger


PROGRAMMES = (
    Programme(
        "ilrs",
        "members.toml",
        "ILRS",
        "the International Lunar Research Station",
        "# ILRS participants ledger: who has joined the International Lunar Research Station.",
    ),
    Programme(
        "artemis-accords",
        "artemis-accords.toml",
        "Artemis Accords",
        "the Artemis Accords",
        "# Artemis Accords ledger: who has signed the US-led Artemis Accords.",
    ),
)
BY_ID = {p.id: p for p in PROGRAMMES}
# The programme a ledger records when it does not say (every ledger before `programme` existed), and the
# one commands read without --programme.
DEFAULT_PROGRAMME = PROGRAMMES[0].id

_GENERIC_HEADER = "# Participants ledger of the programme '{}'."
_GENERIC_HEADER_PATTERN = re.compile(r"# Participants ledger of the programme '[a-z0-9-]+'\.")


def title(programme: str) -> str:
    """``ILRS``, ``Artemis Accords``, or the slug of an undeclared programme."""
    known = BY_ID.get(programme)
    return known.title if known else programme


def name(programme: str) -> str:
    """``the International Lunar Research Station``, or ``the programme 'SLUG'``."""
    known = BY_ID.get(programme)
    return known.name if known else f"the programme '{programme}'"


def header(programme: str) -> str:
    """The first line of a canonical ledger of ``programme`` (a comment naming it)."""
    known = BY_ID.get(programme)
    return known.header if known else _GENERIC_HEADER.format(programme)


def is_header(line: str) -> bool:
    """Whether ``line`` is the first header line of some programme's canonical ledger."""
    return any(line == p.header for p in PROGRAMMES) or _GENERIC_HEADER_PATTERN.fullmatch(line) is not None
