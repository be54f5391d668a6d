"""Checking records against the JSON Schemas: the shipped schemas are the law.

Every data folder is checked against the schemas that ship with meridian (``data/schema/``). A
folder's own ``schema/`` may add rules but never replace or loosen them: its schemas are checked
against the JSON Schema meta-schema, may not refer to anything outside themselves (no ``$ref`` is
ever fetched from a network) nor loop, blow up or hang (:mod:`meridian.schemaguard`), and the data
is checked against them as well as the shipped ones.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from .fastschema import passes
from .files import Unreadable, read_regular
from .paths import shipped_data_dir
from .read import File, Problem, _clip, field_label, record_label
from .schemaguard import MAX_DEPTH, TIME_LIMIT, TimeUp, refusal, time_limit

__all__ = ["schema_path", "schema_problems"]


@cache
def _validator(schema_path: str) -> Any:
    from jsonschema import Draft202012Validator  # imported only when data is checked

    with open(schema_path, encoding="utf-8") as fh:
        schema = json.load(fh)
    # Resolving "$ref" on every record is a third of the checking time: inline the definitions
    # (the committed schema keeps them, for editors and readers).
    return Draft202012Validator(_inline_refs(schema, schema.get("$defs", {})))


def _inline_refs(node: Any, defs: Mapping[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            target = _inline_refs(defs[ref.removeprefix("#/$defs/")], defs)
            return {**target, **{k: _inline_refs(v, defs) for k, v in node.items() if k != "$ref"}}
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def schema_path(data_dir: Path, stem: str) -> Path:
    """The shipped schema of a data file: the law every data folder is checked against."""
    del data_dir  # a folder's own schema only adds rules (see _local_schema)
    return shipped_data_dir() / "schema" / f"{stem}.schema.json"


def _local_schema(data_dir: Path, stem: str, raws: Mapping[str, bytes] | None) -> tuple[Any, list[Problem]]:
    """A data folder's own schema for ``stem`` when it differs from the shipped one.

    It may add rules, never replace or loosen the shipped ones: the data is checked against both.
    It must be a regular file holding a valid JSON Schema that refers to nothing outside itself
    (no ``$ref`` is ever fetched) and cannot loop, blow up or hang (:mod:`meridian.schemaguard`).
    ``raws`` holds the bytes read when the load took its key (:func:`meridian.cache.snapshot`);
    without it the file is read now. Returns (validator or None, problems).
    """
    name = f"schema/{stem}.schema.json"
    local = data_dir / name
    shipped = schema_path(data_dir, stem)
    try:
        if raws is not None:
            text = raws.get(name)
            if text is None:
                return None, []
        elif not os.path.lexists(local) or local.resolve() == shipped.resolve():
            return None, []
        else:
            text = read_regular(local)
        if text == shipped.read_bytes():
            return None, []
        schema = json.loads(text)
    except Unreadable as exc:
        return None, [Problem(name, 0, "(file)", "(file)", exc.message)]
    except RecursionError:
        msg = f"expected a JSON Schema nested at most {MAX_DEPTH} deep (got deeper)"
        return None, [Problem(name, 0, "(file)", "(json)", msg)]
    except (OSError, ValueError) as exc:
        return None, [Problem(name, 0, "(file)", "(json)", f"expected a JSON Schema (got {_clip(str(exc))})")]
    refused = refusal(schema)
    if refused is not None:
        return None, [Problem(name, 0, "(file)", _clip(refused[0]), _clip(refused[1], 300))]
    from jsonschema import Draft202012Validator, SchemaError

    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        return None, [
            Problem(name, 0, "(file)", "(schema)", f"expected a valid JSON Schema (got {_clip(exc.message)})")
        ]
    return Draft202012Validator(schema), []


def _local_errors(validator: Any, f: File, stem: str) -> tuple[list[Any], list[Problem]]:
    """The errors a folder's own schema finds in a file, within :data:`TIME_LIMIT` seconds; what
    jsonschema cannot apply (which :mod:`meridian.schemaguard` should have refused) is one line."""
    try:
        with time_limit(TIME_LIMIT):
            return list(validator.iter_errors(f.data)), []
    except TimeUp:
        msg = (
            f"expected checks of {f.name} that finish within {TIME_LIMIT:g} s"
            f" (got checks still running after {TIME_LIMIT:g} s: a pattern slow on long text?)"
        )
    except RecursionError:
        msg = f"expected checks of {f.name} that end (got a recursion too deep)"
    except Exception as exc:  # jsonschema on a schema it cannot apply: one line, not a traceback
        msg = f"expected a JSON Schema that can be applied (got {type(exc).__name__}: {_clip(str(exc))})"
    return [], [Problem(f"schema/{stem}.schema.json", 0, "(file)", "(schema)", msg)]


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping",
    "boolean": "true or false",
    "null": "null",
}


def _expected(error: Any) -> tuple[str | None, str]:
    """(field name override, 'expected ... (got ...)') for one jsonschema error."""
    v, schema, inst = error.validator, error.schema, error.instance
    desc = schema.get("description") if isinstance(schema, Mapping) else None
    if v == "required":
        missing = re.match(r"'([^']+)'", error.message)
        return (missing.group(1) if missing else None), "expected a value (got nothing: the field is missing)"
    if v == "additionalProperties":
        extra = sorted(set(inst) - set(schema.get("properties", {})), key=str)  # a key may be 1 or null
        allowed = ", ".join(schema.get("properties", {}))
        return (
            extra[0] if extra else None
        ), f"expected one of the known fields {allowed} (got an unknown field)"
    if desc:
        return None, f"expected {desc} (got {_show(inst)})"
    if v == "type":
        types = error.validator_value
        words = [_TYPE_WORDS.get(t, str(t)) for t in (types if isinstance(types, list) else [types])]
        return None, f"expected {' or '.join(words)} (got {_show(inst)})"
    if v == "enum":
        return None, f"expected one of {', '.join(map(str, error.validator_value))} (got {_show(inst)})"
    if v == "const":
        return None, f"expected {_show(error.validator_value)} (got {_show(inst)})"
    if v in ("minimum", "exclusiveMinimum"):
        return None, f"expected a number of at least {error.validator_value} (got {_show(inst)})"
    if v in ("maximum", "exclusiveMaximum"):
        return None, f"expected a number of at most {error.validator_value} (got {_show(inst)})"
    if v == "minLength":
        return None, f"expected non-empty text (got {_show(inst)})"
    if v == "minItems":
        return None, f"expected at least {error.validator_value} item(s) (got {_show(inst)})"
    if v == "uniqueItems":
        return None, f"expected no repeated items (got {_show(inst)})"
    if v == "pattern":
        return None, f"expected text matching {error.validator_value} (got {_show(inst)})"
    return None, f"expected {error.message}"


def schema_problems(f: File, data_dir: Path, raws: Mapping[str, bytes] | None = None) -> Iterator[Problem]:
    """Every way a parsed file breaks its shipped schema, and its folder's own schema if any.

    Data that passes the quick check (:mod:`meridian.fastschema`) has nothing to report against
    the shipped schema; otherwise jsonschema walks it to say what is wrong and where. ``raws``
    holds the folder's own schemas as the load read them (:func:`meridian.cache.snapshot`);
    without it they are read now.
    """
    stem = f.name.removesuffix(".yaml")
    errors = []
    if not passes(stem, f.data):
        errors = list(_validator(str(schema_path(data_dir, stem))).iter_errors(f.data))
    local, problems = _local_schema(data_dir, stem, raws)
    yield from problems
    if local is not None:
        found, problems = _local_errors(local, f, stem)
        errors += found
        yield from problems
    for error in errors:
        path = list(error.absolute_path)
        if not path:
            yield Problem(f.name, 1, "(file)", "(top)", _expected(error)[1])
            continue
        index = path[0]
        field_override, message = _expected(error)
        field_path = path[1:] + ([field_override] if field_override else [])
        line = f.line(path)
        yield Problem(
            f.name, line, record_label(f.data, index), field_label(field_path), _clip(message, 300)
        )
