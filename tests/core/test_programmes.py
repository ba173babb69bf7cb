"""core/programmes.py: one declaration per programme, and the generic words for any other slug."""

from __future__ import annotations

import pytest

from ilrs_cli.core import programmes
from ilrs_cli.core.model import Ledger
from ilrs_cli.core.programmes import BY_ID, DEFAULT_PROGRAMME, PROGRAMMES


def test_the_declared_programmes_and_the_default() -> None:
    assert [p.id for p in PROGRAMMES] == ["ilrs", "artemis-accords"]
    assert DEFAULT_PROGRAMME == "ilrs" == Ledger(()).programme
    assert {p.file for p in PROGRAMMES} == {"members.toml", "artemis-accords.toml"}
    assert len({p.header for p in PROGRAMMES}) == len({p.title for p in PROGRAMMES}) == len(PROGRAMMES)
    assert BY_ID["artemis-accords"].file == "artemis-accords.toml"


@pytest.mark.parametrize(
    ("slug", "title", "name", "header"),
    [
        (
            "ilrs",
            "ILRS",
            "the International Lunar Research Station",
            "# ILRS participants ledger: who has joined the International Lunar Research Station.",
        ),
        (
            "artemis-accords",
            "Artemis Accords",
            "the Artemis Accords",
            "# Artemis Accords ledger: who has signed the US-led Artemis Accords.",
        ),
        (
            "moon-village",
            "moon-village",
            "the programme 'moon-village'",
            "# Participants ledger of the programme 'moon-village'.",
        ),
    ],
)
def test_words_for_a_programme(slug: str, title: str, name: str, header: str) -> None:
    assert (programmes.title(slug), programmes.name(slug), programmes.header(slug)) == (title, name, header)
    assert programmes.is_header(header)


@pytest.mark.parametrize(
    "line",
    [
        "# a comment of the user's",
        "# Participants ledger of the programme 'Moon Village'.",  # not a slug: not the writer's line
        "# ILRS participants ledger",
        " # ILRS participants ledger: who has joined the International Lunar Research Station.",
    ],
)
def test_other_lines_are_not_a_header(line: str) -> None:
    assert not programmes.is_header(line)
