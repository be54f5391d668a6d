"""The channel index diagram drawn with matplotlib: a channel's points in order, by region.

Positions come from :func:`meridian.figures.index.channel_layout`; this module only draws them.
Each point's SVG id is its code.

Examples
--------
>>> from meridian import build_graph
>>> from meridian.draw import point_marker
>>> ax = draw_channel_index(build_graph(), "BL")
>>> point_marker(ax, "BL13").get_markerfacecolor() == CATEGORY_COLOURS["back-shu"]
True
"""

from __future__ import annotations

from typing import Any

from ..figures.index import ChannelLayout, ChannelPoint, channel_layout
from .common import (
    CHANNEL_COLOURS,
    INK,
    MUTED,
    OTHER_CHANNEL,
    attach,
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

__all__ = ["CATEGORY_COLOURS", "draw_channel_index"]

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

# The grid, in inches of a figure of its own: column width, row height, group heading height,
# the title's band at the top, the margin each side, and the legend's band at the bottom.
_COL_W, _ROW_H, _HEAD_H, _TOP, _MARGIN = 2.45, 0.5, 0.95, 1.0, 0.3
_LEGEND_H = 0.9
_TINTS = ("#eef4fa", "#f3f0f9", "#eef7f2", "#fbf5ec", "#f9eeee", "#eef6f7")
_DETAIL_CHARS = 40


def _col_x(column: int) -> float:
    return _MARGIN + column * _COL_W + 0.3


def _row_y(row: int) -> float:
    return _TOP + _HEAD_H + row * _ROW_H + _ROW_H / 2


def draw_channel_index(G: Any, code: str, ax: Any = None) -> Any:
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
    >>> from meridian.draw import point_marker
    >>> ax = draw_channel_index(build_graph(), "GV")
    >>> point_marker(ax, "GV14").get_markerfacecolor() == CATEGORY_COLOURS["sea"]
    True
    """
    lay = channel_layout(G, code)
    use_cjk = cjk_font() is not None and all(covers(p.hanzi) for p in lay.points)
    family = font_family(use_cjk)
    width = 2 * _MARGIN + lay.columns * _COL_W
    height = _TOP + _HEAD_H + lay.rows * _ROW_H + 0.35 + _LEGEND_H
    if ax is None:
        fig = new_figure(width, height)
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0), axes_class=chart_axes())
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    k = scale(ax, width, height)  # 1.0 in a figure of its own
    colour = CHANNEL_COLOURS.get(lay.code, OTHER_CHANNEL)

    _draw_groups(ax, lay, k)
    _draw_course(ax, lay, colour, k)
    for p in lay.points:
        _draw_point(ax, G, p, colour, k, family, use_cjk)
    _draw_legend(ax, lay, colour, k)
    _draw_title(ax, lay, k)
    plain_text(ax.figure)
    return ax


def _draw_groups(ax: Any, lay: ChannelLayout, k: float) -> None:
    """A tinted panel per group, named, with its span of points (same region, same tint)."""
    from matplotlib.patches import FancyBboxPatch

    region_tint: dict[str, str] = {}
    per_group: dict[int, list[ChannelPoint]] = {}
    for p in lay.points:
        per_group.setdefault(p.group, []).append(p)
    for gi, group in enumerate(lay.groups):
        members = per_group[gi]
        tint = region_tint.setdefault(group.name, _TINTS[len(region_tint) % len(_TINTS)])
        x0 = _col_x(group.columns[0]) - 0.22
        x1 = _col_x(group.columns[1]) + _COL_W - 0.52
        bottom = max(_row_y(p.row) for p in members) + _ROW_H / 2 + 0.05
        ax.add_patch(
            FancyBboxPatch(
                (x0, _TOP), x1 - x0, bottom - _TOP,
                boxstyle="round,pad=0,rounding_size=0.12", facecolor=tint, edgecolor="none", zorder=0,
            )
        )  # fmt: skip
        ax.text(x0 + 0.14, _TOP + 0.28, group.name.capitalize(), fontsize=11 * k, fontweight="bold",
                color=INK, va="center")  # fmt: skip
        span = group.codes[0] if len(group.codes) == 1 else f"{group.codes[0]}–{group.codes[-1]}"
        sub = span + (f" · {group.detail}" if group.detail else "")
        ax.text(x0 + 0.14, _TOP + 0.58, sub, fontsize=7.5 * k, color=MUTED, va="center")


def _draw_course(ax: Any, lay: ChannelLayout, colour: str, k: float) -> None:
    """The channel's line down each column, and an arrow from each group to the next."""
    from matplotlib.lines import Line2D

    by_column: dict[int, list[ChannelPoint]] = {}
    for p in lay.points:
        by_column.setdefault(p.column, []).append(p)
    for c in sorted(by_column):
        ys = [_row_y(p.row) for p in by_column[c]]
        ax.add_line(Line2D([_col_x(c)] * 2, [min(ys), max(ys)], color=colour, lw=2.4, alpha=0.8,
                           solid_capstyle="round", zorder=2))  # fmt: skip
    # The course runs on from each group to the next: an arrow in the gap between their panels.
    for group in lay.groups[1:]:
        gap_x = _col_x(group.columns[0]) - 0.36
        ax.text(gap_x, _TOP + 0.28, "›", ha="center", va="center", fontsize=15 * k, color=colour)


def _draw_point(
    ax: Any, G: Any, p: ChannelPoint, colour: str, k: float, family: list[str], use_cjk: bool
) -> None:
    """A point as a group: its marker, code, name and categories, with a tooltip."""
    from matplotlib.lines import Line2D
    from matplotlib.text import Text

    x, y = _col_x(p.column), _row_y(p.row)
    kind = p.kind
    face = CATEGORY_COLOURS.get(kind, "white") if kind else "white"
    marker = Line2D([x], [y], marker="o", markersize=10 * k, markerfacecolor=face,
                    markeredgecolor=colour, markeredgewidth=1.4, linestyle="none")  # fmt: skip
    name = p.pinyin + (f" {p.hanzi}" if use_cjk else "")
    detail = "; ".join(p.categories) if p.categories else p.english
    if len(detail) > _DETAIL_CHARS:
        detail = detail[: _DETAIL_CHARS - 1].rstrip(" ;,") + "…"
    texts = [
        Text(x + 0.2, y - 0.08, p.code, fontsize=8.5 * k, fontweight="bold", color=INK,
             va="center_baseline", family=family),
        Text(x + 0.72, y - 0.08, name, fontsize=8.5 * k, color=INK, va="center_baseline",
             family=family),
        Text(x + 0.2, y + 0.14, detail, fontsize=6.5 * k, va="center_baseline", family=family,
             color="#5d6670" if p.categories else MUTED, style="normal" if p.categories else "italic"),
    ]  # fmt: skip
    title = "\n".join(
        [f"{p.code} {p.pinyin} {p.hanzi}: {p.english}", f"region: {p.region}"]
        + [f"category: {c}" for c in p.categories]
        + [f"{rel} point of the {organ_name(G, organ).lower()}" for organ, rel in p.organs]
        + [f"caution: {flag}" for flag in p.cautions]
    )
    classes = " ".join(
        ["point", f"channel-{p.code.rstrip('0123456789')}", *(f"caution-{c}" for c in p.cautions)]
    )
    attach(ax, [marker, *texts], p.code, title, classes=classes)


def _draw_legend(ax: Any, lay: ChannelLayout, colour: str, k: float) -> None:
    """The leading categories shown, in the order of :data:`CATEGORY_COLOURS`."""
    from matplotlib.lines import Line2D

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


def _draw_title(ax: Any, lay: ChannelLayout, k: float) -> None:
    """The diagram's title and the channel's flow, and the SVG's title and description."""
    name = f"{lay.name} channel" if "Vessel" not in lay.name else lay.name
    title = f"{name} · {lay.code}, {len(lay.points)} points in order"
    ax.text(_MARGIN, 0.38, title, fontsize=14 * k, fontweight="bold", color=INK, va="center")
    ax.text(_MARGIN, 0.72, lay.flow, fontsize=8 * k, color=MUTED, va="center")
    regions = " → ".join(g.name for g in lay.groups)
    desc = (
        f"Schematic of the {name} ({lay.code}): {len(lay.points)} points from {lay.points[0].code} to "
        f"{lay.points[-1].code} in order, grouped by region: {regions}. Each point shows its code, "
        "pinyin and categories."
    )
    describe(ax, title, desc)
