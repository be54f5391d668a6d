"""Broken data is refused with every problem listed as file:line: record: field: message."""

from __future__ import annotations

import copy
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import meridian
from meridian.atlas.fastschema import passes
from meridian.atlas.paths import DATA_FILES, shipped_data_dir
from meridian.atlas.read import parse
from meridian.atlas.schema import _validator
from meridian.cli import main

SHIPPED_DIR = shipped_data_dir()


def problems(folder) -> list[str]:
    return [str(p) for p in meridian.validate(folder)]


def test_shipped_data_is_clean():
    assert meridian.validate() == []


def test_yaml_syntax_error(edit):
    folder = edit("points.yaml", "  pinyin: Feishu\n", "  pinyin: [Feishu\n")
    msg, skipped = problems(folder)  # the checks across files, which need the points, are not run
    assert re.match(r"points\.yaml:\d+: \(file\): \(yaml\): expected valid YAML \(got a syntax error", msg)
    assert skipped == (
        "points.yaml:0: (file): (checks): not checked: references, numbering and totals across the files,"
        " which need every file (points.yaml could not be read)"
    )


def test_unsafe_tag_is_refused(edit):
    folder = edit("points.yaml", "  english: Lung Shu\n", "  english: !!python/object:os.system {}\n")
    msgs = problems(folder)
    assert any("tags that build objects are refused" in m and "python/object" in m for m in msgs), msgs


def test_missing_field(edit):
    folder = edit("points.yaml", "  english: Lung Shu\n", "")
    assert any(
        re.match(r"points\.yaml:\d+: BL13: english: expected a value \(got nothing", m)
        for m in problems(folder)
    )


def test_wrong_type(edit):
    folder = edit(
        "points.yaml",
        "code: BL13\n  channel: BL\n  number: 13",
        "code: BL13\n  channel: BL\n  number: thirteen",
    )
    msgs = problems(folder)
    assert any(
        re.match(r"points\.yaml:\d+: BL13: number: expected a whole number \(got \"thirteen\"\)", m)
        for m in msgs
    ), msgs


def test_duplicate_code(edit):
    folder = edit("points.yaml", "code: BL14\n", "code: BL13\n")
    msgs = problems(folder)
    assert any("BL13: code: expected a unique code (got 'BL13' again" in m for m in msgs), msgs


def test_unknown_channel(edit):
    folder = edit("points.yaml", "code: BL13\n  channel: BL\n", "code: BL13\n  channel: XX\n")
    msgs = problems(folder)
    assert any("BL13: channel: expected a known channel code (got 'XX'" in m for m in msgs), msgs


def test_unknown_organ(edit):
    folder = edit("points.yaml", "  - organ: lung\n", "  - organ: lungs\n")
    msgs = problems(folder)
    assert any("expected a known organ id (got 'lungs'; did you mean lung?)" in m for m in msgs), msgs


def test_numbering_gap(data_copy):
    path = data_copy / "points.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- code: BL14\n")
    end = text.index("- code: BL15\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    msgs = problems(data_copy)
    assert any(
        re.match(
            r"points\.yaml:\d+: BL15: number: expected no gap in numbering \(got BL15 after BL13; BL14 missing\)",
            m,
        )
        for m in msgs
    ), msgs
    assert any("BL: point_count: expected 67 points in points.yaml (got 66)" in m for m in msgs), msgs


def test_bad_level(edit):
    folder = edit("points.yaml", "level: T3\n", "level: T13\n")
    msgs = problems(folder)
    assert any(
        re.match(
            r'points\.yaml:\d+: BL13: location\.level: expected a vertebral level C1-C7, T1-T12, L1-L5 or S1-S4, or null \(got "T13"\)',
            m,
        )
        for m in msgs
    ), msgs


def test_negative_cun(edit):
    folder = edit("points.yaml", "lateral_cun: 1.5\n", "lateral_cun: -1.5\n")
    msgs = problems(folder)
    assert any(
        re.match(
            r"points\.yaml:\d+: [A-Z]+\d+: location\.lateral_cun: expected a distance in cun from the midline, from 0 to 12, or null \(got -1\.5\)",
            m,
        )
        for m in msgs
    ), msgs


def test_unknown_field(edit):
    folder = edit("points.yaml", "  english: Lung Shu\n", "  english: Lung Shu\n  colour: red\n")
    msgs = problems(folder)
    assert any("BL13: colour: expected one of the known fields" in m for m in msgs), msgs


def test_duplicate_alias_across_points(edit):
    folder = edit("points.yaml", "  aliases: [肺兪]\n", "  aliases: [肺兪, Xinshu]\n")
    msgs = problems(folder)
    assert any(
        "BL13: aliases[1]: expected a name no other point uses (got 'Xinshu', already the pinyin of BL15)"
        in m
        for m in msgs
    ), msgs


def test_code_must_match_channel_and_number(edit):
    folder = edit(
        "points.yaml", "code: BL13\n  channel: BL\n  number: 13", "code: BL13\n  channel: GV\n  number: 13"
    )
    msgs = problems(folder)
    assert any(
        "BL13: code: expected the code to be channel and number, GV13 (got 'BL13')" in m for m in msgs
    ), msgs


def test_unknown_source(edit):
    folder = edit("organs.yaml", "sources: [", "sources: [nobody, ")
    assert any(
        re.match(r"organs\.yaml:\d+: lung: sources\[0\]: expected a known source id \(got 'nobody'", m)
        for m in problems(folder)
    )


def test_back_shu_needs_organ_relation(data_copy):
    path = data_copy / "points.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- code: BL13\n")
    block_end = text.index("- code: BL14\n")
    block = text[start:block_end]
    organs = block[block.index("  organs:\n") : block.index("  cautions:")]
    path.write_text(
        text[:start] + block.replace(organs, "  organs: []\n") + text[block_end:], encoding="utf-8"
    )
    msgs = problems(data_copy)
    assert any(
        "BL13: categories[0]: expected a matching organ relation back-shu of lung (got none)" in m
        for m in msgs
    ), msgs


def test_every_problem_is_reported_at_once(edit):
    edit("points.yaml", "level: T3\n", "level: T13\n")
    edit("points.yaml", "code: BL14\n", "code: BL13\n")
    folder = edit("organs.yaml", "kind: zang", "kind: organ")
    msgs = problems(folder)
    assert len(msgs) >= 3
    assert {m.split(":")[0] for m in msgs} == {"points.yaml", "organs.yaml"}
    # file order first (organs before points), then line order
    assert msgs[0].startswith("organs.yaml")
    lines = [int(m.split(":")[1]) for m in msgs if m.startswith("points.yaml")]
    assert lines == sorted(lines)


def test_load_raises_with_all_problems(edit):
    edit("points.yaml", "level: T3\n", "level: T13\n")
    folder = edit("points.yaml", "lateral_cun: 1.5\n", "lateral_cun: -1.5\n")
    with pytest.raises(meridian.DataError) as info:
        meridian.load(folder)
    assert len(info.value.problems) == 2
    assert "run 'meridian validate'" in str(info.value)


def test_missing_file(data_copy):
    (data_copy / "organs.yaml").unlink()
    assert problems(data_copy)[0] == "organs.yaml:0: (file): (file): expected the file to exist (got none)"


def test_not_a_list(data_copy):
    (data_copy / "sources.yaml").write_text("id: x\n", encoding="utf-8")
    assert problems(data_copy)[0] == "sources.yaml:1: (file): (top): expected a list of records (got dict)"


NOT_CHECKED = (
    ": (file): (checks): not checked: references, numbering and totals across the files, which need"
    " every file ({} could not be read)"
)


@pytest.mark.parametrize(
    ("file", "old", "new", "cause"),
    [
        ("points.yaml", "  number: 1\n", "  number: [1\n", r"points\.yaml:37: \(file\): \(yaml\): expected valid YAML \(got a syntax error"),
        ("points.yaml", "  region: chest\n", "  region: chest\n  [a]: x\n", r"points\.yaml:45: \(file\): \(yaml\): expected plain YAML data"),
        ("points.yaml", "- code: LU1\n", "code: LU1\n", r"points\.yaml:\d+: \(file\): \(yaml\): expected valid YAML"),
        ("organs.yaml", "- {id: lung,", "- {id: lung", r"organs\.yaml:\d+: \(file\): \(yaml\): expected valid YAML"),
        ("frames.yaml", None, "", r"frames\.yaml:1: \(file\): \(top\): expected a list of records \(got an empty file\)"),
    ],
    ids=["a syntax error", "a list as a key", "no list", "organs", "an empty file"],
)  # fmt: skip
def test_a_file_that_cannot_be_parsed_is_named_first_and_its_consequences_are_not_listed(
    data_copy, capsys, file, old, new, cause
):
    path = data_copy / file
    text = path.read_text(encoding="utf-8")
    path.write_text(new if old is None else text.replace(old, new, 1), encoding="utf-8")
    msgs = problems(data_copy)
    # Before: the 104 problems of the checks across files that lost a file's records came first
    # (channels.yaml:29: LU: ... expected 1 luo point ...), and the cause after them.
    assert len(msgs) == 2, msgs
    assert re.match(cause, msgs[0]), msgs
    assert msgs[1] == file + ":0" + NOT_CHECKED.format(file)
    with pytest.raises(meridian.DataError) as info:
        meridian.load(data_copy)
    assert str(info.value).startswith(f"invalid data: {msgs[0]}")
    assert main(["--data", str(data_copy), "point", "LI4"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"meridian: invalid data: {msgs[0][:60]}") and err.count("\n") == 1


def test_the_unparsed_file_comes_before_problems_of_the_files_before_it(edit):
    edit("channels.yaml", "  paired: LI\n", "  paired: 7\n")  # a schema problem, in a file read earlier
    folder = edit("points.yaml", "  number: 1\n", "  number: [1\n")
    msgs = problems(folder)
    assert [m.split(":")[0] for m in msgs] == ["points.yaml", "points.yaml", "channels.yaml"], msgs
    assert "(yaml): expected valid YAML" in msgs[0]
    assert msgs[1] == "points.yaml:0" + NOT_CHECKED.format("points.yaml")
    assert re.match(r"channels\.yaml:\d+: LU: paired: ", msgs[2]), msgs


def test_two_unparsed_files_are_both_named_before_the_line_that_says_what_was_not_checked(data_copy):
    (data_copy / "organs.yaml").write_text("[", encoding="utf-8")
    (data_copy / "vessels.yaml").unlink()
    msgs = problems(data_copy)
    assert [m.split(":")[0] for m in msgs] == ["organs.yaml", "vessels.yaml", "organs.yaml"], msgs
    assert msgs[2] == "organs.yaml:0" + NOT_CHECKED.format("organs.yaml, vessels.yaml")


def test_cli_validate_exit_codes(edit, capsys):
    assert main(["validate"]) == 0
    folder = edit("points.yaml", "level: T3\n", "level: T13\n")
    assert main(["validate", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert "location.level: expected a vertebral level" in out
    assert "1 problem(s)" in err
    assert main(["validate", str(folder / "nowhere")]) == 2


def test_edited_file_is_checked_again_despite_cache(data_copy, edit):
    meridian.load(data_copy)  # clean: cached
    edit("points.yaml", "level: T3\n", "level: T13\n")
    with pytest.raises(meridian.DataError):
        meridian.load(data_copy)


# -- the quick schema check agrees with jsonschema ---------------------------------------------

_PARSED = {stem: parse(SHIPPED_DIR / f"{stem}.yaml")[0].data for stem in DATA_FILES}
_ODD = [
    None,
    True,
    False,
    0,
    1,
    1.0,
    -1,
    2.5,
    -0.5,
    1e300,
    "",
    "x",
    "BL13",
    "T3",
    [],
    ["x"],
    [1, 1],
    {},
    {"x": 1},
]


def _schema(stem: str) -> str:
    return str(SHIPPED_DIR / "schema" / f"{stem}.schema.json")


def test_the_quick_check_passes_the_shipped_data():
    assert all(passes(stem, data) for stem, data in _PARSED.items())


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_the_quick_check_never_passes_what_jsonschema_refuses(data):
    """fastjsonschema (draft 7) reads the shipped schemas as jsonschema (2020-12) does: a record
    broken at any depth, in any way, that jsonschema refuses fails the quick check too (the other
    way round is harmless: jsonschema then runs, and finds nothing to report)."""
    stem = data.draw(st.sampled_from([s for s in DATA_FILES if _PARSED[s]]))
    record = copy.deepcopy(data.draw(st.sampled_from(_PARSED[stem])))
    node = record
    while True:  # walk down a random path, then break what is there
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        key = data.draw(st.sampled_from(keys))
        child = node[key]
        if isinstance(child, (dict, list)) and child and data.draw(st.booleans()):
            node = child
            continue
        how = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if how == "replace":
            node[key] = data.draw(st.sampled_from(_ODD))
        elif how == "delete" and isinstance(node, dict):
            del node[key]
        elif how == "add" and isinstance(node, dict):
            node["unknown_field"] = data.draw(st.sampled_from(_ODD))
        else:
            node.append(data.draw(st.sampled_from(_ODD)))
        break
    refused = list(_validator(_schema(stem)).iter_errors([record]))
    assert not (refused and passes(stem, [record])), refused[:1]
