"""Body-chart geometry: where points, bones and labels go, as plain numbers (no matplotlib).

:mod:`meridian.draw` renders what this module computes; keeping the two apart lets the tests check
the anatomy as numbers (BL13 is level with T3 and 1.5 cun right of the midline) and lets a
notebook or a web page reuse the coordinates with another renderer.

Chart units
-----------
The back chart is a posterior view, in B-cun:

* ``x`` is the distance from the posterior midline, **positive to the patient's right**, which is
  the viewer's right when looking at the back. The Governor Vessel is at 0, Jiaji (EX-B2) at 0.5,
  the Bladder inner line at 1.5 and the outer line at 3 (:data:`LINE_CUN`); left-side copies of
  bilateral points are mirrored (negative ``x``).
* ``y`` grows **downwards**, measured from the lower border of the C7 spinous process (0). A
  vertebral level's ``y`` is the lower border of its spinous process, which is where the data puts
  points of that level (GV12 and BL13 are both at ``level_y("T3")``). The spacing between spinous
  processes (:data:`SEGMENT_CUN`) is a schematic adult average; the standards give no cun
  measure along the spine.
* The sacral foramen points BL31-BL34 have no standard lateral distance (``lateral_cun`` is null
  in the data): they are drawn at :data:`SACRAL_FORAMEN_CUN`, about halfway between the midline
  and the posterior superior iliac spine at S1 and closer to the midline lower down, as the
  foramina converge.

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

import difflib
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import UsageError
from .graphcore import node_id, point_of
from .model import LEVELS, Point, level_index, levels_between
from .names import normalize_name
from .query import channel_points, resolve_channel, resolve_code

__all__ = [
    "CATEGORY_ORDER",
    "CHART_REGIONS",
    "DEFAULT_LEVELS",
    "LINE_CUN",
    "ORGAN_RELATIONS",
    "SACRAL_FORAMEN_CUN",
    "SEGMENT_CUN",
    "BackChart",
    "Box",
    "ChannelGroup",
    "ChannelLayout",
    "ChannelPoint",
    "ChartLine",
    "ChartPoint",
    "Highlight",
    "IliacCrest",
    "Label",
    "Scapula",
    "Spinous",
    "back_chart",
    "channel_layout",
    "level_y",
    "parse_levels",
    "resolve_highlights",
]

#: The range the back chart shows unless told otherwise: the base of the neck to the sacrum.
DEFAULT_LEVELS = "C7-S4"

#: Lateral distance (B-cun) of the lines on the back.
LINE_CUN: dict[str, float] = {"GV": 0.0, "EX-B2": 0.5, "BL inner": 1.5, "BL outer": 3.0}

#: Schematic height (cun) of one vertebral segment, by region: cervical, thoracic, lumbar, sacral.
SEGMENT_CUN: dict[str, float] = {"C": 0.8, "T": 1.1, "L": 1.4, "S": 0.9}

#: Chart distance from the midline for points in the posterior sacral foramina (no standard value).
SACRAL_FORAMEN_CUN: dict[str, float] = {"S1": 1.0, "S2": 0.9, "S3": 0.8, "S4": 0.7}

#: Channels whose points the back chart shows: the four lines of the back.
CHART_CHANNELS = ("GV", "BL", "EX-B")
#: Regions of points that the back chart shows (when their level is in range).
CHART_REGIONS: tuple[str, ...] = ("neck", "back", "lumbar", "sacrum", "buttock")

#: Edge keys of point -> organ relations in the graph, strongest first.
ORGAN_RELATIONS: tuple[str, ...] = ("back_shu_of", "front_mu_of", "spirit_of", "lower_he_sea_of")

_C7 = level_index("C7")
_LEVEL_Y: dict[str, float] = {}
for _i, _name in enumerate(LEVELS):
    _lo, _hi = sorted((_i, _C7))
    _dist = sum(SEGMENT_CUN[LEVELS[j][0]] for j in range(_lo + 1, _hi + 1))
    _LEVEL_Y[_name] = round(float(_dist if _i >= _C7 else -_dist), 6)

# Rough advance of one character of the label font, in units of the font's height (DejaVu Sans
# averages ~0.6 em for mixed text; a CJK glyph is a full em). Slightly generous so estimates err
# towards space between labels.
_CHAR_EM = 0.64
_CJK_EM = 1.02


def level_y(level: str) -> float:
    """The chart ``y`` of a vertebral level: cun below the lower border of C7 (negative above it).

    Examples
    --------
    >>> level_y("C7"), level_y("T1"), level_y("T3")
    (0.0, 1.1, 3.3)
    >>> level_y("C6") < 0 < level_y("S4")
    True
    """
    try:
        return _LEVEL_Y[level]
    except KeyError:
        raise UsageError(
            f"unknown vertebral level {level!r}; expected C1-C7, T1-T12, L1-L5 or S1-S4"
        ) from None


def parse_levels(text: str | Sequence[str]) -> tuple[str, ...]:
    """The vertebral levels of a range such as ``"C7-L5"`` (top first), or of one level ``"T3"``.

    Case is ignored, and an en dash or ``..`` works as well as a hyphen. A sequence of two level
    names is taken as the two ends.

    Raises
    ------
    UsageError
        For text that is not a range of known levels, or a range that runs upwards.

    Examples
    --------
    >>> parse_levels("t1-t3")
    ('T1', 'T2', 'T3')
    >>> parse_levels("L5–S2")
    ('L5', 'S1', 'S2')
    >>> parse_levels("T13-L1")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    meridian.errors.UsageError: expected a level range such as C7-L5 (levels ...), got 'T13-L1'
    """
    if isinstance(text, str):
        raw = text
        parts = [p.strip().upper() for p in re.split(r"\s*(?:-|–|—|\.\.)\s*", text.strip())]
    else:
        raw = "-".join(text)
        parts = [str(p).strip().upper() for p in text]
    if len(parts) == 1:
        parts = parts * 2
    if len(parts) != 2 or any(p not in _LEVEL_Y for p in parts):
        raise UsageError(
            f"expected a level range such as C7-L5 (levels C1-C7, T1-T12, L1-L5, S1-S4), got {raw!r}"
        )
    first, last = parts
    if level_index(first) > level_index(last):
        raise UsageError(f"expected a level range from top to bottom such as C7-L5, got {raw!r}")
    return levels_between(first, last)


# -- shared records ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle in chart units (``y0`` above ``y1``: y grows downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, pad: float = 0.0) -> bool:
        """True when the two boxes share area (``pad`` widens this box on every side)."""
        return (
            self.x0 - pad < other.x1
            and other.x0 < self.x1 + pad
            and self.y0 - pad < other.y1
            and other.y0 < self.y1 + pad
        )


@dataclass(frozen=True, slots=True)
class Label:
    """Where a point's label goes: text anchored at (x, y), aligned ``ha``, centred vertically."""

    text: str
    x: float
    y: float
    ha: str
    box: Box
    leader: bool = False


@dataclass(frozen=True, slots=True)
class Highlight:
    """A point to highlight and the organ that colours it (None: a point with no organ link).

    ``side`` is ``"left"`` or ``"right"`` when only that copy is meant (a finding felt on that side),
    None for every copy.
    """

    code: str
    organ: str | None
    relation: str | None
    side: str | None = None


# -- the back chart ----------------------------------------------------------------------------


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
class Spinous:
    """A spinous process: ``y`` is its lower border (the level), drawn from ``top`` to ``bottom``."""

    level: str
    y: float
    top: float
    bottom: float
    half_width: float


@dataclass(frozen=True, slots=True)
class Scapula:
    """A shoulder blade placed by its landmarks (``side`` is right or left; x mirrored)."""

    side: str
    medial_x: float
    superior_angle: tuple[float, float]
    spine_root: tuple[float, float]
    inferior_angle: tuple[float, float]
    acromion: tuple[float, float]
    outline: tuple[tuple[float, float], ...]
    spine: tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class IliacCrest:
    """An iliac crest: its highest point is level with L4; it ends medially at the PSIS (S2)."""

    side: str
    top: tuple[float, float]
    psis: tuple[float, float]
    curve: tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class ChartLine:
    """A channel line through the chart points of one channel at one distance and side."""

    name: str
    channel: str
    side: str
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class BackChart:
    """Everything the back chart shows, in chart units (see the module docstring)."""

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


def _organ_links(G: Any, code: str) -> tuple[tuple[str, str], ...]:
    """(organ id, relation) of a point, strongest relation first, then by organ."""
    links = []
    for _, target, key, data in G.out_edges(node_id("point", code), keys=True, data=True):
        if key in ORGAN_RELATIONS:
            links.append((ORGAN_RELATIONS.index(key), G.nodes[target]["organ"], data["relation"]))
    return tuple((organ, relation) for _, organ, relation in sorted(links))


def _chart_x(p: Point, level: str) -> float | None:
    if p.location.lateral_cun is not None:
        return float(p.location.lateral_cun)
    if p.location.region == "sacrum" and level in SACRAL_FORAMEN_CUN:
        return SACRAL_FORAMEN_CUN[level]
    return None


def _text_width(text: str, height: float) -> float:
    wide = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return height * ((len(text) - wide) * _CHAR_EM + wide * _CJK_EM)


def _label_box(x: float, y: float, ha: str, width: float, height: float) -> Box:
    half = height * 0.62
    if ha == "left":
        return Box(x, y - half, x + width, y + half)
    return Box(x - width, y - half, x, y + half)


def _place_labels(
    candidates: Sequence[tuple[str, str, float, Sequence[tuple[float, float, str]]]],
    obstacles: list[Box],
    height: float,
) -> dict[str, Label]:
    """Greedy placement: each label takes its first candidate spot that overlaps nothing placed.

    ``candidates`` holds (id, text, y of the point, [(x, y, ha), ...]) in priority order; a label
    moved well above or below its point gets a leader line. When every spot is taken,
    the one overlapping the fewest boxes wins, so every label is placed somewhere.
    """
    placed: dict[str, Label] = {}
    taken = _BoxGrid(obstacles)
    for pid, text, anchor, spots in candidates:
        width = _text_width(text, height)
        best: tuple[int, Label] | None = None
        for x, y, ha in spots:
            box = _label_box(x, y, ha, width, height)
            clashes = taken.clashes(box, pad=0.02)
            if best is None or clashes < best[0]:
                best = (clashes, Label(text, x, y, ha, box, leader=abs(y - anchor) > 0.45))
            if clashes == 0:
                break
        assert best is not None
        placed[pid] = best[1]
        taken.add(best[1].box)
    return placed


class _BoxGrid:
    """Placed boxes filed by the grid cells they cover, so a new box is tested only against its
    neighbours: placing labels then takes time in proportion to their number."""

    CELL = 1.0  # cun: about a label's height and a point's spacing

    def __init__(self, boxes: Iterable[Box] = ()) -> None:
        self._cells: dict[tuple[int, int], list[Box]] = {}
        for box in boxes:
            self.add(box)

    def _keys(self, box: Box, pad: float = 0.0) -> Iterator[tuple[int, int]]:
        c = self.CELL
        for i in range(math.floor((box.x0 - pad) / c), math.floor((box.x1 + pad) / c) + 1):
            for j in range(math.floor((box.y0 - pad) / c), math.floor((box.y1 + pad) / c) + 1):
                yield i, j

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self._cells.setdefault(key, []).append(box)

    def clashes(self, box: Box, pad: float = 0.0) -> int:
        """How many filed boxes ``box`` overlaps (each counted once)."""
        seen: set[int] = set()
        count = 0
        for key in self._keys(box, pad):
            for other in self._cells.get(key, ()):
                if id(other) not in seen:
                    seen.add(id(other))
                    count += box.overlaps(other, pad=pad)
        return count


def _mirror(points: Iterable[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    return tuple((-x, y) for x, y in points)


def _scapula(side: str) -> Scapula:
    y = level_y
    medial = LINE_CUN["BL outer"]
    # Right-hand shape; the left is its mirror image. The medial border is 3 cun from the midline,
    # the spine starts from it level with T3, and the inferior angle is level with T7.
    superior = (medial + 0.2, y("T1") - 0.3)
    spine_root = (medial, y("T3"))
    inferior = (medial + 0.5, y("T7"))
    acromion = (7.8, y("T1") + 0.1)
    outline = (
        superior,
        (medial, y("T2")),
        spine_root,
        (medial, y("T6")),
        inferior,
        (medial + 1.4, y("T6") - 0.2),
        (medial + 3.0, y("T4")),
        (medial + 4.2, y("T2") + 0.3),
        (medial + 4.4, y("T1") + 0.9),
        (medial + 2.4, y("T1") + 0.1),
        superior,
    )
    spine = (spine_root, (medial + 1.6, y("T2") + 0.1), (medial + 3.4, y("T1") + 0.45), acromion)
    if side == "left":
        return Scapula(
            side,
            -medial,
            (-superior[0], superior[1]),
            (-spine_root[0], spine_root[1]),
            (-inferior[0], inferior[1]),
            (-acromion[0], acromion[1]),
            _mirror(outline),
            _mirror(spine),
        )
    return Scapula(side, medial, superior, spine_root, inferior, acromion, outline, spine)


def _iliac_crest(side: str) -> IliacCrest:
    l4, l5, s2 = level_y("L4"), level_y("L5"), level_y("S2")
    psis = (2.2, s2)
    top = (5.6, l4)
    curve = (
        psis,
        (2.6, s2 - 0.9),
        (3.4, l5 + 0.1),
        (4.4, l4 + 0.25),
        top,
        (6.6, l4 + 0.2),
        (7.3, l5 - 0.1),
    )
    if side == "left":
        return IliacCrest(side, (-top[0], top[1]), (-psis[0], psis[1]), _mirror(curve))
    return IliacCrest(side, top, psis, curve)


def _outline() -> tuple[tuple[float, float], ...]:
    """A simple closed outline of the back, neck to buttocks (right half, then the left mirrored)."""
    y = level_y
    right = (
        (1.9, y("C1") - 1.0),
        (2.0, y("C4")),
        (2.4, y("C6")),
        (3.2, y("C7") - 0.1),
        (5.0, y("C7") + 0.35),
        (6.8, y("C7") + 0.75),
        (8.1, y("T1")),
        (8.8, y("T1") + 0.5),
        (9.1, y("T2") + 0.4),
        (8.9, y("T4")),
        (8.5, y("T6")),
        (7.8, y("T9")),
        (7.2, y("T12")),
        (6.8, y("L2")),
        (6.9, y("L4")),
        (7.6, y("S1")),
        (7.9, y("S3")),
        (7.7, y("S4") + 1.8),
        (6.5, y("S4") + 3.2),
        (0.0, y("S4") + 3.6),
    )
    left = tuple((-x, yy) for x, yy in reversed(right[:-1]))
    return right + left


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
        The vertebral range shown, e.g. ``"C7-L5"`` or ``"T1-T12"`` (see :func:`parse_levels`);
        points level with a vertebra outside it are left out.
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
    in_range = set(shown)
    items: list[tuple[float, float, str, ChartPoint]] = []
    for _, data in G.nodes(data=True):
        if data["kind"] != "point":
            continue
        p: Point = data["record"]
        if p.location.region not in CHART_REGIONS or not p.location.levels:
            continue
        if p.channel not in CHART_CHANNELS:  # the scapular SI points are not on the four back lines
            continue
        if p.channel == "EX-B" and p.code != "EX-B2":
            continue
        if p.code == "EX-B2" and not jiaji:
            continue
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
                pid = base + ("-L" if side == "left" else "")
                cx = -x if side == "left" else x
                point = ChartPoint(
                    id=pid,
                    code=p.code,
                    channel=p.channel,
                    side=side,
                    level=level,
                    x=cx,
                    y=level_y(level),
                    pinyin=p.pinyin,
                    hanzi=p.hanzi,
                    english=p.english,
                    organs=_organ_links(G, p.code),
                    cautions=tuple(sorted({c.flag for c in p.cautions})),
                    label=None,
                )
                items.append((point.y, abs(cx), side, point))
    side_order = {"midline": 0, "right": 1, "left": 2}
    items.sort(key=lambda t: (t[0], t[1], side_order[t[2]], t[3].id))
    points = [t[3] for t in items]

    top = level_y(shown[0]) - SEGMENT_CUN[shown[0][0]]
    spinous = tuple(
        Spinous(
            level=v,
            y=level_y(v),
            top=level_y(v) - 0.78 * SEGMENT_CUN[v[0]],
            bottom=level_y(v) - 0.2,
            half_width=0.32 if v[0] != "S" else 0.26,
        )
        for v in shown
    )

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

    height = label_height
    obstacles = [Box(cp.x - 0.17, cp.y - 0.17, cp.x + 0.17, cp.y + 0.17) for cp in points]
    obstacles += [Box(-s.half_width, s.top, s.half_width, s.bottom) for s in spinous]
    placed: dict[str, Label] = {}
    if labels:
        requests: list[tuple[str, str, float, list[tuple[float, float, str]]]] = []
        for cp in points:
            if cp.side == "left" or cp.channel == "EX-B":
                continue
            # A midline label stands left of the spine, where its pinyin would run across the
            # left inner Bladder line and read as that line's point: it carries the code alone
            # (the name is in the point's tooltip and accessible name).
            text = (
                cp.code
                if cp.side == "midline"
                else f"{cp.code} {cp.pinyin}" + (f" {cp.hanzi}" if hanzi else "")
            )
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
            requests.append((cp.id, text, cp.y, spots))
        placed = _place_labels(requests, obstacles, height)
    points = [_with_label(cp, placed.get(cp.id)) for cp in points]

    bottom = level_y(shown[-1]) + (2.2 if shown[-1][0] == "S" else 0.9)
    x_extent = 9.8
    for label in placed.values():
        x_extent = max(x_extent, abs(label.box.x0) + 0.3, abs(label.box.x1) + 0.3)
    bounds = Box(-x_extent, top - 0.5, x_extent, bottom)
    return BackChart(
        levels=shown,
        points=tuple(points),
        lines=tuple(lines),
        spinous=spinous,
        scapulae=(_scapula("right"), _scapula("left")),
        iliac_crests=(_iliac_crest("right"), _iliac_crest("left")),
        outline=_outline(),
        bounds=bounds,
        label_height=height,
    )


def _with_label(p: ChartPoint, label: Label | None) -> ChartPoint:
    if label is None:
        return p
    return ChartPoint(
        p.id, p.code, p.channel, p.side, p.level, p.x, p.y, p.pinyin, p.hanzi, p.english,
        p.organs, p.cautions, label,
    )  # fmt: skip


# -- highlights --------------------------------------------------------------------------------


def _organ_table(G: Any) -> dict[str, str]:
    table: dict[str, str] = {}
    for _, data in G.nodes(data=True):
        if data["kind"] == "organ":
            for name in (data["organ"], data["name"], data["pinyin"], data["hanzi"]):
                table.setdefault(normalize_name(name), data["organ"])
    return table


def resolve_highlights(G: Any, items: Iterable[str]) -> tuple[Highlight, ...]:
    """The points to highlight for point codes and organ names, each with the organ to colour by.

    A point code (any spelling :func:`meridian.resolve_code` takes) highlights that point, coloured
    by its strongest organ link (back-shu, then front-mu, spirit, lower he-sea), or by no organ.
    An organ (id, English name, pinyin or characters: ``lung``, ``Pericardium``, ``Xin``, ``肺``)
    highlights every point related to it. Sorted by organ, then channel and number; a point named
    twice appears once per organ.

    Raises
    ------
    UsageError
        For an item that is neither, naming the closest valid names.

    Examples
    --------
    >>> from meridian import build_graph
    >>> G = build_graph()
    >>> [(h.code, h.organ, h.relation) for h in resolve_highlights(G, ["lung"])]
    [('BL13', 'lung', 'back-shu'), ('BL42', 'lung', 'spirit'), ('LU1', 'lung', 'front-mu')]
    >>> [(h.code, h.organ, h.relation) for h in resolve_highlights(G, ["ub-15", "GV12"])]
    [('BL15', 'heart', 'back-shu'), ('GV12', None, None)]
    >>> resolve_highlights(G, ["lungs"])
    Traceback (most recent call last):
    ...
    meridian.errors.UsageError: unknown point or organ 'lungs'; did you mean: lung?
    """
    organs = _organ_table(G)
    found: set[tuple[str, str, str]] = set()
    plain: set[str] = set()
    for item in items:
        code = resolve_code(G, item)
        if code is not None:
            links = _organ_links(G, code)
            if links:
                found.add((code, *links[0]))
            else:
                plain.add(code)
            continue
        organ = organs.get(normalize_name(item))
        if organ is None:
            names = sorted({v for v in organs.values()})
            close = difflib.get_close_matches(item.strip().lower(), names, n=3, cutoff=0.6)
            hint = (
                f"did you mean: {', '.join(close)}?"
                if close
                else ("expected a point code such as BL13 or an organ such as " + ", ".join(names[:6]))
            )
            raise UsageError(f"unknown point or organ {item!r}; {hint}")
        for source, _, key, data in G.in_edges(node_id("organ", organ), keys=True, data=True):
            if key in ORGAN_RELATIONS:
                found.add((G.nodes[source]["code"], organ, data["relation"]))
    plain -= {code for code, _, _ in found}
    out = [Highlight(code, organ, relation) for code, organ, relation in found]
    out += [Highlight(code, None, None) for code in plain]

    def order(h: Highlight) -> tuple[str, str, int, str]:
        p = point_of(G, h.code)
        return (h.organ or "~", p.channel, p.number, h.code)

    return tuple(sorted(out, key=order))


# -- channel diagrams --------------------------------------------------------------------------

_GROUPS: dict[str, dict[str, str]] = {
    "BL": {
        "face": "head",
        "head": "head",
        "neck": "neck",
        "back": "back",
        "lumbar": "back",
        "sacrum": "back",
        "buttock": "back",
        "thigh": "leg",
        "knee": "leg",
        "leg": "leg",
        "foot": "foot",
    },
    "GV": {
        "sacrum": "sacrum",
        "lumbar": "lower back",
        "back": "upper back",
        "neck": "neck",
        "head": "head",
        "face": "face",
    },
}

#: Category kinds in order of how much they say about a point (the first decides its colour).
CATEGORY_ORDER: tuple[str, ...] = (
    "back-shu",
    "front-mu",
    "lower-he-sea",
    "five-shu",
    "yuan",
    "luo",
    "xi-cleft",
    "confluent",
    "hui",
    "sea",
    "window-of-sky",
    "ghost",
    "meeting",
)


@dataclass(frozen=True, slots=True)
class ChannelPoint:
    """A point on a channel diagram: at ``column`` and ``row`` (row 0 at the top)."""

    code: str
    number: int
    pinyin: str
    hanzi: str
    english: str
    region: str
    group: int
    column: int
    row: int
    categories: tuple[str, ...]
    kinds: tuple[str, ...]
    organs: tuple[tuple[str, str], ...]
    cautions: tuple[str, ...]

    @property
    def kind(self) -> str | None:
        """The category kind that colours the point (see :data:`CATEGORY_ORDER`), or None."""
        ranked = sorted(self.kinds, key=lambda k: CATEGORY_ORDER.index(k) if k in CATEGORY_ORDER else 99)
        return ranked[0] if ranked else None


@dataclass(frozen=True, slots=True)
class ChannelGroup:
    """A run of consecutive points in one body region, over ``columns`` (first, last)."""

    name: str
    detail: str
    codes: tuple[str, ...]
    columns: tuple[int, int]


@dataclass(frozen=True, slots=True)
class ChannelLayout:
    """A channel's whole course as a schematic: groups of columns of points, in order."""

    code: str
    name: str
    pinyin: str
    hanzi: str
    flow: str
    complete: bool
    points: tuple[ChannelPoint, ...]
    groups: tuple[ChannelGroup, ...]
    columns: int
    rows: int

    def point(self, code: str) -> ChannelPoint:
        """The diagram point with this code (KeyError if absent)."""
        for p in self.points:
            if p.code == code:
                return p
        raise KeyError(code)


def _category_label(kind: str, text: str, channel: str, meeting: Sequence[str]) -> str:
    if kind == "meeting":
        others = [c.replace("_", " ") for c in meeting if c != channel]
        return "meets " + ", ".join(others) if others else "meeting"
    if kind == "five-shu":  # the role says it is a five-shu point; the card has little room
        text = text.removeprefix("five-shu ")
    return text.replace("_", " ")


def channel_layout(G: Any, code: str, *, max_rows: int = 14) -> ChannelLayout:
    """Lay out a channel's course for a diagram: point by point, grouped by body region.

    Consecutive points in the same region group form a group (so a channel that leaves a region
    and comes back, as the Bladder's outer back line does after BL40, has two groups of that
    name). BL groups are head, neck, back, leg and foot; GV runs sacrum, lower back, upper back,
    neck, head, face (to the upper lip); other channels use the data's regions. A group longer
    than ``max_rows`` is split over several columns of equal height. On the back, a group's
    ``detail`` names its usual distance from the midline.

    Examples
    --------
    >>> from meridian import build_graph
    >>> bl = channel_layout(build_graph(), "UB")
    >>> [(g.name, g.codes[0], g.codes[-1]) for g in bl.groups]  # doctest: +NORMALIZE_WHITESPACE
    [('head', 'BL1', 'BL9'), ('neck', 'BL10', 'BL10'), ('back', 'BL11', 'BL36'),
     ('leg', 'BL37', 'BL40'), ('back', 'BL41', 'BL54'), ('leg', 'BL55', 'BL59'), ('foot', 'BL60', 'BL67')]
    >>> bl.groups[2].detail, bl.groups[4].detail
    ('1.5 cun from the midline, BL11–BL30', '3 cun from the midline')
    >>> bl.point("BL40").categories
    ('he-sea (earth)', 'lower-he-sea (bladder)')
    >>> gv = channel_layout(build_graph(), "GV")
    >>> [g.name for g in gv.groups]
    ['sacrum', 'lower back', 'upper back', 'neck', 'head', 'face']
    """
    if max_rows < 1:
        raise UsageError(f"expected max_rows of at least 1, got {max_rows}")
    channel = resolve_channel(G, code)
    record = G.nodes[node_id("channel", channel)]["record"]
    mapping = _GROUPS.get(channel, {})
    records = [point_of(G, c) for c in channel_points(G, channel)]
    runs: list[list[Point]] = []
    names: list[str] = []
    for p in records:
        name = mapping.get(p.location.region, p.location.region)
        if not names or names[-1] != name:
            runs.append([])
            names.append(name)
        runs[-1].append(p)

    points: list[ChannelPoint] = []
    groups: list[ChannelGroup] = []
    column = 0
    rows = 1
    for gi, (name, run) in enumerate(zip(names, runs, strict=True)):
        ncols = math.ceil(len(run) / max_rows)
        per = math.ceil(len(run) / ncols)
        rows = max(rows, per)
        for i, p in enumerate(run):
            meeting = [c for cat in p.categories if cat.kind == "meeting" for c in cat.channels + cat.vessels]
            points.append(
                ChannelPoint(
                    code=p.code,
                    number=p.number,
                    pinyin=p.pinyin,
                    hanzi=p.hanzi,
                    english=p.english,
                    region=p.location.region,
                    group=gi,
                    column=column + i // per,
                    row=i % per,
                    categories=tuple(
                        _category_label(c.kind, c.describe(), channel, meeting) for c in p.categories
                    ),
                    kinds=tuple(c.kind for c in p.categories),
                    organs=_organ_links(G, p.code),
                    cautions=tuple(sorted({c.flag for c in p.cautions})),
                )
            )
        detail = ""
        if name in ("back", "upper back", "lower back"):
            distances = [p.location.lateral_cun for p in run if p.location.lateral_cun is not None]
            if distances:
                common = max(sorted(set(distances)), key=distances.count)
                detail = "on the midline" if common == 0 else f"{common:g} cun from the midline"
                at = [p.code for p in run if p.location.lateral_cun == common]
                if len(at) < len(run):  # say which points it holds for (not BL31-BL36, say)
                    detail += f", {at[0]}–{at[-1]}" if len(at) > 1 else f", {at[0]}"
        groups.append(ChannelGroup(name, detail, tuple(p.code for p in run), (column, column + ncols - 1)))
        column += ncols
    return ChannelLayout(
        code=channel,
        name=record.name,
        pinyin=record.pinyin,
        hanzi=record.hanzi,
        flow=record.flow,
        complete=record.complete,
        points=tuple(points),
        groups=tuple(groups),
        columns=column,
        rows=rows,
    )
