"""The knowledge graph: :func:`build_graph` turns an :class:`~meridian.model.Atlas` into networkx.

The graph is meridian's API: notebooks and scripts can query it with plain networkx, and every
function in :mod:`meridian.query` takes it as its first argument.

Examples
--------
>>> G = build_graph()
>>> sorted(v for _, v, k in G.out_edges("point:BL13", keys=True) if k == "back_shu_of")
['organ:lung']
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import Any, TypeVar

import networkx as nx

from .io import load
from .model import LEVELS, Atlas, Point, Vessel

__all__ = ["ReadOnlyDict", "build_graph", "derived", "node_id", "point_of"]

_KEEP = 8  # objects remembered by each derived() cache


_T = TypeVar("_T")


def derived(compute: Callable[[Any], _T]) -> Callable[[Any], _T]:
    """Cache what ``compute(obj)`` derives from a frozen object, once per object.

    Atlases and graphs never change, so what is computed from one (the graph of an atlas, the
    name index of a graph, point positions for the reasoning) stays right for as long as that
    object lives. The last few objects are kept.
    """
    memo: dict[int, tuple[Any, _T]] = {}

    @functools.wraps(compute)
    def cached(G: Any) -> _T:
        hit = memo.get(id(G))
        if hit is not None and hit[0] is G:
            return hit[1]
        value = compute(G)
        if len(memo) >= _KEEP:
            memo.pop(next(iter(memo)))
        memo[id(G)] = (G, value)
        return value

    return cached


class ReadOnlyDict(dict[Any, Any]):
    """A dict that refuses every change: the attribute dicts of the shared graph.

    Reading works as with any dict (``G.nodes[n]["code"]``, ``G.nodes(data=True)``, ``dict(d)``);
    every change raises :class:`TypeError`. A copy is a plain, changeable dict, so
    ``G.copy()``, ``nx.MultiDiGraph(G)``, ``copy.deepcopy(G)`` and pickling give a graph of one's
    own (``dict.__setitem__`` on the shared graph would still get through: that is no accident).

    Examples
    --------
    >>> d = ReadOnlyDict(code="BL13")
    >>> d["note"] = "x"
    Traceback (most recent call last):
    ...
    TypeError: the shared graph is read-only: copy it first (G.copy()), or copy this dict (dict(d))
    >>> type(d.copy()).__name__, d == {"code": "BL13"}
    ('dict', True)
    """

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError(
            "the shared graph is read-only: copy it first (G.copy()), or copy this dict (dict(d))"
        )

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def copy(self) -> dict[Any, Any]:
        return dict(self)

    def __copy__(self) -> dict[Any, Any]:
        return dict(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[Any, Any]:
        return {copy.deepcopy(k, memo): copy.deepcopy(v, memo) for k, v in self.items()}

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self),))


def _read_only(value: Any) -> Any:
    """``value`` with its dicts, and the dicts inside them, made read-only."""
    if isinstance(value, dict):
        return ReadOnlyDict({k: _read_only(v) for k, v in value.items()})
    return value


def _freeze(G: Any) -> Any:
    """Freeze ``G``: no node or edge can be added or removed, no attribute changed.

    :func:`networkx.freeze` stops changes to the structure; the attribute dicts of the graph, of
    every node and of every edge become :class:`ReadOnlyDict` (edge data is shared between
    ``G.succ`` and ``G.pred``, so it is replaced once, in the key dict both point at).
    """
    G.graph = _read_only(G.graph)
    for node, data in G._node.items():
        G._node[node] = _read_only(data)
    for nbrs in G._adj.values():
        for keydict in nbrs.values():
            for key, data in keydict.items():
                keydict[key] = _read_only(data)
    return nx.freeze(G)


def node_id(kind: str, name: str) -> str:
    """The namespaced id of a node, e.g. ``node_id("point", "BL13") == "point:BL13"``."""
    return f"{kind}:{name}"


def point_of(G: Any, code: str) -> Point:
    """The :class:`~meridian.model.Point` record behind ``point:CODE`` (``KeyError`` if absent)."""
    record: Point = G.nodes[node_id("point", code)]["record"]
    return record


def _relation_key(relation: str) -> str:
    return relation.replace("-", "_") + "_of"


def build_graph(atlas: Atlas | None = None) -> Any:
    """Build the frozen knowledge graph of an atlas (the shipped data when ``atlas`` is None).

    The result is cached per atlas and frozen, so every caller shares one graph and none can
    change it: nodes and edges cannot be added or removed (:func:`networkx.freeze`), and the
    attribute dicts of the graph, its nodes and its edges refuse changes (:class:`ReadOnlyDict`).
    ``G.copy()`` gives a graph of one's own to change.

    Nodes are namespaced: ``point:BL13``, ``channel:BL``, ``organ:lung``, ``level:T3``,
    ``vessel:chong``, ``frame:leg_lateral``. Each node has a ``kind`` attribute (point, channel,
    organ, level, vessel, frame); points also carry their main fields
    flat (``pinyin``, ``hanzi``, ``level``, ``lateral_cun`` ...) and the whole record as
    ``record``. ``G.graph`` holds what the reasoning queries weigh with: ``finding_kinds``,
    ``relation_weights``, ``red_flags`` and ``techniques``.

    Edges always point **from the more specific thing to the more general one**, and the edge key
    is the relation:

    ==================  ====================  =================================================
    key                 from -> to            meaning
    ==================  ====================  =================================================
    ``on_channel``      point -> channel      the point belongs to the channel
    ``next``            point -> point        the next point along the channel's flow
    ``next``            level -> level        the next vertebral level down the spine
    ``at_level``        point -> level        the point lies level with that vertebra
    ``back_shu_of``     point -> organ        also ``front_mu_of``, ``spirit_of``,
                                              ``lower_he_sea_of``; attributes ``relation``
                                              and ``sources``
    ``meets``           point -> channel      a meeting point where that channel meets
    ``on_vessel``       point -> vessel       the point lies on an extraordinary vessel's course
                                              (a meeting point of it, its xi-cleft point, or a
                                              point of GV or CV)
    ``confluent_of``    point -> vessel       the confluent (opening) point of the vessel
    ``luo_to``          point -> channel      a luo point's link to the paired channel
    ``in_frame``        point -> frame        the body frame the point is placed in; attributes
                                              ``along`` and ``across`` (B-cun)
    ``flows_to``        point -> point        the last point of a channel to the first point of
                                              the next channel in the daily cycle
    ``flows_to``        channel -> channel    the next channel of the daily cycle (LU -> LI ...
                                              -> LR -> LU)
    ``pertains_to``     channel -> organ      the organ the channel belongs to
    ``paired_with``     channel -> channel    the paired channel (an edge each way)
    ``coupled_with``    vessel -> vessel      the vessels whose confluent points work as a pair
    ==================  ====================  =================================================

    Channels carry ``limb`` (hand, foot) and ``polarity`` (yin, yang); organs carry their
    ``phase``; frames their record; vessels their record and ``confluent`` point.

    Parameters
    ----------
    atlas
        Records from :func:`meridian.load`; None loads the shipped data (or ``MERIDIAN_DATA``).

    Returns
    -------
    networkx.MultiDiGraph
        Frozen.

    Examples
    --------
    >>> G = build_graph()
    >>> G.nodes["point:GV12"]["level"], G.nodes["point:BL13"]["level"]
    ('T3', 'T3')
    >>> [u for u, _, k in G.in_edges("level:T3", keys=True) if k == "at_level"][:3]
    ['point:BL13', 'point:BL42', 'point:GV12']
    >>> next(iter(G["point:BL13"]["point:BL14"]))
    'next'
    """
    return _build_once(load() if atlas is None else atlas)


def _build(atlas: Atlas) -> Any:
    G = nx.MultiDiGraph(
        name="meridian",
        origin=atlas.origin,
        # What the reasoning queries weigh findings with: data, not code.
        finding_kinds={f.kind: f for f in atlas.findings},
        relation_weights={r.relation: r.weight for r in atlas.relations},
        relation_texts={r.relation: r.text for r in atlas.relations},
        red_flags=atlas.red_flags,
        techniques=atlas.techniques,
    )
    for i, level in enumerate(LEVELS):
        G.add_node(node_id("level", level), kind="level", name=level, index=i, region=level[0])
        if i:
            G.add_edge(node_id("level", LEVELS[i - 1]), node_id("level", level), key="next")
    for organ in atlas.organs:
        G.add_node(
            node_id("organ", organ.id),
            kind="organ",
            organ=organ.id,
            name=organ.name,
            organ_kind=organ.kind,
            pinyin=organ.pinyin,
            hanzi=organ.hanzi,
            phase=organ.phase,
        )
    for ch in atlas.channels:
        G.add_node(
            node_id("channel", ch.code),
            kind="channel",
            code=ch.code,
            name=ch.name,
            pinyin=ch.pinyin,
            hanzi=ch.hanzi,
            channel_kind=ch.kind,
            limb=ch.limb,
            polarity=ch.polarity,
            record=ch,
        )
    for ch in atlas.channels:
        if ch.organ:
            G.add_edge(node_id("channel", ch.code), node_id("organ", ch.organ), key="pertains_to")
        if ch.paired:
            G.add_edge(node_id("channel", ch.code), node_id("channel", ch.paired), key="paired_with")
        if ch.flows_to:
            G.add_edge(node_id("channel", ch.code), node_id("channel", ch.flows_to), key="flows_to")
    for frame in atlas.frames:
        G.add_node(node_id("frame", frame.id), kind="frame", name=frame.name, record=frame)
    vessels = {v.id: v for v in atlas.vessels}
    for v in atlas.vessels:
        G.add_node(
            node_id("vessel", v.id), kind="vessel", name=v.name, pinyin=v.pinyin, hanzi=v.hanzi,
            confluent=v.confluent, channel=v.channel, record=v,
        )  # fmt: skip
    for v in atlas.vessels:
        G.add_edge(node_id("vessel", v.id), node_id("vessel", v.coupled), key="coupled_with")
    by_code = {p.code: p for p in atlas.points}
    for p in atlas.points:
        loc = p.location
        pid = node_id("point", p.code)
        G.add_node(
            pid,
            kind="point",
            code=p.code,
            channel=p.channel,
            number=p.number,
            pinyin=p.pinyin,
            pinyin_tones=p.pinyin_tones,
            hanzi=p.hanzi,
            hanzi_simplified=p.hanzi_simplified,
            english=p.english,
            region=loc.region,
            level=loc.level,
            lateral_cun=loc.lateral_cun,
            side=loc.side,
            frame=loc.frame,
            along=loc.along,
            across=loc.across,
            record=p,
        )
        G.add_edge(pid, node_id("channel", p.channel), key="on_channel")
        if loc.frame:
            G.add_edge(pid, node_id("frame", loc.frame), key="in_frame", along=loc.along, across=loc.across)
        _add_category_edges(G, p, atlas, vessels)
        for level in loc.levels:
            G.add_edge(pid, node_id("level", level), key="at_level")
        for rel in p.organs:
            G.add_edge(
                pid,
                node_id("organ", rel.organ),
                key=_relation_key(rel.relation),
                relation=rel.relation,
                sources=rel.sources,
            )
    for p in atlas.points:
        following = by_code.get(f"{p.channel}{p.number + 1}")
        if following is not None:
            G.add_edge(node_id("point", p.code), node_id("point", following.code), key="next")
    _add_cycle(G, atlas)
    return _freeze(G)


def _add_category_edges(G: Any, p: Point, atlas: Atlas, vessels: dict[str, Vessel]) -> None:
    """Meeting, vessel, confluent and luo edges of one point, from its categories."""
    pid = node_id("point", p.code)
    on_vessels = {v.id for v in vessels.values() if v.channel == p.channel}
    paired = {ch.code: ch.paired for ch in atlas.channels}
    for cat in p.categories:
        if cat.kind == "meeting":
            for other in cat.channels:
                if other != p.channel:
                    G.add_edge(pid, node_id("channel", other), key="meets")
            on_vessels.update(cat.vessels)
        elif cat.kind == "xi-cleft" and cat.vessel:
            on_vessels.add(cat.vessel)
        elif cat.kind == "confluent" and cat.vessel in vessels:
            G.add_edge(pid, node_id("vessel", cat.vessel), key="confluent_of")
        elif cat.kind == "luo" and paired.get(p.channel) and p.channel not in ("GV", "CV"):
            G.add_edge(pid, node_id("channel", str(paired[p.channel])), key="luo_to")
    for vessel in sorted(on_vessels & set(vessels)):
        G.add_edge(pid, node_id("vessel", vessel), key="on_vessel")


def _add_cycle(G: Any, atlas: Atlas) -> None:
    """The daily cycle from point to point: each channel's last point to the next one's first."""
    numbers: dict[str, list[int]] = {}
    for p in atlas.points:
        numbers.setdefault(p.channel, []).append(p.number)
    for ch in atlas.channels:
        if ch.flows_to and ch.code in numbers and ch.flows_to in numbers:
            last = f"{ch.code}{max(numbers[ch.code])}"
            first = f"{ch.flows_to}{min(numbers[ch.flows_to])}"
            G.add_edge(node_id("point", last), node_id("point", first), key="flows_to")


_build_once = derived(_build)
