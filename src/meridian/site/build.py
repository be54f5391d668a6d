"""Build the whole site: every page and figure, on worker processes, whole or not at all.

Layout of the folder written::

    index.html                search, channels, organs, every point (index.html#BL13 opens BL13)
    sources.html              the references
    point/BL13.html ...       a page per point
    channel/BL.html ...       a page per channel and group of extra points
    organ/lung.html ...       a page per organ and per structure points are named for
    fig/point/BL13.svg ...    each page's figures, for embedding (and .png with ``png=True``)
    assets/site.css, site.js, icon.svg
    .meridian-output          what built the folder and the files it wrote (a rebuild keeps the rest)

Pages link to each other with relative links, so the folder can be opened from a disk or copied
anywhere. The same graph gives the same bytes, whatever the number of workers.

Examples
--------
>>> [kind for kind, _ in jobs(build_graph())][:1], len(jobs(build_graph()))
(['organ'], 445)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..writer import building_folder, write_atomic
from . import figures as figs
from .organ import organ_page
from .pages import channel_page, point_page
from .search import channels, index_page, organs, sources_page

__all__ = ["ASSETS", "BUDGETS", "build_graph", "build_site", "jobs", "page_weight"]

#: The files copied from the package into ``assets/``.
ASSETS = ("site.css", "site.js", "icon.svg")
#: Page-weight budgets in bytes: the page, its stylesheet, script and icon, and what it inlines.
BUDGETS = {"index": 300_000, "point": 150_000, "channel": 250_000, "organ": 300_000, "sources": 100_000}
#: Resolution of the PNG copies (``png=True``).
PNG_DPI = 150

Job = tuple[str, str]


def build_graph() -> Any:
    """The shipped atlas's graph (for the examples)."""
    from ..graph.build import build_graph as build

    return build()


def jobs(G: Any) -> list[Job]:
    """Every page to make, as (kind, name): organs and channels first (they draw the most)."""
    from ..query.points import channel_points

    points = [code for ch in channels(G) for code in channel_points(G, ch)]
    return (
        [("organ", o) for o in organs(G)]
        + [("channel", c) for c in channels(G)]
        + [("point", p) for p in points]
    )


_G: Any = None


def _init(G: Any) -> None:
    global _G
    _G = G


_FIGURES: dict[str, Callable[[Any, str], list[figs.Drawn]]] = {
    "point": figs.point_figures,
    "channel": figs.channel_figures,
    "organ": figs.organ_figures,
}
_PAGES: dict[str, Callable[..., str]] = {"point": point_page, "channel": channel_page, "organ": organ_page}


def _page(job: Job, outdir: str, png: bool) -> list[str]:
    """Draw one page's figures and write them and the page; return the files written (relative)."""
    kind, name = job
    folder = Path(outdir)
    written, shown = [], []
    for fig in _FIGURES[kind](_G, name):
        rel = f"fig/{fig.name}.svg"
        write_atomic(folder / rel, fig.svg)
        written.append(rel)
        shown.append((rel, fig.svg.decode("utf-8")))
        if png:
            from ..draw import render

            write_atomic(folder / f"fig/{fig.name}.png", render(fig.drawing, "png", dpi=PNG_DPI))
            written.append(f"fig/{fig.name}.png")
    rel = f"{kind}/{name}.html"
    write_atomic(folder / rel, _PAGES[kind](_G, name, shown, png=png).encode("utf-8"))
    return [*written, rel]


def _run(
    G: Any,
    todo: Sequence[Job],
    folder: Path,
    png: bool,
    workers: int,
    progress: Callable[[int, int], None] | None,
) -> list[str]:
    """Make every page in ``folder`` on ``workers`` processes; stop them all on any error."""
    from ..pool import run_all

    jobs = [(job, str(folder), png) for job in todo]
    pages = run_all(_page, jobs, workers=workers, init=_init, initargs=(G,), progress=progress)
    return [name for written in pages for name in written]


def _sources(G: Any) -> list[Any]:
    """The references of the data the graph was built from (the shipped data's, if it has no folder)."""
    from ..atlas.loader import load

    origin = G.graph.get("origin")
    return list((load(origin) if origin else load()).sources)


def build_site(
    G: Any,
    outdir: str | os.PathLike[str],
    *,
    workers: int = 2,
    png: bool = False,
    progress: Callable[[int, int], None] | None = None,
    pages: Sequence[Job] | None = None,
    force: bool = False,
) -> list[Path]:
    """Write the whole site into ``outdir``: a page for every point, channel and organ, and the index.

    The site is built in a folder beside ``outdir`` and swapped in whole when it is complete: an
    error or an interruption leaves no partial folder (and an existing site as it was), and no
    worker behind.

    Parameters
    ----------
    G
        The graph from :func:`meridian.build_graph`.
    outdir
        The folder to write: new, empty, or a site meridian built there before (its files that
        meridian did not write, such as a ``CNAME`` or a ``.git`` folder, are kept).
    workers
        Processes making pages in parallel (1 makes them in this process).
    png
        Also write a PNG beside each figure's SVG (for e-mail or slides that take no SVG).
    progress
        Called as ``progress(done, total)`` after each page.
    pages
        Only these pages, as (kind, name) pairs such as ``("point", "BL13")``, for a quick preview
        or a test; the index still lists every page. All of them when None.
    force
        Replace ``outdir`` whole, with all it holds, even if meridian did not build it.

    Returns
    -------
    list of Path
        Every file written, ``index.html`` first, then the others in sorted order.

    Raises
    ------
    UsageError
        When ``outdir`` is a file, its parent folder does not exist, or it is a folder that is not
        empty and that meridian did not build (unless ``force``).
    """
    folder = Path(outdir)
    if workers < 1:
        raise UsageError(f"expected at least 1 worker, got {workers}")
    todo = jobs(G) if pages is None else list(pages)
    with building_folder(outdir, "meridian site", force=force) as aside:
        for sub in ("point", "channel", "organ", "fig/point", "fig/channel", "fig/organ", "assets"):
            (aside / sub).mkdir(parents=True, exist_ok=True)
        written = _run(G, todo, aside, png, workers, progress)
        package = resources.files("meridian.site") / "assets"
        for name in ASSETS:
            write_atomic(aside / "assets" / name, (package / name).read_bytes())
        write_atomic(aside / "index.html", index_page(G).encode("utf-8"))
        write_atomic(aside / "sources.html", sources_page(_sources(G)).encode("utf-8"))
    rest = sorted({*written, "sources.html", *(f"assets/{a}" for a in ASSETS)})
    return [folder / "index.html", *(folder / r for r in rest)]


def page_weight(site: str | os.PathLike[str], page: str) -> int:
    """Bytes a browser loads for one page of a built site: the HTML and the local files it links
    (stylesheet, script, icon, images), each counted once.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "site"
    >>> (out / "assets").mkdir(parents=True)
    >>> _ = (out / "assets" / "site.css").write_text("body{}")
    >>> _ = (out / "index.html").write_text('<link rel="stylesheet" href="assets/site.css">')
    >>> page_weight(out, "index.html")
    52
    """
    import re

    root = Path(site)
    path = root / page
    text = path.read_text(encoding="utf-8")
    total = len(text.encode("utf-8"))
    refs = re.findall(r'<(?:link|script|img)\b[^>]*\b(?:href|src)="([^"#?]+)"', text)
    for ref in dict.fromkeys(refs):
        target = (path.parent / ref).resolve()
        if target.is_file() and target.is_relative_to(root.resolve()):
            total += target.stat().st_size
    return total
