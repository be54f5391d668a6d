"""meridian: a knowledge graph of acupuncture channels and points.

Load the data, build the graph, and ask it questions::

    >>> import meridian
    >>> G = meridian.build_graph()
    >>> meridian.point_data(G, "BL13")["pinyin"]
    'Feishu'

``import meridian`` never imports matplotlib: only the drawing functions do, when called.
"""

from __future__ import annotations

from .errors import DataError, MeridianError, NotFoundError, UsageError
from .graph import build_graph
from .io import Problem, default_data_dir, load, validate
from .model import Atlas, Channel, Point
from .query import channel_data, channel_points, point_data, resolve_channel, resolve_code

__all__ = [
    "Atlas",
    "Channel",
    "DataError",
    "MeridianError",
    "NotFoundError",
    "Point",
    "Problem",
    "UsageError",
    "__version__",
    "build_graph",
    "channel_data",
    "channel_points",
    "default_data_dir",
    "load",
    "point_data",
    "resolve_channel",
    "resolve_code",
    "validate",
]

__version__ = "0.1.0"
