"""Real git repositories for tests, isolated from the machine's git configuration and environment.

Git runs with no global or system configuration, fixed author and committer, explicit dates (so commit
ids are reproducible) and the virtual environment's bin directory first on PATH (so git finds `ilrs`
when it runs the merge driver).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

BIN = str(Path(sys.executable).parent)
# Git variables a test must never inherit (a hook or a developer's shell may set them).
INHERITED = [k for k in os.environ if k.startswith("GIT_")]


def isolate(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make git in this process's environment ignore the machine: no config files, no inherited GIT_*."""
    for key in INHERITED:
        monkeypatch.delenv(key, raising=False)
    for key, value in base_env().items():
        if key.startswith("GIT_"):
            monkeypatch.setenv(key, value)
    monkeypatch.setenv("PATH", f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")


def base_env(date: str = "2025-01-01T10:00:00+00:00") -> dict[str, str]:
    """Git settings every repository of the tests uses."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        {
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Ada Editor",
            "GIT_AUTHOR_EMAIL": "ada@example.org",
            "GIT_COMMITTER_NAME": "Ada Editor",
            "GIT_COMMITTER_EMAIL": "ada@example.org",
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
            "GIT_TERMINAL_PROMPT": "0",
            "LANG": "C.UTF-8",
        }
    )
    return env


def git(
    cwd: Path,
    *args: str,
    date: str = "2025-01-01T10:00:00+00:00",
    author: str | None = None,
    env: Mapping[str, str] | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run git in ``cwd`` with the isolated environment (``author``: "Name <email>")."""
    full = base_env(date)
    if author is not None:
        name, email = author.rstrip(">").split(" <")
        full.update({"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email})
    full.update(env or {})
    result = subprocess.run(["git", *args], cwd=cwd, env=full, capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result


def init(repo: Path) -> Path:
    """A new repository on branch main, with its own user name and email."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Ada Editor")
    git(repo, "config", "user.email", "ada@example.org")
    # As the README advises: the write lock's sidecar file (it records its holder) is not part of the record.
    (repo / ".git" / "info").mkdir(exist_ok=True)
    (repo / ".git" / "info" / "exclude").write_text(".*.lock\n", encoding="utf-8")
    return repo


def commit(repo: Path, message: str, date: str = "2025-01-01T10:00:00+00:00", author: str | None = None) -> str:
    """Stage everything and commit; returns the commit id."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date, author=author)
    return git(repo, "rev-parse", "HEAD").stdout.strip()
