"""Commands over the ledger's git history: log, and the merge driver with its set-up (merge-driver, git-setup)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ilrs_cli.commands.options import (
    ColourOption,
    Count,
    FormatOption,
    LedgerOption,
    NoHeadersOption,
    ProgrammeOption,
    complete_participant,
    parse_window,
    path_type,
)
from ilrs_cli.commands.session import Session
from ilrs_cli.core.errors import IlrsError, InputError, LedgerError, NotFoundError, WriteError
from ilrs_cli.output.console import Colour
from ilrs_cli.output.formats import Format, write_json, write_rows
from ilrs_cli.output.records import LOG

if TYPE_CHECKING:  # pragma: no cover - typing only; the store is imported when a command runs
    from ilrs_cli.store.git import Repository

app = typer.Typer()  # this module's commands; cli.py registers them on the root app


def _repository(
    session: Session, ledger_path: str | None, command: str, programme: str | None = None
) -> tuple[Repository, str, Path]:
    """The repository holding the ledger, the ledger's path in it, and the ledger's path."""
    from ilrs_cli.store import git as vcs

    location = session.locate(ledger_path, programme=programme)
    if location.path is None or location.bundled:
        raise LedgerError(f"{command} needs a ledger file inside a git repository (pass --ledger PATH)")
    repo, relative = vcs.find(location.path, session.env)
    if repo.note:
        session.note(repo.note)
    return repo, relative, location.path


def _check_revisions(repo: Repository, spec: str | None) -> None:
    """Check each end of ``A..B`` (or one revision) names a commit; git gets the spec as given.

    An error names the range as typed and the end at fault: split at its first ``..``, ``A..B..C`` had
    been told as an unknown revision ``B..C``.
    """
    from ilrs_cli.store import git as vcs

    if spec is None:
        return
    if spec.startswith("-"):
        raise InputError(f"--rev: invalid revision {spec!r}")
    ends = vcs.range_ends(spec)
    if len(ends) == 1:
        try:
            vcs.resolve(repo, spec)
        except LedgerError as exc:
            raise LedgerError(f"--rev: {exc.message}") from None
        return
    if spec.count("..") > 1:  # A..B..C, or A....B (whose fourth dot would start B)
        raise InputError(f"--rev '{spec}': a range has two ends, as in A..B or A...B")
    faults = []
    for end, which in zip(ends, ("start", "end"), strict=True):
        try:
            if end:  # an empty end of a range means HEAD, as in git
                vcs.resolve(repo, end)
        except LedgerError as exc:
            faults.append(f"{exc.message} at the {which} of the range")
    if faults:
        raise LedgerError(f"--rev '{spec}': {'; '.join(faults)}")


def _pid(
    session: Session, ledger_path: str | None, wanted: str, programme: str | None = None
) -> tuple[str, NotFoundError | None]:
    """The id ``wanted`` names in the working ledger; else ``wanted`` itself (it may exist only in history)."""
    from ilrs_cli.core.query import find

    try:
        ledger = session.load(ledger_path, programme).ledger
    except IlrsError:
        return wanted, None
    try:
        return find(ledger, wanted).id, None
    except NotFoundError as exc:
        return wanted, exc


@app.command("log")
def log_cmd(
    pid: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="Only this participant's changes (id or name).",
            autocompletion=complete_participant,
            show_default=False,
        ),
    ] = None,
    follow: Annotated[
        bool,
        typer.Option(
            "--follow",
            help="With ID: continue through an id change. The ledger records none, so ilrs infers one when a "
            "commit removes a participant and adds one with the same name.",
        ),
    ] = False,
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="Commits made on or after this date.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="DATE", help="Commits made on or before this date.")
    ] = None,
    max_count: Annotated[
        int | None, typer.Option("--max-count", "-n", click_type=Count(), help="At most N commits.")
    ] = None,
    reverse: Annotated[bool, typer.Option("--reverse", help="Oldest first.")] = False,
    rev: Annotated[
        str | None,
        typer.Option("--rev", "-r", metavar="A..B", help="Only these commits (a git range, or history up to REV)."),
    ] = None,
    ledger_path: LedgerOption = None,
    programme: ProgrammeOption = None,
    fmt: FormatOption = None,
    no_headers: NoHeadersOption = False,
    colour: ColourOption = Colour.AUTO,
) -> None:
    """Show each commit that changed the ledger, and what it changed.

    \b
    Examples:
      ilrs log pakistan --ledger data/members.toml   # when each fact about Pakistan entered the record
      ilrs log -n 5 --ledger data/members.toml
    """
    from ilrs_cli.core import log as lg
    from ilrs_cli.store import git as vcs
    from ilrs_cli.store import ledger

    session = Session(colour)
    start, end = parse_window(since, until)
    if follow and pid is None:
        raise InputError("--follow needs an ID to follow")
    chosen_format, explicit = session.output_format(fmt)
    repo, relative, _ = _repository(session, ledger_path, "log", programme)
    _check_revisions(repo, rev)
    commits = vcs.history(repo, relative, rev)
    if not commits and rev is None:
        raise LedgerError(f"{relative} has no history in git (it was never committed)")
    wanted, unknown = _pid(session, ledger_path, pid, programme) if pid is not None else (None, None)
    with vcs.Blobs(repo) as blobs:

        def load(blob: str) -> lg.Version:
            try:
                return ledger.decode_strict(blobs.get(blob), relative)
            except LedgerError as exc:
                return exc.message

        history = lg.History(commits, load)
        found = lg.select(history, lg.Selection(wanted, follow, start, end, max_count))
    if unknown is not None and not found.seen:
        raise NotFoundError(f"no participant '{pid}' in {relative} or in its history", unknown.hint)
    for note in found.notes:
        session.note(note)
    entries = found.entries[::-1] if reverse else found.entries
    if chosen_format is Format.TABLE:
        from ilrs_cli.output.render import log_view

        session.render(log_view(entries))
    elif chosen_format is Format.JSON:
        write_json(session.out, [e.record() for e in entries])
    elif chosen_format is Format.JSONL:
        for entry in entries:
            session.out.write(json.dumps(entry.record(), ensure_ascii=True) + "\n")
    else:
        rows = LOG.rows(line for entry in entries for line in entry.lines())
        write_rows(session.out, chosen_format, LOG.names, rows, headers=explicit and not no_headers)


DRIVER = "ilrs merge-driver --marker-size %L %O %A %B %P"
LOCKS = ".*.lock"  # the lock file every write leaves beside a ledger (.members.toml.lock), never part of the record
DRIVER_NAME = "ilrs: three-way merge of the ledger by participant id and field"
_GLOB = re.compile(r"([*?\[\\])")


@app.command("merge-driver")
def merge_driver_cmd(
    base: Annotated[
        Path,
        typer.Argument(metavar="BASE", click_type=path_type("BASE"), help="The common ancestor's version (git's %O)."),
    ],
    ours: Annotated[
        Path,
        typer.Argument(
            metavar="OURS", click_type=path_type("OURS"), help="Our version; the result is written here (%A)."
        ),
    ],
    theirs: Annotated[
        Path, typer.Argument(metavar="THEIRS", click_type=path_type("THEIRS"), help="Their version (%B).")
    ],
    path: Annotated[
        str | None, typer.Argument(metavar="[PATH]", help="The ledger's path, for messages (%P).", show_default=False)
    ] = None,
    marker_size: Annotated[
        int,
        typer.Option(
            "--marker-size",
            click_type=Count(1, 100),
            show_default=False,
            help="Length of conflict markers (%L), 1 to 100. Default: 7.",
        ),
    ] = 7,
) -> int:
    """Merge three versions of a ledger, by participant and field.

    git runs it during a merge once `ilrs git-setup` has set it up. Exit 0: merged cleanly into OURS
    (canonical). Exit 1: a true conflict (the same field changed two ways, or one side removed what the
    other changed): OURS gets conflict markers and each conflict is named on stderr. Exit 2: a version
    does not load (or holds comments): OURS gets git's line-by-line merge instead, so no side is lost
    (left as it was when git cannot merge the lines either).

    \b
    Examples:
      git config merge.ilrs.driver "ilrs merge-driver --marker-size %L %O %A %B %P"   # what ilrs git-setup sets up
      ilrs merge-driver base.toml ours.toml theirs.toml              # merges into ours.toml
    """
    from ilrs_cli.store.mergefile import merge_files, merge_lines

    session = Session()
    name = path or str(ours)
    try:
        merged = merge_files(base, ours, theirs, path, marker_size)
    except IlrsError as exc:
        # No side's content may be lost: git takes OURS as the result, so OURS gets git's line-by-line merge
        # (both sides, conflict markers where lines clash); a person reviews it, since git marks it conflicted.
        lines = merge_lines(base, ours, theirs, marker_size, session.env)
        if lines is None:
            what = f"{name} holds our version unchanged"
        else:
            clashes = f"{lines} conflict(s) between markers" if lines else "no lines clashed"
            what = f"{name} holds git's line-by-line merge instead ({clashes}): review it"
        hint = f"{what}; `git show :1:{name}`, `:2:` and `:3:` give base, ours, theirs"
        raise LedgerError(exc.message, f"{exc.hint}; {hint}" if exc.hint else hint) from None
    for conflict in merged.conflicts:
        session.note(f"ilrs: conflict: {name}: {conflict.describe()}")
    for problem in merged.problems:
        session.note(f"ilrs: conflict: {name}: the merge would not pass `ilrs check`: {problem}")
    if merged.conflicts:
        session.note(f"ilrs: {name}: {len(merged.conflicts)} conflict(s) left between conflict markers")
    return 1 if merged.conflicts or merged.problems else 0


def _shown(path: Path) -> str:
    """A path as people want it: relative to the current directory when under it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _existing(path: Path) -> bytes | None:
    """The bytes of a small file of git's (.gitattributes, info/exclude); None when there is none."""
    from ilrs_cli.store.ledger import read_bytes
    from ilrs_cli.store.location import Location

    return read_bytes(Location(path, path.name)) if path.exists() else None


def _append_line(path: Path, old: bytes | None, line: str) -> None:
    """Add ``line`` at the end of the file whose bytes were ``old`` (None: make it), in one atomic replace."""
    from ilrs_cli.store.atomic import describe_os_error, write_atomic

    try:
        path.parent.mkdir(exist_ok=True)  # info/ is missing in a repository made from a template without it
    except OSError as exc:
        raise WriteError(f"{path.parent}: cannot create the directory: {describe_os_error(exc)}") from None
    text = old or b""
    separator = b"\n" if text and not text.endswith(b"\n") else b""
    write_atomic(path, text + separator + line.encode() + b"\n", str(path), new=old is None)


def _pattern(relative: str) -> str:
    """A .gitattributes pattern matching exactly ``relative`` (from the top of the work tree).

    Glob characters are escaped; whitespace, which would end the pattern, is matched by ``[[:space:]]``.
    """
    if not relative.isprintable():
        raise InputError(
            f"{relative}: cannot write a .gitattributes pattern for this path",
            hint=f"add a line for it by hand: PATTERN merge=ilrs (see `ilrs git-setup --help`); then: "
            f'git config merge.ilrs.driver "{DRIVER}"',
        )
    return "/" + re.sub(r"\s", "[[:space:]]", _GLOB.sub(r"\\\1", relative))


@app.command("git-setup")
def git_setup_cmd(
    ledger_path: LedgerOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what it would do (as commands); change nothing.")
    ] = False,
) -> None:
    """Make git merge the ledger with `ilrs merge-driver`.

    It puts the driver in .git/config, the file in .gitattributes and, so that git ignores the lock file
    every write leaves beside the ledger, `.*.lock` in .git/info/exclude (unless git ignores it already);
    running it again changes nothing. By hand, the same is: git config merge.ilrs.driver "ilrs merge-driver
    --marker-size %L %O %A %B %P", a line `/PATH merge=ilrs` in .gitattributes (commit it; every clone runs
    `ilrs git-setup` once) and a line `.*.lock` in .git/info/exclude.

    \b
    Examples:
      ilrs git-setup --ledger data/members.toml --dry-run
      ilrs git-setup --ledger data/members.toml
    """
    import shlex
    import shutil

    from ilrs_cli.store import git as vcs
    from ilrs_cli.store.lock import lock_path

    session = Session()
    repo, relative, _ = _repository(session, ledger_path, "git-setup")
    config = vcs.config_file(repo)
    settings = [("merge.ilrs.name", DRIVER_NAME), ("merge.ilrs.driver", DRIVER)]
    settings = [(k, v) for k, v in settings if vcs.config_get(repo, k) != v]
    attributes = repo.top / ".gitattributes"
    line = f"{_pattern(relative)} merge=ilrs" if vcs.attribute(repo, relative, "merge") != "ilrs" else None
    exclude = vcs.exclude_file(repo)
    excluded = _existing(exclude)
    lock = lock_path(Path(relative)).as_posix()
    # Nothing to add when git ignores the lock file already (a .gitignore, the user's own excludes), or when
    # our line is there and a later rule undoes it: a second line would change nothing either.
    locks = None if vcs.ignored(repo, lock) or LOCKS.encode() in (excluded or b"").splitlines() else LOCKS
    if not settings and line is None and locks is None:
        session.note(f"already set up: {relative} is merged by `{DRIVER}`")
    for key, value in settings:
        if dry_run:
            session.out.write(f"git config {key} {shlex.quote(value)}\n")
        else:
            vcs.config_set(repo, key, value)
            session.note(f"set {key} in {_shown(config)}")
    if line is not None:
        if dry_run:
            session.out.write(f"echo {shlex.quote(line)} >> {shlex.quote(_shown(attributes))}\n")
        else:
            _append_line(attributes, _existing(attributes), line)
            found = vcs.attribute(repo, relative, "merge")
            if found != "ilrs":
                raise LedgerError(
                    f"added '{line}' to {attributes}, but git still gives {relative} merge={found}",
                    hint="another attributes file overrides it (a .gitattributes deeper down, or .git/info/attributes)",
                )
            where = _shown(attributes)
            session.note(f"added '{line}' to {where} (commit it, so every clone merges the ledger this way)")
    if locks is not None:
        if dry_run:
            mkdir = "" if exclude.parent.is_dir() else f"mkdir -p {shlex.quote(_shown(exclude.parent))} && "
            session.out.write(f"{mkdir}echo {shlex.quote(locks)} >> {shlex.quote(_shown(exclude))}\n")
        else:
            _append_line(exclude, excluded, locks)
            session.note(f"added '{locks}' to {_shown(exclude)} (so git ignores {lock}, the lock file writes leave)")
            if not vcs.ignored(repo, lock):
                session.note(f"warning: git still does not ignore {lock}: a .gitignore rule (`!...`) brings it back")
    if dry_run and (settings or line is not None or locks is not None):
        session.note("dry run: nothing changed")
    if shutil.which("ilrs", path=session.env.get("PATH")) is None:
        session.note("warning: `ilrs` is not on PATH, so git cannot run the merge driver; put its directory on PATH")
