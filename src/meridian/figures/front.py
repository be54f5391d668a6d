"""The front chart: the anterior trunk with the Conception, Kidney, Stomach and Spleen lines and the
front-mu points, highlighted by organ or point and by findings on the side where they were felt.

Examples
--------
>>> from meridian import build_graph
>>> G = build_graph()
>>> fig = front_figure(G, findings=["T3:1.5:L@nodule"])
>>> lit = [(p.code, p.side) for p in fig.panels[0].points if p.highlighted]
>>> lit                                       # the lung's front-mu point, on the left only
[('LU1', 'left')]
>>> fig.caption
'Findings: nodule at T3, 1.5 cun left of the midline → BL13, back-shu point of the lung; front-mu LU1.'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..graph.core import node_id, point_of
from ..query.points import channel_points
from .back_data import chosen_highlights
from .body import BodyFigure, FigPath, FigPoint, Panel, label_points, placed_copies
from .geometry import VIEWS
from .highlights import Highlight
from .outlines import view_shapes

__all__ = ["FRONT_CHANNELS", "finding_words", "front_figure"]

FRONT_CHANNELS = ("CV", "KI", "ST", "SP")
_TRUNK = ("chest", "abdomen")
_BOUNDS = (-15.0, 34.5, 15.0, 64.5)
_HEIGHT = 0.5


def _front_mu(G: Any) -> dict[str, list[str]]:
    """organ -> its front-mu points."""
    out: dict[str, list[str]] = {}
    for _n, d in G.nodes(data=True):
        if d.get("kind") == "point":
            for rel in d["record"].organs:
                if rel.relation == "front-mu":
                    out.setdefault(rel.organ, []).append(d["code"])
    return {k: sorted(v) for k, v in out.items()}


def finding_words(G: Any, findings: Sequence[str]) -> list[str]:
    """Each finding in words with the points it reached and what they are, e.g. ``nodule at T3,
    1.5 cun left of the midline → BL13, back-shu point of the lung``."""
    if not findings:
        return []
    from ..clinic import reasoning as reasoning

    result = reasoning.suggest(G, list(findings))
    reached: dict[str, list[str]] = {}
    for imbalance in result["imbalances"]:
        for ev in imbalance["evidence"]:
            reached.setdefault(ev["finding"], []).append(
                f"{ev['point']}, {ev['relation']} point of the {imbalance['name'].lower()}"
            )
    words = []
    for text in findings:
        f = reasoning.parse_finding(text)
        spot = f.spot
        where = text
        if spot is not None and getattr(spot, "level", None):
            side = {"L": "left", "R": "right"}.get(str(spot.side), "")
            off = (
                "on the midline"
                if not spot.cun
                else f"{spot.cun:g} cun {side} of the midline".replace("  ", " ")
            )
            where = f"{f.kind} at {spot.level}, {off}"
        key = text.split("@")[0]
        words.append(where + (" → " + "; ".join(reached[key]) if key in reached else ""))
    return words


def _lit(
    G: Any, highlight: Sequence[str], findings: Sequence[str]
) -> dict[tuple[str, str | None], str | None]:
    """(code, side or None) -> organ colouring it, with each organ's front-mu points added."""
    chosen, _, _ = chosen_highlights(G, list(highlight), findings)
    mu = _front_mu(G)
    more = [Highlight(c, h.organ, "front-mu", h.side) for h in chosen if h.organ for c in mu.get(h.organ, [])]
    out: dict[tuple[str, str | None], str | None] = {}
    for h in [*chosen, *more]:
        out.setdefault((h.code, h.side), h.organ)
    return out


def front_figure(G: Any, *, highlight: Iterable[str] = (), findings: Iterable[str] = ()) -> BodyFigure:
    """The front chart (see the module's description)."""
    highlight, findings = list(highlight), list(findings)
    lit = _lit(G, highlight, findings)
    mu = {c for codes in _front_mu(G).values() for c in codes}
    codes = [
        c for ch in FRONT_CHANNELS for c in channel_points(G, ch) if point_of(G, c).location.frame in _TRUNK
    ]
    codes += sorted(c for c in mu if c not in codes)
    points: list[FigPoint] = []
    for code in codes:
        p = point_of(G, code)
        for side, x, y in placed_copies(G, code, "anterior"):
            if not (_BOUNDS[0] <= x <= _BOUNDS[2] and _BOUNDS[1] <= y <= _BOUNDS[3]):
                continue
            key = (code, side) if (code, side) in lit else (code, None)
            organ = lit.get(key) if key in lit else None
            classes = (
                "point",
                f"channel-{p.channel}",
                *(("front-mu",) if code in mu else ()),
                *(f"caution-{c.flag}" for c in p.cautions),
                *(("highlighted",) if key in lit else ()),
            )
            points.append(
                FigPoint(
                    code,
                    side,
                    round(x, 3),
                    round(y, 3),
                    highlighted=key in lit,
                    colour=organ if key in lit else None,
                    classes=classes,
                    title=f"{code} {p.pinyin_tones} {p.hanzi}, {p.english} ({side})",
                )
            )
    wanted = [(i, q.code) for i, q in enumerate(points) if q.highlighted]
    wanted += [
        (i, q.code) for i, q in enumerate(points) if not q.highlighted and q.side in ("left", "midline")
    ]
    points = label_points(points, wanted, _HEIGHT, _BOUNDS)
    paths = []
    for ch in FRONT_CHANNELS:
        run = [c for c in channel_points(G, ch) if point_of(G, c).location.frame in _TRUNK]
        for side in ("midline",) if ch == "CV" else ("right", "left"):
            line = [(x, y) for c in run for s, x, y in placed_copies(G, c, "anterior", (side,))]
            if len(line) >= 2:
                paths.append(FigPath(f"{ch} {side}", tuple(line), classes=("channel", f"channel-{ch}")))
    words = finding_words(G, findings)
    lit_mu = sorted({q.code for q in points if q.highlighted and q.code in mu})
    caption = (
        "The front of the trunk: the Conception vessel on the midline, the Kidney, Stomach and "
        "Spleen lines, and the front-mu points."
    )
    if words:
        caption = "Findings: " + "; ".join(words) + (f"; front-mu {', '.join(lit_mu)}." if lit_mu else ".")
    elif highlight:
        caption = "Highlighted: " + ", ".join(highlight) + "."
    organs = sorted({q.colour for q in points if q.highlighted and q.colour})
    names = {o: str(G.nodes[node_id("organ", o)]["name"]).lower() for o in organs}
    legend = tuple((f"organ-{o}", names[o]) for o in organs)
    legend += (*tuple((f"channel-{ch}", ch) for ch in FRONT_CHANNELS), ("front-mu", "front-mu point"))
    panel = Panel(
        "anterior",
        VIEWS["anterior"].title,
        _BOUNDS,
        view_shapes("anterior"),
        tuple(points),
        tuple(paths),
        label_height=_HEIGHT,
    )
    return BodyFigure("front", "The front of the trunk", caption, (panel,), legend)
