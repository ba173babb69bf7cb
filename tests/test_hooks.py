"""pre-commit, for real: the README's snippet as pasted, and the published hooks, in a fresh git repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BUNDLED, ROOT

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def readme_snippet() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    marker = readme.index("<!-- test: pre-commit snippet")
    block = re.search(r"```yaml\n(.*?)```", readme[marker:], re.DOTALL)
    assert block is not None
    return block.group(1)


def published_as_local() -> str:
    """The hooks of .pre-commit-hooks.yaml as a local repo (the same entries and patterns; ilrs from PATH)."""
    manifest = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hooks = "".join(
        "      " + line.replace("language: python", "language: system") + "\n" if line.startswith("- ") is False
        else "      " + line + "\n"
        for line in manifest.splitlines()
        if line and not line.startswith("#")
    )  # fmt: skip
    return "repos:\n  - repo: local\n    hooks:\n" + hooks


class Repo:
    """A fresh git repository with a good ledger, a pyproject.toml and a pre-commit configuration."""

    def __init__(self, path: Path, config: str) -> None:
        self.path = path
        self.env = {
            "PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin",
            "HOME": str(path.parent),
            "PRE_COMMIT_HOME": str(path.parent / "pre-commit-cache"),
            "XDG_CACHE_HOME": str(path.parent / "cache"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "LANG": "C.UTF-8",
        }
        path.mkdir()
        self.git("init", "-q", "-b", "main")
        (path / "data").mkdir()
        shutil.copyfile(BUNDLED, path / "data" / "members.toml")
        (path / "pyproject.toml").write_text('[project]\nname = "x"\n')  # no ledger: must not be checked
        (path / ".pre-commit-config.yaml").write_text(config)
        self.git("add", "-A")

    def git(self, *args: str) -> None:
        subprocess.run(["git", *args], cwd=self.path, env=self.env, check=True, capture_output=True)

    def run(self, *hooks: str) -> subprocess.CompletedProcess[str]:
        """`pre-commit run HOOK --all-files` for each hook; output of the last."""
        return subprocess.run(
            [str(BIN / "pre-commit"), "run", *hooks, "--all-files", "--color", "never"],
            cwd=self.path,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )

    @property
    def ledger(self) -> Path:
        return self.path / "data" / "members.toml"


def test_the_readme_snippet_works_as_pasted(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo", readme_snippet())
    good = repo.ledger.read_bytes()
    passed = repo.run()
    assert passed.returncode == 0, passed.stdout
    assert re.search(r"ilrs check\.+Passed", passed.stdout) and re.search(r"ilrs fmt\.+Passed", passed.stdout)
    assert "pyproject" not in passed.stdout

    repo.ledger.write_text(good.decode().replace('kind = "state"', 'kind = "planet"', 1))
    failed = repo.run("ilrs-check")
    assert failed.returncode == 1
    assert re.search(r"ilrs check\.+Failed", failed.stdout)
    line = good.decode().splitlines().index('kind = "state"') + 1  # the offending key's own line
    assert re.search(
        rf"data/members.toml:{line}: invalid-value: participant\[\d\] \(china\)\.kind: 'planet' is not one of",
        failed.stdout,
    )

    untidy = good.replace(b'id = "china"\nname = "China"', b'name = "China"\nid = "china"')
    repo.ledger.write_bytes(untidy)
    checked = repo.run("ilrs-check")  # the form is ilrs-fmt's job: one hook reports it, not two
    assert checked.returncode == 0, checked.stdout
    assert repo.ledger.read_bytes() == untidy
    fixed = repo.run("ilrs-fmt")
    assert fixed.returncode == 1
    assert "files were modified by this hook" in fixed.stdout and "formatted data/members.toml" in fixed.stdout
    assert repo.ledger.read_bytes() == good  # rewritten in place, in canonical form
    assert repo.run().returncode == 0


@pytest.mark.slow  # a second real pre-commit run (1 s); the quick loop's is the README snippet's
def test_the_published_hooks_fix_check_and_fail_differently(tmp_path: Path) -> None:
    validated = subprocess.run(
        [str(BIN / "pre-commit"), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert validated.returncode == 0, validated.stdout + validated.stderr
    repo = Repo(tmp_path / "repo", published_as_local())
    good = repo.ledger.read_bytes()
    assert repo.run().returncode == 0
    untidy = good.replace(b'id = "china"\nname = "China"', b'name = "China"\nid = "china"')
    repo.ledger.write_bytes(untidy)

    assert repo.run("ilrs-check").returncode == 0  # only the fmt hooks speak of the form
    checked = repo.run("ilrs-fmt-check")
    assert checked.returncode == 1
    assert "data/members.toml: not in canonical form (run `ilrs fmt` to rewrite it)" in checked.stdout
    assert "files were modified" not in checked.stdout
    assert repo.ledger.read_bytes() == untidy  # the check-only hook changes nothing

    fixed = repo.run("ilrs-fmt")
    assert fixed.returncode == 1
    assert "files were modified by this hook" in fixed.stdout and "not in canonical form" not in fixed.stdout
    assert repo.ledger.read_bytes() == good


def test_the_patterns_pick_ledgers_by_name() -> None:
    manifest = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    patterns = set(re.findall(r"^  files: (.+)$", manifest, re.MULTILINE))
    patterns |= set(re.findall(r"^\s+files: (.+)$", readme_snippet(), re.MULTILINE))
    assert len(patterns) == 1
    pattern = re.compile(patterns.pop())
    for name in ("members.toml", "data/members.toml", "a/b/members-2025.toml"):
        assert pattern.search(name), name
    for name in ("pyproject.toml", "data/members.schema.json", "notmembers.toml", "members.toml.bak"):
        assert not pattern.search(name), name


def test_this_repositorys_own_config_is_valid() -> None:
    result = subprocess.run(
        [str(BIN / "pre-commit"), "validate-config", str(ROOT / ".pre-commit-config.yaml")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PRE_COMMIT_HOME": "/nonexistent-unused"},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_this_repositorys_own_hooks_pick_both_bundled_ledgers() -> None:
    config = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    patterns = [re.compile(p) for p in re.findall(r"^\s+files: (.+)$", config, re.MULTILINE)]
    assert len(patterns) == 2  # ilrs-check and ilrs-fmt-check
    for pattern in patterns:
        for name in ("data/members.toml", "data/artemis-accords.toml"):
            assert pattern.search(name), name
        assert not pattern.search("tests/data/members-0.1.toml")  # a fixture of an old format
