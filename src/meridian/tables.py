"""The graph as two tables: one row per point, one row per edge (CSV, pandas, and GraphML's attributes).

Every value is a string, a number, a boolean or missing (None): lists are joined with ``"; "``,
records are spread over columns. Points are keyed by ``id`` (``point:BL13``), as in the graph, so
the edges table (``source``, ``target``, ``relation``) joins onto it; an edge's ``id`` is
``SOURCE--RELATION--TARGET``, unique because the graph has one edge per relation between two nodes.

Examples
--------
>>> from meridian import build_graph
>>> G = build_graph()
>>> row = next(r for r in point_rows(G) if r["code"] == "BL13")
>>> row["id"], row["level"], row["organs"], row["tara"]
('point:BL13', 'T3', 'back-shu:lung', 'TARA:6050541')
>>> edge = next(r for r in edge_rows(G) if r["source"] == "point:BL13" and r["relation"] == "next")
>>> edge["id"], edge["target"]
('point:BL13--next--point:BL14', 'point:BL14')
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .xrefs import tara_id

__all__ = [
    "EDGE_COLUMNS",
    "POINT_COLUMNS",
    "csv_text",
    "edge_id",
    "edge_rows",
    "edges_frame",
    "node_attributes",
    "point_rows",
    "points_frame",
]

# Point fields copied as they are.
_PLAIN = ("code", "channel", "number", "pinyin", "pinyin_tones", "hanzi", "hanzi_simplified", "english")

#: Columns of the points table, in order.
POINT_COLUMNS = (
    "id", *_PLAIN, "aliases", "region", "level", "level_to", "lateral_cun", "side", "frame", "along",
    "across", "estimated", "location", "needling", "categories", "organs", "cautions", "other_codes",
    "tara", "sources",
)  # fmt: skip

#: Columns of the edges table, in order.
EDGE_COLUMNS = ("id", "source", "target", "relation", "along", "across", "sources")

Scalar = str | int | float | bool | None


def _join(items: Iterable[Any]) -> str | None:
    text = "; ".join(str(item) for item in items)
    return text or None


def edge_id(source: str, key: str, target: str) -> str:
    """The id of an edge in every export: ``SOURCE--RELATION--TARGET``."""
    return f"{source}--{key}--{target}"


def _point_row(node: str, data: Mapping[str, Any]) -> dict[str, Scalar]:
    p = data["record"]
    loc = p.location
    needling = p.needling
    return {
        "id": node,
        **{k: getattr(p, k) for k in _PLAIN},
        "aliases": _join(p.aliases),
        "region": loc.region,
        "level": loc.level,
        "level_to": loc.level_to,
        "lateral_cun": loc.lateral_cun,
        "side": loc.side,
        "frame": loc.frame or None,
        "along": loc.along if loc.frame else None,
        "across": loc.across if loc.frame else None,
        "estimated": loc.estimated,
        "location": loc.text,
        "needling": None if needling is None else _join(needling.angles),
        "categories": _join(c.kind for c in p.categories),
        "organs": _join(f"{r.relation}:{r.organ}" for r in p.organs),
        "cautions": _join(c.flag for c in p.cautions),
        "other_codes": _join(f"{c.code} ({c.system})" for c in p.other_codes),
        "tara": tara_id(p.code),
        "sources": _join(p.sources),
    }


def point_rows(G: Any) -> list[dict[str, Scalar]]:
    """One row per point in the graph's order (channel by channel, by number); keys: :data:`POINT_COLUMNS`."""
    return [_point_row(node, data) for node, data in G.nodes(data=True) if data["kind"] == "point"]


def edge_rows(G: Any) -> list[dict[str, Scalar]]:
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
            "sources": _join(data.get("sources", ())),
        }
        for u, v, key, data in G.edges(keys=True, data=True)
    ]


def node_attributes(G: Any, node: str) -> dict[str, Scalar]:
    """A node's attributes as scalars, missing ones left out: a point's row without its ``id``;
    for any other node, its own attributes less the record (lists joined with ``"; "``).

    >>> from meridian import build_graph
    >>> node_attributes(build_graph(), "channel:BL")["polarity"]
    'yang'
    """
    data = G.nodes[node]
    if data["kind"] == "point":
        row = _point_row(node, data)
    else:
        row = {
            k: _join(v) if isinstance(v, (tuple, list)) else v
            for k, v in data.items()
            if k != "record" and (v is None or isinstance(v, (str, int, float, bool, tuple, list)))
        }
    row.pop("id", None)
    return {"kind": data["kind"], **{k: v for k, v in row.items() if v is not None}}


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Scalar]]) -> str:
    """Rows as CSV text with a header; None is an empty cell, booleans are ``true``/``false``.

    >>> print(csv_text(["a", "b"], [{"a": 1.5, "b": None}, {"a": True, "b": "x, y"}]), end="")
    a,b
    1.5,
    true,"x, y"
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])
    return out.getvalue()


def _cell(value: Scalar) -> Scalar:
    if value is None:
        return ""
    return ("true" if value else "false") if isinstance(value, bool) else value


def _frame(columns: Sequence[str], rows: list[dict[str, Scalar]]) -> Any:
    try:
        import pandas as pd  # optional: only these two functions need it
    except ImportError as exc:
        from .errors import UsageError

        raise UsageError("pandas is not installed: pip install 'meridian-acupuncture[pandas]'") from exc
    return pd.DataFrame.from_records(rows, columns=list(columns)).set_index("id")


def points_frame(G: Any) -> Any:
    """The points table as a :class:`pandas.DataFrame` indexed by ``id`` (pandas is imported here).

    Examples
    --------
    >>> from meridian import build_graph
    >>> df = points_frame(build_graph())
    >>> bl13 = df.loc["point:BL13"]
    >>> bl13["code"], bl13["level"], float(bl13["lateral_cun"])
    ('BL13', 'T3', 1.5)
    >>> int((df["channel"] == "BL").sum())
    67
    """
    return _frame(POINT_COLUMNS, point_rows(G))


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
