"""Every figure the gallery makes, drawn for real: no two texts overlap and no text covers a point.

The layouts are checked as numbers elsewhere; this draws each figure with matplotlib's Agg
renderer and compares the text extents the fonts really give, so estimates cannot hide a clash.
"""

from __future__ import annotations

import pytest

from meridian import build_graph
from meridian.gallery import DIAGRAMS, Diagram

G = build_graph()


def _draw(d: Diagram):
    from meridian import draw

    if d.kind == "channel":
        return draw.draw_channel_index(G, d.channel)
    if d.kind == "course":
        return draw.draw_channel(G, d.channel)
    if d.kind == "front":
        return draw.draw_front(G, highlight=d.highlight, findings=d.findings)
    if d.kind == "point":
        return draw.draw_point(G, d.point)
    return draw.draw_back(G, highlight=d.highlight, jiaji=d.jiaji, cautions=d.cautions)


def _walk(artist):
    from matplotlib.axis import Axis

    if isinstance(artist, Axis) or not artist.get_visible():  # hidden axes: their ticks are not drawn
        return
    yield artist
    for child in artist.get_children():
        yield from _walk(child)


@pytest.mark.parametrize("diagram", DIAGRAMS, ids=[d.slug for d in DIAGRAMS])
def test_no_text_overlaps_another_or_covers_a_point(diagram):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.lines import Line2D
    from matplotlib.text import Text

    fig = _draw(diagram).figure
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # legends and leaders take their places when drawn
    renderer = canvas.get_renderer()
    texts, dots = [], []
    for ax in fig.axes:
        for artist in _walk(ax):
            if isinstance(artist, Text) and artist.get_text().strip() and artist.get_visible():
                if artist in (ax.title, ax._left_title, ax._right_title):
                    continue
                texts.append((artist.get_text(), artist.get_window_extent(renderer).expanded(0.98, 0.9)))
            elif isinstance(artist, Line2D) and artist.get_marker() == "o" and len(artist.get_xdata()) == 1:
                dots.append(ax.transData.transform((artist.get_xdata()[0], artist.get_ydata()[0])))
    assert len(texts) >= 5
    for i, (a, box_a) in enumerate(texts):
        for b, box_b in texts[i + 1 :]:
            assert not box_a.overlaps(box_b), (diagram.slug, a, b)
        for x, y in dots:
            assert not box_a.contains(x, y), (diagram.slug, a, (x, y))
