"""The page of a figure on the body, shared by its two renderers: where each panel, the title, the
caption and the legend go (in inches from the top left), and the colour of every mark.

:mod:`meridian.draw.svg` writes SVG from it with no matplotlib (fast, light, for the web);
:mod:`meridian.draw.body` draws it with matplotlib (PNG, PDF, and the Axes for a notebook).

Examples
--------
>>> from meridian import build_graph
>>> from meridian.figures.locator import point_figure
>>> pg = page(point_figure(build_graph(), "ST36"))
>>> len(pg.panels), pg.width > pg.panels[0].w
(1, True)
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from ..figures.body import BodyFigure, FigPoint, Panel
from ..figures.labels import text_width
from .common import INK, MUTED, NO_ORGAN, ORGAN_COLOURS

__all__ = [
    "BODY_CHANNEL_COLOURS",
    "BONE",
    "EDGE",
    "FONT",
    "SKIN",
    "LegendItem",
    "Page",
    "PanelBox",
    "caution_ring",
    "channel_colour",
    "dot_size",
    "page",
    "point_classes",
    "point_colour",
    "point_ids",
    "sides_of",
    "smooth",
]

#: Line colour of each channel on the body figures (a colour-blind-safe set, two channels a hue).
BODY_CHANNEL_COLOURS: dict[str, str] = {
    "LU": "#0072b2", "LI": "#3d8fc4", "ST": "#d55e00", "SP": "#b7791f", "HT": "#cc3311",
    "SI": "#c45a1c", "BL": "#2b6f97", "KI": "#1d3f8f", "PC": "#aa3377", "TE": "#b04a5a",
    "GB": "#117733", "LR": "#2f8f80", "GV": "#6a4c93", "CV": "#332288",
}  # fmt: skip
SKIN, EDGE, BONE = "#f7f3ef", "#8a929c", "#b9ab9d"
MAIN, NEIGHBOUR, OTHER = "#c1121f", "#2b6f97", "#8d949c"
FONT = 7.5  # points: every label, whatever the panel's scale
GAP = 0.25  # inches between panels and around them
LINE = FONT * 1.45 / 72  # inches from one caption line to the next


@dataclass(frozen=True, slots=True)
class PanelBox:
    """Where a panel goes: its left and top edges, width and height (inches), inches per unit."""

    panel: Panel
    x: float
    y: float
    w: float
    h: float
    scale: float


@dataclass(frozen=True, slots=True)
class LegendItem:
    """One legend entry: a line or a dot of ``colour`` at ``x`` (inches), then ``words``."""

    key: str
    words: str
    colour: str
    line: bool
    x: float


@dataclass(frozen=True, slots=True)
class Page:
    """A figure's page: its size and where everything goes (inches, y from the top)."""

    width: float
    height: float
    panels: tuple[PanelBox, ...]
    title_y: float
    legend: tuple[LegendItem, ...]
    legend_y: float
    caption: tuple[str, ...]
    caption_y: float


def channel_colour(name: str) -> str:
    """The colour of a channel's line (``"ST right"`` or ``"ST"``)."""
    return BODY_CHANNEL_COLOURS.get(name.split()[0] if name else "", MUTED)


def _channel_of(p: FigPoint) -> str:
    for c in p.classes:
        if c.startswith("channel-"):
            return c[len("channel-") :]
    return ""


def point_colour(p: FigPoint) -> str:
    """The fill of a point's dot: the point a locator shows, a highlight's organ, a neighbour, a
    point nearby, or its channel's colour."""
    if "main" in p.classes:
        return MAIN
    if p.highlighted:
        return ORGAN_COLOURS.get(p.colour or "", NO_ORGAN)
    if "neighbour" in p.classes:
        return NEIGHBOUR
    if "other" in p.classes:
        return OTHER
    return BODY_CHANNEL_COLOURS.get(_channel_of(p), INK)


def _legend_colour(key: str, words: str) -> tuple[str, bool]:
    if key == "channel":
        return channel_colour(words), True
    if key.startswith("channel-"):
        return channel_colour(key[len("channel-") :]), True
    fixed = {"main": MAIN, "neighbour": NEIGHBOUR, "other": OTHER, "front-mu": INK}
    return fixed.get(key, ORGAN_COLOURS.get(key.removeprefix("organ-"), NO_ORGAN)), False


def page(figure: BodyFigure) -> Page:
    """Lay out a figure's page: panels side by side at scales that set every label at
    :data:`FONT` points, the title above, the legend and the caption below."""
    scales = [FONT / 72 / p.label_height for p in figure.panels]
    widths = [(p.bounds[2] - p.bounds[0]) * s for p, s in zip(figure.panels, scales, strict=True)]
    heights = [(p.bounds[3] - p.bounds[1]) * s for p, s in zip(figure.panels, scales, strict=True)]
    title_w = text_width(figure.title, (FONT + 3) / 72) + 2 * GAP
    legend_w = sum(0.36 + text_width(words, FONT / 72) for _, words in figure.legend) + 2 * GAP
    width = max(sum(widths) + GAP * (len(widths) + 1), title_w, legend_w)
    wrap = max(40, int((width - 2 * GAP) * 72 / (FONT * 0.64)))  # characters a caption line holds
    caption = [
        *textwrap.wrap(figure.caption, wrap),
        *(ln for n in figure.notes for ln in textwrap.wrap(n, wrap)),
    ]
    top = 0.55
    tallest = max(heights)
    boxes, x = [], GAP
    for panel, w, h, s in zip(figure.panels, widths, heights, scales, strict=True):
        boxes.append(PanelBox(panel, round(x, 4), round(top, 4), round(w, 4), round(h, 4), s))
        x += w + GAP
    legend, lx = [], GAP
    for key, words in figure.legend:
        colour, line = _legend_colour(key, words)
        legend.append(LegendItem(key, words, colour, line, round(lx, 4)))
        lx += 0.36 + text_width(words, FONT / 72)
    legend_y = top + tallest + 0.2
    caption_y = legend_y + (0.25 if legend else 0.0)
    height = caption_y + len(caption) * LINE + 0.15
    return Page(round(width, 4), round(height, 4), tuple(boxes), 0.2, tuple(legend), legend_y, tuple(caption),
                caption_y)  # fmt: skip


def point_ids(figure: BodyFigure) -> list[list[str]]:
    """The SVG id of every drawn point, panel by panel: its code (``-L`` for the left copy), and
    the view's name after it where the same copy is drawn again on another panel."""
    seen: set[str] = set()
    out = []
    for panel in figure.panels:
        ids = []
        for p in panel.points:
            gid = p.code + ("-L" if p.side == "left" else "")
            if gid in seen:
                gid = f"{gid}-{panel.view}"
            seen.add(gid)
            ids.append(gid)
        out.append(ids)
    return out


def caution_ring(p: FigPoint) -> str | None:
    """The caution a point's ring shows (the point of a locator figure, or a highlighted point)."""
    from .common import CAUTION_ORDER

    if "main" not in p.classes and not p.highlighted:
        return None
    flags = {c[len("caution-") :] for c in p.classes if c.startswith("caution-")}
    return next((f for f in CAUTION_ORDER if f in flags), None)


def point_classes(p: FigPoint) -> str:
    """The class attribute of a point's group: point, channel, kind, cautions, side, highlighted."""
    return " ".join(dict.fromkeys([*p.classes, p.side, *(("highlighted",) if p.highlighted else ())]))


def sides_of(panel: Panel) -> tuple[str, str] | None:
    """The letters at a front or back panel's left and right top corners: which side is whose."""
    if panel.view in ("anterior", "head_front"):
        return ("R", "L")
    if panel.view in ("posterior", "head_top"):
        return ("L", "R")
    return None


def dot_size(p: FigPoint) -> float:
    """A point's dot diameter in points."""
    return 3.2 * p.size * (1.35 if p.highlighted else 1.0)


XY = tuple[float, float]


def smooth(points: tuple[XY, ...]) -> list[tuple[XY, XY, XY]]:
    """A Catmull-Rom curve through the points as cubic Bezier segments ``(c1, c2, end)``.

    Examples
    --------
    >>> smooth(((0.0, 0.0), (1.0, 1.0), (2.0, 0.0)))[0][2]
    (1.0, 1.0)
    """
    ext = [points[0], *points, points[-1]]
    out = []
    for i in range(1, len(ext) - 2):
        p0, p1, p2, p3 = ext[i - 1], ext[i], ext[i + 1], ext[i + 2]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        out.append((c1, c2, p2))
    return out
