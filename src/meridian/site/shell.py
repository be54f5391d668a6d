"""The frame every page shares: head, header with search, landmarks, footer; and the figure block.

Links are relative (``root`` is ``""`` for the index and ``"../"`` for the pages in folders), so
the site works from a disk, a subfolder of a clinic's site or any host, with no server.

Examples
--------
>>> html = page("BL13", "../", "<h1>BL13</h1>", description="A point.")
>>> html.startswith("<!DOCTYPE html>") and '<main id="main"' in html and 'href="../assets/site.css"' in html
True
>>> link("../", "point", "BL13", "BL13 Fèishū")
'<a href="../point/BL13.html">BL13 Fèishū</a>'
"""

from __future__ import annotations

from html import escape
from typing import Any

from ..clinic.reasoning import DISCLAIMER
from ..version import __version__
from .svg import InlineFigure, theme_css

__all__ = ["CSP", "DISCLAIMER", "esc", "figure_block", "link", "page", "script_json"]

#: The Content-Security-Policy every page carries (a ``<meta http-equiv>`` tag, so it holds on
#: any host and from a disk): nothing but the site's own script, stylesheet and icon is loaded,
#: no inline script runs (the search index is data, not script), and forms go only to the site.
#: Inline styles are allowed: the figures are inline SVG whose shapes carry ``style`` attributes
#: and whose colours a ``<style>`` per page maps onto the themes; with nothing loaded from
#: elsewhere (``img-src``, ``font-src`` and ``connect-src`` fall back to ``'none'`` or the site),
#: a style cannot send anything out.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'"
)

# JSON's syntax has no <, > or &; inside its strings they may be written as \u escapes, and so
# must be, for no text in the data to close the script element or open an HTML comment in it.
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def esc(text: object) -> str:
    """Text escaped for HTML (quotes too, so it can go in attributes)."""
    return escape(str(text), quote=True)


def script_json(data: Any, element_id: str) -> str:
    r"""``data`` inlined as a ``<script type="application/json">`` that no text in it can end
    early or break: ``<``, ``>``, ``&``, U+2028 and U+2029 are written as JSON's ``\u`` escapes,
    so ``JSON.parse`` (and :func:`json.loads`) read back exactly ``data``.

    Examples
    --------
    >>> script_json({"name": "<!--<script>"}, "data")
    '<script type="application/json" id="data">{"name":"\\u003c!--\\u003cscript\\u003e"}</script>'
    """
    import json

    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False)
    return f'<script type="application/json" id="{esc(element_id)}">{text.translate(_SCRIPT_SAFE)}</script>'


def link(root: str, kind: str, name: str, text: str) -> str:
    """A link to another page of the site (``kind`` is point, channel or organ)."""
    return f'<a href="{root}{kind}/{esc(name)}.html">{esc(text)}</a>'


def _header(root: str, search: bool) -> str:
    find = (
        f'<form class="find" role="search" action="{root}index.html" method="get">'
        '<label for="find-q" class="vh">Find a point, channel or organ</label>'
        '<input id="find-q" name="q" type="search" placeholder="Code or name, e.g. LI4 or Hegu" '
        'autocomplete="off" enterkeyhint="search">'
        '<button type="submit">Find</button></form>'
        if search
        else ""
    )
    return (
        '<a class="skip" href="#main">Skip to the content</a>\n'
        '<header class="top"><div class="wrap">'
        f'<a class="brand" href="{root}index.html">meridian <span>acupuncture points</span></a>'
        '<nav aria-label="Site"><ul>'
        f'<li><a href="{root}index.html#channels">Channels</a></li>'
        f'<li><a href="{root}index.html#organs">Organs</a></li>'
        f'<li><a href="{root}index.html#points">All points</a></li>'
        f"</ul></nav>{find}</div></header>"
    )


def _footer(root: str) -> str:
    return (
        '<footer class="wrap">'
        f"<p>{esc(DISCLAIMER[0].upper() + DISCLAIMER[1:])}</p>"
        '<p class="more">Made with meridian '
        f"{esc(__version__)} from its data (CC BY 4.0, the meridian developers); every sentence is written "
        f'from the data, and the facts are checked against the <a href="{root}sources.html">references</a>.'
        "</p></footer>"
    )


def page(
    title: str,
    root: str,
    main: str,
    *,
    description: str,
    figures: tuple[InlineFigure, ...] = (),
    search: bool = True,
) -> str:
    """A whole HTML page around ``main`` (the content of the ``<main>`` landmark)."""
    style = theme_css(figures)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">',
        f"<title>{esc(title)} · meridian</title>",
        f'<meta name="description" content="{esc(description)}">',
        '<meta name="color-scheme" content="light dark">',
        f'<link rel="icon" href="{root}assets/icon.svg" type="image/svg+xml">',
        f'<link rel="stylesheet" href="{root}assets/site.css">',
        f"<style>{style}</style>" if style else "",
        "</head>",
        f'<body data-root="{root}">',
        _header(root, search),
        f'<main id="main" class="wrap" tabindex="-1">\n{main}\n</main>',
        _footer(root),
        f'<script src="{root}assets/site.js" defer></script>',
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(p for p in parts if p)


def figure_block(
    fig: InlineFigure,
    *,
    prefix: str,
    file: str,
    title: str,
    root: str,
    here: str = "",
    png: bool = False,
) -> str:
    """A figure inlined with its caption, a way past it for the keyboard, and its embed snippet.

    ``file`` is the figure's path under the site's root (``fig/point/BL13.svg``); ``here`` the code
    of the page's own point, which is not a link on its own page.
    """
    style = []
    if fig.natural_width:
        style.append(f"--natural:{fig.natural_width}px")
    if fig.readable_width:
        style.append(f"--readable:{fig.readable_width}px")
    readable = f' data-readable="{fig.readable_width}"' if fig.readable_width else ""
    after = f"{prefix}after"
    png_link = f' · <a href="{root}{file[:-4]}.png" download>PNG</a>' if png else ""
    width = fig.natural_width or 600
    height = round(width * _aspect(fig.markup))
    snippet = (
        f'<figure>\n  <img src="{esc(file)}" alt="{esc(title)}" width="{width}" height="{height}" '
        f'loading="lazy">\n  <figcaption>{esc(title)}. Drawn by meridian; data CC BY 4.0, the meridian '
        "developers.</figcaption>\n</figure>"
    )
    return "\n".join(
        [
            '<div class="fig-block">',
            f'<a class="skip-inline" href="#{after}">Skip the figure</a>',
            f'<figure class="fig" data-prefix="{prefix}" data-here="{esc(here)}"{readable} '
            f'style="{";".join(style)}" aria-labelledby="{prefix}cap">',
            '<div class="fig-tools"><button type="button" class="zoom" aria-pressed="false" hidden>'
            "Enlarge to read the labels</button></div>",
            f'<div class="fig-scroll">{fig.markup}</div>',
            # The figure draws its own title and caption: the page's caption names it for screen
            # readers and shows the name of the point the keyboard is on.
            f'<figcaption><span class="vh" id="{prefix}cap">{esc(title)}</span>'
            '<span class="focus-name" aria-live="polite"></span></figcaption>',
            "</figure>",
            f'<details class="embed" id="{after}" tabindex="-1">',
            "<summary>Use this figure on your own site</summary>",
            "<p>Paste this into a page of your site. The figure is an SVG file with a clear background, "
            f'drawn for a light page: <a class="file" href="{root}{esc(file)}">'
            f"{esc(file.rsplit('/', 1)[-1])}</a>"
            f"{png_link}.</p>",
            f'<pre><code data-src="{esc(file)}">{esc(snippet)}</code></pre>',
            '<button type="button" class="copy" hidden>Copy</button>',
            "</details>",
            "</div>",
        ]
    )


def _aspect(markup: str) -> float:
    import re

    box = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', markup)
    return float(box.group(2)) / float(box.group(1)) if box else 1.0
