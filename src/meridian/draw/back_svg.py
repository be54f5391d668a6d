"""The back chart as SVG, written straight from its layout: no matplotlib.

The same chart :func:`meridian.draw.draw_back` draws with matplotlib (same layout, same colours,
title, legend and point groups), for the command line and a website, where importing matplotlib
would cost more than the whole drawing. Each point is ``<g id="BL13" class="point channel-BL
side-right ..." tabindex="0" aria-label="...">`` with a ``<title>``; every rule of the stylesheet
is scoped to the figure.

Examples
--------
>>> from meridian import build_graph
>>> svg = back_svg(build_graph(), findings=["T3:1.5:L@nodule"], levels="T1-T8").decode()
>>> 'id="BL13-L" class="point channel-BL side-left caution-pneumothorax highlighted"' in svg
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from ..figures.back import DEFAULT_LEVELS, BackChart, ChartPoint, back_chart, finding_xy
from ..figures.back_anatomy import level_y
from ..figures.back_data import chosen_highlights, colours_of, lit_key
from ..figures.labels import text_width
from .back import (
    _BONE,
    _CUN_INCH,
    _LINE_STYLE,
    _NOTE,
    _SCAPULA,
    _SKIN,
    _description,
    _point_title,
    _subtitle,
    _title,
)
from .back_legend import legend_entries
from .common import (
    CAUTION_COLOURS,
    CHANNEL_COLOURS,
    FINDING,
    INK,
    MUTED,
    NO_ORGAN,
    ORGAN_COLOURS,
    OTHER_CHANNEL,
    caution_flag,
)

__all__ = ["BackDrawing", "back_svg"]

_K = _CUN_INCH * 72  # points per cun


def _n(v: float) -> str:
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


class _Page:
    """Chart units (cun, y down from C7) to the page's points."""

    def __init__(self, chart: BackChart, top: float) -> None:
        self.x0, self.y0 = chart.bounds.x0, chart.bounds.y0
        self.top = top

    def x(self, x: float) -> float:
        return (x - self.x0) * _K

    def y(self, y: float) -> float:
        return self.top + (y - self.y0) * _K

    def xy(self, x: float, y: float) -> str:
        return f"{_n(self.x(x))},{_n(self.y(y))}"

    def line(self, points: Iterable[tuple[float, float]]) -> str:
        return "M" + "L".join(self.xy(x, y) for x, y in points)


def _style(text_pt: float) -> str:
    rules = [
        "text{font-family:'DejaVu Sans','Noto Sans CJK SC',sans-serif;"
        f"fill:{INK};font-size:{_n(text_pt)}px}}",
        f".outline{{fill:{_SKIN};stroke:{_BONE};stroke-width:1}}",
        f".scapula{{fill:{_SCAPULA};stroke:{_BONE};stroke-width:.9}}",
        f".bone{{fill:none;stroke:{_BONE};stroke-linecap:round}}",
        f".note{{fill:{_NOTE};font-style:italic;font-size:{_n(text_pt * 0.85)}px}}",
        f".spinous{{fill:#fff;stroke:{_BONE};stroke-width:.8}}",
        f".level{{fill:#7d7268;font-size:{_n(text_pt * 0.78)}px}}",
        ".line{fill:none;stroke-opacity:.55;stroke-linecap:round}",
        ".label{paint-order:stroke;stroke:#fff;stroke-width:2.4px;stroke-opacity:.72;stroke-linejoin:round}",
        f".muted{{fill:{MUTED}}}",
        ".highlighted .label{font-weight:bold}",
        f".leader{{stroke:{MUTED};stroke-width:.6;stroke-opacity:.8}}",
        f".side{{fill:{_NOTE};font-weight:bold;font-size:{_n(text_pt * 1.3)}px}}",
        ".title{font-size:13px;font-weight:bold}.subtitle{font-size:8px}.legend{font-size:8px}",
        ".point:focus{outline:none}.point:focus .mark{stroke:#000;stroke-width:2}",
    ]
    scoped = []
    for rule in rules:
        for part in rule.replace("}", "}\n").splitlines():
            selector, body = part.split("{", 1)
            scoped.append(",".join(f".meridian-figure {s.strip()}" for s in selector.split(",")) + "{" + body)
    return "<style>" + "".join(scoped) + "</style>"


def _anatomy(out: list[str], pg: _Page, chart: BackChart) -> None:
    out.append(f'<path class="outline" d="{pg.line(chart.outline)}Z"/>')
    for scapula in chart.scapulae:
        out.append(f'<path class="scapula" d="{pg.line(scapula.outline)}Z"/>')
        out.append(f'<path class="bone" style="stroke-width:2.2" d="{pg.line(scapula.spine)}"/>')
    for crest in chart.iliac_crests:
        out.append(f'<path class="bone" style="stroke-width:1.6" d="{pg.line(crest.curve)}"/>')
    left = next(s for s in chart.scapulae if s.side == "left")
    if chart.levels[0] in ("C7", "T1", "T2") or level_y(chart.levels[0]) <= level_y("T4"):
        out.append(_text(pg, left.medial_x - 1.9, level_y("T5"), "scapula", "middle", "note"))
    crest = next(c for c in chart.iliac_crests if c.side == "left")
    if chart.levels[0] != chart.levels[-1] and level_y(chart.levels[-1]) >= level_y("L4"):
        out.append(_text(pg, crest.top[0], crest.top[1] - 0.45, "iliac crest (L4)", "middle", "note"))
    for line in chart.lines:
        style = _LINE_STYLE.get(line.name, {"color": OTHER_CHANNEL, "lw": 1.0, "ls": "-"})
        dash = {"-": "", ":": ";stroke-dasharray:1 2.5", "--": ";stroke-dasharray:4 2.5"}[style["ls"]]
        out.append(
            f'<path class="line" style="stroke:{style["color"]};stroke-width:{style["lw"]}{dash}" '
            f'd="{pg.line(line.points)}"/>'
        )
    for s in chart.spinous:
        w, h = 2 * s.half_width * _K, (s.bottom - s.top) * _K
        out.append(
            f'<rect class="spinous" x="{_n(pg.x(-s.half_width))}" y="{_n(pg.y(s.top))}" width="{_n(w)}" '
            f'height="{_n(h)}" rx="{_n(0.12 * _K)}"/>'
        )
        out.append(_text(pg, 0.0, (s.top + s.bottom) / 2, s.level, "middle", "level"))


def _text(pg: _Page, x: float, y: float, text: str, anchor: str, cls: str) -> str:
    return (
        f'<text class="{cls}" x="{_n(pg.x(x))}" y="{_n(pg.y(y))}" text-anchor="{anchor}" '
        f'dominant-baseline="central">{escape(text)}</text>'
    )


def _point(
    out: list[str], G: Any, pg: _Page, p: ChartPoint, colour_of: dict[Any, str | None], cautions: bool
) -> None:
    jiaji = p.channel == "EX-B"
    edge, face, r = CHANNEL_COLOURS.get(p.channel, OTHER_CHANNEL), "#fff", 0.15 * _K * (0.7 if jiaji else 1.0)
    key = lit_key(colour_of, p)
    if key is not None:
        organ = colour_of[key]
        face, edge, r = (ORGAN_COLOURS.get(organ, OTHER_CHANNEL) if organ else NO_ORGAN), INK, r * 1.25
    elif colour_of:
        edge = "#b9c0c7"
    classes = ["point", f"channel-{p.channel}", f"side-{p.side}", *(f"caution-{c}" for c in p.cautions)]
    classes += ["highlighted"] if key is not None else []
    title = escape(_point_title(G, p))
    out.append(
        f'<g id="{escape(p.id)}" class="{" ".join(classes)}" tabindex="0" aria-label="{title}">'
        f"<title>{title}</title>"
    )
    cx, cy = pg.x(p.x), pg.y(p.y)
    width = 1.3 if key is not None else 1.1
    if jiaji:
        d = f"M{_n(cx)},{_n(cy - r)}l{_n(r)},{_n(r)}l{_n(-r)},{_n(r)}l{_n(-r)},{_n(-r)}Z"
        out.append(f'<path class="mark" d="{d}" style="fill:{face};stroke:{edge};stroke-width:{width}"/>')
    else:
        out.append(
            f'<circle class="mark" cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" '
            f'style="fill:{face};stroke:{edge};stroke-width:{width}"/>'
        )
    flag = caution_flag(p.cautions, p.level)
    if cautions and flag:
        out.append(
            f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r + 0.11 * _K)}" '
            f'style="fill:none;stroke:{CAUTION_COLOURS.get(flag, "#8c6d62")}"/>'
        )
    if p.label is not None:
        L = p.label
        if L.leader:
            end = L.x - 0.05 if L.ha == "left" else L.x + 0.05
            out.append(f'<path class="leader" d="M{pg.xy(p.x, p.y)}L{pg.xy(end, L.y)}"/>')
        muted = " muted" if colour_of and key is None else ""
        anchor = "start" if L.ha == "left" else "end" if L.ha == "right" else "middle"
        out.append(_text(pg, L.x, L.y, L.text, anchor, "label" + muted))
    out.append("</g>")


def _findings(out: list[str], pg: _Page, parsed: Sequence[Any], chart: BackChart) -> None:
    for i, finding in enumerate(parsed, start=1):
        xy = finding_xy(finding)
        if xy is None or not (chart.bounds.y0 <= xy[1] <= chart.bounds.y1):
            continue
        cx, cy, a = pg.x(xy[0] - 0.2), pg.y(xy[1] - 0.2), 0.1 * _K
        cross = (
            f"M{_n(cx - a)},{_n(cy - a)}L{_n(cx + a)},{_n(cy + a)}"
            f"M{_n(cx - a)},{_n(cy + a)}L{_n(cx + a)},{_n(cy - a)}"
        )
        out.append(
            f'<g id="finding-{i}" class="finding"><title>finding {escape(str(finding))}</title>'
            f'<path d="{cross}" style="stroke:#fff;stroke-width:4;stroke-linecap:round"/>'
            f'<path d="{cross}" style="stroke:{FINDING};stroke-width:2.2;stroke-linecap:round"/></g>'
        )


def _legend(
    out: list[str], entries: list[tuple[str, str, str, str]], width: float, top: float, one_column: bool
) -> None:
    cols = 1 if one_column else (2 if len(entries) > 3 else max(1, len(entries)))
    col_w = max(text_width(words, 8) for *_, words in entries) + 22 if entries else 0
    x0 = (width - cols * col_w) / 2
    for i, (marker, face, edge, words) in enumerate(entries):
        x, y = x0 + (i % cols) * col_w, top + (i // cols) * 0.19 * 72 + 8
        if marker == "X":
            d = f"M{_n(x + 4)},{_n(y - 3)}l6,6m0,-6l-6,6"
            out.append(f'<path d="{d}" style="stroke:{face};stroke-width:2"/>')
        elif marker == "D":
            out.append(
                f'<path d="M{_n(x + 7)},{_n(y - 3.5)}l3.5,3.5l-3.5,3.5l-3.5,-3.5Z" '
                f'style="fill:{face};stroke:{edge};stroke-width:1.1"/>'
            )
        else:
            paint = f"fill:{face};stroke:{edge};stroke-width:1.1"
            out.append(f'<circle cx="{_n(x + 7)}" cy="{_n(y)}" r="3.5" style="{paint}"/>')
        at = f'x="{_n(x + 16)}" y="{_n(y)}"'
        out.append(f'<text class="legend" {at} dominant-baseline="central">{escape(words)}</text>')


def back_svg(
    G: Any,
    *,
    highlight: Iterable[str] = (),
    organs: Iterable[str] = (),
    findings: Iterable[str] = (),
    levels: str | Sequence[str] = DEFAULT_LEVELS,
    jiaji: bool = False,
    cautions: bool = False,
    labels: bool = True,
    transparent: bool = False,
) -> bytes:
    """The back chart as SVG bytes; the arguments are those of :func:`meridian.draw.draw_back`."""
    findings = list(findings)
    chart = back_chart(G, levels=levels, jiaji=jiaji, labels=labels, hanzi=True)
    wanted = [*highlight, *organs]
    chosen, parsed, scores = chosen_highlights(G, wanted, findings)
    colour_of = colours_of(chosen)
    entries = legend_entries(
        G, chart, chosen, scores, cautions=cautions, jiaji=jiaji, use_cjk=True, check_fonts=False
    )
    title = _title(chart, len(parsed) if findings else None, wanted)
    subtitle = _subtitle(G, findings, chart)
    b = chart.bounds
    width = (b.x1 - b.x0) * _K
    rows = len(entries) if chosen else -(-len(entries) // 2)
    top = (0.81 + 0.14 * len(subtitle)) * 72
    height = top + (b.y1 - b.y0) * _K + (0.3 + 0.19 * rows) * 72
    pg = _Page(chart, top)
    desc = " ".join([*subtitle[:-1], _description(G, chart, jiaji, colour_of)])
    text_pt = chart.label_height * _K
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}pt" height="{_n(height)}pt" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" class="meridian-figure" role="img" '
        'aria-labelledby="meridian-title meridian-desc">',
        f'<title id="meridian-title">{escape(title)}</title>',
        f'<desc id="meridian-desc">{escape(desc)}</desc>',
        _style(text_pt),
    ]
    if not transparent:
        out.append(f'<rect width="{_n(width)}" height="{_n(height)}" style="fill:#fff"/>')
    out.append(
        f'<text class="title" x="{_n(width / 2)}" y="{_n(0.32 * 72)}" text-anchor="middle" '
        f'dominant-baseline="central">{escape(title)}</text>'
    )
    for i, line in enumerate(subtitle):
        cls = "subtitle muted" if i == len(subtitle) - 1 else "subtitle"
        out.append(
            f'<text class="{cls}" x="{_n(width / 2)}" y="{_n((0.62 + 0.14 * i) * 72)}" '
            f'text-anchor="middle" dominant-baseline="central">{escape(line)}</text>'
        )
    clip = f'x="0" y="{_n(top)}" width="{_n(width)}" height="{_n((b.y1 - b.y0) * _K)}"'
    out.append(f'<clipPath id="chart-area"><rect {clip}/></clipPath><g clip-path="url(#chart-area)">')
    _anatomy(out, pg, chart)
    out.append("</g>")
    for p in chart.points:
        _point(out, G, pg, p, colour_of, cautions)
    _findings(out, pg, parsed, chart)
    out.append(_text(pg, b.x1 - 0.5, b.y0 + 0.7, "R", "end", "side"))
    out.append(_text(pg, b.x0 + 0.5, b.y0 + 0.7, "L", "start", "side"))
    _legend(out, entries, width, top + (b.y1 - b.y0) * _K + 6, bool(chosen))
    out.append("</svg>\n")
    return "\n".join(out).encode("utf-8")


class BackDrawing:
    """The back chart as a user holds it: SVG from :func:`back_svg` (no matplotlib), ``figure``
    and ``ax`` from :func:`meridian.draw.draw_back` when PNG or PDF is wanted; shows itself in
    Jupyter. Takes the arguments of :func:`back_svg` (``transparent`` aside)."""

    def __init__(self, G: Any, **options: Any) -> None:
        self._G, self._options = G, options
        self._svg: dict[bool, bytes] = {}

    def svg(self, *, transparent: bool = False) -> bytes:
        """The SVG bytes (made once)."""
        if transparent not in self._svg:
            self._svg[transparent] = back_svg(self._G, transparent=transparent, **self._options)
        return self._svg[transparent]

    @property
    def ax(self) -> Any:
        """The matplotlib Axes of the chart (drawn when first asked for)."""
        if not hasattr(self, "_ax"):
            from .back import draw_back

            self._ax = draw_back(self._G, **self._options)
        return self._ax

    @property
    def figure(self) -> Any:
        """The matplotlib Figure."""
        return self.ax.figure

    def _repr_svg_(self) -> str:
        return self.svg().decode("utf-8")
