"""Import rules: the core is pure; typer, rich and TOML each stay in their own module."""

from __future__ import annotations

import ast
import functools
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "ilrs_cli"
# The folders are the layers: core (pure), store (files, TOML, git), output (streams), commands (typer).
ALLOWED_THIRD_PARTY = {
    "cli.py": {"typer"},
    "commands": {"typer"},
    "output/render.py": {"rich"},
    "output/console.py": {"rich"},
    "output/pictures/png.py": {"resvg_py"},
    "store": {"filelock"},
    "store/toml.py": {"tomli", "tomllib"},
}
# The TOML boundary is one module: nothing else parses or writes TOML (tomllib is in the standard library,
# so the third-party fence above does not see it).
TOML_LIBRARIES = {"tomli", "tomllib", "tomli_w"}
TOML_BOUNDARY = "store/toml.py"
# What each layer may import of the others (the core none but itself).
ALLOWED_LAYERS = {
    "core": {"core"},
    "store": {"core", "store"},
    "output": {"core", "output"},
    "commands": {"core", "store", "output", "commands"},
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


def _rules_key(path: Path) -> str:
    relative = path.relative_to(SRC).as_posix()
    return relative if relative in ALLOWED_THIRD_PARTY else relative.split("/")[0]


@functools.cache
def runtime_nodes(path: Path) -> tuple[ast.AST, ...]:
    """Every node of a module outside its ``if TYPE_CHECKING:`` blocks, parsed once for all the rules below."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for child in ast.walk(node))
    return tuple(node for node in ast.walk(tree) if id(node) not in skipped)


def imports_of(path: Path) -> set[str]:
    """Top-level names a module imports at run time (``if TYPE_CHECKING:`` blocks excluded)."""
    names: set[str] = set()
    for node in runtime_nodes(path):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


MODULES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_third_party_imports_stay_in_their_module(path: Path) -> None:
    third_party = imports_of(path) - set(sys.stdlib_module_names) - {"ilrs_cli"}
    assert third_party <= ALLOWED_THIRD_PARTY.get(_rules_key(path), set()), f"{path.name} imports {third_party}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_only_the_toml_boundary_imports_a_toml_library(path: Path) -> None:
    if path.relative_to(SRC).as_posix() != TOML_BOUNDARY:
        assert not imports_of(path) & TOML_LIBRARIES, f"{path.name} imports a TOML library"


def layers_imported(path: Path) -> set[str]:
    """The ilrs_cli sub-packages (layers) a module imports, lazily or not, typing-only imports excluded."""
    found: set[str] = set()
    for node in runtime_nodes(path):
        if not isinstance(node, ast.ImportFrom) or not node.module:
            continue
        parts = node.module.split(".")
        if parts[0] != "ilrs_cli":
            continue
        if len(parts) > 1:
            found.add(parts[1])
        else:
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("path", [p for p in MODULES if p.parent != SRC], ids=lambda p: str(p.relative_to(SRC)))
def test_layers_import_only_the_layers_below(path: Path) -> None:
    layer = path.relative_to(SRC).parts[0]
    imported = layers_imported(path) - {"__version__"}
    assert imported <= ALLOWED_LAYERS[layer], f"{path.relative_to(SRC)} imports {imported - ALLOWED_LAYERS[layer]}"


@pytest.mark.parametrize("path", sorted((SRC / "core").glob("*.py")), ids=lambda p: p.stem)
def test_core_does_no_io_and_reads_no_clock(path: Path) -> None:
    assert not imports_of(path) & FORBIDDEN_IN_CORE
    source = path.read_text(encoding="utf-8")
    for banned in ("today()", "now()", "print(", "environ", "open("):
        assert banned not in source, f"{path.name} uses {banned}"


def test_nothing_imports_the_cli_but_main_and_commands() -> None:
    for path in MODULES:
        if path.stem in ("__main__", "launch", "cli") or path.parent.name == "commands":  # launch: the entry point
            continue
        assert "ilrs_cli.cli" not in path.read_text(encoding="utf-8"), path.name


# Picture libraries, and the modules that use them: none belongs on the piped path.
PICTURE_MODULES = ("resvg_py", "pygal", "pygal_maps_world", "xml")


def test_piped_list_imports_neither_rich_nor_pydantic() -> None:
    code = (
        "import sys\n"
        f"PICTURES = {PICTURE_MODULES!r}\n"
        "from ilrs_cli.cli import app, load_commands\n"
        "load_commands(['list'])\n"
        "app(args=['list', '--format', 'tsv'], prog_name='ilrs', standalone_mode=False)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('rich', 'pydantic', 'tomli_w', 'filelock')]\n"
        "bad += [m for m in sys.modules if m.split('.')[0] in PICTURES or m.startswith('ilrs_cli.output.pictures')]\n"
        "bad += [m for m in ('ilrs_cli.store.lexer', 'hashlib') if m in sys.modules]  # a clean read needs neither\n"
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


def test_a_picture_imports_no_terminal_library_and_svg_no_png_library() -> None:
    code = (
        "import sys\n"
        "from ilrs_cli.cli import app, load_commands\n"
        "load_commands(['chart'])\n"
        "app(args=['chart', '--as-of', '2024-12-31'], prog_name='ilrs', standalone_mode=False)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('rich', 'pydantic', 'resvg_py', 'pygal')]\n"
        "sys.stderr.write(repr(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.stderr == "[]"
    assert result.stdout.startswith("<?xml")
