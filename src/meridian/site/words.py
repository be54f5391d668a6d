"""Sentences for the pages, made from the data: where a point lies in B-cun, what its categories
mean, how it is needled. Every sentence is the project's own, filled in from the records.

Examples
--------
>>> from meridian import build_graph
>>> from meridian.query import point_data
>>> G = build_graph()
>>> import textwrap
>>> print(textwrap.fill(frame_sentence(G, point_data(G, "ST36")["location"]), 100))
In the frame of the front and outer side of the lower leg, from the knee to the lateral malleolus: 3
B-cun from the popliteal crease (level of the knee) towards the prominence of the lateral malleolus
(which lies 16 B-cun from it); 2 B-cun from the lateral midline of the leg (forward).
>>> frame_sentence(G, point_data(G, "BL13")["location"])
'On the back: level with the lower border of the T3 spinous process, 1.5 B-cun from the posterior midline.'
"""

from __future__ import annotations

from typing import Any

from ..graph.core import node_id
from ..query.location import across_way

__all__ = ["category_phrase", "frame_sentence", "needling_sentence", "organ_name", "side_phrase"]


def organ_name(G: Any, organ: str) -> str:
    """An organ's English name in running text (``the lung``, ``the San Jiao``).

    Examples
    --------
    >>> from meridian import build_graph
    >>> organ_name(build_graph(), "large_intestine")
    'the large intestine'
    """
    name = str(G.nodes[node_id("organ", organ)]["name"]).split(" (")[0]
    return "the " + (name if organ in ("san_jiao", "gao_huang") else name.lower())


def _num(value: float) -> str:
    return f"{value:g}"


def _frame_name(frame: Any) -> str:
    text = str(frame.name)
    return text[0].lower() + text[1:]


def frame_sentence(G: Any, loc: dict[str, Any]) -> str | None:
    """Where a point lies in its body frame, in B-cun and in words; None when it has no frame."""
    if not loc.get("frame"):
        return None
    if loc["frame"] == "back":
        levels = loc["levels"]
        if len(levels) > 1:
            where = f"level with the lower border of each spinous process from {levels[0]} to {levels[-1]}, "
        elif levels:
            where = f"level with the lower border of the {levels[0]} spinous process, "
        else:
            where = ""
        lateral = loc["lateral_cun"] or 0.0
        across = (
            "on the posterior midline"
            if lateral == 0
            else f"{_num(lateral)} B-cun from the posterior midline"
        )
        return f"On the back: {where}{across}."
    frame = G.nodes[node_id("frame", loc["frame"])]["record"]
    text = f"In the frame of the {_frame_name(frame)}: {_along(loc['along'], frame.along)}"
    zero = str(frame.across.start)
    # "the line between the tendons ..." reads where a bare "between ..." would not.
    line = f"line {zero}" if zero.startswith("between") else zero
    if loc["across"] == 0:
        text += f"; on the {line}"
    else:
        positive = frame.across.end
        way = across_way(positive, loc["across"])
        text += f"; {_num(abs(loc['across']))} B-cun from the {line} ({way})"
    if loc["estimated"]:
        text += ". The numbers are estimated from the landmarks the location names"
    return text + "."


def _along(value: float, axis: Any) -> str:
    """Where a point lies along its frame's long axis, in words."""
    start, end, total = axis.start, axis.end, axis.cun
    lies = f" (which lies {_num(total)} B-cun from it)" if total else ""
    if value == 0:
        return f"at the {start}"
    if value < 0:
        return f"{_num(-value)} B-cun from the {start}, on the side away from the {end}"
    if total and value == total:
        return f"at the {end}, {_num(value)} B-cun from the {start}"
    if total and value > total:
        return f"{_num(value)} B-cun from the {start}, beyond the {end}{lies}"
    return f"{_num(value)} B-cun from the {start} towards the {end}{lies}"


def side_phrase(loc: dict[str, Any]) -> str:
    """``on both sides of the body`` or ``on the midline (a single point)``."""
    return "on the midline (a single point)" if loc["side"] == "midline" else "on both sides of the body"


def needling_sentence(needling: dict[str, Any] | None) -> str:
    """How a point is needled, in a sentence.

    Examples
    --------
    >>> needling_sentence({"angles": ["oblique"], "depth_cun": [0.5, 0.8], "text": None})
    'Needled oblique, 0.5 to 0.8 cun deep.'
    >>> needling_sentence(None)
    'Not recorded: the references read do not agree on how this point is needled.'
    """
    if needling is None:
        return "Not recorded: the references read do not agree on how this point is needled."
    angles = needling["angles"]
    if angles == ["none"]:
        return "Not needled."
    named = [a for a in angles if a not in ("prick", "none")]
    parts = []
    if named:
        parts.append("Needled " + " or ".join(named))
    if "prick" in angles:
        parts.append("pricked to bleed" if named else "Pricked to bleed")
    text = ", or ".join(parts)
    depth = needling["depth_cun"]
    if depth:
        text += f", {_num(depth[0])} to {_num(depth[1])} cun deep"
    return text + "."


def _channel(G: Any, code: str) -> str:
    return f"{G.nodes[node_id('channel', code)]['name']} channel ({code})"


def _vessel(G: Any, vessel: str) -> str:
    node = node_id("vessel", vessel)
    return str(G.nodes[node]["record"].name) if node in G else vessel.replace("_", " ")


def category_phrase(G: Any, category: dict[str, Any]) -> str:
    """A point category (as in the POINT object) in words.

    Examples
    --------
    >>> from meridian import build_graph
    >>> from meridian.query import point_data
    >>> G = build_graph()
    >>> [category_phrase(G, c) for c in point_data(G, "LU7")["categories"]]
    ['luo (connecting) point', 'confluent (opening) point of the Conception Vessel']
    """
    kind = category["kind"]
    organ = category.get("organ")
    if kind in ("back-shu", "front-mu", "lower-he-sea") and organ:
        return (
            f"{kind.replace('-', ' ', 1) if kind == 'lower-he-sea' else kind} point of {organ_name(G, organ)}"
        )
    if kind == "five-shu":
        return f"{category['role']} point, one of the five-shu points ({category['phase']} phase)"
    if kind == "meeting":
        names = [_channel(G, c) for c in category.get("channels", [])]
        names += [_vessel(G, v) for v in category.get("vessels", [])]
        if not names:
            return "meeting point"
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return "meeting point with the " + listed
    if kind == "confluent":
        return f"confluent (opening) point of the {_vessel(G, category['vessel'])}"
    if kind == "hui":
        return f"hui (influential) point of {category['of']}"
    if kind == "sea":
        return f"point of the sea of {category['of']}"
    plain = {
        "yuan": "yuan (source) point",
        "luo": "luo (connecting) point",
        "xi-cleft": "xi-cleft (accumulation) point",
        "window-of-sky": "window-of-the-sky point",
        "ghost": "one of the thirteen ghost points",
    }
    return plain.get(kind, str(category["label"]))
