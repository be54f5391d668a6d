"""Finding a point by whatever a practitioner has in their head, and searching the graph.

:func:`lookup` resolves a code in any school's spelling, a pinyin name with or without tones,
the characters (traditional or simplified), an English name or an alternative name, and says why
when a code means something else in another numbering. :func:`search` filters points by organ,
category, level, region, channel, caution and text.

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

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .errors import NotFoundError, UsageError
from .graph import derived, node_id, point_of
from .io import normalize_name
from .model import LEVELS
from .query import point_dict, resolve_channel, resolve_code

__all__ = ["AmbiguousError", "lookup", "search"]


class AmbiguousError(NotFoundError):
    """A query that names more than one point; ``suggestions`` holds the candidates."""


@dataclass(frozen=True, slots=True)
class _Names:
    by_key: dict[str, tuple[tuple[str, str], ...]]  # folded name -> ((code, what), ...)
    old_codes: dict[str, tuple[tuple[str, str, str], ...]]  # code -> ((point, system, note), ...)
    display: dict[str, str]  # folded name -> a readable form of it, for suggestions


@derived
def _names(G: Any) -> _Names:
    """Every name of every point, folded for matching; computed once per frozen graph."""
    by_key: dict[str, list[tuple[str, str]]] = {}
    display: dict[str, str] = {}
    old: dict[str, list[tuple[str, str, str]]] = {}
    for _, data in G.nodes(data=True):
        if data["kind"] != "point":
            continue
        p = data["record"]
        names = [
            ("pinyin", p.pinyin),
            ("pinyin", p.pinyin_tones),
            ("characters", p.hanzi),
            ("characters", p.hanzi_simplified),
            ("English name", p.english),
            *(("alias", a) for a in p.aliases),
        ]
        for what, name in names:
            key = normalize_name(name)
            entries = by_key.setdefault(key, [])
            if all(code != p.code for code, _ in entries):
                entries.append((p.code, what))
            display.setdefault(key, name)
        for other in p.other_codes:
            old.setdefault(other.code, []).append((p.code, other.system, other.note))
    return _Names(
        {k: tuple(v) for k, v in by_key.items()},
        {k: tuple(v) for k, v in old.items()},
        display,
    )


def _label(G: Any, code: str) -> str:
    p = point_of(G, code)
    return f"{p.pinyin} ({code})"


def _point_codes(G: Any) -> list[str]:
    """Point codes in data (channel) order."""
    return [data["code"] for _, data in G.nodes(data=True) if data["kind"] == "point"]


def _neighbours(G: Any, code: str) -> dict[str, Any]:
    """The previous and next point along the channel, and the other points at the same level."""
    node = node_id("point", code)
    before = [G.nodes[u]["code"] for u, _, k in G.in_edges(node, keys=True) if k == "next"]
    after = [G.nodes[v]["code"] for _, v, k in G.out_edges(node, keys=True) if k == "next"]
    levels = point_of(G, code).location.levels
    same: set[str] = set()
    if len(levels) == 1:  # a segmental point such as Jiaji is level with too much to list
        same = {
            G.nodes[u]["code"]
            for u, _, k in G.in_edges(node_id("level", levels[0]), keys=True)
            if k == "at_level" and u != node
        }
    return {
        "previous": before[0] if before else None,
        "next": after[0] if after else None,
        "same_level": [c for c in _point_codes(G) if c in same],
    }


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
    text = query.strip()
    if not text:
        raise UsageError("empty query; give a point code or name, e.g. BL13 or Feishu")
    names = _names(G)
    notes: list[str] = []
    code = resolve_code(G, text)
    matched = "code"
    folded = normalize_name(text)
    if code is None:
        upper = folded.upper()
        moved = names.old_codes.get(upper, ())
        current = [(c, s, n) for c, s, n in moved if s != "pre-WHO"]
        if current:
            code, system, note = current[0]
            matched = f"code in {system}"
            notes.append(note)
        elif folded in names.by_key:
            hits = names.by_key[folded]
            if len(hits) > 1:
                labels = tuple(_label(G, c) for c, _ in hits)
                raise AmbiguousError(f"{text!r} names several points: {', '.join(labels)}", labels)
            code, matched = hits[0]
        else:
            raise _miss(G, text, names)
    if code is None:  # pragma: no cover - every branch above sets it or raises
        raise _miss(G, text, names)
    if matched == "code":  # a code typed from the old numbering may mean another point
        for owner, system, _ in names.old_codes.get(code, ()):
            if system == "pre-WHO" and owner != code:
                older = point_of(G, owner).pinyin
                notes.append(f"The older Bladder numbering used {code} for what is now {owner} {older}.")
    p = point_of(G, code)
    for other in p.other_codes:
        if other.system == "pre-WHO":
            notes.append(f"In the older Bladder numbering this point was {other.code}.")
        elif not matched.startswith("code in"):
            notes.append(f"Also {other.code} in {other.system}. {other.note}")
    return {
        "query": query,
        "code": code,
        "matched": matched,
        "notes": notes,
        "point": point_dict(p),
        "neighbours": _neighbours(G, code),
    }


def _miss(G: Any, text: str, names: _Names) -> NotFoundError:
    folded = normalize_name(text)
    close = difflib.get_close_matches(folded, list(names.by_key), n=5, cutoff=0.6)
    if close:  # keep the matches about as close as the best one
        best = difflib.SequenceMatcher(None, folded, close[0]).ratio()
        close = [k for k in close if difflib.SequenceMatcher(None, folded, k).ratio() >= best - 0.1]
    labels: list[str] = []
    for key in close:
        for code, _ in names.by_key[key]:
            label = (
                f"{names.display[key]} ({code})"
                if normalize_name(point_of(G, code).pinyin) != key
                else _label(G, code)
            )
            if label not in labels:
                labels.append(label)
    hint = f"; did you mean {' or '.join(labels[:3])}?" if labels else ""
    return NotFoundError(f"no point called {text!r}{hint}", tuple(labels))


_REGIONS = (
    "head",
    "face",
    "neck",
    "back",
    "lumbar",
    "sacrum",
    "buttock",
    "thigh",
    "knee",
    "leg",
    "foot",
    "chest",
    "abdomen",
)


def _choice(value: str, allowed: Iterable[str], what: str) -> str:
    options = sorted(set(allowed))
    key = value.strip().lower().replace(" ", "_")
    if key not in options:
        close = difflib.get_close_matches(key, options, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise UsageError(f"unknown {what} {value!r}; {hint}expected one of {', '.join(options)}")
    return key


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
) -> list[dict[str, Any]]:
    """Points that pass every filter given, in channel order.

    Parameters
    ----------
    text
        Matches any name (folded as :func:`lookup` does) or the location sentence.
    organ
        An organ id: points with any relation to it (``heart``).
    category
        A category kind (``back-shu``, ``five-shu``, ``luo`` ...).
    level
        A vertebral level (``T5``): every point level with it.
    region, channel, caution
        A body region, a channel code or alias, a caution flag (``pregnancy``).

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
    points = [data["record"] for _, data in G.nodes(data=True) if data["kind"] == "point"]
    if organ is not None:
        organs = [d["organ"] for _, d in G.nodes(data=True) if d["kind"] == "organ"]
        wanted = _choice(organ, organs, "organ")
        points = [p for p in points if any(r.organ == wanted for r in p.organs)]
    if category is not None:
        kinds = {
            c.kind for _, d in G.nodes(data=True) if d["kind"] == "point" for c in d["record"].categories
        }
        wanted = _choice(category, kinds, "category")
        points = [p for p in points if any(c.kind == wanted for c in p.categories)]
    if level is not None:
        wanted = level.strip().upper()
        if wanted not in LEVELS:
            raise UsageError(f"unknown level {level!r}; expected C1-C7, T1-T12, L1-L5 or S1-S4")
        points = [p for p in points if wanted in p.location.levels]
    if region is not None:
        wanted = _choice(region, _REGIONS, "region")
        points = [p for p in points if p.location.region == wanted]
    if channel is not None:
        try:
            code = resolve_channel(G, channel)
        except NotFoundError as exc:
            raise UsageError(str(exc)) from None
        points = [p for p in points if p.channel == code]
    if caution is not None:
        flags = {c.flag for _, d in G.nodes(data=True) if d["kind"] == "point" for c in d["record"].cautions}
        wanted = _choice(caution, flags, "caution")
        points = [p for p in points if any(c.flag == wanted for c in p.cautions)]
    if text is not None and text.strip():
        folded = normalize_name(text)
        words = text.casefold()
        points = [
            p
            for p in points
            if any(
                folded in normalize_name(n)
                for n in (
                    p.code,
                    p.pinyin,
                    p.pinyin_tones,
                    p.hanzi,
                    p.hanzi_simplified,
                    p.english,
                    *p.aliases,
                )
            )
            or words in p.location.text.casefold()
        ]
    return [point_dict(p) for p in points]
