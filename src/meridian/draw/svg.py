"""SVG for a figure on the body, written straight from its layout: no matplotlib, a few kilobytes.

The page comes from :mod:`meridian.draw.page`, the same page the matplotlib renderer draws. Every
colour is a CSS class in the SVG's own ``<style>`` (a site can restyle it), text stays
``<text>``, and each point is a group ``<g id="ST36" class="point channel-ST ..." tabindex="0"
aria-label="...">`` with a ``<title>``. Same layout, same bytes.

Examples
--------
>>> from meridian import build_graph
>>> from meridian.figures.locator import point_figure
>>> svg = figure_svg(point_figure(build_graph(), "ST36")).decode()
>>> '<g id="ST36-L" class="point main' in svg, "<text" in svg, len(svg) < 40_000
(True, True, True)
"""

from __future__ import annotations

import re
from html import escape

from ..figures.body import BodyFigure, FigPoint, Panel
from .common import CAUTION_COLOURS, INK, MUTED
from .page import (
    BODY_CHANNEL_COLOURS,
    BONE,
    EDGE,
    FONT,
    LINE,
    SKIN,
    Page,
    PanelBox,
    caution_ring,
    dot_size,
    page,
    point_classes,
    point_colour,
    point_ids,
    sides_of,
    smooth,
)

__all__ = ["figure_svg"]

_PT = 72.0  # SVG user units are points


def _n(v: float) -> str:
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


class _Panel:
    """Converts a panel's units (y up) to the page's points (y down)."""

    def __init__(self, box: PanelBox) -> None:
        self.box = box
        self.x0, _, _, self.y1 = box.panel.bounds
        self.k = box.scale * _PT

    def xy(self, x: float, y: float) -> str:
        return (
            f"{_n(self.box.x * _PT + (x - self.x0) * self.k)},{_n(self.box.y * _PT + (self.y1 - y) * self.k)}"
        )

    def x(self, x: float) -> float:
        return self.box.x * _PT + (x - self.x0) * self.k

    def y(self, y: float) -> float:
        return self.box.y * _PT + (self.y1 - y) * self.k


def _style() -> str:
    """The figure's stylesheet, every rule scoped to the figure (``.meridian-figure``) so that an
    SVG inlined in a page styles nothing else; a site overrides any colour with its own rules."""
    rules = [
        "text{font-family:'DejaVu Sans','Noto Sans CJK SC','Noto Sans',sans-serif;"
        f"fill:{INK};font-size:{_n(FONT)}px}}",
        f".body{{fill:{SKIN};stroke:{EDGE};stroke-width:.6}}",
        f".bone,.mark{{fill:none;stroke:{BONE};stroke-width:.6}}",
        f".landmark{{fill:{BONE}}}",
        ".course{fill:none;stroke-width:1.1;stroke-linecap:round}",
        ".dashed{stroke-dasharray:4 3}",
        f".leader{{stroke:{MUTED};stroke-width:.35}}",
        f".measure{{stroke:{INK};stroke-width:.7;fill:none}}",
        f".muted{{fill:{MUTED}}}",
        f".title{{font-size:{_n(FONT + 3)}px}}",
        ".highlighted text{font-weight:bold}",
        ".dot{stroke:#fff;stroke-width:.4}",
        ".ring{fill:none;stroke-width:.9}",
        ".point:focus{outline:none}",
        ".point:focus .dot{stroke:#000;stroke-width:1.2}",
        *(
            f".course.channel-{c}{{stroke:{v}}}.dot.channel-{c}{{fill:{v}}}"
            for c, v in BODY_CHANNEL_COLOURS.items()
        ),
        *(f".ring.caution-{c}{{stroke:{v}}}" for c, v in CAUTION_COLOURS.items()),
    ]
    scoped = []
    for rule in rules:  # ".a{x}.b{y}" holds two rules: scope each selector of each
        for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", rule):
            parts = ",".join(f".meridian-figure {sel.strip()}" for sel in selector.split(","))
            scoped.append(f"{parts}{{{body}}}")
    return "<style>" + "".join(scoped) + "</style>"


def _shapes(out: list[str], pp: _Panel, panel: Panel) -> None:
    for s in panel.shapes:
        if s.kind == "mark":
            x, y = pp.x(s.points[0][0]), pp.y(s.points[0][1])
            out.append(f'<path class="mark" d="M{_n(x - 1.5)},{_n(y)}h3M{_n(x)},{_n(y - 1.5)}v3"/>')
            continue
        d = "M" + "L".join(pp.xy(*p) for p in s.points) + ("Z" if s.closed or s.kind == "body" else "")
        out.append(f'<path class="{s.kind}" d="{d}"/>')


def _paths(out: list[str], pp: _Panel, panel: Panel) -> None:
    for q in panel.paths:
        d = "M" + pp.xy(*q.points[0])
        if len(q.points) < 3:
            d += "L" + pp.xy(*q.points[-1])
        else:
            d += "".join(f"C{pp.xy(*c1)} {pp.xy(*c2)} {pp.xy(*end)}" for c1, c2, end in smooth(q.points))
        classes = " ".join(["course", *q.classes, *(("dashed",) if q.dashed else ())])
        out.append(f'<path class="{escape(classes)}" d="{d}"/>')


def _measures(out: list[str], pp: _Panel, panel: Panel) -> None:
    for name, x, y in panel.landmarks:
        cx, cy = pp.x(x), pp.y(y)
        out.append(f'<path class="landmark" d="M{_n(cx)},{_n(cy - 1.8)}l1.8,1.8l-1.8,1.8l-1.8,-1.8Z">'
                   f"<title>{escape(name)}</title></path>")  # fmt: skip
    for dim in panel.dimensions:
        if dim.via:
            out.append(f'<path class="measure" d="M{"L".join(pp.xy(*v) for v in dim.via)}"/>')
        else:
            out.append(f'<path class="measure" d="M{pp.xy(*dim.start)}L{pp.xy(*dim.end)}" '
                       'marker-start="url(#arrow)" marker-end="url(#arrow)"/>')  # fmt: skip
        if dim.label is not None:
            out.append(_text(pp, dim.label.x, dim.label.y, dim.label.text, dim.label.ha))


def _text(pp: _Panel, x: float, y: float, text: str, ha: str, cls: str = "") -> str:
    anchor = "start" if ha == "left" else "end" if ha == "right" else "middle"
    extra = f' class="{cls}"' if cls else ""
    return (f'<text x="{_n(pp.x(x))}" y="{_n(pp.y(y))}" text-anchor="{anchor}" dominant-baseline="central"'
            f"{extra}>{escape(text)}</text>")  # fmt: skip


def _point(out: list[str], pp: _Panel, p: FigPoint, gid: str) -> None:
    title = escape(p.title or p.code)
    out.append(f'<g id="{escape(gid)}" class="{escape(point_classes(p))}" tabindex="0" aria-label="{title}">'
               f"<title>{title}</title>")  # fmt: skip
    r = dot_size(p) / 2
    cx, cy = _n(pp.x(p.x)), _n(pp.y(p.y))
    style = (
        ""
        if not ("main" in p.classes or p.highlighted or "neighbour" in p.classes or "other" in p.classes)
        else (f' style="fill:{point_colour(p)}"')
    )
    dot_classes = " ".join(["dot", *(c for c in p.classes if c.startswith("channel-"))])
    out.append(f'<circle class="{dot_classes}" cx="{cx}" cy="{cy}" r="{_n(r)}"{style}/>')
    flag = caution_ring(p)
    if flag:
        out.append(f'<circle class="ring caution-{flag}" cx="{cx}" cy="{cy}" r="{_n(r + 1.5)}"/>')
    if p.label is not None:
        L = p.label
        if L.leader:
            end = L.box[2] if p.x > L.box[2] else L.box[0]
            out.append(f'<path class="leader" d="M{pp.xy(p.x, p.y)}L{pp.xy(end, L.y)}"/>')
        out.append(_text(pp, L.x, L.y, L.text, L.ha))
    out.append("</g>")


def _panel(out: list[str], box: PanelBox, ids: list[str], index: int) -> None:
    pp = _Panel(box)
    panel = box.panel
    x, y, w, h = (_n(v * _PT) for v in (box.x, box.y, box.w, box.h))
    out.append(f'<g class="panel view-{panel.view}"><clipPath id="clip-{index}"><rect x="{x}" y="{y}" '
               f'width="{w}" height="{h}"/></clipPath><g clip-path="url(#clip-{index})">')  # fmt: skip
    _shapes(out, pp, panel)
    _paths(out, pp, panel)
    out.append("</g>")
    _measures(out, pp, panel)
    out.append(f'<text x="{_n((box.x + box.w / 2) * _PT)}" y="{_n(box.y * _PT - 6)}" text-anchor="middle" '
               f'class="muted">{escape(panel.title)}</text>')  # fmt: skip
    letters = sides_of(panel)
    if letters:
        x0, _, x1, y1 = panel.bounds
        out.append(_text(pp, x0, y1 - panel.label_height * 0.7, letters[0], "left", "muted"))
        out.append(_text(pp, x1, y1 - panel.label_height * 0.7, letters[1], "right", "muted"))
    for p, gid in zip(panel.points, ids, strict=True):
        _point(out, pp, p, gid)
    out.append("</g>")


def _words(out: list[str], pg: Page, figure: BodyFigure) -> None:
    out.append(f'<text x="{_n(0.25 * _PT)}" y="{_n((pg.title_y + 0.1) * _PT)}" class="title">'
               f"{escape(figure.title)}</text>")  # fmt: skip
    y = pg.legend_y * _PT
    for item in pg.legend:
        x = item.x * _PT
        if item.line:
            out.append(f'<path d="M{_n(x)},{_n(y)}h13" style="stroke:{item.colour};stroke-width:1.4"/>')
        else:
            out.append(f'<circle cx="{_n(x + 6.5)}" cy="{_n(y)}" r="2.3" style="fill:{item.colour}"/>')
        out.append(
            f'<text x="{_n(x + 17)}" y="{_n(y)}" dominant-baseline="central">{escape(item.words)}</text>'
        )
    for i, line in enumerate(pg.caption):
        out.append(f'<text x="{_n(0.25 * _PT)}" y="{_n((pg.caption_y + i * LINE + 0.08) * _PT)}">'
                   f"{escape(line)}</text>")  # fmt: skip


def figure_svg(figure: BodyFigure, *, transparent: bool = False) -> bytes:
    """The SVG of a figure on the body (see the module's description)."""
    pg = page(figure)
    W, H = _n(pg.width * _PT), _n(pg.height * _PT)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}pt" height="{H}pt" viewBox="0 0 {W} {H}" '
        'class="meridian-figure" role="img" aria-labelledby="meridian-title meridian-desc">',
        f'<title id="meridian-title">{escape(figure.title)}</title>',
        f'<desc id="meridian-desc">{escape(figure.caption)}</desc>',
        _style(),
        '<defs><marker id="arrow" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="6" markerHeight="6" '
        f'orient="auto-start-reverse"><path d="M0,0L6,3L0,6Z" style="fill:{INK}"/></marker></defs>',
    ]
    if not transparent:
        out.append(f'<rect width="{W}" height="{H}" style="fill:#fff"/>')
    for index, (box, ids) in enumerate(zip(pg.panels, point_ids(figure), strict=True)):
        _panel(out, box, ids, index)
    _words(out, pg, figure)
    out.append("</svg>\n")
    return "\n".join(out).encode("utf-8")
