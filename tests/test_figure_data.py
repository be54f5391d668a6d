"""The layout a figure is drawn from, as data: positions, sides, label boxes, highlights."""

from __future__ import annotations

import json

import pytest

from meridian.cli import main
from meridian.figures.back_data import back_chart_data


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_points_sit_where_the_anatomy_says_with_y_up(G):
    (panel,) = back_chart_data(G)["panels"]
    by_id = {p["id"]: p for p in panel["points"]}
    assert (by_id["BL13"]["x"], by_id["BL13"]["side"]) == (1.5, "right")
    assert (by_id["BL13-L"]["x"], by_id["BL13-L"]["side"]) == (-1.5, "left")
    assert by_id["GV12"]["x"] == 0 and by_id["GV12"]["side"] == "midline"
    assert by_id["BL13"]["y"] == by_id["GV12"]["y"] > by_id["BL23"]["y"]  # T3 above L2: y points up
    assert {path["name"] for path in panel["paths"]} >= {"GV", "BL inner", "BL outer"}


def test_a_finding_highlights_the_side_where_it_was_felt(G):
    (panel,) = back_chart_data(G, findings=["T3:1.5:L@nodule"], levels="T1-T6")["panels"]
    lit = {p["id"]: p["organ"] for p in panel["points"] if p["highlighted"]}
    assert lit == {"BL13-L": "lung"}
    (panel,) = back_chart_data(G, highlight=["heart"], levels="T1-T6")["panels"]
    assert {p["id"] for p in panel["points"] if p["highlighted"]} >= {"BL15", "BL15-L"}


@pytest.mark.parametrize(
    "options",
    [{}, {"jiaji": True}, {"levels": "T1-T8"}, {"levels": "L1-S4"}, {"findings": ["T4:3:R", "T5:1.5:L"]}],
)
def test_no_two_labels_overlap_and_no_label_covers_a_point(G, options):
    (panel,) = back_chart_data(G, **options)["panels"]
    labels = [(p["id"], p["label"]) for p in panel["points"] if p["label"]]
    for i, (a, box_a) in enumerate(labels):
        for b, box_b in labels[i + 1 :]:
            assert not overlap(box_a, box_b), (a, b)
    r = 0.15  # the radius of a point's mark
    for p in panel["points"]:
        mark = (p["x"] - r, p["y"] - r, p["x"] + r, p["y"] + r)
        for other, box in labels:
            assert not overlap(mark, box), (p["id"], other)


def test_the_command_writes_the_layout_as_json(tmp_path, capsys):
    out = tmp_path / "back.json"
    assert main(["draw", "back", "--finding", "T3:1.5:R", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    lit = [p for p in data["panels"][0]["points"] if p["highlighted"]]
    assert [(p["id"], p["side"]) for p in lit] == [("BL13", "right")]
    assert main(["draw", "channel", "GV", "-o", str(tmp_path / "gv.json")]) == 0  # the course on the body
    course = json.loads((tmp_path / "gv.json").read_text(encoding="utf-8"))
    assert {p["code"] for panel in course["panels"] for p in panel["points"]} >= {"GV1", "GV14", "GV20"}
    assert main(["draw", "channel", "GV", "--index", "-o", str(tmp_path / "gvi.json")]) == 2
    assert "expected a file name ending in .svg, .png or .pdf" in capsys.readouterr().err
    assert not (tmp_path / "gvi.json").exists()


def test_governor_labels_stay_clear_of_the_left_bladder_line(G):
    (panel,) = back_chart_data(G)["panels"]
    for p in panel["points"]:
        if p["side"] == "midline" and p["label"]:
            x0, _, x1, _ = p["label"]
            assert x1 <= 0 and x0 > -1.5 + 0.15, p["id"]  # between the left inner line and the spine
