"""Writing the graph for other tools, in the format its file name asks for.

=============  ===========================  ==================================================
format         file                         read by
=============  ===========================  ==================================================
``graphml``    ``NAME.graphml``             Gephi, Cytoscape, yEd, igraph, graphology, networkx
                                            (:mod:`meridian.graphml`)
``json``       ``NAME.json``                graphology (``Graph.from``) and d3 (``forceLink``
                                            with ``.id(d => d.key)``): the node-link form of
                                            :func:`node_link_data`
``cytoscape``  ``NAME.cyjs``                Cytoscape and Cytoscape.js (:func:`cytoscape_data`)
``csv``        a folder                     ``points.csv``, ``nodes.csv`` and ``edges.csv``
                                            (:mod:`meridian.tables`)
``ttl``        ``NAME.ttl``                 RDF tools: Turtle from :mod:`meridian.rdf` (rdflib)
``fhir``       ``NAME.fhir.json``           FHIR R4 servers: a CodeSystem of every point
                                            (:mod:`meridian.fhir`)
=============  ===========================  ==================================================

Every field of a point's ``POINT`` object (:func:`meridian.query.point_dict`) survives every
format but FHIR, a code system of the points' codes and names: nested in JSON and Cytoscape JSON,
as JSON text in GraphML and CSV (see :mod:`meridian.tables`), as RDF in Turtle (see
:mod:`meridian.rdf`).

Without a format the file's suffix decides; a suffix that names another format is an error. Files
are written whole or not at all (:func:`meridian.io.write_atomic`); every error is a
:class:`~meridian.errors.UsageError` of one sentence.

Examples
--------
>>> import json, pathlib, tempfile
>>> from meridian import build_graph
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> [p.name for p in export_graph(build_graph(), folder / "meridian.json")]
['meridian.json']
>>> data = json.loads((folder / "meridian.json").read_text(encoding="utf-8"))
>>> data["options"], data["nodes"][0]["key"]
({'type': 'directed', 'multi': True, 'allowSelfLoops': False}, 'level:C1')
>>> [p.name for p in export_graph(build_graph(), folder / "tables", "csv")]
['points.csv', 'nodes.csv', 'edges.csv']
>>> format_for("meridian.ttl"), format_for("points.fhir.json"), format_for("g.json", "fhir")
('ttl', 'fhir', 'fhir')
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model import Point
from ..query.points import point_dict
from .tables import (
    EDGE_COLUMNS,
    POINT_COLUMNS,
    csv_text,
    edge_id,
    edge_rows,
    node_attributes,
    node_rows,
    point_rows,
)
from .xrefs import tara_id, uberon_id

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

#: Every format and the file suffixes it is written to (csv writes a folder).
FORMATS: dict[str, tuple[str, ...]] = {
    "graphml": (".graphml",),
    "json": (".json",),
    "cytoscape": (".cyjs",),
    "csv": (),
    "ttl": (".ttl",),
    "fhir": (".fhir.json", ".json"),
}

# The suffix that names each format when no format is given, longest first.
_BY_SUFFIX = {
    ".fhir.json": "fhir", ".graphml": "graphml", ".json": "json", ".cyjs": "cytoscape", ".ttl": "ttl",
}  # fmt: skip


def _suffix(path: str) -> str:
    name = Path(path).name.lower()
    return next((s for s in _BY_SUFFIX if name.endswith(s)), Path(name).suffix)


def format_for(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The format to write ``path`` in: ``fmt`` if given (and the suffix agrees), else the suffix's.

    Raises
    ------
    UsageError
        For an unknown format, a suffix that names another format, or a name that says nothing.

    Examples
    --------
    >>> format_for("out/meridian.graphml"), format_for("tables/"), format_for("x.json", "fhir")
    ('graphml', 'csv', 'fhir')
    >>> format_for("x.ttl", "json")
    Traceback (most recent call last):
    ...
    meridian.errors.UsageError: 'x.ttl' names a ttl file, not json: name it x.json, or leave --format out
    """
    raw = os.fspath(path)
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    suffix = _suffix(raw)
    named = _BY_SUFFIX.get(suffix) or ("csv" if suffix == ".csv" else None)
    if fmt is None:
        if named == "csv":
            raise UsageError(
                f"cannot write {raw!r}: csv writes three tables (points.csv, nodes.csv, edges.csv) into"
                " a folder; give the folder, e.g. -o tables/"
            )
        if named is None and (raw.endswith(("/", os.sep)) or os.path.isdir(raw)):
            return "csv"
        if named is None:
            raise UsageError(
                f"cannot tell the format of {raw!r}: name it .graphml, .json, .cyjs, .ttl or .fhir.json,"
                " give a folder for csv, or say --format"
            )
        return named
    if named is not None and suffix not in FORMATS[fmt] and not (fmt == "csv" and named == "csv"):
        stem = Path(raw).name[: -len(suffix)] if suffix else Path(raw).name
        better = f"name it {stem}{FORMATS[fmt][0]}" if FORMATS[fmt] else "give a folder"
        raise UsageError(f"{raw!r} names a {named} file, not {fmt}: {better}, or leave --format out")
    if fmt == "csv" and named == "csv":
        raise UsageError(
            f"cannot write {raw!r}: csv writes a folder of three tables; give it, e.g. -o tables/"
        )
    return fmt


def _plain(value: Any) -> Any:
    """Records and tuples as JSON data; a point's record is its POINT object."""
    if isinstance(value, Point):
        return point_dict(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _xrefs(data: Any) -> dict[str, str]:
    ref = tara_id(data["code"]) if data["kind"] == "point" else None
    ref = uberon_id(data["organ"]) if data["kind"] == "organ" else ref
    return {} if ref is None else {"tara" if data["kind"] == "point" else "uberon": ref}


def _graph_attributes() -> dict[str, str]:
    from ..version import __version__

    return {"name": "meridian", "version": __version__}


def node_link_data(G: Any) -> dict[str, Any]:
    """``G`` in graphology's serialization, which d3 reads as it is.

    ``{"attributes", "options", "nodes": [{"key", "attributes"}], "edges": [{"key", "source",
    "target", "attributes"}]}``: ``Graph.from(data)`` in graphology; in d3,
    ``forceSimulation(data.nodes).force("link", forceLink(data.edges).id(d => d.key))``. Node
    attributes are the graph's (records as nested objects, a point's as its POINT object) plus
    ``tara`` or ``uberon`` where known; an edge's are the graph's plus ``relation``, its key (which
    also stands for the ``relation`` attribute of point-to-organ edges: ``back_shu_of`` for
    ``back-shu``). Nothing inside is JSON text.

    >>> from meridian import build_graph
    >>> data = node_link_data(build_graph())
    >>> edge = next(e for e in data["edges"] if e["source"] == "point:BL13" and e["target"] == "organ:lung")
    >>> edge["key"], edge["attributes"]["relation"], edge["attributes"]["sources"][:1]
    ('point:BL13--back_shu_of--organ:lung', 'back_shu_of', ['acuschool'])
    """
    return {
        "attributes": _graph_attributes(),
        "options": {"type": "directed", "multi": True, "allowSelfLoops": False},
        "nodes": [
            {"key": node, "attributes": {**_plain(dict(data)), **_xrefs(data)}}
            for node, data in G.nodes(data=True)
        ],
        "edges": [
            {
                "key": edge_id(u, key, v),
                "source": u,
                "target": v,
                "attributes": {**_plain({k: v for k, v in data.items() if k != "relation"}), "relation": key},
            }
            for u, v, key, data in G.edges(keys=True, data=True)
        ],
    }


def cytoscape_data(G: Any) -> dict[str, Any]:
    """``G`` as Cytoscape JSON (``.cyjs``): what Cytoscape imports and ``cytoscape({elements})`` reads.

    Node and edge data are the attributes of the GraphML export (see
    :func:`meridian.tables.node_attributes`: a point's are every field of its ``POINT`` object),
    with ``id``, and ``source``, ``target`` and ``relation`` on edges; lists and objects are JSON
    lists and objects here, not JSON text.

    >>> from meridian import build_graph
    >>> data = cytoscape_data(build_graph())
    >>> data["elements"]["nodes"][0]["data"]["id"], len(data["elements"]["edges"]) > 1000
    ('level:C1', True)
    >>> li4 = next(n["data"] for n in data["elements"]["nodes"] if n["data"]["id"] == "point:LI4")
    >>> li4["needling_depth_max"], li4["cautions"][0]["flag"]
    (1.5, 'pregnancy')
    """
    from ..version import __version__

    edges = [{"data": {k: v for k, v in row.items() if v is not None}} for row in edge_rows(G)]
    return {
        "format_version": "1.0",
        "generated_by": f"meridian-{__version__}",
        "target_cytoscapejs_version": "~3.0",
        "data": _graph_attributes(),
        "elements": {
            "nodes": [{"data": {"id": node, **node_attributes(G, node)}} for node in G.nodes],
            "edges": edges,
        },
    }


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def _ttl(G: Any) -> bytes:
    from .rdf import turtle

    return turtle(G).encode("utf-8")


def _fhir(G: Any) -> bytes:
    from .fhir import code_system

    return _json(code_system(G))


def _graphml(G: Any) -> bytes:
    from .graphml import graphml_text

    return graphml_text(G).encode("utf-8")


_RENDER: dict[str, Callable[[Any], bytes]] = {
    "graphml": _graphml,
    "json": lambda G: _json(node_link_data(G)),
    "cytoscape": lambda G: _json(cytoscape_data(G)),
    "ttl": _ttl,
    "fhir": _fhir,
}


def render(G: Any, fmt: str) -> dict[str, bytes]:
    """The bytes of an export: one entry (``""``) for a file; for csv, one per table of the folder."""
    if fmt == "csv":
        nodes = node_rows(G)
        return {
            "points.csv": csv_text(POINT_COLUMNS, point_rows(G)).encode("utf-8"),
            "nodes.csv": csv_text(tuple(nodes[0]), nodes).encode("utf-8"),
            "edges.csv": csv_text(EDGE_COLUMNS, edge_rows(G)).encode("utf-8"),
        }
    if fmt not in _RENDER:
        raise UsageError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return {"": _RENDER[fmt](G)}


def _folder(target: Path) -> Path:
    if target.exists() and not target.is_dir():
        raise UsageError(f"cannot write into {str(target)!r}: it is a file, not a folder")
    if not target.parent.is_dir():
        raise UsageError(f"cannot write {str(target)!r}: the folder {str(target.parent)!r} does not exist")
    try:
        target.mkdir(exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot make the folder {str(target)!r}: {exc.strerror or exc}") from None
    return target


def export_graph(G: Any, path: str | os.PathLike[str], fmt: str | None = None) -> list[Path]:
    """Write ``G`` to ``path`` in ``fmt`` (or the format its suffix names); return the files written.

    Everything is rendered before anything is written, and each file is written whole or not at
    all, so a failed export leaves no partial file.

    Raises
    ------
    UsageError
        For a format the name contradicts, a missing folder, a file that cannot be written, or an
        optional library (rdflib) that is not installed.
    """
    from ..atlas.loader import write_atomic

    if not os.fspath(path).strip():  # Path("") is the current folder
        raise UsageError("cannot write to an empty path")
    fmt = format_for(path, fmt)
    target = Path(path)
    if fmt != "csv" and not target.parent.is_dir():
        raise UsageError(
            f"cannot write {os.fspath(path)!r}: the folder {str(target.parent)!r} does not exist"
        )
    files = render(G, fmt)
    if fmt == "csv":
        target = _folder(target)
    return [write_atomic(target / name if name else target, data) for name, data in files.items()]


def schema_files() -> list[Path]:
    """The JSON Schemas that ship with meridian, one per data file, sorted by name."""
    from ..atlas.paths import DATA_FILES, shipped_data_dir

    folder = shipped_data_dir() / "schema"
    return sorted(folder / f"{stem}.schema.json" for stem in DATA_FILES)


def write_schemas(folder: str | os.PathLike[str]) -> list[Path]:
    """Write the shipped JSON Schemas into ``folder`` (made if missing), for an editor; return them.

    Each data file's first line points at ``schema/NAME.schema.json``, so for a copy of the data in
    ``clinic/`` write them to ``clinic/schema``.

    >>> import pathlib, tempfile
    >>> [p.name for p in write_schemas(pathlib.Path(tempfile.mkdtemp()) / "schema")][:2]
    ['channels.schema.json', 'contraindications.schema.json']
    """
    from ..atlas.loader import write_atomic

    if not os.fspath(folder).strip():
        raise UsageError("cannot write into an empty path")
    target = _folder(Path(folder))
    return [write_atomic(target / src.name, src.read_bytes()) for src in schema_files()]
