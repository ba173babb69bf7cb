"""`ilrs git-setup` also keeps the lock files writes leave out of git: `.*.lock` in the repository's info/exclude."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ADD, BUNDLED, Run
from gitrepo import git, init, isolate

CONFIG = [
    "set merge.ilrs.name in {config}",
    "set merge.ilrs.driver in {config}",
    "added '/data/members.toml merge=ilrs' to {attributes} (commit it, so every clone merges the ledger this way)",
]
LOCKS = "added '.*.lock' to {exclude} (so git ignores data/.members.toml.lock, the lock file writes leave)"
ALREADY = "already set up: data/members.toml is merged by `ilrs merge-driver --marker-size %L %O %A %B %P`\n"


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)


def _repo(path: Path, exclude: str | None = "# git ls-files --others --exclude-from=.git/info/exclude") -> Path:
    """A repository holding data/members.toml (uncommitted); info/exclude holds ``exclude`` (None: no info/)."""
    repo = init(path)
    if exclude is None:
        shutil.rmtree(repo / ".git" / "info")
    else:
        (repo / ".git" / "info" / "exclude").write_text(exclude, encoding="utf-8")  # gitrepo.init's .*.lock undone
    (repo / "data").mkdir()
    shutil.copyfile(BUNDLED, repo / "data" / "members.toml")
    return repo


def _untracked(repo: Path) -> list[str]:
    return git(repo, "status", "--porcelain", "--untracked-files=all").stdout.splitlines()


def test_git_setup_excludes_the_lock_files_once(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path / "repo")
    exclude = repo / ".git" / "info" / "exclude"
    monkeypatch.chdir(repo)
    dry = run("git-setup", "--dry-run", "--ledger", "data/members.toml")
    assert (dry.code, dry.stderr) == (0, "dry run: nothing changed\n")
    assert dry.stdout.splitlines()[-1] == "echo '.*.lock' >> .git/info/exclude"
    assert exclude.read_text(encoding="utf-8") == "# git ls-files --others --exclude-from=.git/info/exclude"
    done = run("git-setup", "--ledger", "data/members.toml")
    assert (done.code, done.stdout) == (0, "")
    paths = {"config": ".git/config", "attributes": ".gitattributes", "exclude": ".git/info/exclude"}
    assert done.stderr.splitlines() == [line.format(**paths) for line in (*CONFIG, LOCKS)]
    assert exclude.read_text(encoding="utf-8") == (
        "# git ls-files --others --exclude-from=.git/info/exclude\n.*.lock\n"  # after the last line, unfinished
    )
    assert run("add", "Moonland", *ADD, "--ledger", "data/members.toml").code == 0
    assert (repo / "data" / ".members.toml.lock").exists()
    assert _untracked(repo) == ["?? .gitattributes", "?? data/members.toml"]  # the lock file is not among them
    again = run("git-setup", "--ledger", "data/members.toml")
    assert (again.code, again.stdout, again.stderr) == (0, "", ALREADY)
    assert run("git-setup", "--dry-run", "--ledger", "data/members.toml").stdout == ""
    assert exclude.read_text(encoding="utf-8").count(".*.lock") == 1


def test_lock_files_ignored_already_are_left_alone(run: Run, tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo", exclude="")  # an empty file: appended to, not refused as existing
    (repo / ".gitignore").write_text(".*.lock\n", encoding="utf-8")
    done = run("git-setup", "--ledger", str(repo / "data" / "members.toml"))
    assert (done.code, done.stdout) == (0, "")
    assert not any("exclude" in line for line in done.stderr.splitlines())
    assert (repo / ".git" / "info" / "exclude").read_bytes() == b""
    (repo / ".gitignore").unlink()
    (repo / ".gitattributes").write_bytes(b"")  # likewise an empty .gitattributes
    git(repo, "config", "--unset-all", "merge.ilrs.driver")
    added = run("git-setup", "--ledger", str(repo / "data" / "members.toml"))
    assert (added.code, added.stdout) == (0, "")
    assert (repo / ".git" / "info" / "exclude").read_bytes() == b".*.lock\n"
    assert (repo / ".gitattributes").read_bytes() == b"/data/members.toml merge=ilrs\n"


def test_a_repository_without_info_gets_one(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path / "repo", exclude=None)
    monkeypatch.chdir(repo)
    dry = run("git-setup", "--dry-run", "--ledger", "data/members.toml")
    assert dry.stdout.splitlines()[-1] == "mkdir -p .git/info && echo '.*.lock' >> .git/info/exclude"
    assert not (repo / ".git" / "info").exists()
    done = run("git-setup", "--ledger", "data/members.toml")
    assert done.code == 0 and LOCKS.format(exclude=".git/info/exclude") in done.stderr.splitlines()
    assert (repo / ".git" / "info" / "exclude").read_text(encoding="utf-8") == ".*.lock\n"


def test_a_linked_worktree_excludes_in_the_common_git_directory(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # paths under the working directory are shown relative to it, wherever that is
    repo = _repo(tmp_path / "repo")
    git(repo, "add", "data/members.toml")
    git(repo, "commit", "-q", "-m", "ledger")
    linked = tmp_path / "linked"
    git(repo, "worktree", "add", "-q", "-b", "other", str(linked))
    done = run("git-setup", "--ledger", str(linked / "data" / "members.toml"))
    assert (done.code, done.stdout) == (0, "")
    common = repo / ".git" / "info" / "exclude"
    assert LOCKS.format(exclude="repo/.git/info/exclude") in done.stderr.splitlines()
    assert common.read_text(encoding="utf-8").endswith("\n.*.lock\n")
    assert not (repo / ".git" / "worktrees" / "linked" / "info" / "exclude").exists()
    assert run("add", "Moonland", *ADD, "--ledger", str(linked / "data" / "members.toml")).code == 0
    assert _untracked(linked) == [" M data/members.toml", "?? .gitattributes"]
    again = run("git-setup", "--ledger", str(linked / "data" / "members.toml"))
    assert (again.code, again.stderr) == (0, ALREADY)


def test_a_rule_that_brings_the_lock_back_is_warned_about(run: Run, tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    (repo / ".gitignore").write_text("!.members.toml.lock\n", encoding="utf-8")
    done = run("git-setup", "--ledger", str(repo / "data" / "members.toml"))
    assert done.code == 0
    assert done.stderr.splitlines()[-1] == (
        "warning: git still does not ignore data/.members.toml.lock: a .gitignore rule (`!...`) brings it back"
    )
    again = run("git-setup", "--ledger", str(repo / "data" / "members.toml"))
    assert (again.code, again.stderr) == (0, ALREADY)  # nothing it could add would change that
    assert (repo / ".git" / "info" / "exclude").read_text(encoding="utf-8").count(".*.lock") == 1
