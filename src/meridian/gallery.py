"""A folder of diagrams a website can publish as is: SVG and PNG files and an ``index.html``.

:func:`build_gallery` draws every diagram (the back chart, the Bladder and Governor channels, and
the back chart highlighted for each organ of the upper back), in worker processes, and writes an
``index.html`` that inlines each SVG (so its points can be found by id and show their tooltips)
and links the SVG and PNG files. The same graph gives the same bytes.

Examples
--------
>>> [d.slug for d in DIAGRAMS][:4]
['back', 'channel-BL', 'channel-GV', 'back-lung']
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .diagrams import DIAGRAMS, Diagram
from .errors import UsageError
from .writer import building_folder, write_atomic

__all__ = ["DIAGRAMS", "MANIFEST", "Diagram", "build_gallery", "inline_svg"]


_G: Any = None


def _init(G: Any) -> None:
    global _G
    _G = G


def _render(diagram: Diagram, outdir: str, dpi: float) -> list[str]:
    """Draw one diagram in a worker and write its SVG and PNG; return the file names."""
    from . import draw

    if diagram.kind == "channel":
        assert diagram.channel is not None
        ax = draw.draw_channel_index(_G, diagram.channel)
    elif diagram.kind == "course":
        assert diagram.channel is not None
        ax = draw.draw_channel(_G, diagram.channel)
    elif diagram.kind == "front":
        ax = draw.draw_front(_G, highlight=diagram.highlight, findings=diagram.findings)
    elif diagram.kind == "point":
        assert diagram.point is not None
        ax = draw.draw_point(_G, diagram.point)
    else:
        from .draw.back_svg import BackDrawing

        ax = BackDrawing(_G, highlight=diagram.highlight, jiaji=diagram.jiaji, cautions=diagram.cautions)
    names = []
    for suffix in ("svg", "png"):
        target = Path(outdir) / f"{diagram.slug}.{suffix}"
        draw.save(ax, target, dpi=dpi)
        names.append(target.name)
    return names


def inline_svg(svg: str, prefix: str) -> str:
    """An SVG file's text made ready to inline in HTML beside other SVGs.

    Drops the XML prolog and doctype, and prefixes every id (and every reference to one) with
    ``prefix`` so that ids stay unique on the page: ``id="BL13"`` becomes ``id="back-BL13"``.

    Examples
    --------
    >>> inline_svg('<?xml version="1.0"?>\\n<svg><g id="BL13"><use xlink:href="#m1"/></g></svg>', "back-")
    '<svg><g id="back-BL13"><use xlink:href="#back-m1"/></g></svg>'
    """
    text = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", svg)
    text = re.sub(r"^\s*<!DOCTYPE[^>]*>\s*", "", text)
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', text)
    text = re.sub(r'(href=")#([^"]+)"', lambda m: f'{m.group(1)}#{prefix}{m.group(2)}"', text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", text)
    text = re.sub(
        r'aria-labelledby="([^"]+)"',
        lambda m: 'aria-labelledby="' + " ".join(prefix + i for i in m.group(1).split()) + '"',
        text,
    )
    return text


_STYLE = """
  body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem;
         color: #1f2630; background: #fff; }
  h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2.5rem; }
  figure { margin: 0; } figcaption { color: #5d6670; font-size: .9rem; margin: .4rem 0; }
  .diagram svg { width: 100%; height: auto; }
  .diagram svg g[id]:hover { opacity: .75; }
  nav ul { columns: 2; } .files a { margin-right: 1rem; }
"""


def _render_all(
    G: Any,
    diagrams: Sequence[Diagram],
    folder: Path,
    dpi: float,
    workers: int,
    progress: Callable[[int, int], None] | None,
) -> list[list[str]]:
    """Draw every diagram into ``folder``, on ``workers`` processes; stop them all on any error."""
    from .pool import run_all

    jobs = [(d, str(folder), dpi) for d in diagrams]
    return run_all(_render, jobs, workers=workers, init=_init, initargs=(G,), progress=progress)


def _write(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))


def _index(outdir: Path, diagrams: Sequence[Diagram]) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>meridian diagrams</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<h1>meridian diagrams</h1>",
        "<p>Charts of the back and of the Bladder and Governor channels, drawn from meridian's data. "
        "Hover a point for its name and organ; every point is an element whose id is "
        "<code>&lt;diagram&gt;-&lt;code&gt;</code> here, and its bare code in the SVG files "
        "(<code>BL13</code>; <code>BL13-L</code> for the left-hand copy).</p>",
        "<nav><ul>",
    ]
    for d in diagrams:
        parts.append(f'<li><a href="#{d.slug}">{html.escape(d.title)}</a></li>')
    parts.append("</ul></nav>")
    for d in diagrams:
        svg = (outdir / f"{d.slug}.svg").read_text(encoding="utf-8")
        parts += [
            f'<section id="{d.slug}">',
            f"<h2>{html.escape(d.title)}</h2>",
            f'<figure class="diagram" aria-label="{html.escape(d.alt)}">',
            inline_svg(svg, f"{d.slug}-").strip(),
            f"<figcaption>{html.escape(d.alt)}</figcaption>",
            "</figure>",
            f'<p class="files"><a href="{d.slug}.svg">SVG</a> <a href="{d.slug}.png">PNG</a></p>',
            "</section>",
        ]
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def build_gallery(
    G: Any,
    outdir: str | os.PathLike[str],
    *,
    workers: int = 2,
    dpi: float = 150,
    diagrams: Sequence[Diagram] = DIAGRAMS,
    progress: Callable[[int, int], None] | None = None,
    force: bool = False,
) -> list[Path]:
    """Draw every diagram into ``outdir`` (SVG and PNG) and write its ``index.html``.

    The gallery is built in a folder beside ``outdir`` and swapped in whole when it is complete:
    an error or an interruption (Ctrl-C) leaves the old gallery as it was, and no worker behind.
    A diagram whose facts and drawing settings are those of the last build (recorded in
    :data:`MANIFEST`) is copied from it instead of being drawn again.

    Parameters
    ----------
    G
        The graph from :func:`meridian.build_graph`.
    outdir
        The folder to write: new, empty, or a gallery meridian built there before (its files
        that meridian did not write are kept).
    workers
        Processes drawing in parallel (1 draws in this process).
    dpi
        Resolution of the PNGs.
    diagrams
        What to draw (:data:`DIAGRAMS` unless told).
    progress
        Called as ``progress(done, total)`` after each diagram is drawn.
    force
        Replace ``outdir`` whole, with all it holds, even if meridian did not build it.

    Returns
    -------
    list of Path
        The files written, ``index.html`` first, then each diagram's SVG and PNG in page order.
    """
    folder = Path(outdir)
    if workers < 1:
        raise UsageError(f"expected at least 1 worker, got {workers}")
    keys = {d.slug: _key(G, d, dpi) for d in diagrams}
    before = _manifest(folder)
    # The old gallery stays whole until the new one is.
    with building_folder(outdir, "meridian gallery", force=force) as aside:
        names: dict[str, list[str]] = {}
        for d in diagrams:  # what has not changed is copied from the last build, not redrawn
            files = [folder / f"{d.slug}.{suffix}" for suffix in ("svg", "png")]
            if before.get(d.slug) == keys[d.slug] and all(f.is_file() for f in files):
                for f in files:
                    shutil.copy2(f, aside / f.name)
                names[d.slug] = [f.name for f in files]
        todo = [d for d in diagrams if d.slug not in names]
        reused = len(names)

        def step(done: int, total: int) -> None:
            if progress:
                progress(reused + done, reused + total)

        for d, drawn in zip(todo, _render_all(G, todo, aside, dpi, workers, step), strict=True):
            names[d.slug] = drawn
        if progress and not todo:
            progress(reused, reused)
        _write(aside / MANIFEST, json.dumps(keys, indent=1, sort_keys=True) + "\n")
        _write(aside / "index.html", _index(aside, diagrams))
    index = folder / "index.html"
    return [index] + [folder / name for d in diagrams for name in names[d.slug]]


#: The file in a gallery that records what each diagram was drawn from, so that a rebuild redraws
#: only the diagrams whose facts changed.
MANIFEST = ".meridian-gallery.json"


def _manifest(folder: Path) -> dict[str, str]:
    """The keys the last build recorded (none when there was none, or it cannot be read)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _key(G: Any, d: Diagram, dpi: float) -> str:
    """A digest of everything a diagram is drawn from: what it shows (its layout, with every
    name and category in it), how (dpi, meridian's and matplotlib's versions, the CJK font)."""
    import hashlib
    from importlib.metadata import version

    from .draw.common import cjk_font
    from .version import __version__

    if d.kind == "channel":
        from .figures.index import channel_layout

        shown: Any = channel_layout(G, d.channel or "")
    elif d.kind == "course":
        from .figures.course import course_figure

        shown = course_figure(G, d.channel or "", hanzi=True)
    elif d.kind == "front":
        from .figures.front import front_figure

        shown = front_figure(G, highlight=d.highlight, findings=d.findings)
    elif d.kind == "point":
        from .figures.locator import point_figure

        shown = point_figure(G, d.point or "")
    else:
        from .figures.back import back_chart
        from .graph.core import point_of

        chart = back_chart(G, jiaji=d.jiaji)
        shown = (chart, [point_of(G, p.code) for p in chart.points])
    how = (__version__, version("matplotlib"), cjk_font(), dpi, d)
    return hashlib.sha256(repr((how, shown)).encode("utf-8")).hexdigest()
