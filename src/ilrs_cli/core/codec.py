"""Plain data (as parsed from TOML) <-> model, with every problem named by its field path.

Pure: the TOML text itself is the store's business (ledger.py); here we only see dicts and lists.
"""

from __future__ import annotations

import datetime as _dt
from enum import StrEnum
from typing import Any, NamedTuple, TypeVar

from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.errors import InputError
from ilrs_cli.core.model import (
    Agreement,
    Confidence,
    Instrument,
    Kind,
    Ledger,
    Participant,
    Status,
    agreement_numbers,
)
from ilrs_cli.core.programmes import DEFAULT_PROGRAMME
from ilrs_cli.core.rules import (
    ANNOUNCED_BEFORE_SIGNED,
    CONTROL_CHARACTER,
    INVALID_DATE,
    INVALID_ID,
    INVALID_URL,
    INVALID_VALUE,
    MISSING_FIELD,
    TOO_LONG,
    UNKNOWN_COUNTRY,
    UNKNOWN_KEY,
    WRONG_TYPE,
    KeyPath,
    Problem,
    Rule,
    identity_problems,
)
from ilrs_cli.core.text import (
    COUNTRY_CODES,
    ID_PATTERN,
    MAX_NAME,
    MAX_TEXT,
    all_plain,
    all_urls,
    clean,
    is_url,
    unsafe_characters,
)

FORMAT_VERSION = 1
TOP_KEYS = ("format", "programme", "gaps", "participant")
PARTICIPANT_KEYS = ("id", "name", "kind", "country", "status", "withdrawn", "notes", "agreement")
AGREEMENT_KEYS = (
    "instrument",
    "counterpart",
    "signing_body",
    "signed",
    "announced",
    "place",
    "signatories",
    "confidence",
    "sources",
    "notes",
)
# Free text may hold ZWNJ/ZWJ where they join two letters (Persian, Indic scripts, emoji); names and
# ids may not (see core.text.JOINERS).
FREE_TEXT_KEYS = frozenset({"notes", "counterpart", "signing_body", "place", "signatories"})

E = TypeVar("E", bound=StrEnum)


class _Reader:
    """Reads one table's fields, recording problems instead of stopping at the first."""

    def __init__(self, table: dict[str, Any], path: str, index: int | None, problems: list[Problem], at: KeyPath):
        self.table = table
        self.path = path
        self.index = index
        self.problems = problems
        self.label = path
        self.at = at  # where the table is in the parsed data

    def problem(self, rule: Rule, key: str, message: str) -> None:
        path = f"{self.label}.{key}" if self.label else key
        self.problems.append(rule.problem(message, self.index, path, at=(*self.at, key)))

    def check_keys(self, allowed: tuple[str, ...]) -> None:
        for key in self.table:
            if key not in allowed:
                hint = _closest(key, allowed)
                extra = f" (did you mean '{hint}'?)" if hint else ""
                self.problem(UNKNOWN_KEY, key, f"unknown key '{key}'{extra}")

    def text(self, key: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
        value = self.table.get(key)
        if value is None:
            if required:
                self.problem(MISSING_FIELD, key, "required field is missing")
            return ""
        if not isinstance(value, str):
            self.problem(WRONG_TYPE, key, f"expected a string, got {_type_name(value)}")
            return ""
        before = len(self.problems)
        text = self.checked_text(key, value, limit=limit)
        if required and not text and len(self.problems) == before:
            self.problem(MISSING_FIELD, key, "required field is empty")
        return text

    def checked_text(self, key: str, value: str, *, limit: int) -> str:
        bad = unsafe_characters(value, allow_newline=key == "notes", allow_joiners=key in FREE_TEXT_KEYS)
        if bad:
            self.problem(
                CONTROL_CHARACTER,
                key,
                f"contains control or invisible characters ({', '.join(bad)})",
            )
            return ""
        value = clean(value)
        if len(value) > limit:
            self.problem(TOO_LONG, key, f"is {len(value)} characters long (at most {limit})")
            return ""
        return value

    def texts(self, key: str, limit: int = MAX_NAME) -> tuple[str, ...]:
        value = self.table.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(WRONG_TYPE, key, f"expected a list of strings, got {_type_name(value)}")
            return ()
        if any(not clean(v) for v in value):
            self.problem(MISSING_FIELD, key, "holds an empty value")
        return tuple(self.checked_text(key, v, limit=limit) for v in value)

    def choice(self, key: str, enum: type[E], default: E | None) -> E | None:
        value = self.table.get(key)
        if value is None:
            if default is None:
                self.problem(MISSING_FIELD, key, "required field is missing")
            return default
        if not isinstance(value, str):
            self.problem(WRONG_TYPE, key, f"expected a string, got {_type_name(value)}")
            return default
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            self.problem(INVALID_VALUE, key, f"'{value}' is not one of: {allowed}")
            return default

    def date(self, key: str) -> PartialDate | None:
        value = self.table.get(key)
        if value is None:
            return None
        if isinstance(value, _dt.datetime | _dt.time):
            self.problem(WRONG_TYPE, key, 'a date-time where a date belongs (write "YYYY-MM-DD")')
            return None
        if isinstance(value, _dt.date):
            return PartialDate.from_date(value)
        if not isinstance(value, str):
            self.problem(WRONG_TYPE, key, f"expected a date string, got {_type_name(value)}")
            return None
        try:
            return PartialDate.parse(value)
        except InputError as exc:
            self.problem(INVALID_DATE, key, exc.message)
            return None


def _type_name(value: object) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "a boolean"}
    names |= {list: "an array", dict: "a table", _dt.date: "a date", _dt.datetime: "a date-time"}
    return names.get(type(value), type(value).__name__)


def _closest(word: str, options: tuple[str, ...]) -> str | None:
    import difflib  # only needed on the error path

    found = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return found[0] if found else None


def decode_agreement(
    table: object, path: str, index: int | None, problems: list[Problem], at: KeyPath = ()
) -> Agreement | None:
    """Build an Agreement from a table, recording problems (``at``: where the table is in the parsed data)."""
    if not isinstance(table, dict):
        problems.append(WRONG_TYPE.problem(f"expected a table, got {_type_name(table)}", index, path, at=at))
        return None
    r = _Reader(table, path, index, problems, at)
    r.check_keys(AGREEMENT_KEYS)
    sources = r.texts("sources", limit=MAX_TEXT)
    for source in sources:
        if source and not is_url(source):
            r.problem(INVALID_URL, "sources", f"'{source}' is not an http(s) URL")
    signed, announced = r.date("signed"), r.date("announced")
    if signed and announced and announced.end < signed.start:
        r.problem(
            ANNOUNCED_BEFORE_SIGNED,
            "announced",
            f"announced {announced.iso()} is before signed {signed.iso()}",
        )
    return Agreement(
        instrument=r.choice("instrument", Instrument, Instrument.OTHER) or Instrument.OTHER,
        counterpart=r.text("counterpart", limit=MAX_NAME),
        signing_body=r.text("signing_body", limit=MAX_NAME),
        signed=signed,
        announced=announced,
        place=r.text("place", limit=MAX_NAME),
        signatories=r.texts("signatories"),
        confidence=r.choice("confidence", Confidence, Confidence.MEDIUM) or Confidence.MEDIUM,
        sources=sources,
        notes=r.text("notes"),
    )


# -- the fast path: clean tables are built in one go -------------------------------------------
#
# Nearly every table of a real ledger is clean. For those, ``_fast_*`` build the very value the
# field-by-field reader below would build, with type tests per field and the texts of the whole
# ledger checked together at the end (text.all_plain, text.all_urls: a few C-speed passes) instead of
# a method call and a problem check per field. A table with anything unusual (an unknown key, an
# empty text, a date-time, an agreement announced before it was signed) goes to the
# reader, which finds and names every problem; if a text is not plain, every table does. So the fast
# path changes speed only; tests/test_codec_fast.py holds it to that. (Measured: 10,000 participants
# decode 2.6x faster than through the reader alone; see bench/RESULTS.md.)

_KINDS = {k.value: k for k in Kind}
_STATUSES = {s.value: s for s in Status}
_INSTRUMENTS = {i.value: i for i in Instrument}
_CONFIDENCES = {c.value: c for c in Confidence}
_PARTICIPANT_KEYSET = frozenset(PARTICIPANT_KEYS)
_AGREEMENT_KEYSET = frozenset(AGREEMENT_KEYS)
_ABSENT: tuple[str, ...] = ()  # a missing list (TOML gives lists, never this tuple)
_new = tuple.__new__  # builds a NamedTuple without its __new__, a Python function (1.3x faster)
_parse_date = PartialDate.parse


class _Texts(NamedTuple):
    """The texts of the tables built so far, to be checked together: names (short), URLs, notes."""

    names: list[str]
    urls: list[str]
    notes: list[str]

    def plain(self) -> bool:
        """Every text a string within its length limit, plain (stored as it is); every URL an http(s) URL."""
        try:  # joining (in all_plain) fails on anything but strings: list items are type-checked here
            return (
                all_plain(self.names)
                and all_plain(self.urls)
                and all_plain(self.notes, allow_newline=True)
                and max(map(len, self.names), default=0) <= MAX_NAME
                and max(map(len, self.urls), default=0) <= MAX_TEXT
                and max(map(len, self.notes), default=0) <= MAX_TEXT
                and all_urls(self.urls)
            )
        except TypeError:
            return False


def _fast_agreement(table: object, texts: _Texts) -> Agreement | None:
    """A clean agreement (its texts added to ``texts``), or None. Raises TypeError for an unhashable value."""
    if type(table) is not dict or not table.keys() <= _AGREEMENT_KEYSET:
        return None
    get = table.get
    instrument = _INSTRUMENTS.get(get("instrument", "other"))
    confidence = _CONFIDENCES.get(get("confidence", "medium"))
    counterpart, signing_body, place = get("counterpart", ""), get("signing_body", ""), get("place", "")
    note, signatories, sources = get("notes", ""), get("signatories", _ABSENT), get("sources", _ABSENT)
    if (
        instrument is None
        or confidence is None
        or type(counterpart) is not str
        or type(signing_body) is not str
        or type(place) is not str
        or type(note) is not str
        or (signatories is not _ABSENT and (type(signatories) is not list or not all(signatories)))
        or (sources is not _ABSENT and (type(sources) is not list or not all(sources)))
    ):
        return None
    signed, announced = get("signed"), get("announced")
    try:
        if signed is not None:
            signed = _parse_date(signed)
        if announced is not None:
            announced = _parse_date(announced)
    except InputError:
        return None
    if signed and announced and announced < signed and announced.end < signed.start:  # (dates only if needed)
        return None  # announced before signed: the reader says so
    names = texts.names
    if counterpart:
        names.append(counterpart)
    if signing_body:
        names.append(signing_body)
    if place:
        names.append(place)
    names += signatories
    texts.urls.extend(sources)
    if note:
        texts.notes.append(note)
    values = (instrument, counterpart, signing_body, signed, announced, place)
    return _new(Agreement, (*values, tuple(signatories), confidence, tuple(sources), note))


def _fast_participant(table: object, texts: _Texts) -> Participant | None:
    """The participant a clean table describes (its texts added to ``texts``), or None.

    Raises TypeError for an unhashable value where a word belongs.
    """
    if type(table) is not dict or not table.keys() <= _PARTICIPANT_KEYSET:
        return None
    get = table.get
    pid, name, note = get("id"), get("name"), get("notes", "")
    kind, status = _KINDS.get(get("kind", "")), _STATUSES.get(get("status", "member"))
    country, withdrawn, raw_agreements = get("country"), get("withdrawn"), get("agreement", _ABSENT)
    if (
        type(pid) is not str
        or len(pid) > 60
        or not ID_PATTERN.fullmatch(pid)
        or type(name) is not str
        or not name
        or type(note) is not str
        or kind is None
        or status is None
        or not ((country is None and kind is not Kind.STATE) or (type(country) is str and country in COUNTRY_CODES))
        or (raw_agreements is not _ABSENT and type(raw_agreements) is not list)
        or (status is Status.WITHDRAWN) != (withdrawn is not None)
    ):
        return None
    if withdrawn is not None:
        try:
            withdrawn = _parse_date(withdrawn)
        except InputError:
            return None
    agreements = []
    for raw in raw_agreements:
        agreement = _fast_agreement(raw, texts)
        if agreement is None:
            return None
        agreements.append(agreement)
    texts.names.append(name)
    if note:
        texts.notes.append(note)
    return _new(Participant, (pid, name, kind, status, country or "", withdrawn, note, tuple(agreements)))


def _fast_participants(tables: list[Any]) -> list[Participant | None] | None:
    """Each clean table built (None where the reader must look); None when some text needs the reader."""
    texts = _Texts([], [], [])
    built: list[Participant | None] = []
    for table in tables:
        try:
            built.append(_fast_participant(table, texts))
        except TypeError:  # an unhashable value (a list where a word belongs): the reader names it
            built.append(None)
    return built if texts.plain() else None


def _decode_agreements(tables: list[Any], label: str, index: int, problems: list[Problem]) -> list[Agreement]:
    """A participant's agreements in file order; their problems name each by its number in date order, as
    ``show`` does (``at`` keeps its place in the file)."""
    decoded = []
    for j, table in enumerate(tables):
        own: list[Problem] = []
        path = f"{label}.agreement[{j + 1}]"
        decoded.append((path, decode_agreement(table, path, index, own, ("participant", index, "agreement", j)), own))
    agreements = [agreement for _, agreement, _ in decoded if agreement is not None]
    numbers = iter(agreement_numbers(agreements))
    for path, agreement, own in decoded:
        shown = f"{label}.agreement[{next(numbers)}]" if agreement is not None else path
        problems += [p._replace(path=shown + p.path[len(path) :]) for p in own] if shown != path else own
    return agreements


def decode_participant(table: object, index: int, problems: list[Problem]) -> Participant | None:
    """Build a Participant from a table, recording problems; None when it cannot be built."""
    path = f"participant[{index + 1}]"  # counted from 1, as people count
    at = ("participant", index)
    if not isinstance(table, dict):
        problems.append(WRONG_TYPE.problem(f"expected a table, got {_type_name(table)}", index, path, at=at))
        return None
    before = len(problems)
    r = _Reader(table, path, index, problems, at)
    raw_id = table.get("id")
    if isinstance(raw_id, str) and raw_id:
        r.label = f"{path} ({raw_id})" if ID_PATTERN.fullmatch(raw_id) else path
    r.check_keys(PARTICIPANT_KEYS)
    pid = r.text("id", required=True, limit=60)
    if pid and not ID_PATTERN.fullmatch(pid):
        r.problem(INVALID_ID, "id", f"'{pid}' is not a valid id (lower-case letters, digits and single hyphens)")
    name = r.text("name", required=True, limit=MAX_NAME)
    kind = r.choice("kind", Kind, None)
    status = r.choice("status", Status, Status.MEMBER) or Status.MEMBER
    country = r.text("country", limit=2)
    if country and country not in COUNTRY_CODES:
        r.problem(UNKNOWN_COUNTRY, "country", f"'{country}' is not an ISO 3166-1 alpha-2 code")
    if kind is Kind.STATE and table.get("country") in (None, ""):
        r.problem(MISSING_FIELD, "country", "a state needs a country code")
    withdrawn = r.date("withdrawn")
    if status is Status.WITHDRAWN and withdrawn is None:
        r.problem(MISSING_FIELD, "withdrawn", "a withdrawn participant needs its withdrawal date")
    if withdrawn is not None and status is not Status.WITHDRAWN:
        r.problem(INVALID_VALUE, "withdrawn", f"set, but status is '{status}' (not withdrawn)")
    notes = r.text("notes")
    raw_agreements = table.get("agreement", [])
    agreements: list[Agreement] = []
    if not isinstance(raw_agreements, list):
        r.problem(WRONG_TYPE, "agreement", f"expected an array of tables, got {_type_name(raw_agreements)}")
    else:
        agreements = _decode_agreements(raw_agreements, r.label, index, problems)
    if len(problems) > before and (not pid or not name or kind is None):
        return None
    return Participant(
        id=pid,
        name=name,
        kind=kind or Kind.INSTITUTION,
        status=status,
        country=country,
        withdrawn=withdrawn,
        notes=notes,
        agreements=tuple(agreements),
    )


class Decoded(NamedTuple):
    """What decoding found: the normalised ledger, the participants in file order, the problems."""

    ledger: Ledger
    entries: list[tuple[int, Participant]]
    problems: list[Problem]


def decode(data: dict[str, Any]) -> Decoded:
    """Build a normalised Ledger from parsed TOML, with every problem found (identity included)."""
    problems: list[Problem] = []
    for key in data:
        if key not in TOP_KEYS:
            hint = _closest(key, TOP_KEYS)
            extra = f" (did you mean '{hint}'?)" if hint else ""
            problems.append(UNKNOWN_KEY.problem(f"unknown key '{key}'{extra}", None, key, at=(key,)))
    version = data.get("format")
    if version is None:
        problems.append(MISSING_FIELD.problem("missing `format = 1` (is this an ilrs ledger?)", None, "format", line=1))
    elif version != FORMAT_VERSION or isinstance(version, bool):
        shown = str(version) if isinstance(version, int) and not isinstance(version, bool) else f"'{version}'"
        problems.append(
            INVALID_VALUE.problem(
                f"unsupported format {shown} (this ilrs reads format {FORMAT_VERSION})",
                None,
                "format",
                at=("format",),
            )
        )
    top = _Reader(data, "", None, problems, ())  # programme and gaps: optional, for ledgers written before them
    programme = top.text("programme", required=True, limit=60) if "programme" in data else DEFAULT_PROGRAMME
    if programme and not ID_PATTERN.fullmatch(programme):
        message = f"'{programme}' is not a slug (lower-case letters, digits and single hyphens)"
        top.problem(INVALID_VALUE, "programme", message)
    gaps = tuple(g for g in top.texts("gaps", limit=MAX_TEXT) if g)
    raw = data.get("participant", [])
    entries: list[tuple[int, Participant]] = []
    if not isinstance(raw, list):
        message = f"expected an array of tables, got {_type_name(raw)}"
        problems.append(WRONG_TYPE.problem(message, None, "participant", at=("participant",)))
    else:
        fast = _fast_participants(raw) or [None] * len(raw)
        for index, (table, built) in enumerate(zip(raw, fast, strict=True)):
            found = built or decode_participant(table, index, problems)
            if found is not None:
                entries.append((index, found))
    problems.extend(identity_problems(entries))
    ledger = Ledger(tuple(p for _, p in entries), programme or DEFAULT_PROGRAMME, gaps).normalised()
    return Decoded(ledger, entries, problems)


def encode_agreement(agreement: Agreement) -> dict[str, Any]:
    """An agreement as a table in canonical key order, empty fields left out."""
    values: dict[str, Any] = {
        "instrument": agreement.instrument.value,
        "counterpart": agreement.counterpart,
        "signing_body": agreement.signing_body,
        "signed": agreement.signed.iso() if agreement.signed else "",
        "announced": agreement.announced.iso() if agreement.announced else "",
        "place": agreement.place,
        "signatories": list(agreement.signatories),
        "confidence": agreement.confidence.value,
        "sources": list(agreement.sources),
        "notes": agreement.notes,
    }
    return {k: v for k, v in values.items() if v}


def encode_participant(participant: Participant) -> dict[str, Any]:
    """A participant as a table in canonical key order, empty fields left out."""
    values: dict[str, Any] = {
        "id": participant.id,
        "name": participant.name,
        "kind": participant.kind.value,
        "country": participant.country,
        "status": participant.status.value,
        "withdrawn": participant.withdrawn.iso() if participant.withdrawn else "",
        "notes": participant.notes,
        "agreement": [encode_agreement(a) for a in participant.agreements],
    }
    return {k: v for k, v in values.items() if v}


def encode_top(ledger: Ledger) -> dict[str, Any]:
    """The ledger's top-level keys before its participants: format, programme (always), gaps (if any)."""
    values: dict[str, Any] = {"format": FORMAT_VERSION, "programme": ledger.programme}
    if ledger.gaps:
        values["gaps"] = list(ledger.gaps)
    return values


def encode(ledger: Ledger) -> dict[str, Any]:
    """The whole ledger as plain data in canonical order."""
    return encode_top(ledger) | {"participant": [encode_participant(p) for p in ledger.normalised().participants]}
