"""Queries: pure functions of the graph that return plain, sorted data.

Every function takes the graph from :func:`meridian.build_graph` first and returns lists, dicts,
strings and numbers only, in a stable order, so the same question always gets the same answer.

Examples
--------
>>> from meridian import build_graph
>>> G = build_graph()
>>> [p["code"] for p in channel_data(G, "GV")["points"]][:3]
['GV1', 'GV2', 'GV3']
"""

from __future__ import annotations

from typing import Any

from ..errors import NotFoundError
from ..graph.core import derived, node_id, point_of
from ..model import Category, Channel, Point
from ..names import channel_code, normalize_name, point_code

__all__ = [
    "channel_data",
    "channel_dict",
    "channel_points",
    "point_data",
    "point_dict",
    "resolve_channel",
    "resolve_code",
    "shared_codes",
]


@derived
def _channel_codes(G: Any) -> dict[str, str]:
    """Upper-cased channel code or alias -> channel code (aliases shared by two channels left out)."""
    table: dict[str, str] = {}
    for _, data in G.nodes(data=True):
        if data["kind"] == "channel":
            record = data["record"]
            table[record.code.upper()] = record.code
            for alias in record.aliases:
                table[alias.upper()] = record.code
    return table


@derived
def shared_codes(G: Any) -> dict[str, tuple[str, ...]]:
    """Codes that name one channel in one school and another in another: ``{"P": ("LU", "PC")}``."""
    table: dict[str, list[str]] = {}
    for _, data in G.nodes(data=True):
        if data["kind"] == "channel":
            for alias in data["record"].shared_aliases:
                table.setdefault(alias.upper(), []).append(data["record"].code)
    return {alias: tuple(codes) for alias, codes in sorted(table.items())}


@derived
def _channel_names(G: Any) -> dict[str, str]:
    """Folded English, pinyin and Chinese names of the channels -> channel code."""
    table: dict[str, str] = {}
    for _, data in G.nodes(data=True):
        if data["kind"] == "channel":
            ch = data["record"]
            for name in (ch.name, ch.pinyin, ch.pinyin_tones, ch.hanzi, ch.hanzi_simplified):
                table.setdefault(normalize_name(name), ch.code)
    return table


def resolve_channel(G: Any, text: str) -> str:
    """The channel code for a code, alias or name in any case (``ub`` -> ``BL``, ``Liver`` -> ``LR``).

    Names are the English name (with or without "channel" or "meridian"), the pinyin with or
    without tones, and the characters in either script.

    Examples
    --------
    >>> from meridian import build_graph
    >>> G = build_graph()
    >>> [resolve_channel(G, t) for t in ("ub", "Du", "Liver", "gall bladder meridian", "足厥陰肝經")]
    ['BL', 'GV', 'LR', 'GB', 'LR']
    """
    return channel_code(_channel_codes(G), _channel_names(G), shared_codes(G), text)


def resolve_code(G: Any, text: str) -> str | None:
    """The WHO code for a point code written any common way, or None when it is no such point.

    ``BL13``, ``bl13``, ``BL-13``, ``BL 13``, ``UB13``, ``B13``, ``V13`` all give ``BL13``. Zero
    padding (``BL013``) is accepted too.

    Examples
    --------
    >>> from meridian import build_graph
    >>> G = build_graph()
    >>> [resolve_code(G, t) for t in ("ub 13", "Du-14", "ex-b2", "BL99")]
    ['BL13', 'GV14', 'EX-B2', None]
    """
    code = point_code(_channel_codes(G), text)
    return code if code is not None and node_id("point", code) in G else None


def channel_points(G: Any, code: str) -> list[str]:
    """The codes of a channel's points in order along its flow.

    Examples
    --------
    >>> from meridian import build_graph
    >>> channel_points(build_graph(), "BL")[12:15]
    ['BL13', 'BL14', 'BL15']
    """
    channel = node_id("channel", resolve_channel(G, code))
    members = [u for u, _, k in G.in_edges(channel, keys=True) if k == "on_channel"]
    return [G.nodes[u]["code"] for u in sorted(members, key=lambda u: G.nodes[u]["number"])]


def _category(cat: Category) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": cat.kind, "label": cat.describe()}
    for key in ("organ", "of", "role", "phase", "vessel"):
        value = getattr(cat, key)
        if value is not None:
            out[key] = value
    if cat.kind == "meeting":
        out["channels"] = list(cat.channels)
        out["vessels"] = list(cat.vessels)
    return out


def point_dict(p: Point) -> dict[str, Any]:
    """A point record as plain data: the ``POINT`` object of the JSON contract."""
    loc = p.location
    return {
        "code": p.code,
        "channel": p.channel,
        "number": p.number,
        "pinyin": p.pinyin,
        "pinyin_tones": p.pinyin_tones,
        "hanzi": p.hanzi,
        "hanzi_simplified": p.hanzi_simplified,
        "english": p.english,
        "aliases": list(p.aliases),
        "other_codes": [{"code": c.code, "system": c.system, "note": c.note} for c in p.other_codes],
        "location": {
            "region": loc.region,
            "level": loc.level,
            "level_to": loc.level_to,
            "levels": list(loc.levels),
            "lateral_cun": loc.lateral_cun,
            "side": loc.side,
            "frame": loc.frame,
            "along": loc.along,
            "across": loc.across,
            "estimated": loc.estimated,
            "text": loc.text,
        },
        "needling": None
        if p.needling is None
        else {
            "angles": list(p.needling.angles),
            "depth_cun": None if p.needling.depth_cun is None else list(p.needling.depth_cun),
            "text": p.needling.text,
        },
        "organs": [{"organ": r.organ, "relation": r.relation, "source": list(r.sources)} for r in p.organs],
        "categories": [_category(c) for c in p.categories],
        "cautions": [{"flag": c.flag, "text": c.text} for c in p.cautions],
        "notes": list(p.notes),
        "sources": list(p.sources),
    }


def point_data(G: Any, code: str) -> dict[str, Any]:
    """One point as plain data: the ``POINT`` object of the JSON contract.

    Parameters
    ----------
    G
        The graph from :func:`meridian.build_graph`.
    code
        A point code in any common spelling (see :func:`resolve_code`).

    Raises
    ------
    NotFoundError
        When no point has that code.

    Examples
    --------
    >>> from meridian import build_graph
    >>> bl13 = point_data(build_graph(), "UB13")
    >>> bl13["code"], bl13["hanzi"], bl13["location"]["level"], bl13["organs"][0]["organ"]
    ('BL13', '肺俞', 'T3', 'lung')
    """
    resolved = resolve_code(G, code)
    if resolved is None:
        raise NotFoundError(f"no point with the code {code!r}")
    return point_dict(point_of(G, resolved))


def channel_data(G: Any, code: str) -> dict[str, Any]:
    """A channel and its points in order, as plain data (the ``channel --json`` contract).

    Examples
    --------
    >>> from meridian import build_graph
    >>> bl = channel_data(build_graph(), "BL")
    >>> bl["code"], bl["organ"], bl["paired"], len(bl["points"])
    ('BL', 'bladder', 'KI', 67)
    """
    resolved = resolve_channel(G, code)
    ch = G.nodes[node_id("channel", resolved)]["record"]
    return {**channel_dict(ch), "points": [point_dict(point_of(G, c)) for c in channel_points(G, resolved)]}


def channel_dict(ch: Channel) -> dict[str, Any]:
    """A channel record as plain data: the ``channel --json`` object without its points."""
    return {
        "code": ch.code,
        "name": ch.name,
        "pinyin": ch.pinyin,
        "pinyin_tones": ch.pinyin_tones,
        "hanzi": ch.hanzi,
        "hanzi_simplified": ch.hanzi_simplified,
        "kind": ch.kind,
        "aliases": list(ch.aliases),
        "shared_aliases": list(ch.shared_aliases),
        "limb": ch.limb,
        "polarity": ch.polarity,
        "organ": ch.organ,
        "paired": ch.paired,
        "flows_to": ch.flows_to,
        "point_count": ch.point_count,
        "flow": ch.flow,
        "sources": list(ch.sources),
    }
