"""`diff --rev` under git's own environment: GIT_DIR / GIT_WORK_TREE (hooks, worktrees) never make it read
another file than the ledger's own, committed in the repository that holds it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Run
from gitrepo import BIN, base_env, commit, git, init, isolate

# A frozen copy of the 0.1 bundled ledger, so these tests do not move with the data.
BASE = Path(__file__).parent / "data" / "members-0.1.toml"

UAE = [
    "~\tuae\tUnited Arab Emirates\tstatus\tdisputed\twithdrawn",
    "~\tuae\tUnited Arab Emirates\twithdrawn\t\t2025",
]


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch)


@pytest.fixture
def repo(tmp_path: Path, run: Run) -> Path:
    """A repository whose second commit withdrew the UAE."""
    repo = init(tmp_path / "repo")
    (repo / "data").mkdir()
    shutil.copyfile(BASE, repo / "data" / "members.toml")
    commit(repo, "one")
    assert run("withdraw", "uae", "--date", "2025", "--ledger", str(repo / "data" / "members.toml")).code == 0
    commit(repo, "two")
    return repo


@pytest.fixture
def other(tmp_path: Path, run: Run) -> Path:
    """Another repository with a different ledger at the same path (Pakistan removed, then the UAE withdrawn)."""
    other = init(tmp_path / "other")
    (other / "data").mkdir()
    shutil.copyfile(BASE, other / "data" / "members.toml")
    assert run("remove", "pakistan", "--yes", "--ledger", str(other / "data" / "members.toml")).code == 0
    commit(other, "one")
    assert run("withdraw", "uae", "--date", "2025", "--ledger", str(other / "data" / "members.toml")).code == 0
    commit(other, "two")
    return other


def _diff(run: Run, ledger: str) -> tuple[int, list[str], str]:
    result = run("diff", "--rev", "HEAD~1", "--ledger", ledger)
    return result.code, result.stdout.splitlines(), result.stderr


def test_relative_git_dir_from_the_top_and_from_a_subdirectory(
    run: Run, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    monkeypatch.setenv("GIT_DIR", ".git")  # what a hook of the main worktree may see
    assert _diff(run, "data/members.toml") == (1, UAE, "")
    monkeypatch.chdir(repo / "data")
    monkeypatch.setenv("GIT_DIR", "../.git")
    assert _diff(run, "members.toml") == (1, UAE, "")


def test_relative_git_dir_that_means_nothing_from_here(run: Run, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "data")
    monkeypatch.setenv("GIT_DIR", ".git")  # no such directory from data/: the file's own repository is used
    note = f"GIT_DIR=.git names no repository from here; using {repo}, the one that holds members.toml\n"
    assert _diff(run, "members.toml") == (1, UAE, note)


def test_absolute_git_dir_of_another_repository_is_not_used(
    run: Run, repo: Path, other: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    code, lines, stderr = _diff(run, "data/members.toml")
    assert (code, lines) == (1, UAE)  # with the other repository it would also show pakistan added
    assert (
        stderr
        == f"GIT_DIR={other / '.git'} names another repository; using {repo}, the one that holds data/members.toml\n"
    )
    # the same with both variables naming the other repository, from anywhere
    monkeypatch.chdir(other)
    monkeypatch.setenv("GIT_WORK_TREE", str(other))
    code, lines, _ = _diff(run, str(repo / "data" / "members.toml"))
    assert (code, lines) == (1, UAE)


def test_git_dir_and_work_tree_of_the_right_repository_from_elsewhere(
    run: Run, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_DIR", str(repo / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(repo))
    assert _diff(run, str(repo / "data" / "members.toml")) == (1, UAE, "")


def test_separate_git_dir_named_only_by_the_environment(
    run: Run, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A work tree with no .git of its own (dotfiles style): GIT_DIR and GIT_WORK_TREE name it."""
    store = tmp_path / "store.git"
    shutil.move(repo / ".git", store)
    monkeypatch.chdir(repo / "data")
    monkeypatch.setenv("GIT_DIR", os.path.relpath(store))  # relative to the current directory, as git reads it
    without = _diff(run, "members.toml")
    assert without[0] == 2 and without[1] == []
    assert "names no work tree (without GIT_WORK_TREE git takes the current directory for it)" in without[2]
    assert "hint: set GIT_WORK_TREE" in without[2]
    monkeypatch.setenv("GIT_WORK_TREE", "..")
    assert _diff(run, "members.toml") == (1, UAE, "")
    monkeypatch.setenv("GIT_WORK_TREE", str(tmp_path / "elsewhere"))
    (tmp_path / "elsewhere").mkdir()
    code, lines, stderr = _diff(run, "members.toml")
    assert (code, lines) == (2, [])
    assert "is neither inside a git repository nor inside" in stderr


def test_linked_worktree_where_dot_git_is_a_file(
    run: Run, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    linked = tmp_path / "linked"
    git(repo, "worktree", "add", "-q", "-b", "side", str(linked))
    assert (linked / ".git").is_file()
    ledger = linked / "data" / "members.toml"
    assert run("remove", "pakistan", "--yes", "--ledger", str(ledger)).code == 0
    commit(linked, "remove pakistan")
    monkeypatch.chdir(linked / "data")
    code, lines, _ = _diff(run, "members.toml")
    assert (code, lines[0]) == (1, "-\tpakistan\tPakistan\tparticipant\t2023-10-18\t")
    # a hook in the linked worktree runs with GIT_DIR set to its own git directory
    monkeypatch.setenv("GIT_DIR", str(repo / ".git" / "worktrees" / "linked"))
    assert _diff(run, "members.toml")[:2] == (code, lines)
    # the main worktree's ledger, asked from the linked worktree: its own HEAD, not the linked one's
    assert _diff(run, str(repo / "data" / "members.toml"))[:2] == (1, UAE)


def test_not_in_any_repository(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copyfile(BASE, outside / "members.toml")
    monkeypatch.chdir(outside)
    result = run("diff", "--rev", "HEAD", "--ledger", "members.toml")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == "ilrs: error: REV: members.toml is not inside a git repository\n"


def test_a_real_pre_commit_hook_in_a_linked_worktree(repo: Path, tmp_path: Path) -> None:
    """git itself sets GIT_DIR (and GIT_INDEX_FILE) for the hook: the hook's diff still reads the right file."""
    linked = tmp_path / "linked"
    git(repo, "worktree", "add", "-q", "-b", "side", str(linked))
    hooks = repo / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    report = tmp_path / "hook-report"
    hook = hooks / "pre-commit"
    hook.write_text(
        f"#!/bin/sh\nenv | grep -c '^GIT_DIR=' > '{report}'\n"
        f"ilrs diff --rev HEAD --ledger data/members.toml >> '{report}' 2>&1\necho \"exit $?\" >> '{report}'\n",
        encoding="utf-8",
    )
    hook.chmod(0o755)
    env = base_env()
    subprocess.run(
        [sys.executable, "-m", "ilrs_cli", "withdraw", "pakistan", "--date", "2025", "--ledger", "data/members.toml"],
        cwd=linked,
        env=env,
        check=True,
        capture_output=True,
    )
    git(linked, "commit", "-qam", "withdraw pakistan")
    assert report.read_text(encoding="utf-8").splitlines() == [
        "1",  # git did set GIT_DIR for the hook
        "~\tpakistan\tPakistan\tstatus\tmember\twithdrawn",
        "~\tpakistan\tPakistan\twithdrawn\t\t2025",
        "exit 1",
    ]
    assert BIN in env["PATH"]
