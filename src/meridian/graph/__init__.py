"""The graph: the atlas's records as a frozen networkx MultiDiGraph (``build``), and the light graph
the lookups answer from without networkx (``core``). Names load on first use: a lookup crosses
this package without importing networkx.
"""

from __future__ import annotations

from ..lazy import lazy_names

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .build import build_graph
    from .core import LightGraph, ReadOnlyDict, derived, lookup_graph, node_id, point_of

_LAZY = {
    "build_graph": "build",
    "LightGraph": "core",
    "ReadOnlyDict": "core",
    "derived": "core",
    "lookup_graph": "core",
    "node_id": "core",
    "point_of": "core",
}


__getattr__, __dir__ = lazy_names(__name__, globals(), _LAZY)


__all__ = [
    "LightGraph",
    "ReadOnlyDict",
    "build_graph",
    "derived",
    "lookup_graph",
    "node_id",
    "point_of",
]
