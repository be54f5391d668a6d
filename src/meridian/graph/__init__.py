"""The graph: the atlas's records as a frozen networkx MultiDiGraph (``build``), and the light graph
the lookups answer from without networkx (``core``). Names load on first use: a lookup crosses
this package without importing networkx.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'meridian.graph' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "LightGraph",
    "ReadOnlyDict",
    "build_graph",
    "derived",
    "lookup_graph",
    "node_id",
    "point_of",
]
