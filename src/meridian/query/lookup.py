"""Finding a point by whatever a practitioner has in their head, and searching the graph.

:func:`lookup` resolves a code in any school's spelling, a pinyin name with or without tones,
the characters (traditional or simplified), an English name or an alternative name, and says why
when a code means something else in another numbering. :func:`search` filters points by organ,
category, level, region, channel, caution and text.

Both answer from the graph's catalog (:mod:`meridian.catalog`): the same plain data that the
command line reads from the cache, so a lookup gives the same answer either way. This module
imports nothing heavy, so ``import meridian`` stays cheap.

Examples
--------
>>> from meridian import build_graph
>>> G = build_graph()
>>> [lookup(G, q)["code"] for q in ("UB13", "fei shu", "Fèishū", "肺兪", "Lung Shu")]
['BL13', 'BL13', 'BL13', 'BL13', 'BL13']
>>> [p["code"] for p in search(G, organ="heart")]
['BL15', 'BL44', 'CV14']
"""

from __future__ import annotations

from ..errors import AmbiguousError, NotFoundError, UsageError
from ..names import CODE, normalize_name, point_code, with_tones
from .filters import CATEGORY_WORDS, select

__all__ = ["CATEGORY_WORDS", "AmbiguousError", "find", "lookup", "search"]

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing at run time: a lookup stays cheap to start
    from collections.abc import Mapping
    from typing import Any


def _copy(value: Any) -> Any:
    """A copy of plain data, so what a caller changes is its own."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _catalog(G: Any) -> Mapping[str, Any]:
    from .catalog import catalog_of

    return catalog_of(G)


def lookup(G: Any, query: str) -> dict[str, Any]:
    """Resolve a query to one point, with the notes a practitioner needs about it.

    Accepted: WHO codes and every school's spelling of them (``BL13``, ``bl-13``, ``UB13``,
    ``B13``, ``V13``, ``DU14``, ``VG14``); pinyin with or without tone marks, spaces or hyphens,
    in any case; traditional or simplified characters; English names; alternative names
    (``Zanzhu``, ``Renzhong``, ``Gaohuangshu``); and codes of other numberings (``GV29`` is Yintang).
    A code that the older Bladder numbering used for another point resolves to today's point, with
    a note: the current code always wins.

    Returns
    -------
    dict
        ``query``, ``code``, ``matched`` (what matched: code, pinyin, characters, ...), ``notes``,
        ``point`` (the POINT object) and ``neighbours`` (``previous``, ``next`` along the channel and
        ``same_level``).

    Raises
    ------
    NotFoundError
        For a miss, with the closest names as ``suggestions``; :class:`AmbiguousError` when the
        query names several points.

    Examples
    --------
    >>> from meridian import build_graph
    >>> G = build_graph()
    >>> hit = lookup(G, "BL54")
    >>> hit["code"], hit["point"]["pinyin"]
    ('BL54', 'Zhibian')
    >>> print(hit["notes"][0])
    The older Bladder numbering used BL54 for what is now BL40 Weizhong.
    >>> hit = lookup(G, "GV29")
    >>> hit["code"], hit["matched"]
    ('EX-HN3', 'code in GB/T 12346-2006')
    >>> lookup(G, "Feishoo")
    Traceback (most recent call last):
    ...
    meridian.errors.NotFoundError: no point called 'Feishoo'; did you mean Feishu (BL13)?
    """
    hit: dict[str, Any] = _copy(find(_catalog(G), query))
    return hit


def find(cat: Mapping[str, Any], query: str) -> dict[str, Any]:
    """:func:`lookup` in a catalog (:mod:`meridian.catalog`); the answer shares its data.

    Examples
    --------
    >>> from meridian.catalog import catalog_of
    >>> from meridian.graphcore import lookup_graph
    >>> find(catalog_of(lookup_graph()), "he gu")["code"]
    'LI4'
    """
    text = query.strip()
    if not text:
        raise UsageError("empty query; give a point code or name, e.g. BL13 or Feishu")
    if len(text) > 200:
        raise UsageError(
            f"query too long ({len(text)} characters); give a point code or name, e.g. BL13 or Feishu"
        )
    points, old_codes = cat["points"], cat["old_codes"]
    notes: list[str] = []
    code = point_code(cat["codes"], text)
    code = code if code in points else None
    matched = "code"
    folded = normalize_name(text)
    if code is None:
        moved = old_codes.get(folded.upper(), ())
        current = [(c, s, n) for c, s, n in moved if s != "pre-WHO"]
        if current:
            code, system, note = current[0]
            matched = f"code in {system}"
            notes.append(note)
        elif (shared := _shared(cat, text)) is not None:
            code, matched, note = shared
            notes.append(note)
        elif folded in cat["names"]["by_key"]:
            hits = cat["names"]["by_key"][folded]
            exact = cat["names"]["exact"].get(with_tones(text), ())
            if len(hits) > 1 and len(exact) == 1:  # tone marks or characters decide it
                hits = [h for h in hits if h[0] == exact[0]]
            if len(hits) > 1:
                labels = tuple(_candidate(cat, c) for c, _ in hits)
                raise AmbiguousError(
                    f"{text!r} names {len(labels)} points: {'; '.join(labels)};"
                    " give the tone marks, the characters or the code",
                    labels,
                )
            code, matched = hits[0]
        else:
            raise _miss(cat, text)
    if matched == "code":  # a code typed from the old numbering may mean another point
        for owner, system, _ in old_codes.get(code, ()):
            if system == "pre-WHO" and owner != code:
                older = points[owner]["pinyin"]
                notes.append(f"The older Bladder numbering used {code} for what is now {owner} {older}.")
    p = points[code]
    for other in p["other_codes"]:
        if other["system"] == "pre-WHO":
            notes.append(f"In the older Bladder numbering this point was {other['code']}.")
        elif not matched.startswith("code in"):
            notes.append(f"Also {other['code']} in {other['system']}. {other['note']}")
    near = cat["neighbours"][code]
    level = near["level"]  # a point that spans levels (Jiaji) is level with too much to list
    return {
        "query": query,
        "code": code,
        "matched": matched,
        "notes": notes,
        "point": p,
        "neighbours": {
            "previous": near["previous"],
            "next": near["next"],
            "same_level": [c for c in cat["at_level"][level] if c != code] if level else [],
        },
    }


def _candidate(cat: Mapping[str, Any], code: str) -> str:
    p = cat["points"][code]
    return f"{p['pinyin_tones']} {p['hanzi']} ({code})"


def _shared(cat: Mapping[str, Any], text: str) -> tuple[str, str, str] | None:
    """A code whose prefix means two channels in two schools (P6): never resolved silently.

    Returns (code, matched, note) when only one reading names a point; raises AmbiguousError when
    both do; None when the text is no such code.
    """
    match = CODE.match(text)
    if not match:
        return None
    prefix = match.group(1).upper()
    channels = cat["shared"].get(prefix)
    if not channels:
        return None
    number = int(match.group(2))
    codes = [f"{ch}{number}" for ch in channels if f"{ch}{number}" in cat["points"]]
    if len(codes) > 1:
        labels = tuple(_candidate(cat, c) for c in codes)
        raise AmbiguousError(
            f"{text.strip()!r} means a different point in different schools ({prefix} is "
            f"{' or '.join(channels)}): {'; '.join(labels)}; give the WHO code",
            labels,
        )
    if not codes:
        return None
    others = [ch for ch in channels if not codes[0].startswith(ch)]
    note = (
        f"{prefix} also names the {'/'.join(others)} channel in another school; no such point exists there."
    )
    return codes[0], "code", note


def _miss(cat: Mapping[str, Any], text: str) -> NotFoundError:
    import difflib  # only a miss needs it

    names = cat["names"]
    folded = normalize_name(text)
    close = difflib.get_close_matches(folded, list(names["by_key"]), n=5, cutoff=0.6)
    if close:  # keep the matches about as close as the best one
        best = difflib.SequenceMatcher(None, folded, close[0]).ratio()
        close = [k for k in close if difflib.SequenceMatcher(None, folded, k).ratio() >= best - 0.1]
    labels: list[str] = []
    for key in close:
        for code, _ in names["by_key"][key]:
            pinyin = cat["points"][code]["pinyin"]
            shown = pinyin if normalize_name(pinyin) == key else names["display"][key]
            label = f"{shown} ({code})"
            if label not in labels:
                labels.append(label)
    hint = f"; did you mean {' or '.join(labels[:3])}?" if labels else ""
    return NotFoundError(f"no point called {text!r}{hint}", tuple(labels))


def search(
    G: Any,
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
    """Points that pass every filter given, in channel order.

    Parameters
    ----------
    text
        Matches any name (folded as :func:`lookup` does) or the location sentence.
    organ
        An organ id: points with any relation to it (``heart``).
    category
        A category kind (``back-shu``, ``five-shu``, ``luo`` ...), a five-shu role (``jing-well``),
        or a short word practitioners use: xi, mu, shu, source, connecting, well, spring, stream,
        river, sea (the he-sea points; ``seas`` for the four seas), window, opening ...
    level
        A vertebral level (``T5``): every point level with it.
    region, channel, caution
        A body region, a channel code, alias or name, a caution flag (``pregnancy``).
    frame
        A body frame (``leg_lateral``): the points placed in it.
    needling
        A needling angle: perpendicular, oblique, transverse, prick or none (not needled).

    Raises
    ------
    UsageError
        For a filter value that does not exist, naming the allowed ones.

    Examples
    --------
    >>> from meridian import build_graph
    >>> G = build_graph()
    >>> [p["code"] for p in search(G, level="T5")]
    ['BL15', 'BL44', 'GV11', 'EX-B2']
    >>> [p["code"] for p in search(G, category="back-shu", region="back")][:3]
    ['BL13', 'BL14', 'BL15']
    """
    cat = _catalog(G)
    found = select(
        cat, text, organ=organ, category=category, level=level, region=region, channel=channel,
        caution=caution, frame=frame, needling=needling,
    )  # fmt: skip
    return [_copy(p) for p in found]
