"""Checking data against the shipped schemas fast: fastjsonschema's generated code, kept compiled.

jsonschema takes most of a cold load (it walks every record through every rule, and importing it
is slow too); the code fastjsonschema generates for the same schemas checks the same data about
ten times faster. It only says yes or no: when data fails it, jsonschema runs to say what is
wrong and where (:func:`meridian.schemas.schema_problems`), so the messages stay as they were.

Generating and compiling the code takes longer than checking, so the compiled code is kept in
the cache (:func:`meridian.cache.put_code`), keyed by the schema, meridian's code and the
Python that compiled it: editing data reuses it, and only a new schema compiles again. The code
runs without fastjsonschema itself (its exceptions are replaced by :class:`Invalid`), so a
check with a warm cache does not import fastjsonschema either.

Examples
--------
>>> passes("organs", [{"id": "lung", "name": "Lung", "kind": "zang", "pinyin": "Fei", "hanzi": "肺",
...                    "sources": ["who"]}])
True
>>> passes("organs", [{"id": "lung"}])
False
"""

from __future__ import annotations

import functools
import json

from . import cache

__all__ = ["Invalid", "passes"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import CodeType
    from typing import Any

# fastjsonschema knows drafts 4, 6 and 7: every keyword the shipped schemas use (type, enum,
# const, pattern, items, properties, required, if/then, allOf, min/max ...) means the same in
# draft 7 as in 2020-12 (tests/test_validate.py checks the two validators agree on broken data).
_DRAFT = "http://json-schema.org/draft-07/schema#"
_IMPORT = "from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException\n"


class Invalid(ValueError):
    """Raised by the generated code for data that breaks the schema."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args)


#: What the generated code raises, in place of fastjsonschema's own exceptions.
_RAISES = {"JsonSchemaValueException": Invalid, "JsonSchemaValuesException": Invalid}


def passes(stem: str, data: Any) -> bool:
    """Whether ``data`` keeps every rule of the shipped schema of ``stem`` (e.g. ``points``)."""
    try:
        _checks()[stem](data)
    except Exception:  # Invalid, or data so odd the generated code trips on it: jsonschema decides
        return False
    return True


@functools.cache
def _checks() -> dict[str, Callable[[Any], Any]]:
    """The check of each shipped schema, by the stem of its data file."""
    checks = {}
    for stem, code in _codes().items():
        namespace: dict[str, Any] = {
            "JsonSchemaValueException": Invalid,
            "JsonSchemaValuesException": Invalid,
        }
        exec(code, namespace)
        checks[stem] = namespace["validate"]
    return checks


def _codes() -> dict[str, CodeType]:
    """The compiled checks of the shipped schemas, from the cache or generated anew: one entry
    for them all, keyed by every schema, meridian's code and the Python that compiled them."""
    from importlib.util import MAGIC_NUMBER

    from .paths import DATA_FILES, shipped_data_dir

    folder = shipped_data_dir() / "schema"
    raws = {stem: (folder / f"{stem}.schema.json").read_bytes() for stem in DATA_FILES}
    stamp = b"".join(stem.encode() + b"\0" + raw for stem, raw in raws.items())
    key = f"schemas-{cache.digest(stamp + cache.code_stamp() + MAGIC_NUMBER)}"
    codes = cache.get_code(key)
    if codes is None or set(codes) != set(raws):
        codes = {stem: _compile(raw, stem) for stem, raw in raws.items()}
        cache.put_code(key, codes)
    return codes


def _compile(raw: bytes, stem: str) -> CodeType:
    import fastjsonschema

    from .schema import _inline_refs

    schema = json.loads(raw)
    schema = _inline_refs(schema, schema.get("$defs", {}))
    schema.pop("$id", None)  # the generated function is then called plain "validate"
    schema["$schema"] = _DRAFT
    source = fastjsonschema.compile_to_code(schema, use_formats=False).replace(_IMPORT, "")
    return compile(source, f"<fastjsonschema check of {stem}.schema.json>", "exec")
