"""The channel index diagram's layout: a channel's points in order, in columns grouped by region.

No matplotlib here: :func:`meridian.draw.draw_channel_index` renders what
:func:`channel_layout` computes.

Examples
--------
>>> from meridian import build_graph
>>> gv = channel_layout(build_graph(), "GV")
>>> gv.point("GV14").kind, gv.columns, gv.rows
('sea', 6, 8)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import UsageError
from ..graph.core import node_id, point_of
from ..model import Point
from ..query.points import channel_points, resolve_channel
from .highlights import organ_links

__all__ = ["CATEGORY_ORDER", "ChannelGroup", "ChannelLayout", "ChannelPoint", "channel_layout"]

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


def _runs(records: Sequence[Point], mapping: dict[str, str]) -> list[tuple[str, list[Point]]]:
    """Consecutive points in the same region group, as (group name, points)."""
    runs: list[tuple[str, list[Point]]] = []
    for p in records:
        name = mapping.get(p.location.region, p.location.region)
        if not runs or runs[-1][0] != name:
            runs.append((name, []))
        runs[-1][1].append(p)
    return runs


def _channel_point(G: Any, p: Point, channel: str, group: int, column: int, row: int) -> ChannelPoint:
    meeting = [c for cat in p.categories if cat.kind == "meeting" for c in cat.channels + cat.vessels]
    return ChannelPoint(
        code=p.code,
        number=p.number,
        pinyin=p.pinyin,
        hanzi=p.hanzi,
        english=p.english,
        region=p.location.region,
        group=group,
        column=column,
        row=row,
        categories=tuple(_category_label(c.kind, c.describe(), channel, meeting) for c in p.categories),
        kinds=tuple(c.kind for c in p.categories),
        organs=organ_links(G, p.code),
        cautions=tuple(sorted({c.flag for c in p.cautions})),
    )


def _group_detail(name: str, run: Sequence[Point]) -> str:
    """On the back, a group's usual distance from the midline (and which points it holds for)."""
    if name not in ("back", "upper back", "lower back"):
        return ""
    distances = [p.location.lateral_cun for p in run if p.location.lateral_cun is not None]
    if not distances:
        return ""
    common = max(sorted(set(distances)), key=distances.count)
    detail = "on the midline" if common == 0 else f"{common:g} cun from the midline"
    at = [p.code for p in run if p.location.lateral_cun == common]
    if len(at) < len(run):  # say which points it holds for (not BL31-BL36, say)
        detail += f", {at[0]}–{at[-1]}" if len(at) > 1 else f", {at[0]}"
    return detail


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
    records = [point_of(G, c) for c in channel_points(G, channel)]
    points: list[ChannelPoint] = []
    groups: list[ChannelGroup] = []
    column = 0
    rows = 1
    for gi, (name, run) in enumerate(_runs(records, _GROUPS.get(channel, {}))):
        ncols = math.ceil(len(run) / max_rows)
        per = math.ceil(len(run) / ncols)
        rows = max(rows, per)
        points += [_channel_point(G, p, channel, gi, column + i // per, i % per) for i, p in enumerate(run)]
        codes = tuple(p.code for p in run)
        groups.append(ChannelGroup(name, _group_detail(name, run), codes, (column, column + ncols - 1)))
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
