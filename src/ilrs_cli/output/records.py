"""The output records: one declaration per record type, each column named once.

A column's ``name`` is at once its ``--fields`` name, its TSV/CSV header and its JSON key; its place in
the declaration is its TSV position (new columns are only ever appended); it also carries its table
heading, how a table treats it and the line the README shows for it. ``list``, ``show``, ``timeline``,
``diff`` and ``check`` print through these declarations, ``tools/readme.py`` writes the README's column
tables from them and ``json_schema`` describes the JSON they print. Adding a column to an output is
one ``Column(...)`` line here (plus its test and a CHANGELOG line).

Values stay typed (dates are ``PartialDate``, counts ``int``): each format renders them its own way,
ISO for machines (formats.py), friendly for people (render.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from ilrs_cli.core import membership
from ilrs_cli.core.errors import InputError
from ilrs_cli.core.model import Agreement, Participant, Value

if TYPE_CHECKING:  # pragma: no cover - only the types: `ilrs list` need not import diff, timeline or checks
    from ilrs_cli.core.checks import Finding
    from ilrs_cli.core.compare import Country
    from ilrs_cli.core.diff import ChangeLine
    from ilrs_cli.core.log import LogLine
    from ilrs_cli.core.query import AgreementLine
    from ilrs_cli.core.rules import Rule
    from ilrs_cli.core.timeline import Event, Period

T = TypeVar("T")


class Shape(StrEnum):
    """What a column holds: its JSON type, and how a table aligns and styles it."""

    TEXT = "text"
    DATE = "date"  # a partial date: ISO for machines, friendly for people
    COUNT = "count"  # a whole number, right-aligned in tables
    LIST = "list"  # several texts: a JSON array, joined with " | " elsewhere (formats.SEPARATOR)
    FLAG = "flag"  # true/false in JSON, yes/no elsewhere


class Column(NamedTuple, Generic[T]):
    """One column of a record: its name (--fields, header, JSON key), its value, how it is shown."""

    name: str
    get: Callable[[T], Value]
    doc: str = ""  # what the README says of it (empty: the name says it)
    heading: str = ""  # the table heading, when it is not the name
    shape: Shape = Shape.TEXT
    wrap: bool = False  # tables give it the room left: names wrap, free text ends in "…"
    whole: bool = False  # with wrap: never cut, wrapped between words like a name (a message, a rule's description)
    drop: int = 0  # a table too narrow for every column leaves out 1 first, then 2, ...; 0: never
    style: str = ""  # the table style; "{}" stands for the value ("status.{}" -> "status.member")

    @property
    def title(self) -> str:
        """The table heading."""
        return self.heading or self.name


def names_everything(fields: str | None) -> bool:
    """True when a ``--fields`` value is ``all`` (any case): every column, and for list the whole record."""
    return fields is not None and fields.strip().lower() == "all"


class Record(NamedTuple, Generic[T]):
    """A record type: what one line of output is, and its columns in their stable order."""

    name: str
    command: str  # where it is printed (for the README)
    note: str  # one line for the README
    columns: tuple[Column[T], ...]
    table: tuple[str, ...] = ()  # the columns of the default table (empty: all of them)
    extra: tuple[str, ...] = ()  # columns printed only when --fields names them (or says `all`)

    @property
    def names(self) -> tuple[str, ...]:
        """Every column name, in order."""
        return tuple(c.name for c in self.columns)

    @property
    def default(self) -> tuple[str, ...]:
        """The columns printed when ``--fields`` is not given: every one but the extra ones."""
        return tuple(n for n in self.names if n not in self.extra)

    def column(self, name: str) -> Column[T]:
        """The column called ``name``."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def pick(self, fields: str | None, *, table: bool = False, flag: str = "--fields") -> tuple[str, ...]:
        """The columns a ``--fields A,B`` value names (validated; ``all``: every one), else the default ones.

        An empty value or an empty name (``''``, ``',,,'``, ``'id,,name'``) is refused rather than
        read as "the default" or "no columns". Names are read in any case; one named twice counts once.
        """
        if fields is None:
            return self.table if table and self.table else self.default
        if names_everything(fields):
            return self.names
        names = tuple(name.strip().lower() for name in fields.split(","))  # any case, as --kind and --color
        choices = f"choose from: {', '.join(self.names)}"
        if not any(names):
            raise InputError(f"{flag}: no column named in '{fields}' ({choices})")
        for name in names:
            if not name:
                raise InputError(f"{flag}: empty column name in '{fields}' ({choices})")
            if name not in self.names:
                raise InputError(f"unknown field '{name}' ({choices})")
        return tuple(dict.fromkeys(names))  # a column named twice is shown once, as `cut -f1,1` does

    def row(self, item: T, names: Sequence[str] | None = None) -> dict[str, Value]:
        """One item as a flat record of the named columns (all by default)."""
        columns = self.columns if names is None else [self.column(n) for n in names]
        return {c.name: c.get(item) for c in columns}

    def rows(self, items: Iterable[T], names: Sequence[str] | None = None) -> list[dict[str, Value]]:
        """Many items as flat records (the columns are looked up once)."""
        getters = [(c.name, c.get) for c in (self.columns if names is None else [self.column(n) for n in names])]
        return [{name: get(item) for name, get in getters} for item in items]


# -- participants (`ilrs list`) ---------------------------------------------------------------


def _first(get: Callable[[Agreement], Value]) -> Callable[[Participant], Value]:
    """A value of the agreement that dates the joining (None when there is none)."""

    def value(p: Participant) -> Value:
        return get(p.agreements[0]) if p.agreements else None

    return value


def _in_by(p: Participant) -> Value:
    found = membership.joining(p)
    return None if found is None else found.proof


PARTICIPANT: Record[Participant] = Record(
    "participant",
    "list",
    "the joining agreement's details; `agreements` is a count",
    (
        Column("id", lambda p: p.id, drop=11),
        Column("name", lambda p: p.name, wrap=True, style="name"),
        Column("kind", lambda p: p.kind.value, drop=9),
        Column("country", lambda p: p.country or None, drop=10),
        Column("status", lambda p: p.status.value, style="status.{}"),
        Column("joined", lambda p: p.joined, shape=Shape.DATE, style="date"),
        Column("announced", _first(lambda a: a.announced), shape=Shape.DATE, drop=4, style="date"),
        Column("instrument", _first(lambda a: a.instrument.value), drop=7),
        Column("counterpart", _first(lambda a: a.counterpart or None), wrap=True, drop=3),
        Column("signing_body", _first(lambda a: a.signing_body or None), heading="signing body", wrap=True, drop=2),
        Column("agreements", lambda p: len(p.agreements), heading="#agr", shape=Shape.COUNT, drop=6),
        Column("confidence", _first(lambda a: a.confidence.value), drop=5),
        Column("withdrawn", lambda p: p.withdrawn, shape=Shape.DATE, drop=8, style="date"),
        Column("source", _first(lambda a: a.sources[0] if a.sources else None), wrap=True, drop=1),
        Column(
            "in_by",
            _in_by,
            doc="the agreement date by whose end it is certainly in (see Dates)",
            style="date",
            shape=Shape.DATE,
            drop=1,
        ),
        Column("notes", lambda p: p.notes or None, doc="only with `--fields`", wrap=True, drop=1),
    ),
    table=("name", "kind", "country", "status", "joined", "instrument", "counterpart"),
    extra=("notes",),
)

# -- agreements (`ilrs agreements`, and `ilrs show` piped: one line per agreement) -------------


def _of_agreement(get: Callable[[Agreement], Value]) -> Callable[[AgreementLine], Value]:
    """An agreement's column: empty on the one line of a participant that has no agreement."""
    return lambda line: None if line.agreement is None else get(line.agreement)


AGREEMENT: Record[AgreementLine] = Record(
    "agreement",
    "agreements",
    "one line per instrument, the participant's fields repeated; also `show` piped (`show --format json` "
    "gives the whole record)",
    (
        Column("id", lambda a: a.participant.id, drop=9),
        Column("name", lambda a: a.participant.name, wrap=True, style="name"),
        Column("kind", lambda a: a.participant.kind.value, drop=8),
        Column("country", lambda a: a.participant.country or None, drop=7),
        Column("status", lambda a: a.participant.status.value, style="status.{}", drop=6),
        Column("instrument", _of_agreement(lambda a: a.instrument.value)),
        Column("counterpart", _of_agreement(lambda a: a.counterpart or None), wrap=True, drop=3),
        Column(
            "signing_body", _of_agreement(lambda a: a.signing_body or None), heading="signing body", wrap=True, drop=2
        ),
        Column("signed", _of_agreement(lambda a: a.signed), shape=Shape.DATE, style="date"),
        Column("announced", _of_agreement(lambda a: a.announced), shape=Shape.DATE, style="date", drop=4),
        Column("place", _of_agreement(lambda a: a.place or None), wrap=True, drop=1),
        Column("confidence", _of_agreement(lambda a: a.confidence.value), drop=5),
        Column("sources", _of_agreement(lambda a: a.sources), doc="every source", shape=Shape.LIST, wrap=True, drop=4),
        Column("notes", _of_agreement(lambda a: a.notes or None), wrap=True, drop=1),
        Column(
            "number",
            lambda a: a.number or None,
            doc="as `ilrs show` and `ilrs agreement edit` count",
            shape=Shape.COUNT,
        ),
        Column("signatories", _of_agreement(lambda a: a.signatories), shape=Shape.LIST, wrap=True, drop=1),
    ),
    table=("name", "instrument", "signed", "announced", "counterpart", "confidence", "sources"),
)

# -- events (`ilrs timeline`) ------------------------------------------------------------------

EVENT: Record[Event] = Record(
    "event",
    "timeline",
    "counts are members just after the event",
    (
        Column("date", lambda e: e.date, shape=Shape.DATE, style="date"),
        Column("event", lambda e: e.kind.value, doc="signed, announced or withdrawn"),
        Column("id", lambda e: e.participant.id),
        Column("name", lambda e: e.participant.name, wrap=True, style="name"),
        Column("kind", lambda e: e.participant.kind.value),
        Column("country", lambda e: e.participant.country or None),
        Column("status", lambda e: e.participant.status.value, style="status.{}"),
        Column("instrument", lambda e: e.agreement.instrument.value if e.agreement else None),
        Column("counterpart", lambda e: (e.agreement.counterpart or None) if e.agreement else None, wrap=True),
        Column("first", lambda e: "yes" if e.first else "no", doc="yes for the joining event (from which it counts)"),
        Column("countries", lambda e: e.countries, shape=Shape.COUNT),
        Column("participants", lambda e: e.participants, shape=Shape.COUNT),
    ),
)

# -- periods (`ilrs timeline --by`) ------------------------------------------------------------

PERIOD: Record[Period] = Record(
    "period",
    "timeline --by",
    "`participants` is the previous row's plus `joined` minus `left`; a joining known only to a coarser "
    "period has a row of its own, e.g. `2023, month unknown`; the rows run to `--until` (without it, to the last "
    "event), periods with nobody joining included",
    (
        Column("period", lambda p: p.label),
        Column("joined", lambda p: p.joined, shape=Shape.COUNT),
        Column("countries_joined", lambda p: p.countries_joined, shape=Shape.COUNT),
        Column("participants", lambda p: p.participants, heading="total", shape=Shape.COUNT),
        Column("countries", lambda p: p.countries, shape=Shape.COUNT),
        Column("names", lambda p: ", ".join(p.names), doc="who joined", wrap=True),
        Column("left", lambda p: p.left, doc="withdrawals", shape=Shape.COUNT),
        Column("countries_left", lambda p: p.countries_left, shape=Shape.COUNT),
    ),
)

# -- changes (`ilrs diff`) ---------------------------------------------------------------------


def _change_columns(get: Callable[[T], ChangeLine]) -> tuple[Column[T], ...]:
    """The columns of a change, read through ``get`` (a diff line is a change; a log line holds one)."""
    return (
        Column("marker", lambda x: get(x).marker),
        Column("id", lambda x: get(x).id),
        Column("name", lambda x: get(x).name, wrap=True, style="name"),
        Column("what", lambda x: get(x).what),
        Column("from", lambda x: get(x).old, wrap=True),
        Column("to", lambda x: get(x).new, wrap=True),
    )


CHANGE: Record[ChangeLine] = Record(
    "change",
    "diff",
    "`+` added, `-` removed, `~` changed; `what` is `participant`, a field, `agreement[N]` or `agreement[N].field`",
    _change_columns(lambda c: c),
)

# -- the record's history (`ilrs log`) ---------------------------------------------------------


def _change_of(line: LogLine) -> ChangeLine:
    return line.change


LOG: Record[LogLine] = Record(
    "log",
    "log",
    "one line per change of each commit, the commit first, then the change as `diff` gives it; see "
    "[The record in git](#the-record-in-git)",
    (
        Column("commit", lambda line: line.commit.commit),
        Column("date", lambda line: line.commit.date, doc="the committer's, ISO 8601"),
        Column("author", lambda line: line.commit.author, wrap=True),
        Column("subject", lambda line: line.commit.subject, wrap=True),
        *_change_columns(_change_of),
    ),
)

# -- problems (`ilrs check`) and the rules that find them (`ilrs check --list-rules`) ----------

FINDING: Record[Finding] = Record(
    "finding",
    "check --format tsv",
    "one line per problem",
    (
        Column("path", lambda f: f.path, drop=2),
        Column("line", lambda f: f.line, shape=Shape.COUNT),
        Column("rule", lambda f: f.rule, drop=3),
        Column("severity", lambda f: f.severity.value, drop=1),
        Column("message", lambda f: f.message, wrap=True, whole=True),
    ),
)

RULE: Record[Rule] = Record(
    "rule",
    "check --list-rules",
    "every rule `check` applies",
    (
        Column("name", lambda r: r.name),
        Column("description", lambda r: r.description, wrap=True, whole=True),
        Column("severity", lambda r: r.severity.value, drop=1),
    ),
)

# -- countries of two programmes (`ilrs compare`) ----------------------------------------------


def _first_of(country: Country) -> Value:
    return country.first[0]


COUNTRY: Record[Country] = Record(
    "country",
    "compare",
    "one line per country in either programme, those in both first; the first ledger (the ILRS) gives "
    "`ilrs_*`, the second (the Artemis Accords) `accords_*`",
    (
        Column("country", lambda c: c.code, doc="ISO 3166-1 code"),
        Column("country_name", lambda c: c.name, heading="name", wrap=True, style="name"),
        Column(
            "ilrs_level",
            lambda c: c.a.level.value if c.a else None,
            doc="state, organization, institution, company (through its earliest member), or the state's "
            "own status: claimed, applicant, disputed, withdrawn",
        ),
        Column("ilrs_date", lambda c: c.a.date if c.a else None, doc="the date of that level", shape=Shape.DATE),
        Column("ilrs_ids", lambda c: c.a.ids if c.a else (), doc="the state first", shape=Shape.LIST, wrap=True),
        Column("accords_date", lambda c: c.b.date if c.b else None, shape=Shape.DATE),
        Column(
            "accords_ordinal", lambda c: c.b.ordinal if c.b else None, doc="as its notes state it", shape=Shape.COUNT
        ),
        Column("first", _first_of, doc="the programme that came first, `same-day` or `unclear`"),
        Column(
            "days",
            lambda c: c.first[1],
            doc="by how many days; only when both dates are days",
            shape=Shape.COUNT,
        ),
        Column("both", lambda c: c.both, shape=Shape.FLAG),
    ),
)

# -- counts (`ilrs stats`, flat formats) -------------------------------------------------------

STAT: Record[tuple[str, Value]] = Record(
    "stat",
    "stats",
    "the JSON object flattened, one line per count: `countries`, `by_kind.state.member`, "
    "`by_year.2024.joined`, `gaps.1`...; `--format json` gives the object (see [The counts](#the-counts))",
    (
        Column("key", lambda kv: kv[0]),
        Column("value", lambda kv: kv[1], wrap=True),
    ),
)

RECORDS: tuple[Record[Any], ...] = (PARTICIPANT, AGREEMENT, COUNTRY, STAT, EVENT, PERIOD, CHANGE, LOG, FINDING, RULE)


def json_schema(record: Record[Any]) -> dict[str, Any]:
    """The JSON Schema of ``--format json`` for a record type: an array of objects, unknown keys left out."""
    types: dict[Shape, Any] = {
        Shape.TEXT: {"type": "string"},
        Shape.COUNT: {"type": "integer", "minimum": 0},
        Shape.LIST: {"type": "array", "items": {"type": "string"}},
        Shape.FLAG: {"type": "boolean"},
    }
    date = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
    properties = {c.name: (date if c.shape is Shape.DATE else types[c.shape]) for c in record.columns}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"ilrs {record.command} --format json",
        "type": "array",
        "items": {"type": "object", "properties": properties, "additionalProperties": False},
    }


def markdown_table() -> str:
    """The README's table of columns, one row per record type."""
    lines = ["| command | columns, in order |", "|---|---|"]
    for record in RECORDS:
        notes = [f"`{c.name}`: {c.doc}" for c in record.columns if c.doc]
        detail = "; ".join([record.note, *notes])
        lines.append(f"| `{record.command}` | `{' '.join(record.names)}` ({detail}) |")
    return "\n".join(lines) + "\n"
