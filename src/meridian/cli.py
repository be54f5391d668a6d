"""The ``meridian`` command line: thin wrappers that call one library function each.

``main(argv)`` returns the exit code: 0 on success, 1 when nothing was found, 2 for bad input or
usage, 3 when ``suggest`` raised an emergency sign. Errors are one line on stderr, never a
traceback.
"""

from __future__ import annotations

import os
import sys

from .answers import print_channel, print_point, print_search, quick_args
from .cli_common import dump, full_graph, light_graph
from .errors import DataError, MeridianError, UsageError
from .version import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:  # imported where used: a plain lookup needs neither argparse nor typing
    import argparse
    from collections.abc import Callable, Sequence
    from typing import Any, NoReturn

__all__ = ["get_parser", "main", "run"]


def get_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``meridian`` command."""
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            message = " ".join(message.split())  # one line, whatever was typed (a newline, a tab)
            self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")

    parser = _Parser(
        prog="meridian",
        description="A knowledge graph of acupuncture channels and points.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data",
        metavar="DIR",
        help="load the data from DIR instead of the shipped data (also: MERIDIAN_DATA)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("validate", help="check a data folder and list every problem")
    p.add_argument("dir", nargs="?", metavar="DIR", help="the folder to check (default: the data in use)")

    p = sub.add_parser("channel", help="a channel's points in order")
    p.add_argument("code", metavar="CODE", help="a channel code or alias: BL, UB, GV, DU ...")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("point", help="one point by any code or name: location, categories, organs, cautions")
    p.add_argument(
        "query",
        metavar="QUERY",
        help="a code in any school's spelling (BL13, UB-13, Du14), pinyin (Feishu, fei shu),"
        " characters or an English name",
    )
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("search", help="points that pass every filter given, in channel order")
    p.add_argument("text", nargs="?", metavar="TEXT", help="part of a name or of the location text")
    p.add_argument("--organ", help="related to this organ, e.g. heart")
    p.add_argument("--category", help="of this category, e.g. back-shu, five-shu, luo")
    p.add_argument("--level", help="level with this vertebra, e.g. T5")
    p.add_argument("--region", help="in this body region, e.g. back, leg")
    p.add_argument("--channel", help="on this channel, e.g. BL or DU")
    p.add_argument("--caution", help="carrying this caution, e.g. pregnancy, pneumothorax")
    p.add_argument("--frame", help="placed in this body frame, e.g. leg_lateral, abdomen")
    p.add_argument(
        "--needling", help="needled at this angle: perpendicular, oblique, transverse, prick, none"
    )
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("distance", help="how far apart two points lie in B-cun, in the body frame they share")
    p.add_argument("first", metavar="A", help="a point code or name, e.g. ST35")
    p.add_argument("second", metavar="B", help="another point in the same frame, e.g. ST36")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("export", help="the graph for other tools: GraphML, JSON, Cytoscape, CSV, RDF, FHIR")
    p.add_argument(
        "--format",
        choices=["graphml", "json", "cytoscape", "csv", "ttl", "fhir"],
        help="graphml, json (graphology, d3), cytoscape, csv (a folder: points.csv, nodes.csv, edges.csv),"
        " ttl (RDF), fhir (a CodeSystem); by default the output's suffix decides",
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", type=_path,
        help="NAME.graphml, NAME.json, NAME.cyjs, NAME.ttl, NAME.fhir.json, or a folder for csv",
    )  # fmt: skip

    p = sub.add_parser("schema", help="the JSON Schemas of the data files, for an editor")
    p.add_argument(
        "--write", metavar="DIR", type=_path, help="write them into DIR (e.g. my-data/schema); else list them"
    )

    p = sub.add_parser("draw", help="a figure as SVG, PNG or PDF: back or front chart, channel, point")
    what = p.add_subparsers(dest="what", metavar="WHAT", parser_class=_Parser)
    what.required = True
    d = what.add_parser("back", help="the back seen from behind, with points, lines and landmarks")
    d.add_argument("--highlight", nargs="+", action="extend", default=[], metavar="CODE",
                   help="point codes or organs to mark, e.g. BL13 heart")  # fmt: skip
    d.add_argument("--finding", nargs="+", action="extend", default=[], metavar="FINDING",
                   help="findings to mark, e.g. T3:1.5:L@nodule")  # fmt: skip
    d.add_argument("--levels", default="C7-S4", help="the vertebral range shown (default C7-S4)")
    d.add_argument("--jiaji", action="store_true", help="also draw Jiaji (EX-B2)")
    d.add_argument("--cautions", action="store_true", help="ring points that carry a needling caution")
    d.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        type=_path,
        help="FILE.svg, FILE.png, FILE.pdf (or FILE.json: the layout as data)",
    )
    d.add_argument("--dpi", type=_dpi, default=150, help="resolution of a PNG, 10 to 1200 (default 150)")
    d.add_argument("--transparent", action="store_true", help="leave the background transparent")
    d = what.add_parser("front", help="the front of the trunk: CV, KI, ST, SP lines and the front-mu points")
    d.add_argument("--highlight", nargs="+", action="extend", default=[], metavar="CODE",
                   help="point codes or organs to mark, e.g. LU1 heart")  # fmt: skip
    d.add_argument("--finding", nargs="+", action="extend", default=[], metavar="FINDING",
                   help="findings on the back: their organs' front-mu points are marked")  # fmt: skip
    _output_options(d)
    d = what.add_parser(
        "channel", help="a channel's course on the body (or, with --index, its points by region)"
    )
    d.add_argument("code", metavar="CODE", help="a channel: code, alias or name (LU, UB, Liver ...)")
    d.add_argument("--index", action="store_true", help="the list-style diagram of the points by body region")
    _output_options(d)
    d = what.add_parser("point", help="where one point is: the region close up, its neighbours and measures")
    d.add_argument(
        "code", metavar="POINT", help="any code, pinyin, characters or English name (ST36, Zusanli)"
    )
    _output_options(d)

    p = sub.add_parser("gallery", help="every diagram, as SVG and PNG, with an index.html for a website")
    _folder_options(p)
    p.add_argument(
        "--workers", type=_workers, default=2, help="processes drawing in parallel, 1 to 16 (default 2)"
    )

    p = sub.add_parser("site", help="a static website: a page per point, channel and organ, with search")
    _folder_options(p)
    p.add_argument(
        "--workers", type=_workers, default=2, help="processes making pages in parallel, 1 to 16 (default 2)"
    )
    p.add_argument("--png", action="store_true", help="also write a PNG beside each figure's SVG")

    p = sub.add_parser("locate", help="the points at or near a spot on the back")
    p.add_argument("spot", metavar="SPOT", help="LEVEL[:CUN[:SIDE]], e.g. T3, T3:1.5:L, T5:3:R")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("suggest", help="the organ imbalances that findings on the back suggest")
    p.add_argument(
        "findings",
        metavar="FINDING",
        nargs="+",
        help="SPOT[@KIND] or CODE[@KIND], e.g. T3:1.5:L@nodule or CV17; KIND defaults to tender",
    )
    p.add_argument(
        "--symptom",
        action="append",
        default=[],
        type=_text,
        metavar="TEXT",
        help="a symptom in free text, screened for warning signs (repeatable)",
    )
    p.add_argument("--days", type=_days, metavar="N", help="how many days the complaint has lasted")
    p.add_argument("--age", type=_age, metavar="N", help="the person's age in years")
    p.add_argument(
        "--pregnant", action="store_true", help="the person is pregnant (withholds points so cautioned)"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _ranged(convert: Callable[[str], Any], low: float, high: float, what: str) -> Callable[[str], Any]:
    """An argparse type: ``convert(text)`` within [low, high] (which also refuses nan and inf)."""

    def parse(text: str) -> Any:
        import argparse

        try:
            value = convert(text) if len(text) < 20 else None  # no 4,300-digit numbers
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"expected {what} (got {text[:20]!r})")
        return value

    return parse


_days = _ranged(int, 0, 100_000, "a whole number of days, 0 or more")
_age = _ranged(int, 0, 130, "an age in whole years from 0 to 130")
_dpi = _ranged(float, 10, 1200, "a resolution from 10 to 1200 dots per inch")
_workers = _ranged(int, 1, 16, "1 to 16 workers")


#: The exit code of ``suggest`` when an emergency sign is raised: a script can stop on it.
EMERGENCY_EXIT = 3

#: The longest free text taken from the command line (a symptom, a query).
MAX_TEXT = 500


def _path(text: str) -> str:
    """An argparse type: a file or folder name that is not empty (``-o ""`` would mean here)."""
    if not text.strip():
        import argparse

        raise argparse.ArgumentTypeError(f"expected a file or folder name (got {text!r})")
    return text


def _folder_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-o", "--output", required=True, metavar="DIR", type=_path,
        help="the folder to write: new, empty, or one meridian built (what else it holds is kept)",
    )  # fmt: skip
    p.add_argument(
        "--force",
        action="store_true",
        help="replace DIR whole, with all it holds, even if meridian did not build it",
    )


def _text(text: str) -> str:
    if len(text) > MAX_TEXT:
        import argparse

        raise argparse.ArgumentTypeError(f"expected at most {MAX_TEXT} characters (got {len(text)})")
    return text


def _cmd_validate(args: argparse.Namespace) -> int:
    from .atlas.loader import default_data_dir, validate

    folder = args.dir or args.data or default_data_dir()
    if not os.path.isdir(folder):
        raise UsageError(f"no data folder at {folder}")
    problems = validate(folder)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {folder}", file=sys.stderr)
        return 1
    print(f"ok: {folder}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .export.formats import export_graph, format_for

    fmt = format_for(args.output, args.format)  # a bad name fails before the data is loaded
    for path in export_graph(full_graph(args), args.output, fmt):
        print(f"wrote {path}", file=sys.stderr)
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from .export.formats import schema_files, write_schemas

    for path in write_schemas(args.write) if args.write else schema_files():
        print(path)
    return 0


def _cmd_distance(args: argparse.Namespace) -> int:
    from .query.location import distance

    d = distance(light_graph(args), args.first, args.second)
    if args.json:
        print(dump(d))
        return 0
    unit = "levels" if d["unit"] == "level" else "B-cun"
    note = " (estimated from landmarks)" if d["estimated"] else ""
    print(
        f"{d['from']} to {d['to']} in frame {d['frame']}: {d['along_cun']:g} {unit} along,"
        f" {d['across_cun']:g} B-cun across{note}"
    )
    return 0


def _cmd_locate(args: argparse.Namespace) -> int:
    from .clinic.reasoning import locate, parse_spot

    spot = parse_spot(args.spot)  # bad input fails before the data is loaded
    points = locate(light_graph(args), spot)
    if args.json:
        print(dump({"spot": str(spot), "points": points}))
    else:
        for p in points:
            organs = ", ".join(f"{o['relation']} of the {o['organ'].replace('_', ' ')}" for o in p["organs"])
            print(
                f"{p['code']:<6} {p['pinyin']:<14} {p['hanzi']:<5} {p['distance_cun']:>5.2f} cun away"
                f"  {p['side']:<9} {organs}"
            )
    if not points:
        print(f"meridian: no points within half a level and 0.75 cun of {spot}", file=sys.stderr)
        return 1
    return 0


def _cmd_suggest(args: argparse.Namespace) -> int:
    from .clinic.reasoning import parse_finding, suggest
    from .clinic.report import suggest_lines

    findings = [parse_finding(text) for text in args.findings]  # fail fast on bad input
    result = suggest(
        light_graph(args), findings, args.symptom, days=args.days, age=args.age, pregnant=args.pregnant
    )
    print(dump(result) if args.json else "\n".join(suggest_lines(result)))
    if result["emergency"]:
        print("meridian: EMERGENCY: a warning sign calls for emergency care now; see above", file=sys.stderr)
        return EMERGENCY_EXIT
    found = result["red_flags"] or any(f["points"] for f in result["findings"])
    if not found:
        print("meridian: no point lies at these findings; the nearest are listed above", file=sys.stderr)
    return 0 if found else 1


def _output_options(d: argparse.ArgumentParser) -> None:
    d.add_argument("-o", "--output", required=True, metavar="FILE", type=_path,
                   help="FILE.svg, FILE.png, FILE.pdf (or FILE.json: the layout as data)")  # fmt: skip
    d.add_argument("--dpi", type=_dpi, default=150, help="resolution of a PNG, 10 to 1200 (default 150)")
    d.add_argument("--transparent", action="store_true", help="leave the background transparent")


def _cmd_draw(args: argparse.Namespace) -> int:
    from .cli_figures import cmd_draw

    return cmd_draw(args)


def _cmd_gallery(args: argparse.Namespace) -> int:
    from .cli_figures import cmd_gallery

    return cmd_gallery(args)


def _cmd_site(args: argparse.Namespace) -> int:
    from .cli_figures import cmd_site

    return cmd_site(args)


_COMMANDS = {
    "validate": _cmd_validate,
    "channel": print_channel,
    "point": print_point,
    "search": print_search,
    "export": _cmd_export,
    "schema": _cmd_schema,
    "draw": _cmd_draw,
    "gallery": _cmd_gallery,
    "site": _cmd_site,
    "locate": _cmd_locate,
    "distance": _cmd_distance,
    "suggest": _cmd_suggest,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (``sys.argv[1:]`` if None); return the exit code.

    0 when it worked, 1 when nothing was found, 2 for bad input or usage, 3 when ``suggest``
    raised an emergency sign (the report is printed all the same); never a traceback for
    bad input: a failure is one line on stderr.
    """
    if sys.stderr is None:  # started with stderr closed (2>&-): messages go nowhere, not into stdout
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the rest of the process
    if sys.stdout is None:  # started with stdout closed (>&-): refuse before doing any work
        return _fail("standard output is closed; send it to a file or /dev/null instead", 2)
    # A plain point, channel or search is read without argparse, so it answers at once.
    args = quick_args(sys.argv[1:] if argv is None else argv) or get_parser().parse_args(argv)
    try:
        code = _COMMANDS[args.command](args)
        sys.stdout.flush()
        return code
    except DataError as exc:
        return _fail(str(exc), 2)
    except MeridianError as exc:
        return _fail(str(exc), exc.exit_code)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, and keep Python from complaining
        # about the unflushed output at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return _fail("interrupted; nothing was left half-written", 1)
    except OSError as exc:  # e.g. a full disk under stdout
        return _fail(f"cannot write the output: {exc.strerror or exc}", 1)


def _fail(message: str, code: int) -> int:
    text = " ".join(message.split())
    print(f"meridian: {text[:2000]}", file=sys.stderr)
    return code


def run() -> None:
    """Entry point of the ``meridian`` console script."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:  # a terminal or pipe that cannot encode a character escapes it
            reconfigure(errors="backslashreplace")
    sys.exit(main())
