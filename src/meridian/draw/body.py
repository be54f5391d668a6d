"""Figures on the body with matplotlib (PNG, PDF, and an Axes to work with in a notebook).

The layouts come from :mod:`meridian.figures` and the page from :mod:`meridian.draw.page`; this
module only draws them, each panel on its own Axes. The functions a user calls
(:func:`draw_channel`, :func:`draw_point`, :func:`draw_front`, :func:`draw_views`) return a
:class:`~meridian.draw.drawing.Drawing`, which shows itself in Jupyter, saves SVG without
matplotlib and builds this module's figure when PNG, PDF or the Axes are wanted.

Examples
--------
>>> from meridian import build_graph
>>> from meridian.figures.locator import point_figure
>>> ax = draw_body(point_figure(build_graph(), "ST36", hanzi=False))
>>> sorted(a.get_gid() for a in ax.get_children() if (a.get_gid() or "").startswith("ST36"))
['ST36', 'ST36-L']
"""

from __future__ import annotations

from typing import Any

from ..figures.body import BodyFigure, FigPoint, Panel
from .common import (
    CAUTION_COLOURS,
    INK,
    MUTED,
    attach,
    chart_axes,
    cjk_font,
    describe,
    font_family,
    new_figure,
    plain_text,
)
from .page import (
    BONE,
    EDGE,
    FONT,
    LINE,
    SKIN,
    Page,
    caution_ring,
    channel_colour,
    dot_size,
    page,
    point_classes,
    point_colour,
    point_ids,
    sides_of,
    smooth,
)

__all__ = ["draw_body", "draw_channel", "draw_front", "draw_point", "draw_views"]


def _path(points: tuple[tuple[float, float], ...]) -> Any:
    from matplotlib.path import Path

    if len(points) < 3:
        return Path(points)
    verts, codes = [points[0]], [Path.MOVETO]
    for c1, c2, end in smooth(points):
        verts += [c1, c2, end]
        codes += [Path.CURVE4] * 3
    return Path(verts, codes)


def _shapes(ax: Any, panel: Panel) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon

    for s in panel.shapes:
        if s.kind == "body":
            ax.add_patch(Polygon(s.points, closed=True, facecolor=SKIN, edgecolor=EDGE, lw=0.6, zorder=1))
        elif s.kind == "bone":
            ax.add_patch(Polygon(s.points, closed=s.closed, fill=False, edgecolor=BONE, lw=0.6, zorder=2))
        else:
            x, y = s.points[0]
            ax.add_line(Line2D([x], [y], marker="+", ms=3, mew=0.6, color=BONE, zorder=2))


def _point(ax: Any, p: FigPoint, gid: str, family: list[str]) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.text import Text

    size = dot_size(p)
    children: list[Any] = [
        Line2D([p.x], [p.y], marker="o", ms=size, mfc=point_colour(p), mec="white", mew=0.4, ls="none")
    ]
    flag = caution_ring(p)
    if flag:
        ring = Line2D([p.x], [p.y], marker="o", ms=size + 3, mfc="none", mec=CAUTION_COLOURS[flag], mew=0.9)
        children.append(ring)
    if p.label is not None:
        L = p.label
        weight = "bold" if p.highlighted else "normal"
        children.append(Text(L.x, L.y, L.text, ha=L.ha, va="center", fontsize=FONT, color=INK, family=family,
                             fontweight=weight))  # fmt: skip
        if L.leader:
            end = L.box[2] if p.x > L.box[2] else L.box[0]
            children.append(Line2D([p.x, end], [p.y, L.y], lw=0.35, color=MUTED))
    attach(ax, children, gid, p.title or p.code, zorder=6 if p.highlighted else 5, classes=point_classes(p))
    for child in children:  # labels are placed inside the panel: no clip path per element (lighter SVG)
        child.set_clip_on(False)


def _measures(ax: Any, panel: Panel, family: list[str]) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    for _name, x, y in panel.landmarks:
        ax.add_line(Line2D([x], [y], marker="D", ms=2.6, color=BONE, ls="none", zorder=2))
    for d in panel.dimensions:
        if d.via:  # a measure over a curve: the curve, with dots at its ends
            ax.add_line(Line2D([v[0] for v in d.via], [v[1] for v in d.via], lw=0.7, color=INK, zorder=4))
            ends = Line2D(
                [d.start[0], d.end[0]], [d.start[1], d.end[1]], marker="o", ms=2, color=INK, ls="none"
            )
            ax.add_line(ends)
        else:
            arrow = FancyArrowPatch(d.start, d.end, arrowstyle="<->", mutation_scale=6, lw=0.7, color=INK)
            ax.add_patch(arrow)
        if d.label is not None:
            ax.text(d.label.x, d.label.y, d.label.text, ha=d.label.ha, va="center", fontsize=FONT, color=INK,
                    family=family, zorder=4)  # fmt: skip


def _panel(ax: Any, panel: Panel, ids: list[str], family: list[str]) -> None:
    from matplotlib.patches import PathPatch

    x0, y0, x1, y1 = panel.bounds
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(panel.title, fontsize=FONT + 0.5, color=MUTED, family=family)
    _shapes(ax, panel)
    for q in panel.paths:
        colour, style = channel_colour(q.name), "--" if q.dashed else "-"
        line = PathPatch(_path(q.points), fill=False, edgecolor=colour, lw=1.1, zorder=3, linestyle=style)
        ax.add_patch(line)
    _measures(ax, panel, family)
    letters = sides_of(panel)
    if letters:
        for text, x, ha in ((letters[0], x0, "left"), (letters[1], x1, "right")):
            ax.text(x, y1, text, ha=ha, va="top", fontsize=FONT + 1, color=MUTED, family=family)
    for p, gid in zip(panel.points, ids, strict=True):
        _point(ax, p, gid, family)


def _words(fig: Any, pg: Page, figure: BodyFigure, family: list[str]) -> None:
    """Title, legend and caption, at the places the page gives them."""
    from matplotlib.lines import Line2D

    W, H = pg.width, pg.height
    fig.text(
        0.25 / W, 1 - pg.title_y / H, figure.title, fontsize=FONT + 3, color=INK, family=family, va="top"
    )
    y = 1 - pg.legend_y / H
    for item in pg.legend:
        x = item.x / W
        if item.line:
            fig.add_artist(
                Line2D([x, x + 0.18 / W], [y, y], color=item.colour, lw=1.4, transform=fig.transFigure)
            )
        else:
            dot = Line2D(
                [x + 0.09 / W],
                [y],
                marker="o",
                ms=4.5,
                color=item.colour,
                ls="none",
                transform=fig.transFigure,
            )
            fig.add_artist(dot)
        fig.text(x + 0.24 / W, y, item.words, fontsize=FONT, color=INK, family=family, va="center")
    for i, line in enumerate(pg.caption):
        fig.text(0.25 / W, 1 - (pg.caption_y + i * LINE) / H, line, fontsize=FONT, color=INK, family=family,
                 va="top")  # fmt: skip


def draw_body(figure: BodyFigure) -> Any:
    """Draw a body figure with matplotlib; returns the first panel's Axes (``.figure`` is the
    whole figure; in Jupyter it shows itself)."""
    # every text of the figure: a course's point labels carry the characters when its title does not
    labels = [p.label.text for panel in figure.panels for p in panel.points if p.label is not None]
    text = " ".join([figure.title, figure.caption, *figure.notes, *labels, *(w for _, w in figure.legend)])
    family = font_family(cjk_font() is not None and any(ord(ch) >= 0x2E80 for ch in text))
    pg = page(figure)
    fig = new_figure(pg.width, pg.height)
    axes_type = chart_axes()
    first = None
    for box, ids in zip(pg.panels, point_ids(figure), strict=True):
        rect = (box.x / pg.width, 1 - (box.y + box.h) / pg.height, box.w / pg.width, box.h / pg.height)
        ax = axes_type(fig, rect)
        fig.add_axes(ax)
        _panel(ax, box.panel, ids, family)
        first = first or ax
    assert first is not None
    _words(fig, pg, figure, family)
    describe(first, figure.title, figure.caption)
    plain_text(fig)
    return first


def _drawing(build: Any) -> Any:
    from .drawing import Drawing

    drawing = Drawing(build)
    _ = drawing.layout  # lay it out now, so a bad name is refused at the call
    return drawing


def draw_channel(G: Any, code: str) -> Any:
    """The course of a channel on the body (see :func:`meridian.figures.course.course_figure`)."""
    from ..figures.course import course_figure

    return _drawing(lambda hanzi: course_figure(G, code, hanzi=hanzi))


def draw_point(G: Any, code: str) -> Any:
    """The locator figure of a point (see :func:`meridian.figures.locator.point_figure`)."""
    from ..figures.locator import point_figure

    return _drawing(lambda hanzi: point_figure(G, code, hanzi=hanzi))


def draw_views() -> Any:
    """The body views with their outlines and landmarks (:func:`meridian.figures.body.views_figure`)."""
    from ..figures.body import views_figure

    return _drawing(lambda hanzi: views_figure())


def draw_front(G: Any, *, highlight: Any = (), findings: Any = ()) -> Any:
    """The front chart (see :func:`meridian.figures.front.front_figure`)."""
    from ..figures.front import front_figure

    wanted, felt = list(highlight), list(findings)
    return _drawing(lambda hanzi: front_figure(G, highlight=wanted, findings=felt))
