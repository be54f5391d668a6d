"""Body-chart geometry: points, bones and labels where the anatomy and the data put them."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest

from meridian import UsageError
from meridian.figures.back import back_chart
from meridian.figures.back_anatomy import LINE_CUN, SACRAL_FORAMEN_CUN, level_y, parse_levels
from meridian.figures.highlights import resolve_highlights
from meridian.figures.index import channel_layout
from meridian.model import LEVELS


@pytest.fixture(scope="module")
def chart(G):
    return back_chart(G)


def test_bl13_is_level_with_t3_and_1_5_cun_right_of_the_midline(chart):
    bl13 = chart.point("BL13")
    assert (bl13.x, bl13.y, bl13.level, bl13.side) == (1.5, level_y("T3"), "T3", "right")
    left = chart.point("BL13-L")
    assert (left.x, left.y, left.side) == (-1.5, level_y("T3"), "left")


def test_every_point_sits_at_its_level_and_distance(G, chart):
    for p in chart.points:
        record = G.nodes[f"point:{p.code}"]["record"]
        assert p.y == level_y(p.level)
        assert p.level in record.location.levels
        lateral = record.location.lateral_cun
        expected = SACRAL_FORAMEN_CUN[p.level] if lateral is None else lateral
        assert abs(p.x) == expected
        assert (p.x > 0) == (p.side == "right") and (p.x < 0) == (p.side == "left")


def test_governor_points_on_the_midline_share_the_level_with_the_bladder(chart):
    gv12 = chart.point("GV12")
    assert (gv12.x, gv12.side, gv12.y) == (0.0, "midline", chart.point("BL13").y)
    assert "GV12-L" not in chart.ids()
    assert {p.code for p in chart.points if p.channel == "GV"} == {
        "GV2", "GV3", "GV4", "GV5", "GV6", "GV7", "GV8", "GV9", "GV10", "GV11", "GV12", "GV13", "GV14",
    }  # fmt: skip


def test_lines_at_their_standard_distances(chart):
    names = {(line.name, line.side): {x for x, _ in line.points} for line in chart.lines}
    assert names[("GV", "midline")] == {LINE_CUN["GV"]}
    assert names[("BL inner", "right")] == {1.5} and names[("BL inner", "left")] == {-1.5}
    assert names[("BL outer", "right")] == {3.0} and names[("BL outer", "left")] == {-3.0}
    assert not any(line.channel == "EX-B" for line in chart.lines)


def test_jiaji_one_pair_per_level_t1_to_l5(G):
    chart = back_chart(G, jiaji=True)
    jiaji = [p for p in chart.points if p.code == "EX-B2"]
    assert len(jiaji) == 2 * 17
    assert {abs(p.x) for p in jiaji} == {0.5}
    assert chart.point("EX-B2-T3").x == 0.5 and chart.point("EX-B2-T3-L").x == -0.5
    assert all(p.label is None for p in jiaji)


def test_sacral_foramen_points_between_midline_and_inner_line_converging(chart):
    xs = [chart.point(f"BL{n}").x for n in (31, 32, 33, 34)]
    assert xs == sorted(xs, reverse=True)
    assert all(LINE_CUN["EX-B2"] < x < LINE_CUN["BL inner"] for x in xs)


def test_ids_are_unique(chart):
    assert len(chart.ids()) == len(set(chart.ids()))


def test_scapulae_and_iliac_crests_where_the_anatomy_puts_them(chart):
    right, left = (next(s for s in chart.scapulae if s.side == side) for side in ("right", "left"))
    assert right.medial_x == 3.0 and left.medial_x == -3.0
    assert right.spine_root == (3.0, level_y("T3"))
    assert right.inferior_angle[1] == level_y("T7") and left.inferior_angle[1] == level_y("T7")
    assert right.spine[0] == right.spine_root and right.spine[-1] == right.acromion
    # The medial border is the outline's innermost edge: nothing of the scapula is nearer the spine.
    assert min(x for x, _ in right.outline) == 3.0
    assert max(x for x, _ in left.outline) == -3.0
    assert {(x, y) for x, y in left.outline} == {(-x, y) for x, y in right.outline}
    for crest in chart.iliac_crests:
        assert crest.top[1] == level_y("L4")
        assert min(y for _, y in crest.curve) == level_y("L4")  # the top is the highest point
        assert crest.psis[1] == level_y("S2")


def test_spinous_processes_in_order_with_labels(chart):
    assert [s.level for s in chart.spinous] == list(LEVELS[LEVELS.index("C7") :])
    for upper, lower in itertools.pairwise(chart.spinous):
        assert upper.y < lower.y and upper.bottom <= lower.top
    for s in chart.spinous:
        assert s.top < s.bottom < s.y  # drawn above its lower border, leaving the depression below


def test_outline_contains_every_point(chart):
    def inside(x, y, poly):
        hit = False
        for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                hit = not hit
        return hit

    assert all(inside(p.x, p.y, list(chart.outline)) for p in chart.points)


def test_labels_do_not_overlap_each_other_or_points(G):
    for kwargs in ({}, {"jiaji": True}, {"levels": "T1-T8"}, {"hanzi": True}):
        chart = back_chart(G, **kwargs)
        labels = [p.label for p in chart.points if p.label]
        assert labels, kwargs
        for a, b in itertools.combinations(labels, 2):
            assert not a.box.overlaps(b.box), (kwargs, a.text, b.text)
        for label in labels:
            for p in chart.points:
                half = 0.15
                assert not (
                    label.box.x0 < p.x + half
                    and p.x - half < label.box.x1
                    and label.box.y0 < p.y + half
                    and p.y - half < label.box.y1
                ), (kwargs, label.text, p.id)


def test_labels_on_the_right_for_bilateral_points_and_on_the_left_for_the_midline(chart):
    for p in chart.points:
        if p.side == "left" or p.channel == "EX-B":
            assert p.label is None
        elif p.side == "right":
            assert p.label is not None and p.label.box.x0 > p.x
        else:
            assert p.label is not None and p.label.box.x1 < p.x
    assert chart.point("BL13").label.text == "BL13 Feishu"


def test_no_labels_when_asked(G):
    assert all(p.label is None for p in back_chart(G, labels=False).points)


def test_levels_range(G):
    chart = back_chart(G, levels="C7-L5")
    assert chart.levels[0] == "C7" and chart.levels[-1] == "L5"
    assert "BL27" not in chart.ids() and "BL25" in chart.ids()
    upper = back_chart(G, levels="t1-t7")
    assert {p.level for p in upper.points} <= set(parse_levels("T1-T7"))
    assert upper.bounds.y1 < chart.bounds.y1


@pytest.mark.parametrize("text", ["T13-L1", "L5-T1", "", "C7-L5-S1", "back"])
def test_bad_level_ranges_are_usage_errors(G, text):
    with pytest.raises(UsageError, match="level range"):
        back_chart(G, levels=text)


def test_level_y_runs_down_the_spine():
    ys = [level_y(v) for v in LEVELS]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)
    assert level_y("C7") == 0.0


def test_highlights_by_organ_and_code(G):
    heart = resolve_highlights(G, ["Heart"])
    assert [(h.code, h.relation) for h in heart] == [
        ("BL15", "back-shu"),
        ("BL44", "spirit"),
        ("CV14", "front-mu"),
    ]
    assert {h.organ for h in heart} == {"heart"}
    assert resolve_highlights(G, ["bl14"])[0].organ == "pericardium"
    assert resolve_highlights(G, ["肺"]) == resolve_highlights(G, ["lung"])
    with pytest.raises(UsageError, match="unknown point or organ 'BL99'"):
        resolve_highlights(G, ["BL99"])


def test_channel_layout_bladder_course_in_order(G):
    bl = channel_layout(G, "BL")
    assert [p.code for p in bl.points] == [f"BL{n}" for n in range(1, 68)]
    assert [g.name for g in bl.groups] == ["head", "neck", "back", "leg", "back", "leg", "foot"]
    # Columns run left to right along the course, rows top to bottom within a column.
    order = [(p.column, p.row) for p in bl.points]
    assert order == sorted(order)
    assert max(p.row for p in bl.points) < bl.rows <= 14
    assert "back-shu (lung)" in bl.point("BL13").categories
    assert bl.point("BL67").categories == ("jing-well (metal)",)
    assert bl.point("BL1").categories[0].startswith("meets SI")


def test_channel_layout_governor_sacrum_to_upper_lip(G):
    gv = channel_layout(G, "Du")
    assert gv.points[0].code == "GV1" and gv.points[-1].code == "GV28"
    assert gv.groups[0].name == "sacrum" and gv.groups[-1].name == "face"
    assert gv.groups[-1].codes[-1] == "GV28"


def test_figure_layouts_do_not_import_matplotlib():
    code = (
        "import importlib, pkgutil, sys, meridian, meridian.figures as f; "
        "[importlib.import_module(m.name) for m in pkgutil.iter_modules(f.__path__, 'meridian.figures.')]; "
        "from meridian.figures import back, back_data, index; G = meridian.build_graph(); "
        "back.back_chart(G, jiaji=True); index.channel_layout(G, 'BL'); "
        "back_data.back_chart_data(G, highlight=['lung'], findings=['T3:1.5:L']); "
        "print(sorted(m for m in sys.modules if m.startswith('matplotlib')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
