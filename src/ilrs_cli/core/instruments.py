"""Every instrument of a selection of participants, one line each (``ilrs agreements``)."""

from __future__ import annotations

from ilrs_cli.core import membership
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Agreement, Ledger
from ilrs_cli.core.query import AgreementLine, Filters, agreement_lines, select


def _dated_in(agreement: Agreement, filters: Filters) -> bool:
    """--as-of and --since/--until apply to the instrument's own date, as membership reads a date.

    An instrument counts once its date's whole period is over: by the end of --as-of, and inside the
    window when that end falls in it (so a year-only date belongs to the window holding 31 December).
    """
    window = membership.Window.of(filters.since, filters.until)
    if filters.as_of is None and window.unbounded:
        return True
    date = agreement.date
    if date is None:
        return False
    return (filters.as_of is None or date.end <= filters.as_of.end) and window.holds(date.end)


def select_instruments(ledger: Ledger, filters: Filters) -> list[AgreementLine]:
    """Instruments of the participants passing ``filters``, in date order (undated last).

    Participant filters (kind, status, country, id, search, --as-of) choose the participants, with their
    status as it stood at --as-of; the window (--since/--until) and --as-of then choose among their
    instruments by each instrument's own date.
    """
    # whoever holds an instrument by the end of --until was in by then: --until is --as-of for them
    moment = filters.as_of or filters.until
    chosen = select(ledger, filters._replace(since=None, until=None, as_of=moment))
    rank = {p.id: n for n, p in enumerate(chosen)}
    lines = [
        line for p in chosen for line in agreement_lines(p) if line.agreement and _dated_in(line.agreement, filters)
    ]

    def order(line: AgreementLine) -> tuple[bool, PartialDate, int]:
        date = line.agreement.date if line.agreement else None
        return (date is None, date or PartialDate(1), rank[line.participant.id])

    return sorted(lines, key=order)
