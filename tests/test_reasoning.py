"""From a tender spot to the imbalance it suggests: spots, findings, locate, suggest."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meridian import UsageError
from meridian.cli import main
from meridian.clinic.reasoning import DISCLAIMER, Spot, locate, nearest, parse_finding, parse_spot, suggest
from meridian.model import LEVELS


def codes(points):
    return [p["code"] for p in points]


def organs(result):
    return [i["organ"] for i in result["imbalances"]]


# -- parsing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spot"),
    [
        ("T3", Spot("T3", 0.0, None)),
        ("t3:1.5:l", Spot("T3", 1.5, "L")),
        ("T5:3:R", Spot("T5", 3.0, "R")),
        (" c7 ", Spot("C7", 0.0, None)),
        ("S4:1.5", Spot("S4", 1.5, None)),
        ("T3.5:1.5", Spot("T3", 1.5, None, 0.5)),
        ("T3:0:L", Spot("T3", 0.0, None)),
    ],
)
def test_parse_spot(text, spot):
    assert parse_spot(text) == spot


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("T13", "unknown level 'T13'"),
        ("T0", "unknown level"),
        ("X3", "unknown level"),
        ("T3:abc", "bad distance 'abc'"),
        ("T3:-1", "bad distance '-1'"),
        ("T3:nan", "bad distance 'nan'"),
        ("T3:13", "bad distance '13'"),
        ("T3:1.5:Q", "bad side 'Q'"),
        ("", "empty spot"),
        ("T3:1:L:x", "too many parts"),
        ("S4.5", "no level below S4"),
    ],
)
def test_bad_spots_say_what_is_allowed(text, says):
    with pytest.raises(UsageError) as info:
        parse_spot(text)
    message = str(info.value)
    assert says in message and "\n" not in message


def test_parse_finding_forms():
    assert parse_finding("T3:1.5:L").kind == "tender"
    assert str(parse_finding("T3:1.5:L@Nodule")) == "T3:1.5:L@nodule"
    assert parse_finding("lu1").point == "LU1" and parse_finding("CV17@tender").point == "CV17"
    assert parse_finding("ub 13@pain").point == "UB13"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20))
def test_random_text_either_parses_or_says_why(text):
    try:
        spot = parse_spot(text)
    except UsageError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert spot.level in LEVELS and 0 <= spot.cun <= 12 and spot.side in (None, "L", "R")
        assert parse_spot(str(spot)) == spot  # the canonical form reads back


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(LEVELS), st.floats(0, 12, allow_nan=False), st.sampled_from([None, "L", "R"]))
def test_spot_round_trip(level, cun, side):
    cun = round(cun, 2)
    if side and cun == 0:
        side = None
    spot = Spot(level, cun, side)
    assert parse_spot(str(spot)) == spot


# -- locate -------------------------------------------------------------------------------------


def test_every_line_at_t3_is_reachable(G):
    assert codes(locate(G, "T3")) == ["GV12", "EX-B2"]
    assert codes(locate(G, "T3:0.5")) == ["EX-B2", "GV12"]
    assert codes(locate(G, "T3:1.5:L")) == ["BL13"]
    assert codes(locate(G, "T3:3:R")) == ["BL42"]


def test_spots_between_levels_or_off_a_line_still_find_their_point(G):
    near = locate(G, "T3.4:1.8:L")
    assert codes(near) == ["BL13"] and near[0]["distance_cun"] == pytest.approx(0.5)
    assert codes(locate(G, "T2.6:1.5")) == ["BL13"]
    assert codes(locate(G, "T3:2.25")) == ["BL13", "BL42"]  # equally far: channel order
    assert locate(G, "T3:2.3")[0]["code"] == "BL42"  # a little nearer the outer line


def test_nearest_first(G):
    dist = [p["distance_cun"] for p in locate(G, "T3.3:0.4")]
    assert dist == sorted(dist) and len(dist) == 2


def test_jiaji_reports_the_level_it_matched(G):
    (jiaji,) = [p for p in locate(G, "L4:0.5") if p["code"] == "EX-B2"]
    assert jiaji["level"] == "L4" and jiaji["distance_cun"] == 0


def test_sacral_foramen_points(G):
    assert "BL32" in codes(locate(G, "S2:1"))
    assert "BL32" not in codes(locate(G, "S2:3"))


def test_t8_on_the_inner_line_is_the_extra_point_weiwanxiashu(G):
    # No Bladder point lies at T8; the extra point EX-B3 does, 1.5 cun out.
    assert codes(locate(G, "T8:1.5")) == ["EX-B3"]
    assert locate(G, "T8:3") == []


def test_locate_result_fields(G):
    (bl13,) = locate(G, "T3:1.5:L")
    assert bl13["side"] == "left" and bl13["organs"] == [{"organ": "lung", "relation": "back-shu"}]
    assert "pneumothorax" in bl13["cautions"]


# -- suggest ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "organ"),
    [("T3", "lung"), ("T4", "pericardium"), ("T5", "heart"), ("T9", "liver"), ("L2", "kidney")],
)
def test_back_shu_rule(G, level, organ):
    for spot in (f"{level}:1.5:L", f"{level}:1.5:R", f"{level}:1.5"):
        result = suggest(G, [spot])
        assert organs(result)[0] == organ
        assert result["imbalances"][0]["evidence"][0]["relation"] == "back-shu"


def test_upper_back_as_the_source_material_reads_it(G):
    # Governor points at those levels support the same organs, through the back-shu point beside them.
    for level, gv, organ, bl in (("T3", "GV12", "lung", "BL13"), ("T5", "GV11", "heart", "BL15")):
        result = suggest(G, [level])
        top = result["imbalances"][0]
        assert top["organ"] == organ
        assert top["evidence"][0] == {
            "finding": level,
            "kind": "tender",
            "point": gv,
            "relation": "same-level",
            "via": bl,
            "distance_cun": 0.0,
            "weight": 0.3,
            "why": f"{gv} {G.nodes['point:' + gv]['pinyin']} lies level with {bl} "
            f"{G.nodes['point:' + bl]['pinyin']}, the back-shu point of the {organ}",
        }
    # Outer line points are supporting evidence: weaker than the back-shu point.
    inner = suggest(G, ["T4:1.5:L"])["imbalances"][0]
    outer = suggest(G, ["T4:3:L"])["imbalances"][0]
    assert inner["organ"] == outer["organ"] == "pericardium"
    assert outer["score"] < inner["score"]
    assert outer["evidence"][0]["point"] == "BL43" and outer["evidence"][0]["relation"] == "same-level"


def test_findings_on_one_organ_add_up(G):
    one = suggest(G, ["T3:1.5:L"])["imbalances"][0]["score"]
    both_sides = suggest(G, ["T3:1.5:L", "T3:1.5:R"])["imbalances"][0]["score"]
    with_outer = suggest(G, ["T3:1.5:L", "T3:3:L"])["imbalances"][0]["score"]
    with_mu = suggest(G, ["T3:1.5:L", "LU1"])["imbalances"][0]["score"]
    assert both_sides == pytest.approx(2 * one)
    assert one < with_outer < with_mu < both_sides


def test_one_finding_counts_once_per_organ(G):
    # T3 on the midline reaches GV12 and Jiaji, both level with BL13: the stronger path counts.
    result = suggest(G, ["T3"])
    lung = result["imbalances"][0]
    assert len(lung["evidence"]) == 2 and lung["score"] == lung["evidence"][0]["weight"]


def test_ranking_strongest_first(G):
    result = suggest(G, ["T5:1.5:L", "T3:1.5:L", "T3:1.5:R", "T3:3:L"])
    assert organs(result) == ["lung", "heart"]
    scores = [i["score"] for i in result["imbalances"]]
    assert scores == sorted(scores, reverse=True)


def test_front_mu_given_by_code(G):
    result = suggest(G, ["CV17@tender"])
    assert organs(result) == ["pericardium"]
    assert result["imbalances"][0]["evidence"][0]["relation"] == "front-mu"


def test_kind_natures_come_from_data(G):
    assert suggest(G, ["T3:1.5@depression"])["imbalances"][0]["suggests"] == ["deficiency"]
    assert suggest(G, ["T3:1.5@warm"])["imbalances"][0]["suggests"] == ["heat"]


def test_techniques_carry_the_cautions_at_the_spot(G):
    (lung,) = suggest(G, ["T3:1.5:L"])["imbalances"]
    techniques = {t["id"]: t for t in lung["techniques"]}
    assert set(techniques) == {"tuina", "guasha_cupping", "acupuncture", "electroacupuncture"}
    assert [c["flag"] for c in techniques["acupuncture"]["cautions"]] == ["pneumothorax"]
    assert techniques["tuina"]["cautions"] == []


def test_flags_come_with_the_suggestion(G):
    result = suggest(G, ["T3:1.5"], symptoms=["weight loss"], days=1)
    assert [f["id"] for f in result["red_flags"]] == ["cancer", "new_symptoms"]
    assert result["red_flags"][1]["matched"] == ["weight loss"]
    assert result["disclaimer"] == DISCLAIMER
    assert "suggests" in DISCLAIMER and "does not diagnose" in DISCLAIMER


def test_an_emergency_withholds_every_technique_but_keeps_the_reading(G):
    result = suggest(
        G,
        ["T5:1.5:L", "T3:1.5:R"],
        symptoms=["crushing chest pain", "shortness of breath", "pain into left arm and jaw", "sweating"],
    )
    assert result["red_flags"][0]["id"] == "heart_attack" and result["treatment_withheld"]
    assert result["red_flags"][0]["matched"] == ["crushing chest pain", "pain into left arm and jaw"]
    assert [f["id"] for f in result["red_flags"]] == ["heart_attack", "breathing"]
    assert {i["organ"] for i in result["imbalances"]} == {"heart", "lung"}
    assert all(i["withheld"] and i["techniques"] == [] for i in result["imbalances"])
    assert result["check_next"] == []


def test_see_doctor_flags_keep_the_techniques(G):
    result = suggest(G, ["T3:1.5:L"], symptoms=["pain at night"])
    assert [f["urgency"] for f in result["red_flags"]] == ["see-doctor"]
    assert not result["treatment_withheld"] and result["imbalances"][0]["techniques"]


def test_every_finding_shows_the_points_it_reached(G):
    result = suggest(G, ["T2:1.5:R", "T1:1.5:L", "C7"])
    assert [f["points"] for f in result["findings"]] == [["BL12"], ["BL11"], ["GV14", "EX-B1"]]
    bl11 = result["findings"][1]["reached"][0]
    assert bl11["pinyin"] == "Dazhu" and "hui (bone)" in bl11["categories"]


def test_a_spot_with_no_point_names_the_nearest_with_direction(G):
    (finding,) = suggest(G, ["T2:5:L"])["findings"]
    assert finding["points"] == [] and "beyond the outer Bladder line" in finding["note"]
    first = finding["nearest"][0]
    assert first["code"] == "BL41" and first["direction"] == "2 cun nearer the midline"
    (finding,) = suggest(G, ["T8:3"])["findings"]
    assert [(p["code"], p["direction"]) for p in finding["nearest"][:2]] == [
        ("BL46", "1 level above"),
        ("BL47", "1 level below"),
    ]
    assert [p["distance_cun"] for p in nearest(G, "T2:5:L")] == sorted(
        p["distance_cun"] for p in nearest(G, "T2:5:L")
    )


def test_structures_are_not_ranked_as_organ_imbalances(G):
    result = suggest(G, ["T7:1.5:L"])
    assert "diaphragm" not in organs(result)
    assert [s["organ"] for s in result["structures"]] == ["diaphragm"]
    assert (
        result["structures"][0]["evidence"][0]["why"] == "BL17 Geshu is the back-shu point of the diaphragm"
    )
    assert "hui (blood)" in result["findings"][0]["reached"][0]["categories"]


def test_explanations_use_human_names_and_say_how_the_score_adds_up(G):
    result = suggest(G, ["T3:1.5:L@tender", "T3:3:L"])
    lung = result["imbalances"][0]
    assert lung["score_text"] == "1.6 = 1 (tender at T3:1.5:L, via BL13) + 0.6 (tender at T3:3:L, via BL42)"
    assert result["relations"]["back-shu"].startswith("The point on the back")
    assert result["findings"][0]["meaning"] == G.graph["finding_kinds"]["tender"].text
    for text in [e["why"] for e in lung["evidence"]]:
        assert "_" not in text


def test_relieved_soreness_reads_as_deficiency(G):
    result = suggest(G, ["T3:1.5:L@relieved"])
    assert result["imbalances"][0]["suggests"] == ["deficiency"]


def test_check_next_names_front_mu_other_side_and_the_midline_points(G):
    steps = suggest(G, ["T3:1.5:L"])["check_next"]
    assert steps == [
        "Palpate LU1 Zhongfu, the front-mu point of the lung, to confirm the reading.",
        "Compare the same spot on the other side (T3:1.5:R).",
        "Feel the Governor and Jiaji points at T3: GV12, EX-B2.",
    ]


@pytest.mark.parametrize("name", ["Feishu", "fei shu", "肺俞", "BL-13", "ub13"])
def test_a_point_name_is_a_finding_too(G, name):
    result = suggest(G, [f"{name}@nodule"])
    assert result["findings"][0]["points"] == ["BL13"] and result["findings"][0]["where"] == "BL13"
    assert organs(result) == ["lung"]


def test_bad_input(G):
    for findings, says in (
        ([], "no findings"),
        (["T3@itchy"], "unknown finding kind 'itchy'"),
        (["XX9"], "unknown point 'XX9'"),
        (["Feishoo"], "did you mean Feishu"),
    ):
        with pytest.raises(UsageError, match=says):
            suggest(G, findings)
    with pytest.raises(UsageError, match="bad number of days"):
        suggest(G, ["T3"], days=-1)
    with pytest.raises(UsageError, match="bad age"):
        suggest(G, ["T3"], age=200)
    with pytest.raises(UsageError, match="empty symptom"):
        suggest(G, ["T3"], symptoms=["  "])


def test_same_input_same_output(G):
    args = (["T5:1.5:L@nodule", "T3", "CV17", "T4:3:R@cold"],)
    assert json.dumps(suggest(G, *args)) == json.dumps(suggest(G, *args))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(LEVELS),
            st.sampled_from([0, 0.5, 1.5, 3, 1, 2.2]),
            st.sampled_from(["tender", "nodule", "cold"]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_suggest_invariants(findings):
    from meridian import build_graph

    G = build_graph()
    texts = [f"{lv}:{cun}@{kind}" for lv, cun, kind in findings]
    result = suggest(G, texts)
    scores = [i["score"] for i in result["imbalances"]]
    assert scores == sorted(scores, reverse=True)
    for imbalance in result["imbalances"]:
        assert imbalance["evidence"] and imbalance["score"] > 0
        for e in imbalance["evidence"]:
            assert e["finding"] in {t.split("@")[0] for t in texts} | {
                str(parse_spot(t.split("@")[0])) for t in texts
            }


# -- command line -------------------------------------------------------------------------------


def test_cli_locate_json(capsys):
    assert main(["locate", "T3:1.5:L", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["spot"] == "T3:1.5:L" and data["points"][0]["code"] == "BL13"
    assert data["points"][0]["distance_cun"] == 0


def test_cli_locate_nothing_found_exits_1(capsys):
    assert main(["locate", "T8:3"]) == 1
    assert "no points" in capsys.readouterr().err


def test_cli_suggest_json_contract(capsys):
    assert (
        main(["suggest", "T3:1.5:L", "T3:3:L@nodule", "--symptom", "tingling", "--symptom", "stiff neck",
              "--days", "2", "--age", "40", "--json"]) == 0
    )  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert {"findings", "red_flags", "imbalances", "disclaimer", "unrecognised"} <= set(data)
    assert data["red_flags"] == [
        {"id": "numbness", "text": "Numbness, tingling or pins and needles in the arms or legs",
         "urgency": "see-doctor", "action": "See a doctor for an assessment before any treatment.",
         "matched": ["tingling"]}
    ]  # fmt: skip
    assert data["unrecognised"] == [] and not data["emergency"]
    assert data["ask"] == [{"id": "meningitis", "symptom": "stiff neck", "ask": "a fever"}]
    lung = data["imbalances"][0]
    assert lung["organ"] == "lung" and lung["score"] == 1.6
    assert (
        lung["evidence"][0].items()
        >= {"finding": "T3:1.5:L", "point": "BL13", "relation": "back-shu"}.items()
    )


def test_cli_suggest_emergency_block_comes_first_and_withholds_techniques(capsys):
    argv = ["suggest", "T5:1.5:L", "--symptom", "crushing chest pain", "--symptom", "shortness of breath",
            "--symptom", "pain into left arm and jaw", "--symptom", "sweating"]  # fmt: skip
    assert main(argv) == 3  # an emergency: a script can stop on it
    out = capsys.readouterr().out
    assert out.startswith("EMERGENCY: STOP. Get emergency care now; do not treat.")
    assert "Call emergency services now" in out
    assert "Tuina" not in out and "techniques: withheld until the person has been medically assessed" in out
    assert out.index("EMERGENCY") < out.index("1. Heart")


def test_cli_suggest_readable_report_puts_flags_first(capsys):
    assert main(["suggest", "T3:1.5:L", "--symptom", "fever", "--symptom", "a sore knee"]) == 0
    out = capsys.readouterr().out
    assert out.index("SEE A DOCTOR FIRST") < out.index("1. Lung")
    assert "NOT SCREENED (not understood; check these yourself for warning signs): 'a sore knee'" in out
    assert "BL13 Feishu is the back-shu point of the lung" in out and "CAUTION BL13 [pneumothorax]" in out
    assert out.rstrip().endswith(DISCLAIMER)
    assert "san_jiao" not in out and "governor_vessel" not in out


def test_cli_suggest_nothing_reached_exits_1_with_a_line_and_the_nearest(capsys):
    assert main(["suggest", "T2:6:L"]) == 1
    captured = capsys.readouterr()
    assert "Nearest: SI11 Tianzong (2 levels below, 1.5 cun nearer the midline); BL41 Fufen" in captured.out
    assert captured.err.startswith("meridian: ") and captured.err.count("\n") == 1


@pytest.mark.parametrize("bad", ["T13", "T3:abc", "T3:1.5:Q", "", "T3@itchy", "T3@", "@", "XX1"])
def test_cli_bad_input_exits_2_with_one_line(capsys, bad):
    assert main(["suggest", bad]) == 2
    err = capsys.readouterr().err
    assert err.startswith("meridian: ") and err.count("\n") == 1


@pytest.mark.parametrize(
    "option", [["--days", "soon"], ["--age", "-3"], ["--age", "old"], ["--age", "9" * 5000]]
)
def test_cli_bad_days_or_age(capsys, option):
    with pytest.raises(SystemExit) as info:
        main(["suggest", "T3", *option])
    assert info.value.code == 2 and capsys.readouterr().err.count("\n") == 1


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=12).filter(lambda s: not s.startswith("-")), min_size=1, max_size=3))
def test_cli_never_crashes_on_random_findings(texts):
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["suggest", *texts])
    assert code in (0, 1, 2, 3)
    if code == 2:
        assert err.getvalue().count("\n") == 1


def test_the_report_never_reads_silence_as_an_all_clear(capsys):
    assert main(["suggest", "T3:1.5:L"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("No symptoms were given, so none was screened")
    assert main(["suggest", "T3:1.5:L", "--symptom", "no fever"]) == 0
    assert capsys.readouterr().out.startswith(
        "No warning sign among what was read.\nRead as not about the person now: 'no fever' (negated)."
    )
    assert main(["suggest", "T3:1.5:L", "--symptom", "no fever", "--symptom", "odd feeling"]) == 0
    out = capsys.readouterr().out
    assert "No warning sign" not in out and "NOT SCREENED" in out


def test_a_point_reaches_each_other_organ_once_through_its_first_back_shu_point():
    """Many back-shu points of one organ at a level (a larger atlas) still give one path each."""
    from meridian.clinic.reasoning import _paths
    from meridian.graph.core import LightGraph

    G = LightGraph()
    G.add_node("level:T3", kind="level")
    for organ in ("lung", "heart"):
        G.add_node(f"organ:{organ}", kind="organ")
    for code, organ in (("A1", "lung"), ("A2", "lung"), ("B1", "heart"), ("X1", None)):
        G.add_node(f"point:{code}", kind="point", code=code)
        G.add_edge(f"point:{code}", "level:T3", key="at_level")
        if organ:
            G.add_edge(f"point:{code}", f"organ:{organ}", key="back_shu_of", relation="back-shu")
    assert _paths(G, "X1", "T3") == [("lung", "same-level", "A1"), ("heart", "same-level", "B1")]
    assert _paths(G, "A2", "T3") == [("lung", "back-shu", None), ("heart", "same-level", "B1")]
    assert _paths(G, "X1", None) == []
