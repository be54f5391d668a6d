"""GraphML for Gephi, Cytoscape, yEd, igraph, graphology and networkx.

Every edge has a unique ``id`` (``point:BL13--next--point:BL14``, see
:func:`meridian.tables.edge_id`) and its relation as the ``relation`` attribute; nodes carry the
attributes of :func:`meridian.tables.node_attributes` (a point's: every field of its ``POINT``
object), lists and objects as JSON text (GraphML has no nesting). Each attribute is declared once
with one type (``int``, ``double``, ``boolean``, ``string``), so every reader decodes it the same
way; a missing value is a missing attribute.

networkx reads an edge's GraphML id as its key; :func:`read_graphml` reads the file back with the
relations as keys again, which gives :func:`flat_graph`.

Examples
--------
>>> import pathlib, tempfile
>>> from meridian import build_graph
>>> G = build_graph()
>>> path = pathlib.Path(tempfile.mkdtemp()) / "meridian.graphml"
>>> _ = path.write_text(graphml_text(G), encoding="utf-8")
>>> back = read_graphml(path)
>>> type(back).__name__, back.nodes["point:BL13"]["pinyin"], sorted(back["point:BL13"]["organ:lung"])
('MultiDiGraph', 'Feishu', ['back_shu_of'])
>>> back.nodes["point:BL13"]["cautions"][:30]
'[{"flag": "pneumothorax", "tex'
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .tables import Value, edge_id, json_text, node_attributes

__all__ = ["flat_graph", "graphml_text", "read_graphml"]

_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
    ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)


def _edge_attributes(key: str, data: Mapping[str, Any]) -> dict[str, Value]:
    attrs: dict[str, Value] = {"relation": key}
    for name in ("along", "across"):
        if data.get(name) is not None:
            attrs[name] = data[name]
    if "sources" in data:
        attrs["sources"] = list(data["sources"])
    return attrs


def _elements(G: Any) -> Iterator[tuple[str, tuple[str, ...], dict[str, Value]]]:
    """(domain, ids, attributes) of every node, then every edge."""
    for node in G.nodes:
        yield "node", (node,), node_attributes(G, node)
    for u, v, key, data in G.edges(keys=True, data=True):
        yield "edge", (u, v, key), _edge_attributes(key, data)


def _type(values: set[type]) -> str:
    if values == {bool}:
        return "boolean"
    if values == {int}:
        return "int"
    if values <= {int, float}:
        return "double"
    return "string"


def _declared(G: Any) -> dict[tuple[str, str], str]:
    """The GraphML type of every (domain, attribute name), in order of first appearance."""
    seen: dict[tuple[str, str], set[type]] = {}
    for domain, _, attrs in _elements(G):
        for name, value in attrs.items():
            seen.setdefault((domain, name), set()).add(type(value))
    return {slot: _type(types) for slot, types in seen.items()}


def _cast(value: Value, kind: str) -> str | int | float | bool:
    if isinstance(value, (list, dict)):
        return json_text(value)
    if kind == "double":
        return float(value)  # type: ignore[arg-type]
    if kind == "string":
        return str(value)
    assert value is not None  # missing values are left out before this
    return value


def _text(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(str(value))


def graphml_text(G: Any) -> str:
    """``G`` as GraphML text (unique edge ids, relation on every edge, typed attributes)."""
    types = _declared(G)
    keys = {slot: f"{slot[0][0]}_{slot[1]}" for slot in types}
    lines = [_HEAD]
    for (domain, name), kind in types.items():
        lines.append(
            f'  <key id={quoteattr(keys[domain, name])} for="{domain}" attr.name={quoteattr(name)}'
            f' attr.type="{kind}"/>\n'
        )
    lines.append('  <graph id="meridian" edgedefault="directed">\n')
    for domain, ids, attrs in _elements(G):
        if domain == "node":
            lines.append(f"    <node id={quoteattr(ids[0])}>")
        else:
            u, v, key = ids
            lines.append(
                f"    <edge id={quoteattr(edge_id(u, key, v))} source={quoteattr(u)} target={quoteattr(v)}>"
            )
        for name, value in attrs.items():
            text = _text(_cast(value, types[domain, name]))
            lines.append(f"<data key={quoteattr(keys[domain, name])}>{text}</data>")
        lines.append(f"</{domain}>\n")
    lines.append("  </graph>\n</graphml>\n")
    return "".join(lines)


def flat_graph(G: Any) -> Any:
    """What the GraphML export holds, as a networkx ``MultiDiGraph`` keyed by relation.

    The nodes and edges of ``G`` with the attributes the export writes, each of the type it is
    declared with (a number that is whole in one record and fractional in another is a float;
    lists and objects are JSON text).

    >>> from meridian import build_graph
    >>> flat = flat_graph(build_graph())
    >>> flat.nodes["point:BL13"]["lateral_cun"], flat.nodes["point:BL13"]["sources"][:13]
    (1.5, '["acuschool",')
    """
    import networkx as nx

    types = _declared(G)
    flat = nx.MultiDiGraph()
    for domain, ids, attrs in _elements(G):
        typed = {name: _cast(value, types[domain, name]) for name, value in attrs.items()}
        if domain == "node":
            flat.add_node(ids[0], **typed)
        else:
            flat.add_edge(ids[0], ids[1], key=ids[2], **typed)
    return flat


def read_graphml(path: str | os.PathLike[str]) -> Any:
    """Read a GraphML export back into a networkx ``MultiDiGraph`` keyed by relation.

    ``networkx.read_graphml(path, force_multigraph=True)`` alone keys the edges by their GraphML
    ids; this keys them by their ``relation`` attribute, as :func:`meridian.build_graph` does.
    """
    import networkx as nx

    read = nx.read_graphml(path, force_multigraph=True)
    back = nx.MultiDiGraph()
    back.add_nodes_from(read.nodes(data=True))
    back.add_edges_from((u, v, data["relation"], data) for u, v, data in read.edges(data=True))
    return back
