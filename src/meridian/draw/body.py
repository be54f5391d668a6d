"""Drawing figures on the body: a channel's course, a point's locator figure and the front chart.

The layouts come from :mod:`meridian.figures` (:func:`~meridian.figures.course.course_figure`,
:func:`~meridian.figures.locator.point_figure`, :func:`~meridian.figures.front.front_figure`);
this module only draws them: each panel on its own Axes at a scale that sets every label at the
same type size. Each point is an SVG group (``<g id="ST36">``, ``ST36-L`` for the left copy) with
class attributes, a ``<title>``, ``tabindex`` and ``aria-label``.

Examples
--------
>>> from meridian import build_graph
>>> from meridian.draw.output import render
>>> ax = draw_point(build_graph(), "LI4")
>>> b'id="LI4' in render(ax, "svg")
True
"""

from __future__ import annotations

from typing import Any

from ..figures.body import BodyFigure, FigPoint, Panel
from .common import (
    CAUTION_COLOURS,
    CAUTION_ORDER,
    INK,
    MUTED,
    NO_ORGAN,
    ORGAN_COLOURS,
    attach,
    chart_axes,
    cjk_font,
    describe,
    font_family,
    new_figure,
    plain_text,
)

__all__ = ["BODY_CHANNEL_COLOURS", "draw_body", "draw_channel", "draw_front", "draw_point", "draw_views"]

#: Line colour of each channel on the body figures (a colour-blind-safe set, two channels a hue).
BODY_CHANNEL_COLOURS: dict[str, str] = {
    "LU": "#0072b2",
    "LI": "#56b4e9",
    "ST": "#d55e00",
    "SP": "#e69f00",
    "HT": "#cc3311",
    "SI": "#ee7733",
    "BL": "#2b6f97",
    "KI": "#1d3f8f",
    "PC": "#aa3377",
    "TE": "#cc6677",
    "GB": "#117733",
    "LR": "#44aa99",
    "GV": "#6a4c93",
    "CV": "#332288",
}
_SKIN, _EDGE, _BONE = "#f7f3ef", "#8a929c", "#b9ab9d"
_MAIN, _NEIGHBOUR, _OTHER = "#c1121f", "#2b6f97", "#9aa1a9"
_FONT = 7.5  # points: every label, whatever the panel's scale
_GAP = 0.25  # inches between panels and around them


def _channel_of(p: FigPoint) -> str:
    for c in p.classes:
        if c.startswith("channel-"):
            return c[len("channel-") :]
    return ""


def _point_colour(p: FigPoint) -> str:
    if "main" in p.classes:
        return _MAIN
    if p.highlighted:
        return ORGAN_COLOURS.get(p.colour or "", NO_ORGAN)
    if "neighbour" in p.classes:
        return _NEIGHBOUR
    if "other" in p.classes:
        return _OTHER
    return BODY_CHANNEL_COLOURS.get(_channel_of(p), INK)


def _smooth(points: tuple[tuple[float, float], ...]) -> Any:
    """A Catmull-Rom curve through the points, as Bezier segments."""
    from matplotlib.path import Path

    if len(points) < 3:
        return Path(points)
    ext = [points[0], *points, points[-1]]
    verts, codes = [points[0]], [Path.MOVETO]
    for i in range(1, len(ext) - 2):
        p0, p1, p2, p3 = ext[i - 1], ext[i], ext[i + 1], ext[i + 2]
        verts += [
            (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6),
            (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6),
            p2,
        ]
        codes += [Path.CURVE4] * 3
    return Path(verts, codes)


def _shapes(ax: Any, panel: Panel) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon

    for s in panel.shapes:
        if s.kind == "body":
            ax.add_patch(
                Polygon(s.points, closed=True, facecolor=_SKIN, edgecolor=_EDGE, lw=0.6, zorder=1, gid=None)
            )
        elif s.kind == "bone":
            ax.add_patch(Polygon(s.points, closed=s.closed, fill=False, edgecolor=_BONE, lw=0.6, zorder=2))
        else:
            x, y = s.points[0]
            ax.add_line(Line2D([x], [y], marker="+", ms=3, mew=0.6, color=_BONE, zorder=2))


def _point(ax: Any, p: FigPoint, gid: str, family: list[str]) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.text import Text

    colour = _point_colour(p)
    size = 3.2 * p.size * (1.35 if p.highlighted else 1.0)
    children: list[Any] = [
        Line2D([p.x], [p.y], marker="o", ms=size, mfc=colour, mec="white", mew=0.4, ls="none")
    ]
    flags = [c[len("caution-") :] for c in p.classes if c.startswith("caution-")]
    flag = next((f for f in CAUTION_ORDER if f in flags), None)
    if flag and ("main" in p.classes or p.highlighted):
        children.append(
            Line2D(
                [p.x],
                [p.y],
                marker="o",
                ms=size + 3,
                mfc="none",
                mec=CAUTION_COLOURS[flag],
                mew=0.9,
                ls="none",
            )
        )
    if p.label is not None:
        L = p.label
        children.append(
            Text(
                L.x,
                L.y,
                L.text,
                ha=L.ha,
                va="center",
                fontsize=_FONT,
                color=INK,
                family=family,
                fontweight="bold" if p.highlighted else "normal",
            )
        )
        if L.leader:
            end = L.box[2] if p.x > L.box[2] else L.box[0]
            children.append(Line2D([p.x, end], [p.y, L.y], lw=0.35, color=MUTED))
    classes = " ".join(dict.fromkeys([*p.classes, p.side, *(("highlighted",) if p.highlighted else ())]))
    attach(ax, children, gid, p.title or p.code, zorder=6 if p.highlighted else 5, classes=classes)
    for child in children:  # labels are placed inside the panel: no clip path per element (lighter SVG)
        child.set_clip_on(False)


def _panel(ax: Any, panel: Panel, ids: set[str], family: list[str]) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, PathPatch

    x0, y0, x1, y1 = panel.bounds
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(panel.title, fontsize=_FONT + 0.5, color=MUTED, family=family)
    _shapes(ax, panel)
    for q in panel.paths:
        colour = BODY_CHANNEL_COLOURS.get(q.name.split()[0], MUTED)
        ax.add_patch(
            PathPatch(
                _smooth(q.points),
                fill=False,
                edgecolor=colour,
                lw=1.1,
                zorder=3,
                linestyle="--" if q.dashed else "-",
                gid=None,
            )
        )
    for _name, x, y in panel.landmarks:
        ax.add_line(Line2D([x], [y], marker="D", ms=2.6, color=_BONE, ls="none", zorder=2))
    for d in panel.dimensions:
        if d.via:  # a measure over a curve: the curve, with ticks at its ends
            ax.add_line(Line2D([v[0] for v in d.via], [v[1] for v in d.via], lw=0.7, color=INK, zorder=4))
            ax.add_line(
                Line2D(
                    [d.start[0], d.end[0]],
                    [d.start[1], d.end[1]],
                    marker="o",
                    ms=2,
                    color=INK,
                    ls="none",
                    zorder=4,
                )
            )
        else:
            ax.add_patch(
                FancyArrowPatch(
                    d.start, d.end, arrowstyle="<->", mutation_scale=6, lw=0.7, color=INK, zorder=4
                )
            )
        if d.label is not None:
            ax.text(
                d.label.x,
                d.label.y,
                d.label.text,
                ha=d.label.ha,
                va="center",
                fontsize=_FONT,
                color=INK,
                family=family,
                zorder=4,
            )
    if panel.view in ("anterior", "posterior", "head_front"):  # which side of the patient is where
        left, right = ("L", "R") if panel.view == "posterior" else ("R", "L")
        for text, x, ha in ((left, x0, "left"), (right, x1, "right")):
            ax.text(x, y1, text, ha=ha, va="top", fontsize=_FONT + 1, color=MUTED, family=family)
    for p in panel.points:
        gid = p.code + ("-L" if p.side == "left" else "")
        if gid in ids:
            gid = f"{gid}-{panel.view}"
        ids.add(gid)
        _point(ax, p, gid, family)


def draw_body(figure: BodyFigure) -> Any:
    """Draw a body figure; returns the first panel's Axes (``.figure`` is the whole figure)."""
    import textwrap

    text = " ".join([figure.title, figure.caption, *figure.notes])
    family = font_family(cjk_font() is not None and any(ord(ch) >= 0x2E80 for ch in text))
    scales = [_FONT / 72 / (p.label_height * 1.0) for p in figure.panels]
    widths = [(p.bounds[2] - p.bounds[0]) * s for p, s in zip(figure.panels, scales, strict=False)]
    heights = [(p.bounds[3] - p.bounds[1]) * s for p, s in zip(figure.panels, scales, strict=False)]
    width = max(sum(widths) + _GAP * (len(widths) + 1), len(figure.title) * (_FONT + 3) * 0.6 / 72 + 2 * _GAP)
    wrap = max(40, int(width * 72 / (_FONT * 0.55)))
    foot = [
        *textwrap.wrap(figure.caption, wrap),
        *(line for n in figure.notes for line in textwrap.wrap(n, wrap)),
    ]
    legend_h = 0.22 if figure.legend else 0.0
    top, bottom = 0.55, 0.15 + len(foot) * _FONT * 1.45 / 72 + legend_h
    height = max(heights) + top + bottom
    fig = new_figure(width, height)
    axes_type = chart_axes()
    first = None
    ids: set[str] = set()
    x = _GAP
    for panel, w, h in zip(figure.panels, widths, heights, strict=False):
        ax = axes_type(fig, (x / width, (bottom + max(heights) - h) / height, w / width, h / height))
        fig.add_axes(ax)
        _panel(ax, panel, ids, family)
        first = first or ax
        x += w + _GAP
    assert first is not None
    fig.text(
        _GAP / width, 1 - 0.2 / height, figure.title, fontsize=_FONT + 3, color=INK, family=family, va="top"
    )
    y = (bottom - legend_h - 0.05) / height
    for line in foot:
        fig.text(_GAP / width, y, line, fontsize=_FONT, color=INK, family=family, va="top")
        y -= _FONT * 1.45 / 72 / height
    _legend(fig, figure, width, height, bottom, family)
    describe(first, figure.title, figure.caption)
    plain_text(fig)
    return first


def _legend(
    fig: Any, figure: BodyFigure, width: float, height: float, bottom: float, family: list[str]
) -> None:
    from matplotlib.lines import Line2D

    x = _GAP / width
    y = (bottom - 0.08) / height
    for key, words in figure.legend:
        if key.startswith("channel-") or key == "channel":
            colour = BODY_CHANNEL_COLOURS.get(
                key.split("-", 1)[-1] if key != "channel" else words.split()[0], MUTED
            )
            fig.add_artist(
                Line2D([x, x + 0.18 / width], [y, y], color=colour, lw=1.4, transform=fig.transFigure)
            )
        else:
            colour = {"main": _MAIN, "neighbour": _NEIGHBOUR, "other": _OTHER, "front-mu": INK}.get(
                key, ORGAN_COLOURS.get(key.removeprefix("organ-"), NO_ORGAN)
            )
            fig.add_artist(
                Line2D(
                    [x + 0.09 / width],
                    [y],
                    marker="o",
                    ms=4.5,
                    color=colour,
                    ls="none",
                    transform=fig.transFigure,
                )
            )
        t = fig.text(x + 0.24 / width, y, words, fontsize=_FONT, color=INK, family=family, va="center")
        x += (0.36 + len(words) * _FONT * 0.55 / 72) / width
        del t
    return None


def draw_channel(G: Any, code: str, ax: Any = None) -> Any:
    """The course of a channel on the body (see :func:`meridian.figures.course.course_figure`)."""
    from ..figures.course import course_figure

    if ax is not None:
        from ..errors import UsageError

        raise UsageError("a course figure draws its own panels; call it without ax")
    return draw_body(course_figure(G, code, hanzi=cjk_font() is not None))


def draw_point(G: Any, code: str) -> Any:
    """The locator figure of a point (see :func:`meridian.figures.locator.point_figure`)."""
    from ..figures.locator import point_figure

    return draw_body(point_figure(G, code, hanzi=cjk_font() is not None))


def draw_views() -> Any:
    """The body views with their outlines and landmarks (see :func:`meridian.figures.body.views_figure`)."""
    from ..figures.body import views_figure

    return draw_body(views_figure())


def draw_front(G: Any, *, highlight: Any = (), findings: Any = ()) -> Any:
    """The front chart (see :func:`meridian.figures.front.front_figure`)."""
    from ..figures.front import front_figure

    return draw_body(front_figure(G, highlight=highlight, findings=findings))
