"""The figure of each page: one small function per kind of page, the one place figures come from.

This is the hook for new figures. Each function asks :mod:`meridian.draw` for the drawing it
wants by name (``getattr(meridian.draw, "draw_point", None)``) and falls back to what exists:

============  ======================================================================================
page          figure
============  ======================================================================================
point         ``draw_point(G, code)``, the locator figure; until it exists, the back chart with the
              point highlighted for a point drawn on it, else none
channel       ``draw_channel(G, code)``: the course on the body, or the list-style diagram it
              replaces; ``draw_channel_index(G, code)`` when ``draw_channel`` cannot draw the group
organ         the back chart (``draw_back``) with the organ's points highlighted, and the front
              chart (``draw_front``) with its front-mu point, each when the organ has points there
============  ======================================================================================

Every figure is rendered as SVG with a transparent background (``render(fig, "svg",
transparent=True)``), so the page's theme shows through it. The functions run in worker
processes; only they import matplotlib.

Examples
--------
>>> from meridian import build_graph
>>> G = build_graph()
>>> [f.name for f in organ_figures(G, "lung")]
['organ/lung-back', 'organ/lung-front']
>>> figure_for_channel(G, "GV")[:5]
b'<?xml'
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any, NamedTuple

from ..errors import MeridianError
from ..graph.core import node_id, point_of

__all__ = [
    "Drawn",
    "channel_figures",
    "figure_for_channel",
    "figure_for_organ",
    "figure_for_point",
    "organ_figures",
    "point_figures",
    "render_svg",
]


class Drawn(NamedTuple):
    """A figure of a page: the path of its file under ``fig/`` (no suffix), its SVG, the drawing."""

    name: str
    svg: bytes
    drawing: Any


def _draw() -> ModuleType:
    return importlib.import_module("meridian.draw")


def render_svg(drawing: Any) -> bytes:
    """The SVG bytes of a drawing, with a transparent background."""
    data: bytes = _draw().render(drawing, "svg", transparent=True)
    return data


def _back_chart(G: Any, highlight: list[str]) -> Any:
    """The back chart: drawn straight to SVG where meridian can, else with matplotlib."""
    try:
        from ..draw.back_svg import BackDrawing
    except ImportError:
        return _draw().draw_back(G, highlight=highlight)
    return BackDrawing(G, highlight=highlight)


def _drawn(svg: bytes, gid: str) -> bool:
    return f'<g id="{gid}" '.encode() in svg


def _figure(name: str, drawing: Any) -> Drawn:
    return Drawn(name, render_svg(drawing), drawing)


def point_figures(G: Any, code: str) -> list[Drawn]:
    """The figure of a point's page: its locator figure (``draw_point``), or, until that exists,
    the back chart with the point highlighted when the point is drawn there."""
    draw = _draw()
    draw_point = getattr(draw, "draw_point", None)
    if draw_point is not None:
        return [_figure(f"point/{code}", draw_point(G, code))]
    if point_of(G, code).location.frame != "back":
        return []
    try:
        shown = _figure(f"point/{code}", _back_chart(G, [code]))
    except MeridianError:  # a back point outside the chart's levels
        return []
    return [shown] if _drawn(shown.svg, code) else []


def channel_figures(G: Any, code: str) -> list[Drawn]:
    """The figure of a channel's page: its course (``draw_channel``), or its index diagram."""
    draw = _draw()
    try:
        return [_figure(f"channel/{code}", draw.draw_channel(G, code))]
    except MeridianError:  # e.g. a group of extra points, which has no course
        index = getattr(draw, "draw_channel_index", None)
        return [_figure(f"channel/{code}", index(G, code))] if index is not None else []


def _related(G: Any, organ: str, relations: tuple[str, ...]) -> list[str]:
    return sorted(
        G.nodes[u]["code"]
        for u, _, key in G.in_edges(node_id("organ", organ), keys=True)
        if key in relations and G.nodes[u]["kind"] == "point"
    )


def organ_figures(G: Any, organ: str) -> list[Drawn]:
    """The figures of an organ's page: the back chart with its back points highlighted, and the
    front chart (``draw_front``, when it exists) with its front-mu point."""
    draw = _draw()
    out: list[Drawn] = []
    back = [
        c for c in _related(G, organ, ("back_shu_of", "spirit_of")) if point_of(G, c).location.frame == "back"
    ]
    if back:
        shown = _figure(f"organ/{organ}-back", _back_chart(G, [organ]))
        if any(_drawn(shown.svg, c) for c in back):
            out.append(shown)
    draw_front = getattr(draw, "draw_front", None)
    if draw_front is not None and _related(G, organ, ("front_mu_of",)):
        out.append(_figure(f"organ/{organ}-front", draw_front(G, highlight=[organ])))
    return out


def _first(figures: list[Drawn]) -> bytes | None:
    return figures[0].svg if figures else None


def figure_for_point(G: Any, code: str) -> bytes | None:
    """The SVG of a point's figure, or None when there is none yet."""
    return _first(point_figures(G, code))


def figure_for_channel(G: Any, code: str) -> bytes | None:
    """The SVG of a channel's figure, or None."""
    return _first(channel_figures(G, code))


def figure_for_organ(G: Any, organ: str) -> bytes | None:
    """The SVG of an organ's first figure (the back chart), or None."""
    return _first(organ_figures(G, organ))
