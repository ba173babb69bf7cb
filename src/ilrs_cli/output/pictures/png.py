"""PNG from the SVG, through resvg (a Rust renderer in a self-contained wheel: no Cairo, no browser)."""

from __future__ import annotations

import resvg_py

PNG_WIDTH = 1400  # twice the design width: sharp on high-density screens and in print


def to_png(svg: str, width: int = PNG_WIDTH) -> bytes:
    """Render ``svg`` to PNG bytes ``width`` pixels wide, with the system's fonts."""
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, width=width))
