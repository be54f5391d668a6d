"""The graph written out for other tools: ``formats`` holds the registry (:data:`FORMATS`, one entry
a format, with its suffixes) and ``graphml``, ``tables``, ``rdf``, ``fhir`` the writers. Names
load on first use.
"""

from __future__ import annotations

from ..lazy import lazy_names

TYPE_CHECKING = False
if TYPE_CHECKING:
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


__getattr__, __dir__ = lazy_names(__name__, globals(), _LAZY)


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
