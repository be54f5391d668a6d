"""Reading one data file: a regular file of a sane size, UTF-8, plain YAML, and nothing more.

The text is checked before it is parsed and the YAML node tree before it is turned into data:
a folder, pipe or device is refused without opening it (a pipe would block), bytes that are not
UTF-8 are reported with their line, YAML anchors and aliases are refused (a few bytes of them can
expand without bound), a key written twice in a record is reported with both lines, a tag that
would build an object is refused (so are binary data, sets and ordered pairs: the data is JSON's
kind), a date is read as the text written, and a number that is not finite or has thousands of
digits is refused. Every problem is a :class:`Problem`, printed as ``file:line: record: field: message``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .files import Unreadable, read_regular

__all__ = ["File", "Problem", "decode", "field_label", "parse", "parse_text", "read_text", "record_label"]

_Base: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Where an anchor may stand (``&name``); without one no alias can exist ("A & B" is no anchor).
_ANCHOR = re.compile(r"&\S")


class _Loader(_Base):  # type: ignore[misc]
    """The safe loader, noting while it builds the data whether a mapping lost a key written
    twice or a number is not finite: walking the whole tree to find them costs a third of the
    parse, so that is done only when one is there, to say where."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.suspect = False

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) != len(node.value):
            self.suspect = True
        return mapping

    def construct_yaml_float(self, node: Any) -> Any:
        value = super().construct_yaml_float(node)
        if not math.isfinite(value):
            self.suspect = True
        return value

    def construct_yaml_timestamp(self, node: Any) -> Any:
        """A date or time (``2024-05-01``) is read as the text written: the data is JSON's kind
        (text, numbers, true/false, null, lists, mappings), which has no dates."""
        return self.construct_scalar(node)

    def construct_unplain(self, node: Any) -> Any:
        """Binary data, sets and ordered pairs are no JSON: refused where they stand."""
        raise yaml.constructor.ConstructorError(
            None, None, f"a value of the tag '{node.tag}', which is not plain data", node.start_mark
        )


_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
for _tag in ("binary", "set", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _Loader.construct_unplain)


class Problem(NamedTuple):  # not a dataclass: checking data needs no dataclasses (8 ms to import)
    """One problem in a data folder, printed as ``file:line: record: field: message``."""

    file: str
    line: int
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.record}: {self.field}: {_clip(self.message, 400)}"


class File:
    __slots__ = ("data", "name", "node")

    def __init__(self, name: str, data: Any, node: Any) -> None:
        self.name = name  # e.g. "points.yaml"
        self.data = data
        self.node = node  # the YAML node tree, for line numbers

    def line(self, path: Sequence[Any]) -> int:
        """Line (1-based) of the deepest node along ``path`` (indices and keys)."""
        node = self.node
        if node is None:
            return 1
        line: int = node.start_mark.line + 1
        for step in path:
            child = None
            if isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if 0 <= step < len(node.value):
                    child = node.value[step]
            elif isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if key.value == step:
                        line = key.start_mark.line + 1
                        child = value
                        break
            if child is None:
                break
            node = child
            line = int(node.start_mark.line) + 1
        return line


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """The text of a regular file of a sane size (:func:`meridian.files.read_regular`: nothing
    blocks), or None and why it cannot be read."""
    try:
        raw = read_regular(path)
    except Unreadable as exc:
        return None, [Problem(path.name, 0, "(file)", "(file)", exc.message)]
    return decode(path.name, raw)


def decode(name: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """The bytes of a data file called ``name`` as text, or None and the line that is not UTF-8."""
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        msg = f"expected UTF-8 text (got the byte 0x{raw[exc.start]:02x}, which is not UTF-8)"
        return None, [Problem(name, line, "(file)", "(encoding)", msg)]


def _node_problems(name: str, root: Any) -> list[Problem]:
    """Aliases (refused: a few bytes of them can expand without bound) and keys written twice."""
    problems: list[Problem] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            line = node.start_mark.line + 1
            msg = "expected plain data; YAML anchors and aliases (&name, *name) are refused"
            return [Problem(name, line, "(file)", "(yaml)", msg)]
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value in keys:
                    first = keys[key.value]
                    problems.append(
                        Problem(
                            name,
                            key.start_mark.line + 1,
                            "(file)",
                            _clip(key.value),
                            f"expected each key once in a record (got it again; first on line {first})",
                        )
                    )
                elif isinstance(key, yaml.ScalarNode):
                    keys[key.value] = key.start_mark.line + 1
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return problems


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _non_finite(f: File) -> list[Problem]:
    """Numbers that are not finite (.nan, .inf) are refused wherever they stand."""
    problems = []
    stack: list[tuple[Any, list[Any]]] = [(f.data, [])]
    while stack:
        value, path = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            index = path[0] if path and isinstance(path[0], int) else 0
            problems.append(
                Problem(
                    f.name,
                    f.line(path),
                    record_label(f.data, index),
                    field_label(path[1:]),
                    f"expected a finite number (got {value})",
                )
            )
        elif isinstance(value, dict):
            stack += [(v, [*path, k]) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [(v, [*path, i]) for i, v in enumerate(value)]
    return problems


def parse(path: Path) -> tuple[File | None, list[Problem]]:
    """A data file read and parsed (:func:`parse_text`), or None and what is wrong with it."""
    text, problems = read_text(path)
    if text is None:
        return None, problems
    return parse_text(path.name, text)


def parse_text(name: str, text: str) -> tuple[File | None, list[Problem]]:
    """The text of a data file called ``name`` parsed: a list of records, or None and what is
    wrong with it (its problems also list any non-finite number or key written twice)."""
    loader = _Loader(text)
    anchors = _ANCHOR.search(text) is not None
    try:
        node = loader.get_single_node()
        # Aliases are refused before the data is built: a few bytes of them expand without bound.
        problems = _node_problems(name, node) if anchors and node is not None else []
        if any(p.field == "(yaml)" for p in problems):
            return None, problems
        data = loader.construct_document(node) if node is not None else None
        if loader.suspect and not anchors:
            problems = _node_problems(name, node)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else 0
        tag = re.search(r"tag '([^']*)'", str(exc.problem))
        if tag:
            msg = f"expected plain YAML data; tags that build objects are refused (got {_clip(tag.group(1))})"
        else:  # e.g. a key that is a list or a mapping
            msg = f"expected plain YAML data (got {_clip(str(exc.problem))})"
        return None, [Problem(name, line, "(file)", "(yaml)", msg)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        msg = f"expected valid YAML (got a syntax error: {_clip(str(exc.problem))})"
        return None, [Problem(name, line, "(file)", "(yaml)", msg)]
    except (yaml.YAMLError, ValueError, RecursionError) as exc:  # ValueError: an int of 4,300+ digits
        msg = f"expected valid YAML with numbers of a sane size (got {_clip(str(exc))})"
        return None, [Problem(name, 0, "(file)", "(yaml)", msg)]
    finally:
        loader.dispose()
    if not isinstance(data, list):
        got = "an empty file" if data is None else type(data).__name__
        return None, [Problem(name, 1, "(file)", "(top)", f"expected a list of records (got {got})")]
    parsed = File(name, data, node)
    return parsed, problems + (_non_finite(parsed) if loader.suspect else [])


def record_label(data: Any, index: int) -> str:
    if isinstance(data, list) and 0 <= index < len(data) and isinstance(data[index], dict):
        rec = data[index]
        for key in ("code", "id", "kind", "relation"):
            if isinstance(rec.get(key), str):
                return str(rec[key])
    return f"record {index + 1}"


def field_label(path: Sequence[Any]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "(record)"
