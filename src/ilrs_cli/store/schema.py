"""The ledger format as a JSON Schema (draft 2020-12), built from the model's own vocabularies and text rules.

Editors that read JSON Schemas for TOML (taplo / Even Better TOML) validate and complete with it; every
ledger points at it with a ``#:schema ./members.schema.json`` line, and ``ilrs init`` writes it there.
It states every rule of ``ilrs check`` a schema can state (tests/test_schema.py holds the two to that);
the rest (impossible days, announcements before signings, duplicates and look-alike names) only
``ilrs check`` has.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ilrs_cli.core.codec import FORMAT_VERSION, FREE_TEXT_KEYS
from ilrs_cli.core.model import Confidence, Instrument, Kind, Status
from ilrs_cli.core.programmes import DEFAULT_PROGRAMME
from ilrs_cli.core.text import COUNTRY_CODES, ID_PATTERN, JOINERS, MAX_NAME, MAX_TEXT, UNSAFE_RANGES

# year 0001 or later (no look-ahead: taplo's Rust regex has none), ASCII digits only
YEAR_PATTERN = r"([0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)"
DATE_PATTERN = rf"^{YEAR_PATTERN}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"


def _unsafe_class(allowed: str) -> str:
    """The core's unsafe characters less ``allowed``, as a regex class that ECMA 262 (check-jsonschema),
    Rust (taplo) and Python (jsonschema) all read: ``\\uXXXX`` within the BMP, the characters themselves
    beyond it. Surrogates are left out: TOML cannot hold them and JSON parsers refuse them alone."""
    points = sorted(
        {c for low, high in UNSAFE_RANGES for c in range(low, high + 1) if not 0xD800 <= c <= 0xDFFF}
        - {ord(a) for a in allowed}
    )
    ranges: list[list[int]] = []
    for code in points:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])

    def char(code: int) -> str:
        return f"\\u{code:04x}" if code <= 0xFFFF else chr(code)

    return "[" + "".join(char(a) if a == b else f"{char(a)}-{char(b)}" for a, b in ranges) + "]"


def _text(description: str, limit: int = MAX_NAME, *, key: str = "") -> dict[str, Any]:
    """Text: may be empty (the canonical form leaves it out), never holds unsafe characters. Free text
    may hold joiners (the loader admits them between two letters, a context a schema cannot see) and
    notes line breaks."""
    allowed = ("\n" if key == "notes" else "") + (JOINERS if key in FREE_TEXT_KEYS else "")
    return {
        "type": "string",
        "maxLength": limit,
        "not": {"pattern": _unsafe_class(allowed)},
        "description": description,
    }


def _required_text(description: str, key: str = "") -> dict[str, Any]:
    """Text that must not be empty or blank."""
    return {**_text(description, key=key), "pattern": r"\S"}


def _date(description: str) -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": DATE_PATTERN,
        "description": description + " (YYYY, YYYY-MM or YYYY-MM-DD)",
    }


def _choice(values: list[str], description: str) -> dict[str, Any]:
    return {"type": "string", "enum": values, "description": description}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a ledger file."""
    agreement = {
        "type": "object",
        "description": "One dated instrument: signed on one day, announced on another.",
        "additionalProperties": False,
        "properties": {
            "instrument": _choice([i.value for i in Instrument], "Type of instrument (default: other)."),
            "counterpart": _text("The Chinese side: CNSA, DSEL, ...", key="counterpart"),
            "signing_body": _text("Who signed for the participant (e.g. SUPARCO for Pakistan).", key="signing_body"),
            "signed": _date("Date signed"),
            "announced": _date("Date announced"),
            "place": _text("Where it was signed.", key="place"),
            "signatories": {"type": "array", "items": _required_text("A signatory.", key="signatories")},
            "confidence": _choice([c.value for c in Confidence], "How well sources establish it (default: medium)."),
            "sources": {
                "type": "array",
                "items": {
                    "type": "string",
                    "pattern": r"^https?://[^\s/?#]+\S*$",
                    "not": {"pattern": _unsafe_class("")},
                    "description": "An http(s) URL.",
                },
                "description": "Source URLs (at least one for a member).",
            },
            "notes": _text("Free text: conflicts between sources, context.", MAX_TEXT, key="notes"),
        },
    }
    participant = {
        "type": "object",
        "description": "A country, organisation, institution or company.",
        "additionalProperties": False,
        "required": ["id", "name", "kind"],
        "properties": {
            "id": {"type": "string", "pattern": f"^{ID_PATTERN.pattern}$", "maxLength": 60,
                   "description": "Stable id: lower-case letters, digits and single hyphens."},
            "name": _required_text("Name, stored in Unicode NFC."),
            "kind": _choice([k.value for k in Kind], "What sort of party."),
            "country": _choice(["", *sorted(COUNTRY_CODES)], "ISO 3166-1 alpha-2 code (required for a state)."),
            "status": _choice([s.value for s in Status], "Where it stands (default: member)."),
            "withdrawn": _date("Date of withdrawal (only with status withdrawn)"),
            "notes": _text("Free text.", MAX_TEXT, key="notes"),
            "agreement": {"type": "array", "items": agreement, "description": "Its instruments by date."},
        },
        "allOf": [
            {"if": {"properties": {"kind": {"const": "state"}}},
             "then": {"required": ["country"], "properties": {"country": {"minLength": 2}}}},
            # a member (the default status): at least one dated agreement, a source for each
            {"if": {"properties": {"status": {"const": "member"}}},
             "then": {"required": ["agreement"], "properties": {"agreement": {
                 "contains": {"anyOf": [{"required": ["signed"]}, {"required": ["announced"]}]},
                 "items": {"required": ["sources"], "properties": {"sources": {"minItems": 1}}}}}}},
            {"if": {"properties": {"status": {"const": "withdrawn"}}, "required": ["status"]},
             "then": {"required": ["withdrawn"]}, "else": {"not": {"required": ["withdrawn"]}}},
        ],
    }  # fmt: skip
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/ilrs-cli/ilrs/blob/main/data/members.schema.json",
        "title": "ILRS participants ledger (ilrs format 1)",
        "type": "object",
        "additionalProperties": False,
        "required": ["format"],
        "properties": {
            "format": {"const": FORMAT_VERSION, "description": "Ledger format version."},
            "programme": {
                "type": "string",
                "pattern": f"^{ID_PATTERN.pattern}$",
                "maxLength": 60,
                "default": DEFAULT_PROGRAMME,
                "description": f"The programme the ledger records, as a slug (default: {DEFAULT_PROGRAMME}).",
            },
            "gaps": {
                "type": "array",
                "items": {**_text("A known gap of the record.", MAX_TEXT), "pattern": r"\S"},
                "description": "Known gaps of the record: what it does not hold, and why.",
            },
            "participant": {"type": "array", "items": participant},
        },
    }


FILE_NAME = "members.schema.json"  # the name every ledger's `#:schema ./members.schema.json` line points at


def schema_text() -> str:
    """The schema as ``ilrs schema`` prints it and ``data/members.schema.json`` holds it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=True) + "\n"


def write_beside(ledger_path: Path) -> bool | None:
    """Write the schema beside a new ledger, so editors validate it at once.

    Returns True when written, False when the same schema was already there, None when a different
    file of that name was there and was left alone (it may be the user's).
    """
    from ilrs_cli.store.atomic import write_atomic

    target = ledger_path.parent / FILE_NAME
    text = schema_text()
    try:
        if target.read_text(encoding="utf-8") == text:
            return False
        return None
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError):
        return None
    write_atomic(target, text.encode("utf-8"), str(target), new=True)
    return True
