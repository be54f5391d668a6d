"""The whole atlas: 14 channels, 361 points, 48 extra points, on a whole-body model in B-cun."""

from __future__ import annotations

import json

import pytest

import meridian
from meridian import UsageError
from meridian.cli import main
from meridian.graph.build import node_id
from meridian.query.location import distance, frame_data
from meridian.query.lookup import lookup, search

COUNTS = {"LU": 11, "LI": 20, "ST": 45, "SP": 21, "HT": 9, "SI": 19, "BL": 67, "KI": 27, "PC": 9,
          "TE": 23, "GB": 44, "LR": 14, "GV": 28, "CV": 24,
          "EX-HN": 15, "EX-CA": 1, "EX-B": 9, "EX-UE": 11, "EX-LE": 12}  # fmt: skip


@pytest.fixture(scope="module")
def G():
    return meridian.build_graph()


def test_every_channel_lists_all_its_points(G):
    for code, count in COUNTS.items():
        points = meridian.channel_data(G, code)["points"]
        assert [p["number"] for p in points] == list(range(1, count + 1)), code
    regular = sum(n for c, n in COUNTS.items() if not c.startswith("EX"))
    assert regular == 361 and sum(COUNTS.values()) == 409


def test_every_point_is_found_by_code_characters_and_tone_marked_pinyin(G):
    for _, data in G.nodes(data=True):
        if data["kind"] != "point":
            continue
        p = data["record"]
        for query in (p.code, p.code.lower(), p.hanzi, p.hanzi_simplified):
            assert lookup(G, query)["code"] == p.code, query
        try:
            assert lookup(G, p.pinyin_tones)["code"] == p.code
        except meridian.NotFoundError as exc:  # two points with the very same tones: characters decide
            assert any(s.endswith(f"({p.code})") for s in exc.suggestions)


@pytest.mark.parametrize(
    ("query", "code"),
    [("LI4", "LI4"), ("Hegu", "LI4"), ("ST36", "ST36"), ("SP6", "SP6"), ("PC6", "PC6"), ("LR3", "LR3"),
     ("KI3", "KI3"), ("HT7", "HT7"), ("GB20", "GB20"), ("Liv3", "LR3"), ("SJ5", "TE5"), ("Ren12", "CV12"),
     ("Kid1", "KI1"), ("MH6", "PC6"), ("F3", "LR3"), ("E36", "ST36"), ("RP6", "SP6"), ("VB20", "GB20"),
     ("GV29", "EX-HN3"), ("Yintang", "EX-HN3"), ("Taichong", "LR3"), ("合谷", "LI4")],
)  # fmt: skip
def test_a_practitioners_first_lookups(G, query, code):
    assert lookup(G, query)["code"] == code


def test_channels_by_code_alias_or_name(G):
    for text in (
        "LR",
        "Liv",
        "LV",
        "F",
        "Liver",
        "liver channel",
        "Zujueyin Ganjing",
        "Zújuéyīn Gānjīng",
        "足厥陰肝經",
        "足厥阴肝经",
    ):
        assert meridian.resolve_channel(G, text) == "LR", text
    with pytest.raises(meridian.NotFoundError, match="names more than one channel: LU or PC"):
        meridian.resolve_channel(G, "P")


def test_each_regular_channel_has_its_five_shu_yuan_luo_and_xi(G):
    yin = ["wood", "fire", "earth", "metal", "water"]
    yang = ["metal", "water", "wood", "fire", "earth"]
    for code in ("LU", "LI", "ST", "SP", "HT", "SI", "BL", "KI", "PC", "TE", "GB", "LR"):
        ch = G.nodes[node_id("channel", code)]
        points = meridian.channel_data(G, code)["points"]
        five = [c for p in points for c in p["categories"] if c["kind"] == "five-shu"]
        roles = ["jing-well", "ying-spring", "shu-stream", "jing-river", "he-sea"]
        assert sorted((roles.index(c["role"]), c["phase"]) for c in five) == list(
            enumerate(yin if ch["polarity"] == "yin" else yang)
        ), code
        for kind in ("yuan", "luo"):
            assert sum(c["kind"] == kind for p in points for c in p["categories"]) >= 1, (code, kind)


@pytest.mark.parametrize(
    ("category", "expected"),
    [("luo", 15), ("xi-cleft", 16), ("hui", 8), ("lower-he-sea", 6), ("confluent", 8), ("yuan", 12)],
)
def test_category_totals(G, category, expected):
    assert len(search(G, category=category)) == expected


@pytest.mark.parametrize(
    ("word", "first"),
    [("xi", "LU6"), ("mu", "LU1"), ("source", "LU9"), ("connecting", "LU7"), ("well", "LU11"),
     ("sea", "LU5"), ("stream", "LU9"), ("window", "LU3"), ("opening", "LU7")],
)  # fmt: skip
def test_practitioners_short_words_for_categories(G, word, first):
    assert search(G, category=word)[0]["code"] == first


def test_seas_are_the_four_seas_and_sea_the_he_sea_points(G):
    seas = {p["code"] for p in search(G, category="seas")}
    assert {"ST9", "ST30", "ST36", "ST37", "ST39", "BL11", "CV17", "GV20"} <= seas
    assert "LU5" not in seas
    assert {p["code"] for p in search(G, category="sea")} == {p["code"] for p in search(G, category="he-sea")}


def test_search_by_frame_needling_and_organ(G):
    assert {p["code"] for p in search(G, frame="leg_lateral", channel="ST")} >= {"ST36", "ST40", "ST41"}
    assert "CV8" in {p["code"] for p in search(G, needling="none")}
    assert {p["code"] for p in search(G, organ="stomach")} >= {"BL21", "CV12", "ST36"}


# WHO's own proportional statements, as separations in one frame (B-cun along the frame's axis).
WHO = [
    ("ST35", "ST36", 3), ("ST35", "ST37", 6), ("ST35", "ST39", 9), ("ST38", "ST41", 8),
    ("SP9", "SP8", 3), ("SP6", "SP7", 3), ("PC6", "PC7", 2), ("PC4", "PC7", 5), ("PC5", "PC7", 3),
    ("LU7", "LU9", 1.5), ("LU6", "LU9", 7), ("HT4", "HT7", 1.5), ("HT5", "HT7", 1), ("HT6", "HT7", 0.5),
    ("TE5", "TE4", 2), ("TE6", "TE4", 3), ("LI10", "LI11", 2), ("SI7", "SI5", 5), ("LR5", "LR6", 2),
    ("CV12", "CV8", 4), ("CV4", "CV8", 3), ("CV6", "CV8", 1.5), ("CV3", "CV8", 4), ("CV2", "CV8", 5),
    ("ST25", "ST28", 3), ("KI16", "KI11", 5), ("GV20", "GV24", 4.5), ("GB37", "GB39", 2),
    ("GB39", "GB38", 1), ("BL40", "BL55", 2), ("BL58", "BL59", 4),
]  # fmt: skip


@pytest.mark.parametrize(("a", "b", "along"), WHO)
def test_distance_agrees_with_who(G, a, b, along):
    d = distance(G, a, b)
    assert d["along_cun"] == along and d["unit"] == "cun"


def test_st36_is_three_sixteenths_of_the_way_from_st35_to_st41(G):
    assert distance(G, "ST35", "ST36")["along_cun"] / distance(G, "ST35", "ST41")["along_cun"] == 3 / 16


def test_distance_on_the_back_counts_levels_and_across_is_cun(G):
    d = distance(G, "BL13", "BL42")
    assert (d["frame"], d["along_cun"], d["across_cun"], d["unit"]) == ("back", 0.0, 1.5, "level")


def test_distance_between_frames_is_bad_input(G, capsys):
    with pytest.raises(UsageError, match="share no frame"):
        distance(G, "ST36", "LI4")
    assert main(["distance", "ST36", "LI4"]) == 2
    err = capsys.readouterr().err
    assert (
        err.startswith("meridian: ST36 (leg_lateral) and LI4 (hand_dorsal) share no frame")
        and err.count("\n") == 1
    )


def test_distance_cli_json_contract(capsys):
    assert main(["distance", "ST35", "Zusanli", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("from", "to", "frame", "along_cun", "across_cun")} == {
        "from": "ST35", "to": "ST36", "frame": "leg_lateral", "along_cun": 3.0, "across_cun": 0.0
    }  # fmt: skip


def test_point_json_keeps_every_key_and_gains_the_frame_and_needling(G):
    p = meridian.point_data(G, "ST36")
    assert {"region", "level", "level_to", "levels", "lateral_cun", "side", "text"} <= set(p["location"])
    assert (p["location"]["frame"], p["location"]["along"], p["location"]["estimated"]) == (
        "leg_lateral",
        3,
        False,
    )
    assert p["needling"]["angles"] and p["needling"]["depth_cun"][0] <= p["needling"]["depth_cun"][1]


def test_every_point_lies_inside_its_frame(G):
    bounds = {}
    for frame in meridian.load().frames:
        bounds[frame.id] = (frame.along.min, frame.along.max, frame.across.min, frame.across.max)
    for _, data in G.nodes(data=True):
        if data["kind"] == "point":
            loc = data["record"].location
            lo, hi, left, right = bounds[loc.frame]
            assert lo <= loc.along <= hi and left <= loc.across <= right, data["code"]


def test_frames_list_their_points_and_landmarks(G):
    leg = frame_data(G, "leg_lateral")
    assert "ST36" in leg["points"] and leg["along"]["cun"] == 16
    assert any(m["id"] == "lateral_malleolus" and m["along"] == 16 for m in leg["landmarks"])


def test_cautions_travel_with_points_over_the_thorax_and_in_pregnancy(G):
    thorax = {p["code"] for p in search(G, caution="pneumothorax")}
    assert {"LU1", "LU2", "ST13", "KI25", "SP20", "GB21", "BL13", "EX-B2"} <= thorax
    assert {"LI4", "SP6", "BL60", "BL67", "GB21"} <= {p["code"] for p in search(G, caution="pregnancy")}


# -- the graph ----------------------------------------------------------------------------------


def _edges(G, key):
    return {
        (G.nodes[u].get("code", u), G.nodes[v].get("code", v)) for u, v, k in G.edges(keys=True) if k == key
    }


def test_the_daily_cycle(G):
    cycle = _edges(G, "flows_to")
    order = ["LU", "LI", "ST", "SP", "HT", "SI", "BL", "KI", "PC", "TE", "GB", "LR"]
    for a, b in zip(order, order[1:] + order[:1], strict=True):
        assert (a, b) in cycle
    assert {("LU11", "LI1"), ("LI20", "ST1"), ("LR14", "LU1"), ("BL67", "KI1")} <= cycle


def test_luo_points_link_to_the_paired_channel(G):
    luo = _edges(G, "luo_to")
    assert {("LU7", "LI"), ("LI6", "LU"), ("ST40", "SP"), ("SP4", "ST"), ("PC6", "TE")} <= luo
    assert len(luo) == 13  # the twelve luo points, and the great luo of the spleen


def test_vessels_confluent_points_and_course(G):
    confluent = {(a, G.nodes[f"vessel:{v.split(':', 1)[-1]}"]["name"]) for a, v in _edges(G, "confluent_of")}
    assert len(confluent) == 8
    assert ("SP4", "Penetrating Vessel") in confluent and ("PC6", "Yin Linking Vessel") in confluent
    chong = {u for u, v, k in G.in_edges("vessel:chong", keys=True) if k == "on_vessel"}
    assert {"point:KI11", "point:KI21"} <= chong
    assert G.nodes["vessel:chong"]["confluent"] == "SP4"


def test_channels_carry_limb_polarity_and_organs_their_phase(G):
    assert (G.nodes["channel:LU"]["limb"], G.nodes["channel:LU"]["polarity"]) == ("hand", "yin")
    assert (G.nodes["channel:GB"]["limb"], G.nodes["channel:GB"]["polarity"]) == ("foot", "yang")
    assert G.nodes["organ:liver"]["phase"] == "wood" and G.nodes["organ:pericardium"]["phase"] == "fire"


def test_points_sit_in_their_frame_in_the_graph(G):
    ((_, frame, data),) = [
        (u, v, d) for u, v, k, d in G.out_edges("point:ST36", keys=True, data=True) if k == "in_frame"
    ]
    assert frame == "frame:leg_lateral" and data["along"] == 3


def test_a_channel_without_points_says_so(edit, capsys):
    folder = edit(
        "channels.yaml", "  point_count: 1\n  complete: true", "  point_count: 1\n  complete: false"
    )
    text = (folder / "points.yaml").read_text(encoding="utf-8")
    start = text.index("- code: EX-CA1")
    end = text.index("- code: EX-B1")
    (folder / "points.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    assert main(["--data", str(folder), "channel", "EX-CA"]) == 1
    assert "holds no points of EX-CA" in capsys.readouterr().err


def test_needling_no_two_references_give_is_not_recorded_rather_than_guessed(G, capsys):
    unrecorded = [p["code"] for p in search(G) if p["needling"] is None]
    assert "EX-B6" in unrecorded and len(unrecorded) < 15
    assert main(["point", "EX-B6"]) == 0
    assert "needling   not recorded: no two references read agree on it" in capsys.readouterr().out
