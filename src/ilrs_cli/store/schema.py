"""The ledger format as a JSON Schema (draft 2020-12), built from the model's own vocabularies.

Editors that read JSON Schemas for TOML (taplo / Even Better TOML) validate and complete with it;
the bundled ledger points at it with a ``#:schema`` directive.
"""

from __future__ import annotations

from typing import Any

from ilrs_cli.core.codec import FORMAT_VERSION
from ilrs_cli.core.model import Confidence, Instrument, Kind, Status
from ilrs_cli.core.text import COUNTRY_CODES, ID_PATTERN, MAX_NAME, MAX_TEXT

DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


def _text(description: str, limit: int = MAX_NAME) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "maxLength": limit, "description": description}


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
            "counterpart": _text("The Chinese side: CNSA, DSEL, ..."),
            "signing_body": _text("Who signed for the participant (e.g. SUPARCO for Pakistan)."),
            "signed": _date("Date signed"),
            "announced": _date("Date announced"),
            "place": _text("Where it was signed."),
            "signatories": {"type": "array", "items": _text("A signatory.")},
            "confidence": _choice([c.value for c in Confidence], "How well sources establish it (default: medium)."),
            "sources": {
                "type": "array",
                "items": {
                    "type": "string",
                    "pattern": r"^https?://[^\s/?#]+\S*$",
                    "description": "An http(s) URL.",
                },
                "description": "Source URLs (at least one for a member).",
            },
            "notes": _text("Free text: conflicts between sources, context.", MAX_TEXT),
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
            "name": _text("Name, stored in Unicode NFC."),
            "kind": _choice([k.value for k in Kind], "What sort of party."),
            "country": _choice(sorted(COUNTRY_CODES), "ISO 3166-1 alpha-2 code (required for a state)."),
            "status": _choice([s.value for s in Status], "Where it stands (default: member)."),
            "withdrawn": _date("Date of withdrawal (only with status withdrawn)"),
            "notes": _text("Free text.", MAX_TEXT),
            "agreement": {"type": "array", "items": agreement, "description": "Its instruments by date."},
        },
        "allOf": [
            {"if": {"properties": {"kind": {"const": "state"}}}, "then": {"required": ["country"]}},
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
            "participant": {"type": "array", "items": participant},
        },
    }
