"""The catalog: everything ``meridian point``, ``channel`` and ``search`` answer from, as plain data.

A catalog holds each point as its ``POINT`` object (:func:`meridian.query.point_dict`) with its
neighbours, each channel with its points in order, every name folded for matching, and the
tables that read codes and filter values. It is built from a graph once (:func:`build_catalog`)
and kept in the cache beside the checked data, under the same fingerprint, so the next lookup
reads one file and answers: no records, no graph, no networkx, yaml or jsonschema. A catalog is
JSON through and through (lists, never tuples), so one built in memory and one read back from
the cache are the same.

Examples
--------
>>> from meridian.graphcore import lookup_graph
>>> cat = catalog_of(lookup_graph())
>>> cat["points"]["LI4"]["pinyin"], cat["neighbours"]["LI4"]["next"]
('Hegu', 'LI5')
>>> cat["channels"]["ST"]["points"][:3]
['ST1', 'ST2', 'ST3']
"""

from __future__ import annotations

import functools

from ..atlas import cache

__all__ = ["SHAPE", "build_catalog", "catalog_of", "read_catalog"]

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing at run time: reading a catalog stays cheap
    from collections.abc import Callable, Mapping
    from typing import Any

#: The parts of a catalog, each a mapping; a reader decodes only those it asks for.
SHAPE = (
    *("points", "neighbours", "at_level", "facets", "channels", "codes", "channel_names", "shared"),
    *("names", "old_codes", "filters"),
)
#: Parts whose values are kept one by one: a lookup decodes one point, not all of them.
SPLIT = ("points", "neighbours", "at_level")


def _key(fingerprint: str) -> str:
    return f"{fingerprint}-catalog"


def read_catalog(data_dir: Any = None) -> Mapping[str, Any] | None:
    """The cached catalog of a data folder (:func:`~meridian.paths.default_data_dir` if None), or
    None when the cache holds none for the folder as it is now.

    Examples
    --------
    >>> from meridian.graphcore import lookup_graph
    >>> _ = catalog_of(lookup_graph())  # a lookup graph's catalog is kept in the cache
    >>> read_catalog()["channels"]["LU"]["points"][-1]
    'LU11'
    """
    from ..atlas.paths import data_folder

    key = cache.fingerprint(data_folder(data_dir))
    return None if key is None else cache.get_parts(_key(key), SHAPE)


def catalog_of(G: Any) -> Mapping[str, Any]:
    """The catalog of a graph, built once per graph (graphs are frozen).

    A graph made for a quick lookup carries the fingerprint of its data
    (:func:`meridian.graphcore.lookup_graph`); its catalog is then kept in the cache, and read
    from there by the next command instead of being built again.
    """
    return _per_graph()(G)


@functools.cache
def _per_graph() -> Callable[[Any], Mapping[str, Any]]:
    from ..graph.core import derived  # imported when a graph exists, so it costs nothing more

    return derived(_catalog_of)


def _catalog_of(G: Any) -> Mapping[str, Any]:
    key = G.graph.get("fingerprint")
    found = cache.get_parts(_key(key), SHAPE) if key else None
    if found is not None:
        return found
    built = build_catalog(G)
    if key:
        cache.put_parts(_key(key), built, split=SPLIT)
    return built


def build_catalog(G: Any) -> dict[str, Any]:
    """Build the catalog of a graph (a networkx graph from :func:`meridian.build_graph`, or a
    :class:`~meridian.graphcore.LightGraph`); its size grows with the data, linearly."""
    from ..model import LEVELS
    from .points import _channel_codes, _channel_names, channel_dict, channel_points, point_dict, shared_codes

    records = [d["record"] for _, d in G.nodes(data=True) if d["kind"] == "point"]
    points = {p.code: point_dict(p) for p in records}
    channels = {
        d["code"]: {**channel_dict(d["record"]), "points": channel_points(G, d["code"])}
        for _, d in G.nodes(data=True)
        if d["kind"] == "channel"
    }
    names = fold_names(records)
    return {
        "points": points,
        **_neighbours(G, list(points)),
        "facets": {code: facets(p) for code, p in points.items()},
        "channels": channels,
        "codes": dict(_channel_codes(G)),
        "channel_names": dict(_channel_names(G)),
        "shared": {alias: list(codes) for alias, codes in shared_codes(G).items()},
        "names": {k: names[k] for k in ("by_key", "exact", "display")},
        "old_codes": names["old_codes"],
        "filters": {
            "organs": [d["organ"] for _, d in G.nodes(data=True) if d["kind"] == "organ"],
            "categories": sorted({c.kind for p in records for c in p.categories}),
            "cautions": sorted({c.flag for p in records for c in p.cautions}),
            "frames": [d["record"].id for _, d in G.nodes(data=True) if d["kind"] == "frame"],
            "levels": list(LEVELS),
        },
    }


def facets(p: dict[str, Any]) -> dict[str, Any]:
    """What the search filters read of a point (its ``POINT`` object), in short.

    >>> from meridian.query import point_dict
    >>> from meridian.io import load
    >>> f = facets(point_dict(next(p for p in load().points if p.code == "LU5")))
    >>> f["kinds"], f["roles"], f["angles"]
    (['five-shu'], ['he-sea'], ['perpendicular'])
    """
    loc, needling = p["location"], p["needling"]
    keys = ("code", "pinyin", "pinyin_tones", "hanzi", "hanzi_simplified", "english")
    return {
        "channel": p["channel"],
        "region": loc["region"],
        "frame": loc["frame"],
        "levels": loc["levels"],
        "organs": [r["organ"] for r in p["organs"]],
        "kinds": [c["kind"] for c in p["categories"]],
        "roles": [c["role"] for c in p["categories"] if c["kind"] == "five-shu" and "role" in c],
        "cautions": [c["flag"] for c in p["cautions"]],
        "angles": None if needling is None else needling["angles"],
        "names": [*(p[k] for k in keys), *p["aliases"]],
        "text": loc["text"],
    }


def _neighbours(G: Any, codes: list[str]) -> dict[str, dict[str, Any]]:
    """``neighbours``: per point, the previous and next point along the channel and the level it
    is level with (None for none, or for a point that spans levels, such as Jiaji); ``at_level``:
    per such level, every point level with it, in data order. Kept apart so the catalog grows
    with the data, not with the data squared."""
    from ..graph.core import node_id

    order = {node_id("point", code): i for i, code in enumerate(codes)}
    neighbours, at_level = {}, {}
    for code in codes:
        node = node_id("point", code)
        before = [G.nodes[u]["code"] for u, _, k in G.in_edges(node, keys=True) if k == "next"]
        after = [G.nodes[v]["code"] for _, v, k in G.out_edges(node, keys=True) if k == "next"]
        levels = G.nodes[node]["record"].location.levels
        level = levels[0] if len(levels) == 1 else None
        if level is not None and level not in at_level:
            edges = G.in_edges(node_id("level", level), keys=True)
            found = {u for u, _, k in edges if k == "at_level" and u in order}
            at_level[level] = [G.nodes[u]["code"] for u in sorted(found, key=order.__getitem__)]
        neighbours[code] = {
            "previous": before[0] if before else None,
            "next": after[0] if after else None,
            "level": level,
        }
    return {"neighbours": neighbours, "at_level": at_level}


def fold_names(records: Any) -> dict[str, dict[str, Any]]:
    """Every name of every point, folded for matching.

    ``by_key``: folded name -> ``[[code, what], ...]``; ``exact``: name folded but keeping its
    tone marks -> codes; ``old_codes``: a code of another numbering -> ``[[point, system, note],
    ...]``; ``display``: folded name -> a readable form of it, for suggestions.
    """
    from ..names import normalize_name, with_tones

    by_key: dict[str, list[list[str]]] = {}
    exact: dict[str, list[str]] = {}
    filed: set[tuple[str, str]] = set()  # sets, so a name many points share costs no more
    filed_tones: set[tuple[str, str]] = set()
    display: dict[str, str] = {}
    old: dict[str, list[list[str]]] = {}
    for p in records:
        names = [
            ("pinyin", p.pinyin),
            ("pinyin", p.pinyin_tones),
            ("characters", p.hanzi),
            ("characters", p.hanzi_simplified),
            ("English name", p.english),
            *(("alias", a) for a in p.aliases),
        ]
        for what, name in names:
            key = normalize_name(name)
            if (key, p.code) not in filed:
                filed.add((key, p.code))
                by_key.setdefault(key, []).append([p.code, what])
            display.setdefault(key, name)
            tones = with_tones(name)
            if (tones, p.code) not in filed_tones:
                filed_tones.add((tones, p.code))
                exact.setdefault(tones, []).append(p.code)
        for other in p.other_codes:
            old.setdefault(other.code, []).append([p.code, other.system, other.note])
    return {"by_key": by_key, "exact": exact, "old_codes": old, "display": display}
