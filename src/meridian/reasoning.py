"""From a finding on the back to the organ imbalances it traditionally suggests.

A practitioner palpates the back and finds something at a *spot*: a vertebral level, a distance
from the midline in cun, and a side. :func:`locate` finds the points at or near the spot;
:func:`suggest` weighs one or more findings through the points' organ relations and ranks the
organs they point to, with every path from finding to organ shown, the signs that call for a
doctor first, and the cautions that apply to each technique.

What a kind of finding suggests, how much each relation counts and the list of warning signs are
data (``findings.yaml``, ``relations.yaml``, ``red_flags.yaml``, ``techniques.yaml``), carried on
the graph. The tolerances below are anatomy, and stay in code.

Examples
--------
>>> from meridian import build_graph
>>> G = build_graph()
>>> [p["code"] for p in locate(G, "T3:1.5:L")]
['BL13']
>>> result = suggest(G, ["T3:1.5:L@tender", "T3:3:L", "LU1"])
>>> top = result["imbalances"][0]
>>> top["organ"], [(e["point"], e["relation"]) for e in top["evidence"]]
('lung', [('BL13', 'back-shu'), ('LU1', 'front-mu'), ('BL42', 'spirit')])
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import UsageError
from .graph import derived, node_id, point_of
from .model import LEVELS, level_index
from .query import resolve_code

__all__ = [
    "DISCLAIMER",
    "Finding",
    "Spot",
    "locate",
    "parse_finding",
    "parse_spot",
    "red_flags",
    "suggest",
]

#: Shown with every suggestion.
DISCLAIMER = (
    "meridian supports a practitioner's assessment with traditional correspondences; "
    "it does not replace diagnosis by a qualified clinician."
)

# Anatomy of the search. One vertebral level is taken as about one cun of height (the thoracic
# spinous processes lie roughly a thumb-width apart), so level and lateral distances can be added.
LEVEL_CUN = 1.0
# A spot finds the points within half a level up or down...
LEVEL_TOLERANCE = 0.5
# ...and within 0.75 cun sideways: half the gap between the inner (1.5) and outer (3) Bladder
# lines, so a spot never lands on a line it is nearer the other line than to.
CUN_TOLERANCE = 0.75
# Points in the sacral foramina (BL31-BL34) have no standard distance from the midline; the
# foramina lie between the Jiaji line and the inner Bladder line.
FORAMEN_CUN = (0.5, 1.5)
MAX_CUN = 12.0

_SPOT = re.compile(r"^([A-Za-z])(\d{1,2})(\.\d+)?$")
_KIND = re.compile(r"^[a-z]+$")
_SPOT_FORM = "LEVEL[:CUN[:SIDE]] such as T3, T3:1.5:L or T5:3:R (levels C1-C7, T1-T12, L1-L5, S1-S4)"


@dataclass(frozen=True, slots=True)
class Spot:
    """A place on the back: a level (with an optional fraction towards the next), cun, side."""

    level: str
    cun: float = 0.0
    side: str | None = None  # "L", "R", or None for the midline or an unknown side
    fraction: float = 0.0

    @property
    def position(self) -> float:
        """Position along the spine in levels from C1 (0.0)."""
        return level_index(self.level) + self.fraction

    def __str__(self) -> str:
        text = self.level + (f"{self.fraction:g}".removeprefix("0") if self.fraction else "")
        if self.cun or self.side:
            text += f":{self.cun:g}"
        if self.side:
            text += f":{self.side}"
        return text


@dataclass(frozen=True, slots=True)
class Finding:
    """Something felt at a spot, or at a point given by its code (e.g. a front-mu point)."""

    kind: str
    spot: Spot | None = None
    point: str | None = None

    @property
    def where(self) -> str:
        """The spot or point as written canonically, without the kind."""
        return str(self.spot) if self.spot is not None else str(self.point)

    def __str__(self) -> str:
        return f"{self.where}@{self.kind}"


def parse_spot(text: str) -> Spot:
    """Parse ``LEVEL[:CUN[:SIDE]]``.

    LEVEL is C1-C7, T1-T12, L1-L5 or S1-S4 in any case, optionally with a fraction towards the next
    level (``T3.5`` is halfway between T3 and T4); CUN is the distance from the posterior midline
    (0 when left out); SIDE is ``L`` or ``R`` (dropped for a spot on the midline).

    Raises
    ------
    UsageError
        With a one-line message saying what is allowed.

    Examples
    --------
    >>> parse_spot("t3:1.5:l")
    Spot(level='T3', cun=1.5, side='L', fraction=0.0)
    >>> str(parse_spot("T3.5:1.5"))
    'T3.5:1.5'
    >>> parse_spot("T13")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    meridian.errors.UsageError: unknown level 'T13' in 'T13'; expected LEVEL[:CUN[:SIDE]] such as T3, ...
    """
    raw = text.strip()
    if not raw:
        raise UsageError(f"empty spot; expected {_SPOT_FORM}")
    parts = raw.split(":")
    if len(parts) > 3:
        raise UsageError(f"too many parts in {text!r}; expected {_SPOT_FORM}")
    match = _SPOT.match(parts[0].strip())
    level = f"{match.group(1).upper()}{int(match.group(2))}" if match else ""
    if not match or level not in LEVELS:
        raise UsageError(f"unknown level {parts[0]!r} in {text!r}; expected {_SPOT_FORM}")
    fraction = float(match.group(3)) if match.group(3) else 0.0
    if fraction and level == LEVELS[-1]:
        raise UsageError(f"no level below {level} in {text!r}; expected {_SPOT_FORM}")
    cun = 0.0
    if len(parts) > 1:
        try:
            cun = float(parts[1])
        except ValueError:
            cun = math.nan
        if not (0.0 <= cun <= MAX_CUN):  # also refuses nan and inf
            raise UsageError(
                f"bad distance {parts[1]!r} in {text!r}; expected a number of cun from 0 to {MAX_CUN:g}"
            )
    side = None
    if len(parts) > 2:
        side = parts[2].strip().upper()
        if side not in ("L", "R"):
            raise UsageError(f"bad side {parts[2]!r} in {text!r}; expected L or R")
        if cun == 0:
            side = None  # the midline has no side
    return Spot(level=level, cun=cun + 0.0, side=side, fraction=fraction)


def parse_finding(text: str) -> Finding:
    """Parse ``SPOT[@KIND]`` or ``CODE[@KIND]``; KIND defaults to ``tender``.

    A point code (``LU1``, ``CV17@tender``) stands for a finding at that point; it is resolved
    against the graph by :func:`suggest`, which also checks KIND against the known kinds.

    Examples
    --------
    >>> f = parse_finding("T3:1.5:L@nodule")
    >>> f.spot, f.kind, str(f)
    (Spot(level='T3', cun=1.5, side='L', fraction=0.0), 'nodule', 'T3:1.5:L@nodule')
    >>> parse_finding("cv17").point
    'CV17'
    """
    raw = text.strip()
    where, at, kind = raw.rpartition("@")
    if not at:
        where, kind = raw, "tender"
    kind = kind.strip().lower()
    if not _KIND.match(kind):
        raise UsageError(f"bad finding kind {kind!r} in {text!r}; expected a word such as tender or nodule")
    head = where.strip().split(":")[0]
    if head and _SPOT.match(head) and head[0].upper() in "CTLS":
        return Finding(kind=kind, spot=parse_spot(where))
    if not where.strip() or ":" in where:
        # Not a point code either: report it as a spot, the usual form.
        return Finding(kind=kind, spot=parse_spot(where))
    return Finding(kind=kind, point=re.sub(r"\s+", "", where).upper())


# -- locate -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Placed:
    code: str
    positions: tuple[tuple[float, str], ...]  # (level position, level name)
    lateral: float | None
    midline: bool


@derived
def _placed(G: Any) -> tuple[_Placed, ...]:
    """The points that lie level with a vertebra, computed once per (frozen) graph."""
    placed = []
    for _, data in G.nodes(data=True):
        if data["kind"] != "point" or data["level"] is None:
            continue
        loc = data["record"].location
        positions = tuple((float(level_index(lv)), lv) for lv in loc.levels)
        placed.append(_Placed(data["code"], positions, loc.lateral_cun, loc.side == "midline"))
    return tuple(placed)


def _lateral_gap(spot_cun: float, lateral: float | None) -> float:
    if lateral is None:
        low, high = FORAMEN_CUN
        return max(0.0, low - spot_cun, spot_cun - high)
    return abs(spot_cun - lateral)


def _near(G: Any, spot: Spot) -> list[tuple[float, str, str]]:
    """(distance in cun, code, matched level) of the points near ``spot``, nearest first.

    Ties keep the data's channel order (the order of :func:`_placed`).
    """
    found = []
    for order, p in enumerate(_placed(G)):
        gap = _lateral_gap(spot.cun, p.lateral)
        if gap > CUN_TOLERANCE:
            continue
        rise, level = min((abs(spot.position - pos), lv) for pos, lv in p.positions)
        if rise > LEVEL_TOLERANCE:
            continue
        found.append((round(math.hypot(rise * LEVEL_CUN, gap), 3), order, p.code, level))
    found.sort()
    return [(distance, code, level) for distance, _, code, level in found]


def _organ_links(G: Any, code: str) -> list[tuple[str, str]]:
    """(organ id, relation) for the point's own organ relations, in data order."""
    return [
        (organ.removeprefix("organ:"), data["relation"])
        for _, organ, data in G.out_edges(node_id("point", code), data=True)
        if organ.startswith("organ:")
    ]


def _back_shu_at(G: Any, level: str) -> list[tuple[str, str]]:
    """(back-shu point code, organ id) of the back-shu points at ``level``."""
    out = []
    for u, _, key in G.in_edges(node_id("level", level), keys=True):
        if key != "at_level":
            continue
        for _, organ, rel in G.out_edges(u, keys=True):
            if rel == "back_shu_of":
                out.append((G.nodes[u]["code"], organ.removeprefix("organ:")))
    return sorted(out)


def _side_word(spot: Spot, midline: bool) -> str:
    if midline:
        return "midline"
    return {"L": "left", "R": "right"}.get(spot.side or "", "bilateral")


def locate(G: Any, spot: str | Spot) -> list[dict[str, Any]]:
    """The points at or near a spot on the back, nearest first.

    Points on every line at that level are reachable: Governor (midline), Jiaji (0.5 cun), Bladder
    inner line (1.5) and outer line (3). A point is near when it lies within half a vertebral level
    and 0.75 cun of the spot; ``distance_cun`` adds the two, counting a level as about one cun.

    Parameters
    ----------
    G
        The graph from :func:`meridian.build_graph`.
    spot
        ``LEVEL[:CUN[:SIDE]]`` (see :func:`parse_spot`) or a :class:`Spot`.

    Returns
    -------
    list of dict
        ``code``, ``pinyin``, ``hanzi``, ``english``, ``channel``, ``level`` (the level matched),
        ``lateral_cun``, ``side`` (midline, left, right or bilateral), ``distance_cun``,
        ``organs`` (``{"organ", "relation"}``) and ``cautions`` (flags).

    Examples
    --------
    >>> from meridian import build_graph
    >>> G = build_graph()
    >>> [(p["code"], p["distance_cun"]) for p in locate(G, "T3")]
    [('GV12', 0.0), ('EX-B2', 0.5)]
    >>> [(p["code"], p["side"]) for p in locate(G, "T5:3:R")]
    [('BL44', 'right')]
    """
    where = parse_spot(spot) if isinstance(spot, str) else spot
    out = []
    for distance, code, level in _near(G, where):
        p = point_of(G, code)
        out.append(
            {
                "code": code,
                "pinyin": p.pinyin,
                "hanzi": p.hanzi,
                "english": p.english,
                "channel": p.channel,
                "level": level,
                "lateral_cun": p.location.lateral_cun,
                "side": _side_word(where, p.location.side == "midline"),
                "distance_cun": distance,
                "organs": [{"organ": o, "relation": r} for o, r in _organ_links(G, code)],
                "cautions": sorted({c.flag for c in p.cautions}),
            }
        )
    return out


# -- suggest ------------------------------------------------------------------------------------


def red_flags(G: Any, symptoms: Iterable[str] = (), days: int | None = None) -> list[str]:
    """The signs that call for a doctor first, among the symptoms and duration given.

    Examples
    --------
    >>> from meridian import build_graph
    >>> red_flags(build_graph(), ["tingling in the left hand"], days=10)
    ['Pain that is no better after a week', 'Numbness or tingling in the arms or legs']
    """
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 0):
        raise UsageError(f"bad number of days {days!r}; expected a whole number of 0 or more")
    said = [s.casefold() for s in symptoms]
    flags = []
    for flag in G.graph["red_flags"]:
        by_days = flag.min_days is not None and days is not None and days >= flag.min_days
        if by_days or any(term in s for s in said for term in flag.terms):
            flags.append(flag.text)
    return flags


def _matches(G: Any, finding: Finding) -> list[tuple[float, str, str | None]]:
    """(distance, point code, matched level) for a finding."""
    if finding.spot is not None:
        return [(d, code, level) for d, code, level in _near(G, finding.spot)]
    code = resolve_code(G, str(finding.point))
    if code is None:
        raise UsageError(
            f"unknown point {finding.point!r} in finding {str(finding)!r}; "
            f"expected a spot ({_SPOT_FORM}) or a point code such as LU1"
        )
    levels = point_of(G, code).location.levels
    return [(0.0, code, levels[0] if len(levels) == 1 else None)]


def _paths(G: Any, code: str, level: str | None) -> list[tuple[str, str, str | None]]:
    """(organ, relation, via) paths from a point: its own relations, then same-level ones."""
    own = _organ_links(G, code)
    paths: list[tuple[str, str, str | None]] = [(organ, rel, None) for organ, rel in own]
    linked = {organ for organ, _ in own}
    if level is not None:
        for via, organ in _back_shu_at(G, level):
            if organ not in linked and via != code:
                paths.append((organ, "same-level", via))
                linked.add(organ)
    return paths


def suggest(
    G: Any,
    findings: Sequence[str | Finding],
    symptoms: Iterable[str] = (),
    days: int | None = None,
) -> dict[str, Any]:
    """Rank the organ imbalances that findings on the back traditionally suggest.

    Each finding reaches the points near it (:func:`locate`), or the point it names by code; each
    point reaches organs through its relations (back-shu, front-mu, outer-line spirit point, lower
    he-sea), or by lying level with an organ's back-shu point (``same-level``). A path weighs
    ``relation weight x finding-kind weight / (1 + distance in cun)``; a finding gives each organ
    the weight of its strongest path, and an organ's score is the sum over findings, so several
    findings on one organ add up.

    Parameters
    ----------
    G
        The graph from :func:`meridian.build_graph`.
    findings
        ``SPOT[@KIND]`` or ``CODE[@KIND]`` strings (see :func:`parse_finding`) or :class:`Finding`.
    symptoms
        Free-text symptoms, checked against the signs that call for a doctor.
    days
        How long the complaint has lasted, in days.

    Returns
    -------
    dict
        ``findings``, ``red_flags`` (texts, first to read), ``imbalances`` (strongest first, each
        with ``organ``, ``name``, ``score``, ``suggests``, ``evidence`` and ``techniques``) and
        ``disclaimer``.

    Raises
    ------
    UsageError
        For a malformed finding, an unknown kind or point, or a bad number of days.

    Examples
    --------
    >>> from meridian import build_graph
    >>> G = build_graph()
    >>> result = suggest(G, ["T4:1.5:R", "T4:1.5:L@nodule"], symptoms=["fever"])
    >>> result["red_flags"]
    ['New symptoms such as fever, weight loss, or trouble with the bowels or bladder']
    >>> [(i["organ"], i["score"]) for i in result["imbalances"]]
    [('pericardium', 2.0)]
    >>> result["imbalances"][0]["suggests"]
    ['excess', 'stagnation']
    """
    parsed = [parse_finding(f) if isinstance(f, str) else f for f in findings]
    if not parsed:
        raise UsageError("no findings; give at least one, e.g. T3:1.5:L@tender")
    flags = red_flags(G, symptoms, days)
    kinds = G.graph["finding_kinds"]
    weights = G.graph["relation_weights"]
    scores: dict[str, float] = {}
    evidence: dict[str, list[dict[str, Any]]] = {}
    natures: dict[str, list[str]] = {}
    report = []
    for finding in parsed:
        kind = kinds.get(finding.kind)
        if kind is None:
            raise UsageError(
                f"unknown finding kind {finding.kind!r} in {str(finding)!r};"
                f" expected one of {', '.join(kinds)}"
            )
        matched = _matches(G, finding)
        report.append(
            {
                "finding": str(finding),
                "where": finding.where,
                "kind": finding.kind,
                "suggests": list(kind.suggests),
                "points": [code for _, code, _ in matched],
            }
        )
        best: dict[str, float] = {}
        for distance, code, level in matched:
            for organ, relation, via in _paths(G, code, level):
                weight = round(weights[relation] * kind.weight / (1.0 + distance), 3)
                evidence.setdefault(organ, []).append(
                    {
                        "finding": finding.where,
                        "kind": finding.kind,
                        "point": code,
                        "relation": relation,
                        "via": via,
                        "distance_cun": distance,
                        "weight": weight,
                    }
                )
                best[organ] = max(best.get(organ, 0.0), weight)
        for organ, weight in best.items():
            scores[organ] = scores.get(organ, 0.0) + weight
            natures.setdefault(organ, [])
            natures[organ] += [n for n in kind.suggests if n not in natures[organ]]
    ranked = sorted(scores, key=lambda organ: (-round(scores[organ], 3), organ))
    imbalances = []
    for organ in ranked:
        paths = sorted(evidence[organ], key=lambda e: (-e["weight"], e["distance_cun"]))
        imbalances.append(
            {
                "organ": organ,
                "name": G.nodes[node_id("organ", organ)]["name"],
                "organ_kind": G.nodes[node_id("organ", organ)]["organ_kind"],
                "score": round(scores[organ], 3),
                "suggests": natures[organ],
                "evidence": paths,
                "techniques": _techniques(G, [e["point"] for e in paths]),
            }
        )
    return {"findings": report, "red_flags": flags, "imbalances": imbalances, "disclaimer": DISCLAIMER}


def _techniques(G: Any, codes: Sequence[str]) -> list[dict[str, Any]]:
    points = sorted(set(codes), key=lambda c: codes.index(c))
    out = []
    for technique in G.graph["techniques"]:
        cautions = [
            {"point": code, "flag": caution.flag, "text": caution.text}
            for code in points
            for caution in point_of(G, code).cautions
            if caution.flag in technique.cautions
        ]
        out.append({"id": technique.id, "name": technique.name, "cautions": cautions})
    return out
