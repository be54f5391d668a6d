"""Figures on the body: the geometry keeps WHO's proportions and sides, every channel's course and
every point's locator figure place what they should where they should, labels never collide."""

from __future__ import annotations

import itertools
import json

import pytest

from meridian import build_graph
from meridian.figures.body import BodyFigure, figure_json
from meridian.figures.course import course_figure, course_runs
from meridian.figures.front import front_figure
from meridian.figures.geometry import BODY_VIEWS, VIEWS, best_view, place
from meridian.figures.locator import point_figure
from meridian.graph.core import point_of
from meridian.query.points import channel_points

G = build_graph()
CHANNELS = ["LU", "LI", "ST", "SP", "HT", "SI", "BL", "KI", "PC", "TE", "GB", "LR", "GV", "CV"]
POINTS = sorted(G.nodes[n]["code"] for n in G if G.nodes[n].get("kind") == "point")


def _xy(code: str, view: str, side: str = "right") -> tuple[float, float]:
    loc = point_of(G, code).location
    got = place(loc.frame, loc.along, loc.across, side, view)
    assert got is not None, (code, view, side)
    return got[0], got[1]


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] - 1e-6 and b[0] < a[2] - 1e-6 and a[1] < b[3] - 1e-6 and b[1] < a[3] - 1e-6


def assert_clean_labels(fig: BodyFigure) -> None:
    """No two label boxes overlap, no label covers a point, every label inside its panel."""
    for panel in figure_json(fig)["panels"]:
        boxes = [p["label"] for p in panel["points"] if p["label"]]
        boxes += [d["label"] for d in panel["dimensions"] if d["label"]]
        x0, y0, x1, y1 = panel["bounds"]
        for box in boxes:
            assert x0 - 1e-6 <= box[0] and box[2] <= x1 + 1e-6 and y0 - 1e-6 <= box[1] and box[3] <= y1 + 1e-6
        for a, b in itertools.combinations(boxes, 2):
            assert not _overlap(a, b), (fig.title, panel["view"], a, b)
        for p in panel["points"]:
            for box in boxes:
                inside = box[0] < p["x"] < box[2] and box[1] < p["y"] < box[3]
                assert not inside, (fig.title, p["code"], box)


def test_every_point_is_seen_on_its_view():
    for code in POINTS:
        loc = point_of(G, code).location
        side = "midline" if loc.side == "midline" else "right"
        view = best_view(loc.frame, loc.along, loc.across, side, (*BODY_VIEWS, "head_top"))
        got = place(loc.frame, loc.along, loc.across, side, view)
        assert got is not None and got[2] > 0.0, code
        x0, y0, x1, y1 = VIEWS[view].bounds
        assert x0 <= got[0] <= x1 and y0 <= got[1] <= y1, code


def test_sides_follow_the_viewer():
    # seen from the front the patient's left is on the viewer's right; from behind on the left
    assert _xy("ST36", "anterior", "left")[0] > 0 > _xy("ST36", "anterior", "right")[0]
    assert _xy("BL13", "posterior", "left")[0] < 0 < _xy("BL13", "posterior", "right")[0]
    assert _xy("GV14", "posterior", "midline")[0] == 0
    assert place("back", 10, 1.5, "left", "lateral") is None  # the far side is not drawn in profile


def test_proportions_are_kept_within_a_frame():
    # ST36 lies 3 of the 16 B-cun from the knee (ST35) to the ankle (ST41)
    y35, y36, y41 = (_xy(c, "anterior")[1] for c in ("ST35", "ST36", "ST41"))
    assert (y35 - y36) / (y35 - y41) == pytest.approx(3 / 16, abs=0.03)
    # BL13 at T3 above BL15 at T5 above BL17 at T7, evenly
    y13, y15, y17 = (_xy(c, "posterior")[1] for c in ("BL13", "BL15", "BL17"))
    assert y13 > y15 > y17 and (y13 - y15) == pytest.approx(y15 - y17, rel=0.25)
    # the inner Bladder line at 1.5 cun, the outer at 3, the Governor on the midline
    assert 0 < _xy("BL13", "posterior")[0] < _xy("BL42", "posterior")[0]


@pytest.mark.parametrize("channel", CHANNELS)
def test_course_draws_every_point_in_order_with_clean_labels(channel):
    fig = course_figure(G, channel)
    drawn = {p.code for panel in fig.panels for p in panel.points}
    assert drawn == set(channel_points(G, channel))
    labelled = {p.code for panel in fig.panels for p in panel.points if p.label}
    assert len(labelled) >= 0.8 * len(drawn), sorted(drawn - labelled)
    for panel in fig.panels:
        assert panel.view in VIEWS
        sides = {p.side for p in panel.points if p.label}
        assert len(sides) == 1, (panel.view, sides)  # one side labelled
        for path in panel.paths:
            assert len(path.points) >= 2
    assert_clean_labels(fig)


def test_bladder_branches_meet_at_bl40():
    runs = course_runs(G, "BL")
    assert runs[1][0] == "BL41" and runs[1][-2] == "BL54" and runs[1][-1] == "BL40" and runs[0][-1] == "BL40"
    back = next(p for p in course_figure(G, "BL").panels if p.view == "posterior")
    bl40 = _xy("BL40", "posterior")
    outer = [q for q in back.paths if q.points[0] == pytest.approx(_xy("BL41", "posterior"))]
    assert outer and outer[0].points[-1] == pytest.approx(bl40)


@pytest.mark.parametrize("code", POINTS)
def test_locator_shows_the_point_its_neighbours_and_its_measures(code):
    fig = point_figure(G, code)
    (panel,) = fig.panels
    x0, y0, x1, y1 = panel.bounds
    main = [p for p in panel.points if p.code == code]
    assert main and all(p.highlighted for p in main)
    assert all(x0 <= p.x <= x1 and y0 <= p.y <= y1 for p in main)
    assert any(p.label and p.label.text.startswith(code) for p in main), "the point is named"
    assert not any(p.highlighted for p in panel.points if p.code != code)
    rec = point_of(G, code)
    for caution in rec.cautions:
        assert any(caution.text in n for n in fig.notes)
    loc = rec.location
    if loc.frame != "back" and abs(loc.along) > 0.05:
        assert any("B-cun" in d.text for d in panel.dimensions)
    assert_clean_labels(fig)


def test_locator_of_st36_measures_three_b_cun_below_st35():
    (panel,) = point_figure(G, "ST36").panels
    texts = [d.text for d in panel.dimensions]
    assert texts[0] == "3 B-cun below ST35"  # WHO's own wording: from the neighbour on the channel
    d = panel.dimensions[0]
    assert d.start == pytest.approx(_xy("ST35", "anterior", "left"), abs=1e-3)
    assert d.end == pytest.approx(_xy("ST36", "anterior", "left"), abs=1e-3)
    # with no neighbour nearer than the frame's landmark, the landmark is the origin
    (gb34,) = point_figure(G, "GB34").panels
    assert gb34.dimensions[0].text.endswith("the popliteal crease (level of the knee)")


def test_front_chart_lights_the_side_felt_and_names_only_what_it_draws():
    fig = front_figure(G, findings=["T3:1.5:L@nodule"])
    (panel,) = fig.panels
    lit = [(p.code, p.side) for p in panel.points if p.highlighted]
    assert lit == [("LU1", "left")]
    assert "nodule at T3" in fig.caption and "@" not in fig.caption
    organs = [k for k, _ in fig.legend if k.startswith("organ-")]
    assert organs == ["organ-lung"]
    channels = {p.code[:2] for p in panel.points}
    assert {"CV", "KI", "ST", "SP"} <= channels
    assert_clean_labels(fig)
    heart = front_figure(G, highlight=["heart"])
    assert {p.code for p in heart.panels[0].points if p.highlighted} == {"CV14"}


def test_figure_json_has_the_documented_shape():
    data = json.loads(json.dumps(figure_json(course_figure(G, "LU"))))
    for panel in data["panels"]:
        assert panel["view"] in VIEWS
        for p in panel["points"]:
            assert set(p) >= {"code", "side", "x", "y", "label", "highlighted"}
            assert p["side"] in ("left", "right", "midline")
    assert {p["view"] for p in data["panels"]} <= set(BODY_VIEWS) | {"head_front", "head_side", "head_top"}


def test_svg_is_written_without_matplotlib_and_holds_every_point(tmp_path):
    import subprocess
    import sys
    import xml.etree.ElementTree as ET

    out = tmp_path / "st36.svg"
    code = (
        "import sys; from meridian.cli import main; "
        f"rc = main(['draw', 'point', 'ST36', '-o', {str(out)!r}]); "
        "print(rc, 'matplotlib' in sys.modules, 'networkx' in sys.modules)"
    )
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert got.stdout.split()[-3:] == ["0", "False", "False"]
    svg = out.read_bytes()
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    groups = root.findall(".//s:g[@tabindex='0']", ns)
    (panel,) = point_figure(G, "ST36").panels
    assert len(groups) == len(panel.points)
    main = root.find(".//s:g[@id='ST36']", ns)
    assert main is not None and "main" in main.get("class", "").split()
    assert main.get("aria-label", "").startswith("ST36") and main.find("s:title", ns) is not None
    assert root.find("s:title", ns).text.startswith("ST36")


def test_svg_is_deterministic_light_and_can_be_transparent():
    from meridian.draw import draw_channel, render

    for channel in CHANNELS:
        drawing = draw_channel(G, channel)
        svg = render(drawing, "svg")
        assert svg == render(draw_channel(G, channel), "svg")
        assert len(svg) < 150_000, (channel, len(svg))
    assert b'style="fill:#fff"' in svg.split(b"<g", 1)[0]
    clear = render(drawing, "svg", transparent=True)
    assert b'style="fill:#fff"' not in clear.split(b"<g", 1)[0]


def test_a_drawing_shows_itself_and_still_gives_matplotlib():
    from meridian.draw import draw_point

    d = draw_point(G, "BL13")
    bundle = d._repr_mimebundle_()
    assert bundle["image/svg+xml"].startswith("<?xml") and "BL13" in bundle["text/plain"]
    assert d.figure is d.ax.figure and len(d.figure.axes) == 1
    with pytest.raises(Exception, match="no point"):
        draw_point(G, "nowhere")
