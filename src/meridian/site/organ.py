"""The page of an organ: its points (back-shu, front-mu ...) on the charts, its channel, and how
findings at its points read, worded by :func:`meridian.reasoning.suggest` itself.

Warning signs come first and the project's disclaimer closes the reading: a finding *suggests*,
it never diagnoses.

Examples
--------
>>> from meridian import build_graph
>>> G = build_graph()
>>> html = organ_page(G, "lung", [])
>>> "BL13" in html and "LU1" in html and "suggests" in html and "diagnos" in html
True
>>> [code for _, code in organ_points(G, "san_jiao")]
['BL22', 'CV5', 'BL39']
"""

from __future__ import annotations

from typing import Any

from ..clinic.reasoning import suggest
from ..graph.core import node_id, point_of
from .pages import Shown, figures_html, point_label
from .shell import esc, link, page
from .words import organ_name

__all__ = ["organ_page", "organ_points", "warning_signs"]

# Point-to-organ edges, strongest first, and how a page names them.
_EDGES = (
    ("back_shu_of", "back-shu", "Back-shu point"),
    ("front_mu_of", "front-mu", "Front-mu point"),
    ("spirit_of", "spirit", "Outer-line spirit point"),
    ("lower_he_sea_of", "lower-he-sea", "Lower he-sea point"),
)


def organ_points(G: Any, organ: str) -> list[tuple[str, str]]:
    """(relation, point code) for every point related to an organ, strongest relation first."""
    node = node_id("organ", organ)
    out = []
    for edge, relation, _ in _EDGES:
        codes = sorted(G.nodes[u]["code"] for u, _, k in G.in_edges(node, keys=True) if k == edge)
        out += [(relation, code) for code in codes]
    return out


def warning_signs(G: Any) -> str:
    """The warning signs from the data, emergencies first, as a caution block."""
    flags = G.graph["red_flags"]
    urgent = "".join(f"<li>{esc(f.text)}</li>" for f in flags if f.urgency == "emergency")
    doctor = "".join(f"<li>{esc(f.text)}</li>" for f in flags if f.urgency != "emergency")
    return (
        '<section class="caution" aria-labelledby="warning"><h2 id="warning">Warning signs come first</h2>'
        "<p>Ask about these before reading any finding. With any of the first group, get emergency care "
        "now and do not treat:</p>"
        f"<ul>{urgent}</ul><p>With any of these, the person should see a doctor before any treatment:</p>"
        f"<ul>{doctor}</ul></section>"
    )


def _points_html(G: Any, related: list[tuple[str, str]], root: str) -> str:
    if not related:
        return "<p>No point of the atlas is recorded as related to it.</p>"
    texts = G.graph["relation_texts"]
    labels = {relation: label for _, relation, label in _EDGES}
    items = []
    for relation, code in related:
        loc = point_of(G, code).location
        where = f", level with {loc.levels[0]}" if len(loc.levels) == 1 else ""
        side = (
            f", {loc.lateral_cun:g} cun from the midline" if loc.frame == "back" and loc.lateral_cun else ""
        )
        items.append(
            f"<li><strong>{labels[relation]}</strong>: {link(root, 'point', code, point_label(G, code))}"
            f" ({esc(loc.region)}{esc(where)}{esc(side)})."
            f' <span class="note">{esc(texts[relation])}</span></li>'
        )
    return '<ul class="plain">' + "".join(items) + "</ul>"


def _reading(G: Any, organ: str, related: list[tuple[str, str]]) -> str:
    """How each kind of finding at the organ's main point reads, in the reasoning's own words."""
    if not related:
        return ""
    name = organ_name(G, organ)
    code = related[0][1]
    kinds = G.graph["finding_kinds"]
    rows = []
    result: dict[str, Any] = {}
    for kind_id, kind in kinds.items():
        result = suggest(G, [f"{code}@{kind_id}"])
        entry = next((e for e in result["imbalances"] + result["structures"] if e["organ"] == organ), None)
        if entry is None:
            continue
        rows.append(
            f'<tr><th scope="row">{esc(kind.label)}</th><td>{esc(", ".join(entry["suggests"]))}</td>'
            f"<td>{esc(kind.text)}</td></tr>"
        )
    structure = G.nodes[node_id("organ", organ)]["organ_kind"] == "structure"
    intro = (
        f"<p>{esc(point_label(G, code))} is named for {esc(name)}; a finding there is reported as a "
        "structure the point is named for, not as an organ imbalance.</p>"
        if structure
        else f"<p>What a finding at {esc(point_label(G, code))} traditionally suggests about {esc(name)}:</p>"
    )
    parts = [
        '<h2 id="reading">Reading findings</h2>',
        intro,
        '<div class="table-wrap"><table><thead><tr><th scope="col">Felt at the point</th>'
        '<th scope="col">Suggests</th><th scope="col">Why</th></tr></thead><tbody>',
        "\n".join(rows),
        "</tbody></table></div>",
    ]
    both = [c for r, c in related if r in ("back-shu", "front-mu")]
    if len(both) == 2 and not structure:
        pair = suggest(G, [f"{c}@tender" for c in both])
        top = pair["imbalances"][0]
        whys = "; ".join(dict.fromkeys(e["why"] for e in top["evidence"]))
        parts.append(
            f"<p>Tender at both {esc(both[0])} and {esc(both[1])}: {esc(whys)}."
            f" The reading of {esc(name)} then "
            f"scores {esc(top['score_text'])}, stronger than either point alone.</p>"
        )
    else:
        steps = "".join(f"<li>{esc(s)}</li>" for s in suggest(G, [f"{code}@tender"])["check_next"])
        if steps:
            parts.append(f'<p>To confirm a reading:</p><ul class="plain">{steps}</ul>')
    parts.append(
        f'<p class="disclaimer">{esc(result["disclaimer"][0].upper() + result["disclaimer"][1:])}</p>'
    )
    return "\n".join(parts)


def organ_page(G: Any, organ: str, shown: list[Shown], png: bool = False) -> str:
    """The page of an organ (or of a structure a point is named for)."""
    root = "../"
    node = G.nodes[node_id("organ", organ)]
    related = organ_points(G, organ)
    figures, figs = figures_html(shown, root, png=png)
    kind = node["organ_kind"]
    if kind == "structure":
        sub = "A structure that a point is named for, not one of the twelve organs"
    else:
        polarity = "yin" if kind == "zang" else "yang"
        sub = f"A {kind} ({polarity}) organ of the {node['phase']} phase"
    channels = [
        link(root, "channel", G.nodes[u]["code"], f"{G.nodes[u]['name']} channel ({G.nodes[u]['code']})")
        for u, _, k in G.in_edges(node_id("organ", organ), keys=True)
        if k == "pertains_to"
    ]
    title = str(node["name"])
    main = [
        '<nav class="crumbs" aria-label="Breadcrumb"><ol>',
        f'<li><a href="{root}index.html">Index</a></li>',
        f'<li><a href="{root}index.html#organs">Organs</a></li>',
        f'<li aria-current="page">{esc(title)}</li></ol></nav>',
        f'<h1>{esc(title)} <span lang="zh-Latn-pinyin">{esc(node["pinyin"])}</span> '
        f'<span class="hanzi" lang="zh-Hant">{esc(node["hanzi"])}</span></h1>',
        f'<p class="sub">{esc(sub)}</p>',
        f"<p>Its channel: {', '.join(channels)}.</p>" if channels else "",
        '<h2 id="points">Its points</h2>',
        _points_html(G, related, root),
        figures,
        warning_signs(G) if related else "",
        _reading(G, organ, related),
    ]
    points = ", ".join(code for _, code in related) or "no points"
    description = f"{title}: its points ({points}) on the charts, its channel, and how findings there read."
    return page(title, root, "\n".join(m for m in main if m), description=description, figures=figs)
