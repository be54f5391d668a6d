"""Files: a drawn figure as SVG, PNG or PDF, the same bytes for the same input.

:func:`render` gives the bytes and :func:`save` writes them. In an SVG, every point is a group
(``<g id="BL13">``) holding its marker and label, with a ``<title>`` tooltip, a class and an
accessible name; the figure gets a ``<title>`` and ``<desc>``.

Examples
--------
>>> from meridian import build_graph
>>> from meridian.draw import draw_channel_index
>>> svg = render(draw_channel_index(build_graph(), "GV")).decode("utf-8")
>>> '<g id="GV14" class="point channel-GV' in svg, "<title>GV14 Dazhui" in svg
(True, True)
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from typing import Any

from ..atlas.loader import write_atomic
from ..errors import UsageError
from .common import CLASS_KEY, DESC_KEY, TITLE_KEY, plain_text

__all__ = ["DPI_RANGE", "SAVE_FORMATS", "render", "save"]

#: File formats :func:`save` writes, by suffix.
SAVE_FORMATS: tuple[str, ...] = ("svg", "png", "pdf")

#: The PNG resolutions accepted, in dots per inch.
DPI_RANGE = (10.0, 1200.0)
# The most pixels a PNG may have: a chart at 1200 dpi is far below it; --dpi 3000 is far above.
_MAX_PIXELS = 200_000_000
_SVG_SALT = "meridian"


def _root_figure(fig_or_ax: Any) -> Any:
    from matplotlib.figure import Figure

    fig = fig_or_ax if isinstance(fig_or_ax, Figure) else getattr(fig_or_ax, "figure", None)
    while fig is not None and not isinstance(fig, Figure):
        fig = getattr(fig, "figure", None)
    if fig is None:
        raise UsageError("expected a matplotlib Figure or Axes to save")
    return fig


def _svg_head(fig: Any, text: str) -> str:
    """The figure's <title> and <desc>, and the roles that point screen readers to them."""
    titles: list[str] = []
    descs: list[str] = []
    for ax in fig.axes:
        if hasattr(ax, TITLE_KEY):
            titles.append(getattr(ax, TITLE_KEY))
            descs.append(getattr(ax, DESC_KEY))
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
    return text


def _svg_text(fig: Any, data: bytes) -> bytes:
    """Add the figure's <title>/<desc> and each point's <title> tooltip to matplotlib's SVG."""
    text = _svg_head(fig, data.decode("utf-8"))
    tips: dict[str, tuple[str, str]] = {}
    for artist in fig.findobj(lambda a: hasattr(a, TITLE_KEY) and a.get_gid() is not None):
        tips.setdefault(artist.get_gid(), (getattr(artist, TITLE_KEY), getattr(artist, CLASS_KEY, "point")))

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
    >>> from meridian.draw import draw_channel_index
    >>> save(draw_channel_index(build_graph(), "GV"), "diagram.gif")
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
    >>> from meridian.draw import draw_channel_index
    >>> render(draw_channel_index(build_graph(), "GV"))[:5]
    b'<?xml'
    """
    if fmt not in SAVE_FORMATS:
        raise UsageError(f"cannot render {fmt!r}: expected svg, png or pdf")
    if callable(getattr(type(fig_or_ax), "svg", None)):  # a Drawing: SVG from its layout (no matplotlib)
        if fmt == "svg":
            svg: bytes = fig_or_ax.svg(transparent=transparent)
            return svg
        fig_or_ax = fig_or_ax.figure
    fig = _root_figure(fig_or_ax)
    low, high = DPI_RANGE
    if not isinstance(dpi, (int, float)) or not low <= dpi <= high:  # also refuses nan and inf
        raise UsageError(
            f"bad resolution {dpi!r}; expected a number of dots per inch from {low:g} to {high:g}"
        )
    width, height = fig.get_size_inches()
    if fmt == "png" and width * height * dpi * dpi > _MAX_PIXELS:
        raise UsageError(f"a {dpi:g} dpi PNG of this figure would be too large; use a lower --dpi or SVG")
    plain_text(fig)

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
