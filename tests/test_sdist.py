"""The source distribution is whole: it holds what its tests need, and its tests pass from it."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from conftest import ROOT

# Files the tests read from the source tree, beyond src/, tests/ and data/.
NEEDED = ["tools/readme.py", ".ci/run", ".pre-commit-hooks.yaml", ".pre-commit-config.yaml", "LICENSE",
          "README.md", "CHANGELOG.md", "docs/timeline.svg", "pyproject.toml"]  # fmt: skip
# The tests that need those files, run from the unpacked sdist by the slow test.
SUBSET = ["tests/test_readme.py", "tests/test_check.py", "tests/test_hooks.py", "tests/test_schema.py",
          "tests/test_completion.py", "tests/test_sdist.py::test_the_sdist_holds_what_the_tests_need"]  # fmt: skip


def build_sdist(outdir: Path) -> Path:
    built = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(outdir), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    return next(outdir.glob("ilrs_cli-*.tar.gz"))


def test_the_sdist_holds_what_the_tests_need(tmp_path: Path) -> None:
    with tarfile.open(build_sdist(tmp_path)) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    missing = [n for n in NEEDED if n not in names]
    here = [p.relative_to(ROOT).as_posix() for d in ("src", "tests", "data") for p in (ROOT / d).rglob("*")]
    missing += [n for n in here if "__pycache__" not in n and (ROOT / n).is_file() and n not in names]
    assert not missing
    assert "src/ilrs_cli/py.typed" in names
    assert not [n for n in names if n.startswith((".venv", ".git/"))]


@pytest.mark.slow
def test_the_unpacked_sdist_installs_with_its_test_extras_and_passes_its_tests(tmp_path: Path) -> None:
    """A fresh venv, `pip install ".[test]"` from the unpacked sdist (from the package index), its tests."""
    with tarfile.open(build_sdist(tmp_path / "dist")) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    source = next((tmp_path / "unpacked").iterdir())
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ILRS_LEDGER", "VIRTUAL_ENV")}
    installed = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", f"{source}[test]"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    tests = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", *SUBSET],
        cwd=source,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert tests.returncode == 0, tests.stdout[-4000:]
    assert " passed" in tests.stdout and "failed" not in tests.stdout
