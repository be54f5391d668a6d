"""The back chart drawn with matplotlib: outline, bones, channel lines, points, labels, findings.

Positions come from :func:`meridian.figures.back.back_chart`; this module only draws them. On
the chart, the right-hand copy of a bilateral point has the bare code as its SVG id and the
left-hand copy the code with ``-L`` (``BL13-L``).

Examples
--------
>>> from meridian import build_graph
>>> ax = draw_back(build_graph(), highlight=["lung"])
>>> ax.get_title() if ax.get_title() else "titled on the figure"
'titled on the figure'
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

from ..figures.back import DEFAULT_LEVELS, BackChart, ChartPoint, back_chart, finding_xy
from ..figures.back_anatomy import level_y
from ..figures.back_data import chosen_highlights, colours_of, lit_key
from .back_legend import back_legend
from .common import (
    CAUTION_COLOURS,
    CHANNEL_COLOURS,
    FINDING,
    INK,
    MUTED,
    NO_ORGAN,
    ORGAN_COLOURS,
    OTHER_CHANNEL,
    attach,
    caution_flag,
    chart_axes,
    cjk_font,
    covers,
    describe,
    font_family,
    new_figure,
    organ_name,
    plain_text,
    scale,
)

__all__ = ["draw_back"]

_BONE = "#a89a8c"
_SKIN = "#f7f3ef"
_SCAPULA = "#ece5de"
_NOTE = "#9b8f83"
# Inches per cun in a figure of its own.
_CUN_INCH = 0.4
_LINE_STYLE: dict[str, dict[str, Any]] = {
    "GV": {"color": CHANNEL_COLOURS["GV"], "lw": 1.6, "ls": "-"},
    "BL inner": {"color": CHANNEL_COLOURS["BL"], "lw": 1.3, "ls": "-"},
    "BL outer": {"color": CHANNEL_COLOURS["BL"], "lw": 1.3, "ls": "-"},
    "sacral foramina": {"color": CHANNEL_COLOURS["BL"], "lw": 1.0, "ls": ":"},
    "EX-B2": {"color": CHANNEL_COLOURS["EX-B"], "lw": 0.9, "ls": "--"},
}
# A faint white backing keeps a label legible where a channel line or bone passes under it
# (a path-effect halo would double the size of the SVG).
_HALO = {"boxstyle": "round,pad=0.08", "facecolor": "white", "edgecolor": "none", "alpha": 0.72}


def draw_back(
    G: Any,
    ax: Any = None,
    *,
    highlight: Iterable[str] = (),
    organs: Iterable[str] = (),
    findings: Iterable[str] = (),
    levels: str | Sequence[str] = DEFAULT_LEVELS,
    jiaji: bool = False,
    cautions: bool = False,
    labels: bool = True,
) -> Any:
    """Draw the upper-back chart (posterior view): outline, bones, channel lines and points.

    Parameters
    ----------
    G
        The graph from :func:`meridian.build_graph`.
    ax
        An Axes to draw into; None makes a new figure sized for the chart (0.4 inch per cun).
    highlight
        Point codes and/or organs (``BL13``, ``lung``): the points are filled with the colour of
        the organ each relates to (:data:`~meridian.draw.ORGAN_COLOURS`), the others greyed, with
        a legend.
    organs
        More organs to highlight, as in ``highlight``.
    findings
        Palpation findings such as ``T3:1.5:L@nodule`` (see :func:`meridian.reasoning.suggest`):
        each is marked where it was felt, and the points it suggests are coloured by organ.
    levels
        The vertebral range shown, e.g. ``"C7-L5"``.
    jiaji
        Also draw Jiaji (EX-B2), 0.5 cun beside the spine from T1 to L5.
    cautions
        Ring the points that carry a needling caution (pneumothorax above all), with a legend.
    labels
        Label the points with code and pinyin (and characters when a CJK font is installed).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    UsageError
        For a bad level range, an unknown point or organ, or a malformed finding.

    Examples
    --------
    >>> from meridian import build_graph
    >>> from meridian.draw import point_marker
    >>> ax = draw_back(build_graph(), levels="T1-T8", cautions=True)
    >>> point_marker(ax, "BL13").get_xydata().tolist()
    [[1.5, 3.3]]
    """
    use_cjk = cjk_font() is not None
    chart = back_chart(G, levels=levels, jiaji=jiaji, labels=labels, hanzi=use_cjk)
    if use_cjk and not all(covers(p.hanzi) for p in chart.points if p.label):
        chart = back_chart(G, levels=levels, jiaji=jiaji, labels=labels, hanzi=False)
        use_cjk = False
    wanted = [*highlight, *organs]
    chosen, parsed, scores = chosen_highlights(G, wanted, findings)
    colour_of = colours_of(chosen)

    handles, names = back_legend(G, chart, chosen, scores, cautions=cautions, jiaji=jiaji, use_cjk=use_cjk)
    own = ax is None
    title = _title(chart, len(parsed) if findings else None, wanted)
    subtitle = _subtitle(G, list(findings), chart)
    if own:
        ax = _own_axes(chart, len(names) if chosen else math.ceil(len(names) / 2), len(subtitle))
    pt = _frame(ax, chart) * 72.0  # points per cun
    text_pt = chart.label_height * pt
    family = font_family(use_cjk)

    _draw_landmarks(ax, chart, text_pt)
    _draw_lines(ax, chart)
    _draw_spinous(ax, chart, text_pt)
    for p in chart.points:
        _draw_point(ax, G, p, colour_of, cautions=cautions, pt=pt, text_pt=text_pt, family=family)
    _draw_findings(ax, parsed, chart, pt)
    # Orientation: this is the back seen from behind, so the patient's right is the viewer's right.
    b = chart.bounds
    side_note = {"fontsize": text_pt * 1.3, "color": _NOTE, "fontweight": "bold", "zorder": 1}
    ax.text(b.x1 - 0.5, b.y0 + 0.7, "R", ha="right", va="center", **side_note)
    ax.text(b.x0 + 0.5, b.y0 + 0.7, "L", ha="left", va="center", **side_note)

    describe(ax, title, " ".join([*subtitle[:-1], _description(G, chart, jiaji, colour_of)]))
    if own:
        _figure_text(ax.figure, title, subtitle, handles, names, one_column=bool(chosen), family=family)
    else:
        ax.set_title("\n".join([title, *subtitle[:-1]]), fontsize=10)
        ax.legend(handles, names, loc="lower left", fontsize=6, frameon=False, prop={"family": family})
    plain_text(ax.figure)
    return ax


def _own_axes(chart: BackChart, legend_rows: int, subtitle_lines: int = 1) -> Any:
    """The Axes of a figure of the chart's own: 0.4 inch per cun, with room for title and legend."""
    b = chart.bounds
    width, height = b.x1 - b.x0, b.y1 - b.y0
    title_in = 0.81 + 0.14 * subtitle_lines
    legend_in = 0.3 + 0.19 * legend_rows
    fig = new_figure(width * _CUN_INCH, height * _CUN_INCH + title_in + legend_in)
    fh = height * _CUN_INCH + title_in + legend_in
    return fig.add_axes((0.0, legend_in / fh, 1.0, height * _CUN_INCH / fh), axes_class=chart_axes())


def _frame(ax: Any, chart: BackChart) -> float:
    """Show the chart's bounds, y down, at equal aspect with no axes; return inches per cun."""
    b = chart.bounds
    ax.set_xlim(b.x0, b.x1)
    ax.set_ylim(b.y1, b.y0)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    return scale(ax, b.x1 - b.x0, b.y1 - b.y0)


def _draw_landmarks(ax: Any, chart: BackChart, text_pt: float) -> None:
    """The outline of the back, the scapulae and iliac crests, and their names where shown."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon

    ax.add_patch(Polygon(chart.outline, closed=True, facecolor=_SKIN, edgecolor=_BONE, lw=1.0, zorder=0))
    for scapula in chart.scapulae:
        ax.add_patch(
            Polygon(scapula.outline, closed=True, facecolor=_SCAPULA, edgecolor=_BONE, lw=0.9, zorder=1)
        )
        xs, ys = zip(*scapula.spine, strict=True)
        ax.add_line(Line2D(xs, ys, color=_BONE, lw=2.2, solid_capstyle="round", zorder=1))
    for crest in chart.iliac_crests:
        xs, ys = zip(*crest.curve, strict=True)
        ax.add_line(Line2D(xs, ys, color=_BONE, lw=1.6, solid_capstyle="round", zorder=1))
    note = {"fontsize": text_pt * 0.85, "color": _NOTE, "style": "italic", "zorder": 1}
    left = next(s for s in chart.scapulae if s.side == "left")
    if chart.levels[0] in ("C7", "T1", "T2") or level_y(chart.levels[0]) <= level_y("T4"):
        ax.text(left.medial_x - 1.9, level_y("T5"), "scapula", ha="center", va="center", **note)
    crest = next(c for c in chart.iliac_crests if c.side == "left")
    if chart.levels[0] != chart.levels[-1] and level_y(chart.levels[-1]) >= level_y("L4"):
        ax.text(crest.top[0], crest.top[1] - 0.45, "iliac crest (L4)", ha="center", va="center", **note)


def _draw_lines(ax: Any, chart: BackChart) -> None:
    from matplotlib.lines import Line2D

    for line in chart.lines:
        xs, ys = zip(*line.points, strict=True)
        style = _LINE_STYLE.get(line.name, {"color": OTHER_CHANNEL, "lw": 1.0, "ls": "-"})
        ax.add_line(Line2D(xs, ys, alpha=0.55, zorder=2, solid_capstyle="round", **style))


def _draw_spinous(ax: Any, chart: BackChart, text_pt: float) -> None:
    from matplotlib.patches import FancyBboxPatch

    for s in chart.spinous:
        ax.add_patch(
            FancyBboxPatch(
                (-s.half_width, s.top), 2 * s.half_width, s.bottom - s.top,
                boxstyle="round,pad=0,rounding_size=0.12", facecolor="white", edgecolor=_BONE, lw=0.8,
                zorder=3,
            )
        )  # fmt: skip
        ax.text(0, (s.top + s.bottom) / 2, s.level, ha="center", va="center", fontsize=text_pt * 0.78,
                color="#7d7268", zorder=3.5)  # fmt: skip


def _draw_point(
    ax: Any,
    G: Any,
    p: ChartPoint,
    colour_of: dict[tuple[str, str | None], str | None],
    *,
    cautions: bool,
    pt: float,
    text_pt: float,
    family: list[str],
) -> None:
    """One copy of a point as a group: its marker, caution ring, leader line and label."""
    from matplotlib.lines import Line2D
    from matplotlib.text import Text

    jiaji_point = p.channel == "EX-B"
    edge = CHANNEL_COLOURS.get(p.channel, OTHER_CHANNEL)
    face = "white"
    size = 2 * 0.15 * pt * (0.7 if jiaji_point else 1.0)  # a marker 0.15 cun in radius
    key = lit_key(colour_of, p)
    lit = key is not None
    if key is not None:
        organ = colour_of[key]
        face = ORGAN_COLOURS.get(organ, OTHER_CHANNEL) if organ else NO_ORGAN
        edge = INK
        size *= 1.25
    elif colour_of:  # something else is highlighted: this point steps back
        edge = "#b9c0c7"
    children: list[Any] = [
        Line2D([p.x], [p.y], marker="D" if jiaji_point else "o", markersize=size, markerfacecolor=face,
               markeredgecolor=edge, markeredgewidth=1.1 if not lit else 1.3, linestyle="none")
    ]  # fmt: skip
    flag = caution_flag(p.cautions, p.level)
    if cautions and flag:
        children.append(
            Line2D([p.x], [p.y], marker="o", markersize=size + 0.22 * pt, markerfacecolor="none",
                   markeredgecolor=CAUTION_COLOURS.get(flag, "#8c6d62"), markeredgewidth=1.0,
                   linestyle="none")
        )  # fmt: skip
    if p.label is not None and p.label.leader:
        end = p.label.x - 0.05 if p.label.ha == "left" else p.label.x + 0.05
        children.append(Line2D([p.x, end], [p.y, p.label.y], color=MUTED, lw=0.6, alpha=0.8, zorder=4))
    if p.label is not None:
        children.append(
            Text(p.label.x, p.label.y, p.label.text, ha=p.label.ha, va="center_baseline", fontsize=text_pt,
                 family=family, color=INK if (lit or not colour_of) else MUTED,
                 fontweight="bold" if lit else "normal", bbox=_HALO)
        )  # fmt: skip
    classes = " ".join(
        ["point", f"channel-{p.channel}", f"side-{p.side}", *(f"caution-{c}" for c in p.cautions)]
        + (["highlighted"] if lit else [])
    )
    attach(ax, children, p.id, _point_title(G, p), zorder=6 if lit else 5, classes=classes)


def _point_title(G: Any, p: ChartPoint) -> str:
    where = (
        "on the midline"
        if p.side == "midline"
        else f"{abs(p.x):g} cun {'right' if p.side == 'right' else 'left'} of the midline"
    )
    lines = [f"{p.code} {p.pinyin} {p.hanzi}: {p.english}", f"level {p.level}, {where}"]
    lines += [f"{relation} point of the {organ_name(G, organ).lower()}" for organ, relation in p.organs]
    lines += [f"caution: {flag}" for flag in p.cautions]
    return "\n".join(lines)


def _draw_findings(ax: Any, parsed: Sequence[Any], chart: BackChart, pt: float) -> None:
    from matplotlib.lines import Line2D

    b = chart.bounds
    for i, finding in enumerate(parsed, start=1):
        xy = finding_xy(finding)
        if xy is None or not (b.y0 <= xy[1] <= b.y1):
            continue
        # A small cross beside the point's upper left, so the organ colour of the point stays visible.
        mark = Line2D([xy[0] - 0.2], [xy[1] - 0.2], marker="X", markersize=0.24 * pt,
                      markerfacecolor=FINDING, markeredgecolor="white", markeredgewidth=0.8,
                      linestyle="none", alpha=0.9)  # fmt: skip
        attach(ax, [mark], f"finding-{i}", f"finding {finding}", zorder=7, classes="finding")


def _title(chart: BackChart, findings: int | None, wanted: Sequence[str]) -> str:
    """The chart's title: its range, then how many findings (None: none asked for) or what is
    highlighted."""
    title = f"The back, posterior view, {chart.levels[0]}–{chart.levels[-1]}"
    if findings is not None:
        title += f", {findings} finding" + ("s" if findings != 1 else "")
    elif wanted:
        title += ": " + ", ".join(wanted)
    return title


_ORIENTATION = (
    "Seen from behind: the patient's right is on the right. GV on the midline, BL at 1.5 and "
    "3 cun; labels on the right-hand points."
)


def _subtitle(G: Any, findings: Sequence[str], chart: BackChart) -> list[str]:
    """The lines under the title: each finding in words (what it reached), then the orientation.

    A finding reads "nodule at T3, 1.5 cun left of the midline → BL13, back-shu point of the
    lung", never the input syntax.
    """
    from ..figures.front import finding_words

    width = int((chart.bounds.x1 - chart.bounds.x0) * _CUN_INCH * 72 / (8 * 0.55))
    lines = [line for words in finding_words(G, findings) for line in textwrap.wrap(words, width)]
    if len(lines) > 4:  # many findings: the first ones, and how many more
        lines = [*lines[:3], f"… and more ({len(findings)} findings in all)"]
    return [*lines, _ORIENTATION]


def _description(
    G: Any, chart: BackChart, jiaji: bool, colour_of: dict[tuple[str, str | None], str | None]
) -> str:
    """What the chart shows, in words, for screen readers (the SVG's ``<desc>``)."""
    desc = (
        "Chart of the back seen from behind (patient's right on the right): spinous processes "
        f"{chart.levels[0]}–{chart.levels[-1]}, scapulae and iliac crests, the Governor Vessel on the "
        "midline and the Bladder lines 1.5 and 3 cun to each side"
        + (", Jiaji 0.5 cun beside the spine" if jiaji else "")
        + f"; {len(chart.points)} point marks."
    )
    if colour_of:
        ordered = sorted(colour_of.items(), key=lambda item: (item[0][0], item[0][1] or ""))
        lit = [f"{code}{f' {side}' if side else ''} ({organ_name(G, organ).lower()})"
               for (code, side), organ in ordered]  # fmt: skip
        desc += " Highlighted: " + "; ".join(lit) + "."
    return desc


def _figure_text(
    fig: Any,
    title: str,
    subtitle: Sequence[str],
    handles: list[Any],
    names: list[str],
    *,
    one_column: bool,
    family: list[str],
) -> None:
    """Title, subtitle and legend of a figure of the chart's own."""
    # A long list of findings would run off the page: wrap to the figure's width.
    wrapped = textwrap.shorten(title, width=int(fig.get_size_inches()[0] * 8.2), placeholder=" …")
    fig.text(0.5, 1 - 0.32 / fig.get_size_inches()[1], wrapped, ha="center", va="center",
             fontsize=13, color=INK, fontweight="bold")  # fmt: skip
    for i, line in enumerate(subtitle):
        last = i == len(subtitle) - 1
        fig.text(0.5, 1 - (0.62 + 0.14 * i) / fig.get_size_inches()[1], line, ha="center", va="center",
                 fontsize=8, color=MUTED if last else INK, family=family)  # fmt: skip
    fig.legend(
        handles,
        names,
        loc="lower center",
        ncol=1 if one_column else (2 if len(names) > 3 else len(names)),
        frameon=False,
        fontsize=8,
        prop={"family": family, "size": 8},
        bbox_to_anchor=(0.5, 0.01),
    )
