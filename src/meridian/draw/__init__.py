"""Drawing: meridian's figures with matplotlib, and deterministic files.

This package is the only part of meridian that uses matplotlib, and it imports it inside the
functions, so ``import meridian`` stays cheap. Positions come from :mod:`meridian.figures`; the
functions here only draw. Each takes ``ax=None`` (a new figure sized for the diagram) or an Axes
to draw into, and returns the Axes, so notebooks can compose diagrams.

One module per kind of figure: :mod:`~meridian.draw.back` (the back chart) and
:mod:`~meridian.draw.index` (a channel's points in order, by region); what they share is in
:mod:`~meridian.draw.common`, and :mod:`~meridian.draw.output` writes files.
:mod:`~meridian.draw.body` draws the figures on the body: :func:`draw_channel` (a channel's
course), :func:`draw_point` (a point's locator figure) and :func:`draw_front` (the front chart).

:func:`save` writes SVG, PNG or PDF, chosen by the file's suffix, byte for byte the same for the
same input. In an SVG, every point is a group (``<g id="BL13">``) holding its marker and label,
with a ``<title>`` tooltip; on the back chart the right-hand copy of a bilateral point has the
bare code as its id and the left-hand copy the code with ``-L`` (``BL13-L``).

Examples
--------
>>> from meridian import build_graph
>>> G = build_graph()
>>> ax = draw_back(G, highlight=["lung"])
>>> marker = point_marker(ax, "BL13")
>>> marker.get_markerfacecolor() == ORGAN_COLOURS["lung"]
True
>>> render(draw_channel_index(G, "GV"))[:5]
b'<?xml'
"""

from __future__ import annotations

from .back import draw_back
from .back_svg import BackDrawing, back_svg
from .body import draw_body, draw_channel, draw_front, draw_point, draw_views
from .common import CHANNEL_COLOURS, ORGAN_COLOURS, cjk_font, point_marker
from .drawing import Drawing
from .index import CATEGORY_COLOURS, draw_channel_index
from .output import DPI_RANGE, SAVE_FORMATS, render, save
from .page import BODY_CHANNEL_COLOURS
from .svg import figure_svg

__all__ = [
    "BODY_CHANNEL_COLOURS",
    "CATEGORY_COLOURS",
    "CHANNEL_COLOURS",
    "DPI_RANGE",
    "ORGAN_COLOURS",
    "SAVE_FORMATS",
    "BackDrawing",
    "Drawing",
    "back_svg",
    "cjk_font",
    "draw_back",
    "draw_body",
    "draw_channel",
    "draw_channel_index",
    "draw_front",
    "draw_point",
    "draw_views",
    "figure_svg",
    "point_marker",
    "render",
    "save",
]
