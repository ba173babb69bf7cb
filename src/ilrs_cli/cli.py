"""The Typer app: shared options, the session each command runs in, and the one place errors become
exit statuses. Commands live in ``ilrs_cli.commands``; this module and that package are the only
importers of typer.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer._click import exceptions as click_exceptions
from typer.core import TyperGroup

from ilrs_cli import __version__
from ilrs_cli.console import Terminal, print_error, print_note
from ilrs_cli.dates import PartialDate
from ilrs_cli.errors import ExitStatus, IlrsError, InputError
from ilrs_cli.formats import Format, Row, write_rows
from ilrs_cli.model import Confidence, Instrument, Kind, Status

if TYPE_CHECKING:  # pragma: no cover - typing only; rich is never imported on the piped path
    from rich.console import RenderableType

    from ilrs_cli.ledger import Loaded, Location

# -- completion (never prints; any failure just offers nothing) --------------------------------


def _complete_enum(values: Iterable[str]) -> Callable[[str], list[str]]:
    options = list(values)
    return lambda incomplete: [v for v in options if v.startswith(incomplete)]


complete_kind = _complete_enum(k.value for k in Kind)
complete_status = _complete_enum(s.value for s in Status)
complete_instrument = _complete_enum(i.value for i in Instrument)
complete_confidence = _complete_enum(c.value for c in Confidence)
complete_format = _complete_enum(f.value for f in Format)


def complete_country(incomplete: str) -> list[str]:
    """ISO country codes starting with what was typed (either case)."""
    from ilrs_cli.text import COUNTRY_CODES

    return sorted(c for c in COUNTRY_CODES if c.startswith(incomplete.upper()))


def complete_participant(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Participant ids (with names as help) from the ledger the command line points at."""
    try:
        from ilrs_cli import ledger

        location = ledger.locate(ctx.params.get("ledger_path"), os.environ)
        if location.path is None:
            return []
        loaded = ledger.load(location, strict=False)
        return [(p.id, p.name) for p in loaded.ledger.participants if p.id.startswith(incomplete)]
    except Exception:  # noqa: BLE001 - completion must never fail loudly
        return []


# -- shared options ---------------------------------------------------------------------------

LedgerOption = Annotated[
    str | None,
    typer.Option(
        "--ledger",
        "-l",
        metavar="PATH",
        help="Ledger file ('-' reads standard input). Default: $ILRS_LEDGER, then the user ledger, "
        "then (for reading) the bundled copy; `ilrs where` tells which.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="Output format. Default: table on a terminal, headerless TSV otherwise.",
        show_default=False,
    ),
]
NoHeadersOption = Annotated[bool, typer.Option("--no-headers", help="Leave out the header row (tsv, csv).")]
ColourOption = Annotated[
    str,
    typer.Option(
        "--color",
        "--colour",
        metavar="WHEN",
        help="Colour: auto, always or never (auto honours NO_COLOR, FORCE_COLOR and TERM=dumb).",
        autocompletion=_complete_enum(["auto", "always", "never"]),
    ),
]
KindOption = Annotated[
    list[Kind] | None,
    typer.Option("--kind", "-k", case_sensitive=False, help="Only this kind (repeatable).", show_default=False),
]
StatusOption = Annotated[
    list[Status] | None,
    typer.Option(
        "--status",
        "-s",
        case_sensitive=False,
        help="Only this status (repeatable). Default: member.",
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


def parse_date(value: str | None, flag: str) -> PartialDate | None:
    """Parse a date option, naming the flag in the error."""
    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except InputError as exc:
        raise InputError(f"{flag}: {exc.message}") from None


def parse_countries(values: Sequence[str] | None) -> list[str]:
    """Upper-case and validate --country codes."""
    from ilrs_cli.text import COUNTRY_CODES

    codes = [v.strip().upper() for v in values or []]
    for code in codes:
        if code not in COUNTRY_CODES:
            raise InputError(f"--country: '{code}' is not an ISO 3166-1 alpha-2 country code")
    return codes


# -- the session a command runs in ------------------------------------------------------------


class Session:
    """Streams, terminal facts and environment for one command."""

    def __init__(self, colour: str = "auto", env: Mapping[str, str] | None = None) -> None:
        self.colour = colour
        self.env: Mapping[str, str] = dict(os.environ) if env is None else env
        self._terminal: Terminal | None = None

    @property
    def terminal(self) -> Terminal:
        """The terminal facts, detected once."""
        if self.colour not in ("auto", "always", "never"):
            raise InputError(f"--color: '{self.colour}' is not one of: auto, always, never")
        if self._terminal is None:
            self._terminal = Terminal.detect(self.colour, self.env)
        return self._terminal

    @property
    def out(self) -> IO[str]:
        """Standard output (looked up late, so test runners can swap it)."""
        return sys.stdout

    def locate(self, option: str | None, *, for_write: bool = False) -> Location:
        """Resolve which ledger to use."""
        from ilrs_cli import ledger

        return ledger.locate(option, self.env, for_write=for_write)

    def load(self, option: str | None) -> Loaded:
        """Locate, read and validate the ledger for a reading command."""
        from ilrs_cli import ledger

        return ledger.load(self.locate(option))

    def output_format(self, fmt: Format | None) -> tuple[Format, bool]:
        """The format to print in and whether it was chosen explicitly (headers, etc.)."""
        if fmt is not None:
            return fmt, True
        return (Format.TABLE if self.terminal.stdout_tty else Format.TSV), False

    def emit_rows(
        self,
        fmt: Format | None,
        no_headers: bool,
        columns: Sequence[str],
        rows: Sequence[Row],
        table: Callable[[], Any],
    ) -> None:
        """Print records as a table on a terminal, or in a machine format (``table`` builds the renderable)."""
        chosen, explicit = self.output_format(fmt)
        if chosen is Format.TABLE:
            self.render(table())
        else:
            write_rows(self.out, chosen, columns, rows, headers=explicit and not no_headers)

    def render(self, renderable: RenderableType) -> None:
        """Print a rich renderable on stdout (terminal path)."""
        self.terminal.console(self.out).print(renderable)

    def note(self, message: str) -> None:
        """A line for people on stderr."""
        print_note(message)

    def confirm(self, question: str, assume_yes: bool) -> bool:
        """Ask on a terminal; without one, refuse unless --yes was given."""
        if assume_yes:
            return True
        if not self.terminal.interactive:
            raise InputError("refusing to continue without confirmation", hint="pass --yes to confirm")
        return bool(typer.confirm(question, default=False, err=True))


# -- the app and its error boundary -----------------------------------------------------------


class IlrsGroup(TyperGroup):
    """The root group: turns every error into ``ilrs: error:`` and an exit status, in one place."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line without click's own error printing; exit (or return) its status."""
        status = run_guarded(
            lambda: super(IlrsGroup, self).main(
                args,
                prog_name,
                complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
        )
        if standalone_mode:
            sys.exit(status)
        return status


def _colour_stderr() -> bool:
    return Terminal.detect("auto").colour_stderr


def run_guarded(call: Callable[[], Any]) -> int:
    """Run the command line; map every outcome to an exit status with no traceback for user errors."""
    try:
        result = call()
        _flush_stdout()
        return int(result) if isinstance(result, int) else ExitStatus.OK
    except IlrsError as exc:
        _flush_quietly()
        print_error(exc.message, exc.hint, colour=_colour_stderr())
        return exc.status
    except click_exceptions.NoArgsIsHelpError as exc:
        sys.stderr.write(exc.format_message() + "\n")
        return ExitStatus.ERROR
    except click_exceptions.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "ilrs"
        print_error(exc.format_message(), f"see `{command} --help`", colour=_colour_stderr())
        return ExitStatus.ERROR
    except click_exceptions.ClickException as exc:
        print_error(exc.format_message(), colour=_colour_stderr())
        return ExitStatus.ERROR
    except SystemExit as exc:
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            _silence_stdout()  # typer met a closed pipe (`| head`): the reader went away, not our error
            return ExitStatus.OK
        return int(exc.code) if isinstance(exc.code, int) else ExitStatus.ERROR
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write("\n")
        return ExitStatus.INTERRUPTED
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            _silence_stdout()
            return ExitStatus.OK  # the reader went away (`| head`): not our error
        if exc.errno in (errno.ENOSPC, errno.EIO, errno.EFBIG):
            _silence_stdout()
            print_error(f"cannot write output: {exc.strerror}")
            return ExitStatus.ERROR
        raise


def _flush_stdout() -> None:
    sys.stdout.flush()


def _flush_quietly() -> None:
    try:
        sys.stdout.flush()
    except OSError:
        _silence_stdout()


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


app = typer.Typer(
    name="ilrs",
    cls=IlrsGroup,
    help="Track who has joined the International Lunar Research Station (ILRS), from a sourced TOML ledger.",
    epilog="Exit status: 0 ok, 1 differences/problems found (diff, check), 2 error, 130 interrupted.",
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: rich would add ~60 ms to every --help
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"ilrs {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Track who has joined the International Lunar Research Station (ILRS).

    Examples: `ilrs list --kind state --as-of 2024-04-05`, `ilrs show pakistan`,
    `ilrs timeline --since 2023-10 --until 2023-10`, `ilrs diff --rev HEAD~1`.
    """


# Which module of ilrs_cli.commands defines each command. Only the module of the command being run
# is imported, so Typer builds a handful of commands instead of all of them (see bench/RESULTS.md).
COMMAND_MODULES = {
    "list": "read",
    "show": "read",
    "where": "read",
    "timeline": "history",
    "diff": "history",
    "add": "edit",
    "agreement": "edit",
    "edit": "edit",
    "withdraw": "edit",
    "remove": "edit",
    "init": "edit",
    "fmt": "edit",
    "check": "check",
    "schema": "check",
}


def load_commands(args: Sequence[str] = ()) -> None:
    """Register the command ``args`` will run (every command for help, completion or anything unknown)."""
    import importlib

    name = next((a for a in args if not a.startswith("-")), None)
    if name not in COMMAND_MODULES:
        for module in sorted(set(COMMAND_MODULES.values())):
            importlib.import_module(f"ilrs_cli.commands.{module}")
        return
    importlib.import_module(f"ilrs_cli.commands.{COMMAND_MODULES[name]}")
    # Typer builds every registered command on each run; keep only the one being run.
    app.registered_commands = [c for c in app.registered_commands if c.name == name]
    app.registered_groups = [g for g in app.registered_groups if g.name == name]


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Console-script entry point: run, flush, and exit with the command's status.

    It leaves through ``os._exit`` once the streams are flushed: tearing down the modules Typer
    loaded costs about 6 ms and there is nothing left to clean up (locks and temp files are released
    in ``with`` blocks before this point).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    load_commands(args)
    status = app(args=args, prog_name="ilrs", standalone_mode=False)
    try:
        sys.stdout.flush()
    except OSError:
        pass  # a closed pipe or a full device was already reported by run_guarded
    sys.stderr.flush()
    os._exit(status if isinstance(status, int) else 0)
