"""What the command line's modules share: the graph a command reads, JSON out, and a clean stop.

Imports nothing heavy at module level, so a plain lookup stays fast.

Examples
--------
>>> print(dump({"code": "LI4", "pinyin": "Hegu"}))
{
  "code": "LI4",
  "pinyin": "Hegu"
}
"""

from __future__ import annotations

from contextlib import contextmanager

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterator
    from typing import Any

__all__ = ["dump", "full_graph", "light_graph", "progress_bar", "terminate_as_interrupt"]


def full_graph(args: argparse.Namespace) -> Any:
    """The networkx graph of the data folder the command was given (or the shipped data)."""
    from .atlas.loader import load
    from .graph.build import build_graph

    return build_graph(load(args.data) if args.data else None)


def light_graph(args: argparse.Namespace) -> Any:
    """The graph for questions that must answer at once: no networkx, no yaml with a warm cache."""
    from .graph.core import lookup_graph

    return lookup_graph(args.data)


def dump(data: Any) -> str:
    """JSON as the command line prints it: UTF-8 text, indented, never NaN or Infinity."""
    import json

    # allow_nan=False: NaN and Infinity are not JSON; the data checks refuse them, and so does this.
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)


def progress_bar(label: str, unit: str) -> Callable[[int, int], None]:
    """A progress bar on stderr (only when it is a terminal): ``label [####    ] 3/10 unit``."""
    import sys

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            bar = "#" * (24 * done // max(total, 1))
            end = "\n" if done == total else ""
            print(f"\r{label} [{bar:<24}] {done}/{total}{unit}", end=end, file=sys.stderr, flush=True)

    return progress


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """While long work runs, SIGTERM is handled like Ctrl-C: cleanly, leaving nothing half-built."""
    import signal

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
