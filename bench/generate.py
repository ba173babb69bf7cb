"""Seeded generator of realistic synthetic ledgers, written through the project's own writer.

Shape "typical": one or two agreements with a mix of day, month and year precision dates, one or two
sources, sometimes a signatory and a short note, like the real ledger. Shape "rich": up to five agreements,
up to six sources and three signatories each, and long notes (a third of them with non-ASCII letters and
punctuation), the heavy end of what a ledger of this domain holds.
Usage: python bench/generate.py COUNT OUT.toml [--seed N] [--shape typical|rich]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Agreement, Confidence, Instrument, Kind, Ledger, Participant, Status
from ilrs_cli.core.text import COUNTRY_CODES
from ilrs_cli.store.toml import dumps

SYLLABLES = ["ka", "lo", "mi", "ra", "to", "vel", "sun", "dor", "an", "ie", "bra", "quo", "zen", "tar", "ul"]
COUNTRIES = sorted(COUNTRY_CODES)
COUNTERPARTS = ["CNSA", "DSEL", "CNSA (Lunar Exploration and Space Engineering Center)", "Roscosmos"]


def _date(rng: random.Random) -> PartialDate:
    year, month, day = rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28)
    precision = rng.random()
    if precision < 0.1:
        return PartialDate(year)
    if precision < 0.25:
        return PartialDate(year, month)
    return PartialDate(year, month, day)


WORDS = (
    "the agreement was announced by the national space agency after a ministerial visit and reported by "
    "several outlets which disagree on the day of signing while the counterpart confirmed it later"
).split()
ACCENTED = ["Türkiye", "São Tomé", "Côte d’Ivoire", "Zürich", "Dakar — Beijing", "«ILRS»", "Nicaragüense"]


def _long_note(rng: random.Random) -> str:
    """A note of one to five hundred characters; a third have non-ASCII letters and punctuation; some have lines."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(20, 90))]
    if rng.random() < 0.33:
        words[rng.randrange(len(words))] = rng.choice(ACCENTED)
    text = " ".join(words).capitalize() + "."
    if rng.random() < 0.2:
        text += "\nSee also the later statement."
    return text


def _agreement(rng: random.Random, n: int, k: int, rich: bool = False) -> Agreement:
    signed = _date(rng) if rng.random() < 0.9 else None
    announced = None
    if signed is None or rng.random() < 0.6:
        base = signed or _date(rng)
        announced = PartialDate(base.year + (1 if rng.random() < 0.05 else 0), base.month, base.day)
    return Agreement(
        instrument=rng.choice(list(Instrument)),
        counterpart=rng.choice(COUNTERPARTS),
        signing_body=f"National Space Body {n}" if rng.random() < 0.3 else "",
        signed=signed,
        announced=announced,
        place=rng.choice(["", "Beijing", "Hefei", "Wuhan", "Moscow"]),
        signatories=tuple(f"Signatory {n}-{k}-{i}" for i in range(rng.randint(0, 3 if rich else 1))),
        confidence=rng.choice(list(Confidence)),
        sources=tuple(
            f"https://news{rng.randint(1, 50)}.example.org/{n}/{k}/{i}" for i in range(rng.randint(1, 6 if rich else 2))
        ),
        notes=_long_note(rng) if rich and rng.random() < 0.4 else _short_note(rng),
    )


def _short_note(rng: random.Random) -> str:
    return "Sources disagree on the day; the earliest report is used." if rng.random() < 0.15 else ""


def generate(count: int, seed: int = 1, shape: str = "typical") -> Ledger:
    """A canonical ledger of ``count`` participants, the same for the same seed and shape."""
    rich = shape == "rich"
    rng = random.Random(seed)
    people = []
    for n in range(count):
        word = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        kind = rng.choice(list(Kind))
        country = rng.choice(COUNTRIES) if kind is Kind.STATE or rng.random() < 0.7 else ""
        people.append(
            Participant(
                id=f"{word.lower()}-{n}",
                name=f"{word} {kind.value.title()} {n}",
                kind=kind,
                status=Status.MEMBER if rng.random() < 0.9 else Status.CLAIMED,
                country=country,
                notes=_long_note(rng) if rich and rng.random() < 0.4 else _participant_note(rng, n),
                agreements=tuple(_agreement(rng, n, k, rich) for k in range(rng.randint(1, 5 if rich else 2))),
            )
        )
    return Ledger(tuple(people)).normalised()


def _participant_note(rng: random.Random, n: int) -> str:
    return f"Synthetic participant number {n}." if rng.random() < 0.3 else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shape", choices=["typical", "rich"], default="typical")
    args = parser.parse_args()
    args.out.write_text(dumps(generate(args.count, args.seed, args.shape)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
