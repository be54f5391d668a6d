"""The website: a page for every point, channel and organ, links that resolve, budgets, themes,
determinism and whole-or-nothing builds. The browser checks are in test_site_browser.py."""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

import pytest

from meridian import UsageError
from meridian.cli import main
from meridian.site import BUDGETS, build_site, page_weight
from meridian.site import build as site_build
from meridian.site import figures as site_figures
from meridian.site.search import search_index
from meridian.site.svg import DARK_BG, LIGHT_BG, contrast, dark_colour, inline_figure, text_colour

ASSETS_DIR = Path(site_build.__file__).parent / "assets"


def _pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_a_page_for_every_point_channel_and_organ(G, built_site):
    out, files = built_site
    kinds = {d["kind"] for _, d in G.nodes(data=True)}
    assert {"point", "channel", "organ"} <= kinds
    count = {
        k: sum(1 for _, d in G.nodes(data=True) if d["kind"] == k) for k in ("point", "channel", "organ")
    }
    assert count == {"point": 409, "channel": 19, "organ": 17}
    for kind, n in count.items():
        assert len(list((out / kind).glob("*.html"))) == n
    assert files[0] == out / "index.html"
    written = {p.relative_to(out).as_posix() for p in files}
    assert written | {".meridian-output"} == {
        p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
    }
    assert (
        set(json.loads((out / ".meridian-output").read_text())["files"]) == written
    )  # what made it, and what
    assert (out / "point" / "BL13.html").exists() and (out / "point" / "EX-HN3.html").exists()
    assert (out / "fig" / "point" / "BL13.svg").exists() and not list(out.rglob("*.png"))


def _targets(page: Path, out: Path) -> list[tuple[str, Path, str]]:
    text = page.read_text(encoding="utf-8")
    found = []
    for ref in re.findall(r'(?<![\w-])(?:href|src)="([^"]*)"', text):
        ref = html.unescape(ref)
        if re.match(r"^[a-z]+:", ref):  # the references' own web pages: not followed offline
            assert ref.startswith(("http://", "https://")), (page, ref)
            continue
        path, _, frag = ref.partition("#")
        path = path.split("?")[0]
        found.append((ref, (page.parent / path).resolve() if path else page, frag))
    return found


def test_every_link_resolves_to_a_file_and_an_id(built_site):
    out, _ = built_site
    ids: dict[Path, set[str]] = {}
    broken = []
    for page in _pages(out):
        for ref, target, frag in _targets(page, out):
            if not target.is_file() or not target.is_relative_to(out.resolve()):
                broken.append(f"{page.relative_to(out)}: {ref}")
                continue
            if frag and target.suffix == ".html":
                if target not in ids:
                    ids[target] = set(re.findall(r'\bid="([^"]+)"', target.read_text(encoding="utf-8")))
                if frag not in ids[target]:
                    broken.append(f"{page.relative_to(out)}: {ref} (no such id)")
    assert broken == []


def test_pages_keep_within_their_weight_budget(built_site):
    out, _ = built_site
    over = []
    for page in _pages(out):
        rel = page.relative_to(out).as_posix()
        kind = rel.split("/")[0] if "/" in rel else rel.removesuffix(".html")
        weight = page_weight(out, rel)
        if weight > BUDGETS[kind]:
            over.append((rel, weight, BUDGETS[kind]))
    assert over == []
    assert page_weight(out, "index.html") < 300_000


def test_point_page_says_everything_the_point_has(built_site):
    out, _ = built_site
    page = (out / "point" / "BL13.html").read_text(encoding="utf-8")
    for text in (
        '<span lang="zh-Latn-pinyin">Fèishū</span>',
        '<span class="hanzi" lang="zh-Hant">肺俞</span>',
        "Lung Shu",
        "肺兪",  # the WHO 2008 form, as an alias
        "level with the lower border of the T3 spinous process, 1.5 B-cun from the posterior midline",
        "Needled oblique, 0.5 to 0.8 cun deep.",
        "Pneumothorax:",
        "back-shu point of the lung",
        'href="../organ/lung.html"',
        'href="../channel/BL.html"',
        'href="../point/BL12.html">BL12 Fēngmén</a>',
        'href="../point/BL14.html"',
        'href="../point/GV12.html"',
        'href="../sources.html#who2008"',
        '<main id="main"',
        'aria-label="Breadcrumb"',
    ):
        assert text in page, text
    # The figure is inline, themable, and offers its embed snippet pointing at the file.
    assert 'class="fig"' in page and "var(--m-" in page and "prefers-color-scheme: dark" in page
    assert "&lt;img src=&quot;fig/point/BL13.svg&quot;" in page and 'href="../fig/point/BL13.svg"' in page
    assert "loading=&quot;lazy&quot;" in page
    # No image on any page is loaded eagerly or hidden: figures are inline SVG, PNGs only linked.
    assert "<img" not in page and not re.search(r"<(?!button)[a-z]+\b[^>]*\shidden[\s>]", page)


def test_every_figure_point_has_a_name_and_a_place_in_the_tab_order(built_site):
    out, _ = built_site
    for name in ("point/BL13.html", "point/ST36.html", "channel/LU.html", "organ/heart.html"):
        page = (out / name).read_text(encoding="utf-8")
        groups = re.findall(r'<g id="[^"]+" class="point[^"]*"[^>]*>', page)
        assert groups, name
        for g in groups:
            assert 'tabindex="0"' in g and re.search(r'aria-label="[^"]+"', g), (name, g)
        assert 'role="img"' not in page  # inline figures are groups, so their points stay reachable


def test_organ_page_reads_findings_with_the_warning_signs_first(built_site):
    out, _ = built_site
    page = (out / "organ" / "lung.html").read_text(encoding="utf-8")
    for code in ("BL13", "LU1", "BL42"):
        assert f'href="../point/{code}.html"' in page
    assert 'href="../channel/LU.html"' in page
    assert page.index("Warning signs come first") < page.index("Reading findings")
    assert "Possible heart attack" in page and "suggests" in page
    assert "it does not diagnose" in page
    assert re.sub(r"does not diagnose", "", page).count("diagnos") == 0
    assert "fig/organ/lung-back.svg" in page and "fig/organ/lung-front.svg" in page
    assert "1.8 = 1 (tender at BL13, via BL13) + 0.8 (tender at LU1, via LU1)" in page
    structure = (out / "organ" / "diaphragm.html").read_text(encoding="utf-8")
    assert "not as an organ imbalance" in structure and 'href="../point/BL17.html"' in structure


def test_channel_page_lists_its_points_in_order(G, built_site):
    out, _ = built_site
    from meridian.query.points import channel_points

    page = (out / "channel" / "BL.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr><th scope="row"><a href="../point/([^"]+).html">', page)
    assert rows == channel_points(G, "BL") and len(rows) == 67
    assert 'href="../organ/bladder.html"' in page and 'href="../channel/KI.html"' in page
    assert "fig/channel/BL.svg" in page


def test_index_carries_a_small_search_index_and_every_point_anchor(G, built_site):
    out, _ = built_site
    page = (out / "index.html").read_text(encoding="utf-8")
    raw = re.search(r'<script type="application/json" id="search-data">(.*?)</script>', page, re.S).group(1)
    data = json.loads(raw.replace("<\\/", "</"))
    assert data == json.loads(json.dumps(search_index(G)))
    assert len(raw.encode()) < 80_000
    li4 = next(p for p in data["points"] if p[0] == "LI4")
    assert li4[1:5] == ["Hégǔ", "合谷", "合谷", "Joining Valley"]
    assert data["codes"]["UB"] == "BL" and data["codes"]["DU"] == "GV" and data["codes"]["LIV"] == "LR"
    for code in ("BL13", "LI4", "EX-HN3"):
        assert f'<li id="{code}"><a href="point/{code}.html">' in page


def test_location_in_b_cun_reads_as_a_sentence_for_every_point(G):
    from meridian.query.points import point_data
    from meridian.site.words import frame_sentence

    for _, d in G.nodes(data=True):
        if d["kind"] == "point":
            text = frame_sentence(G, point_data(G, d["code"])["location"])
            assert text and text.endswith(".") and "the between" not in text and "None" not in text, d["code"]
    lu7 = frame_sentence(G, point_data(G, "LU7")["location"])
    assert "1.7 B-cun from the line between the tendons of palmaris longus" in lu7


def test_search_index_finds_names_the_way_lookup_does(G):
    from meridian.names import normalize_name

    data = search_index(G)
    folded = {p[0]: {normalize_name(n) for n in [p[0], *p[1:5], *p[5]]} for p in data["points"]}
    assert "hegu" in folded["LI4"] and "feishu" in folded["BL13"] and "合谷" in folded["LI4"]


def test_css_themes_reach_wcag_aa_and_text_is_at_least_12px():
    css = (ASSETS_DIR / "site.css").read_text(encoding="utf-8")
    light = dict(
        re.findall(r"(--[\w-]+): (#[0-9a-f]{6})", css.split("@media (prefers-color-scheme: dark)")[0])
    )
    dark_block = css.split("@media (prefers-color-scheme: dark)")[1].split("}\n}")[0]
    dark = dict(re.findall(r"(--[\w-]+): (#[0-9a-f]{6})", dark_block))
    assert light["--bg"] == LIGHT_BG and dark["--bg"] == DARK_BG
    for theme in (light, dark):
        for fg, bg in (
            ("--fg", "--bg"), ("--muted", "--bg"), ("--accent", "--bg"), ("--fg", "--card"),
            ("--muted", "--card"), ("--accent", "--card"), ("--caution-fg", "--caution-bg"),
            ("--accent", "--accent-soft"), ("--fg", "--mark"),
        ):  # fmt: skip
            assert contrast(theme[fg], theme[bg]) >= 4.5, (fg, bg, theme[fg], theme[bg])
        assert contrast(theme["--focus"], theme["--bg"]) >= 3  # a focus ring is a graphic: 3:1
    sizes = [float(v) for v in re.findall(r"font-size: ?([\d.]+)rem", css)]
    assert min(sizes) * 16 >= 12


def test_figure_text_reaches_aa_in_both_themes(built_site):
    out, _ = built_site
    colours = set()
    for svg in (out / "fig").rglob("*.svg"):
        fig = inline_figure(svg.read_text(encoding="utf-8"), "x-")
        colours |= fig.text_colours
    assert colours
    for c in colours:
        assert contrast(text_colour("#" + c), LIGHT_BG) >= 4.5, c
        assert contrast(dark_colour("#" + c, text=True), DARK_BG) >= 4.5, c


def test_inline_figures_recolour_every_fill_and_stroke(built_site):
    out, _ = built_site
    for name in ("point/BL13.svg", "channel/BL.svg", "organ/lung-back.svg", "organ/lung-front.svg"):
        fig = inline_figure((out / "fig" / name).read_text(encoding="utf-8"), "x-")
        styles = " ".join(
            re.findall(r'style="([^"]*)"', fig.markup) + re.findall(r"<style>(.*?)</style>", fig.markup)
        )
        assert not re.search(r"(fill|stroke): ?#", styles), name  # every colour goes through a variable
        assert "<?xml" not in fig.markup and "<metadata>" not in fig.markup


def test_text_colours_in_a_figure_stylesheet_are_told_apart():
    svg = (
        '<svg class="meridian-figure"><style>.meridian-figure text{fill:#1f2630}.meridian-figure .muted{fill:#8a929c}'
        ".meridian-figure .body{fill:#f7f3ef;stroke:#8a929c}.meridian-figure .dot{stroke:#fff}</style>"
        '<path class="body"/><text class="muted">R</text><text>ST36</text></svg>'
    )
    fig = inline_figure(svg, "x-")
    assert fig.text_colours == {"1f2630", "8a929c"} and fig.other_colours == {"f7f3ef", "8a929c", "ffffff"}
    assert ".meridian-figure .dot{stroke: var(--m-ffffff, #ffffff)}" in fig.markup
    assert ".meridian-figure .muted{fill: var(--mt-8a929c, #8a929c)}" in fig.markup


def test_same_bytes_whatever_the_workers(G, tmp_path):
    some = [("organ", "heart"), ("channel", "GV"), ("point", "BL13"), ("point", "LI4"), ("point", "EX-HN3")]

    def digests(folder):
        return {
            p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }

    one = build_site(G, tmp_path / "one", workers=1, pages=some)
    two = build_site(G, tmp_path / "two", workers=2, pages=some)
    assert [p.relative_to(tmp_path / "one") for p in one] == [p.relative_to(tmp_path / "two") for p in two]
    assert digests(tmp_path / "one") == digests(tmp_path / "two")


def test_a_failed_build_leaves_no_folder_and_the_old_site_whole(G, tmp_path, monkeypatch):
    original = site_build._PAGES["point"]

    def failing(G, code, shown, png=False):
        if code == "LI4":
            raise RuntimeError("boom")
        return original(G, code, shown, png=png)

    monkeypatch.setitem(site_build._PAGES, "point", failing)
    pages = [("point", "BL13"), ("point", "LI4")]
    with pytest.raises(RuntimeError, match="boom"):
        build_site(G, tmp_path / "site", workers=1, pages=pages)
    assert list(tmp_path.iterdir()) == []
    old = tmp_path / "old"
    build_site(G, old, workers=1, pages=[("point", "BL13")])
    before = sorted(p.relative_to(old) for p in old.rglob("*"))
    with pytest.raises(RuntimeError, match="boom"):
        build_site(G, old, workers=1, pages=pages)
    assert sorted(p.relative_to(old) for p in old.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["old"]


def test_progress_counts_every_page(G, tmp_path):
    calls = []
    build_site(
        G,
        tmp_path / "s",
        workers=1,
        pages=[("point", "LU1"), ("point", "LU2")],
        progress=lambda d, t: calls.append((d, t)),
    )
    assert calls == [(1, 2), (2, 2)]


def test_refuses_a_file_or_a_missing_parent(G, tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(UsageError, match="not a folder"):
        build_site(G, target)
    assert main(["site", "-o", str(target)]) == 2
    assert main(["site", "-o", str(tmp_path / "missing" / "site")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("meridian: cannot build") for line in err)
    assert target.read_text() == "x"


def test_the_figure_hook_falls_back_until_a_drawing_exists(G, monkeypatch):
    import meridian.draw

    assert site_figures.figure_for_point(G, "ST36").startswith(b"<?xml")
    monkeypatch.delattr(meridian.draw, "draw_point")
    assert [f.name for f in site_figures.point_figures(G, "BL13")] == ["point/BL13"]  # the back chart
    assert (
        b'class="point channel-BL side-right caution-pneumothorax highlighted"'
        in site_figures.figure_for_point(G, "BL13")
    )
    assert site_figures.point_figures(G, "LI4") == []
    monkeypatch.delattr(meridian.draw, "draw_front")
    assert [f.name for f in site_figures.organ_figures(G, "lung")] == ["organ/lung-back"]


def test_png_copies_only_when_asked(G, tmp_path):
    files = build_site(G, tmp_path / "s", workers=1, png=True, pages=[("channel", "LU")])
    names = {p.relative_to(tmp_path / "s").as_posix() for p in files}
    assert {"fig/channel/LU.svg", "fig/channel/LU.png"} <= names
    page = (tmp_path / "s" / "channel" / "LU.html").read_text(encoding="utf-8")
    assert 'href="../fig/channel/LU.png" download' in page and "<img" not in page


def test_only_unstyled_shapes_get_the_black_fill_matplotlib_leaves_out():
    svg = (
        '<svg><style>.bone{fill:none;stroke:#a89a8c}</style><path class="bone" style="stroke-width:2"/>'
        '<path style="stroke: #123456"/><defs><path id="m1" style="stroke: #123456"/></defs></svg>'
    )
    markup = inline_figure(svg, "x-").markup
    assert '<path class="bone" style="stroke-width:2"/>' in markup
    assert '<path style="stroke: var(--m-123456, #123456); fill: var(--m-000000, #000000)"/>' in markup
    assert '<path id="x-m1" style="stroke: var(--m-123456, #123456)"/>' in markup
