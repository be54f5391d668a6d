"""The whole-body location model: body frames in proportional bone cun (B-cun), and distances.

WHO places every point by proportional measurement: between two landmarks of a body segment lies
a fixed number of B-cun, whatever the person's size. Each frame (``data/frames.yaml``) is such a
segment with a long axis (``along``) and a short one (``across``); each point names its frame and
its two coordinates there. On the back the long axis counts vertebral levels instead of cun.

Examples
--------
>>> from meridian import build_graph
>>> G = build_graph()
>>> d = distance(G, "ST35", "ST36")
>>> d["frame"], d["along_cun"], d["across_cun"], d["unit"]
('leg_lateral', 3.0, 0.0, 'cun')
"""

from __future__ import annotations

from typing import Any

from ..errors import UsageError
from ..graph.core import node_id, point_of
from ..model import Frame

__all__ = ["across_way", "distance", "frame_data", "frames"]


def frames(G: Any) -> list[str]:
    """The ids of the body frames, in data order.

    Examples
    --------
    >>> from meridian import build_graph
    >>> frames(build_graph())[:3]
    ['head', 'head_lateral', 'face']
    """
    return [d["record"].id for _, d in G.nodes(data=True) if d["kind"] == "frame"]


def _frame(G: Any, frame_id: str) -> Frame:
    node = node_id("frame", frame_id)
    if node not in G:
        raise UsageError(f"unknown frame {frame_id!r}; expected one of {', '.join(frames(G))}")
    frame: Frame = G.nodes[node]["record"]
    return frame


def frame_data(G: Any, frame_id: str) -> dict[str, Any]:
    """A frame as plain data: its axes, landmarks and the points placed in it (in channel order).

    Examples
    --------
    >>> from meridian import build_graph
    >>> leg = frame_data(build_graph(), "leg_lateral")
    >>> leg["along"]["from"], leg["along"]["to"], leg["along"]["cun"]
    ('popliteal crease (level of the knee)', 'prominence of the lateral malleolus', 16)
    """
    f = _frame(G, frame_id)
    members = [u for u, _, k in G.in_edges(node_id("frame", f.id), keys=True) if k == "in_frame"]
    return {
        "id": f.id,
        "name": f.name,
        "region": f.region,
        "along": {"from": f.along.start, "to": f.along.end, "cun": f.along.cun, "unit": f.along.unit,
                  "min": f.along.min, "max": f.along.max},
        "across": {"zero": f.across.start, "positive": f.across.end,
                   "min": f.across.min, "max": f.across.max},
        "landmarks": [{"id": m.id, "name": m.name, "along": m.along, "across": m.across}
                      for m in f.landmarks],
        "points": [G.nodes[u]["code"] for u in members],
    }  # fmt: skip


def distance(G: Any, first: str, second: str) -> dict[str, Any]:
    """How far apart two points lie in the frame they share, along its long axis and across it.

    Parameters
    ----------
    G
        The graph from :func:`meridian.build_graph`.
    first, second
        Point codes or names, as :func:`meridian.lookup.lookup` takes them.

    Returns
    -------
    dict
        ``from``, ``to`` (WHO codes), ``frame``, ``along_cun`` and ``across_cun`` (absolute
        separations), ``unit`` (``cun``, or ``level`` on the back, where the long axis counts
        vertebral levels) and ``estimated`` (True when either point's coordinates are an estimate
        from a landmark rather than a WHO measure).

    Raises
    ------
    UsageError
        When the two points lie in different frames (no proportional measure joins them).

    Examples
    --------
    >>> from meridian import build_graph
    >>> G = build_graph()
    >>> d = distance(G, "BL13", "BL15")
    >>> d["frame"], d["along_cun"], d["unit"]
    ('back', 2.0, 'level')
    """
    from .lookup import lookup

    a, b = (point_of(G, str(lookup(G, q)["code"])) for q in (first, second))
    if a.location.frame != b.location.frame:
        raise UsageError(
            f"{a.code} ({a.location.frame}) and {b.code} ({b.location.frame}) share no frame;"
            " a distance in B-cun is only defined within one body frame"
        )
    frame = _frame(G, a.location.frame)
    return {
        "from": a.code,
        "to": b.code,
        "frame": frame.id,
        "along_cun": round(abs(a.location.along - b.location.along), 3),
        "across_cun": round(abs(a.location.across - b.location.across), 3),
        "unit": frame.along.unit,
        "estimated": a.location.estimated or b.location.estimated,
    }


# The other way along each frame's cross axis, for a negative ``across``.
_OPPOSITE = {
    "lateral": "medial",
    "forward": "backward",
    "upward": "downward",
    "towards the thumb side": "towards the little-finger side",
    "towards the outer side": "towards the inner side",
    "towards the big toe": "towards the little toe",
}


def across_way(positive: str, across: float) -> str:
    """The direction of a frame's ``across`` coordinate in words, given the axis's positive way.

    Examples
    --------
    >>> across_way("forward", 2.0), across_way("towards the thumb side", -1.5)
    ('forward', 'towards the little-finger side')
    """
    return positive if across > 0 else _OPPOSITE.get(positive, f"away from the {positive}")
