"""Figures that show themselves: the Axes meridian draws on display inline in Jupyter.

A drawing function returns the Axes it drew on. In a notebook, an Axes that meridian made itself
shows the whole figure as SVG when it is the last value of a cell, and saves itself with
``ax.save(path)``; ``ax.figure`` is the matplotlib Figure, as always.

Examples
--------
>>> from meridian import build_graph
>>> from meridian.draw import draw_channel_index
>>> ax = draw_channel_index(build_graph(), "GV")
>>> ax._repr_svg_()[:5], type(ax).__name__
('<?xml', 'ChartAxes')
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from matplotlib.axes import Axes

__all__ = ["ChartAxes"]


class ChartAxes(Axes):
    """The Axes of a figure meridian drew: shown inline in Jupyter, and able to save itself."""

    name = "meridian-chart"

    def _repr_svg_(self) -> str:
        from .draw import render

        return render(self, "svg").decode("utf-8")

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {
            "image/svg+xml": self._repr_svg_(),
            "text/plain": f"<{self.get_title() or 'meridian figure'}>",
        }

    def save(self, path: str | os.PathLike[str], *, dpi: float = 150) -> Path:
        """Write the figure to ``path`` as SVG, PNG or PDF (see :func:`meridian.draw.save`)."""
        from .draw import save

        return save(self, path, dpi=dpi)
