"""Figures made ready for a page: themed for light and dark, ids made unique, sized to read.

The figures are drawn with a transparent background and their colours baked into ``style``
attributes. :func:`inline_figure` turns each ``fill``/``stroke`` colour into a CSS custom property
with the drawn colour as fallback (``fill: var(--m-1f2630, #1f2630)``), and :func:`theme_css`
gives the values of those properties for a dark page (``prefers-color-scheme: dark``): light
ink, dark paper, hues kept. Text colours get properties of their own (``--mt-...``), checked for
WCAG AA contrast against the page in both themes. The page's stylesheet reaches the points through
their class attributes (``point``, ``channel-BL``, ``highlighted`` ...).

Examples
--------
>>> svg = '<svg viewBox="0 0 10 10" role="img"><text style="font-size: 5px; fill: #9b8f83">T3</text></svg>'
>>> page = inline_figure(svg, "f1-")
>>> print(page.markup.replace("><", ">\\n<"))
<svg viewBox="0 0 10 10" role="group">
<text style="font-size: 5px; fill: var(--mt-9b8f83, #9b8f83)">T3</text>
</svg>
>>> sorted(page.text_colours), page.readable_width
(['9b8f83'], 24)
>>> contrast("#ffffff", "#000000")
21.0
"""

from __future__ import annotations

import colorsys
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "DARK_BG",
    "LIGHT_BG",
    "MIN_TEXT_PX",
    "InlineFigure",
    "contrast",
    "dark_colour",
    "figure_text",
    "inline_figure",
    "text_colour",
    "theme_css",
]

#: The page backgrounds of the two themes (the same values as ``assets/site.css``).
LIGHT_BG = "#fbfaf8"
DARK_BG = "#14171b"
#: The smallest text a figure should show at its reading size, in CSS pixels.
MIN_TEXT_PX = 12
# Text in a figure must reach AA (4.5:1) on the page; a margin covers the paler body drawn behind it.
_TEXT_CONTRAST = 5.2

_COLOUR_IN_STYLE = re.compile(r"\b(fill|stroke|stop-color|color): ?#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_STYLE_BLOCK = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.S)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_FILLED = frozenset({"path", "use", "text", "tspan", "rect", "circle", "ellipse", "polygon"})
_STYLED_TAG = re.compile(r"<([a-zA-Z]+)\b[^>]*?\bstyle=\"([^\"]*)\"")


@dataclass(frozen=True, slots=True)
class InlineFigure:
    """An SVG ready to inline in a page: its markup and what the page's style needs to know."""

    markup: str
    text_colours: frozenset[str]
    other_colours: frozenset[str]
    #: CSS width (px) at which the smallest text of the figure is :data:`MIN_TEXT_PX` tall.
    readable_width: int | None
    #: The width the figure was drawn at, in CSS pixels.
    natural_width: int | None


def _rgb(colour: str) -> tuple[float, float, float]:
    c = colour.lstrip("#")
    return int(c[0:2], 16) / 255, int(c[2:4], 16) / 255, int(c[4:6], 16) / 255


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(max(v, 0.0), 1.0) * 255):02x}" for v in rgb)


def _luminance(colour: str) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else float(((v + 0.055) / 1.055) ** 2.4)

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours, from 1 to 21 (rounded to 2 places)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return round((hi + 0.05) / (lo + 0.05), 2)


def _towards(colour: str, background: str, goal: float, lighter: bool) -> str:
    """``colour`` made lighter or darker, hue kept, until it reaches ``goal`` contrast on ``background``."""
    h, lightness, s = colorsys.rgb_to_hls(*_rgb(colour))
    step = 0.01 if lighter else -0.01
    out = colour
    while contrast(out, background) < goal and 0.0 <= lightness <= 1.0:
        lightness += step
        out = _hex(colorsys.hls_to_rgb(h, min(max(lightness, 0.0), 1.0), s))
    return out


def dark_colour(colour: str, text: bool = False) -> str:
    """The colour for a dark page: lightness turned over (paper dark, ink light), hue kept.

    Text is made light enough to read on :data:`DARK_BG` (WCAG AA with a margin).

    Examples
    --------
    >>> dark_colour("#ffffff"), dark_colour("#1f2630", text=True)
    ('#1f1f1f', '#c1c9d5')
    """
    h, lightness, s = colorsys.rgb_to_hls(*_rgb(colour))
    # Paper tints (very light, so their HLS saturation is large) would turn into strong browns.
    s *= 0.25 if lightness > 0.85 else 0.85
    out = _hex(colorsys.hls_to_rgb(h, 0.12 + 0.8 * (1.0 - lightness), s))
    return _towards(out, DARK_BG, _TEXT_CONTRAST, lighter=True) if text else out


def text_colour(colour: str) -> str:
    """A text colour for the light page: darkened, hue kept, only as far as AA needs.

    Examples
    --------
    >>> text_colour("#1f2630"), text_colour("#9b8f83")
    ('#1f2630', '#71665b')
    """
    return _towards(colour, LIGHT_BG, _TEXT_CONTRAST, lighter=False)


def figure_text(svg: str) -> tuple[str, str]:
    """The figure's ``<title>`` and ``<desc>`` (for alt text and captions), unescaped.

    Examples
    --------
    >>> figure_text('<svg><title id="t">The back</title><desc id="d">Seen from behind.</desc></svg>')
    ('The back', 'Seen from behind.')
    """
    title = re.search(r"<title\b[^>]*>(.*?)</title>", svg, re.S)
    desc = re.search(r"<desc\b[^>]*>(.*?)</desc>", svg, re.S)
    return (
        html.unescape(title.group(1)).strip() if title else "",
        html.unescape(desc.group(1)).strip() if desc else "",
    )


def _sizes(svg: str) -> tuple[int | None, int | None]:
    """(natural width in CSS px, width at which the smallest text is MIN_TEXT_PX), from the SVG."""
    box = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"', svg)
    width = re.search(r'<svg\b[^>]*\bwidth="([\d.]+)(pt|px)?"', svg)
    if box is None:
        return None, None
    units = float(box.group(1))
    natural = None
    if width is not None:
        natural = round(float(width.group(1)) * (4 / 3 if width.group(2) == "pt" else 1))
    fonts = [float(v) for v in re.findall(r"font-size: ?([\d.]+)px", svg)]
    if not fonts or min(fonts) <= 0:
        return natural, None
    return natural, round(units * MIN_TEXT_PX / min(fonts))


def _hex6(value: str) -> str:
    value = value.lower()
    return "".join(c * 2 for c in value) if len(value) == 3 else value


class _Recolour:
    """Colours turned into CSS variables, and which of them text is drawn in."""

    def __init__(self, markup: str) -> None:
        self.texts: set[str] = set()
        self.others: set[str] = set()
        # Classes put on text: a rule for them (``.muted``) colours text, which needs AA contrast.
        found = re.findall(r'<(?:text|tspan)\b[^>]*\bclass="([^"]*)"', markup)
        self.text_classes = {c for classes in found for c in classes.split()}

    def colour(self, m: re.Match[str], text: bool) -> str:
        value = _hex6(m.group(2))
        is_text = text and m.group(1) in ("fill", "color")
        (self.texts if is_text else self.others).add(value)
        return f"{m.group(1)}: var(--{'mt' if is_text else 'm'}-{value}, #{value})"

    def _text_rule(self, selectors: str) -> bool:
        for selector in selectors.split(","):
            last = re.split(r"[\s>+~]+", selector.strip())[-1]
            if re.match(r"(text|tspan)\b", last) or set(re.findall(r"\.([\w-]+)", last)) & self.text_classes:
                return True
        return False

    def stylesheet(self, css: str) -> str:
        def rule(m: re.Match[str]) -> str:
            text = self._text_rule(m.group(1))
            return m.group(1) + "{" + _COLOUR_IN_STYLE.sub(lambda d: self.colour(d, text), m.group(2)) + "}"

        return _RULE.sub(rule, css)

    def attribute(self, match: re.Match[str]) -> str:
        style = match.group(2)
        whole = match.group(0)
        # matplotlib leaves out a black fill (SVG's default), which would stay black on a dark page;
        # a marker's shape (with an id, in <defs>) takes its fill from each <use> of it instead, and
        # an element with a class takes it from the figure's stylesheet.
        plain = " id=" not in whole and " class=" not in whole
        if match.group(1) in _FILLED and plain and not re.search(r"\bfill:", style):
            style = style.rstrip("; ") + "; fill: #000000"
        text = match.group(1) in ("text", "tspan")
        style = _COLOUR_IN_STYLE.sub(lambda d: self.colour(d, text), style)
        return whole[: whole.rindex('style="')] + f'style="{style}"'


def _recolour(markup: str) -> tuple[str, set[str], set[str]]:
    """Every colour of the figure, in its stylesheet and its style attributes, made a variable."""
    work = _Recolour(markup)
    markup = _STYLE_BLOCK.sub(lambda m: m.group(1) + work.stylesheet(m.group(2)) + m.group(3), markup)
    return _STYLED_TAG.sub(work.attribute, markup), work.texts, work.others


def inline_figure(svg: str, prefix: str) -> InlineFigure:
    """An SVG file's text made ready to inline: ids prefixed, colours themable, whitespace trimmed.

    The prolog, doctype and metadata are dropped; every id and reference gets ``prefix`` (so that
    two figures on a page never share one); ``role="img"`` becomes ``role="group"`` so that the
    points inside, each focusable and named, stay visible to screen readers.
    """
    from ..gallery import inline_svg

    text = inline_svg(svg, prefix)
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.S)
    text = re.sub(r'(\sd=")([^"]*)"', lambda m: m.group(1) + " ".join(m.group(2).split()) + '"', text)
    text = re.sub(r">\s+<", "><", text).strip()
    text = text.replace('role="img"', 'role="group"', 1)
    text, texts, others = _recolour(text)
    natural, readable = _sizes(svg)
    return InlineFigure(text, frozenset(texts), frozenset(others), readable, natural)


def theme_css(figures: Iterable[InlineFigure]) -> str:
    """The style a page needs for its figures: text darkened where AA needs it, and the dark theme.

    Examples
    --------
    >>> svg = '<svg><path style="fill: #ffffff"/><text style="fill: #1f2630">x</text></svg>'
    >>> fig = inline_figure(svg, "a-")
    >>> print(theme_css([fig]))
    @media (prefers-color-scheme: dark){:root{--m-ffffff:#1f1f1f;--mt-1f2630:#c1c9d5}}
    """
    texts = sorted({c for f in figures for c in f.text_colours})
    others = sorted({c for f in figures for c in f.other_colours})
    light = [f"--mt-{c}:{text_colour('#' + c)}" for c in texts if text_colour("#" + c) != "#" + c]
    dark = [f"--m-{c}:{dark_colour('#' + c)}" for c in others]
    dark += [f"--mt-{c}:{dark_colour('#' + c, text=True)}" for c in texts]
    parts = []
    if light:
        parts.append(":root{" + ";".join(light) + "}")
    if dark:
        parts.append("@media (prefers-color-scheme: dark){:root{" + ";".join(dark) + "}}")
    return "\n".join(parts)
