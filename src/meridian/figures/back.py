"""The back chart's layout: where points, channel lines and labels go, as plain numbers.

:func:`meridian.draw.draw_back` renders what this module computes; keeping the two apart lets the
tests check the anatomy as numbers (BL13 is level with T3 and 1.5 cun right of the midline) and
lets a notebook or a web page reuse the coordinates with another renderer. No matplotlib here.
The chart's units and the bones it shows are in :mod:`meridian.figures.back_anatomy`.

Examples
--------
>>> from meridian import build_graph
>>> chart = back_chart(build_graph())
>>> bl13 = chart.point("BL13")
>>> bl13.x, bl13.y == level_y("T3"), bl13.side
(1.5, True, 'right')
>>> chart.point("BL13-L").x
-1.5
>>> chart.levels[0], chart.levels[-1]
('C7', 'S4')
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..model import LEVELS, Point, level_index
from .back_anatomy import (
    LINE_CUN,
    SACRAL_FORAMEN_CUN,
    SEGMENT_CUN,
    IliacCrest,
    Scapula,
    Spinous,
    back_outline,
    iliac_crest,
    level_y,
    parse_levels,
    scapula,
    spinous_processes,
)
from .highlights import organ_links
from .labels import Box, Label, place_labels

__all__ = [
    "CHART_CHANNELS",
    "CHART_REGIONS",
    "DEFAULT_LEVELS",
    "BackChart",
    "ChartLine",
    "ChartPoint",
    "back_chart",
    "finding_xy",
]

#: The range the back chart shows unless told otherwise: the base of the neck to the sacrum.
DEFAULT_LEVELS = "C7-S4"

#: Channels whose points the back chart shows: the four lines of the back.
CHART_CHANNELS = ("GV", "BL", "EX-B")
#: Regions of points that the back chart shows (when their level is in range).
CHART_REGIONS: tuple[str, ...] = ("neck", "back", "lumbar", "sacrum", "buttock")


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """One drawn copy of a point on the back chart.

    ``id`` is unique on the chart and is the SVG element id: the code for a midline point and for
    the right-hand copy of a bilateral point (``BL13``), the code with ``-L`` for the left copy
    (``BL13-L``). A point that spans levels (Jiaji) gets one copy per level: ``EX-B2-T3``,
    ``EX-B2-T3-L``.
    """

    id: str
    code: str
    channel: str
    side: str
    level: str
    x: float
    y: float
    pinyin: str
    hanzi: str
    english: str
    organs: tuple[tuple[str, str], ...]
    cautions: tuple[str, ...]
    label: Label | None


@dataclass(frozen=True, slots=True)
class ChartLine:
    """A channel line through the chart points of one channel at one distance and side."""

    name: str
    channel: str
    side: str
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class BackChart:
    """Everything the back chart shows, in chart units (see :mod:`meridian.figures.back_anatomy`)."""

    levels: tuple[str, ...]
    points: tuple[ChartPoint, ...]
    lines: tuple[ChartLine, ...]
    spinous: tuple[Spinous, ...]
    scapulae: tuple[Scapula, ...]
    iliac_crests: tuple[IliacCrest, ...]
    outline: tuple[tuple[float, float], ...]
    bounds: Box
    label_height: float

    def point(self, id: str) -> ChartPoint:
        """The chart point with this id (``BL13``, ``BL13-L``, ``EX-B2-T3``); KeyError if absent."""
        for p in self.points:
            if p.id == id:
                return p
        raise KeyError(id)

    def ids(self) -> tuple[str, ...]:
        """Every point id on the chart, in drawing order."""
        return tuple(p.id for p in self.points)


def _chart_x(p: Point, level: str) -> float | None:
    if p.location.lateral_cun is not None:
        return float(p.location.lateral_cun)
    if p.location.region == "sacrum" and level in SACRAL_FORAMEN_CUN:
        return SACRAL_FORAMEN_CUN[level]
    return None


def _on_chart(p: Point, jiaji: bool) -> bool:
    if p.location.region not in CHART_REGIONS or not p.location.levels:
        return False
    if p.channel not in CHART_CHANNELS:  # the scapular SI points are not on the four back lines
        return False
    if p.channel == "EX-B" and p.code != "EX-B2":
        return False
    return not (p.code == "EX-B2" and not jiaji)


def _copies(G: Any, p: Point, in_range: set[str]) -> Iterator[ChartPoint]:
    """Every copy of a point the chart shows: one per level in range and per side."""
    span = p.location.levels
    for level in span:
        if level not in in_range:
            continue
        x = _chart_x(p, level)
        if x is None:
            continue
        base = p.code if len(span) == 1 else f"{p.code}-{level}"
        sides = ("midline",) if p.location.side == "midline" or x == 0 else ("right", "left")
        for side in sides:
            yield ChartPoint(
                id=base + ("-L" if side == "left" else ""),
                code=p.code,
                channel=p.channel,
                side=side,
                level=level,
                x=-x if side == "left" else x,
                y=level_y(level),
                pinyin=p.pinyin,
                hanzi=p.hanzi,
                english=p.english,
                organs=organ_links(G, p.code),
                cautions=tuple(sorted({c.flag for c in p.cautions})),
                label=None,
            )


def _chart_points(G: Any, shown: Sequence[str], jiaji: bool) -> list[ChartPoint]:
    """The chart's points in drawing order: top to bottom, midline outwards, right before left."""
    in_range = set(shown)
    items: list[tuple[float, float, str, ChartPoint]] = []
    for _, data in G.nodes(data=True):
        if data["kind"] != "point" or not _on_chart(data["record"], jiaji):
            continue
        for point in _copies(G, data["record"], in_range):
            items.append((point.y, abs(point.x), point.side, point))
    side_order = {"midline": 0, "right": 1, "left": 2}
    items.sort(key=lambda t: (t[0], t[1], side_order[t[2]], t[3].id))
    return [t[3] for t in items]


def _chart_lines(points: Sequence[ChartPoint]) -> tuple[ChartLine, ...]:
    """A line through the points of each channel at each distance and side (GV even if alone)."""
    lines: list[ChartLine] = []
    groups: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
    for cp in points:
        if cp.channel == "BL" and abs(cp.x) < LINE_CUN["BL inner"]:
            name = "sacral foramina"
        elif cp.channel == "BL":
            name = "BL outer" if abs(cp.x) >= LINE_CUN["BL outer"] else "BL inner"
        else:
            name = cp.channel if cp.channel != "EX-B" else "EX-B2"
        groups.setdefault((name, cp.channel, cp.side), []).append((cp.x, cp.y))
    for (name, channel, side), coords in sorted(groups.items()):
        if len(coords) > 1 or channel == "GV":
            lines.append(ChartLine(name, channel, side, tuple(sorted(coords, key=lambda c: c[1]))))
    return tuple(lines)


def _label_request(
    cp: ChartPoint, height: float, hanzi: bool
) -> tuple[str, str, float, list[tuple[float, float, str]]]:
    """(id, text, y, candidate spots) of a point's label, for :func:`place_labels`."""
    # A midline label stands left of the spine, where its pinyin would run across the
    # left inner Bladder line and read as that line's point: it carries the code alone
    # (the name is in the point's tooltip and accessible name).
    text = cp.code if cp.side == "midline" else f"{cp.code} {cp.pinyin}" + (f" {cp.hanzi}" if hanzi else "")
    # Beside the point if free, else just above or below it, else further off (with a
    # leader line), e.g. between the rows of the sacral foramina.
    lift = round(height * 1.15 + 0.05, 3)
    further = [round(lift + 0.05 * i, 3) for i in range(1, 12)]
    if cp.side == "midline":
        offsets = [-lift, lift, 0.0] + [d * s for d in further for s in (-1, 1)]
        spots = [(-0.42, cp.y + dy, "right") for dy in offsets]
    else:
        offsets = [0.0, -lift, lift] + [d * s for d in further for s in (1, -1)]
        spots = [(cp.x + 0.26, cp.y + dy, "left") for dy in offsets]
    return (cp.id, text, cp.y, spots)


def _labels(
    points: Sequence[ChartPoint], spinous: Sequence[Spinous], height: float, hanzi: bool
) -> dict[str, Label]:
    """Labels of the right-hand and midline copies, clear of every point and spinous process."""
    obstacles = [Box(cp.x - 0.17, cp.y - 0.17, cp.x + 0.17, cp.y + 0.17) for cp in points]
    obstacles += [Box(-s.half_width, s.top, s.half_width, s.bottom) for s in spinous]
    requests = [
        _label_request(cp, height, hanzi) for cp in points if not (cp.side == "left" or cp.channel == "EX-B")
    ]
    return place_labels(requests, obstacles, height)


def back_chart(
    G: Any,
    *,
    levels: str | Sequence[str] = DEFAULT_LEVELS,
    jiaji: bool = False,
    labels: bool = True,
    hanzi: bool = False,
    label_height: float = 0.27,
) -> BackChart:
    """Lay out the posterior back chart: points, channel lines, bones, outline and labels.

    Parameters
    ----------
    G
        The graph from :func:`meridian.build_graph`.
    levels
        The vertebral range shown, e.g. ``"C7-L5"`` or ``"T1-T12"`` (see
        :func:`~meridian.figures.back_anatomy.parse_levels`); points level with a vertebra outside
        it are left out.
    jiaji
        Also show Jiaji (EX-B2), one pair of points per level from T1 to L5.
    labels
        Place labels (code and pinyin): for each bilateral point on its right-hand copy only (the
        viewer's right), for midline points on the left of the midline; placed so that no two
        labels, and no label and point, overlap when the text is ``label_height`` cun tall.
    hanzi
        Add the characters to each label (only when the renderer has a CJK font).
    label_height
        Height of the label text in cun, used to keep labels apart.

    Examples
    --------
    >>> from meridian import build_graph
    >>> chart = back_chart(build_graph(), levels="T1-T7")
    >>> [p.id for p in chart.points if p.level == "T3"]
    ['GV12', 'BL13', 'BL13-L', 'BL42', 'BL42-L']
    >>> chart.point("BL13").organs, chart.point("BL13").cautions
    ((('lung', 'back-shu'),), ('pneumothorax',))
    >>> right = next(s for s in chart.scapulae if s.side == "right")
    >>> right.medial_x, right.spine_root[1] == level_y("T3"), right.inferior_angle[1] == level_y("T7")
    (3.0, True, True)
    >>> chart.point("BL31") if "BL31" in chart.ids() else "not in range"
    'not in range'
    """
    shown = parse_levels(levels)
    points = _chart_points(G, shown, jiaji)
    spinous = spinous_processes(shown)
    placed = _labels(points, spinous, label_height, hanzi) if labels else {}
    points = [replace(cp, label=placed[cp.id]) if cp.id in placed else cp for cp in points]

    top = level_y(shown[0]) - SEGMENT_CUN[shown[0][0]]
    bottom = level_y(shown[-1]) + (2.2 if shown[-1][0] == "S" else 0.9)
    x_extent = 9.8
    for label in placed.values():
        x_extent = max(x_extent, abs(label.box.x0) + 0.3, abs(label.box.x1) + 0.3)
    return BackChart(
        levels=shown,
        points=tuple(points),
        lines=_chart_lines(points),
        spinous=spinous,
        scapulae=(scapula("right"), scapula("left")),
        iliac_crests=(iliac_crest("right"), iliac_crest("left")),
        outline=back_outline(),
        bounds=Box(-x_extent, top - 0.5, x_extent, bottom),
        label_height=label_height,
    )


def finding_xy(finding: Any) -> tuple[float, float] | None:
    """Where a palpation finding was felt, in chart units (None for one with no spot on the back).

    A spot between two levels (``T3.5``) lies that fraction of the way down to the next level.

    Examples
    --------
    >>> from meridian.spots import parse_finding
    >>> finding_xy(parse_finding("T3:1.5:L@nodule")) == (-1.5, level_y("T3"))
    True
    """
    spot = getattr(finding, "spot", None)
    if spot is None:
        return None
    y = level_y(spot.level)
    if spot.fraction:
        following = LEVELS[level_index(spot.level) + 1]
        y += spot.fraction * (level_y(following) - y)
    x = float(spot.cun) * (-1.0 if spot.side == "L" else 1.0)
    return x, y
