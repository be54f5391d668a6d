"""What a figure shows, as data: the layout a picture is drawn from, for a website or a test.

:func:`back_chart_data` gives the back chart as JSON-ready data: each point's code, id, side,
position, label box and whether it is highlighted, and the channel lines, in chart units (cun)
with y pointing up. ``meridian draw back -o chart.json`` writes it. The highlighting rules are the
drawing's own (:func:`chosen_highlights`): a finding colours the copy of a point on the side where
it was felt.

Examples
--------
>>> from meridian import build_graph
>>> data = back_chart_data(build_graph(), findings=["T3:1.5:R"], levels="T1-T5")
>>> bl13 = next(p for p in data["panels"][0]["points"] if p["id"] == "BL13")
>>> bl13["side"], bl13["x"], bl13["highlighted"]
('right', 1.5, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .back import DEFAULT_LEVELS, BackChart, ChartPoint, back_chart
from .highlights import Highlight, resolve_highlights

__all__ = ["back_chart_data", "chosen_highlights", "colours_of", "lit_key"]


def _findings(G: Any, findings: Sequence[str]) -> tuple[list[Any], list[Highlight], dict[str, float]]:
    """Parsed findings, highlights from the organs they suggest, and each organ's score."""
    if not findings:
        return [], [], {}
    from ..clinic import reasoning as reasoning  # only when there are findings to weigh

    parsed = [reasoning.parse_finding(f) for f in findings]
    result = reasoning.suggest(G, list(findings))
    highlights: list[Highlight] = []
    scores: dict[str, float] = {}
    sides = {f.where: {"L": "left", "R": "right"}.get(str(getattr(f.spot, "side", None))) for f in parsed}
    for imbalance in result["imbalances"]:
        scores[imbalance["organ"]] = float(imbalance["score"])
        for evidence in imbalance["evidence"]:
            # A finding felt on one side lights the copy on that side only.
            side = sides.get(evidence["finding"])
            highlights.append(Highlight(evidence["point"], imbalance["organ"], evidence["relation"], side))
    return parsed, highlights, scores


def chosen_highlights(
    G: Any, wanted: Sequence[str], findings: Iterable[str]
) -> tuple[list[Highlight], list[Any], dict[str, float]]:
    """The highlights asked for by name or organ and those the findings suggest, the parsed
    findings, and each organ's score."""
    chosen = list(resolve_highlights(G, wanted)) if wanted else []
    parsed, evidence, scores = _findings(G, list(findings))
    return chosen + evidence, parsed, scores


def colours_of(chosen: Iterable[Highlight]) -> dict[tuple[str, str | None], str | None]:
    """(code, side or None for every copy) -> the organ that colours it (the first asked wins)."""
    colour_of: dict[tuple[str, str | None], str | None] = {}
    for h in chosen:
        colour_of.setdefault((h.code, h.side), h.organ)
    return colour_of


def lit_key(
    colour_of: dict[tuple[str, str | None], str | None], p: ChartPoint
) -> tuple[str, str | None] | None:
    """The key under which a drawn copy of a point is highlighted, or None when it is not."""
    for key in ((p.code, p.side), (p.code, None)):
        if key in colour_of:
            return key
    return None


def _box(box: Any) -> list[float]:
    """A chart box (y down) as [x0, y0, x1, y1] with y pointing up."""
    return [round(box.x0, 4), round(-box.y1, 4), round(box.x1, 4), round(-box.y0, 4)]


def back_chart_data(
    G: Any,
    *,
    highlight: Iterable[str] = (),
    findings: Iterable[str] = (),
    levels: str = DEFAULT_LEVELS,
    jiaji: bool = False,
) -> dict[str, Any]:
    """The back chart as data: ``{"panels": [{"view": "back", "points": [...], "paths": [...]}]}``.

    Each point is ``{"code", "id", "side": "left" | "right" | "midline", "x", "y", "label":
    [x0, y0, x1, y1] or None, "highlighted", "organ"}`` in cun, y pointing up (the lower border of
    C7 at 0); each path is a channel line, ``{"name", "points": [[x, y], ...]}``.
    """
    chosen, _, scores = chosen_highlights(G, list(highlight), findings)
    colour_of = colours_of(chosen)
    chart: BackChart = back_chart(G, levels=levels, jiaji=jiaji)
    points = []
    for p in chart.points:
        key = lit_key(colour_of, p)
        points.append(
            {
                "code": p.code,
                "id": p.id,
                "side": p.side,
                "x": round(p.x, 4),
                "y": round(-p.y, 4),
                "label": None if p.label is None else _box(p.label.box),
                "highlighted": key is not None,
                "organ": None if key is None else colour_of[key],
            }
        )
    paths = [
        {"name": line.name, "points": [[round(x, 4), round(-y, 4)] for x, y in line.points]}
        for line in chart.lines
    ]
    return {
        "panels": [
            {
                "view": "back",
                "units": "cun",
                "levels": list(chart.levels),
                "bounds": _box(chart.bounds),
                "points": points,
                "paths": paths,
                "scores": scores,
            }
        ]
    }
