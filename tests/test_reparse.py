"""Reading a data file again after an edit: only the changed records are parsed, and what comes
out is always what parsing the whole file gives, or the whole file is parsed."""

from __future__ import annotations

import marshal

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import meridian
from meridian.atlas import cache, reparse
from meridian.atlas import loader as io
from meridian.atlas.read import parse_text
from meridian.atlas.reparse import Memo, records

SHIPPED_POINTS = (meridian.default_data_dir() / "points.yaml").read_text(encoding="utf-8")


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("MERIDIAN_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The texts parsed alone, record by record, as the memo reads."""
    seen: list[str] = []

    def counting(name, text):
        seen.append(text)
        return parse_text(name, text)

    monkeypatch.setattr(reparse, "parse_text", counting)
    return seen


def _whole(text: str):
    """What parsing the whole text gives: its records, or None for a text with any problem."""
    parsed, problems = parse_text("points.yaml", text)
    return None if parsed is None or problems else parsed.data


def _learned(text: str) -> Memo:
    memo = Memo({})
    memo.learn("points", text, _whole(text))
    return Memo(memo.now)


# -- what a practitioner editing the data sees --------------------------------------------------


def test_an_edit_parses_only_the_edited_record(edit, own_cache, parses):
    folder = edit("points.yaml", "english: Lung Shu", "english: Lung Shu")
    assert io.validate(folder) == [] and parses == []  # first read: parsed whole, remembered
    edit("points.yaml", "english: Lung Shu", "english: Lung Transport")
    assert io.validate(folder) == []
    assert len(parses) == 1 and parses[0].startswith("- code: BL13\n")
    bl13 = next(p for p in meridian.load(folder).points if p.code == "BL13")
    assert bl13.english == "Lung Transport"


def test_a_problem_after_an_edit_is_reported_on_its_line(edit, own_cache, monkeypatch):
    folder = edit("points.yaml", "english: Lung Shu", "english: Lung Shu")
    assert io.validate(folder) == []
    edit("points.yaml", "level: T3", "level: T13")
    remembered = io.validate(folder)
    monkeypatch.setenv("MERIDIAN_NO_CACHE", "1")
    whole = io.validate(folder)
    assert remembered == whole and [(p.record, p.field) for p in whole] == [("BL13", "location.level")]
    text = (folder / "points.yaml").read_text(encoding="utf-8").splitlines()
    assert text[whole[0].line - 1].strip() == "level: T13"


def test_a_memo_from_other_code_or_damaged_is_not_used(edit, own_cache, parses, monkeypatch):
    folder = edit("points.yaml", "english: Lung Shu", "english: Lung Shu")
    io.validate(folder)
    entry = own_cache / f"{meridian.atlas.cache.PREFIX}records.memo"
    stored = marshal.loads(entry.read_bytes().split(b"\n", 1)[1])
    assert "points" in stored["stems"] and set(stored["stems"]) <= set(meridian.atlas.loader.DATA_FILES)
    monkeypatch.setattr(reparse, "_stamp", lambda: "another meridian")
    edit("points.yaml", "english: Lung Shu", "english: Lung Shoe")
    assert io.validate(folder) == [] and parses == []  # nothing reused: parsed whole
    entry.write_bytes(entry.read_bytes()[:-10] + b"0123456789")
    edit("points.yaml", "english: Lung Shoe", "english: Lung Show")
    assert io.validate(folder) == [] and parses == []
    assert next(p for p in meridian.load(folder).points if p.code == "BL13").english == "Lung Show"


def test_without_a_cache_nothing_is_remembered(edit, own_cache, monkeypatch, parses):
    monkeypatch.setenv("MERIDIAN_NO_CACHE", "1")
    folder = edit("points.yaml", "english: Lung Shu", "english: Lung Transport")
    assert io.validate(folder) == [] and parses == [] and not own_cache.exists()


def test_a_cold_load_reads_every_record(edit, own_cache, parses):
    folder = edit("points.yaml", "english: Lung Shu", "english: Lung Shu")
    io.validate(folder)
    edit("points.yaml", "english: Lung Shu", "english: Lung Transport")
    atlas = meridian.load(folder, cache=False)
    assert parses == [] and next(p for p in atlas.points if p.code == "BL13").english == "Lung Transport"


# -- cutting the text ---------------------------------------------------------------------------


def test_the_shipped_points_cut_into_their_records():
    parts = records(SHIPPED_POINTS)
    assert parts is not None and len(parts) == len(_whole(SHIPPED_POINTS))
    assert "".join(parts) == SHIPPED_POINTS[SHIPPED_POINTS.index("\n- ") + 1 :]


@pytest.mark.parametrize(
    "text",
    [
        "%YAML 1.1\n---\n- a: 1\n",
        "--- \n- a: 1\n",
        "- a: 1\n...\n",
        "key: value\n- a: 1\n",
        "  - a: 1\n  - b: 2\n",
        "[1, 2]\n",
        "",
    ],
)
def test_texts_that_cannot_be_cut_are_parsed_whole(text):
    assert records(text) is None
    assert Memo({}).read("points", text) is None


@pytest.mark.parametrize(
    "text",
    [
        '- a: "one\n- b: two"\n- c: 3\n',  # a quote left open across a cut
        "- a: [1,\n- 2]\n- c: 3\n",  # a bracket left open across a cut
        "- a: &x 1\n- b: *x\n",  # an alias to another record
        "- a: 1\n  a: 2\n- b: 3\n",  # a key written twice
        "- a: .nan\n- b: 1\n",
        "- !!python/object:os.system {}\n- b: 1\n",
    ],
)
def test_a_record_that_does_not_parse_alone_is_parsed_whole(text):
    memo = Memo({})
    memo.alone = 1  # parse every record alone
    assert memo.read("points", text) is None


def test_a_file_with_one_record_per_cut_teaches_the_memo():
    text = "# header\n\n- a: |\n    block\n    - not a record\n- b: 'x'\n# a comment\n- c: [1, 2]\n"
    memo = _learned(text)
    assert memo.read("points", text) == yaml.safe_load(text) and memo.parsed == 0


def test_a_whole_parse_with_fewer_records_than_cuts_teaches_nothing():
    text = '- a: "one\n- b: two"\n- c: 3\n'
    memo = Memo({})
    memo.learn("points", text, yaml.safe_load(text))
    assert memo.now == {}


def test_many_new_records_are_parsed_whole(parses):
    memo = _learned(SHIPPED_POINTS)
    parts = records(SHIPPED_POINTS)
    edited = "".join(p.replace("english: ", "english: x", 1) for p in parts)
    assert memo.read("points", edited) is None and parses == []


# -- whatever the text, the memo agrees with a whole parse ---------------------------------------

_LINES = st.sampled_from(
    [
        "- a: 1",
        "- b: two",
        "-",
        "  - nested",
        "- c: 'quoted",
        "  still quoted'",
        '- d: "open',
        '- e"',
        "- f: [1,",
        "- 2]",
        "  g: |",
        "    block",
        "- in block?",
        "  h: x",
        "  h: y",
        "# a comment",
        "",
        "- &anchor i",
        "- *anchor",
        "---",
        "key: value",
        "- j: .inf",
        "-\tk: tab",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINES, max_size=12), st.lists(_LINES, max_size=12), st.booleans())
def test_the_memo_gives_what_a_whole_parse_gives(before, after, alone):
    _agrees("\n".join(before) + "\n", "\n".join(after) + "\n", alone)


def _agrees(old: str, new: str, alone: bool) -> None:
    """After learning ``old``, reading ``new`` gives what a whole parse of it gives, or declines;
    and ``old`` itself, once learned, reads back as it was parsed."""
    memo = Memo({})
    data = _whole(old)
    if data is not None:
        memo.learn("points", old, data)
    learned = Memo(memo.now)
    if "points" in memo.now:
        assert learned.read("points", old) == data
    learned.alone = 1 if alone else learned.alone
    got = learned.read("points", new)
    if got is not None:
        assert got == _whole(new)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 408), min_size=1, max_size=6), st.sampled_from(["drop", "copy", "edit"]))
def test_edits_to_the_shipped_points_read_as_a_whole_parse_does(picks, how):
    memo = _learned(SHIPPED_POINTS)
    parts = records(SHIPPED_POINTS)
    for i in sorted(set(picks), reverse=True):
        if how == "drop":
            del parts[i]
        elif how == "copy":
            parts.insert(i, parts[i])
        else:
            parts[i] = parts[i].replace("english: ", "english: Edited ", 1)
    text = SHIPPED_POINTS[: SHIPPED_POINTS.index("\n- ") + 1] + "".join(parts)
    got = memo.read("points", text)
    assert got == _whole(text)
    assert memo.parsed == (len(set(picks)) if how == "edit" else 0)
    if how == "copy":  # two alike records are two objects: changing one leaves the other
        first = min(picks)
        assert got[first] == got[first + 1] and got[first] is not got[first + 1]


def test_the_memo_is_kept_for_the_next_read(own_cache):
    memo = Memo({})
    memo.learn("points", SHIPPED_POINTS, _whole(SHIPPED_POINTS))
    memo.save()
    assert Memo.load().read("points", SHIPPED_POINTS) == _whole(SHIPPED_POINTS)
    assert cache.get_memo("records") is not None


_CHARACTERS = st.text(alphabet=list("--  \n\n\n:'\"[]{}#|>ab\t?,&*!%.\\"), max_size=60)


@settings(max_examples=300, deadline=None)
@given(_CHARACTERS, _CHARACTERS)
def test_any_text_reads_as_a_whole_parse_does(old, new):
    _agrees(old, new, alone=True)
