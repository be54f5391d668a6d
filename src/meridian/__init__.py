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

from . import moved
from .errors import DataError, MeridianError, NotFoundError, UsageError

# `lookup` is the name of a module and of its function: bind the function now, or the first
# import of the module would bind the module under that name. It needs no networkx.
from .query.lookup import lookup, search
from .version import __version__

moved.install()  # the old import paths of modules that moved (meridian.io, ...)
# The old path of the lookup module, taken now: its first import would bind `meridian.lookup` to it.
moved.alias("meridian.lookup")

TYPE_CHECKING = False  # not typing's: importing typing would cost a lookup more than its own work
if TYPE_CHECKING:  # for type checkers and editors; at run time each name is imported on first use
    from typing import Any

    from .atlas.loader import Problem, default_data_dir, load, validate
    from .clinic.reasoning import locate, suggest
    from .export.formats import export_graph
    from .graph.build import build_graph
    from .model import Atlas, Channel, Point
    from .query.points import channel_data, channel_points, point_data, resolve_channel, resolve_code

# Where each public name lives. They are imported when first used, so `import meridian` (and a
# lookup from the command line) stays cheap: networkx, yaml and jsonschema load only when needed.
_LAZY = {
    "export_graph": "export", "build_graph": "graph",
    "Problem": "atlas", "default_data_dir": "atlas", "load": "atlas", "validate": "atlas",
    "Atlas": "model", "Channel": "model", "Point": "model",
    "channel_data": "query", "channel_points": "query", "point_data": "query",
    "resolve_channel": "query", "resolve_code": "query", "locate": "clinic", "suggest": "clinic",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'meridian' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
