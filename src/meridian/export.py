"""Writing the graph for other tools: GraphML (Gephi, Cytoscape), node-link JSON, CSV.

GraphML and JSON hold :func:`flat_graph`: the built graph with every attribute turned into a
string, a number or a boolean (lists and records become JSON text), since GraphML has no other
types. Reading an export back with networkx gives that graph again.

Examples
--------
>>> import tempfile, pathlib, networkx as nx
>>> from meridian import build_graph
>>> G = build_graph()
>>> path = export(G, "graphml", pathlib.Path(tempfile.mkdtemp()) / "meridian.graphml")
>>> back = nx.read_graphml(path, force_multigraph=True)
>>> back.nodes["point:BL13"]["pinyin"], back.number_of_edges() == G.number_of_edges()
('Feishu', True)
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from .errors import UsageError
from .io import write_atomic
from .query import point_dict

__all__ = ["CSV_COLUMNS", "FORMATS", "export", "flat_graph", "point_rows"]

FORMATS = ("graphml", "json", "csv")

# Point fields copied into the CSV as they are.
_PLAIN = ("code", "channel", "number", "pinyin", "pinyin_tones", "hanzi", "hanzi_simplified", "english")

#: Columns of the CSV export, one row per point.
CSV_COLUMNS = (
    *_PLAIN,
    "aliases", "region", "level", "level_to", "lateral_cun", "side", "location",
    "categories", "organs", "cautions", "other_codes", "sources",
)  # fmt: skip


def _flat(value: Any) -> Any:
    if isinstance(value, (str, bool, int, float)):
        return value
    if is_dataclass(value) and not isinstance(value, type):
        value = asdict(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=list)


def flat_graph(G: Any) -> Any:
    """A copy of ``G`` whose attributes are all strings, numbers or booleans (None is left out).

    Examples
    --------
    >>> from meridian import build_graph
    >>> flat = flat_graph(build_graph())
    >>> flat.nodes["point:BL13"]["level"], type(flat.nodes["point:BL13"]["record"]).__name__
    ('T3', 'str')
    """
    flat = nx.MultiDiGraph()
    flat.graph.update({"name": G.graph.get("name", "meridian")})
    for node, data in G.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in data.items() if v is not None})
    for u, v, key, data in G.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **{k: _flat(val) for k, val in data.items() if val is not None})
    return flat


def point_rows(G: Any) -> list[dict[str, Any]]:
    """One flat row per point (the CSV export), lists joined with ``; ``."""
    rows = []
    for _, data in G.nodes(data=True):
        if data["kind"] != "point":
            continue
        p = point_dict(data["record"])
        loc = p["location"]
        rows.append(
            {
                **{k: p[k] for k in _PLAIN},
                "aliases": "; ".join(p["aliases"]),
                "region": loc["region"],
                "level": loc["level"] or "",
                "level_to": loc["level_to"] or "",
                "lateral_cun": "" if loc["lateral_cun"] is None else loc["lateral_cun"],
                "side": loc["side"],
                "location": loc["text"],
                "categories": "; ".join(c["label"] for c in p["categories"]),
                "organs": "; ".join(f"{o['relation']}:{o['organ']}" for o in p["organs"]),
                "cautions": "; ".join(c["flag"] for c in p["cautions"]),
                "other_codes": "; ".join(f"{c['code']} ({c['system']})" for c in p["other_codes"]),
                "sources": "; ".join(p["sources"]),
            }
        )
    return rows


def _render(G: Any, fmt: str) -> bytes:
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(flat_graph(G))).encode("utf-8") + b"\n"
    if fmt == "json":
        data = nx.node_link_data(flat_graph(G), edges="edges")
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(point_rows(G))
    return out.getvalue().encode("utf-8")


def export(G: Any, fmt: str, path: str | os.PathLike[str]) -> Path:
    """Write ``G`` as ``graphml``, ``json`` (networkx node-link) or ``csv`` (one row per point).

    The file is written under a temporary name beside ``path`` and moved into place, so a failed
    export leaves no partial file. Returns the path written.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    target = Path(path)
    if not target.parent.is_dir():
        raise UsageError(f"no such folder: {target.parent}")
    return write_atomic(target, _render(G, fmt))
