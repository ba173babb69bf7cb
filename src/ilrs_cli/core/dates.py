"""Partial dates: a year, a month or a day, never a day the source did not give."""

from __future__ import annotations

import datetime as _dt
import re
from typing import NamedTuple

from ilrs_cli.core.errors import InputError

_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # ASCII digits: \d takes any script's
EXPECTED = "expected YYYY, YYYY-MM or YYYY-MM-DD"
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def days_in_month(year: int, month: int) -> int:
    """28 to 31 (the Gregorian leap-year rule; no calendar module to import)."""
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else _DAYS[month - 1]


class PartialDate(NamedTuple):
    """A date known to the year, the month or the day.

    ``month`` and ``day`` are 0 when unknown. The field order makes the natural
    sort a total order: by start, and a coarser date before a finer one that
    starts on the same day (``2023`` < ``2023-01`` < ``2023-01-01``).
    """

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` exactly (ASCII digits, no spaces); else InputError."""
        known = _PARSED.get(text) if isinstance(text, str) else None
        if known is None:
            known = _PARSED[text] = cls._parse(text)
        return known

    @classmethod
    def _parse(cls, text: str) -> PartialDate:
        match = _PATTERN.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise InputError(f"invalid date '{text}' ({EXPECTED})")
        year, month, day = (int(g) if g else 0 for g in match.groups())
        if year < 1:
            raise InputError(f"invalid date '{text}': year must be 0001 or later")
        if match.group(2) is not None and not 1 <= month <= 12:
            raise InputError(f"invalid date '{text}': no month {month} ({EXPECTED})")
        if match.group(3) is not None:
            last = days_in_month(year, month)
            if not 1 <= day <= last:
                raise InputError(f"invalid date '{text}': {_MONTHS[month - 1]} {year} has {last} days ({EXPECTED})")
        return cls(year, month, day)

    @classmethod
    def from_date(cls, value: _dt.date) -> PartialDate:
        """Wrap a full calendar date."""
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> str:
        """``year``, ``month`` or ``day``."""
        if self.day:
            return "day"
        return "month" if self.month else "year"

    @property
    def start(self) -> _dt.date:
        """The first day of the period."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> _dt.date:
        """The last day of the period."""
        if self.day:
            return _dt.date(self.year, self.month, self.day)
        if self.month:
            return _dt.date(self.year, self.month, days_in_month(self.year, self.month))
        return _dt.date(self.year, 12, 31)

    def iso(self) -> str:
        """ISO 8601 text at this date's precision: ``2024``, ``2024-05`` or ``2024-05-09``."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def display(self) -> str:
        """Friendly text for people: ``18 Oct 2023``, ``Oct 2023`` or ``2023``."""
        if self.day:
            return f"{self.day} {_MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{_MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    def within(self, since: PartialDate | None, until: PartialDate | None) -> bool:
        """True when this whole period lies inside [since, until] (each inclusive, whole periods)."""
        if since is not None and self.start < since.start:
            return False
        return until is None or self.end <= until.end

    def known_by(self, moment: PartialDate) -> bool:
        """True when this period has certainly begun and ended by the end of ``moment``."""
        return self.end <= moment.end

    def __str__(self) -> str:
        return self.iso()


# Ledgers repeat the same few thousand dates; parsing each text once halves the cost of loading.
_PARSED: dict[str, PartialDate] = {}
