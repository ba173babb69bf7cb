"""Git plumbing for the ledger's history (store layer): run git, never through a shell.

Which repository: the one that holds the ledger file, found from the file's own directory with git's
repository-local variables (GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE, ...) removed, because hooks and
worktrees set them for *their* repository and an absolute GIT_DIR would otherwise make git read a
different repository's file under the same relative path. Only when the file's directory belongs to
no repository at all is the repository the environment names used, and then only with an explicit
GIT_WORK_TREE that contains the file (GIT_DIR alone makes git take the current directory for the top
of the work tree).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, NamedTuple

from ilrs_cli.core.errors import LedgerError
from ilrs_cli.core.log import NULL_ID, Commit

# The variables git itself keeps when it runs a command in another repository (a submodule): `-c` settings.
_KEPT = ("GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_")
_RANGE = re.compile(r"\.\.\.?")
_NAMING = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR")  # variables that name a repository or work tree


class Repository(NamedTuple):
    """A git work tree and the environment git runs in for it (always with ``cwd=top``)."""

    top: Path
    env: dict[str, str]
    note: str | None = None  # said once to the user when the environment named another repository


def _run(
    args: Sequence[str], cwd: Path, env: Mapping[str, str], stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, env=dict(env), input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise LedgerError("git is not installed (it is needed to read the ledger's history)") from None
    except OSError as exc:
        raise LedgerError(f"cannot run git: {exc.strerror}") from None


def run(repo: Repository, args: Sequence[str], stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``git ARGS`` in the repository's work tree and environment."""
    return _run(args, repo.top, repo.env, stdin)


def message(result: subprocess.CompletedProcess[bytes]) -> str:
    """Git's own first error line, without its ``fatal:`` prefix."""
    lines = [line for line in result.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    line = next((x for x in lines if x.startswith(("fatal:", "error:"))), lines[0] if lines else "")
    return line.removeprefix("fatal: ").removeprefix("error: ").strip()


def _local_variables(env: Mapping[str, str]) -> set[str]:
    """The repository-local variables set in ``env``, by git's own list (``rev-parse --local-env-vars``)."""
    if not any(key.startswith("GIT_") for key in env):
        return set()
    listed = _run(["rev-parse", "--local-env-vars"], Path("/"), env)
    names = set(listed.stdout.decode().split()) if listed.returncode == 0 else set(_NAMING)
    return {k for k in env if k in names and not k.startswith(_KEPT)}


def _describe_env(env: Mapping[str, str]) -> str:
    return " ".join(f"{k}={env[k]}" for k in _NAMING if k in env)


def _inside(path: Path, top: Path) -> str | None:
    """``path`` relative to ``top`` as a git path, or None when it lies outside."""
    try:
        return path.relative_to(Path(os.path.realpath(top))).as_posix()
    except ValueError:
        return None


def find(path: Path, env: Mapping[str, str]) -> tuple[Repository, str]:
    """The repository that holds ``path``, and the path relative to its work tree's top."""
    real = Path(os.path.realpath(path))
    directory = real.parent
    if not directory.is_dir():
        raise LedgerError(f"{directory}: no such directory")
    local = _local_variables(env)
    clean = {k: v for k, v in env.items() if k not in local}
    probe = _run(["rev-parse", "--show-toplevel", "--absolute-git-dir"], directory, clean)
    named = [k for k in _NAMING if k in env]
    if probe.returncode == 0:
        top, git_dir = probe.stdout.decode("utf-8", "surrogateescape").splitlines()[:2]
        repo = Repository(Path(top), clean, _other_repository(env, named, git_dir, top, path))
    elif named:
        repo = _named_repository(env, named, real, path)
    else:
        why = message(probe)
        detail = f" (git: {why})" if why and "not a git repository" not in why else ""
        raise LedgerError(f"{path} is not inside a git repository{detail}")
    relative = _inside(real, repo.top)
    if relative is None or relative == ".":
        raise LedgerError(f"{path} is not inside the work tree of {repo.top}")
    if "\n" in relative:
        raise LedgerError(f"{path}: a path with a newline cannot be followed in git")
    return repo, relative


def _other_repository(env: Mapping[str, str], named: list[str], git_dir: str, top: str, path: Path) -> str | None:
    """A note when the environment names another repository than the one holding the file."""
    if not named:
        return None
    theirs = _run(["rev-parse", "--absolute-git-dir"], Path.cwd(), env)
    if theirs.returncode != 0:
        return f"{_describe_env(env)} names no repository from here; using {top}, the one that holds {path}"
    if os.path.realpath(theirs.stdout.decode().strip()) == os.path.realpath(git_dir):
        return None
    return f"{_describe_env(env)} names another repository; using {top}, the one that holds {path}"


def _named_repository(env: Mapping[str, str], named: list[str], real: Path, path: Path) -> Repository:
    """The repository the environment names, when the file's own directory is in none."""
    if "GIT_WORK_TREE" not in env:
        raise LedgerError(
            f"{path} is not inside a git repository, and {_describe_env(env)} names no work tree "
            "(without GIT_WORK_TREE git takes the current directory for it)",
            hint="set GIT_WORK_TREE to the top of the work tree that holds the ledger, or unset GIT_DIR",
        )
    absolute = dict(env)
    for key in named:  # relative values mean "from the current directory", as git reads them
        absolute[key] = os.path.join(os.getcwd(), env[key])
    probe = _run(["rev-parse", "--show-toplevel"], real.parent, absolute)
    if probe.returncode != 0:
        raise LedgerError(f"{_describe_env(env)}: not a usable git repository (git: {message(probe)})")
    top = Path(probe.stdout.decode("utf-8", "surrogateescape").strip())
    if _inside(real, top) is None:
        raise LedgerError(f"{path} is neither inside a git repository nor inside {_describe_env(env)}")
    return Repository(top, absolute)


def resolve(repo: Repository, rev: str, what: str = "revision") -> str:
    """The commit id ``rev`` names; a clear error for an unknown or option-like revision."""
    if not rev or rev.startswith("-") or "\n" in rev:
        raise LedgerError(f"invalid {what} {rev!r}")
    found = run(repo, ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"])
    if found.returncode != 0:
        raise LedgerError(f"unknown {what} '{rev}'")
    return found.stdout.decode().strip()


def show(path: Path, rev: str, env: Mapping[str, str]) -> tuple[bytes, str, str | None]:
    """The bytes of ``path`` as committed at ``rev``, a name for messages (``REV:relpath``) and a note."""
    if not rev or rev.startswith("-"):
        raise LedgerError(f"invalid revision {rev!r}")
    repo, relative = find(path, env)
    commit = resolve(repo, rev)
    blob = run(repo, ["cat-file", "blob", f"{commit}:{relative}"])
    if blob.returncode != 0:
        raise LedgerError(f"{relative} did not exist at {rev}")
    return blob.stdout, f"{rev}:{relative}", repo.note


# -- history ---------------------------------------------------------------------------------


_HEADER_FIELDS = 6  # commit, parents, date, author, email, subject
_FORMAT = "%x01%H%x00%P%x00%cI%x00%aN%x00%aE%x00%s"


def range_ends(spec: str) -> list[str]:
    """The ends of a revision range as git reads them (``A..B``, ``A...B``; an empty end means HEAD), or the
    one revision of a spec that is no range."""
    return _RANGE.split(spec)


def history(repo: Repository, relative: str, spec: str | None = None) -> list[Commit]:
    """The commits that touched ``relative`` (followed through renames), newest first.

    ``spec`` limits them to a revision or range (``A..B``). ``--follow`` needs the file's name at the
    tip of what it walks, so when the file has another name there (it was renamed later), the commits
    of the range are picked out of the file's whole history instead.
    """
    if run(repo, ["rev-parse", "--verify", "--quiet", "HEAD"]).returncode != 0 and spec is None:
        return []  # a repository with no commit yet
    if spec is None:
        return _log(repo, relative, [])
    tip = range_ends(spec)[-1] or "HEAD"
    if run(repo, ["cat-file", "-e", f"{tip}:{relative}"]).returncode == 0:
        return _log(repo, relative, [spec])
    listed = run(repo, ["rev-list", "--end-of-options", spec])
    if listed.returncode != 0:
        raise LedgerError(f"git rev-list: {message(listed)}")
    inside = set(listed.stdout.decode().split())
    return [c for c in _log(repo, relative, []) if c.commit in inside]


def _log(repo: Repository, relative: str, revisions: list[str]) -> list[Commit]:
    args = ["-c", "core.quotePath=false", "log", "--no-color", "--no-ext-diff", "--no-textconv", "-z"]
    args += ["--follow", "--raw", "-c", "--no-abbrev", f"--format={_FORMAT}", "--end-of-options", *revisions]
    result = run(repo, [*args, "--", relative])
    if result.returncode != 0:
        raise LedgerError(f"git log: {message(result)}")
    return list(_parse_log(result.stdout))


def _parse_log(raw: bytes) -> Iterator[Commit]:
    tokens = raw.decode("utf-8", "surrogateescape").split("\0")
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        if not token.startswith("\x01"):
            i += 1
            continue
        commit, parents, date, author, email, subject = [token[1:], *tokens[i + 1 : i + _HEADER_FIELDS]]
        i += _HEADER_FIELDS
        raw_lines: list[tuple[str, list[str]]] = []
        while i < len(tokens):
            item = tokens[i].lstrip("\n")
            if item.startswith("\x01"):
                break
            i += 1
            if not item.startswith(":"):
                continue
            status = item.split()[-1]
            count = 2 if status[0] in "RC" else 1
            raw_lines.append((item, tokens[i : i + count]))
            i += count
        if raw_lines:  # a commit with no raw line did not change the file (git lists it for a rename only)
            line, paths = raw_lines[0]
            yield _entry(commit, parents, date, author, email, subject, line, paths)


def _entry(
    commit: str, parents: str, date: str, author: str, email: str, subject: str, line: str, paths: list[str]
) -> Commit:
    colons = len(line) - len(line.lstrip(":"))
    fields = line.lstrip(":").split()
    ids = fields[colons + 1 : 2 * colons + 2]  # `colons` parent modes and one result mode come first
    return Commit(
        commit,
        tuple(parents.split()),
        date,
        author,
        email,
        subject,
        paths[-1],
        paths[0],
        tuple(ids[:-1]),
        ids[-1],
    )


class Blobs:
    """File contents by blob id through one ``git cat-file --batch`` process (not one process per commit)."""

    def __init__(self, repo: Repository) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._repo = repo

    def __enter__(self) -> Blobs:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _pipe(self) -> tuple[IO[bytes], IO[bytes]]:
        if self._process is None:
            try:
                self._process = subprocess.Popen(
                    ["git", "cat-file", "--batch"],
                    cwd=self._repo.top,
                    env=self._repo.env,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
            except OSError as exc:
                raise LedgerError(f"cannot run git: {exc.strerror}") from None
        assert self._process.stdin is not None and self._process.stdout is not None
        return self._process.stdin, self._process.stdout

    def get(self, blob: str) -> bytes:
        """The bytes of one blob."""
        if blob == NULL_ID:
            return b""
        stdin, stdout = self._pipe()
        stdin.write(blob.encode() + b"\n")
        stdin.flush()
        header = stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            raise LedgerError(f"git cat-file: cannot read blob {blob}")
        data = stdout.read(int(header[2]))
        stdout.read(1)  # the newline after each object
        return data

    def close(self) -> None:
        """End the batch process."""
        if self._process is not None:
            for stream in (self._process.stdin, self._process.stdout):
                if stream is not None:
                    stream.close()
            self._process.wait()
            self._process = None


# -- set-up of the merge driver ------------------------------------------------------------------


def config_get(repo: Repository, key: str) -> str | None:
    """A value of the repository's own configuration (``.git/config``), or None."""
    found = run(repo, ["config", "--local", "--get", key])
    return found.stdout.decode("utf-8", "surrogateescape").rstrip("\n") if found.returncode == 0 else None


def config_set(repo: Repository, key: str, value: str) -> None:
    """Set a value in the repository's own configuration."""
    done = run(repo, ["config", "--local", key, value])
    if done.returncode != 0:
        raise LedgerError(f"git config {key}: {message(done)}")


def _common_dir(repo: Repository) -> Path:
    """The repository's own git directory, which its linked worktrees share (not a worktree's .git/worktrees/X)."""
    found = run(repo, ["rev-parse", "--git-common-dir"])
    common = found.stdout.decode("utf-8", "surrogateescape").strip()
    return (repo.top / common).resolve()


def config_file(repo: Repository) -> Path:
    """The repository's own configuration file (shared by its linked worktrees)."""
    return _common_dir(repo) / "config"


def exclude_file(repo: Repository) -> Path:
    """The repository's own ignore file, never committed (``info/exclude``, shared by its linked worktrees)."""
    return _common_dir(repo) / "info" / "exclude"


def ignored(repo: Repository, relative: str) -> bool:
    """True when git's ignore rules (.gitignore, info/exclude, core.excludesFile) cover ``relative``."""
    found = run(repo, ["check-ignore", "--quiet", "--no-index", "--", relative])
    if found.returncode not in (0, 1):
        raise LedgerError(f"git check-ignore: {message(found)}")
    return found.returncode == 0


def attribute(repo: Repository, relative: str, name: str) -> str:
    """The value git gives attribute ``name`` for ``relative`` (``unspecified`` when none)."""
    found = run(repo, ["check-attr", "-z", name, "--", relative])
    if found.returncode != 0:
        raise LedgerError(f"git check-attr: {message(found)}")
    parts = found.stdout.decode("utf-8", "surrogateescape").split("\0")
    return parts[2] if len(parts) > 2 else "unspecified"


# -- the merge driver's fallback ---------------------------------------------------------------------


def merge_lines(
    ours: Path, base: Path, theirs: Path, marker_size: int, env: Mapping[str, str]
) -> tuple[bytes, int] | None:
    """Git's own line-by-line three-way merge of three files (``git merge-file``), and its number of conflicts.

    None when git cannot merge them (a binary or unreadable file, no git): nothing is written either way.
    """
    args = ["merge-file", "-p", f"--marker-size={marker_size}", "-L", "ours", "-L", "base", "-L", "theirs"]
    files = [os.path.abspath(p) for p in (ours, base, theirs)]
    try:
        merged = _run([*args, "--", *files], Path(files[0]).parent, env)
    except LedgerError:
        return None
    if not 0 <= merged.returncode < 128:  # git merge-file exits with the count of conflicts, 255 on error
        return None
    return merged.stdout, merged.returncode
