"""The page of a point and the page of a channel, as HTML, from the graph's query functions.

Examples
--------
>>> from meridian import build_graph
>>> G = build_graph()
>>> html = point_page(G, "BL13", [])
>>> "Fèishū" in html and 'lang="zh-Hant"' in html and 'href="../organ/lung.html"' in html
True
>>> 'href="../point/BL12.html"' in html and 'href="../point/GV12.html"' in html
True
"""

from __future__ import annotations

from typing import Any

from ..graph.core import node_id
from ..query.lookup import lookup
from ..query.points import channel_data
from .shell import esc, figure_block, link, page
from .svg import InlineFigure, figure_text, inline_figure
from .words import category_phrase, frame_sentence, needling_sentence, organ_name, side_phrase

__all__ = ["Shown", "channel_page", "figures_html", "point_label", "point_page"]

#: A figure as the page shows it: (file path under the site root, the SVG text).
Shown = tuple[str, str]

_KIND_WORD = {"primary": "channel ", "extraordinary": "", "extra": "group "}
_RELATION_WORDS = {"spirit": "outer-line spirit point", "lower-he-sea": "lower he-sea point"}


def point_label(G: Any, code: str) -> str:
    """``BL13 Fèishū``: how a point is named in links."""
    return f"{code} {G.nodes[node_id('point', code)]['record'].pinyin_tones}"


def _names(p: dict[str, Any]) -> str:
    rows = [
        ("Pinyin", f'<span lang="zh-Latn-pinyin">{esc(p["pinyin_tones"])}</span> ({esc(p["pinyin"])})'),
        ("Characters", f'<span lang="zh-Hant">{esc(p["hanzi"])}</span> (traditional)'),
    ]
    if p["hanzi_simplified"] != p["hanzi"]:
        rows.append(("Simplified", f'<span lang="zh-Hans">{esc(p["hanzi_simplified"])}</span>'))
    rows.append(("English", esc(p["english"])))
    if p["aliases"]:
        rows.append(("Also written", ", ".join(esc(a) for a in p["aliases"])))
    for other in p["other_codes"]:
        rows.append(("Other code", f"{esc(other['code'])} in {esc(other['system'])}"))
    return _dl(rows)


def _dl(rows: list[tuple[str, str]]) -> str:
    return '<dl class="facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _location(G: Any, p: dict[str, Any]) -> str:
    loc = p["location"]
    rows = [("Region", esc(loc["region"])), ("Side", side_phrase(loc))]
    if loc["levels"]:
        levels = loc["levels"]
        rows.append(("Level", esc(levels[0] if len(levels) == 1 else f"{levels[0]} to {levels[-1]}")))
    out = [f"<p>{esc(loc['text'])}</p>"]
    frame = frame_sentence(G, loc)
    if frame:
        out.append(f"<p>{esc(frame)}</p>")
    return "\n".join(out) + _dl(rows)


def _organs(G: Any, p: dict[str, Any], root: str) -> str:
    if not p["organs"]:
        return ""
    texts = G.graph["relation_texts"]
    items = []
    for rel in p["organs"]:
        name = organ_name(G, rel["organ"])
        what = _RELATION_WORDS.get(rel["relation"], rel["relation"] + " point")
        meaning = texts.get(rel["relation"], "")
        items.append(
            f"<li>The {esc(what)} of {link(root, 'organ', rel['organ'], name)}."
            + (f' <span class="note">{esc(meaning)}</span>' if meaning else "")
            + "</li>"
        )
    return '<h2 id="organs">Organs</h2><ul class="plain">' + "".join(items) + "</ul>"


def _neighbours(G: Any, nb: dict[str, Any], root: str) -> str:
    rows = []
    along = []
    if nb["previous"]:
        along.append("before it: " + link(root, "point", nb["previous"], point_label(G, nb["previous"])))
    if nb["next"]:
        along.append("after it: " + link(root, "point", nb["next"], point_label(G, nb["next"])))
    if along:
        rows.append(("Along the channel", "; ".join(along)))
    if nb["same_level"]:
        rows.append(
            (
                "At the same level",
                ", ".join(link(root, "point", c, point_label(G, c)) for c in nb["same_level"]),
            )
        )
    return '<h2 id="neighbours">Neighbours</h2>' + _dl(rows) if rows else ""


def _cautions(p: dict[str, Any]) -> str:
    if not p["cautions"]:
        return ""
    items = "".join(
        f"<li><strong>{esc(c['flag'].capitalize())}:</strong> {esc(c['text'])}</li>" for c in p["cautions"]
    )
    return (
        '<section class="caution" aria-labelledby="cautions"><h2 id="cautions">Cautions</h2>'
        f"<ul>{items}</ul></section>"
    )


def figures_html(
    shown: list[Shown], root: str, here: str = "", png: bool = False
) -> tuple[str, tuple[InlineFigure, ...]]:
    """The figure blocks of a page, and the inlined figures (for the page's theme style)."""
    blocks, figs = [], []
    for i, (file, svg) in enumerate(shown, start=1):
        fig = inline_figure(svg, f"f{i}-")
        title, _ = figure_text(svg)
        blocks.append(
            figure_block(fig, prefix=f"f{i}-", file=file, title=title, root=root, here=here, png=png)
        )
        figs.append(fig)
    markup = "\n".join(blocks)
    if len(blocks) > 1:  # side by side where there is room
        markup = f'<div class="figs">{markup}</div>'
    return markup, tuple(figs)


def point_page(G: Any, code: str, shown: list[Shown], png: bool = False) -> str:
    """The page of one point: names, location, needling, categories, organs, neighbours, figure."""
    root = "../"
    hit = lookup(G, code)
    p = hit["point"]
    ch = G.nodes[node_id("channel", p["channel"])]
    count = ch["record"].point_count
    figures, figs = figures_html(shown, root, here=code, png=png)
    of = f" of {count}" if count else ""
    cats = "".join(f"<li>{esc(category_phrase(G, c))}</li>" for c in p["categories"])
    notes = "".join(f"<li>{esc(n)}</li>" for n in hit["notes"] + p["notes"])
    sources = ", ".join(f'<a href="{root}sources.html#{esc(s)}">{esc(s)}</a>' for s in p["sources"])
    main = [
        '<nav class="crumbs" aria-label="Breadcrumb"><ol>',
        f'<li><a href="{root}index.html">Index</a></li>',
        f"<li>{link(root, 'channel', p['channel'], ch['name'] + ' (' + p['channel'] + ')')}</li>",
        f'<li aria-current="page">{esc(code)}</li></ol></nav>',
        f'<h1><span class="code">{esc(code)}</span> '
        f'<span lang="zh-Latn-pinyin">{esc(p["pinyin_tones"])}</span> '
        f'<span class="hanzi" lang="zh-Hant">{esc(p["hanzi"])}</span></h1>',
        f'<p class="sub">{esc(p["english"])} · point {p["number"]}{of} of the {esc(ch["name"])} '
        f"{_KIND_WORD[ch['record'].kind]}· {side_phrase(p['location'])}</p>",
        _cautions(p),
        '<div class="split">',
        f'<div class="visual">{figures}</div>' if figures else "",
        '<div class="text">',
        '<h2 id="names">Names</h2>',
        _names(p),
        '<h2 id="location">Location</h2>',
        _location(G, p),
        '<h2 id="needling">Needling</h2>',
        f"<p>{esc(needling_sentence(p['needling']))}</p>",
        f"<p>{esc(p['needling']['text'])}</p>" if p["needling"] and p["needling"]["text"] else "",
        f'<h2 id="categories">Categories</h2><ul class="plain">{cats}</ul>' if cats else "",
        _organs(G, p, root),
        _neighbours(G, hit["neighbours"], root),
        f'<h2 id="notes">Notes</h2><ul class="plain">{notes}</ul>' if notes else "",
        f'<p class="note">Checked against: {sources}.</p>',
        "</div></div>",
    ]
    title = f"{code} {p['pinyin_tones']} {p['hanzi']}"
    description = f"{code} {p['pinyin']} ({p['english']}): {p['location']['text']}"
    return page(title, root, "\n".join(m for m in main if m), description=description, figures=figs)


def _channel_facts(G: Any, data: dict[str, Any], root: str) -> str:
    rows = []
    if data["kind"] == "primary":
        rows.append(
            (
                "Kind",
                f"one of the twelve regular channels, a {esc(data['limb'])} {esc(data['polarity'])} channel",
            )
        )
    elif data["kind"] == "extraordinary":
        rows.append(
            (
                "Kind",
                f"an extraordinary vessel on the {'back' if data['polarity'] == 'yang' else 'front'} midline",
            )
        )
    else:
        rows.append(("Kind", "a group of extra points, named by region, not a channel with a course"))
    if data["organ"]:
        rows.append(
            ("Organ", link(root, "organ", data["organ"], organ_name(G, data["organ"])[4:].capitalize()))
        )
    for key, label in (("paired", "Paired with"), ("flows_to", "Flows on to")):
        if data[key]:
            other = G.nodes[node_id("channel", data[key])]["name"]
            rows.append((label, link(root, "channel", data[key], f"{other} ({data[key]})")))
    before = [
        G.nodes[u]["code"]
        for u, _, k in G.in_edges(node_id("channel", data["code"]), keys=True)
        if k == "flows_to"
    ]
    for code in before:
        rows.append(
            (
                "Comes from",
                link(root, "channel", code, f"{G.nodes[node_id('channel', code)]['name']} ({code})"),
            )
        )
    if data["aliases"]:
        rows.append(("Also written", ", ".join(esc(a) for a in data["aliases"])))
    if data["shared_aliases"]:
        rows.append(
            (
                "Careful",
                ", ".join(esc(a) for a in data["shared_aliases"])
                + " names another channel in another school",
            )
        )
    rows.append(("Points", str(len(data["points"]))))
    return '<dl class="facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _where(p: dict[str, Any]) -> str:
    loc = p["location"]
    levels = loc["levels"]
    level = f", {levels[0]}" if len(levels) == 1 else (f", {levels[0]}-{levels[-1]}" if levels else "")
    return f"{loc['region']}{level}"


def channel_page(G: Any, code: str, shown: list[Shown], png: bool = False) -> str:
    """The page of a channel (or group of extra points): what it is, its course, its points in order."""
    root = "../"
    data = channel_data(G, code)
    figures, figs = figures_html(shown, root, png=png)
    rows = []
    for p in data["points"]:
        cats = " ".join(
            f'<span class="tag">{esc(c["kind"] if c["kind"] != "five-shu" else c["role"])}</span>'
            for c in p["categories"]
        )
        rows.append(
            f'<tr><th scope="row">{link(root, "point", p["code"], p["code"])}</th>'
            f'<td><span lang="zh-Latn-pinyin">{esc(p["pinyin_tones"])}</span> '
            f'<span lang="zh-Hant">{esc(p["hanzi"])}</span></td>'
            f'<td class="english">{esc(p["english"])}</td>'
            f'<td class="where">{esc(_where(p))}</td><td>{cats}</td></tr>'
        )
    name = f"{data['name']} channel" if data["kind"] == "primary" else data["name"]
    main = [
        '<nav class="crumbs" aria-label="Breadcrumb"><ol>',
        f'<li><a href="{root}index.html">Index</a></li>',
        f'<li><a href="{root}index.html#channels">Channels</a></li>',
        f'<li aria-current="page">{esc(code)}</li></ol></nav>',
        f'<h1><span class="code">{esc(code)}</span> {esc(name)}</h1>',
        f'<p class="sub"><span lang="zh-Latn-pinyin">{esc(data["pinyin_tones"])}</span> '
        f'<span lang="zh-Hant">{esc(data["hanzi"])}</span></p>',
        f"<p>{esc(data['flow'])}</p>",
        _channel_facts(G, data, root),
        figures,
        f'<h2 id="points">The {len(data["points"])} points in order</h2>',
        '<div class="table-wrap"><table class="points"><thead><tr>'
        + "".join(f'<th scope="col">{h}</th>' for h in ("Code", "Name", "English", "Where", "Categories"))
        + "</tr></thead><tbody>",
        "\n".join(rows),
        "</tbody></table></div>",
    ]
    description = f"The {name} ({code}): {data['flow']} Its {len(data['points'])} points in order."
    return page(
        f"{code} {name}", root, "\n".join(m for m in main if m), description=description, figures=figs
    )
