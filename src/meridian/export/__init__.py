"""The graph written out for other tools: ``formats`` holds the registry (:data:`FORMATS`, one entry
a format, with its suffixes) and ``graphml``, ``tables``, ``rdf``, ``fhir`` the writers. Names
load on first use.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .formats import (
        FORMATS,
        cytoscape_data,
        export_graph,
        format_for,
        node_link_data,
        render,
        schema_files,
        write_schemas,
    )

_LAZY = {
    "FORMATS": "formats",
    "cytoscape_data": "formats",
    "export_graph": "formats",
    "format_for": "formats",
    "node_link_data": "formats",
    "render": "formats",
    "schema_files": "formats",
    "write_schemas": "formats",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'meridian.export' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "FORMATS",
    "cytoscape_data",
    "export_graph",
    "format_for",
    "node_link_data",
    "render",
    "schema_files",
    "write_schemas",
]
