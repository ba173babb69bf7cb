"""The options every command shares (as ``Annotated`` aliases), their completion and their parsing."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Annotated, Any

import typer

# typer 0.28 carries its own click (typer._click); the separate `click` package is not a dependency.
from typer._click.core import Context, Parameter
from typer._click.types import ParamType

from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.errors import InputError
from ilrs_cli.core.model import Confidence, Instrument, Kind, Status
from ilrs_cli.output.console import Colour
from ilrs_cli.output.formats import Format

# -- completion (never prints; any failure just offers nothing) --------------------------------


def _complete_enum(values: Iterable[str]) -> Callable[[str], list[str]]:
    options = list(values)
    return lambda incomplete: [v for v in options if v.startswith(incomplete)]


complete_kind = _complete_enum(k.value for k in Kind)
complete_status = _complete_enum(s.value for s in Status)
complete_instrument = _complete_enum(i.value for i in Instrument)
complete_confidence = _complete_enum(c.value for c in Confidence)
complete_format = _complete_enum(f.value for f in Format)


def complete_list(values: Callable[[], Iterable[str]]) -> Callable[[str], list[str]]:
    """Complete a comma-separated list (``--fields id,na`` -> ``id,name``): the item after the last comma."""

    def complete(incomplete: str) -> list[str]:
        done, _, last = incomplete.rpartition(",")
        head = done + "," if done else ""
        taken = set(done.split(","))
        return [head + v for v in values() if v.startswith(last) and v not in taken]

    return complete


def _list_fields() -> Iterable[str]:
    from ilrs_cli.output.records import PARTICIPANT

    return PARTICIPANT.names


def _agreement_fields() -> Iterable[str]:
    from ilrs_cli.output.records import AGREEMENT

    return AGREEMENT.names


def _sort_keys() -> Iterable[str]:
    from ilrs_cli.core.query import SortKey

    return [k.value for k in SortKey]


def _rules() -> Iterable[str]:
    from ilrs_cli.core.rules import RULES

    return RULES


complete_fields = complete_list(_list_fields)
complete_agreement_fields = complete_list(_agreement_fields)
complete_rules = complete_list(_rules)


def complete_sort(incomplete: str) -> list[str]:
    """The keys ``list --sort`` takes."""
    return [k for k in _sort_keys() if k.startswith(incomplete)]


def complete_programme(incomplete: str) -> list[str]:
    """The programmes whose ledgers ship with ilrs."""
    from ilrs_cli.core.programmes import BY_ID

    return [p for p in BY_ID if p.startswith(incomplete)]


def complete_country(incomplete: str) -> list[str]:
    """ISO country codes starting with what was typed, in the case it was typed (``p`` -> ``pk``, ``pl``...).

    Shells keep only candidates that start with the word as typed (zsh and fish compare case), so a
    lower-case prefix gets lower-case codes; the commands accept either case.
    """
    from ilrs_cli.core.text import COUNTRY_CODES

    codes = sorted(c for c in COUNTRY_CODES if c.startswith(incomplete.upper()))
    return [c.lower() for c in codes] if incomplete and incomplete.islower() else codes


def complete_participant(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Participant ids (with the name as help) and names (with the id) from the ledger in use."""
    try:
        from ilrs_cli.store import ledger
        from ilrs_cli.store.location import locate

        location = locate(ctx.params.get("ledger_path"), os.environ, programme=ctx.params.get("programme"))
        if location.path is None:
            return []
        participants = ledger.load(location, strict=False).ledger.participants
        ids = [(p.id, p.name) for p in participants if p.id.startswith(incomplete)]
        names = [(p.name, p.id) for p in participants if incomplete and p.name.startswith(incomplete)]
        return ids + [n for n in names if n[0] not in {i for i, _ in ids}]
    except Exception:  # noqa: BLE001 - completion must never fail loudly
        return []


class _NonEmpty(ParamType):
    """A value as typed, refused when empty or blank: click would read an empty path as '.', the current folder,
    and a blank title would silently fall back to the default one."""

    def __init__(self, flag: str, noun: str, *, blank_is_empty: bool) -> None:
        self.flag = flag  # typer converts without the parameter, so each use names its own
        self.name = noun
        self.blank_is_empty = blank_is_empty  # a path may be all spaces; a title may not

    def convert(self, value: Any, param: Parameter | None, ctx: Context | None) -> Any:
        if isinstance(value, str) and not (value.strip() if self.blank_is_empty else value):
            raise InputError(f"{self.flag}: empty {self.name}")
        return value


def path_type(flag: str) -> ParamType:
    """The ``click_type`` of every path option and argument: it refuses an empty path, named by ``flag``."""
    return _NonEmpty(flag, "path", blank_is_empty=False)


def text_type(flag: str) -> ParamType:
    """The ``click_type`` of a free-text option that must say something (``--title``)."""
    return _NonEmpty(flag, "text", blank_is_empty=True)


# -- shared options ---------------------------------------------------------------------------
#
# Every option names its value in plain words (KIND, N, DATE) and lists its choices in its help:
# tests/test_help.py fails on click's own notation (`<a|b>`, `<int range> [x>=0]`).


def one_of(values: Iterable[str]) -> str:
    """``a, b or c``: a vocabulary for a help text."""
    *head, last = list(values)
    return f"{', '.join(head)} or {last}" if head else last


class Count(ParamType):
    """A whole number of at least ``least`` (and at most ``most``): a count or a position, shown as N."""

    name = "count"

    def __init__(self, least: int = 0, most: int | None = None) -> None:
        self.least, self.most = least, most

    def get_metavar(self, param: object, ctx: object) -> str:
        return "N"

    def convert(self, value: object, param: object, ctx: object) -> int:
        try:
            number = int(str(value))
        except ValueError:
            self.fail(f"'{value}' is not a whole number")
        if number < self.least:
            self.fail(f"{number} is less than {self.least}")
        if self.most is not None and number > self.most:
            self.fail(f"{number} is more than {self.most}")
        return number


LedgerOption = Annotated[
    str | None,
    typer.Option(
        "--ledger",
        "-l",
        metavar="PATH",
        click_type=path_type("--ledger"),
        help="Ledger file ('-' reads standard input). Default: $ILRS_LEDGER, then the user ledger, "
        "then (for reading) the bundled copy; `ilrs where` tells which.",
        show_default=False,
    ),
]
ProgrammeOption = Annotated[
    str | None,
    typer.Option(
        "--programme",
        "-P",
        metavar="NAME",
        help="Read the ledger of this programme: ilrs (the default) or artemis-accords (your own copy "
        "in the user data folder if you made one, else the one bundled with ilrs).",
        autocompletion=complete_programme,
        show_default=False,
    ),
]


def ledger_arguments(params: Mapping[str, Any]) -> list[str]:
    """The options that chose a command's ledger (``--ledger``, ``--programme``), to repeat in a command it proposes."""
    given = [("--ledger", params.get("ledger_path")), ("--programme", params.get("programme"))]
    return [word for flag, value in given if value for word in (flag, str(value))]


FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        metavar="FORMAT",
        help=f"Output format: {one_of(f.value for f in Format)}. Default: table on a terminal, headerless TSV "
        "otherwise.",
        show_default=False,
    ),
]
NoHeadersOption = Annotated[bool, typer.Option("--no-headers", help="Leave out the header row (tsv, csv, markdown).")]
ColourOption = Annotated[
    Colour,
    typer.Option(
        "--color",
        "--colour",
        case_sensitive=False,
        metavar="WHEN",
        help="Colour: auto (honours NO_COLOR, FORCE_COLOR and TERM=dumb), always or never.",
        autocompletion=_complete_enum(c.value for c in Colour),
    ),
]
KindOption = Annotated[
    list[Kind] | None,
    typer.Option(
        "--kind",
        "-k",
        case_sensitive=False,
        metavar="KIND",
        help=f"Only this kind: {one_of(k.value for k in Kind)} (repeatable).",
        show_default=False,
    ),
]
StatusOption = Annotated[
    list[Status] | None,
    typer.Option(
        "--status",
        "-s",
        case_sensitive=False,
        metavar="STATUS",
        help=f"Only this status: {one_of(s.value for s in Status)} (repeatable). Default: member.",
        show_default=False,
    ),
]
CountryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--country",
        "-c",
        metavar="CC",
        help="Only this ISO country code (repeatable).",
        autocompletion=complete_country,
        show_default=False,
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="DATE",
        help="From this date on (inclusive; 2023 means from 1 Jan 2023).",
        show_default=False,
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until",
        metavar="DATE",
        help="Up to this date (inclusive; 2023-10 means to 31 Oct 2023).",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", metavar="DATE", help="As the ledger stood at the end of this date.", show_default=False),
]
IdOption = Annotated[
    list[str] | None,
    typer.Option(
        "--id",
        metavar="ID",
        help="Only this participant: its id, name or a unique start of either, as `show` takes (repeatable).",
        autocompletion=complete_participant,
        show_default=False,
    ),
]
SearchOption = Annotated[
    str | None,
    typer.Option(
        "--search",
        "-S",
        metavar="TEXT",
        help="Only participants whose id, name or notes contain TEXT (case and accents ignored).",
        show_default=False,
    ),
]
ReverseOption = Annotated[bool, typer.Option("--reverse", help="Reverse the order.")]  # -r is --rev (diff, log)
CountOption = Annotated[bool, typer.Option("--count", help="Print only the number of rows.")]


def parse_search(value: str | None) -> str:
    """The --search text folded for matching (core.text.fold); empty when not given."""
    from ilrs_cli.core.text import fold

    if value is None:
        return ""
    folded = fold(value)
    if not folded:
        raise InputError("--search: give some text to look for")
    return folded


def parse_date(value: str | None, flag: str) -> PartialDate | None:
    """Parse a date option, naming the flag in the error."""
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except InputError as exc:
        raise InputError(f"{flag}: {exc.message}") from None


def parse_window(since: str | None, until: str | None) -> tuple[PartialDate | None, PartialDate | None]:
    """Parse --since and --until; refuse a window that ends before it starts."""
    start, end = parse_date(since, "--since"), parse_date(until, "--until")
    if start is not None and end is not None and end.end < start.start:
        raise InputError(f"--until {end} is before --since {start}")
    return start, end


def parse_countries(values: Sequence[str] | None) -> list[str]:
    """Upper-case and validate --country codes."""
    from ilrs_cli.core.text import COUNTRY_CODES

    codes = [v.strip().upper() for v in values or []]
    for code in codes:
        if code not in COUNTRY_CODES:
            raise InputError(f"--country: '{code}' is not an ISO 3166-1 alpha-2 country code")
    return codes
