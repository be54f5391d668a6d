"""The command line's figure commands: ``draw``, ``gallery`` and ``site``.

``draw`` writes SVG straight from a figure's layout (no matplotlib, on the light graph), PNG and
PDF with matplotlib, and ``-o FILE.json`` the layout itself; ``gallery`` and ``site`` build
folders on both cores with a progress bar.
"""

from __future__ import annotations

import sys

from .cli_common import dump, full_graph, light_graph, progress_bar, terminate_as_interrupt
from .errors import UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any

__all__ = ["cmd_draw", "cmd_gallery", "cmd_site"]


def cmd_draw(args: argparse.Namespace) -> int:
    from pathlib import Path

    suffix = Path(args.output).suffix.lower().lstrip(".")
    index = getattr(args, "index", False)
    if suffix == "json" and not index:  # the layout the picture is drawn from, as data
        from .writer import write_atomic

        print(write_atomic(args.output, (dump(_layout_data(args)) + "\n").encode("utf-8")))
        return 0
    from .draw.output import SAVE_FORMATS, save

    if suffix not in SAVE_FORMATS:  # before any drawing: nothing is written
        also = "" if index else ", or .json for the layout as data"
        raise UsageError(
            f"cannot write {args.output!r}: expected a file name ending in .svg, .png or .pdf{also}"
        )
    print(save(_drawing(args), args.output, dpi=args.dpi, transparent=args.transparent))
    return 0


def _layout_data(args: argparse.Namespace) -> dict[str, Any]:
    """The layout of the figure asked for, as JSON-ready data."""
    if args.what == "back":
        from .figures.back_data import back_chart_data

        return back_chart_data(
            light_graph(args), highlight=args.highlight, findings=args.finding, levels=args.levels,
            jiaji=args.jiaji,
        )  # fmt: skip
    from .figures.body import figure_json

    return figure_json(_body_figure(light_graph(args), args, hanzi=True))


def _body_figure(G: Any, args: argparse.Namespace, hanzi: bool) -> Any:
    """The front chart, a channel's course or a point's locator figure, as data."""
    if args.what == "front":
        from .figures.front import front_figure

        return front_figure(G, highlight=args.highlight, findings=args.finding)
    if args.what == "channel":
        from .figures.course import course_figure
        from .query.points import resolve_channel

        return course_figure(G, resolve_channel(G, args.code), hanzi=hanzi)
    from .figures.locator import point_figure
    from .query.lookup import lookup

    return point_figure(G, lookup(G, args.code)["point"]["code"], hanzi=hanzi)


def _drawing(args: argparse.Namespace) -> Any:
    """What ``draw`` draws: the back chart or the list diagram (matplotlib), or a figure on the
    body (a Drawing, whose SVG needs neither matplotlib nor networkx)."""
    if args.what == "back":
        from .draw.back_svg import BackDrawing

        chart = BackDrawing(
            light_graph(args), highlight=args.highlight, findings=args.finding, levels=args.levels,
            jiaji=args.jiaji, cautions=args.cautions,
        )  # fmt: skip
        chart.svg()  # a bad level, point, organ or finding is refused before anything is written
        return chart
    if args.what == "channel" and args.index:
        from .draw import draw_channel_index
        from .query.points import resolve_channel

        G = full_graph(args)
        return draw_channel_index(G, resolve_channel(G, args.code))
    from .draw.drawing import Drawing

    G = light_graph(args)
    drawing = Drawing(lambda hanzi: _body_figure(G, args, hanzi))
    _ = drawing.layout  # a bad name is refused before anything is written
    return drawing


def cmd_gallery(args: argparse.Namespace) -> int:
    from .gallery import build_gallery

    progress = progress_bar("drawing", "")

    with terminate_as_interrupt():
        paths = build_gallery(
            full_graph(args), args.output, workers=args.workers, progress=progress, force=args.force
        )
    for path in paths:
        print(path)
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    from .site import build_site

    progress = progress_bar("building the site", " pages")

    with terminate_as_interrupt():
        paths = build_site(
            full_graph(args), args.output, workers=args.workers, png=args.png, progress=progress,
            force=args.force,
        )  # fmt: skip
    print(paths[0])
    print(f"meridian: wrote {len(paths)} files into {args.output}", file=sys.stderr)
    return 0
