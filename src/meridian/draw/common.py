"""What every figure shares: colours, fonts, point groups and the figure's own text.

matplotlib is imported inside the functions, only when a figure is drawn. Each drawn point is a
group artist (:func:`attach`) whose SVG element carries the point's id, a ``<title>`` tooltip and
a class; :mod:`meridian.draw.output` writes those into the file.

Examples
--------
>>> from meridian.draw import draw_back
>>> from meridian import build_graph
>>> marker = point_marker(draw_back(build_graph(), highlight=["lung"]), "BL13")
>>> marker.get_markerfacecolor() == ORGAN_COLOURS["lung"]
True
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from functools import cache
from typing import Any

__all__ = [
    "CAUTION_COLOURS",
    "CAUTION_ORDER",
    "CAUTION_WORDS",
    "CHANNEL_COLOURS",
    "CLASS_KEY",
    "DESC_KEY",
    "FINDING",
    "INK",
    "MUTED",
    "NO_ORGAN",
    "ORGAN_COLOURS",
    "OTHER_CHANNEL",
    "TITLE_KEY",
    "attach",
    "caution_flag",
    "chart_axes",
    "cjk_font",
    "covers",
    "describe",
    "font_family",
    "new_figure",
    "organ_name",
    "plain_text",
    "point_marker",
    "refresh_font_cache",
    "scale",
]

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
#: Fill of a highlighted point with no organ link.
NO_ORGAN = "#c9a227"

#: Line colour of each channel.
CHANNEL_COLOURS: dict[str, str] = {"BL": "#2b6f97", "GV": "#6a4c93", "EX-B": "#8a8f96"}
#: Line colour of a channel without one of its own.
OTHER_CHANNEL = "#4d5560"

#: Ring colour of each needling caution.
CAUTION_COLOURS: dict[str, str] = {
    "pneumothorax": "#e08a00",
    "organ": "#8c6d62",
    "medulla": "#8c6d62",
    "pregnancy": "#d6337f",
    "artery": "#b2182b",
    "eye": "#8c6d62",
    "infants": "#8c6d62",
}
#: How a legend names each needling caution.
CAUTION_WORDS: dict[str, str] = {
    "pneumothorax": "caution: pneumothorax (lung below)",
    "organ": "caution: organ or spinal canal below",
    "medulla": "caution: organ or spinal canal below",
    "eye": "caution: organ or spinal canal below",
    "infants": "caution: organ or spinal canal below",
    "pregnancy": "caution: pregnancy",
    "artery": "caution: artery",
}
#: Needling cautions in the order a ring shows them (moxibustion is not a needling caution).
CAUTION_ORDER = ("pneumothorax", "pregnancy", "artery", "medulla", "organ", "eye", "infants")

#: Text colour, and the colour of text that stays in the background.
INK = "#1f2630"
MUTED = "#8a929c"
#: The mark of a finding, where it was felt.
FINDING = "#c1121f"

#: Attributes that carry an SVG ``<title>``, ``<desc>`` and ``class`` to :mod:`meridian.draw.output`.
TITLE_KEY = "_meridian_title"
DESC_KEY = "_meridian_desc"
CLASS_KEY = "_meridian_classes"

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


def _family(path: str) -> str | None:
    from matplotlib.ft2font import FT2Font

    try:
        return str(FT2Font(path).family_name)
    except (OSError, RuntimeError, ValueError):
        return None


def refresh_font_cache() -> list[str]:
    """Make CJK fonts installed after matplotlib's font cache was written known to matplotlib.

    matplotlib lists the system's fonts once and reads that list back from its cache ever after,
    so a font installed later is not used, and figures drop the characters. Each CJK font file
    the system has (:func:`matplotlib.font_manager.findSystemFonts`) but the list lacks is added
    to it (:meth:`~matplotlib.font_manager.FontManager.addfont`), and the cache is written again
    by matplotlib (its own file, its own lock) so later runs know the font from the start.

    Returns
    -------
    list of str
        The font files added, sorted; empty when the list was up to date.

    Examples
    --------
    >>> added = refresh_font_cache()
    >>> refresh_font_cache()  # nothing is missing any more
    []
    """
    import matplotlib
    from matplotlib import font_manager

    manager = font_manager.fontManager
    known = {os.path.realpath(f.fname) for f in manager.ttflist}
    unknown = sorted({p for p in font_manager.findSystemFonts() if os.path.realpath(p) not in known})
    added = [p for p in unknown if (_family(p) or "").startswith(_CJK_CANDIDATES)]
    for path in added:
        manager.addfont(path)
    # matplotlib names its cache after FontManager.__version__ (font_manager._load_fontmanager)
    cache_dir = matplotlib.get_cachedir()
    if added and os.access(cache_dir, os.W_OK):
        font_manager.json_dump(manager, os.path.join(cache_dir, f"fontlist-v{manager.__version__}.json"))
    return added


@cache
def _cjk() -> tuple[str, frozenset[int]] | None:
    """(family name, code points covered) of an installed CJK font, or None."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    logging.getLogger("matplotlib.font_manager").addFilter(_NoWeightFallbackNotice())

    def entries() -> list[tuple[str, str]]:
        fonts = font_manager.fontManager.ttflist
        return sorted({(f.name, f.fname) for f in fonts if f.name.startswith(_CJK_CANDIDATES)})

    for name, fname in entries() or (entries() if refresh_font_cache() else []):
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


def covers(text: str) -> bool:
    """True when the installed CJK font (if any) can draw every character of ``text``."""
    found = _cjk()
    return found is not None and all(ord(ch) in found[1] for ch in text)


def font_family(with_cjk: bool) -> list[str]:
    """The font family list of a label: the default sans-serif, then the CJK font if wanted."""
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
            setattr(self, TITLE_KEY, title)
            setattr(self, CLASS_KEY, classes)

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


def attach(
    ax: Any, children: Sequence[Any], gid: str, title: str, zorder: float = 5, classes: str = "point"
) -> Any:
    """Add ``children`` (in data coordinates) to ``ax`` as one group: one SVG ``<g id=gid>``."""
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
    >>> from meridian.draw import draw_back
    >>> point_marker(draw_back(build_graph()), "BL13-L").get_xydata().tolist()
    [[-1.5, 3.3]]
    """
    for artist in ax.get_children():
        if artist.get_gid() == gid and hasattr(artist, TITLE_KEY):
            return artist.get_children()[0]
    raise KeyError(gid)


def describe(ax: Any, title: str, description: str) -> None:
    """Give the figure drawn on ``ax`` its SVG ``<title>`` and ``<desc>`` (for screen readers)."""
    setattr(ax, TITLE_KEY, title)
    setattr(ax, DESC_KEY, description)


def plain_text(fig: Any) -> None:
    """Names are text: a ``$`` in a point's name is never read as mathematics."""
    from matplotlib.text import Text

    for artist in fig.findobj(Text):
        artist.set_parse_math(False)


def chart_axes() -> Any:
    """The Axes class of a figure meridian makes: shown inline in Jupyter, able to save itself."""
    from ..notebook import ChartAxes  # imports matplotlib: only when a figure is drawn

    return ChartAxes


def new_figure(width: float, height: float) -> Any:
    """A white matplotlib Figure of this size in inches (not attached to pyplot)."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, facecolor="white")


def scale(ax: Any, width: float, height: float) -> float:
    """Inches per data unit of an equal-aspect Axes showing ``width`` x ``height`` units."""
    fig = ax.figure
    pos = ax.get_position()
    fw, fh = fig.get_size_inches()
    return float(min(pos.width * fw / width, pos.height * fh / height))


def organ_name(G: Any, organ: str | None) -> str:
    """The English name of an organ id (``"no organ link"`` for None).

    Examples
    --------
    >>> from meridian import build_graph
    >>> organ_name(build_graph(), "large_intestine"), organ_name(build_graph(), None)
    ('Large Intestine', 'no organ link')
    """
    if organ is None:
        return "no organ link"
    node = f"organ:{organ}"
    return str(G.nodes[node]["name"]) if node in G.nodes else organ.replace("_", " ")


def caution_flag(flags: Sequence[str], level: str = "T1") -> str | None:
    """The needling caution a ring shows for a point at ``level`` (the first in CAUTION_ORDER).

    Examples
    --------
    >>> caution_flag(["pneumothorax", "organ"], "T3"), caution_flag(["pneumothorax", "organ"], "L2")
    ('pneumothorax', 'organ')
    """
    # The lung lies under the neck and thoracic levels only: a point spanning levels (Jiaji)
    # carries its pneumothorax caution there, not at the lumbar levels.
    ranked = [f for f in CAUTION_ORDER if f in flags and (f != "pneumothorax" or level[0] in "CT")]
    return ranked[0] if ranked else None
