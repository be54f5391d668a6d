"""The index page and its search: a small JSON index of every name, read by ``assets/site.js``.

The index is inlined in ``index.html`` (a ``<script type="application/json">``), so search works
from a disk with no server. It holds, for every point, its code, pinyin with tones, characters in
both scripts, English name, aliases and other codes; the channel codes of every school; and the
channel and organ pages with their names. The script folds case, spaces and tone marks as
:func:`meridian.names.normalize_name` does.

Examples
--------
>>> from meridian import build_graph
>>> G = build_graph()
>>> data = search_index(G)
>>> data["points"][0][:5], data["codes"]["UB"], data["shared"]["P"]
(['LU1', 'Zhōngfǔ', '中府', '中府', 'Central Treasury'], 'BL', ['LU', 'PC'])
>>> len(data["points"]), len(data["pages"])
(409, 36)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..graph.core import node_id
from ..query.points import channel_points, shared_codes
from .organ import organ_points
from .shell import esc, link, page, script_json

__all__ = ["channels", "index_page", "organs", "search_index", "sources_page"]


def channels(G: Any) -> list[str]:
    """Channel codes in data order (the fourteen, then the groups of extra points)."""
    return [d["code"] for _, d in G.nodes(data=True) if d["kind"] == "channel"]


def organs(G: Any) -> list[str]:
    """Organ ids in data order (the twelve organs, then the structures points are named for)."""
    return [d["organ"] for _, d in G.nodes(data=True) if d["kind"] == "organ"]


def _channel_title(ch: Any) -> str:
    return f"{ch.name} channel" if ch.kind == "primary" else str(ch.name)


def search_index(G: Any) -> dict[str, Any]:
    """What the index page searches, as plain data (see the module's description)."""
    points = []
    codes: dict[str, str] = {}
    pages: list[list[Any]] = []
    for code in channels(G):
        ch = G.nodes[node_id("channel", code)]["record"]
        for alias in (ch.code, *ch.aliases):
            codes[alias.upper()] = ch.code
        names = [
            ch.code,
            ch.name,
            _channel_title(ch),
            ch.pinyin_tones,
            ch.hanzi,
            ch.hanzi_simplified,
            *ch.aliases,
        ]
        pages.append([f"channel/{ch.code}.html", f"{_channel_title(ch)} ({ch.code})", "channel", names])
        for pcode in channel_points(G, code):
            p = G.nodes[node_id("point", pcode)]["record"]
            others = [[o.code, o.system] for o in p.other_codes]
            points.append(
                [p.code, p.pinyin_tones, p.hanzi, p.hanzi_simplified, p.english, list(p.aliases), others]
            )
    for organ in organs(G):
        node = G.nodes[node_id("organ", organ)]
        what = "structure" if node["organ_kind"] == "structure" else "organ"
        pages.append(
            [f"organ/{organ}.html", node["name"], what, [node["name"], node["pinyin"], node["hanzi"]]]
        )
    shared = {k: list(v) for k, v in shared_codes(G).items()}
    return {"points": points, "codes": codes, "shared": shared, "pages": pages}


def _count(n: int) -> str:
    return "1 point" if n == 1 else f"{n} points"


def _channel_cards(G: Any) -> str:
    items = []
    for code in channels(G):
        ch = G.nodes[node_id("channel", code)]["record"]
        count = len(channel_points(G, code))
        items.append(
            f'<li><a href="channel/{esc(code)}.html"><strong>{esc(code)}</strong> {esc(_channel_title(ch))}'
            f'<span class="n"><span lang="zh-Hant">{esc(ch.hanzi)}</span> · {_count(count)}</span></a></li>'
        )
    return '<ul class="cards">' + "".join(items) + "</ul>"


def _organ_cards(G: Any) -> str:
    items = []
    for organ in organs(G):
        node = G.nodes[node_id("organ", organ)]
        related = organ_points(G, organ)
        shown = ", ".join(f"{code} ({relation})" for relation, code in related[:2]) or "no related point"
        items.append(
            f'<li><a href="organ/{esc(organ)}.html"><strong>{esc(node["name"])}</strong> '
            f'<span lang="zh-Hant">{esc(node["hanzi"])}</span><span class="n">{esc(shown)}</span></a></li>'
        )
    return '<ul class="cards">' + "".join(items) + "</ul>"


def _label(G: Any, code: str) -> str:
    return f"{code} {G.nodes[node_id('point', code)]['record'].pinyin_tones}"


def _all_points(G: Any) -> str:
    parts = []
    for code in channels(G):
        ch = G.nodes[node_id("channel", code)]["record"]
        codes = channel_points(G, code)
        items = "".join(f'<li id="{esc(c)}">{link("", "point", c, _label(G, c))}</li>' for c in codes)
        parts.append(
            f'<details class="channel"><summary>{esc(_channel_title(ch))} ({esc(code)}) '
            f"<span>{_count(len(codes))}</span></summary>"
            f'<ul class="points-grid">{items}</ul></details>'
        )
    return "\n".join(parts)


def _hint(G: Any) -> str:
    """How to search, with a real point's names as the example (LI4 when the atlas has it)."""
    from ..graph.core import point_of

    code = "LI4" if node_id("point", "LI4") in G else channel_points(G, channels(G)[0])[0]
    p = point_of(G, code)
    return (
        f"A code in any school's spelling ({esc(code)}, UB13, Du14, Liv3), pinyin with or without tones "
        f'({esc(p.pinyin)}, {esc(p.pinyin_tones)}), characters (<span lang="zh-Hant">{esc(p.hanzi)}</span>) '
        f"or English ({esc(p.english)})."
    )


def index_page(G: Any) -> str:
    """The site's front page: search, channels, organs, every point, and what the site is."""
    data = search_index(G)
    total = len(data["points"])
    main = [
        "<h1>Acupuncture points, channels and organs</h1>",
        f'<p class="sub">All {total} points of the fourteen channels and the extra points of the WHO '
        "standard: "
        "names, location in proportional bone cun, needling, cautions and the organs they relate to.</p>",
        '<form id="search" class="search" role="search" action="index.html" method="get">',
        '<label for="q">Find a point, channel or organ</label>',
        '<div class="row"><input id="q" name="q" type="search" autocomplete="off" enterkeyhint="search" '
        'aria-describedby="search-hint" aria-controls="results"><button type="submit">Find</button></div>',
        f'<p class="hint" id="search-hint">{_hint(G)}</p>',
        "</form>",
        '<p id="status" role="status" aria-live="polite"></p>',
        '<ul id="results" aria-label="Search results"></ul>',
        "<noscript><p>Search needs JavaScript; every point is listed below.</p></noscript>",
        '<h2 id="channels">Channels</h2>',
        _channel_cards(G),
        '<h2 id="organs">Organs</h2>',
        _organ_cards(G),
        '<h2 id="points">All points</h2>',
        "<p>By channel, in order along each channel. A link to <code>index.html#BL13</code> opens that "
        "point's page.</p>",
        _all_points(G),
        '<h2 id="about">About these pages</h2>',
        "<p>Every page is made by meridian, an open-source knowledge graph, from its data: each fact is "
        'checked against at least two <a href="sources.html">references</a>, and every sentence is written '
        "from the data, not copied. The figures can be used on a clinic's own site: each figure's page gives "
        "the snippet.</p>",
        script_json(data, "search-data"),
    ]
    return page(
        "Acupuncture points, channels and organs",
        "",
        "\n".join(main),
        description=f"All {total} acupuncture points: names, locations, needling and organ relations.",
        search=False,
    )


def sources_page(sources: Iterable[Any]) -> str:
    """The references the data was checked against, each with an anchor the point pages link to."""
    items = []
    for s in sources:
        url = f' <a href="{esc(s.url)}" rel="noopener">{esc(s.url)}</a>' if s.url else ""
        note = f' <span class="note">{esc(s.note)}</span>' if s.note else ""
        items.append(
            f'<li id="{esc(s.id)}"><strong>{esc(s.title)}</strong> '
            f"({esc(s.kind)}, <code>{esc(s.id)}</code>){url}{note}</li>"
        )
    main = (
        '<nav class="crumbs" aria-label="Breadcrumb"><ol><li><a href="index.html">Index</a></li>'
        '<li aria-current="page">References</li></ol></nav>'
        "<h1>References</h1><p>The facts of the atlas were checked against these; the sentences are the "
        "project's own.</p>"
        f'<ul class="plain">{"".join(items)}</ul>'
    )
    return page("References", "", main, description="The references meridian's data was checked against.")
