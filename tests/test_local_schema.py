"""A clinic's own schema that would loop, blow up or hang is refused in one line, before it runs.

Each case writes ``schema/organs.schema.json`` into a copy of the data, then checks that
``validate`` lists exactly one problem, naming the schema, and that a lookup says the same in one
line on stderr, exit 2: no traceback, no RecursionError, no hang. The corpus of simpler bad
local schemas is in test_hardening.py.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import signal
import time

import pytest

import meridian
from meridian.atlas import schema as schemas
from meridian.atlas.paths import DATA_FILES
from meridian.atlas.schemaguard import pattern_refusal, refusal
from meridian.cli import main


def nested(depth: int) -> dict:
    schema: dict = {"type": "array"}
    for _ in range(depth):
        schema = {"items": schema}
    return schema


def multiplied(levels: int, fan: int) -> dict:
    """Each definition stands for ``fan`` of the one before: fan**levels checks in a few lines."""
    defs: dict = {"d0": {"type": "array"}}
    for i in range(1, levels + 1):
        defs[f"d{i}"] = {"allOf": [{"$ref": f"#/$defs/d{i - 1}"}] * fan}
    return {"$defs": defs, "$ref": f"#/$defs/d{levels}"}


def name_pattern(pattern: str) -> dict:
    return {"items": {"properties": {"name": {"pattern": pattern}}}}


CASES = [
    ("nested 40 deep", nested(40), r": /items(/items)+/it\.\.\.: expected a schema nested at most 32 deep \(got deeper\)"),
    ("nested 900 deep", nested(900), r"expected a schema nested at most 32 deep \(got deeper\)"),
    ("a reference to a reference to itself", {"$defs": {"a": {"$ref": "#/$defs/a"}}, "items": {"$ref": "#/$defs/a"}},
     r"/\$defs/a: expected references that never lead back to where they stand \(got a loop through #/\$defs/a\)"),
    ("a loop through allOf", {"$defs": {"a": {"allOf": [{"$ref": "#/$defs/b"}]}, "b": {"not": {"$ref": "#/$defs/a"}}},
                              "$ref": "#/$defs/a"}, r"expected references that never lead back"),
    ("a dynamic reference to nothing", {"items": {"$dynamicRef": "#x"}},
     r"/items/\$dynamicRef: expected a reference to a part of this schema \(got #x, which is not there\)"),
    ("a reference to a list index out of range", {"allOf": [{}], "items": {"$ref": "#/allOf/3"}},
     r"which is not there"),
    ("a reference to a number", {"minimum": 1, "items": {"$ref": "#/minimum"}}, r"which is not a schema"),
    ("references that multiply", multiplied(6, 10),
     r"/: expected a schema of at most 20000 parts, references followed \(got more\)"),
    ("references that nest deep", multiplied(20, 1),
     r"/: expected a schema nested at most 32 deep, references followed \(got \d+\)"),
    ("an inner $id", {"items": {"$id": "https://example.invalid/organ", "type": "object"}},
     r"/items/\$id: expected \$id only at the top of the schema \(got one inside\)"),
    ("a repeat in a repeat", name_pattern("^(a+)+$"), r"/items/properties/name/pattern: expected a pattern without a repeat inside a repeat"),
    ("words and spaces", name_pattern(r"^(\w+\s?)*$"), r"without a repeat inside a repeat"),
    ("a bounded repeat of a repeat", name_pattern("(.*a){20}"), r"without a repeat inside a repeat"),
    ("overlapping alternatives", name_pattern("^(a|aa)+$"), r"without alternatives inside a repeat"),
    ("a back-reference", name_pattern(r"^(a+)\1$"), r"without back-references"),
    ("a pattern that is no regular expression", name_pattern("^(a"), r"expected a regular expression \(got \"\^\(a\": "),
    ("a key pattern", {"items": {"patternProperties": {"^(x+x+)+y$": {}}}},
     r"/items/patternProperties/\^\(x\+x\+\)\+y\$: expected a pattern without a repeat inside a repeat"),
]  # fmt: skip


def write_schema(folder, schema) -> None:
    (folder / "schema" / "organs.schema.json").write_text(json.dumps(schema), encoding="utf-8")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def only_problem(folder) -> str:
    found = [str(p) for p in meridian.validate(folder)]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("name", "schema", "pattern"), CASES, ids=[c[0] for c in CASES])
def test_a_local_schema_that_would_loop_blow_up_or_hang_is_one_line(data_copy, name, schema, pattern):
    write_schema(data_copy, schema)
    start = time.perf_counter()
    message = only_problem(data_copy)
    assert re.match(r"schema/organs\.schema\.json:0: \(file\): ", message), message
    assert re.search(pattern, message), message
    assert len(message) < 500
    code, out, err = run("--data", str(data_copy), "point", "LI4")
    assert (code, out) == (2, "") and err.count("\n") == 1 and "schema/organs.schema.json" in err
    assert time.perf_counter() - start < 30


def test_copies_of_every_shipped_schema_are_accepted_and_add_their_rules(data_copy):
    for stem in DATA_FILES:  # every pattern, reference and nesting the shipped schemas use passes
        path = data_copy / "schema" / f"{stem}.schema.json"
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert refusal(schema) is None, stem
        schema["$comment"] = "a clinic's copy"
        if stem == "organs":
            schema["items"] = {
                "allOf": [schema["items"], {"properties": {"name": {"pattern": "^[A-Z][a-z]+$"}}}]
            }
        path.write_text(json.dumps(schema), encoding="utf-8")
    found = [str(p) for p in meridian.validate(data_copy)]
    assert found and all(re.match(r"organs\.yaml:\d+: \w+: name: expected text matching", p) for p in found)
    assert any(p.startswith("organs.yaml:15: large_intestine: name:") for p in found)  # "Large Intestine"


@pytest.mark.parametrize(
    "pattern",
    ["^[a-z]+\\*?( [a-z]+\\*?)*$", "^[A-Z]+(-[A-Z]+)*-?[0-9]+$", r"^(\d{1,3}\.){3}\d{1,3}$", "^(cm|cun)?$",
     "(?i)^(a[b-z]+)*$", "^(?:TCM-)?[0-9]{1,6}$"],
)  # fmt: skip
def test_patterns_whose_rounds_cannot_be_split_two_ways_are_allowed(pattern):
    assert pattern_refusal(pattern) is None


def test_a_pattern_slow_on_long_text_is_time_boxed(data_copy, monkeypatch):
    # No repeat in a repeat, so it passes the guard; on 300 letters and no match it would run for
    # hours (five repeats over the same letters: the fifth power of the length).
    write_schema(data_copy, name_pattern("a*a*a*a*a*b"))
    organs = data_copy / "organs.yaml"
    organs.write_text(organs.read_text(encoding="utf-8").replace("name: Lung,", f"name: {'a' * 300},", 1))
    monkeypatch.setattr(schemas, "TIME_LIMIT", 0.5)
    before = signal.getsignal(signal.SIGALRM)
    start = time.perf_counter()
    assert only_problem(data_copy) == (
        "schema/organs.schema.json:0: (file): (schema): expected checks of organs.yaml that finish within"
        " 0.5 s (got checks still running after 0.5 s: a pattern slow on long text?)"
    )
    assert time.perf_counter() - start < 10
    assert signal.getsignal(signal.SIGALRM) is before and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
