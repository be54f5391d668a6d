"""The points of the back, indexed once per graph for the spots a practitioner feels.

Graphs are frozen, so what is worked out from one here (where each point lies on the spine, which
points lie at each level, the organs each point relates to, the back-shu points at each level, and
what :func:`meridian.spots.locate` tells of each point) is kept for as long as the graph lives
(:func:`meridian.graphcore.derived`). Each index is built in one pass over the graph, so asking it
costs time by the answer, not by the atlas.

Examples
--------
>>> from meridian import build_graph
>>> G = build_graph()
>>> [p.code for order, p in by_level(G)[level_index("T3")]][:3]
['BL13', 'BL42', 'GV12']
>>> organ_links(G, "BL13")
[('lung', 'back-shu')]
>>> back_shu_at(G, "T3")
(('lung', ((0, 'BL13'),)),)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..graph.core import derived, node_id, point_of
from ..model import LEVELS, level_index

__all__ = ["Placed", "back_shu_at", "by_level", "cards", "organ_links", "placed"]


@dataclass(frozen=True, slots=True)
class Placed:
    """A point that lies level with a vertebra: where on the spine, and how far from the midline."""

    code: str
    positions: tuple[tuple[float, str], ...]  # (level position, level name)
    lateral: float | None
    midline: bool


@derived
def placed(G: Any) -> tuple[Placed, ...]:
    """The points that lie level with a vertebra, in data order."""
    found = []
    for _, data in G.nodes(data=True):
        if data["kind"] != "point" or data["level"] is None:
            continue
        loc = data["record"].location
        positions = tuple((float(level_index(lv)), lv) for lv in loc.levels)
        found.append(Placed(data["code"], positions, loc.lateral_cun, loc.side == "midline"))
    return tuple(found)


@derived
def by_level(G: Any) -> dict[int, tuple[tuple[int, Placed], ...]]:
    """The placed points (with their data order) under each whole level they lie at."""
    index: dict[int, list[tuple[int, Placed]]] = {}
    for order, p in enumerate(placed(G)):
        for pos, _ in p.positions:
            index.setdefault(int(pos), []).append((order, p))
    return {k: tuple(v) for k, v in index.items()}


def organ_links(G: Any, code: str) -> list[tuple[str, str]]:
    """(organ id, relation) for the point's own organ relations, in data order."""
    return list(_all_organ_links(G).get(code, ()))


@derived
def _all_organ_links(G: Any) -> dict[str, tuple[tuple[str, str], ...]]:
    """(organ id, relation) of every point's own organ relations, in data order."""
    links: dict[str, list[tuple[str, str]]] = {}
    for node, data in G.nodes(data=True):
        if data["kind"] == "point":
            links[data["code"]] = [
                (organ.removeprefix("organ:"), d["relation"])
                for _, organ, d in G.out_edges(node, data=True)
                if organ.startswith("organ:")
            ]
    return {code: tuple(v) for code, v in links.items()}


def back_shu_at(G: Any, level: str) -> tuple[tuple[str, tuple[tuple[int, str], ...]], ...]:
    """Per organ with a back-shu point at ``level``: its first two such points, each with its
    place in code order. Two are enough to find one other than a given point, so a point's
    same-level paths cost time by the organs, not by the points at the level."""
    return _back_shu_by_level(G).get(level, ())


@derived
def _back_shu_by_level(G: Any) -> dict[str, tuple[tuple[str, tuple[tuple[int, str], ...]], ...]]:
    """:func:`back_shu_at` for every level, worked out once per graph."""
    out = {}
    for level in LEVELS:
        firsts: dict[str, list[tuple[int, str]]] = {}
        for place, (code, organ) in enumerate(_back_shu_scan(G, level)):
            if len(firsts.setdefault(organ, [])) < 2:
                firsts[organ].append((place, code))
        out[level] = tuple((organ, tuple(points)) for organ, points in firsts.items())
    return out


def _back_shu_scan(G: Any, level: str) -> list[tuple[str, str]]:
    """(code, organ id) of the back-shu points at ``level``, in code order."""
    out = []
    for u, _, key in G.in_edges(node_id("level", level), keys=True):
        if key != "at_level":
            continue
        for _, organ, rel in G.out_edges(u, keys=True):
            if rel == "back_shu_of":
                out.append((G.nodes[u]["code"], organ.removeprefix("organ:")))
    return sorted(out)


@derived
def cards(G: Any) -> dict[str, tuple[Any, ...]]:
    """What :func:`meridian.spots.locate` tells of each point that lies level with a vertebra:
    pinyin, characters, English name, channel, distance from the midline, whether it is on the
    midline, its organ relations and its caution flags. One look-up per point found, rather
    than a walk through its record and the graph each time.

    >>> from meridian import build_graph
    >>> cards(build_graph())["BL13"][:4]
    ('Feishu', '肺俞', 'Lung Shu', 'BL')
    """
    out = {}
    links = _all_organ_links(G)
    for where in placed(G):
        p = point_of(G, where.code)
        cautions = tuple(sorted({c.flag for c in p.cautions}))
        out[p.code] = (
            p.pinyin,
            p.hanzi,
            p.english,
            p.channel,
            where.lateral,
            where.midline,
            links[p.code],
            cautions,
        )
    return out
