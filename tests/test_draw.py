"""Drawing: which points are drawn where and in what colour, and files that never change by chance."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from meridian import UsageError
from meridian.draw import (
    CATEGORY_COLOURS,
    ORGAN_COLOURS,
    cjk_font,
    draw_back,
    draw_channel,
    draw_channel_index,
    point_marker,
    save,
)
from meridian.figures.back import back_chart
from meridian.figures.back_anatomy import level_y


def _groups(ax):
    return {a.get_gid(): a for a in ax.get_children() if hasattr(a, "_meridian_title")}


def test_back_chart_draws_every_layout_point_at_its_position(G):
    ax = draw_back(G)
    groups = _groups(ax)
    chart = back_chart(G)
    assert set(groups) == set(chart.ids())
    for p in chart.points:
        assert point_marker(ax, p.id).get_xydata().tolist() == [[p.x, p.y]]
    assert point_marker(ax, "BL13").get_xydata().tolist() == [[1.5, level_y("T3")]]


def test_draws_into_a_given_axes_and_returns_it(G):
    fig = Figure(figsize=(6, 8))
    ax = fig.add_subplot()
    assert draw_back(G, ax, levels="T1-T8") is ax
    assert ax.get_ylim()[0] > ax.get_ylim()[1]  # y grows downwards: C7 at the top
    assert "T1–T8" in ax.get_title()
    fig2 = Figure()
    ax2 = fig2.add_subplot()
    assert draw_channel_index(G, "GV", ax2) is ax2


def test_highlight_colours_points_by_organ_and_greys_the_rest(G):
    ax = draw_back(G, highlight=["lung", "BL15"], organs=["pericardium"])
    face = {gid: to_hex(point_marker(ax, gid).get_markerfacecolor()) for gid in _groups(ax)}
    assert face["BL13"] == face["BL13-L"] == face["BL42"] == ORGAN_COLOURS["lung"]
    assert face["BL14"] == ORGAN_COLOURS["pericardium"]
    assert face["BL15"] == face["BL15-L"] == ORGAN_COLOURS["heart"]
    lit = {gid for gid, colour in face.items() if colour != "#ffffff"}
    assert lit == {"BL13", "BL13-L", "BL42", "BL42-L", "BL14", "BL14-L", "BL15", "BL15-L"}
    assert to_hex(point_marker(ax, "BL16").get_markeredgecolor()) == "#b9c0c7"
    legend = ax.figure.legends[0]
    texts = [t.get_text() for t in legend.get_texts()]
    assert any(t.startswith("Lung") and "BL13 back-shu" in t for t in texts)
    assert any(t.startswith("Pericardium") for t in texts)
    colours = {to_hex(h.get_markerfacecolor()) for h in legend.legend_handles}
    assert {ORGAN_COLOURS["lung"], ORGAN_COLOURS["pericardium"], ORGAN_COLOURS["heart"]} <= colours


def test_unknown_highlight_is_a_usage_error(G):
    with pytest.raises(UsageError, match="unknown point or organ"):
        draw_back(G, highlight=["XX1"])


def test_caution_rings_mark_points_with_cautions(G):
    ax = draw_back(G, cautions=True, jiaji=True)
    groups = _groups(ax)
    rings = {
        gid for gid, g in groups.items() if len([c for c in g.get_children() if hasattr(c, "get_marker")]) > 1
    }
    assert {"BL13", "BL13-L", "EX-B2-T3"} <= rings  # pneumothorax
    assert "EX-B2-L3" not in rings  # no lung at the lumbar levels
    assert "BL25" not in rings  # no caution in the data


def test_findings_mark_the_spot_and_colour_the_points_they_suggest(G):
    ax = draw_back(G, findings=["T3:1.5:L@nodule"])
    groups = _groups(ax)
    ((x, y),) = point_marker(ax, "finding-1").get_xydata().tolist()
    assert abs(x - -1.5) <= 0.3 and abs(y - level_y("T3")) <= 0.3  # beside the left BL13
    # The point is coloured on the side where it was felt, and only there.
    assert to_hex(point_marker(ax, "BL13-L").get_markerfacecolor()) == ORGAN_COLOURS["lung"]
    assert to_hex(point_marker(ax, "BL13").get_markerfacecolor()) == "#ffffff"
    assert "finding-1" in groups
    both = draw_back(G, findings=["T3:1.5@nodule"])  # no side given: both copies
    for copy in ("BL13", "BL13-L"):
        assert to_hex(point_marker(both, copy).get_markerfacecolor()) == ORGAN_COLOURS["lung"]
    with pytest.raises(UsageError):
        draw_back(G, findings=["T13:1.5:L"])


def test_labels_are_drawn_without_overlapping(G):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = draw_back(G).figure
    renderer = FigureCanvasAgg(fig).get_renderer()
    boxes = []
    for group in _groups(fig.axes[0]).values():
        for child in group.get_children():
            if hasattr(child, "get_text"):
                boxes.append((child.get_text(), child.get_window_extent(renderer)))
    assert len(boxes) > 40
    for i, (name, a) in enumerate(boxes):
        for other, b in boxes[i + 1 :]:
            assert not a.overlaps(b), (name, other)


def test_labels_carry_characters_only_with_a_cjk_font(G):
    ax = draw_back(G)
    text = next(c for c in _groups(ax)["BL13"].get_children() if hasattr(c, "get_text")).get_text()
    assert text.startswith("BL13 Feishu")
    assert ("肺" in text) == (cjk_font() is not None)


def test_course_labels_are_set_in_a_font_with_their_characters(G, tmp_path):
    """A channel's course labels its points with their characters (where a CJK font is) though
    its title has none: the labels must name the CJK font, or a PNG shows empty boxes."""
    from matplotlib.text import Text

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s) DejaVu Sans"
        fig = draw_channel(G, "HT").figure
        save(fig, tmp_path / "ht.png")
    label = next(t for t in fig.findobj(Text) if t.get_text().startswith("HT7 Shenmen"))
    assert not any(ord(ch) >= 0x2E80 for ch in fig.axes[0].get_title())
    assert ("神門" in label.get_text()) == (cjk_font() is not None)
    assert (cjk_font() in label.get_fontfamily()) if cjk_font() else label.get_fontfamily() == ["DejaVu Sans"]


def test_no_missing_glyph_warnings(G, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        save(draw_back(G, highlight=["heart"]), tmp_path / "b.png")
        save(draw_channel_index(G, "BL"), tmp_path / "c.svg")


def test_channel_diagram_points_in_order_coloured_by_category(G):
    ax = draw_channel_index(G, "BL")
    groups = _groups(ax)
    assert set(groups) == {f"BL{n}" for n in range(1, 68)}
    assert to_hex(point_marker(ax, "BL13").get_markerfacecolor()) == CATEGORY_COLOURS["back-shu"]
    assert to_hex(point_marker(ax, "BL40").get_markerfacecolor()) == CATEGORY_COLOURS["lower-he-sea"]
    assert to_hex(point_marker(ax, "BL67").get_markerfacecolor()) == CATEGORY_COLOURS["five-shu"]
    assert to_hex(point_marker(ax, "BL2").get_markerfacecolor()) == "#ffffff"
    # Down each column, then on to the next column to the right.
    xy = [tuple(point_marker(ax, f"BL{n}").get_xydata()[0]) for n in range(1, 68)]
    assert xy == sorted(xy)
    texts = [t.get_text() for t in ax.texts]
    assert {"Head", "Neck", "Back", "Leg", "Foot"} <= set(texts)


def test_svg_has_point_groups_with_tooltips_and_a_title(G, tmp_path):
    path = save(draw_back(G, highlight=["lung"]), tmp_path / "back.svg")
    svg = path.read_text(encoding="utf-8")
    assert re.search(r'<g id="BL13" [^>]*>\n   <title>BL13 Feishu 肺俞: Lung Shu', svg)
    assert "back-shu point of the lung" in svg
    assert re.search(r'<g id="BL13-L" ', svg) and re.search(r'<g id="GV12" ', svg)
    assert '<title id="meridian-title">The back, posterior view, C7–S4: lung</title>' in svg
    assert '<desc id="meridian-desc">' in svg and 'role="img"' in svg
    channel = save(draw_channel_index(G, "GV"), tmp_path / "gv.svg").read_text(encoding="utf-8")
    assert re.search(r'<g id="GV14" [^>]*>\n   <title>GV14 Dazhui', channel)


def test_svg_is_ready_for_the_web(G, tmp_path):
    svg = save(draw_back(G, findings=["T3:1.5:R"]), tmp_path / "back.svg").read_text(encoding="utf-8")
    # Text is text: selectable, searchable, translatable (with the characters where a CJK font is).
    label = "BL13 Feishu 肺俞" if cjk_font() is not None else "BL13 Feishu"
    assert re.search(rf"<text[^>]*>{label}</text>", svg)
    # Each point can be styled, reached from the keyboard, and named by a screen reader.
    right = re.search(r'<g id="BL13" ([^>]*)>', svg).group(1)
    assert 'class="point channel-BL side-right caution-pneumothorax highlighted"' in right
    assert 'tabindex="0"' in right and 'aria-label="BL13 Feishu 肺俞: Lung Shu"' in right
    left = re.search(r'<g id="BL13-L" ([^>]*)>', svg).group(1)
    assert "highlighted" not in left and "side-left" in left
    opaque = save(draw_channel_index(G, "GV"), tmp_path / "a.svg").read_text(encoding="utf-8")
    clear = save(draw_channel_index(G, "GV"), tmp_path / "b.svg", transparent=True).read_text(
        encoding="utf-8"
    )
    background = r'<g id="patch_1">\s*<path d="[^"]*" style="fill: ([^"]*)"'
    assert re.search(background, opaque).group(1) == "#ffffff"
    assert re.search(background, clear).group(1) == "none"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("suffix", ["svg", "png", "pdf"])
def test_same_input_same_bytes(G, tmp_path, suffix):
    a = save(draw_back(G, highlight=["heart"], cautions=True), tmp_path / f"a.{suffix}")
    b = save(draw_back(G, highlight=["heart"], cautions=True), tmp_path / f"b.{suffix}")
    assert _digest(a) == _digest(b)


def test_same_bytes_across_processes_and_hash_seeds(tmp_path):
    script = (
        "import sys, matplotlib; matplotlib.use('Agg'); import meridian; from meridian import draw; "
        "G = meridian.build_graph(); "
        "draw.save(draw.draw_back(G, highlight=['lung', 'heart']), sys.argv[1]); "
        "draw.save(draw.draw_channel_index(G, 'BL'), sys.argv[2])"
    )
    digests = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        back, channel = tmp_path / f"back{seed}.svg", tmp_path / f"bl{seed}.svg"
        subprocess.run([sys.executable, "-c", script, str(back), str(channel)], check=True, env=env)
        digests.add((_digest(back), _digest(channel)))
    assert len(digests) == 1


@pytest.mark.parametrize("name", ["chart.gif", "chart", "chart.svg.txt", "chart.JPG"])
def test_bad_suffix_raises_and_leaves_no_file(G, tmp_path, name):
    ax = draw_channel_index(G, "GV")
    with pytest.raises(UsageError, match=r"expected a file name ending in \.svg, \.png or \.pdf"):
        save(ax, tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_a_usage_error(G, tmp_path):
    with pytest.raises(UsageError, match="no such folder"):
        save(draw_channel_index(G, "GV"), tmp_path / "nowhere" / "gv.svg")
    assert list(tmp_path.iterdir()) == []


def test_write_replaces_the_file_in_place_and_leaves_no_temporary(G, tmp_path):
    target = tmp_path / "gv.png"
    target.write_bytes(b"old")
    save(draw_channel_index(G, "GV").figure, target, dpi=40)
    assert target.read_bytes().startswith(b"\x89PNG")
    assert [p.name for p in tmp_path.iterdir()] == ["gv.png"]
    assert save(draw_channel_index(G, "GV"), str(tmp_path / "gv.PDF")).read_bytes().startswith(b"%PDF")


def test_import_meridian_does_not_import_matplotlib():
    code = (
        "import sys, meridian, meridian.figures.back, meridian.gallery, meridian.draw; "
        "G = meridian.build_graph(); meridian.point_data(G, 'BL13'); "
        "print(sorted(m for m in sys.modules if m.startswith('matplotlib')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_back_chart_svg_needs_neither_matplotlib_nor_networkx(tmp_path):
    import subprocess
    import sys
    import xml.etree.ElementTree as ET

    from meridian.figures.back import back_chart

    out = tmp_path / "back.svg"
    code = (
        "import sys; from meridian.cli import main; "
        f"rc = main(['draw', 'back', '--finding', 'T3:1.5:L@nodule', '-o', {str(out)!r}]); "
        "print(rc, 'matplotlib' in sys.modules, 'networkx' in sys.modules)"
    )
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert got.stdout.split()[-3:] == ["0", "False", "False"]
    root = ET.fromstring(out.read_bytes())
    ns = {"s": "http://www.w3.org/2000/svg"}
    groups = {g.get("id"): g for g in root.findall(".//s:g[@tabindex='0']", ns)}
    from meridian import build_graph

    chart = back_chart(build_graph())
    assert set(groups) == {p.id for p in chart.points}
    lit = sorted(i for i, g in groups.items() if "highlighted" in g.get("class", "").split())
    assert lit == ["BL13-L"]  # the finding was felt on the left
    assert root.find("s:title", ns).text == "The back, posterior view, C7–S4, 1 finding"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert any(t and t.startswith("nodule at T3, 1.5 cun left of the midline → BL13") for t in texts)
    assert root.find(".//s:g[@id='finding-1']", ns) is not None


def test_back_drawing_gives_the_same_chart_to_matplotlib(G, tmp_path):
    from meridian.draw import save
    from meridian.draw.back_svg import BackDrawing

    chart = BackDrawing(G, highlight=["heart"], levels="T1-T8")
    png = save(chart, tmp_path / "heart.png", dpi=40)
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert point_marker(chart.ax, "BL15").get_markerfacecolor() == ORGAN_COLOURS["heart"]
    assert b'id="BL15" class="point channel-BL side-right' in chart.svg()


# -- a CJK font installed after matplotlib's font cache was written -----------------------------

_FONTS = """
import json, sys
import matplotlib
matplotlib.use("Agg")
from matplotlib import font_manager
from meridian.draw import cjk_font
name = cjk_font()
if sys.argv[1:]:
    import meridian
    from meridian.draw import draw_point, save
    save(draw_point(meridian.build_graph(), "LI4"), sys.argv[1])
known = sorted({f.fname for f in font_manager.fontManager.ttflist if "CJK" in f.name or f.name == name})
print(json.dumps({"font": name, "files": known}))
"""


def _fonts(config: Path, *args: str) -> dict:
    """Run matplotlib and meridian with ``config`` as matplotlib's config and cache folder."""
    env = {**os.environ, "MPLCONFIGDIR": str(config)}
    done = subprocess.run(
        [sys.executable, "-c", _FONTS, *args], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return json.loads(done.stdout)


def _cache(config: Path) -> Path:
    (path,) = config.glob("fontlist-v*.json")
    return path


def test_an_up_to_date_font_cache_is_left_as_it_is(tmp_path):
    fresh = _fonts(tmp_path)  # matplotlib writes its cache
    before = _cache(tmp_path).read_bytes()
    assert _fonts(tmp_path) == fresh and _cache(tmp_path).read_bytes() == before


def test_a_cjk_font_missing_from_a_stale_font_cache_is_added(tmp_path):
    """A CJK font installed after matplotlib listed the fonts is found, the PNG has its characters
    (the same bytes as with a fresh cache), and the cache knows the font from then on."""
    fresh_dir, stale_dir = tmp_path / "fresh", tmp_path / "stale"
    fresh = _fonts(fresh_dir, str(tmp_path / "fresh.png"))
    if fresh["font"] is None:
        pytest.skip("no CJK font on this machine (CI's second drawing pass installs fonts-noto-cjk)")
    # the cache as it was before the font was installed: without its files
    data = json.loads(_cache(fresh_dir).read_text(encoding="utf-8"))
    data["ttflist"] = [f for f in data["ttflist"] if f["fname"] not in fresh["files"]]
    stale_dir.mkdir()
    (stale_dir / _cache(fresh_dir).name).write_text(json.dumps(data), encoding="utf-8")
    stale = _fonts(stale_dir, str(tmp_path / "stale.png"))
    assert stale["font"] == fresh["font"] and set(stale["files"]) <= set(fresh["files"])
    assert (tmp_path / "stale.png").read_bytes() == (tmp_path / "fresh.png").read_bytes()
    cached = json.loads(_cache(stale_dir).read_text(encoding="utf-8"))
    assert any(f["name"] == fresh["font"] for f in cached["ttflist"])  # the next run starts with it
