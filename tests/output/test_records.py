"""output/records.py: each output record declared once; list, show, timeline, diff, log and check print
through it, the README's column table is made from it, and the JSON each command prints fits its schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, Run
from core.ledgers import person
from ilrs_cli.core.errors import InputError
from ilrs_cli.core.model import Ledger
from ilrs_cli.output import records
from ilrs_cli.output.records import PARTICIPANT, RECORDS, Record

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.name)
def test_each_record_names_its_columns_once(record: Record[object]) -> None:
    assert len(set(record.names)) == len(record.names)
    assert set(record.table) <= set(record.names)
    assert all(c.name.isidentifier() or c.name in ("from", "to") for c in record.columns)


def test_pick_reads_fields_or_gives_the_defaults() -> None:
    assert PARTICIPANT.pick(None) == PARTICIPANT.default
    assert PARTICIPANT.pick("all") == PARTICIPANT.names
    assert PARTICIPANT.pick(None, table=True) == PARTICIPANT.table
    assert PARTICIPANT.pick(" joined , id ") == ("joined", "id")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("", "--fields: no column named in ''"),
        (",,,", "--fields: no column named in ',,,'"),
        ("id,,name", "--fields: empty column name in 'id,,name'"),
        ("id,", "--fields: empty column name in 'id,'"),
        ("id,colour", "unknown field 'colour' (choose from: id, name,"),
    ],
)
def test_pick_refuses_empty_and_unknown_names(fields: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        PARTICIPANT.pick(fields)
    assert caught.value.message.startswith(message)


def test_rows_are_typed_records_of_the_named_columns() -> None:
    p = person("both", "2023", "2023-03-01")
    row = PARTICIPANT.row(p, ["id", "joined", "in_by", "agreements"])
    assert row == {"id": "both", "joined": p.joined, "in_by": p.agreements[1].signed, "agreements": 2}
    assert PARTICIPANT.rows([p, person("x")], ["id", "in_by"]) == [
        {"id": "both", "in_by": p.agreements[1].signed},
        {"id": "x", "in_by": None},
    ]


def test_the_readme_column_table_is_generated_from_the_records() -> None:
    assert records.markdown_table() in README
    for record in RECORDS:
        assert f"`{' '.join(record.names)}`" in README


def _ledger(tmp_path: Path) -> str:
    from ilrs_cli.store.toml import dumps

    path = tmp_path / "l.toml"
    path.write_text(dumps(Ledger((person("a", "2023", "2023-03-01"), person("b", "2024-02"))).normalised()))
    return str(path)


@pytest.mark.parametrize(
    ("record", "args"),
    [
        (records.PARTICIPANT, ["list", "--all"]),
        (records.AGREEMENT, None),  # show --format json is the whole nested record: not this flat one
        (records.EVENT, ["timeline", "--all"]),
        (records.PERIOD, ["timeline", "--by", "month"]),
        (records.CHANGE, ["diff", "--since", "2023-02", "--until", "2024"]),
        (records.FINDING, ["check"]),
        (records.RULE, ["check", "--list-rules"]),
    ],
    ids=lambda x: x.name if isinstance(x, Record) else "",
)
def test_json_output_fits_the_record_schema(
    run: Run, tmp_path: Path, record: Record[object], args: list[str] | None
) -> None:
    schema = records.json_schema(record)
    jsonschema.Draft202012Validator.check_schema(schema)
    if args is None:
        return
    path = _ledger(tmp_path)
    if args[0] == "check":
        Path(path).write_text(Path(path).read_text().replace('kind = "state"', 'kind = "state"\nnmae = 1'))
    ledger = ["--ledger", path] if args[0] != "check" else [path]
    if record is records.CHANGE:  # diff --format json is the nested diff; its lines (TSV, CSV, JSONL) are records
        data = [json.loads(line) for line in run(*args, "-f", "jsonl", *ledger).stdout.splitlines()]
    else:
        data = json.loads(run(*args, "-f", "json", *ledger).stdout)
    assert data, args
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
