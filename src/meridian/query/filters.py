"""Searching points by filters, in a catalog: what :func:`meridian.search` and ``meridian search`` do.

The filters read the points' facets in the catalog (plain data, see :mod:`meridian.catalog`),
so a search needs neither the records nor the graph.

Examples
--------
>>> from meridian.catalog import catalog_of
>>> from meridian.graphcore import lookup_graph
>>> cat = catalog_of(lookup_graph())
>>> [p["code"] for p in select(cat, category="connecting", channel="lung")]
['LU7']
"""

from __future__ import annotations

from ..errors import NotFoundError, UsageError
from ..names import channel_code, normalize_name

__all__ = ["CATEGORY_WORDS", "select"]

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing at run time: a search stays cheap to start
    from collections.abc import Callable, Iterable, Mapping
    from typing import Any

_REGIONS = (
    *("head", "face", "ear", "neck", "shoulder", "axilla", "back", "lumbar", "sacrum", "buttock"),
    *("perineum", "chest", "flank", "abdomen", "arm", "elbow", "forearm", "wrist", "hand", "finger"),
    *("hip", "thigh", "knee", "leg", "ankle", "foot", "toe"),
)
#: The short words practitioners use for categories (a word or a role of the five-shu points).
CATEGORY_WORDS = {
    "xi": "xi-cleft", "cleft": "xi-cleft", "accumulation": "xi-cleft",
    "mu": "front-mu", "alarm": "front-mu", "shu": "back-shu", "transport": "back-shu",
    "source": "yuan", "connecting": "luo", "network": "luo", "influential": "hui",
    "opening": "confluent", "master": "confluent", "crossing": "meeting", "intersection": "meeting",
    "window": "window-of-sky", "lower-he": "lower-he-sea", "seas": "sea",
    "well": "jing-well", "spring": "ying-spring", "stream": "shu-stream", "river": "jing-river",
    "sea": "he-sea", "he": "he-sea",
}  # fmt: skip
_ROLES = ("jing-well", "ying-spring", "shu-stream", "jing-river", "he-sea")
_ANGLES = ("perpendicular", "oblique", "transverse", "prick", "none")


def _category_test(cat: Mapping[str, Any], category: str) -> Callable[[dict[str, Any]], bool]:
    """A test of a point's facets for a category kind, a five-shu role or a practitioner's word."""
    typed = category.strip().lower().replace(" ", "-").replace("_", "-")
    known = [*cat["filters"]["categories"], *_ROLES, *CATEGORY_WORDS]
    # A short word is read once: "seas" is the four seas, "sea" the he-sea points.
    key = CATEGORY_WORDS.get(typed, typed) if typed in known else _choice(typed, known, "category")
    if key in _ROLES:
        return lambda f: key in f["roles"]
    return lambda f: key in f["kinds"]


def _choice(value: str, allowed: Iterable[str], what: str) -> str:
    options = sorted(set(allowed))
    key = value.strip().lower().replace(" ", "_")
    if key not in options:
        import difflib  # only a miss needs it

        close = difflib.get_close_matches(key, options, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise UsageError(f"unknown {what} {value!r}; {hint}expected one of {', '.join(options)}")
    return key


def select(
    cat: Mapping[str, Any],
    text: str | None = None,
    *,
    organ: str | None = None,
    category: str | None = None,
    level: str | None = None,
    region: str | None = None,
    channel: str | None = None,
    caution: str | None = None,
    frame: str | None = None,
    needling: str | None = None,
) -> list[dict[str, Any]]:
    """The points of a catalog that pass every filter given, in channel order (the filters are
    those of :func:`meridian.search`); the points returned are the catalog's own.

    The filters read each point's facets (:func:`meridian.catalog.facets`); only the points
    that pass are read whole.

    Examples
    --------
    >>> from meridian.catalog import catalog_of
    >>> from meridian.graphcore import lookup_graph
    >>> [p["code"] for p in select(catalog_of(lookup_graph()), "feishu", level="T3")]  # BL42 by its text
    ['BL13', 'BL42']
    """
    filters = cat["filters"]
    found = list(cat["facets"].items())
    if organ is not None:
        wanted = _choice(organ, filters["organs"], "organ")
        found = [(c, f) for c, f in found if wanted in f["organs"]]
    if category is not None:
        test = _category_test(cat, category)
        found = [(c, f) for c, f in found if test(f)]
    if level is not None:
        wanted = level.strip().upper()
        if wanted not in filters["levels"]:
            raise UsageError(f"unknown level {level!r}; expected C1-C7, T1-T12, L1-L5 or S1-S4")
        found = [(c, f) for c, f in found if wanted in f["levels"]]
    if region is not None:
        wanted = _choice(region, _REGIONS, "region")
        found = [(c, f) for c, f in found if f["region"] == wanted]
    if channel is not None:
        try:
            code = channel_code(cat["codes"], cat["channel_names"], cat["shared"], channel)
        except NotFoundError as exc:
            raise UsageError(str(exc)) from None
        found = [(c, f) for c, f in found if f["channel"] == code]
    if caution is not None:
        wanted = _choice(caution, filters["cautions"], "caution")
        found = [(c, f) for c, f in found if wanted in f["cautions"]]
    if frame is not None:
        wanted = _choice(frame, filters["frames"], "frame")
        found = [(c, f) for c, f in found if f["frame"] == wanted]
    if needling is not None:
        wanted = _choice(needling, _ANGLES, "needling angle")
        found = [(c, f) for c, f in found if f["angles"] is not None and wanted in f["angles"]]
    if text is not None and text.strip():
        folded = normalize_name(text)
        words = text.casefold()
        found = [
            (c, f)
            for c, f in found
            if any(folded in normalize_name(n) for n in f["names"]) or words in f["text"].casefold()
        ]
    points = cat["points"]
    return [points[c] for c, _ in found]
