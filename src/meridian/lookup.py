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
from .graphcore import derived, node_id, point_of
from .model import LEVELS
from .names import normalize_name, with_tones
from .query import _CODE, point_dict, resolve_channel, resolve_code, shared_codes

__all__ = ["AmbiguousError", "lookup", "search"]


class AmbiguousError(NotFoundError):
    """A query that names more than one point; ``suggestions`` holds the candidates."""


@dataclass(frozen=True, slots=True)
class _Names:
    by_key: dict[str, tuple[tuple[str, str], ...]]  # folded name -> ((code, what), ...)
    exact: dict[str, tuple[str, ...]]  # name folded but keeping tone marks -> codes
    old_codes: dict[str, tuple[tuple[str, str, str], ...]]  # code -> ((point, system, note), ...)
    display: dict[str, str]  # folded name -> a readable form of it, for suggestions


@derived
def _names(G: Any) -> _Names:
    """Every name of every point, folded for matching; computed once per frozen graph.

    A graph made for a quick lookup carries the fingerprint of its data; its name index is then
    kept in the cache beside the checked data, so the next lookup reads it instead of folding
    every name again.
    """
    key = G.graph.get("fingerprint")
    if key:
        from . import cache

        stored = cache.get_index(f"{key}-names", ("by_key", "exact", "old_codes", "display"))
        if stored is not None:
            return _Names(
                {k: tuple(tuple(e) for e in v) for k, v in stored["by_key"].items()},
                {k: tuple(v) for k, v in stored["exact"].items()},
                {k: tuple(tuple(e) for e in v) for k, v in stored["old_codes"].items()},
                stored["display"],
            )
    names = _fold_names(G)
    if key:
        cache.put_index(
            f"{key}-names",
            {
                "by_key": names.by_key,
                "exact": names.exact,
                "old_codes": names.old_codes,
                "display": names.display,
            },
        )
    return names


def _fold_names(G: Any) -> _Names:
    by_key: dict[str, list[tuple[str, str]]] = {}
    exact: dict[str, list[str]] = {}
    filed: set[tuple[str, str]] = set()
    filed_tones: set[tuple[str, str]] = set()
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
            if (key, p.code) not in filed:  # sets, so a name many points share costs no more
                filed.add((key, p.code))
                by_key.setdefault(key, []).append((p.code, what))
            display.setdefault(key, name)
            tones = with_tones(name)
            if (tones, p.code) not in filed_tones:
                filed_tones.add((tones, p.code))
                exact.setdefault(tones, []).append(p.code)
        for other in p.other_codes:
            old.setdefault(other.code, []).append((p.code, other.system, other.note))
    return _Names(
        {k: tuple(v) for k, v in by_key.items()},
        {k: tuple(v) for k, v in exact.items()},
        {k: tuple(v) for k, v in old.items()},
        display,
    )


def _candidate(G: Any, code: str) -> str:
    p = point_of(G, code)
    return f"{p.pinyin_tones} {p.hanzi} ({code})"


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
    if len(text) > 200:
        raise UsageError(
            f"query too long ({len(text)} characters); give a point code or name, e.g. BL13 or Feishu"
        )
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
        elif (shared := _shared(G, text)) is not None:
            code, matched, note = shared
            notes.append(note)
        elif folded in names.by_key:
            hits = names.by_key[folded]
            exact = names.exact.get(with_tones(text), ())
            if len(hits) > 1 and len(exact) == 1:  # tone marks or characters decide it
                hits = tuple(h for h in hits if h[0] == exact[0])
            if len(hits) > 1:
                labels = tuple(_candidate(G, c) for c, _ in hits)
                raise AmbiguousError(
                    f"{text!r} names {len(labels)} points: {'; '.join(labels)};"
                    " give the tone marks, the characters or the code",
                    labels,
                )
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


def _shared(G: Any, text: str) -> tuple[str, str, str] | None:
    """A code whose prefix means two channels in two schools (P6): never resolved silently.

    Returns (code, matched, note) when only one reading names a point; raises AmbiguousError when
    both do; None when the text is no such code.
    """
    match = _CODE.match(text)
    if not match:
        return None
    channels = shared_codes(G).get(match.group(1).upper())
    if not channels:
        return None
    number = int(match.group(2))
    codes = [f"{ch}{number}" for ch in channels if node_id("point", f"{ch}{number}") in G]
    prefix = match.group(1).upper()
    if len(codes) > 1:
        labels = tuple(_candidate(G, c) for c in codes)
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


def _category_test(G: Any, category: str) -> Any:
    """A test of a point record for a category kind, a five-shu role or a practitioner's short word."""
    kinds = {c.kind for _, d in G.nodes(data=True) if d["kind"] == "point" for c in d["record"].categories}
    typed = category.strip().lower().replace(" ", "-").replace("_", "-")
    known = [*kinds, *_ROLES, *CATEGORY_WORDS]
    # A short word is read once: "seas" is the four seas, "sea" the he-sea points.
    key = CATEGORY_WORDS.get(typed, typed) if typed in known else _choice(typed, known, "category")
    if key in _ROLES:
        return lambda p: any(c.kind == "five-shu" and c.role == key for c in p.categories)
    return lambda p: any(c.kind == key for c in p.categories)


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
    points = [data["record"] for _, data in G.nodes(data=True) if data["kind"] == "point"]
    if organ is not None:
        organs = [d["organ"] for _, d in G.nodes(data=True) if d["kind"] == "organ"]
        wanted = _choice(organ, organs, "organ")
        points = [p for p in points if any(r.organ == wanted for r in p.organs)]
    if category is not None:
        test = _category_test(G, category)
        points = [p for p in points if test(p)]
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
    if frame is not None:
        frames = [d["record"].id for _, d in G.nodes(data=True) if d["kind"] == "frame"]
        wanted = _choice(frame, frames, "frame")
        points = [p for p in points if p.location.frame == wanted]
    if needling is not None:
        wanted = _choice(needling, _ANGLES, "needling angle")
        points = [p for p in points if p.needling is not None and wanted in p.needling.angles]
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
