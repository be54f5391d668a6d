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
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import UsageError
from .writer import building_folder, write_atomic

__all__ = ["DIAGRAMS", "Diagram", "build_gallery", "inline_svg"]


@dataclass(frozen=True, slots=True)
class Diagram:
    """One diagram of the gallery: what to draw, its file stem, title and alt text."""

    slug: str
    kind: str  # "back", "channel" (the list diagram), "course", "front" or "point"
    title: str
    alt: str
    channel: str | None = None
    highlight: tuple[str, ...] = ()
    jiaji: bool = False
    cautions: bool = False
    findings: tuple[str, ...] = ()
    point: str | None = None


#: The diagrams of the gallery, in page order.
DIAGRAMS: tuple[Diagram, ...] = (
    Diagram(
        "back",
        "back",
        "The back, C7 to the sacrum",
        "Chart of the back seen from behind with the spinous processes C7 to S4, the scapulae and "
        "iliac crests, the Governor Vessel on the midline and the Bladder lines at 1.5 and 3 cun, "
        "each point labelled with its code and pinyin.",
    ),
    Diagram(
        "channel-BL",
        "channel",
        "The Bladder channel (BL)",
        "The 67 Bladder points in order from the inner corner of the eye to the little toe, grouped "
        "as head, neck, back, leg and foot, each with its categories.",
        channel="BL",
    ),
    Diagram(
        "channel-GV",
        "channel",
        "The Governor Vessel (GV)",
        "The 28 Governor Vessel points in order from below the coccyx up the spine and over the head "
        "to the upper lip, with their categories.",
        channel="GV",
    ),
    Diagram(
        "back-lung",
        "back",
        "Lung: back-shu BL13 and spirit point BL42",
        "Back chart with the points related to the lung highlighted: BL13 (back-shu, level with T3) "
        "and BL42 (outer line, T3).",
        highlight=("lung",),
    ),
    Diagram(
        "back-pericardium",
        "back",
        "Pericardium: back-shu BL14",
        "Back chart with the pericardium's back-shu point BL14 highlighted, level with T4.",
        highlight=("pericardium",),
    ),
    Diagram(
        "back-heart",
        "back",
        "Heart: back-shu BL15 and spirit point BL44",
        "Back chart with the points related to the heart highlighted: BL15 (back-shu, T5) and BL44 "
        "(outer line, T5).",
        highlight=("heart",),
    ),
    Diagram(
        "back-upper-organs",
        "back",
        "The upper back's organs together: lung, pericardium, heart",
        "Back chart with the lung, pericardium and heart points highlighted in three colours, T3 to T5.",
        highlight=("lung", "pericardium", "heart"),
    ),
    Diagram(
        "back-cautions",
        "back",
        "Needling cautions, with Jiaji",
        "Back chart with Jiaji points and a ring round every point that carries a needling caution: "
        "pneumothorax over the thorax, pregnancy at the sacral foramina, organs and the spinal canal "
        "along the midline.",
        jiaji=True,
        cautions=True,
    ),
    Diagram(
        "front",
        "front",
        "The front of the trunk",
        "The front of the trunk with the Conception vessel on the midline, the Kidney, Stomach and "
        "Spleen lines and the front-mu points, each labelled with its code.",
    ),
    Diagram(
        "front-lung-finding",
        "front",
        "A nodule at T3 on the left: the lung's front-mu point LU1",
        "Front chart for a nodule felt at T3, 1.5 cun left of the midline (BL13, back-shu of the "
        "lung): the lung's front-mu point LU1 is highlighted on the left only.",
        findings=("T3:1.5:L@nodule",),
    ),
    *(
        Diagram(f"point-{code}", "point", f"Where {code} is", alt, point=code)
        for code, alt in (
            (
                "ST36",
                "Close view of the front of the knee and shin: ST36 three B-cun below the knee, "
                "with ST35 and ST37 and the dimension lines that place it.",
            ),
            (
                "BL13",
                "Close view of the upper back: BL13 level with T3, 1.5 B-cun from the midline, "
                "with its neighbours and its pneumothorax caution.",
            ),
            (
                "LI4",
                "Close view of the back of the hand: LI4 between the first and second metacarpal "
                "bones, with its neighbours and its pregnancy caution.",
            ),
        )
    ),
    *(
        Diagram(
            f"course-{code}",
            "course",
            f"The {name} channel ({code}) on the body",
            f"The course of the {name} channel drawn on the body through its points in order, "
            "one side labelled with code and pinyin.",
            channel=code,
        )
        for code, name in (
            ("LU", "Lung"),
            ("LI", "Large Intestine"),
            ("ST", "Stomach"),
            ("SP", "Spleen"),
            ("HT", "Heart"),
            ("SI", "Small Intestine"),
            ("BL", "Bladder"),
            ("KI", "Kidney"),
            ("PC", "Pericardium"),
            ("TE", "Triple Energizer"),
            ("GB", "Gallbladder"),
            ("LR", "Liver"),
            ("GV", "Governor Vessel"),
            ("CV", "Conception Vessel"),
        )
    ),
)

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
        ax = draw.draw_back(_G, highlight=diagram.highlight, jiaji=diagram.jiaji, cautions=diagram.cautions)
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
    done = 0
    if workers == 1:
        _init(G)
        results = []
        for d in diagrams:
            results.append(_render(d, str(folder), dpi))
            done += 1
            if progress:
                progress(done, len(diagrams))
        return results
    import multiprocessing

    # "spawn" starts clean interpreters: safe whatever threads the caller runs, same everywhere.
    pool = multiprocessing.get_context("spawn").Pool(workers, initializer=_init, initargs=(G,))
    try:
        pending = [pool.apply_async(_render, (d, str(folder), dpi)) for d in diagrams]
        results = []
        for job in pending:
            results.append(job.get())
            done += 1
            if progress:
                progress(done, len(diagrams))
        pool.close()
        return results
    except BaseException:
        pool.terminate()  # an error or Ctrl-C: no worker is left drawing
        raise
    finally:
        pool.join()


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
            f'<p class="files"><a href="{d.slug}.svg">SVG</a>'
            f'<a href="{d.slug}.png"><img src="{d.slug}.png" alt="{html.escape(d.alt)}" width="0" '
            'height="0" hidden>PNG</a></p>',
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
) -> list[Path]:
    """Draw every diagram into ``outdir`` (SVG and PNG) and write its ``index.html``.

    The gallery is built in a folder beside ``outdir`` and swapped in whole when it is complete:
    an error or an interruption (Ctrl-C) leaves the old gallery as it was, and no worker behind.

    Parameters
    ----------
    G
        The graph from :func:`meridian.build_graph`.
    outdir
        The folder to write; created if missing, replaced whole if it exists.
    workers
        Processes drawing in parallel (1 draws in this process).
    dpi
        Resolution of the PNGs.
    diagrams
        What to draw (:data:`DIAGRAMS` unless told).
    progress
        Called as ``progress(done, total)`` after each diagram is drawn.

    Returns
    -------
    list of Path
        The files written, ``index.html`` first, then each diagram's SVG and PNG in page order.
    """
    folder = Path(outdir)
    if workers < 1:
        raise UsageError(f"expected at least 1 worker, got {workers}")
    with building_folder(folder) as aside:  # the old gallery stays whole until the new one is
        results = _render_all(G, diagrams, aside, dpi, workers, progress)
        _write(aside / "index.html", _index(aside, diagrams))
    index = folder / "index.html"
    return [index] + [folder / name for names in results for name in names]
