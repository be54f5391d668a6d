"""Drawing: the back chart and channel diagrams with matplotlib, and deterministic files.

This is the only module that uses matplotlib, and it imports it inside the functions, so
``import meridian`` stays cheap. Positions come from :mod:`meridian.layout`; the functions here
only draw. Each takes ``ax=None`` (a new figure sized for the diagram) or an Axes to draw into,
and returns the Axes, so notebooks can compose diagrams.

:func:`save` writes SVG, PNG or PDF, chosen by the file's suffix, byte for byte the same for the
same input. In an SVG, every point is a group (``<g id="BL13">``) holding its marker and label,
with a ``<title>`` tooltip; on the back chart the right-hand copy of a bilateral point has the
bare code as its id and the left-hand copy the code with ``-L`` (``BL13-L``).

Examples
--------
>>> import matplotlib
>>> from matplotlib.figure import Figure
>>> from meridian import build_graph
>>> G = build_graph()
>>> ax = draw_back(G, highlight=["lung"])
>>> marker = point_marker(ax, "BL13")
>>> marker.get_markerfacecolor() == ORGAN_COLOURS["lung"]
True
>>> ax.get_title() if ax.get_title() else "titled on the figure"
'titled on the figure'
"""

from __future__ import annotations

import html
import logging
import math
import os
import re
import textwrap
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from .errors import UsageError
from .figure_data import chosen_highlights, colours_of, lit_key
from .io import write_atomic
from .layout import (
    DEFAULT_LEVELS,
    BackChart,
    ChartPoint,
    Highlight,
    back_chart,
    channel_layout,
    level_y,
)

__all__ = [
    "CATEGORY_COLOURS",
    "CHANNEL_COLOURS",
    "ORGAN_COLOURS",
    "SAVE_FORMATS",
    "cjk_font",
    "draw_back",
    "draw_channel",
    "point_marker",
    "save",
]

#: File formats :func:`save` writes, by suffix.
SAVE_FORMATS: tuple[str, ...] = ("svg", "png", "pdf")

#: Colour of each organ when points related to it are highlighted (colour-blind-aware where it
#: matters most: lung, pericardium and heart are blue, reddish purple and vermilion).
ORGAN_COLOURS: dict[str, str] = {
    "lung": "#0072b2",
    "pericardium": "#cc79a7",
    "heart": "#d55e00",
    "liver": "#009e73",
    "gallbladder": "#7a9a01",
    "spleen": "#e69f00",
    "stomach": "#a6761d",
    "kidney": "#1d3f8f",
    "bladder": "#56b4e9",
    "large_intestine": "#7f7f7f",
    "small_intestine": "#e7298a",
    "san_jiao": "#b15928",
    "diaphragm": "#6a3d9a",
    "governor_vessel": "#5b4a8b",
    "sea_of_qi": "#8c8c8c",
    "gate_of_origin": "#5f5f5f",
    "gao_huang": "#b2182b",
}
_NO_ORGAN = "#c9a227"

#: Line colour of each channel.
CHANNEL_COLOURS: dict[str, str] = {"BL": "#2b6f97", "GV": "#6a4c93", "EX-B": "#8a8f96"}
_OTHER_CHANNEL = "#4d5560"

#: Marker colour of a point on a channel diagram, by its leading category kind.
CATEGORY_COLOURS: dict[str, str] = {
    "back-shu": "#d55e00",
    "front-mu": "#cc79a7",
    "lower-he-sea": "#0072b2",
    "five-shu": "#009e73",
    "yuan": "#e69f00",
    "luo": "#56b4e9",
    "xi-cleft": "#b2182b",
    "confluent": "#6a3d9a",
    "hui": "#a6761d",
    "sea": "#7f7f7f",
    "window-of-sky": "#9e9ac8",
    "ghost": "#525252",
    "meeting": "#d9d9d9",
}

_CAUTION_COLOURS: dict[str, str] = {
    "pneumothorax": "#e08a00",
    "organ": "#8c6d62",
    "medulla": "#8c6d62",
    "pregnancy": "#d6337f",
    "artery": "#b2182b",
    "eye": "#8c6d62",
    "infants": "#8c6d62",
}
_CAUTION_WORDS: dict[str, str] = {
    "pneumothorax": "caution: pneumothorax (lung below)",
    "organ": "caution: organ or spinal canal below",
    "medulla": "caution: organ or spinal canal below",
    "eye": "caution: organ or spinal canal below",
    "infants": "caution: organ or spinal canal below",
    "pregnancy": "caution: pregnancy",
    "artery": "caution: artery",
}

# Needling cautions in the order a ring shows them (moxibustion is not a needling caution).
_CAUTION_ORDER = ("pneumothorax", "pregnancy", "artery", "medulla", "organ", "eye", "infants")
_INK = "#1f2630"
_MUTED = "#8a929c"
_BONE = "#a89a8c"
_SKIN = "#f7f3ef"
_SCAPULA = "#ece5de"
_FINDING = "#c1121f"

# Back chart: inches per cun in a figure of its own.
_CUN_INCH = 0.4
_SVG_SALT = "meridian"
_TITLE_KEY = "_meridian_title"
_DESC_KEY = "_meridian_desc"
_CLASS_KEY = "_meridian_classes"

_CJK_CANDIDATES = (
    "Noto Sans CJK",
    "Noto Serif CJK",
    "Source Han Sans",
    "Source Han Serif",
    "WenQuanYi",
    "AR PL",
    "Droid Sans Fallback",
    "Microsoft YaHei",
    "Microsoft JhengHei",
    "SimHei",
    "PingFang",
    "Hiragino",
    "Heiti",
)


@cache
class _NoWeightFallbackNotice(logging.Filter):
    """CJK fonts seldom have a bold face; matplotlib then logs a notice per label drawn in bold."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Failed to find font weight" not in record.getMessage()


@cache
def _cjk() -> tuple[str, frozenset[int]] | None:
    """(family name, code points covered) of an installed CJK font, or None."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    logging.getLogger("matplotlib.font_manager").addFilter(_NoWeightFallbackNotice())

    entries = sorted(
        {(f.name, f.fname) for f in font_manager.fontManager.ttflist if f.name.startswith(_CJK_CANDIDATES)}
    )
    for name, fname in entries:
        try:
            charmap = FT2Font(fname).get_charmap()
        except (OSError, RuntimeError, ValueError):
            continue
        if ord("肺") in charmap and ord("俞") in charmap:
            return name, frozenset(charmap)
    return None


def cjk_font() -> str | None:
    """The family name of an installed font that can draw the characters (e.g. 肺), or None.

    Labels carry the characters only when one is found; without one they show code and pinyin,
    and no missing-glyph warning is raised.
    """
    found = _cjk()
    return found[0] if found else None


def _covers(text: str) -> bool:
    found = _cjk()
    return found is not None and all(ord(ch) in found[1] for ch in text)


def _family(with_cjk: bool) -> list[str]:
    from matplotlib import rcParams

    base = list(rcParams["font.sans-serif"])[:1] or ["DejaVu Sans"]
    name = cjk_font()
    return [*base, name] if with_cjk and name else base


@cache
def _group_type() -> Any:
    """A matplotlib artist that draws its children inside one SVG group with the artist's gid."""
    from matplotlib.artist import Artist

    class PointGroup(Artist):
        def __init__(self, children: Sequence[Any], gid: str, title: str, classes: str = "point") -> None:
            super().__init__()
            self._members = list(children)
            self.set_gid(gid)
            setattr(self, _TITLE_KEY, title)
            setattr(self, _CLASS_KEY, classes)

        def get_children(self) -> list[Any]:
            return list(self._members)

        def draw(self, renderer: Any) -> None:
            if not self.get_visible():
                return
            renderer.open_group("point", gid=self.get_gid())
            for child in self._members:
                child.draw(renderer)
            renderer.close_group("point")
            self.stale = False

    return PointGroup


def _attach(
    ax: Any, children: Sequence[Any], gid: str, title: str, zorder: float = 5, classes: str = "point"
) -> Any:
    for child in children:
        child.axes = ax
        child.set_figure(ax.figure)
        child.set_transform(ax.transData)
        child.set_clip_path(ax.patch)
    group = _group_type()(children, gid, title, classes)
    group.set_zorder(zorder)
    ax.add_artist(group)
    return group


def point_marker(ax: Any, gid: str) -> Any:
    """The marker (a ``Line2D``) of the point drawn with this id, for inspection (KeyError if none).

    Examples
    --------
    >>> from meridian import build_graph
    >>> point_marker(draw_back(build_graph()), "BL13-L").get_xydata().tolist()
    [[-1.5, 3.3]]
    """
    for artist in ax.get_children():
        if artist.get_gid() == gid and hasattr(artist, _TITLE_KEY):
            return artist.get_children()[0]
    raise KeyError(gid)


def _describe(ax: Any, title: str, description: str) -> None:
    setattr(ax, _TITLE_KEY, title)
    setattr(ax, _DESC_KEY, description)


def _plain_text(fig: Any) -> None:
    """Names are text: a ``$`` in a point's name is never read as mathematics."""
    from matplotlib.text import Text

    for artist in fig.findobj(Text):
        artist.set_parse_math(False)


#: The PNG resolutions accepted, in dots per inch.
DPI_RANGE = (10.0, 1200.0)
# The most pixels a PNG may have: a chart at 1200 dpi is far below it; --dpi 3000 is far above.
_MAX_PIXELS = 200_000_000


def _chart_axes() -> Any:
    from .notebook import ChartAxes  # imports matplotlib: only when a figure is drawn

    return ChartAxes


def _new_figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, facecolor="white")


def _scale(ax: Any, width: float, height: float) -> float:
    """Inches per data unit of an equal-aspect Axes showing ``width`` x ``height`` units."""
    fig = ax.figure
    pos = ax.get_position()
    fw, fh = fig.get_size_inches()
    return float(min(pos.width * fw / width, pos.height * fh / height))


def _organ_name(G: Any, organ: str | None) -> str:
    if organ is None:
        return "no organ link"
    data = G.nodes.get(f"organ:{organ}")
    return str(data["name"]) if data else organ.replace("_", " ")


def _point_title(G: Any, p: ChartPoint) -> str:
    where = (
        "on the midline"
        if p.side == "midline"
        else f"{abs(p.x):g} cun {'right' if p.side == 'right' else 'left'} of the midline"
    )
    lines = [f"{p.code} {p.pinyin} {p.hanzi}: {p.english}", f"level {p.level}, {where}"]
    lines += [f"{relation} point of the {_organ_name(G, organ).lower()}" for organ, relation in p.organs]
    lines += [f"caution: {flag}" for flag in p.cautions]
    return "\n".join(lines)


def _caution_flag(flags: Sequence[str], level: str = "T1") -> str | None:
    # The lung lies under the neck and thoracic levels only: a point spanning levels (Jiaji)
    # carries its pneumothorax caution there, not at the lumbar levels.
    ranked = [f for f in _CAUTION_ORDER if f in flags and (f != "pneumothorax" or level[0] in "CT")]
    return ranked[0] if ranked else None


def _finding_xy(finding: Any) -> tuple[float, float] | None:
    spot = getattr(finding, "spot", None)
    if spot is None:
        return None
    from .model import LEVELS, level_index

    y = level_y(spot.level)
    if spot.fraction:
        following = LEVELS[level_index(spot.level) + 1]
        y += spot.fraction * (level_y(following) - y)
    x = float(spot.cun) * (-1.0 if spot.side == "L" else 1.0)
    return x, y


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
        the organ each relates to (:data:`ORGAN_COLOURS`), the others greyed, with a legend.
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
    >>> ax = draw_back(build_graph(), levels="T1-T8", cautions=True)
    >>> point_marker(ax, "BL13").get_xydata().tolist()
    [[1.5, 3.3]]
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyBboxPatch, Polygon
    from matplotlib.text import Text

    use_cjk = cjk_font() is not None
    chart = back_chart(G, levels=levels, jiaji=jiaji, labels=labels, hanzi=use_cjk)
    if use_cjk and not all(_covers(p.hanzi) for p in chart.points if p.label):
        chart = back_chart(G, levels=levels, jiaji=jiaji, labels=labels, hanzi=False)
        use_cjk = False
    wanted = [*highlight, *organs]
    chosen, parsed, scores = chosen_highlights(G, wanted, findings)
    colour_of = colours_of(chosen)
    emphasis = bool(colour_of)

    handles, names = _back_legend(G, chart, chosen, scores, cautions, jiaji, use_cjk)
    b = chart.bounds
    width, height = b.x1 - b.x0, b.y1 - b.y0
    own = ax is None
    if own:
        title_in = 0.95
        rows = len(names) if chosen else math.ceil(len(names) / 2)
        legend_in = 0.3 + 0.19 * rows
        fig = _new_figure(width * _CUN_INCH, height * _CUN_INCH + title_in + legend_in)
        fh = height * _CUN_INCH + title_in + legend_in
        ax = fig.add_axes((0.0, legend_in / fh, 1.0, height * _CUN_INCH / fh), axes_class=_chart_axes())
    ax.set_xlim(b.x0, b.x1)
    ax.set_ylim(b.y1, b.y0)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    inch = _scale(ax, width, height)
    pt = inch * 72.0  # points per cun
    text_pt = chart.label_height * pt
    family = _family(use_cjk)

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
    note = {"fontsize": text_pt * 0.85, "color": "#9b8f83", "style": "italic", "zorder": 1}
    left = next(s for s in chart.scapulae if s.side == "left")
    if chart.levels[0] in ("C7", "T1", "T2") or level_y(chart.levels[0]) <= level_y("T4"):
        ax.text(left.medial_x - 1.9, level_y("T5"), "scapula", ha="center", va="center", **note)
    crest = next(c for c in chart.iliac_crests if c.side == "left")
    if chart.levels[0] != chart.levels[-1] and level_y(chart.levels[-1]) >= level_y("L4"):
        ax.text(crest.top[0], crest.top[1] - 0.45, "iliac crest (L4)", ha="center", va="center", **note)

    line_style: dict[str, dict[str, Any]] = {
        "GV": {"color": CHANNEL_COLOURS["GV"], "lw": 1.6, "ls": "-"},
        "BL inner": {"color": CHANNEL_COLOURS["BL"], "lw": 1.3, "ls": "-"},
        "BL outer": {"color": CHANNEL_COLOURS["BL"], "lw": 1.3, "ls": "-"},
        "sacral foramina": {"color": CHANNEL_COLOURS["BL"], "lw": 1.0, "ls": ":"},
        "EX-B2": {"color": CHANNEL_COLOURS["EX-B"], "lw": 0.9, "ls": "--"},
    }
    for line in chart.lines:
        xs, ys = zip(*line.points, strict=True)
        style = line_style.get(line.name, {"color": _OTHER_CHANNEL, "lw": 1.0, "ls": "-"})
        ax.add_line(Line2D(xs, ys, alpha=0.55, zorder=2, solid_capstyle="round", **style))

    for s in chart.spinous:
        ax.add_patch(
            FancyBboxPatch(
                (-s.half_width, s.top),
                2 * s.half_width,
                s.bottom - s.top,
                boxstyle="round,pad=0,rounding_size=0.12",
                facecolor="white",
                edgecolor=_BONE,
                lw=0.8,
                zorder=3,
            )
        )
        ax.text(
            0,
            (s.top + s.bottom) / 2,
            s.level,
            ha="center",
            va="center",
            fontsize=text_pt * 0.78,
            color="#7d7268",
            zorder=3.5,
        )

    radius = 0.15
    # A faint white backing keeps a label legible where a channel line or bone passes under it
    # (a path-effect halo would double the size of the SVG).
    halo = {"boxstyle": "round,pad=0.08", "facecolor": "white", "edgecolor": "none", "alpha": 0.72}
    for p in chart.points:
        jiaji_point = p.channel == "EX-B"
        edge = CHANNEL_COLOURS.get(p.channel, _OTHER_CHANNEL)
        face = "white"
        size = 2 * radius * pt * (0.7 if jiaji_point else 1.0)
        key = lit_key(colour_of, p)
        lit = key is not None
        if key is not None:
            organ = colour_of[key]
            face = ORGAN_COLOURS.get(organ, _OTHER_CHANNEL) if organ else _NO_ORGAN
            edge = _INK
            size *= 1.25
        elif emphasis:
            edge = "#b9c0c7"
        marker = Line2D(
            [p.x],
            [p.y],
            marker="D" if jiaji_point else "o",
            markersize=size,
            markerfacecolor=face,
            markeredgecolor=edge,
            markeredgewidth=1.1 if not lit else 1.3,
            linestyle="none",
        )
        children: list[Any] = [marker]
        flag = _caution_flag(p.cautions, p.level)
        if cautions and flag:
            children.append(
                Line2D(
                    [p.x],
                    [p.y],
                    marker="o",
                    markersize=size + 0.22 * pt,
                    markerfacecolor="none",
                    markeredgecolor=_CAUTION_COLOURS.get(flag, "#8c6d62"),
                    markeredgewidth=1.0,
                    linestyle="none",
                )
            )
        if p.label is not None and p.label.leader:
            end = p.label.x - 0.05 if p.label.ha == "left" else p.label.x + 0.05
            children.append(Line2D([p.x, end], [p.y, p.label.y], color=_MUTED, lw=0.6, alpha=0.8, zorder=4))
        if p.label is not None:
            children.append(
                Text(
                    p.label.x,
                    p.label.y,
                    p.label.text,
                    ha=p.label.ha,
                    va="center_baseline",
                    fontsize=text_pt,
                    family=family,
                    color=_INK if (lit or not emphasis) else _MUTED,
                    fontweight="bold" if lit else "normal",
                    bbox=halo,
                )
            )
        classes = " ".join(
            ["point", f"channel-{p.channel}", f"side-{p.side}", *(f"caution-{c}" for c in p.cautions)]
            + (["highlighted"] if lit else [])
        )
        _attach(ax, children, p.id, _point_title(G, p), zorder=6 if lit else 5, classes=classes)

    for i, finding in enumerate(parsed, start=1):
        xy = _finding_xy(finding)
        if xy is None or not (b.y0 <= xy[1] <= b.y1):
            continue
        # A small cross beside the point's upper left, so the organ colour of the point stays visible.
        mark = Line2D(
            [xy[0] - 0.2],
            [xy[1] - 0.2],
            marker="X",
            markersize=0.24 * pt,
            markerfacecolor=_FINDING,
            markeredgecolor="white",
            markeredgewidth=0.8,
            linestyle="none",
            alpha=0.9,
        )
        _attach(ax, [mark], f"finding-{i}", f"finding {finding}", zorder=7, classes="finding")

    # Orientation: this is the back seen from behind, so the patient's right is the viewer's right.
    side_note = {"fontsize": text_pt * 1.3, "color": "#9b8f83", "fontweight": "bold", "zorder": 1}
    ax.text(b.x1 - 0.5, b.y0 + 0.7, "R", ha="right", va="center", **side_note)
    ax.text(b.x0 + 0.5, b.y0 + 0.7, "L", ha="left", va="center", **side_note)

    span = f"{chart.levels[0]}–{chart.levels[-1]}"
    title = f"The back, posterior view, {span}"
    if findings:
        title += ": findings " + ", ".join(str(f) for f in parsed)
    elif wanted:
        title += ": " + ", ".join(wanted)
    desc = (
        "Chart of the back seen from behind (patient's right on the right): spinous processes "
        f"{span}, scapulae and iliac crests, the Governor Vessel on the midline and the Bladder "
        "lines 1.5 and 3 cun to each side"
        + (", Jiaji 0.5 cun beside the spine" if jiaji else "")
        + f"; {len(chart.points)} point marks."
    )
    if colour_of:
        desc += (
            " Highlighted: "
            + "; ".join(
                f"{code}{f' {side}' if side else ''} ({_organ_name(G, organ).lower()})"
                for (code, side), organ in sorted(
                    colour_of.items(), key=lambda item: (item[0][0], item[0][1] or "")
                )
            )
            + "."
        )
    _describe(ax, title, desc)
    if own:
        fig = ax.figure
        # A long list of findings would run off the page: wrap to the figure's width.
        wrapped = textwrap.shorten(title, width=int(fig.get_size_inches()[0] * 8.2), placeholder=" …")
        fig.text(0.5, 1 - 0.32 / fig.get_size_inches()[1], wrapped, ha="center", va="center",
                 fontsize=13, color=_INK, fontweight="bold")  # fmt: skip
        fig.text(
            0.5,
            1 - 0.66 / fig.get_size_inches()[1],
            "Seen from behind: the patient's right is on the right. GV on the midline, BL at 1.5 and "
            "3 cun; labels on the right-hand points.",
            ha="center",
            va="center",
            fontsize=8,
            color=_MUTED,
        )
        fig.legend(
            handles,
            names,
            loc="lower center",
            ncol=1 if chosen else (2 if len(names) > 3 else len(names)),
            frameon=False,
            fontsize=8,
            prop={"family": family, "size": 8},
            bbox_to_anchor=(0.5, 0.01),
        )
    else:
        ax.set_title(title, fontsize=10)
        ax.legend(handles, names, loc="lower left", fontsize=6, frameon=False, prop={"family": family})
    _plain_text(ax.figure)
    return ax


def _back_legend(
    G: Any,
    chart: BackChart,
    chosen: Sequence[Highlight],
    scores: dict[str, float],
    cautions: bool,
    jiaji: bool,
    use_cjk: bool,
) -> tuple[list[Any], list[str]]:
    from matplotlib.lines import Line2D

    def dot(face: str, edge: str, marker: str = "o") -> Any:
        return Line2D([], [], marker=marker, ls="none", ms=7, mfc=face, mec=edge, mew=1.1)

    handles: list[Any] = []
    names: list[str] = []
    if chosen:
        by_organ: dict[str | None, list[str]] = {}
        for h in chosen:
            entry = f"{h.code} {h.relation}" if h.relation else h.code
            if entry not in by_organ.setdefault(h.organ, []):
                by_organ[h.organ].append(entry)
        order = sorted(by_organ, key=lambda o: (-scores.get(o or "", 0.0), o or "~"))
        for organ in order:
            data = G.nodes.get(f"organ:{organ}") if organ else None
            name = _organ_name(G, organ)
            if data and use_cjk and _covers(data["hanzi"]):
                name += f" {data['hanzi']}"
            if organ in scores:
                name += f" (score {scores[organ]:g})"
            colour = ORGAN_COLOURS.get(organ, _OTHER_CHANNEL) if organ else _NO_ORGAN
            handles.append(dot(colour, _INK))
            names.append(
                f"{name}: " + ", ".join(by_organ[organ][:5]) + (" …" if len(by_organ[organ]) > 5 else "")
            )
    else:
        handles.append(dot("white", CHANNEL_COLOURS["GV"]))
        names.append("Governor Vessel (GV), midline")
        handles.append(dot("white", CHANNEL_COLOURS["BL"]))
        names.append("Bladder (BL), 1.5 and 3 cun")
    if jiaji:
        handles.append(dot("white", CHANNEL_COLOURS["EX-B"], "D"))
        names.append("Jiaji (EX-B2), 0.5 cun")
    if cautions:
        flags = sorted(
            {f for p in chart.points if (f := _caution_flag(p.cautions, p.level))}, key=_CAUTION_ORDER.index
        )
        seen: set[str] = set()
        for flag in flags:
            words = _CAUTION_WORDS.get(flag, f"caution: {flag}")
            if words in seen:
                continue
            seen.add(words)
            handles.append(dot("none", _CAUTION_COLOURS.get(flag, "#8c6d62")))
            names.append(words)
    if scores:
        handles.append(Line2D([], [], marker="X", ls="none", ms=8, mfc=_FINDING, mec="white"))
        names.append("finding, where it was felt")
    return handles, names


def draw_channel(G: Any, code: str, ax: Any = None) -> Any:
    """Draw a channel's whole course as a schematic: its points in order, grouped by body region.

    Each point shows its code and pinyin (and characters when a CJK font is installed), and its
    categories; its marker is coloured by its leading category (:data:`CATEGORY_COLOURS`).

    Parameters
    ----------
    G
        The graph from :func:`meridian.build_graph`.
    code
        A channel code or alias: ``BL``, ``UB``, ``GV``, ``Du`` ...
    ax
        An Axes to draw into; None makes a new figure sized for the diagram.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from meridian import build_graph
    >>> ax = draw_channel(build_graph(), "GV")
    >>> point_marker(ax, "GV14").get_markerfacecolor() == CATEGORY_COLOURS["sea"]
    True
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyBboxPatch
    from matplotlib.text import Text

    lay = channel_layout(G, code)
    use_cjk = cjk_font() is not None and all(_covers(p.hanzi) for p in lay.points)
    family = _family(use_cjk)
    col_w, row_h, head_h, top, margin = 2.45, 0.5, 0.95, 1.0, 0.3
    legend_h = 0.9
    width = 2 * margin + lay.columns * col_w
    height = top + head_h + lay.rows * row_h + 0.35 + legend_h
    own = ax is None
    if own:
        fig = _new_figure(width, height)
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0), axes_class=_chart_axes())
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    k = _scale(ax, width, height)  # 1.0 in a figure of its own
    colour = CHANNEL_COLOURS.get(lay.code, _OTHER_CHANNEL)

    def col_x(column: int) -> float:
        return margin + column * col_w + 0.3

    def row_y(row: int) -> float:
        return top + head_h + row * row_h + row_h / 2

    tints = ("#eef4fa", "#f3f0f9", "#eef7f2", "#fbf5ec", "#f9eeee", "#eef6f7")
    region_tint: dict[str, str] = {}
    per_group: dict[int, list[Any]] = {}
    for p in lay.points:
        per_group.setdefault(p.group, []).append(p)
    for gi, group in enumerate(lay.groups):
        members = per_group[gi]
        tint = region_tint.setdefault(group.name, tints[len(region_tint) % len(tints)])
        x0 = col_x(group.columns[0]) - 0.22
        x1 = col_x(group.columns[1]) + col_w - 0.52
        bottom = max(row_y(p.row) for p in members) + row_h / 2 + 0.05
        ax.add_patch(
            FancyBboxPatch(
                (x0, top), x1 - x0, bottom - top,
                boxstyle="round,pad=0,rounding_size=0.12", facecolor=tint, edgecolor="none", zorder=0,
            )
        )  # fmt: skip
        ax.text(x0 + 0.14, top + 0.28, group.name.capitalize(), fontsize=11 * k, fontweight="bold",
                color=_INK, va="center")  # fmt: skip
        span = group.codes[0] if len(group.codes) == 1 else f"{group.codes[0]}–{group.codes[-1]}"
        sub = span + (f" · {group.detail}" if group.detail else "")
        ax.text(x0 + 0.14, top + 0.58, sub, fontsize=7.5 * k, color=_MUTED, va="center")

    by_column: dict[int, list[Any]] = {}
    for p in lay.points:
        by_column.setdefault(p.column, []).append(p)
    columns = sorted(by_column)
    for c in columns:
        ys = [row_y(p.row) for p in by_column[c]]
        ax.add_line(Line2D([col_x(c)] * 2, [min(ys), max(ys)], color=colour, lw=2.4, alpha=0.8,
                           solid_capstyle="round", zorder=2))  # fmt: skip
    # The course runs on from each group to the next: an arrow in the gap between their panels.
    for group in lay.groups[1:]:
        gap_x = col_x(group.columns[0]) - 0.36
        ax.text(gap_x, top + 0.28, "›", ha="center", va="center", fontsize=15 * k, color=colour)

    for p in lay.points:
        x, y = col_x(p.column), row_y(p.row)
        kind = p.kind
        face = CATEGORY_COLOURS.get(kind, "white") if kind else "white"
        marker = Line2D([x], [y], marker="o", markersize=10 * k, markerfacecolor=face,
                        markeredgecolor=colour, markeredgewidth=1.4, linestyle="none")  # fmt: skip
        name = p.pinyin + (f" {p.hanzi}" if use_cjk else "")
        detail = "; ".join(p.categories) if p.categories else p.english
        limit = 40
        if len(detail) > limit:
            detail = detail[: limit - 1].rstrip(" ;,") + "…"
        texts = [
            Text(x + 0.2, y - 0.08, p.code, fontsize=8.5 * k, fontweight="bold", color=_INK,
                 va="center_baseline", family=family),
            Text(x + 0.72, y - 0.08, name, fontsize=8.5 * k, color=_INK, va="center_baseline",
                 family=family),
            Text(x + 0.2, y + 0.14, detail, fontsize=6.5 * k, va="center_baseline", family=family,
                 color="#5d6670" if p.categories else _MUTED, style="normal" if p.categories else "italic"),
        ]  # fmt: skip
        title = "\n".join(
            [f"{p.code} {p.pinyin} {p.hanzi}: {p.english}", f"region: {p.region}"]
            + [f"category: {c}" for c in p.categories]
            + [f"{rel} point of the {_organ_name(G, organ).lower()}" for organ, rel in p.organs]
            + [f"caution: {flag}" for flag in p.cautions]
        )
        classes = " ".join(
            ["point", f"channel-{p.code.rstrip('0123456789')}", *(f"caution-{c}" for c in p.cautions)]
        )
        _attach(ax, [marker, *texts], p.code, title, classes=classes)

    kinds = sorted({p.kind for p in lay.points if p.kind}, key=lambda s: list(CATEGORY_COLOURS).index(s))
    handles = [
        Line2D([], [], marker="o", ls="none", ms=8, mfc=CATEGORY_COLOURS[s], mec=colour, mew=1.2)
        for s in kinds
    ]
    handles.append(Line2D([], [], marker="o", ls="none", ms=8, mfc="white", mec=colour, mew=1.2))
    names = [*kinds, "no listed category"]
    ax.legend(handles, names, loc="lower center", ncol=min(len(names), 8), frameon=False,
              fontsize=8 * k, bbox_to_anchor=(0.5, 0.0), title="leading category",
              title_fontsize=8 * k)  # fmt: skip

    name = f"{lay.name} channel" if "Vessel" not in lay.name else lay.name
    title = f"{name} · {lay.code}, {len(lay.points)} points in order"
    ax.text(margin, 0.38, title, fontsize=14 * k, fontweight="bold", color=_INK, va="center")
    ax.text(margin, 0.72, lay.flow, fontsize=8 * k, color=_MUTED, va="center")
    regions = " → ".join(g.name for g in lay.groups)
    desc = (
        f"Schematic of the {name} ({lay.code}): {len(lay.points)} points from {lay.points[0].code} to "
        f"{lay.points[-1].code} in order, grouped by region: {regions}. Each point shows its code, "
        "pinyin and categories."
    )
    _describe(ax, title, desc)
    _plain_text(ax.figure)
    return ax


# -- files ---------------------------------------------------------------------------------------


def _root_figure(fig_or_ax: Any) -> Any:
    from matplotlib.figure import Figure

    fig = fig_or_ax if isinstance(fig_or_ax, Figure) else getattr(fig_or_ax, "figure", None)
    while fig is not None and not isinstance(fig, Figure):
        fig = getattr(fig, "figure", None)
    if fig is None:
        raise UsageError("expected a matplotlib Figure or Axes to save")
    return fig


def _svg_text(fig: Any, data: bytes) -> bytes:
    """Add the figure's <title>/<desc> and each point's <title> tooltip to matplotlib's SVG."""
    text = data.decode("utf-8")
    titles: list[str] = []
    descs: list[str] = []
    for ax in fig.axes:
        if hasattr(ax, _TITLE_KEY):
            titles.append(getattr(ax, _TITLE_KEY))
            descs.append(getattr(ax, _DESC_KEY))
    head = ""
    if titles:
        head = (
            f'\n <title id="meridian-title">{html.escape("; ".join(titles), quote=False)}</title>'
            f'\n <desc id="meridian-desc">{html.escape(" ".join(descs), quote=False)}</desc>'
        )
    opening = re.search(r"<svg\b[^>]*>", text)
    if opening is not None:
        tag = opening.group(0)
        if titles and "role=" not in tag:
            tag = tag[:-1] + ' role="img" aria-labelledby="meridian-title meridian-desc">'
        text = text[: opening.start()] + tag + head + text[opening.end() :]
    tips: dict[str, tuple[str, str]] = {}
    for artist in fig.findobj(lambda a: hasattr(a, _TITLE_KEY) and a.get_gid() is not None):
        tips.setdefault(artist.get_gid(), (getattr(artist, _TITLE_KEY), getattr(artist, _CLASS_KEY, "point")))

    def add_tip(match: re.Match[str]) -> str:
        gid = html.unescape(match.group(1))
        found = tips.get(gid)
        if found is None:
            return match.group(0)
        tip, classes = found
        # A class a site can style, a place in the keyboard's tab order, and a name for screen readers.
        name = html.escape(tip.splitlines()[0], quote=True)
        opening = f'<g id="{match.group(1)}" class="{classes}" tabindex="0" aria-label="{name}">'
        return f"{opening}\n   <title>{html.escape(tip, quote=False)}</title>"

    text = re.sub(r'<g id="([^"]+)">', add_tip, text)
    return text.encode("utf-8")


def save(
    fig_or_ax: Any, path: str | os.PathLike[str], *, dpi: float = 150, transparent: bool = False
) -> Path:
    """Write a figure to ``path`` as SVG, PNG or PDF (by suffix), the same bytes for the same input.

    The file is written under a temporary name in the same folder and moved into place, so a
    reader never sees half a file and a failure leaves none. SVG ids are salted with a fixed
    ``svg.hashsalt`` and no date is written, so output only changes when the drawing does. SVGs
    keep their text as ``<text>``, get a ``<title>`` and ``<desc>`` for screen readers, and each
    point is a group with a ``<title>`` tooltip, a ``class`` a site can style (``point``,
    ``channel-BL``, ``side-left``, ``caution-pneumothorax``, ``highlighted``), ``tabindex="0"``
    and an ``aria-label``.

    Parameters
    ----------
    fig_or_ax
        A Figure, or an Axes (its figure is saved).
    path
        Where to write; the suffix (``.svg``, ``.png``, ``.pdf``) chooses the format.
    dpi
        Resolution of a PNG (SVG and PDF are vector).
    transparent
        Leave the background transparent (for a page with a background of its own).

    Raises
    ------
    UsageError
        For another suffix or a folder that does not exist; no file is left behind.

    Examples
    --------
    >>> from meridian import build_graph
    >>> save(draw_channel(build_graph(), "GV"), "diagram.gif")
    Traceback (most recent call last):
    ...
    meridian.errors.UsageError: cannot write 'diagram.gif': expected a file name ending in .svg, .png or .pdf
    """
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in SAVE_FORMATS:
        raise UsageError(f"cannot write {str(path)!r}: expected a file name ending in .svg, .png or .pdf")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"cannot write {str(path)!r}: no such folder {str(folder)!r}")
    return write_atomic(target, render(fig_or_ax, fmt, dpi=dpi, transparent=transparent))


def render(fig_or_ax: Any, fmt: str = "svg", *, dpi: float = 150, transparent: bool = False) -> bytes:
    """The bytes of a figure as SVG, PNG or PDF: the same bytes :func:`save` writes.

    Examples
    --------
    >>> from meridian import build_graph
    >>> render(draw_channel(build_graph(), "GV"))[:5]
    b'<?xml'
    """
    if fmt not in SAVE_FORMATS:
        raise UsageError(f"cannot render {fmt!r}: expected svg, png or pdf")
    fig = _root_figure(fig_or_ax)
    low, high = DPI_RANGE
    if not isinstance(dpi, (int, float)) or not low <= dpi <= high:  # also refuses nan and inf
        raise UsageError(
            f"bad resolution {dpi!r}; expected a number of dots per inch from {low:g} to {high:g}"
        )
    width, height = fig.get_size_inches()
    if fmt == "png" and width * height * dpi * dpi > _MAX_PIXELS:
        raise UsageError(f"a {dpi:g} dpi PNG of this figure would be too large; use a lower --dpi or SVG")
    _plain_text(fig)

    import io

    from matplotlib import rc_context

    metadata: dict[str, Any] = {"svg": {"Date": None}, "pdf": {"CreationDate": None}, "png": {}}[fmt]
    buffer = io.BytesIO()
    # Text stays text in an SVG (selectable, searchable, translatable, and a third of the size).
    with rc_context({"svg.hashsalt": _SVG_SALT, "svg.fonttype": "none", "pdf.compression": 6}):
        face = "none" if transparent else fig.get_facecolor()
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, facecolor=face, transparent=transparent)
    data = buffer.getvalue()
    if fmt == "svg":
        data = _svg_text(fig, data)
    return data
