"""What a data folder's own schema may hold, checked before jsonschema applies it.

A clinic's ``schema/`` adds rules to the shipped schemas (:mod:`meridian.schemas`); what it holds
runs on every record, so a schema that would loop, blow up or hang is refused in one line first:

- every reference (``$ref``, ``$dynamicRef``) points inside the schema, at a part that exists, and
  never leads back to where it stands (a recursive schema is refused: it can recurse without end);
- nested at most :data:`MAX_DEPTH` deep and of at most :data:`MAX_PARTS` parts, references
  followed (a few references can stand for millions of checks);
- its regular expressions (``pattern``, the keys of ``patternProperties``) hold no repeat inside
  a repeat (``(a+)+``, unless each round starts or ends with a character the inner repeats
  cannot take, as in ``( [a-z]+)*``), no alternatives inside a repeat (``(a|ab)*``) and no
  back-references: the forms that take exponential time on a near miss. Every pattern the
  shipped schemas use is allowed.

What is left (a pattern slow in polynomial time on long text) is time-boxed: :func:`time_limit`.

Examples
--------
>>> refusal({"items": {"properties": {"code": {"pattern": "^[A-Z]+[0-9]*$"}}}}) is None
True
>>> where, why = refusal({"items": {"properties": {"code": {"pattern": "^(a+)+$"}}}})
>>> where
'/items/properties/code/pattern'
>>> print(why)
expected a pattern without a repeat inside a repeat, which can take exponential time (got "^(a+)+$")
>>> refusal({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"})[1]
'expected references that never lead back to where they stand (got a loop through #/$defs/a)'
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote

__all__ = ["MAX_DEPTH", "MAX_PARTS", "TIME_LIMIT", "TimeUp", "pattern_refusal", "refusal", "time_limit"]

#: How deep a local schema may nest, its references followed (the shipped schemas: 9).
MAX_DEPTH = 32
#: How many parts (mappings and lists) a local schema may have, its references followed (the
#: shipped points schema: about 500).
MAX_PARTS = 20_000
#: Seconds the checks of one data file against its folder's own schema may take: ten times what
#: a copy of the shipped points schema takes on a points.yaml at the size limit (about 2 s).
TIME_LIMIT = 20.0

_Path = tuple[Any, ...]


def _pointer(path: _Path) -> str:
    return "".join("/" + str(step).replace("~", "~0").replace("/", "~1") for step in path) or "/"


def _show(text: str) -> str:
    shown = json.dumps(text, ensure_ascii=False)
    return shown if len(shown) <= 80 else shown[:77] + "..."


class _Walk:
    """One pass over a schema: its parts, references, anchors and patterns."""

    def __init__(self, schema: Any) -> None:
        self.root = schema
        self.children: dict[int, list[Any]] = {}
        self.paths: dict[int, _Path] = {}
        self.refs: list[tuple[Any, str, _Path]] = []  # (the mapping holding it, the reference, where)
        self.anchors: dict[str, Any] = {}
        self.patterns: list[tuple[_Path, str]] = []
        self.problem: tuple[str, str] | None = None

    def run(self) -> tuple[str, str] | None:
        stack: list[tuple[Any, _Path]] = [(self.root, ())]
        while stack and self.problem is None:
            node, path = stack.pop()
            if len(path) > MAX_DEPTH:
                self.problem = (
                    _pointer(path),
                    f"expected a schema nested at most {MAX_DEPTH} deep (got deeper)",
                )
                break
            items = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
            self.paths[id(node)] = path
            self.children[id(node)] = [v for _, v in items if isinstance(v, dict | list)]
            if isinstance(node, dict):
                self._keywords(node, path)
            stack += [(v, (*path, k)) for k, v in items if isinstance(v, dict | list)]
        return self.problem

    def _keywords(self, node: dict[str, Any], path: _Path) -> None:
        for key in ("$ref", "$dynamicRef"):
            if isinstance(node.get(key), str):
                self.refs.append((node, node[key], (*path, key)))
        for key in ("$anchor", "$dynamicAnchor"):
            if isinstance(node.get(key), str):
                self.anchors.setdefault(node[key], node)
        if isinstance(node.get("$id"), str) and path:
            # An inner $id would move the base that "#/..." is read against.
            self.problem = (
                _pointer((*path, "$id")),
                "expected $id only at the top of the schema (got one inside)",
            )
        if isinstance(node.get("pattern"), str):
            self.patterns.append(((*path, "pattern"), node["pattern"]))
        if isinstance(node.get("patternProperties"), dict):
            where = (*path, "patternProperties")
            self.patterns += [((*where, k), k) for k in node["patternProperties"]]

    def target(self, ref: str) -> Any:
        """The part of the schema a reference inside it names, or None."""
        fragment = unquote(ref[1:])
        if fragment and not fragment.startswith("/"):
            return self.anchors.get(fragment)
        node = self.root
        for token in fragment.split("/")[1:] if fragment else []:
            token = token.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return None
        return node


def refusal(schema: Any) -> tuple[str, str] | None:
    """Why a folder's own schema is refused, as (where in it, ``expected ... (got ...)``), or None.

    Examples
    --------
    >>> refusal({"$ref": "#/$defs/gone"})
    ('/$ref', 'expected a reference to a part of this schema (got #/$defs/gone, which is not there)')
    """
    if not isinstance(schema, dict | list):
        return None
    walk = _Walk(schema)
    if walk.run() is not None:
        return walk.problem
    edges = {k: list(v) for k, v in walk.children.items()}
    for holder, ref, path in walk.refs:
        if not ref.startswith("#"):
            return _pointer(
                path
            ), f"expected only references inside the schema (#/...) (got {_show(ref)[1:-1]})"
        target = walk.target(ref)
        if not isinstance(target, dict | list) or id(target) not in walk.paths:
            what = "not there" if target is None else "not a schema"
            return _pointer(
                path
            ), f"expected a reference to a part of this schema (got {ref}, which is {what})"
        edges[id(holder)].append(target)
    for path, pattern in walk.patterns:
        why = pattern_refusal(pattern)
        if why is not None:
            return _pointer(path), why
    return _expanded(schema, edges, walk.paths)


def _expanded(root: Any, edges: dict[int, list[Any]], paths: dict[int, _Path]) -> tuple[str, str] | None:
    """Loops, depth and size of the schema with its references followed (depth first, no recursion)."""
    parts: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            below = edges.get(key, [])
            parts[key] = min(1 + sum(parts[id(c)] for c in below), MAX_PARTS + 1)
            depth[key] = 1 + max((depth[id(c)] for c in below), default=0)
            continue
        if key in parts:
            continue
        on_path.add(key)
        stack.append((node, True))
        for child in edges.get(key, []):
            if id(child) in on_path:
                where = "#" + (_pointer(paths[id(child)]) if paths[id(child)] else "")
                why = "expected references that never lead back to where they stand"
                return _pointer(paths[key]), f"{why} (got a loop through {where})"
            if id(child) not in parts:
                stack.append((child, False))
    if depth[id(root)] > MAX_DEPTH + 1:
        got = depth[id(root)] - 1
        return "/", f"expected a schema nested at most {MAX_DEPTH} deep, references followed (got {got})"
    if parts[id(root)] > MAX_PARTS:
        return "/", f"expected a schema of at most {MAX_PARTS} parts, references followed (got more)"
    return None


def _parser() -> tuple[Any, Any]:
    """Python's own parser of regular expressions, and its names for the parts it finds."""
    from importlib import import_module

    try:  # Python 3.11+
        return import_module("re._parser"), import_module("re._constants")
    except ImportError:  # pragma: no cover - Python 3.10
        return import_module("sre_parse"), import_module("sre_constants")


def pattern_refusal(pattern: str) -> str | None:
    r"""Why a regular expression is refused in a folder's own schema, or None.

    A repeat inside a repeat is allowed when each round of the outer one starts (or ends) with a
    character that nothing repeated inside it can match, as in ``( [a-z]+)*`` (the shipped
    schemas use that) or ``(\d{1,3}\.){3}``: where a round starts is then never in doubt, so
    the rounds cannot be split two ways.

    Examples
    --------
    >>> [pattern_refusal(p) is None for p in ("^[A-Z]+(-[A-Z]+)*$", "^(cm|cun)?$", "(x+x+)+y", r"(a)\1")]
    [True, True, False, False]
    >>> print(pattern_refusal("^(ab|a)*$"))
    expected a pattern without alternatives inside a repeat, which can take exponential time (got "^(ab|a)*$")
    """
    parser, c = _parser()
    try:
        tree = parser.parse(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        return f"expected a regular expression (got {_show(pattern)}: {exc})"
    ignore_case = bool(tree.state.flags & re.IGNORECASE)
    repeats = {c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)}
    stack: list[tuple[Any, bool]] = [(tree, False)]  # (a parsed part, inside a repeat?)
    while stack:
        part, inside = stack.pop()
        for op, av in part:
            if op in repeats:
                many = av[1] > 1
                if many and inside:
                    return (
                        "expected a pattern without a repeat inside a repeat, which can take"
                        f" exponential time (got {_show(pattern)})"
                    )
                if many and _separated(av[2], c, ignore_case):
                    continue  # its inner repeats are single characters that never take the separator
                stack.append((av[2], inside or many))
            elif op is c.BRANCH:
                if inside:
                    return (
                        "expected a pattern without alternatives inside a repeat, which can take"
                        f" exponential time (got {_show(pattern)})"
                    )
                stack += [(branch, inside) for branch in av[1]]
            elif op in (c.GROUPREF, c.GROUPREF_EXISTS):
                return f"expected a pattern without back-references (got {_show(pattern)})"
            elif op is c.SUBPATTERN:
                stack.append((av[-1], inside))
            elif op in (c.ASSERT, c.ASSERT_NOT):
                stack.append((av[1], inside))
            elif op is getattr(c, "ATOMIC_GROUP", None):
                stack.append((av, inside))
    return None


def _flat(body: Any, c: Any) -> list[tuple[Any, Any]]:
    """The items of a parsed part with its plain groups opened: ``(-(x+))`` as ``-``, ``x+``."""
    items: list[tuple[Any, Any]] = []
    for op, av in body:
        if op is c.SUBPATTERN:
            items += _flat(av[-1], c)
        else:
            items.append((op, av))
    return items


def _separated(body: Any, c: Any, ignore_case: bool) -> bool:
    """Whether a repeated part starts (or ends) with a fixed character that none of the repeats
    inside it can match, those repeats each taking one character at a time: ``-[A-Z]+``,
    `` [a-z]+\\*?``, ``\\d{1,3}\\.``."""
    items = _flat(body, c)
    return any(_fenced(items, end, c, ignore_case) for end in (0, -1)) if items else False


def _fenced(items: list[tuple[Any, Any]], end: int, c: Any, ignore_case: bool) -> bool:
    """Whether ``items[end]`` is a fixed character that nothing else in ``items`` can match: the
    character then marks exactly where each round starts (or ends)."""
    if items[end][0] is not c.LITERAL:
        return False
    fence = chr(items[end][1])
    fences = {fence, fence.lower(), fence.upper()} if ignore_case else {fence}
    repeats = (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT))
    rest = items[1:] if end == 0 else items[:-1]
    for op, av in rest:
        if op in repeats:
            inner = list(av[2])
            if len(inner) != 1 or any(_takes(inner[0], ch, c) for ch in fences):
                return False
        elif op is c.AT:
            continue
        elif op not in (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY, c.CATEGORY):
            return False  # a branch, a group reference, a look-around: not this simple form
        elif any(_takes((op, av), ch, c) for ch in fences):
            return False
    return True


#: What each character category of a parsed pattern matches.
_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


def _takes(item: tuple[Any, Any], ch: str, c: Any) -> bool:
    """Whether a one-character item of a parsed pattern can match ``ch`` (True when unsure)."""
    op, av = item
    if op is c.LITERAL:
        return chr(av) == ch
    if op is c.NOT_LITERAL:
        return chr(av) != ch
    if op is c.CATEGORY:
        name = str(av)
        return name not in _CATEGORIES or re.fullmatch(_CATEGORIES[name], ch) is not None
    if op is c.IN:
        negate = bool(av) and av[0][0] is c.NEGATE
        found = any(_takes(x, ch, c) for x in av[int(negate) :] if x[0] is not c.RANGE) or any(
            x[1][0] <= ord(ch) <= x[1][1] for x in av if x[0] is c.RANGE
        )
        return found != negate
    return True  # ANY, and anything else: it may


class TimeUp(Exception):
    """Raised inside a :func:`time_limit` block when its time is up."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeUp` in the block when it runs longer than ``seconds``.

    Python's regular expressions stop for signals, so a timer's signal ends a slow match. Only
    the main thread receives signals, and only where there are timers (not on Windows), and a
    timer someone else has set is left alone: elsewhere the block simply runs.

    Examples
    --------
    >>> with time_limit(5):
    ...     sum(range(10))
    45
    """
    import signal
    import threading

    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise TimeUp

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
