"""The graph as three tables: points, the other nodes, edges (CSV, pandas, and GraphML's attributes).

Every field of a point's ``POINT`` object (:func:`meridian.query.point_dict`) has a column of
``points.csv``: the names and numbers as they are, the location's fields under their own names
(its text as ``location``), the needling spread over ``needling_text``, ``needling_angles``,
``needling_depth_min`` and ``needling_depth_max``, and the lists and objects (``aliases``,
``other_codes``, ``levels``, ``needling_angles``, ``organs``, ``categories``, ``cautions``,
``notes``, ``sources``: :data:`JSON_COLUMNS`) as they are in ``POINT``. A flat format with no
nesting (CSV, GraphML) writes those as JSON text; a missing value (None) is an empty cell. A point
without a needling record has all four needling cells empty; with one, ``needling_angles`` is a
list (``[]`` at least). ``tara`` is the point's TARA id (:mod:`meridian.xrefs`).

The 95 nodes that are not points (channels, organs, levels, frames, vessels) are rows of
``nodes.csv``: their graph attributes and their record's fields, one column per name any of them
has (:func:`node_columns`); a frame's axes are ``along_axis`` and ``across_axis``, as ``along`` and
``across`` are a point's coordinates. Nodes are keyed by ``id`` (``point:BL13``), as in the graph,
so the edges table (``source``, ``target``, ``relation``) joins onto both; an edge's ``id`` is
``SOURCE--RELATION--TARGET``, unique because the graph has one edge per relation between two nodes.

Examples
--------
>>> from meridian import build_graph
>>> G = build_graph()
>>> row = next(r for r in point_rows(G) if r["code"] == "BL13")
>>> row["id"], row["level"], row["organs"][0]["relation"], row["tara"]
('point:BL13', 'T3', 'back-shu', 'TARA:6050541')
>>> row["needling_angles"], row["needling_depth_max"], row["cautions"][0]["flag"]
(['oblique'], 0.8, 'pneumothorax')
>>> next(r for r in node_rows(G) if r["id"] == "channel:BL")["flow"][:24]
'From the inner corner of'
>>> edge = next(r for r in edge_rows(G) if r["source"] == "point:BL13" and r["relation"] == "next")
>>> edge["id"], edge["target"]
('point:BL13--next--point:BL14', 'point:BL14')
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..query.points import point_dict
from .xrefs import tara_id

__all__ = [
    "EDGE_COLUMNS",
    "JSON_COLUMNS",
    "POINT_COLUMNS",
    "Scalar",
    "Value",
    "csv_text",
    "edge_id",
    "edge_rows",
    "edges_frame",
    "json_text",
    "node_attributes",
    "node_columns",
    "node_rows",
    "nodes_frame",
    "point_rows",
    "points_frame",
]

# POINT fields copied as they are.
_PLAIN = ("code", "channel", "number", "pinyin", "pinyin_tones", "hanzi", "hanzi_simplified", "english")
# Fields of POINT's location, under the same names (its text is the ``location`` column).
_LOCATION = ("region", "level", "level_to", "levels", "lateral_cun", "side", "frame", "along", "across",
             "estimated")  # fmt: skip

#: Columns of the points table, in order.
POINT_COLUMNS = (
    "id", *_PLAIN, "aliases", "other_codes", *_LOCATION, "location", "needling_text", "needling_angles",
    "needling_depth_min", "needling_depth_max", "organs", "categories", "cautions", "notes", "sources",
    "tara",
)  # fmt: skip

#: Columns of the points table that hold a list or an object (JSON text in CSV and GraphML).
JSON_COLUMNS = ("aliases", "other_codes", "levels", "needling_angles", "organs", "categories", "cautions",
                "notes", "sources")  # fmt: skip

#: Columns of the edges table, in order (``sources`` is a list).
EDGE_COLUMNS = ("id", "source", "target", "relation", "along", "across", "sources")

Scalar = str | int | float | bool | None
#: A cell before it is written: a scalar, or a list or object of plain JSON data.
Value = Scalar | list[Any] | dict[str, Any]

# Record fields of other nodes renamed in their rows, so one name means one thing in every table.
_RENAMED = {"along": "along_axis", "across": "across_axis"}


def edge_id(source: str, key: str, target: str) -> str:
    """The id of an edge in every export: ``SOURCE--RELATION--TARGET``."""
    return f"{source}--{key}--{target}"


def json_text(value: Any) -> str:
    """A list or an object as the JSON text a CSV cell or a GraphML attribute holds.

    >>> json_text([{"flag": "pregnancy", "text": "Not in pregnancy."}])
    '[{"flag": "pregnancy", "text": "Not in pregnancy."}]'
    """
    return json.dumps(value, ensure_ascii=False)


def _point_row(node: str, data: Mapping[str, Any]) -> dict[str, Value]:
    p = point_dict(data["record"])
    loc, needling = p["location"], p["needling"] or {}
    depth = needling.get("depth_cun") or (None, None)
    return {
        "id": node,
        **{k: p[k] for k in _PLAIN},
        "aliases": p["aliases"],
        "other_codes": p["other_codes"],
        **{k: loc[k] for k in _LOCATION},
        "location": loc["text"],
        "needling_text": needling.get("text"),
        "needling_angles": needling.get("angles"),
        "needling_depth_min": depth[0],
        "needling_depth_max": depth[1],
        **{k: p[k] for k in ("organs", "categories", "cautions", "notes", "sources")},
        "tara": tara_id(p["code"]),
    }


def point_rows(G: Any) -> list[dict[str, Value]]:
    """One row per point in the graph's order (channel by channel, by number); keys: :data:`POINT_COLUMNS`."""
    return [_point_row(node, data) for node, data in G.nodes(data=True) if data["kind"] == "point"]


def _json_data(value: Any) -> Any:
    """Records, tuples and lists as plain JSON data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _json_data(dataclasses.asdict(value))
    if isinstance(value, Mapping):
        return {k: _json_data(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_json_data(v) for v in value]
    return value


def _node_row(node: str, data: Mapping[str, Any]) -> dict[str, Value]:
    row: dict[str, Value] = {"id": node, "kind": data["kind"]}
    row.update((k, _json_data(v)) for k, v in data.items() if k not in ("kind", "record"))
    record = data.get("record")
    fields = {} if record is None else dataclasses.asdict(record)
    for name, value in fields.items():
        name = _RENAMED.get(name, name)
        # the record's id is the node's id after the colon; its kind is the node's ``channel_kind``
        if name not in ("id", "kind") and name not in row:
            row[name] = _json_data(value)
    return row


def _node_rows(G: Any) -> list[dict[str, Value]]:
    return [_node_row(node, data) for node, data in G.nodes(data=True) if data["kind"] != "point"]


def node_columns(G: Any) -> tuple[str, ...]:
    """The columns of :func:`node_rows`: ``id``, ``kind``, then every other name in order of first use.

    >>> from meridian import build_graph
    >>> node_columns(build_graph())[:6]
    ('id', 'kind', 'name', 'index', 'region', 'organ')
    """
    return tuple(dict.fromkeys(name for row in _node_rows(G) for name in row))


def node_rows(G: Any) -> list[dict[str, Value]]:
    """One row per node that is not a point, in the graph's order; keys: :func:`node_columns`
    (None where a node has no such attribute)."""
    rows = _node_rows(G)
    columns = dict.fromkeys(name for row in rows for name in row)
    return [{name: row.get(name) for name in columns} for row in rows]


def edge_rows(G: Any) -> list[dict[str, Value]]:
    """One row per edge, in the graph's order, keys as :data:`EDGE_COLUMNS`.

    ``relation`` is the edge key. The ``relation`` attribute of point-to-organ edges
    (``back-shu``) is left out: the key already says it (``back_shu_of``).
    """
    return [
        {
            "id": edge_id(u, key, v),
            "source": u,
            "target": v,
            "relation": key,
            "along": data.get("along"),
            "across": data.get("across"),
            "sources": list(data["sources"]) if "sources" in data else None,
        }
        for u, v, key, data in G.edges(keys=True, data=True)
    ]


def node_attributes(G: Any, node: str) -> dict[str, Value]:
    """A node's row (:func:`point_rows`, :func:`node_rows`) without its ``id``, missing values left out.

    This is what GraphML and Cytoscape JSON write for the node, led by its ``kind``.

    >>> from meridian import build_graph
    >>> G = build_graph()
    >>> node_attributes(G, "channel:BL")["polarity"], node_attributes(G, "point:LI4")["kind"]
    ('yang', 'point')
    """
    data = G.nodes[node]
    row = _point_row(node, data) if data["kind"] == "point" else _node_row(node, data)
    row.pop("id")
    return {"kind": data["kind"], **{k: v for k, v in row.items() if v is not None}}


def _cell(value: Value) -> Scalar:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json_text(value)
    return ("true" if value else "false") if isinstance(value, bool) else value


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Value]]) -> str:
    """Rows as CSV text with a header; None is an empty cell, booleans are ``true``/``false``,
    lists and objects JSON text.

    >>> rows = [{"a": 1.5, "b": None, "c": ["x"]}, {"a": True, "b": "x, y", "c": []}]
    >>> print(csv_text(["a", "b", "c"], rows), end="")
    a,b,c
    1.5,,"[""x""]"
    true,"x, y",[]
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()


def _frame(columns: Sequence[str], rows: list[dict[str, Value]]) -> Any:
    try:
        import pandas as pd  # optional: only these functions need it
    except ImportError as exc:
        from ..errors import UsageError

        raise UsageError("pandas is not installed: pip install 'meridian-acupuncture[pandas]'") from exc
    return pd.DataFrame.from_records(rows, columns=list(columns)).set_index("id")


def points_frame(G: Any) -> Any:
    """The points table as a :class:`pandas.DataFrame` indexed by ``id`` (pandas is imported here).

    The list and object columns hold lists and dicts (JSON text in ``points.csv``).

    Examples
    --------
    >>> from meridian import build_graph
    >>> df = points_frame(build_graph())
    >>> bl13 = df.loc["point:BL13"]
    >>> bl13["code"], bl13["level"], float(bl13["lateral_cun"]), bl13["sources"][:1]
    ('BL13', 'T3', 1.5, ['acuschool'])
    >>> int((df["channel"] == "BL").sum())
    67
    """
    return _frame(POINT_COLUMNS, point_rows(G))


def nodes_frame(G: Any) -> Any:
    """The table of the nodes that are not points as a :class:`pandas.DataFrame` indexed by ``id``.

    >>> from meridian import build_graph
    >>> df = nodes_frame(build_graph())
    >>> df.loc["organ:lung", "phase"], int((df["kind"] == "channel").sum())
    ('metal', 19)
    """
    rows = node_rows(G)
    return _frame(tuple(rows[0]), rows)


def edges_frame(G: Any) -> Any:
    """The edges table as a :class:`pandas.DataFrame` indexed by ``id``.

    Examples
    --------
    >>> from meridian import build_graph
    >>> df = edges_frame(build_graph())
    >>> df[df["relation"] == "back_shu_of"].loc["point:BL13--back_shu_of--organ:lung", "target"]
    'organ:lung'
    """
    return _frame(EDGE_COLUMNS, edge_rows(G))
