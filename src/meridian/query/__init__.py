"""Questions to the graph, as pure functions ``f(G, ...)`` returning sorted plain data: the points
and channels (``points``), the catalog and lookup by any name (``catalog``, ``lookup``), the search
filters (``filters``) and where a point lies on the body (``location``). Names load on first use.

(``lookup`` and ``search`` are :mod:`meridian`'s; here ``meridian.query.lookup`` is the module.)
"""

from __future__ import annotations

from ..lazy import lazy_names

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .location import distance, frame_data, frames
    from .points import (
        channel_data,
        channel_dict,
        channel_points,
        point_data,
        point_dict,
        resolve_channel,
        resolve_code,
        shared_codes,
    )

_LAZY = {
    "channel_data": "points",
    "channel_dict": "points",
    "channel_points": "points",
    "point_data": "points",
    "point_dict": "points",
    "resolve_channel": "points",
    "resolve_code": "points",
    "shared_codes": "points",
    "distance": "location",
    "frame_data": "location",
    "frames": "location",
}


__getattr__, __dir__ = lazy_names(__name__, globals(), _LAZY)


__all__ = [
    "channel_data",
    "channel_dict",
    "channel_points",
    "distance",
    "frame_data",
    "frames",
    "point_data",
    "point_dict",
    "resolve_channel",
    "resolve_code",
    "shared_codes",
]
