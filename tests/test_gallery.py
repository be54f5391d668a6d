"""The gallery: a folder a website can publish, checked in a real browser."""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from meridian.gallery import DIAGRAMS, Diagram, build_gallery, inline_svg

SMALL = (
    DIAGRAMS[0],
    Diagram("channel-GV", "channel", "GV", "The Governor Vessel.", channel="GV"),
    Diagram("back-lung", "back", "Lung", "Lung points highlighted.", highlight=("lung",)),
)


@pytest.fixture(scope="module")
def gallery(G, tmp_path_factory):
    out = tmp_path_factory.mktemp("gallery")
    return out, build_gallery(G, out, workers=2, dpi=50)


def test_writes_every_diagram_as_svg_and_png_with_an_index(gallery):
    out, files = gallery
    assert files[0] == out / "index.html"
    expected = {f"{d.slug}.{s}" for d in DIAGRAMS for s in ("svg", "png")}
    assert {p.name for p in files[1:]} == expected
    assert {p.name for p in out.iterdir()} == expected | {
        "index.html",
        ".meridian-gallery.json",
        ".meridian-output",
    }
    slugs = [d.slug for d in DIAGRAMS]
    assert {"back", "channel-BL", "channel-GV", "back-lung", "back-pericardium", "back-heart"} <= set(slugs)


def test_index_links_and_inlines_every_diagram_with_alt_text(gallery):
    out, _ = gallery
    page = (out / "index.html").read_text(encoding="utf-8")
    for d in DIAGRAMS:
        assert f'href="{d.slug}.svg"' in page and f'href="{d.slug}.png"' in page
        assert f'aria-label="{html.escape(d.alt)}"' in page  # the figure's text alternative
        assert f'id="{d.slug}-meridian-title"' in page
    assert "<img" not in page  # no hidden duplicates for a browser to download
    assert 'id="back-BL13"' in page and 'id="back-lung-BL13-L"' in page and 'id="channel-BL-BL67"' in page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # unique on the page, however many SVGs share a point
    assert "<?xml" not in page


def test_inline_svg_prefixes_ids_and_references():
    svg = (
        '<svg><defs><path id="m1"/></defs><g id="BL13" clip-path="url(#c1)"><use xlink:href="#m1"/></g></svg>'
    )
    out = inline_svg(svg, "x-")
    assert 'id="x-m1"' in out and 'id="x-BL13"' in out and "url(#x-c1)" in out and 'href="#x-m1"' in out


def test_deterministic_output_single_and_two_workers(G, tmp_path):
    def digests(folder):
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}

    one = build_gallery(G, tmp_path / "one", workers=1, dpi=40, diagrams=SMALL)
    two = build_gallery(G, tmp_path / "two", workers=2, dpi=40, diagrams=SMALL)
    assert [p.name for p in one] == [p.name for p in two]
    assert digests(tmp_path / "one") == digests(tmp_path / "two")


def test_refuses_a_file_as_folder(G, tmp_path):
    from meridian import UsageError

    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(UsageError, match="not a folder"):
        build_gallery(G, target)


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@pytest.mark.slow
def test_gallery_renders_in_headless_chromium(gallery):
    browser = _chromium()
    if browser is None:
        pytest.skip("no chromium binary on this machine (install Debian's 'chromium' package)")
    out, _ = gallery
    index = (out / "index.html").resolve()
    with tempfile.TemporaryDirectory() as profile:
        flags = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--window-size=1200,1600",
        ]
        shot = Path(profile) / "shot.png"
        subprocess.run(
            [*flags, f"--screenshot={shot}", index.as_uri()], check=True, capture_output=True, timeout=120
        )
        dom = subprocess.run(
            [*flags, "--dump-dom", index.as_uri()], check=True, capture_output=True, text=True, timeout=120
        ).stdout

        from matplotlib.image import imread

        pixels = imread(shot)
    assert pixels.shape[0] > 100 and pixels.shape[1] > 100
    rgb = pixels[..., :3]
    assert float(rgb.std()) > 0.05  # not blank
    assert float((rgb.sum(axis=-1) < 1.5).mean()) > 0.002  # some dark ink: text and outlines drawn
    for gid in ("back-BL13", "back-BL13-L", "back-GV12", "channel-BL-BL40", "back-lung-BL42"):
        assert f'id="{gid}"' in dom, gid
    assert "<title>BL13 Feishu" in dom


def test_a_rebuild_redraws_only_the_diagrams_whose_facts_changed(G, tmp_path, monkeypatch, edit):
    import meridian
    from meridian import gallery

    drawn: list[list[str]] = []
    real = gallery._render_all

    def spy(graph, diagrams, *args):
        drawn.append(sorted(d.slug for d in diagrams))
        return real(graph, diagrams, *args)

    monkeypatch.setattr(gallery, "_render_all", spy)
    subset = [d for d in gallery.DIAGRAMS if d.slug in ("back-lung", "point-LI4", "point-ST36", "course-LI")]
    out = tmp_path / "site"
    first = gallery.build_gallery(G, out, workers=1, diagrams=subset)
    svg = (out / "point-LI4.svg").read_bytes()
    again = gallery.build_gallery(G, out, workers=1, diagrams=subset)
    assert drawn == [sorted(d.slug for d in subset), []]
    assert first == again and (out / "point-LI4.svg").read_bytes() == svg
    folder = edit("points.yaml", "english: Joining Valley", "english: Joining Valley, edited")
    edited = meridian.build_graph(meridian.load(folder))
    gallery.build_gallery(edited, out, workers=1, diagrams=subset)
    assert drawn[2] == ["course-LI", "point-LI4"]  # LI4's name is in these two, not in the others
    assert b"Joining Valley, edited" in (out / "point-LI4.svg").read_bytes()
