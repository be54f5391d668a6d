"""What ``meridian point``, ``channel`` and ``search`` print, answered from the catalog.

These are the commands a practitioner types most, so they take a short way. With a warm cache
they read the catalog kept beside the checked data (:mod:`meridian.catalog`) and print: no
records, no graph, and neither networkx nor yaml nor jsonschema. The command line reads their
arguments itself when they are plain (:func:`quick_args`), so not even argparse is imported;
anything else goes through the full parser, which reads it the same way or says what is wrong.
Either way the same functions below print the answer.

Examples
--------
>>> print_point(quick_args(["point", "he gu"]))  # doctest: +ELLIPSIS
LI4  Hégǔ  合谷  Joining Valley
  channel    LI, region hand: bilateral
...
0
>>> vars(quick_args(["--data", "my-data", "channel", "--json", "ub"]))
{'command': 'channel', 'data': 'my-data', 'json': True, 'code': 'ub'}
>>> quick_args(["point", "--jso", "LI4"]) is None  # left to argparse, which knows abbreviations
True
"""

from __future__ import annotations

import sys
from types import SimpleNamespace

from .names import channel_code
from .query.catalog import read_catalog
from .query.filters import select
from .query.lookup import find

__all__ = ["catalog_for", "point_lines", "print_channel", "print_point", "print_search", "quick_args"]

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing at run time: these commands start fast
    from collections.abc import Mapping, Sequence
    from typing import Any

#: Per command: its positional argument (required but for search) and its options with a value.
_COMMANDS = {
    "point": ("query", ()),
    "channel": ("code", ()),
    "search": ("text", ("organ", "category", "level", "region", "channel", "caution", "frame", "needling")),
}


def quick_args(argv: Sequence[str]) -> SimpleNamespace | None:
    """The arguments of a plain ``point``, ``channel`` or ``search`` command line, as argparse
    would give them; None for anything else (help, an abbreviated or unknown option, a missing
    or extra argument, a value that starts with a dash), which the full parser then reads."""
    args = list(argv)
    data = None
    if len(args) > 1 and args[0] == "--data" and not args[1].startswith("-"):
        data, args = args[1], args[2:]
    if not args or args[0] not in _COMMANDS:
        return None
    positional, options = _COMMANDS[args[0]]
    values: dict[str, Any] = {"command": args[0], "data": data, "json": False, **dict.fromkeys(options)}
    given = []
    rest = iter(args[1:])
    for token in rest:
        if token == "--json":
            values["json"] = True
        elif token[2:] in options and token.startswith("--"):
            value = next(rest, "-")
            if value.startswith("-"):
                return None
            values[token[2:]] = value
        elif token.startswith("-"):
            return None
        else:
            given.append(token)
    if len(given) > 1 or (positional != "text" and not given):
        return None
    values[positional] = given[0] if given else None
    return SimpleNamespace(**values)


def catalog_for(data_dir: Any = None) -> Mapping[str, Any]:
    """The catalog of a data folder: read from the cache, or built (checking the data first)
    and cached for the next command."""
    cat = read_catalog(data_dir)
    if cat is None:
        from .graph.core import lookup_graph
        from .query.catalog import catalog_of

        cat = catalog_of(lookup_graph(data_dir))
    return cat


def _dump(data: Any) -> str:
    import json  # only --json needs it

    # allow_nan=False: NaN and Infinity are not JSON; the data checks refuse them, and so does this.
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)


def print_point(args: Any) -> int:
    """``meridian point QUERY [--json]``: one point with its notes and neighbours."""
    hit = find(catalog_for(args.data), args.query)
    if args.json:
        point = hit["point"]
        print(_dump({**point, "notes": hit["notes"] + point["notes"], "neighbours": hit["neighbours"]}))
        return 0
    lines = point_lines(hit["point"])
    lines[1:1] = [f"  NOTE       {note}" for note in hit["notes"]]
    nb = hit["neighbours"]
    along = " ".join(
        x for x in (nb["previous"] and f"<- {nb['previous']}", nb["next"] and f"{nb['next']} ->") if x
    )
    if along:
        lines.append(f"  along      {along}")
    if nb["same_level"]:
        lines.append(f"  same level {', '.join(nb['same_level'])}")
    print("\n".join(lines))
    return 0


def point_lines(p: dict[str, Any]) -> list[str]:
    """A point (its ``POINT`` object) as the lines ``meridian point`` prints."""
    loc = p["location"]
    where = []
    if loc["levels"]:
        where.append(
            f"level {loc['levels'][0]}" + (f"-{loc['levels'][-1]}" if len(loc["levels"]) > 1 else "")
        )
    if loc["lateral_cun"] is not None:
        where.append(f"{loc['lateral_cun']:g} cun from the midline")
    where.append(loc["side"])
    lines = [
        f"{p['code']}  {p['pinyin_tones']}  {p['hanzi']}"
        + (f" ({p['hanzi_simplified']})" if p["hanzi_simplified"] != p["hanzi"] else "")
        + f"  {p['english']}",
        f"  channel    {p['channel']}, region {loc['region']}: {', '.join(where)}",
        f"  location   {loc['text']}",
    ]
    if loc.get("frame"):
        approx = ", estimated" if loc["estimated"] else ""
        lines.append(f"  frame      {loc['frame']}: {loc['along']:g} along, {loc['across']:g} across{approx}")
    needling = p.get("needling")
    if needling:
        depth = needling["depth_cun"]
        how = ", ".join(needling["angles"]) + (f", {depth[0]:g}-{depth[1]:g} cun" if depth else "")
        lines.append(f"  needling   {how}" + (f"; {needling['text']}" if needling["text"] else ""))
    else:
        lines.append("  needling   not recorded: no two references read agree on it")
    if p["aliases"]:
        lines.append(f"  also       {', '.join(p['aliases'])}")
    if p["categories"]:
        lines.append(f"  categories {'; '.join(c['label'] for c in p['categories'])}")
    for rel in p["organs"]:
        lines.append(f"  organ      {rel['relation']} of the {rel['organ'].replace('_', ' ')}")
    for caution in p["cautions"]:
        lines.append(f"  CAUTION    [{caution['flag']}] {caution['text']}")
    for note in p["notes"]:
        lines.append(f"  note       {note}")
    return lines


def print_channel(args: Any) -> int:
    """``meridian channel CODE [--json]``: a channel and its points in order."""
    cat = catalog_for(args.data)
    code = channel_code(cat["codes"], cat["channel_names"], cat["shared"], args.code)
    data = cat["channels"][code]
    points = [cat["points"][c] for c in data["points"]]
    if args.json:
        print(_dump({**data, "points": points}))
        return 0
    print(f"{data['code']}  {data['name']}  {data['pinyin_tones']}  {data['hanzi']}")
    print(f"  {data['flow']}")
    if not points:
        print(f"meridian: the atlas holds no points of {data['code']}", file=sys.stderr)
        return 1
    for p in points:
        level = p["location"]["level"] or ""
        print(f"  {p['code']:<6} {p['pinyin']:<16} {p['hanzi']:<6} {level:<4} {p['english']}")
    return 0


def print_search(args: Any) -> int:
    """``meridian search [TEXT] [--organ ...] ... [--json]``: the points that pass every filter."""
    filters = {k: getattr(args, k) for k in _COMMANDS["search"][1]}
    points = select(catalog_for(args.data), args.text, **filters)
    if args.json:
        print(_dump(points))
    else:
        for p in points:
            loc = p["location"]
            where = " ".join(
                str(x)
                for x in (
                    loc["level"] or "",
                    f"{loc['lateral_cun']:g} cun" if loc["lateral_cun"] is not None else "",
                )
                if x
            )
            print(f"{p['code']:<6} {p['pinyin']:<14} {p['hanzi']:<5} {where:<12} {p['english']}")
    if not points:
        print("meridian: no point passes those filters", file=sys.stderr)
        return 1
    return 0
