"""A locator figure for one point: the region close up, the point, its neighbours, the landmarks of
its frame and the B-cun dimension lines that place it, its side and its caution.

Examples
--------
>>> from meridian import build_graph
>>> fig = point_figure(build_graph(), "ST36")
>>> panel = fig.panels[0]
>>> panel.view, {"ST35", "ST36", "ST37"} <= {p.code for p in panel.points}
('anterior', True)
>>> for d in panel.dimensions:
...     print(d.text)
3 B-cun below ST35
2 B-cun forward of the lateral midline of the leg
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from weakref import WeakKeyDictionary

from ..graph.core import node_id, point_of
from ..model import Frame
from ..query.location import across_way
from ..query.points import channel_points
from .body import (
    BodyFigure,
    Dimension,
    FigLabel,
    FigPoint,
    Panel,
    crop,
    home_view,
    label_points,
    placed_copies,
)
from .geometry import BODY_VIEWS, HEAD_VIEWS, VIEWS, place
from .labels import label_box, text_width
from .outlines import view_shapes

__all__ = ["point_figure"]

_HEIGHT = {"body": 0.5, "head": 0.34}
_REACH = 7.0  # how far around the point (view units) neighbours and landmarks are shown


def _cun(value: float) -> str:
    return f"{abs(value):g}"


def _view_for(G: Any, code: str) -> str:
    frame = point_of(G, code).location.frame
    if frame in ("head", "head_lateral", "face"):
        return home_view(G, code, HEAD_VIEWS)
    return home_view(G, code, BODY_VIEWS)


def _dimensions(
    frame: Frame, loc: Any, side: str, view: str, height: float, near: Sequence[tuple[str, float]] = ()
) -> list[Dimension]:
    """The dimension lines that place the point: along its frame from the nearer of a neighbour
    on its channel in the same frame (``near``: code and along, "3 B-cun below ST35") and the
    landmark at 0 (the level on the back), and across from the frame's zero line."""
    out = []

    def at(along: float, across: float) -> tuple[float, float] | None:
        got = place(frame.id, along, across, side, view, hidden=-1.0)
        return None if got is None else (round(got[0], 3), round(got[1], 3))

    origin, name, best = 0.0, f"the {frame.along.start}", abs(loc.along)
    for code, along in near:  # a neighbour on the channel as near as the landmark measures better
        gap = abs(loc.along - along)
        if gap > 0.05 and (gap < best or (gap == best and origin == 0.0 and name.startswith("the "))):
            origin, name, best = along, code, gap
    if frame.along.unit == "cun" and abs(loc.along - origin) > 0.05:
        start, end = at(origin, loc.across), at(loc.along, loc.across)
        if start and end:
            word = "below" if end[1] < start[1] else "above"
            if frame.id == "head":  # measured over the curve of the head, front to back
                word = "back from" if loc.along > origin else "forward of"
            steps = [at(origin + (loc.along - origin) * i / 12, loc.across) for i in range(13)]
            via = tuple(v for v in steps if v) if frame.id == "head" else ()
            out.append(Dimension(start, end, f"{_cun(loc.along - origin)} B-cun {word} {name}", via=via))
    if abs(loc.across) > 0.05:
        start, end = at(loc.along, 0.0), at(loc.along, loc.across)
        positive = frame.across.end
        word = across_way(positive, loc.across)
        zero = frame.across.start
        zero = f"from the line {zero}" if zero.startswith("between") else f"of the {zero}"
        if start and end:
            out.append(Dimension(start, end, f"{_cun(loc.across)} B-cun {word} {zero}"))
    return out


def _label_dimensions(
    dims: list[Dimension], points: list[FigPoint], bounds: tuple[float, float, float, float], height: float
) -> list[Dimension]:
    """Each dimension's text beside the middle of its line, where it overlaps no point or label."""
    taken = [p.label.box for p in points if p.label] + [
        (p.x - height * 0.4, p.y - height * 0.4, p.x + height * 0.4, p.y + height * 0.4) for p in points
    ]
    out = []
    for d in dims:
        mx, my = (d.start[0] + d.end[0]) / 2, (d.start[1] + d.end[1]) / 2
        short = d.text.split(" B-cun")[0] + " B-cun"
        width = text_width(short, height)
        label = None
        for dx, dy in (
            (0.4, 0),
            (-0.4, 0),
            (0.4, 1.2),
            (0.4, -1.2),
            (-0.4, 1.2),
            (-0.4, -1.2),
            (0.4, 2.4),
            (-0.4, -2.4),
        ):
            ha = "left" if dx > 0 else "right"
            b = label_box(mx + dx, -(my + dy * height), ha, width, height)
            box = (b.x0, -b.y1, b.x1, -b.y0)
            inside = (
                bounds[0] <= box[0] and box[2] <= bounds[2] and bounds[1] <= box[1] and box[3] <= bounds[3]
            )
            g = height * 0.12  # a little air between neighbouring texts
            if inside and not any(
                box[0] - g < t[2] and t[0] < box[2] + g and box[1] - g < t[3] and t[1] < box[3] + g
                for t in taken
            ):
                box = (round(box[0], 3), round(box[1], 3), round(box[2], 3), round(box[3], 3))
                label = FigLabel(short, round(mx + dx, 3), round(my + dy * height, 3), ha, box)
                taken.append(label.box)
                break
        out.append(Dimension(d.start, d.end, d.text, label, d.via))
    return out


_PLACES: WeakKeyDictionary[Any, dict[str, list[tuple[str, str, float, float, float]]]] = WeakKeyDictionary()


def _places(G: Any, view: str) -> list[tuple[str, str, float, float, float]]:
    """(code, side, x, y, facing) of every copy of every point seen on ``view``, worked out once
    per graph and view (a site draws 409 locator figures from the same places)."""
    per_view = _PLACES.setdefault(G, {})
    if view not in per_view:
        found = []
        for code in sorted(G.nodes[n]["code"] for n in G.nodes if G.nodes[n].get("kind") == "point"):
            o = point_of(G, code).location
            for side in ("midline",) if o.side == "midline" else ("left", "right"):
                got = place(o.frame, o.along, o.across, side, view, hidden=0.0)
                if got is not None:
                    found.append((code, side, got[0], got[1], got[2]))
        per_view[view] = found
    return per_view[view]


def _nearby(G: Any, code: str, view: str, focus: tuple[float, float], near: set[str]) -> list[FigPoint]:
    """The neighbours on the channel and, seen squarely enough, the other points around the focus."""
    fx, fy = focus
    out = []
    for other, side, x, y, facing in _places(G, view):
        if other == code or (other not in near and facing < 0.35):
            continue
        close = abs(x - fx) <= _REACH and abs(y - fy) <= _REACH * 0.8
        if close and (other in near or abs(y - fy) < _REACH * 0.6):
            kind = "neighbour" if other in near else "other"
            title = f"{other} {point_of(G, other).pinyin}"
            out.append(
                FigPoint(
                    other, side, round(x, 3), round(y, 3), classes=("point", kind), size=0.8, title=title
                )
            )
    return out


def point_figure(G: Any, code: str, *, hanzi: bool = True) -> BodyFigure:
    """The locator figure of a point (see the module's description); ``hanzi=False`` leaves the
    characters out of the title (for a renderer without a CJK font). ``code`` may be any name
    :func:`meridian.lookup` takes (``ST36``, ``st-36``, ``Zusanli``, ``足三里``)."""
    from ..query.lookup import lookup

    code = lookup(G, code)["point"]["code"]  # any spelling; an unknown name is refused clearly
    p = point_of(G, code)
    loc = p.location
    view = _view_for(G, code)
    height = _HEIGHT["head" if view in HEAD_VIEWS else "body"]
    frame: Frame = G.nodes[node_id("frame", loc.frame)]["record"]
    mine = placed_copies(G, code, view)
    sides = [s for s, _, _ in mine]
    # One copy is the focus (the viewer's right on a front or back view), the other side may show.
    focus = (
        max(mine, key=lambda c: c[1])
        if view in ("anterior", "posterior", "head_front", "head_top")
        else mine[0]
    )
    fx, fy = focus[1], focus[2]
    order = channel_points(G, p.channel)
    i = order.index(code)
    neighbours = [c for c in order[max(0, i - 1) : i + 2] if c != code]
    points = [
        FigPoint(
            code,
            side,
            round(x, 3),
            round(y, 3),
            highlighted=True,
            colour="main",
            classes=("point", "main", *(f"caution-{c.flag}" for c in p.cautions)),
            title=f"{p.code} {p.pinyin_tones} {p.hanzi}, {p.english} ({side})",
            size=1.4,
        )
        for side, x, y in mine
    ]  # fmt: skip  (the point itself first: it is the first a keyboard reaches)
    points += _nearby(G, code, view, (fx, fy), set(neighbours))
    same_frame = [(c, point_of(G, c).location) for c in neighbours]
    from_neighbour = [(c, o.along) for c, o in same_frame if o.frame == loc.frame]
    dims = _dimensions(frame, loc, focus[0], view, height, from_neighbour)
    xs = [fx - 5.0, fx + 5.0] + [x for d in dims for x in (d.start[0], d.end[0])]
    ys = [fy - 4.5, fy + 4.5] + [y for d in dims for y in (d.start[1], d.end[1])]
    bounds = crop(view, xs, ys, 2.5, aspect=1.25)
    points = [q for q in points if bounds[0] <= q.x <= bounds[2] and bounds[1] <= q.y <= bounds[3]]
    wanted = [
        (j, q.code if q.code != code else f"{q.code} {p.pinyin}")
        for j, q in enumerate(points)
        if (q.code == code and (q.x, q.y) == (round(fx, 3), round(fy, 3))) or "neighbour" in q.classes
    ]
    wanted.sort(key=lambda w: 0 if points[w[0]].code == code else 1)
    wanted += [(j, q.code) for j, q in enumerate(points) if "other" in q.classes]
    dims = _label_dimensions(dims, points, bounds, height)
    boxes = [d.label.box for d in dims if d.label]
    points = label_points(points, wanted[:1], height, bounds, obstacles=boxes)  # the point itself, surely
    boxes += [q.label.box for q in points if q.label]
    points = label_points(points, wanted[1:], height, bounds, columns=False, obstacles=boxes)
    landmarks = []
    for m in frame.landmarks:
        got = place(frame.id, m.along, m.across, focus[0], view, hidden=-0.3)
        if got and bounds[0] <= got[0] <= bounds[2] and bounds[1] <= got[1] <= bounds[3]:
            landmarks.append((m.name, round(got[0], 3), round(got[1], 3)))
    side_words = "on the midline" if sides == ["midline"] else "on both sides"
    title = f"{p.code} {p.pinyin_tones}" + (f" {p.hanzi}" if hanzi else "") + f" ({p.english})"
    caption = f"{title}, {side_words}. {loc.text}"
    notes = tuple(f"{d.text[0].upper()}{d.text[1:]}." for d in dims)
    notes += tuple(f"Caution ({c.flag}): {c.text}" for c in p.cautions)
    if loc.estimated:
        notes += ("Placed by its landmark; the B-cun figures are an estimate.",)
    panel = Panel(
        view,
        VIEWS[view].title,
        bounds,
        view_shapes(view),
        tuple(points),
        (),
        tuple(dims),
        tuple(landmarks),
        label_height=height,
    )
    legend = [("main", f"{p.code}")]
    if any("neighbour" in q.classes for q in points):
        legend.append(("neighbour", "next points on the channel"))
    if any("other" in q.classes for q in points):
        legend.append(("other", "other points nearby"))
    return BodyFigure("point", title, caption, (panel,), tuple(legend), notes)
