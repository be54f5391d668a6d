"""Figures on the body as data: panels of views with their outline, points, paths and labels.

A :class:`BodyFigure` is everything a body figure draws (a channel's course, a point's locator,
the front chart), computed without matplotlib; :mod:`meridian.draw` renders it and
:func:`figure_json` writes it as the layout a website or a test can read: ``{"panels": [{"view",
"points": [{"code", "side", "x", "y", "label", "highlighted", ...}], "paths": [...], ...}]}`` in
the view's units with y pointing up.

Examples
--------
>>> from meridian import build_graph
>>> from meridian.figures.locator import point_figure
>>> data = figure_json(point_figure(build_graph(), "ST36"))
>>> panel = data["panels"][0]
>>> panel["view"], [(p["code"], p["side"]) for p in panel["points"] if p["highlighted"]]
('anterior', [('ST36', 'right'), ('ST36', 'left')])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..graph.core import point_of
from .geometry import VIEWS, best_view, place
from .labels import Box, label_box, text_width
from .outlines import Shape, view_shapes

__all__ = [
    "BodyFigure",
    "Dimension",
    "FigPath",
    "FigPoint",
    "Panel",
    "figure_json",
    "label_points",
    "placed_copies",
    "point_side_copies",
    "views_figure",
]

XY = tuple[float, float]


@dataclass(frozen=True, slots=True)
class FigLabel:
    """A label's text, anchor, alignment and box (x0, y0, x1, y1; y up)."""

    text: str
    x: float
    y: float
    ha: str
    box: tuple[float, float, float, float]
    leader: bool = False


@dataclass(frozen=True, slots=True)
class FigPoint:
    """One drawn copy of a point on a panel."""

    code: str
    side: str
    x: float
    y: float
    label: FigLabel | None = None
    highlighted: bool = False
    colour: str | None = None  # the organ (or "finding", "main") that colours a highlighted point
    classes: tuple[str, ...] = ()
    title: str = ""
    size: float = 1.0


@dataclass(frozen=True, slots=True)
class FigPath:
    """A line drawn through points: a channel's course (smooth) or a guide."""

    name: str
    points: tuple[XY, ...]
    smooth: bool = True
    dashed: bool = False
    classes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Dimension:
    """A B-cun dimension line from ``start`` to ``end`` with its text."""

    start: XY
    end: XY
    text: str
    label: FigLabel | None = None
    via: tuple[XY, ...] = ()  # the places a curved measure passes through (over the head), else ()


@dataclass(frozen=True, slots=True)
class Panel:
    """One view of the body, cropped to ``bounds`` (x0, y0, x1, y1)."""

    view: str
    title: str
    bounds: tuple[float, float, float, float]
    shapes: tuple[Shape, ...]
    points: tuple[FigPoint, ...] = ()
    paths: tuple[FigPath, ...] = ()
    dimensions: tuple[Dimension, ...] = ()
    landmarks: tuple[tuple[str, float, float], ...] = ()
    sides: tuple[tuple[str, float, float], ...] = ()
    label_height: float = 1.0


@dataclass(frozen=True, slots=True)
class BodyFigure:
    """A figure of one or more panels, with a title, a caption and legend entries."""

    kind: str
    title: str
    caption: str
    panels: tuple[Panel, ...]
    legend: tuple[tuple[str, str], ...] = ()  # (colour key, words)
    notes: tuple[str, ...] = field(default=())


def point_side_copies(G: Any, code: str) -> tuple[str, ...]:
    """The sides a point is drawn on: ``("midline",)`` or ``("right", "left")``."""
    return ("midline",) if point_of(G, code).location.side == "midline" else ("right", "left")


def placed_copies(
    G: Any, code: str, view: str, sides: Iterable[str] | None = None
) -> list[tuple[str, float, float]]:
    """(side, x, y) of each copy of a point seen on ``view``."""
    loc = point_of(G, code).location
    out = []
    for side in sides if sides is not None else point_side_copies(G, code):
        got = place(loc.frame, loc.along, loc.across, side, view)
        if got is not None:
            out.append((side, got[0], got[1]))
    return out


def home_view(G: Any, code: str, views: Sequence[str]) -> str:
    """The view among ``views`` that shows the point most squarely."""
    loc = point_of(G, code).location
    return best_view(loc.frame, loc.along, loc.across, "midline" if loc.side == "midline" else "right", views)


def label_points(
    points: Sequence[FigPoint],
    wanted: Sequence[tuple[int, str]],
    height: float,
    bounds: tuple[float, float, float, float],
    *,
    obstacles: Sequence[tuple[float, float, float, float]] = (),
    reach: float = 3.0,
    columns: bool = True,
) -> list[FigPoint]:
    """Label the points ``wanted`` ((index, text), in priority order) where a label overlaps no
    other label, no point and stays inside ``bounds``; a label that finds no free place is left
    off (the point keeps its title). Near places are tried first, then a column at the panel's
    nearer edge with a leader line (``columns``). Returns the points with their labels."""
    dot = height * 0.32
    taken: list[tuple[float, float, float, float]] = [
        (p.x - dot, p.y - dot, p.x + dot, p.y + dot) for p in points
    ] + list(obstacles)
    out = list(points)
    gap = height * 0.45
    for index, text in wanted:
        p = points[index]
        width = text_width(text, height)
        found = None
        for ring in (0.0, 1.0, 2.0, reach):
            for dx, dy, ha in (
                (1, 0, "left"),
                (-1, 0, "right"),
                (1, 1, "left"),
                (-1, 1, "right"),
                (1, -1, "left"),
                (-1, -1, "right"),
                (0.3, 1.6, "left"),
                (0.3, -1.6, "left"),
            ):
                x = p.x + dx * (gap + ring * height)
                y = p.y + dy * (ring * height * 0.9 + (height * 0.2 if dy else 0.0))
                b: Box = label_box(x, -y, ha, width, height)
                box = (b.x0, -b.y1, b.x1, -b.y0)
                if not _inside(box, bounds) or any(_overlap(box, t, height * 0.12) for t in taken):
                    continue
                found = FigLabel(text, round(x, 3), round(y, 3), ha, _rbox(box), leader=ring >= 2.0)
                break
            if found:
                break
        if found is None and columns:
            found = _column_spot(p, text, width, height, bounds, taken)
        if found is not None:
            taken.append(found.box)
            out[index] = _with_label(p, found)
    return out


def _column_spot(
    p: FigPoint,
    text: str,
    width: float,
    height: float,
    bounds: tuple[float, float, float, float],
    taken: Sequence[tuple[float, float, float, float]],
) -> FigLabel | None:
    """A place in the column at the panel's nearer edge, level with the point or as close as
    free, reached by a leader line."""
    mid = (bounds[0] + bounds[2]) / 2
    right = p.x >= mid
    x = bounds[2] - width - height * 0.2 if right else bounds[0] + height * 0.2
    for k in range(0, 24):
        for dy in (0.0,) if k == 0 else (k * height * 1.05, -k * height * 1.05):
            b: Box = label_box(x, -(p.y + dy), "left", width, height)
            box = (b.x0, -b.y1, b.x1, -b.y0)
            if _inside(box, bounds) and not any(_overlap(box, t, height * 0.12) for t in taken):
                return FigLabel(text, round(x, 3), round(p.y + dy, 3), "left", _rbox(box), leader=True)
    return None


def _with_label(p: FigPoint, label: FigLabel) -> FigPoint:
    return FigPoint(p.code, p.side, p.x, p.y, label, p.highlighted, p.colour, p.classes, p.title, p.size)


def _rbox(b: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (round(b[0], 3), round(b[1], 3), round(b[2], 3), round(b[3], 3))


def _overlap(a: Sequence[float], b: Sequence[float], pad: float = 0.02) -> bool:
    return a[0] - pad < b[2] and b[0] < a[2] + pad and a[1] - pad < b[3] and b[1] < a[3] + pad


def _inside(box: Sequence[float], bounds: Sequence[float]) -> bool:
    return bounds[0] <= box[0] and box[2] <= bounds[2] and bounds[1] <= box[1] and box[3] <= bounds[3]


def crop(
    view: str, xs: Sequence[float], ys: Sequence[float], margin: float, aspect: float | None = None
) -> tuple[float, float, float, float]:
    """A box around the given places (``margin`` on every side), within the view and, when
    ``aspect`` (width / height) is given, widened to that shape."""
    vx0, vy0, vx1, vy1 = VIEWS[view].bounds
    x0, x1 = min(xs) - margin, max(xs) + margin
    y0, y1 = min(ys) - margin, max(ys) + margin
    if aspect is not None:
        w, h = x1 - x0, y1 - y0
        if w / h < aspect:
            grow = (h * aspect - w) / 2
            x0, x1 = x0 - grow, x1 + grow
        else:
            grow = (w / aspect - h) / 2
            y0, y1 = y0 - grow, y1 + grow
    return (round(max(vx0, x0), 3), round(max(vy0, y0), 3), round(min(vx1, x1), 3), round(min(vy1, y1), 3))


def _label_json(label: FigLabel | None) -> list[float] | None:
    return None if label is None else [*label.box]


def figure_json(fig: BodyFigure) -> dict[str, Any]:
    """The figure as JSON-ready data: panels with their points, paths and dimension lines."""
    panels = []
    for panel in fig.panels:
        panels.append(
            {
                "view": panel.view,
                "title": panel.title,
                "units": "cun",
                "bounds": list(panel.bounds),
                "points": [
                    {
                        "code": p.code,
                        "side": p.side,
                        "x": round(p.x, 3),
                        "y": round(p.y, 3),
                        "label": _label_json(p.label),
                        "text": None if p.label is None else p.label.text,
                        "highlighted": p.highlighted,
                        "classes": list(p.classes),
                    }
                    for p in panel.points
                ],
                "paths": [
                    {
                        "name": q.name,
                        "points": [[round(x, 3), round(y, 3)] for x, y in q.points],
                        "smooth": q.smooth,
                        "dashed": q.dashed,
                    }
                    for q in panel.paths
                ],
                "dimensions": [
                    {
                        "from": list(d.start),
                        "to": list(d.end),
                        "text": d.text,
                        "label": _label_json(d.label),
                        "via": [list(v) for v in d.via],
                    }
                    for d in panel.dimensions
                ],
                "landmarks": [{"name": n, "x": x, "y": y} for n, x, y in panel.landmarks],
            }
        )
    return {
        "kind": fig.kind,
        "title": fig.title,
        "caption": fig.caption,
        "panels": panels,
        "legend": [{"key": k, "text": t} for k, t in fig.legend],
    }


def views_figure() -> BodyFigure:
    """The body views themselves, with their outlines and landmarks and no points.

    Examples
    --------
    >>> [p.view for p in views_figure().panels]
    ['anterior', 'posterior', 'lateral', 'medial', 'head_front', 'head_side', 'head_top']
    """
    from .geometry import BODY_VIEWS, HEAD_VIEWS

    panels = []
    for view in (*BODY_VIEWS, *HEAD_VIEWS):
        height = 1.6 if view in BODY_VIEWS else 0.6
        panels.append(
            Panel(view, VIEWS[view].title, VIEWS[view].bounds, view_shapes(view), label_height=height)
        )
    return BodyFigure(
        "views",
        "The body views",
        "The views every figure on the body is drawn on: front, back, right side, the inner side of "
        "the right leg, and the head from the front, the side and above.",
        tuple(panels),
    )
