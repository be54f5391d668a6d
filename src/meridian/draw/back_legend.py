"""The back chart's legend: the organs highlighted (or the channels), Jiaji, cautions, findings.

matplotlib is imported inside the functions; the entries are ``Line2D`` handles and their names,
for :func:`meridian.draw.back.draw_back` to place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..figures.back import BackChart
from ..figures.highlights import Highlight
from .common import (
    CAUTION_COLOURS,
    CAUTION_ORDER,
    CAUTION_WORDS,
    CHANNEL_COLOURS,
    FINDING,
    INK,
    NO_ORGAN,
    ORGAN_COLOURS,
    OTHER_CHANNEL,
    caution_flag,
    covers,
    organ_name,
)

__all__ = ["back_legend", "legend_entries"]

#: One legend entry as data: (marker "o", "D" or "X", face colour, edge colour, words).
Entry = tuple[str, str, str, str]


def _legend_dot(face: str, edge: str, marker: str = "o") -> Entry:
    return (marker, face, edge, "")


def _organ_entries(
    G: Any, chosen: Sequence[Highlight], scores: dict[str, float], use_cjk: bool, check_fonts: bool = True
) -> tuple[list[Entry], list[str]]:
    """A legend entry per highlighted organ, highest score first: its colour and its points."""
    by_organ: dict[str | None, list[str]] = {}
    for h in chosen:
        entry = f"{h.code} {h.relation}" if h.relation else h.code
        if entry not in by_organ.setdefault(h.organ, []):
            by_organ[h.organ].append(entry)
    handles: list[Entry] = []
    names: list[str] = []
    for organ in sorted(by_organ, key=lambda o: (-scores.get(o or "", 0.0), o or "~")):
        node = f"organ:{organ}"
        data = G.nodes[node] if organ and node in G.nodes else None
        name = organ_name(G, organ)
        if data and use_cjk and (covers(data["hanzi"]) if check_fonts else True):
            name += f" {data['hanzi']}"
        if organ in scores:
            name += f" (score {scores[organ]:g})"
        colour = ORGAN_COLOURS.get(organ, OTHER_CHANNEL) if organ else NO_ORGAN
        handles.append(_legend_dot(colour, INK))
        entries = by_organ[organ]
        names.append(f"{name}: " + ", ".join(entries[:5]) + (" …" if len(entries) > 5 else ""))
    return handles, names


def back_legend(
    G: Any,
    chart: BackChart,
    chosen: Sequence[Highlight],
    scores: dict[str, float],
    *,
    cautions: bool,
    jiaji: bool,
    use_cjk: bool,
) -> tuple[list[Any], list[str]]:
    """The legend's matplotlib handles and names (see :func:`legend_entries`)."""
    from matplotlib.lines import Line2D

    entries = legend_entries(G, chart, chosen, scores, cautions=cautions, jiaji=jiaji, use_cjk=use_cjk)
    handles = [
        Line2D([], [], marker=m, ls="none", ms=8 if m == "X" else 7, mfc=face, mec=edge,
               mew=1.1 if m != "X" else 1.0)
        for m, face, edge, _ in entries
    ]  # fmt: skip
    return handles, [words for *_, words in entries]


def legend_entries(
    G: Any,
    chart: BackChart,
    chosen: Sequence[Highlight],
    scores: dict[str, float],
    *,
    cautions: bool,
    jiaji: bool,
    use_cjk: bool,
    check_fonts: bool = True,
) -> list[Entry]:
    """The legend as data, (marker, face, edge, words): organs (or channels), Jiaji, cautions,
    findings. ``check_fonts=False`` gives the organs' characters without asking whether a font
    here can draw them (for an SVG a browser shows).

    Examples
    --------
    >>> from meridian import build_graph
    >>> from meridian.figures.back import back_chart
    >>> G = build_graph()
    >>> entries = legend_entries(G, back_chart(G), [], {}, cautions=False, jiaji=True, use_cjk=False)
    >>> [words for *_, words in entries]
    ['Governor Vessel (GV), midline', 'Bladder (BL), 1.5 and 3 cun', 'Jiaji (EX-B2), 0.5 cun']
    """
    if chosen:
        handles, names = _organ_entries(G, chosen, scores, use_cjk, check_fonts)
    else:
        handles = [_legend_dot("white", CHANNEL_COLOURS["GV"]), _legend_dot("white", CHANNEL_COLOURS["BL"])]
        names = ["Governor Vessel (GV), midline", "Bladder (BL), 1.5 and 3 cun"]
    if jiaji:
        handles.append(_legend_dot("white", CHANNEL_COLOURS["EX-B"], "D"))
        names.append("Jiaji (EX-B2), 0.5 cun")
    if cautions:
        flags = sorted(
            {f for p in chart.points if (f := caution_flag(p.cautions, p.level))}, key=CAUTION_ORDER.index
        )
        seen: set[str] = set()
        for flag in flags:
            words = CAUTION_WORDS.get(flag, f"caution: {flag}")
            if words in seen:
                continue
            seen.add(words)
            handles.append(_legend_dot("none", CAUTION_COLOURS.get(flag, "#8c6d62")))
            names.append(words)
    if scores:
        handles.append(("X", FINDING, "white", ""))
        names.append("finding, where it was felt")
    return [(m, face, edge, words) for (m, face, edge, _), words in zip(handles, names, strict=True)]
