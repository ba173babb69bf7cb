"""Setting a ledger up: init (a new ledger) and fmt (the canonical form)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ilrs_cli.commands.options import LedgerOption, ProgrammeOption, path_type
from ilrs_cli.commands.session import Session
from ilrs_cli.commands.write import DropCommentsOption, plural
from ilrs_cli.core.errors import ExitStatus, InputError
from ilrs_cli.core.model import Ledger

app = typer.Typer()  # this module's commands; cli.py registers them on the root app


@app.command("init")
def init_cmd(
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="[PATH]", click_type=path_type("PATH"), help="Where to create it (default: the user ledger)."
        ),
    ] = None,
    from_bundled: Annotated[
        bool, typer.Option("--from-bundled", help="Start from the bundled ledger instead of an empty one.")
    ] = False,
) -> None:
    """Create a new ledger, empty or seeded from the bundled one.

    It writes members.schema.json beside it, so editors validate the new ledger at once.

    \b
    Examples:
      ilrs init --from-bundled     # the user ledger, where ilrs add writes by default
      ilrs init my.toml
    """
    from ilrs_cli.store import ledger
    from ilrs_cli.store.location import Location, bundled_path, user_path

    session = Session()
    target = path or user_path(session.env)
    start = Ledger()
    if from_bundled:
        start = ledger.load(Location(bundled_path(), "bundled copy", True)).ledger
    ledger.create(target, start)
    summary = f"created {target} with {plural(len(start.participants), 'participant')}"
    session.note(summary + _schema_beside(target))


def _schema_beside(target: Path) -> str:
    """Write the schema the new ledger's `#:schema` line names; say what happened."""
    from ilrs_cli.store import schema

    written = schema.write_beside(target)
    if written:
        return f" (and {schema.FILE_NAME} beside it)"
    if written is None:
        return f"; left {schema.FILE_NAME} as it is (it is not what `ilrs schema` prints)"
    return ""


@app.command("fmt")
def fmt_cmd(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[FILE]...", click_type=path_type("FILE"), help="Ledger files (default: the ledger in use)."
        ),
    ] = None,
    ledger_path: LedgerOption = None,
    programme: ProgrammeOption = None,
    check: Annotated[
        bool, typer.Option("--check", help="Only check: exit 1 if a file is not in canonical form.")
    ] = False,
    drop_comments: DropCommentsOption = False,
) -> int:
    """Rewrite ledgers in canonical form, like gofmt.

    The canonical form: participants by joining date, agreements by date, keys in a fixed order.

    '-' reads a ledger on standard input and writes its canonical form on standard output.

    \b
    Examples:
      ilrs fmt data/members.toml
      ilrs fmt --check members.toml      # exit 1 when it would rewrite the file
      ilrs fmt - < members.toml > tidy.toml
      ilrs fmt --check --programme artemis-accords

    With --programme, --check reads that programme's ledger (your copy, else the bundled one); a
    rewrite goes to your copy only, never into the package.
    """
    from ilrs_cli.store import ledger
    from ilrs_cli.store.toml import dumps

    session = Session()
    if files and programme:
        raise InputError("FILE and --programme both choose a ledger: give one of them")
    targets: list[str | None] = list(files) if files else [ledger_path]
    status = ExitStatus.OK
    for target in targets:
        if check:
            loaded = session.load(target, programme)
            if not ledger.is_canonical(loaded):
                session.note(f"{loaded.location.name}: not in canonical form (run `ilrs fmt` to rewrite it)")
                status = ExitStatus.FOUND
            continue
        if target == "-":  # a filter, as editors and formatters expect: stdin in, canonical text out
            loaded = session.load(target, programme)
            if not drop_comments:
                ledger.keep_comments(loaded)
            session.out.write(dumps(loaded.ledger))
            continue
        saved = session.save(
            target, lambda led: (led, None), dry_run=False, drop_comments=drop_comments, programme=programme
        )
        location = session.locate(target, for_write=True, programme=programme)
        session.note(f"{'formatted' if saved.written else 'already canonical:'} {location.name}")
    return status
