"""Import rules: the core is pure; typer, rich and TOML each stay in their own module."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "ilrs_cli"
CORE = {
    "errors",
    "dates",
    "model",
    "text",
    "codec",
    "rules",
    "query",
    "edit",
    "timeline",
    "diff",
    "checks",
    "schema",
}
ALLOWED_THIRD_PARTY = {
    "cli": {"typer"},
    "commands": {"typer"},
    "render": {"rich"},
    "console": {"rich"},
    "ledger": {"tomli", "tomllib", "tomli_w", "filelock"},
}
FORBIDDEN_IN_CORE = {
    "os",
    "sys",
    "subprocess",
    "pathlib",
    "shutil",
    "time",
    "typer",
    "rich",
    "tomli",
    "tomllib",
    "tomli_w",
}


def _type_checking_only(tree: ast.Module) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for child in ast.walk(node))
    return skipped


def imports_of(path: Path) -> set[str]:
    """Top-level names a module imports at run time (``if TYPE_CHECKING:`` blocks excluded)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree)
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


MODULES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_third_party_imports_stay_in_their_module(path: Path) -> None:
    key = "commands" if path.parent.name == "commands" else path.stem
    third_party = imports_of(path) - set(sys.stdlib_module_names) - {"ilrs_cli"}
    assert third_party <= ALLOWED_THIRD_PARTY.get(key, set()), f"{path.name} imports {third_party}"


@pytest.mark.parametrize("path", [p for p in MODULES if p.stem in CORE and p.parent == SRC], ids=lambda p: p.stem)
def test_core_does_no_io_and_reads_no_clock(path: Path) -> None:
    assert not imports_of(path) & FORBIDDEN_IN_CORE
    source = path.read_text(encoding="utf-8")
    for banned in ("today()", "now()", "print(", "environ", "open("):
        assert banned not in source, f"{path.name} uses {banned}"


def test_nothing_imports_the_cli_but_main_and_commands() -> None:
    for path in MODULES:
        if path.stem in ("__main__", "cli") or path.parent.name == "commands":
            continue
        assert "ilrs_cli.cli" not in path.read_text(encoding="utf-8"), path.name


def test_piped_list_imports_neither_rich_nor_pydantic() -> None:
    code = (
        "import sys\n"
        "from ilrs_cli.cli import app, load_commands\n"
        "load_commands(['list'])\n"
        "app(args=['list', '--format', 'tsv'], prog_name='ilrs', standalone_mode=False)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('rich', 'pydantic', 'tomli_w', 'filelock')]\n"
        "sys.stderr.write(repr(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.stderr == "[]"
    assert result.stdout.startswith("id\tname\tkind")


def test_table_output_does_import_rich() -> None:
    code = (
        "import sys\n"
        "from ilrs_cli.cli import app, load_commands\n"
        "load_commands(['list'])\n"
        "app(args=['list', '--format', 'table'], prog_name='ilrs', standalone_mode=False)\n"
        "sys.stderr.write(str('rich' in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.stderr == "True"
