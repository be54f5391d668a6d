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

from typing import Any

import networkx as nx

from ..atlas.loader import load
from ..model import Atlas
from .core import ReadOnlyDict, _read_only, derived, fill, graph_attributes, node_id, point_of

__all__ = ["ReadOnlyDict", "build_graph", "derived", "node_id", "point_of"]


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
    G = nx.MultiDiGraph(**graph_attributes(atlas))
    fill(G, atlas)
    return _freeze(G)


_build_once = derived(_build)
