"""Claims about the shipped data, checked over every record."""

from __future__ import annotations

import json
from collections import Counter

import pytest

import meridian
from meridian.atlas.loader import normalize_name
from meridian.model import LEVELS

BACK_SHU = {
    "BL13": ("lung", "T3"),
    "BL14": ("pericardium", "T4"),
    "BL15": ("heart", "T5"),
    "BL16": ("governor_vessel", "T6"),
    "BL17": ("diaphragm", "T7"),
    "BL18": ("liver", "T9"),
    "BL19": ("gallbladder", "T10"),
    "BL20": ("spleen", "T11"),
    "BL21": ("stomach", "T12"),
    "BL22": ("san_jiao", "L1"),
    "BL23": ("kidney", "L2"),
    "BL24": ("sea_of_qi", "L3"),
    "BL25": ("large_intestine", "L4"),
    "BL26": ("gate_of_origin", "L5"),
    "BL27": ("small_intestine", "S1"),
    "BL28": ("bladder", "S2"),
}
FRONT_MU = {
    "LU1": "lung",
    "CV17": "pericardium",
    "CV14": "heart",
    "LR14": "liver",
    "GB24": "gallbladder",
    "LR13": "spleen",
    "CV12": "stomach",
    "CV5": "san_jiao",
    "GB25": "kidney",
    "ST25": "large_intestine",
    "CV4": "small_intestine",
    "CV3": "bladder",
}
SPIRIT = {"BL42": "lung", "BL44": "heart", "BL47": "liver", "BL49": "spleen", "BL52": "kidney"}
GV_LEVELS = {
    "GV3": "L4",
    "GV4": "L2",
    "GV5": "L1",
    "GV6": "T11",
    "GV7": "T10",
    "GV8": "T9",
    "GV9": "T7",
    "GV10": "T6",
    "GV11": "T5",
    "GV12": "T3",
    "GV13": "T1",
    "GV14": "C7",
    "GV15": "C1",
}


@pytest.fixture(scope="module")
def points(atlas):
    return {p.code: p for p in atlas.points}


def test_bladder_and_governor_are_complete_and_in_order(atlas):
    for channel, count in (("BL", 67), ("GV", 28)):
        numbers = [p.number for p in atlas.points if p.channel == channel]
        assert numbers == list(range(1, count + 1))


def test_the_fourteen_channels_hold_361_points(atlas):
    counts = [c.point_count for c in atlas.channels if c.kind != "extra"]
    assert len(counts) == 14 and sum(counts) == 361


def test_extra_and_front_mu_points_are_present(points):
    for code in [*FRONT_MU, "EX-B2", "EX-HN3"]:
        assert code in points


@pytest.mark.parametrize("code", sorted(BACK_SHU))
def test_back_shu_points(points, code):
    organ, level = BACK_SHU[code]
    p = points[code]
    assert p.location.level == level and p.location.lateral_cun == 1.5
    assert {(r.organ, r.relation) for r in p.organs} == {(organ, "back-shu")}
    assert any(c.kind == "back-shu" and c.organ == organ for c in p.categories)


def test_only_the_back_shu_points_are_back_shu(atlas):
    found = {p.code for p in atlas.points for r in p.organs if r.relation == "back-shu"}
    assert found == set(BACK_SHU)


@pytest.mark.parametrize("code", sorted(FRONT_MU))
def test_front_mu_points(points, code):
    assert {(r.organ, r.relation) for r in points[code].organs} == {(FRONT_MU[code], "front-mu")}


def test_outer_line_spirit_points(atlas, points):
    found = {p.code: r.organ for p in atlas.points for r in p.organs if r.relation == "spirit"}
    assert found == SPIRIT
    for code in SPIRIT:
        assert points[code].location.lateral_cun == 3


def test_outer_line_shares_levels_with_inner_line(points):
    # BL41-BL52 sit 3 cun out, level with BL12-BL23 (skipping none: the inner line has no T8 point)
    for outer, inner in zip(range(41, 53), [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23], strict=True):
        o, i = points[f"BL{outer}"], points[f"BL{inner}"]
        assert o.location.level == i.location.level, (o.code, i.code)
        assert o.location.lateral_cun == 3.0


def test_governor_levels(points):
    for code, level in GV_LEVELS.items():
        p = points[code]
        assert p.location.level == level and p.location.lateral_cun == 0 and p.location.side == "midline"


def test_jiaji_spans_t1_to_l5(points):
    loc = points["EX-B2"].location
    assert loc.levels[0] == "T1" and loc.levels[-1] == "L5" and len(loc.levels) == 17
    assert loc.lateral_cun == 0.5


def test_every_point_has_two_sources_and_names_in_every_script(atlas):
    for p in atlas.points:
        assert len(p.sources) >= 2, p.code
        assert normalize_name(p.pinyin_tones) == p.pinyin.casefold(), p.code
        assert len(p.hanzi) == len(p.hanzi_simplified), p.code
        assert p.english and p.location.text


def test_location_sentences_are_our_own_and_distinct(atlas):
    texts = Counter(p.location.text for p in atlas.points)
    assert texts.most_common(1)[0][1] == 1


def test_thoracic_back_points_carry_a_pneumothorax_caution(atlas):
    thoracic = {lv for lv in LEVELS if lv.startswith("T")}
    for p in atlas.points:
        if p.channel == "BL" and p.location.level in thoracic:
            assert "pneumothorax" in {c.flag for c in p.cautions}, p.code
    assert "pneumothorax" in {c.flag for c in next(p for p in atlas.points if p.code == "LU1").cautions}


def test_pregnancy_cautions(points):
    for code in ("BL60", "BL67", "BL31", "BL32", "BL33", "BL34"):
        assert "pregnancy" in {c.flag for c in points[code].cautions}, code


def test_known_naming_differences(points):
    assert points["BL2"].pinyin == "Cuanzhu" and "Zanzhu" in points["BL2"].aliases
    assert points["BL4"].pinyin == "Qucha" and "Quchai" in points["BL4"].aliases
    assert points["BL43"].pinyin == "Gaohuang" and "Gaohuangshu" in points["BL43"].aliases
    assert points["GV26"].pinyin == "Shuigou" and "Renzhong" in points["GV26"].aliases
    assert points["CV17"].pinyin == "Danzhong"
    assert {"Shanzhong", "Tanzhong"} <= set(points["CV17"].aliases)
    assert points["BL13"].hanzi == "肺俞" and "肺兪" in points["BL13"].aliases


def test_old_bladder_numbering(points):
    old = {p.other_codes[0].code: code for code, p in points.items() if p.other_codes and p.channel == "BL"}
    assert old["BL54"] == "BL40" and old["BL36"] == "BL41" and old["BL49"] == "BL54" and old["BL50"] == "BL36"
    assert len(old) == 19  # BL36-BL54 all moved
    assert all(c.system == "pre-WHO" for p in points.values() if p.channel == "BL" for c in p.other_codes)


def test_yintang_is_gv29_in_the_chinese_standard(points):
    (code,) = points["EX-HN3"].other_codes
    assert code.code == "GV29" and code.system == "GB/T 12346-2006"


def test_shipped_data_matches_its_json_schema():
    """The committed schemas accept the shipped data when read by a standard validator."""
    import yaml
    from jsonschema import Draft202012Validator

    folder = meridian.default_data_dir()
    for stem in ("sources", "organs", "channels", "points"):
        schema = json.loads((folder / "schema" / f"{stem}.schema.json").read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        data = yaml.safe_load((folder / f"{stem}.yaml").read_text(encoding="utf-8"))
        assert list(Draft202012Validator(schema).iter_errors(data)) == []


def test_every_data_file_points_editors_at_its_schema():
    folder = meridian.default_data_dir()
    for stem in ("sources", "organs", "channels", "points"):
        first = (folder / f"{stem}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=schema/{stem}.schema.json"
