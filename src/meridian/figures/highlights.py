"""Which points a figure highlights, and the organ that colours each (no matplotlib).

A point relates to organs through edges of the graph (back-shu, front-mu, spirit, lower he-sea);
a figure that highlights points colours each by its strongest relation.

Examples
--------
>>> from meridian import build_graph
>>> G = build_graph()
>>> organ_links(G, "BL13")
(('lung', 'back-shu'),)
>>> resolve_highlights(G, ["BL13"])
(Highlight(code='BL13', organ='lung', relation='back-shu', side=None),)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import UsageError
from ..graph.core import node_id, point_of
from ..names import normalize_name
from ..query.points import resolve_code

__all__ = ["ORGAN_RELATIONS", "Highlight", "organ_links", "resolve_highlights"]

#: Edge keys of point -> organ relations in the graph, strongest first.
ORGAN_RELATIONS: tuple[str, ...] = ("back_shu_of", "front_mu_of", "spirit_of", "lower_he_sea_of")


@dataclass(frozen=True, slots=True)
class Highlight:
    """A point to highlight and the organ that colours it (None: a point with no organ link).

    ``side`` is ``"left"`` or ``"right"`` when only that copy is meant (a finding felt on that side),
    None for every copy.
    """

    code: str
    organ: str | None
    relation: str | None
    side: str | None = None


def organ_links(G: Any, code: str) -> tuple[tuple[str, str], ...]:
    """(organ id, relation) of a point, strongest relation first, then by organ.

    Examples
    --------
    >>> from meridian import build_graph
    >>> organ_links(build_graph(), "GV12")
    ()
    """
    links = []
    for _, target, key, data in G.out_edges(node_id("point", code), keys=True, data=True):
        if key in ORGAN_RELATIONS:
            links.append((ORGAN_RELATIONS.index(key), G.nodes[target]["organ"], data["relation"]))
    return tuple((organ, relation) for _, organ, relation in sorted(links))


def _organ_table(G: Any) -> dict[str, str]:
    table: dict[str, str] = {}
    for _, data in G.nodes(data=True):
        if data["kind"] == "organ":
            for name in (data["organ"], data["name"], data["pinyin"], data["hanzi"]):
                table.setdefault(normalize_name(name), data["organ"])
    return table


def _unknown(item: str, organs: dict[str, str]) -> UsageError:
    names = sorted({v for v in organs.values()})
    close = difflib.get_close_matches(item.strip().lower(), names, n=3, cutoff=0.6)
    hint = (
        f"did you mean: {', '.join(close)}?"
        if close
        else ("expected a point code such as BL13 or an organ such as " + ", ".join(names[:6]))
    )
    return UsageError(f"unknown point or organ {item!r}; {hint}")


def resolve_highlights(G: Any, items: Iterable[str]) -> tuple[Highlight, ...]:
    """The points to highlight for point codes and organ names, each with the organ to colour by.

    A point code (any spelling :func:`meridian.resolve_code` takes) highlights that point, coloured
    by its strongest organ link (back-shu, then front-mu, spirit, lower he-sea), or by no organ.
    An organ (id, English name, pinyin or characters: ``lung``, ``Pericardium``, ``Xin``, ``肺``)
    highlights every point related to it. Sorted by organ, then channel and number; a point named
    twice appears once per organ.

    Raises
    ------
    UsageError
        For an item that is neither, naming the closest valid names.

    Examples
    --------
    >>> from meridian import build_graph
    >>> G = build_graph()
    >>> [(h.code, h.organ, h.relation) for h in resolve_highlights(G, ["lung"])]
    [('BL13', 'lung', 'back-shu'), ('BL42', 'lung', 'spirit'), ('LU1', 'lung', 'front-mu')]
    >>> [(h.code, h.organ, h.relation) for h in resolve_highlights(G, ["ub-15", "GV12"])]
    [('BL15', 'heart', 'back-shu'), ('GV12', None, None)]
    >>> resolve_highlights(G, ["lungs"])
    Traceback (most recent call last):
    ...
    meridian.errors.UsageError: unknown point or organ 'lungs'; did you mean: lung?
    """
    organs = _organ_table(G)
    found: set[tuple[str, str, str]] = set()
    plain: set[str] = set()
    for item in items:
        code = resolve_code(G, item)
        if code is not None:
            links = organ_links(G, code)
            if links:
                found.add((code, *links[0]))
            else:
                plain.add(code)
            continue
        organ = organs.get(normalize_name(item))
        if organ is None:
            raise _unknown(item, organs)
        for source, _, key, data in G.in_edges(node_id("organ", organ), keys=True, data=True):
            if key in ORGAN_RELATIONS:
                found.add((G.nodes[source]["code"], organ, data["relation"]))
    plain -= {code for code, _, _ in found}
    out = [Highlight(code, organ, relation) for code, organ, relation in found]
    out += [Highlight(code, None, None) for code in plain]

    def order(h: Highlight) -> tuple[str, str, int, str]:
        p = point_of(G, h.code)
        return (h.organ or "~", p.channel, p.number, h.code)

    return tuple(sorted(out, key=order))
