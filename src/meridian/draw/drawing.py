"""A figure on the body as a user holds it: it shows itself in Jupyter, saves itself, and gives the
matplotlib Figure and Axes when asked.

SVG is written straight from the layout by :mod:`meridian.draw.svg`, without importing matplotlib
(a command that writes one SVG starts and ends quickly, and a site of 409 locator figures builds
in seconds); PNG and PDF are drawn by :mod:`meridian.draw.body` with matplotlib. Characters go into
an SVG always (the reader's browser has the fonts) and into PNG and PDF when a CJK font is
installed here.

Examples
--------
>>> from meridian import build_graph
>>> from meridian.draw import draw_point
>>> d = draw_point(build_graph(), "LI4")
>>> d._repr_svg_()[:5], d.layout.panels[0].view
('<?xml', 'posterior')
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

from ..figures.body import BodyFigure

__all__ = ["Drawing"]


class Drawing:
    """A figure on the body: ``layout`` (the data), ``figure``/``ax`` (matplotlib, built when first
    asked for), :meth:`save`, and inline display in Jupyter."""

    def __init__(self, build: Callable[[bool], BodyFigure]) -> None:
        self._build = build

    @cached_property
    def layout(self) -> BodyFigure:
        """The figure as data, with characters in its labels (as the SVG has it)."""
        return self._build(True)

    @cached_property
    def ax(self) -> Any:
        """The matplotlib Axes of the first panel (characters only with a CJK font installed)."""
        from .body import draw_body
        from .common import cjk_font

        return draw_body(self.layout if cjk_font() is not None else self._build(False))

    @property
    def figure(self) -> Any:
        """The matplotlib Figure."""
        return self.ax.figure

    def svg(self, *, transparent: bool = False) -> bytes:
        """The SVG bytes (no matplotlib involved)."""
        from .svg import figure_svg

        return figure_svg(self.layout, transparent=transparent)

    def _repr_svg_(self) -> str:
        return self.svg().decode("utf-8")

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"image/svg+xml": self._repr_svg_(), "text/plain": f"<{self.layout.title}>"}

    def save(self, path: str | os.PathLike[str], *, dpi: float = 150, transparent: bool = False) -> Path:
        """Write the figure to ``path`` as SVG, PNG or PDF (see :func:`meridian.draw.save`)."""
        from .output import save

        return save(self, path, dpi=dpi, transparent=transparent)

    def __repr__(self) -> str:
        return f"<Drawing: {self.layout.title}>"
