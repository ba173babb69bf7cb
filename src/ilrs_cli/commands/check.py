"""Ecosystem commands: check (for CI and pre-commit) and schema (for editors)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ilrs_cli.commands.options import (
    ColourOption,
    FormatOption,
    LedgerOption,
    NoHeadersOption,
    ProgrammeOption,
    complete_rules,
    path_type,
)
from ilrs_cli.commands.session import Session
from ilrs_cli.core.errors import ExitStatus, IlrsError
from ilrs_cli.output.console import Colour
from ilrs_cli.output.formats import Format, json_object, write_json
from ilrs_cli.output.records import FINDING, RULE

app = typer.Typer()  # this module's commands; cli.py registers them on the root app


@app.command("check")
def check_cmd(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[FILE]...", click_type=path_type("FILE"), help="Ledger files (default: the ledger in use)."
        ),
    ] = None,
    ledger_path: LedgerOption = None,
    programme: ProgrammeOption = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select", metavar="RULES", help="Only these rules (comma-separated).", autocompletion=complete_rules
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", metavar="RULES", help="Leave out these rules.", autocompletion=complete_rules),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings (e.g. low-confidence members) count as problems.")
    ] = False,
    list_rules: Annotated[bool, typer.Option("--list-rules", help="Print the rules and exit.")] = False,
    fmt: FormatOption = None,
    no_headers: NoHeadersOption = False,
    colour: ColourOption = Colour.AUTO,
) -> int:
    """Validate ledgers: one `PATH:LINE: rule: message` per problem.

    Exit 0 when clean (and silent), 1 when problems were found, 2 when a file could not be checked.

    \b
    Examples:
      ilrs check data/members.toml
      ilrs check --strict --format json
      ilrs check --select missing-source,invalid-url members.toml
    """
    from ilrs_cli.core import checks
    from ilrs_cli.store import ledger
    from ilrs_cli.store.toml import dumps

    session = Session(colour)
    chosen, explicit = session.output_format(fmt)
    if list_rules:
        from ilrs_cli.core.rules import RULES

        rules = RULE.rows(RULES.values())

        def rules_table() -> Any:
            from ilrs_cli.output.render import records_table

            return records_table(RULE, RULE.names, rules, session.terminal.width, numbered=False)

        session.emit_rows(fmt, no_headers, RULE.names, rules, rules_table)
        return ExitStatus.OK
    chosen_select = checks.rule_names(select or [], "--select")
    chosen_ignore = checks.rule_names(ignore or [], "--ignore")
    locations = [session.locate(f) for f in files] if files else [session.locate(ledger_path, programme=programme)]
    found: list[checks.Finding] = []
    failed = False
    for location in locations:
        try:
            loaded = ledger.load(location, strict=False)
        except IlrsError as exc:
            from ilrs_cli.output.console import print_error

            print_error(exc.message, exc.hint)
            failed = True
            continue
        has_errors = any(p.severity == "error" for p in loaded.decoded.problems)
        canonical_line = None
        if not has_errors and not ledger.is_canonical(loaded):
            canonical_line = checks.first_difference(loaded.raw.decode("utf-8"), dumps(loaded.ledger))
        found += checks.findings(
            location.name,
            loaded.decoded,
            loaded.key_lines(),
            canonical_line,
            select=chosen_select,
            ignore=chosen_ignore,
            strict=strict,
        )
    if chosen is Format.JSON:
        write_json(session.out, [json_object(row, FINDING.names) for row in FINDING.rows(found)])
    elif chosen in (Format.TABLE, Format.TSV) and not explicit:
        session.out.writelines(f.text() + "\n" for f in found)
    else:
        rows = FINDING.rows(found)

        def table() -> Any:
            from ilrs_cli.output.render import records_table

            return records_table(FINDING, FINDING.names, rows, session.terminal.width, numbered=False)

        session.emit_rows(fmt, no_headers, FINDING.names, rows, table)
    if failed:
        return ExitStatus.ERROR
    return ExitStatus.FOUND if found else ExitStatus.OK


@app.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of the ledger format (for editors).

    Editors that read JSON Schemas for TOML (taplo, Even Better TOML) validate and complete with it.

    \b
    Example:
      ilrs schema > members.schema.json
    """
    from ilrs_cli.store.schema import schema_text

    Session().out.write(schema_text())
