"""The entry point: the Typer app, explicit registration of the commands, and the one place errors become
exit statuses. Commands live in ``ilrs_cli.commands``; nothing there imports this module back.
"""

from __future__ import annotations

import errno
import inspect
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Annotated, Any, NoReturn, TextIO, cast

import typer
from typer._click import exceptions as click_exceptions
from typer._types import TyperChoice
from typer.core import TyperCommand, TyperGroup

from ilrs_cli import __version__
from ilrs_cli.core.errors import Cancelled, ExitStatus, IlrsError, InputError, Suggestion
from ilrs_cli.core.text import visible
from ilrs_cli.output.console import (
    Terminal,
    prepare_streams,
    print_error,
    print_note,
    reserve_standard_descriptors,
    write_stderr,
)
from ilrs_cli.store import signals

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
        args = list(sys.argv[1:] if args is None else args)
        prepare_streams()
        if COMPLETION_OPTIONS & set(args) or os.environ.get("_ILRS_COMPLETE"):
            from ilrs_cli.commands import completion

            completion.register()
            args = completion.fill_shell(args, os.environ)
        status = run_guarded(
            lambda: super(IlrsGroup, self).main(
                text_arguments(args),
                prog_name,
                complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            ),
            args,
        )
        if standalone_mode:
            sys.exit(status)
        return status


def text_arguments(args: Sequence[str]) -> list[str]:
    """The arguments as text, refusing one that is not UTF-8: one check, before any command sees them.

    Python hands over bytes it could not decode as lone surrogates (surrogateescape). Under an ASCII
    locale even valid UTF-8 arrives that way, so such an argument is decoded again from its bytes.
    """
    decoded = []
    for position, arg in enumerate(args, start=1):
        if not arg.isascii():
            raw = os.fsencode(arg)
            try:
                arg = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise InputError(
                    f"argument {position} is not valid UTF-8 text: '{visible(raw.decode('utf-8', 'surrogateescape'))}'",
                    hint="ilrs reads its arguments, file names included, as UTF-8",
                ) from None
        decoded.append(arg)
    return decoded


def _colour_stderr() -> bool:
    return Terminal.detect("auto").colour_stderr


class _OutlivingStdout:
    """Standard output that outlives its reader: once the pipe is closed (`| head`), writes are dropped.

    The command then ends as it would have, with the status of its answer: `set -o pipefail; ilrs check
    bad.toml | head -1` still exits 1, so a CI gate that pipes into `head` cannot pass a broken ledger.
    What is left to print costs little: rows are built before they are written.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.reader_gone = False

    def write(self, text: str) -> int:
        if not self.reader_gone:
            try:
                return self.stream.write(text)
            except BrokenPipeError:
                self._gone()
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if not self.reader_gone:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._gone()

    def _gone(self) -> None:
        self.reader_gone = True
        _silence_stdout()  # what the buffer still holds goes to /dev/null, not to another EPIPE

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def run_guarded(call: Callable[[], Any], args: Sequence[str] = ()) -> int:
    """Run the command line; map every outcome to an exit status with no traceback for user errors."""
    original = sys.stdout
    if original is not None:
        sys.stdout = cast(TextIO, _OutlivingStdout(original))
    try:
        return signals.settle(_run(call, args))
    finally:
        sys.stdout = original


def _run(call: Callable[[], Any], args: Sequence[str]) -> int:
    try:
        result = call()
        _flush_stdout()
        return int(result) if isinstance(result, int) else ExitStatus.OK
    except Cancelled as exc:
        print_note(exc.message)
        return exc.status
    except IlrsError as exc:
        _flush_quietly()
        print_error(exc.message, exc.hint, colour=_colour_stderr())
        return exc.status
    except click_exceptions.NoArgsIsHelpError as exc:
        write_stderr(exc.format_message() + "\n")
        return ExitStatus.ERROR
    except click_exceptions.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "ilrs"
        print_error(_usage_message(exc, args), f"see `{command} --help`", colour=_colour_stderr())
        return ExitStatus.ERROR
    except click_exceptions.ClickException as exc:
        print_error(exc.format_message(), colour=_colour_stderr())
        return ExitStatus.ERROR
    except SystemExit as exc:
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            # click met a closed pipe writing help around our guard (`ilrs --help | head`): help's answer is 0
            _silence_stdout()
            return ExitStatus.OK
        return int(exc.code) if isinstance(exc.code, int) else ExitStatus.ERROR
    except typer.Abort:
        write_stderr("\n")
        return ExitStatus.INTERRUPTED
    except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM, SIGHUP (store/signals.py): 128+n
        return signals.report(exc)
    except OSError as exc:
        if exc.errno == errno.EPIPE:  # a write around the guard: only help and completion write so
            _silence_stdout()
            return ExitStatus.OK
        if exc.errno in (errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EBADF):
            _silence_stdout()
            print_error(f"cannot write output: {exc.strerror}")
            return ExitStatus.ERROR
        raise


def _usage_message(exc: click_exceptions.UsageError, args: Sequence[str]) -> str:
    """A bad value is told as ``FLAG: why``, with the spelling the user typed (``-n``, not ``'--limit' / '-n'``)."""
    param = getattr(exc, "param", None)
    if (
        not isinstance(exc, click_exceptions.BadParameter)
        or isinstance(exc, click_exceptions.MissingParameter)
        or param is None
        or exc.param_hint is not None
    ):
        return exc.format_message()
    if param.param_type_name == "argument":
        return f"{param.metavar or (param.name or '').upper()}: {exc.message}"
    for arg in args:
        for opt in param.opts:
            short = len(opt) == 2 and opt[1] != "-"
            if arg == opt or arg.startswith(opt + "=") or (short and arg.startswith(opt)):
                return f"{opt}: {exc.message}"
    return f"{param.opts[0]}: {exc.message}"


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


COMPLETION_OPTIONS = {"--show-completion", "--install-completion"}

app = typer.Typer(
    name="ilrs",
    cls=IlrsGroup,
    epilog="Exit status: 0 ok, 1 differences/problems found (diff, check), 2 error, 130 interrupted.",
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: rich would add ~60 ms to every --help
    pretty_exceptions_enable=False,
    add_completion=False,  # ours take the shell as a value (see ilrs_cli.commands.completion)
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"ilrs {__version__}\n")
        raise typer.Exit()


def _show_completion(value: str | None) -> None:
    if value is not None:
        from ilrs_cli.commands import completion

        completion.print_script(value)
        raise typer.Exit()


def _install_completion(value: str | None) -> None:
    if value is not None:
        from ilrs_cli.commands import completion
        from ilrs_cli.output.console import print_note

        print_note(completion.installed_note(value, completion.install(value)))
        raise typer.Exit()


def _complete_shell(incomplete: str) -> list[str]:
    from ilrs_cli.commands.completion import SHELLS

    return [s for s in SHELLS if s.startswith(incomplete)]


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
    show_completion: Annotated[
        str | None,
        typer.Option(
            "--show-completion",
            metavar="[SHELL]",
            callback=_show_completion,
            is_eager=True,
            expose_value=False,
            autocompletion=_complete_shell,
            help="Print the completion script for SHELL (bash, zsh, fish, pwsh; default: the current shell).",
        ),
    ] = None,
    install_completion: Annotated[
        str | None,
        typer.Option(
            "--install-completion",
            metavar="[SHELL]",
            callback=_install_completion,
            is_eager=True,
            expose_value=False,
            autocompletion=_complete_shell,
            help="Install completion for SHELL (default: the current shell) in that shell's start-up files.",
        ),
    ] = None,
) -> None:
    """Track who has joined the International Lunar Research Station (ILRS), from a sourced TOML ledger.

    \b
    Examples:
      ilrs list --kind state --as-of 2024-04-05      # the nine countries of 5 April 2024
      ilrs show pakistan
      ilrs timeline --since 2023-10 --until 2023-10
      ilrs diff --rev HEAD~1 --ledger data/members.toml
    """
    # Declared only for Typer: their eager callbacks do the work and expose_value=False keeps the values out.
    del show_completion, install_completion


# Every command, in the order help lists them, with the module of ilrs_cli.commands that defines it.
# Only the module of the command being run is imported and registered, so Typer builds a handful of
# commands instead of all of them (see bench/RESULTS.md).
COMMAND_MODULES = {
    "list": "read",
    "show": "read",
    "timeline": "history",
    "diff": "history",
    "agreements": "analysis",
    "stats": "analysis",
    "compare": "analysis",
    "log": "gitcmds",
    "chart": "pictures",
    "map": "pictures",
    "report": "pictures",
    "where": "read",
    "add": "write",
    "edit": "write",
    "agreement": "write",
    "withdraw": "write",
    "remove": "write",
    "init": "setup",
    "fmt": "setup",
    "check": "check",
    "schema": "check",
    "git-setup": "gitcmds",
    "merge-driver": "gitcmds",
}


class IlrsCommand(TyperCommand):
    """A command whose help speaks plainly: ``ilrs show ID|NAME``, not Typer's ``{ID|NAME}``; ``--kind KIND``
    with the choices in words, not ``--kind <state|organization|...>`` (for an option that names none itself);
    its summary in the command list whole."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.help and not self.short_help:
            # The command list shows the whole first paragraph (wrapped, never cut at "e.g." or with "...").
            self.short_help = " ".join(inspect.cleandoc(self.help).split("\n\n")[0].split())
        for param in self.params:
            if isinstance(param.type, TyperChoice) and param.metavar is None:
                values = [str(getattr(c, "value", c)) for c in param.type.choices]
                param.metavar = max(param.opts, key=len).lstrip("-").upper()
                text = getattr(param, "help", None) or ""
                if not all(v in text for v in values):
                    *head, last = values
                    param.help = f"{text} One of: {', '.join(head)} or {last}.".strip()  # type: ignore[attr-defined]

    def invoke(self, ctx: Any) -> Any:
        """Run the command; a hint proposing another command gets this one's --ledger or --programme."""
        try:
            return super().invoke(ctx)
        except IlrsError as exc:
            if isinstance(exc.hint, Suggestion):
                from ilrs_cli.commands.options import ledger_arguments

                exc.hint = exc.hint.adding(ledger_arguments(ctx.params))
            raise

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces: list[str] = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]


def load_commands(args: Sequence[str] = ()) -> None:
    """Register the command ``args`` will run (every command for help, completion or anything unknown)."""
    import importlib

    name = next((a for a in args if not a.startswith("-")), None)
    wanted = [name] if name in COMMAND_MODULES else list(COMMAND_MODULES)
    modules = {m: importlib.import_module(f"ilrs_cli.commands.{m}") for m in {COMMAND_MODULES[w] for w in wanted}}
    commands = {c.name: c for m in modules.values() for c in m.app.registered_commands}
    groups = {g.name: g for m in modules.values() for g in m.app.registered_groups}
    app.registered_commands = [commands[w] for w in wanted if w in commands]
    app.registered_groups = [groups[w] for w in wanted if w in groups]
    subcommands = [c for g in app.registered_groups if g.typer_instance for c in g.typer_instance.registered_commands]
    for info in [*app.registered_commands, *subcommands]:
        if info.cls in (None, TyperCommand):
            info.cls = IlrsCommand


def resume_cycle_collection() -> None:
    """Resume the cycle collector that ``launch`` paused for start-up (about 6 ms of imports saved), with
    the modules' objects set aside: they live as long as the process, so no collection need scan them."""
    import gc

    gc.freeze()
    gc.enable()


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Console-script entry point: run, flush, and exit with the command's status.

    It leaves through ``os._exit`` once the streams are flushed: tearing down the modules Typer
    loaded costs about 6 ms and there is nothing left to clean up (locks and temp files are released
    in ``with`` blocks before this point).
    """
    reserve_standard_descriptors()
    args = list(sys.argv[1:] if argv is None else argv)
    load_commands(args)
    resume_cycle_collection()
    status = app(args=args, prog_name="ilrs", standalone_mode=False)
    try:
        sys.stdout.flush()
    except OSError:
        pass  # a closed pipe or a full device was already reported by run_guarded
    write_stderr("")  # the last flush: a stderr that cannot take it must not change the status
    os._exit(status if isinstance(status, int) else 0)
