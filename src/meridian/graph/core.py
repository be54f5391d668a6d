"""The graph's content without networkx: node ids, the nodes and edges of an atlas, derived caches.

:func:`fill` adds an atlas's nodes and edges to any graph with networkx's ``add_node`` and
``add_edge``; :mod:`meridian.graph` fills a networkx ``MultiDiGraph`` with it. A lookup from the
command line needs no networkx at all: it fills a :class:`LightGraph`, which answers the few
questions a lookup asks (nodes and their attributes, edges in and out with their keys).

Examples
--------
>>> from meridian.io import load
>>> G = fill(LightGraph(**graph_attributes(load())), load())
>>> [v for _, v, k in G.out_edges("point:BL13", keys=True) if k == "back_shu_of"]
['organ:lung']
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from ..model import LEVELS, Atlas, Point, Vessel

__all__ = [
    "LightGraph",
    "ReadOnlyDict",
    "derived",
    "fill",
    "graph_attributes",
    "lookup_graph",
    "node_id",
    "point_of",
]

_KEEP = 8  # objects remembered by each derived() cache


_T = TypeVar("_T")


def derived(compute: Callable[[Any], _T]) -> Callable[[Any], _T]:
    """Cache what ``compute(obj)`` derives from a frozen object, once per object.

    Atlases and graphs never change, so what is computed from one (the graph of an atlas, the
    catalog of a graph, point positions for the reasoning) stays right for as long as that
    object lives. The few objects used most recently are kept.
    """
    memo: dict[int, tuple[Any, _T]] = {}

    @functools.wraps(compute)
    def cached(G: Any) -> _T:
        hit = memo.get(id(G))
        if hit is not None and hit[0] is G:
            memo[id(G)] = memo.pop(id(G))  # the most recently used stays longest
            return hit[1]
        value = compute(G)
        if len(memo) >= _KEEP:
            memo.pop(next(iter(memo)))
        memo[id(G)] = (G, value)
        return value

    return cached


def node_id(kind: str, name: str) -> str:
    """The namespaced id of a node, e.g. ``node_id("point", "BL13") == "point:BL13"``."""
    return f"{kind}:{name}"


def point_of(G: Any, code: str) -> Point:
    """The :class:`~meridian.model.Point` record behind ``point:CODE`` (``KeyError`` if absent)."""
    record: Point = G.nodes[node_id("point", code)]["record"]
    return record


def _relation_key(relation: str) -> str:
    return relation.replace("-", "_") + "_of"


def graph_attributes(atlas: Atlas) -> dict[str, Any]:
    """What the reasoning queries weigh findings with (``G.graph``): data, not code."""
    return {
        "name": "meridian",
        "origin": atlas.origin,
        "finding_kinds": {f.kind: f for f in atlas.findings},
        "relation_weights": {r.relation: r.weight for r in atlas.relations},
        "relation_texts": {r.relation: r.text for r in atlas.relations},
        "red_flags": atlas.red_flags,
        "techniques": atlas.techniques,
        "symptom_words": {w.id: w.words for w in atlas.symptom_words},
        "contraindications": atlas.contraindications,
    }


def fill(G: Any, atlas: Atlas) -> Any:
    """Add every node and edge of ``atlas`` to ``G`` (a networkx MultiDiGraph or a LightGraph)."""
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
    return G


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


class _NodeView:
    """``G.nodes``: call it (``G.nodes(data=True)``), index it (``G.nodes[n]``), iterate it."""

    def __init__(self, nodes: dict[str, dict[str, Any]]) -> None:
        self._nodes = nodes

    def __call__(self, data: bool = False) -> Iterator[Any]:
        return iter(self._nodes.items()) if data else iter(self._nodes)

    def __getitem__(self, node: str) -> dict[str, Any]:
        return self._nodes[node]

    def __iter__(self) -> Iterator[str]:
        return iter(self._nodes)

    def __contains__(self, node: object) -> bool:
        return node in self._nodes

    def __len__(self) -> int:
        return len(self._nodes)


class LightGraph:
    """The part of networkx's MultiDiGraph that a lookup uses, in plain Python.

    Nodes and edges keep the order they were added in, as networkx does, so a lookup answers the
    same through either graph.
    """

    def __init__(self, **graph: Any) -> None:
        self.graph = graph
        self._nodes: dict[str, dict[str, Any]] = {}
        self._out: dict[str, list[tuple[str, str, str, dict[str, Any]]]] = {}
        self._in: dict[str, list[tuple[str, str, str, dict[str, Any]]]] = {}
        self.nodes = _NodeView(self._nodes)

    def add_node(self, node: str, **attrs: Any) -> None:
        self._nodes.setdefault(node, {}).update(attrs)
        self._out.setdefault(node, [])
        self._in.setdefault(node, [])

    def add_edge(self, u: str, v: str, key: str, **attrs: Any) -> None:
        for node in (u, v):
            if node not in self._nodes:
                self.add_node(node)
        edge = (u, v, key, attrs)
        self._out[u].append(edge)
        self._in[v].append(edge)

    def __contains__(self, node: object) -> bool:
        return node in self._nodes

    def freeze(self) -> LightGraph:
        """Make every attribute dict read-only, as the shared networkx graph's are; return self."""
        self.graph = _read_only(self.graph)
        for node, attrs in self._nodes.items():
            self._nodes[node] = _read_only(attrs)
        frozen: dict[int, tuple[str, str, str, dict[str, Any]]] = {}
        for edges in self._out.values():
            for i, edge in enumerate(edges):
                u, v, k, d = edge
                edges[i] = frozen[id(edge)] = (u, v, k, _read_only(d))  # edge lives on in self._in
        for node, edges in self._in.items():  # the same edges, in the order they came in
            self._in[node] = [frozen[id(edge)] for edge in edges]
        return self

    def _edges(
        self, edges: list[tuple[str, str, str, dict[str, Any]]], keys: bool, data: bool
    ) -> Iterator[Any]:
        for u, v, k, d in edges:
            item: tuple[Any, ...] = (u, v) + ((k,) if keys else ()) + ((d,) if data else ())
            yield item

    def out_edges(self, node: str, keys: bool = False, data: bool = False) -> Iterator[Any]:
        return self._edges(self._out.get(node, []), keys, data)

    def in_edges(self, node: str, keys: bool = False, data: bool = False) -> Iterator[Any]:
        return self._edges(self._in.get(node, []), keys, data)


def lookup_graph(data_dir: Any = None) -> LightGraph:
    """The graph of a data folder as a :class:`LightGraph`, for a lookup that must start fast.

    With a warm cache this reads the checked data that the cache remembers and imports neither
    networkx nor yaml nor jsonschema; with a cold one it checks the data first, as
    :func:`meridian.load` does, and fills the cache for the next time.

    Examples
    --------
    >>> G = lookup_graph()
    >>> G.nodes["point:LI4"]["pinyin"]
    'Hegu'
    """
    from pathlib import Path

    from ..atlas import cache
    from ..atlas.paths import DATA_FILES, default_data_dir
    from ..atlas.records import build_atlas

    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    key = cache.fingerprint(folder) if folder.is_dir() else None
    data = cache.get(key, DATA_FILES) if key is not None else None
    if data is None:
        from ..atlas.loader import load_with_key  # checks the data (and says what is wrong), fills the cache

        # The key of what load read and checked, not the one above: a file edited in between
        # must not have its catalog kept under the old text's key.
        atlas, key = load_with_key(folder)
    else:
        atlas = build_atlas(data, folder)
    # The fingerprint is the key of the catalog of answers kept beside the data in the cache.
    G = LightGraph(**graph_attributes(atlas), fingerprint=key)
    fill(G, atlas)
    return G.freeze()
