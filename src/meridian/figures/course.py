"""A channel's course on the body: its points in order on the views it crosses, joined by a curve.

Each point is drawn on the full-body view that shows it most squarely (both copies of a bilateral
point where both are seen) and, for a channel with several points on the head, again on a close
view of the head, where the head's points are labelled. One side is labelled, code and pinyin
(and characters when asked). The Bladder's inner and outer back lines are two branches that meet
at BL40.

Examples
--------
>>> from meridian import build_graph
>>> fig = course_figure(build_graph(), "ST")
>>> [p.view for p in fig.panels]
['anterior', 'head_front']
>>> st36 = [p for p in fig.panels[0].points if p.code == "ST36"]
>>> sorted(p.side for p in st36), any(p.label for p in st36)
(['left', 'right'], True)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..graph.core import node_id, point_of
from ..query.points import channel_points, resolve_channel
from .body import BodyFigure, FigPath, FigPoint, Panel, home_view, label_points, placed_copies
from .geometry import BODY_VIEWS, HEAD_VIEWS, VIEWS, place
from .outlines import view_shapes

__all__ = ["BRANCHES", "course_figure", "course_runs"]

#: Channels whose course is not one line through its points in order: the runs drawn instead.
#: The Bladder's outer back line (BL41-BL54) descends the thigh to meet the inner line at BL40.
BRANCHES: dict[str, tuple[tuple[str, ...], ...]] = {
    "BL": (("BL1", "BL40"), ("BL41", "BL54", "BL40"), ("BL40", "BL67")),
}
_HEAD_FRAMES = ("head", "head_lateral", "face")
_MIN_HEAD = 3


# The part of each view kept in a course's panel whatever its points: the whole body (front, back)
# or the profile (sides), so a channel on one limb is still seen on a body.
_CORE = {"anterior": (-14.0, 14.0), "posterior": (-14.0, 14.0), "lateral": (-6.0, 8.5), "medial": (-8.5, 3.5)}


def _fit(bounds: tuple[float, float, float, float], points: Sequence[FigPoint],
         core: tuple[float, float]) -> tuple[float, float, float, float]:  # fmt: skip
    """Narrow a panel to what it shows: its points, their labels and the view's core."""
    xs = [*core, *(p.x for p in points)]
    xs += [v for p in points if p.label for v in (p.label.box[0], p.label.box[2])]
    return (max(bounds[0], min(xs) - 1.0), bounds[1], min(bounds[2], max(xs) + 1.0), bounds[3])


def course_runs(G: Any, code: str) -> list[list[str]]:
    """The runs of points a channel's course is drawn through, in order.

    Examples
    --------
    >>> from meridian import build_graph
    >>> runs = course_runs(build_graph(), "BL")
    >>> [(r[0], r[-1]) for r in runs]
    [('BL1', 'BL40'), ('BL41', 'BL40'), ('BL40', 'BL67')]
    """
    codes = channel_points(G, code)
    spec = BRANCHES.get(code)
    if not spec:
        return [codes]
    index = {c: i for i, c in enumerate(codes)}
    runs = []
    for run in spec:
        start, end = index[run[0]], index[run[-2] if len(run) == 3 else run[-1]]
        runs.append(codes[start : end + 1] + ([run[-1]] if len(run) == 3 else []))
    return runs


def _homes(G: Any, codes: Sequence[str]) -> dict[str, str]:
    """The body view each point is drawn on: the most used view that shows it well enough, so a
    channel spreads over as few views as it can."""
    best = {c: home_view(G, c, BODY_VIEWS) for c in codes}
    ranked = sorted(BODY_VIEWS, key=lambda v: (-list(best.values()).count(v), BODY_VIEWS.index(v)))
    homes = {}
    for c in codes:
        loc = point_of(G, c).location
        side = "midline" if loc.side == "midline" else "right"
        for view in ranked:
            got = place(loc.frame, loc.along, loc.across, side, view)
            if got is not None and got[2] >= 0.3:
                homes[c] = view
                break
        else:
            homes[c] = best[c]
    return homes


def _label_text(G: Any, code: str, hanzi: bool) -> str:
    p = point_of(G, code)
    return f"{p.code} {p.pinyin}" + (f" {p.hanzi}" if hanzi else "")


def _panel_points(G: Any, codes: Sequence[str], view: str, channel: str) -> list[FigPoint]:
    out = []
    for code in codes:
        p = point_of(G, code)
        for side, x, y in placed_copies(G, code, view):
            classes = ("point", f"channel-{channel}", *(f"caution-{c.flag}" for c in p.cautions))
            title = f"{p.code} {p.pinyin_tones} {p.hanzi}, {p.english}" + (
                f" ({side})" if side != "midline" else ""
            )
            out.append(FigPoint(code, side, round(x, 3), round(y, 3), classes=classes, title=title))
    return out


def _paths(G: Any, runs: list[list[str]], view: str, members: set[str], channel: str) -> list[FigPath]:
    """Curves through consecutive points drawn on this panel, one per side."""
    paths = []
    sides = ("midline",) if point_of(G, runs[0][0]).location.side == "midline" else ("right", "left")
    for side in sides:
        for run in runs:
            line: list[tuple[float, float]] = []
            for code in [*run, ""]:
                got = placed_copies(G, code, view, (side,)) if code in members else []
                if got:
                    line.append((got[0][1], got[0][2]))
                    continue
                if len(line) >= 2:
                    paths.append(
                        FigPath(f"{channel} {side}", tuple(line), classes=("channel", f"channel-{channel}"))
                    )
                line = []
    return paths


def _labelled(
    points: list[FigPoint],
    view: str,
    wanted: set[str],
    texts: dict[str, str],
    bounds: tuple[float, float, float, float],
    height: float,
) -> list[FigPoint]:
    """Label one copy of each wanted point: the copy on the viewer's right in a front or back view."""
    chosen, seen = [], set()
    order = sorted(
        range(len(points)),
        key=lambda i: -points[i].x if view not in ("lateral", "medial", "head_side") else 0,
    )
    for i in order:
        p = points[i]
        if p.code in wanted and p.code not in seen:
            seen.add(p.code)
            chosen.append((i, texts[p.code]))
    chosen.sort(key=lambda item: (-points[item[0]].y, points[item[0]].x))
    return label_points(points, chosen, height, bounds)


def course_figure(G: Any, code: str, *, hanzi: bool = False) -> BodyFigure:
    """The course of a channel on the body views it crosses (a close view of the head too when
    several points lie there), one side labelled."""
    channel = resolve_channel(G, code)
    codes = channel_points(G, channel)
    record = G.nodes[node_id("channel", channel)]
    homes = _homes(G, codes)
    on_head = [c for c in codes if point_of(G, c).location.frame in _HEAD_FRAMES]
    head_view = None
    if len(on_head) >= _MIN_HEAD:
        votes = [home_view(G, c, HEAD_VIEWS) for c in on_head]
        head_view = max(HEAD_VIEWS, key=lambda v: (votes.count(v), -HEAD_VIEWS.index(v)))
    texts = {c: _label_text(G, c, hanzi) for c in codes}
    runs = course_runs(G, channel)
    panels = []
    for view in BODY_VIEWS:
        members = {c for c in codes if homes[c] == view and not (head_view and c in on_head)}
        if not members:
            continue
        points = _panel_points(
            G, [c for c in codes if c in members or (c in on_head and homes[c] == view)], view, channel
        )
        vx0, _, vx1, _ = VIEWS[view].bounds
        vy0, vy1 = VIEWS[view].bounds[1::2]  # the whole body: a channel is seen where it runs
        bounds = (vx0 - 8.0, vy0, vx1 + 8.0, vy1)
        wanted = members - set(on_head) if head_view else members
        points = _labelled(points, view, wanted, texts, bounds, 1.05)
        bounds = _fit(bounds, points, _CORE[view])
        panels.append(
            Panel(
                view,
                VIEWS[view].title,
                bounds,
                view_shapes(view),
                tuple(points),
                tuple(_paths(G, runs, view, members, channel)),
                label_height=1.05,
            )
        )
    if head_view:
        members = set(on_head)
        points = _panel_points(G, on_head, head_view, channel)
        xs, ys = [p.x for p in points], [p.y for p in points]
        hx0, hy0, hx1, hy1 = VIEWS[head_view].bounds  # the whole head, with room for labels
        bounds = (min([hx0, *xs]) - 8.0, min([hy0, *ys]) - 1.0, max([hx1, *xs]) + 8.0, max([hy1, *ys]) + 1.0)
        points = _labelled(points, head_view, members, texts, bounds, 0.55)
        panels.append(
            Panel(
                head_view,
                VIEWS[head_view].title,
                bounds,
                view_shapes(head_view),
                tuple(points),
                tuple(_paths(G, runs, head_view, members, channel)),
                label_height=0.55,
            )
        )
    full = record["record"].name
    name = f"The {full} ({channel})" if "Vessel" in full else f"The {full} channel ({channel})"
    caption = (
        f"{name}: {len(codes)} points in order, {record['record'].flow[0].lower()}{record['record'].flow[1:]}"
    )
    return BodyFigure("channel", name, caption, tuple(panels), (("channel", f"{channel} course"),))
