"""meridian: a knowledge graph of acupuncture channels and points.

Load the data, build the graph, and ask it questions::

    >>> import meridian
    >>> G = meridian.build_graph()
    >>> meridian.lookup(G, "fei shu")["code"]
    'BL13'
    >>> [p["code"] for p in meridian.locate(G, "T5:3:L")]
    ['BL44']
    >>> meridian.suggest(G, ["T5:1.5:L@nodule"])["imbalances"][0]["organ"]
    'heart'

``import meridian`` never imports matplotlib: only the drawing functions do, when called.
"""

from __future__ import annotations

from .errors import DataError, MeridianError, NotFoundError, UsageError
from .export import export_graph
from .graph import build_graph
from .io import Problem, default_data_dir, load, validate
from .lookup import lookup, search
from .model import Atlas, Channel, Point
from .query import channel_data, channel_points, point_data, resolve_channel, resolve_code
from .reasoning import locate, suggest

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
    "export_graph",
    "load",
    "locate",
    "lookup",
    "point_data",
    "resolve_channel",
    "resolve_code",
    "search",
    "suggest",
    "validate",
]

__version__ = "0.1.0"
