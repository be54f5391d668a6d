"""Spots on the back and the points at or near them.

A practitioner palpates the back and finds something at a *spot*: a vertebral level, a distance
from the midline in cun, and a side. :func:`parse_spot` and :func:`parse_finding` read what is
typed; :func:`locate` finds the points within tolerance of a spot and :func:`nearest` the closest
ones whatever the distance. The tolerances below are anatomy, and stay in code.

Examples
--------
>>> from meridian import build_graph
>>> G = build_graph()
>>> [p["code"] for p in locate(G, "T3:1.5:L")]
['BL13']
>>> [(p["code"], p["direction"]) for p in nearest(G, "T3:2.25:L", 1)]
[('BL13', '0.75 cun nearer the midline')]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from ..errors import UsageError
from ..graph.core import derived, point_of
from ..model import LEVELS, level_index
from .backindex import by_level, cards, placed

__all__ = ["Finding", "Spot", "locate", "nearest", "parse_finding", "parse_spot"]

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
# A finding is a spot or a point name: a few dozen characters at most.
MAX_FINDING = 200

_SPOT = re.compile(r"^([A-Za-z])(\d{1,2})(\.\d+)?$")
_KIND = re.compile(r"^[a-z]+$")
_CODE_LIKE = re.compile(r"^[A-Za-z]+(-[A-Za-z]+)?[\s-]*\d+$")
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

    A point code or name (``LU1``, ``CV17@tender``, ``Feishu``) stands for a finding at that point;
    it is resolved against the graph by :func:`meridian.reasoning.suggest`, which also checks KIND.

    Examples
    --------
    >>> f = parse_finding("T3:1.5:L@nodule")
    >>> f.spot, f.kind, str(f)
    (Spot(level='T3', cun=1.5, side='L', fraction=0.0), 'nodule', 'T3:1.5:L@nodule')
    >>> parse_finding("cv17").point, parse_finding("Feishu@cold").point
    ('CV17', 'Feishu')
    """
    raw = text.strip()
    if len(raw) > MAX_FINDING:
        raise UsageError(
            f"finding too long ({len(raw)} characters); expected a spot or point such as T3:1.5:L@nodule"
        )
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
    name = where.strip()
    if _CODE_LIKE.match(name):  # a code in any spelling: canonical case, no spaces
        name = re.sub(r"\s+", "", name).upper()
    return Finding(kind=kind, point=name)


# -- locate -------------------------------------------------------------------------------------


def _lateral_gap(spot_cun: float, lateral: float | None) -> float:
    if lateral is None:
        low, high = FORAMEN_CUN
        return max(0.0, low - spot_cun, spot_cun - high)
    return abs(spot_cun - lateral)


@derived
def _near_memo(G: Any) -> dict[tuple[float, float], list[tuple[float, str, str]]]:
    return {}


def _near(G: Any, spot: Spot) -> list[tuple[float, str, str]]:
    """(distance in cun, code, matched level) of the points near ``spot``, nearest first.

    Ties keep the data's channel order (the order of :func:`meridian.backindex.placed`). Only
    the points at the levels within tolerance are looked at, and each spot is worked out once
    per graph, so many findings cost time in proportion to their number.
    """
    key = (spot.position, spot.cun)
    memo = _near_memo(G)
    hit = memo.get(key)
    if hit is not None:
        return list(hit)
    index = by_level(G)
    low, high = math.floor(spot.position - LEVEL_TOLERANCE), math.ceil(spot.position + LEVEL_TOLERANCE)
    candidates = {order: p for level in range(low, high + 1) for order, p in index.get(level, ())}
    found = []
    for order in sorted(candidates):
        p = candidates[order]
        gap = _lateral_gap(spot.cun, p.lateral)
        if gap > CUN_TOLERANCE:
            continue
        rise, level = min((abs(spot.position - pos), lv) for pos, lv in p.positions)
        if rise > LEVEL_TOLERANCE:
            continue
        found.append((round(math.hypot(rise * LEVEL_CUN, gap), 3), order, p.code, level))
    found.sort()
    result = [(distance, code, level) for distance, _, code, level in found]
    if len(memo) < 100_000:  # spots on a body are few; this bounds a stream of odd ones
        memo[key] = result
    return list(result)


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
    told = cards(G)
    out = []
    for distance, code, level in _near(G, where):
        pinyin, hanzi, english, channel, lateral, midline, organs, cautions = told[code]
        out.append(
            {
                "code": code,
                "pinyin": pinyin,
                "hanzi": hanzi,
                "english": english,
                "channel": channel,
                "level": level,
                "lateral_cun": lateral,
                "side": _side_word(where, midline),
                "distance_cun": distance,
                "organs": [{"organ": o, "relation": r} for o, r in organs],
                "cautions": list(cautions),
            }
        )
    return out


def _direction(rise: float, out: float) -> str:
    """Where a point lies from a spot, in words: ``rise`` in levels (down is positive), ``out`` in cun."""
    words = []
    if abs(rise) >= 0.05:
        levels = abs(rise)
        words.append(f"{levels:g} level{'s' if levels != 1 else ''} {'below' if rise > 0 else 'above'}")
    if abs(out) >= 0.05:
        words.append(f"{abs(out):g} cun {'further from' if out > 0 else 'nearer'} the midline")
    return ", ".join(words) or "at the spot"


def nearest(G: Any, spot: str | Spot, count: int = 3) -> list[dict[str, Any]]:
    """The points of the back closest to a spot whatever the distance, nearest first.

    For a spot where :func:`locate` finds nothing, this says what lies closest and in which
    direction (levels up or down the spine, cun towards or away from the midline).

    Returns
    -------
    list of dict
        ``code``, ``pinyin``, ``level``, ``lateral_cun``, ``distance_cun`` and ``direction``.

    Examples
    --------
    >>> from meridian import build_graph
    >>> [(p["code"], p["distance_cun"], p["direction"]) for p in nearest(build_graph(), "T8:3", 2)]
    [('BL46', 1.0, '1 level above'), ('BL47', 1.0, '1 level below')]
    """
    where = parse_spot(spot) if isinstance(spot, str) else spot
    memo = _nearest_memo(G)
    key = (where.position, where.cun, count)
    if key not in memo and len(memo) < 100_000:
        memo[key] = _nearest(G, where, count)
    return [dict(p) for p in (memo[key] if key in memo else _nearest(G, where, count))]


@derived
def _nearest_memo(G: Any) -> dict[tuple[float, float, int], list[dict[str, Any]]]:
    return {}


def _nearest(G: Any, where: Spot, count: int) -> list[dict[str, Any]]:
    found = []
    for order, p in enumerate(placed(G)):
        line = min(max(where.cun, FORAMEN_CUN[0]), FORAMEN_CUN[1]) if p.lateral is None else p.lateral
        _, pos, level = min((abs(pos - where.position), pos, lv) for pos, lv in p.positions)
        rise, gap = pos - where.position, line - where.cun
        distance = round(math.hypot(rise * LEVEL_CUN, gap), 3)
        found.append((distance, order, p.code, level, p.lateral, round(rise, 3), round(gap, 3)))
    found.sort()
    out = []
    for distance, _, code, level, lateral, rise, gap in found[:count]:
        out.append(
            {"code": code, "pinyin": point_of(G, code).pinyin, "level": level, "lateral_cun": lateral,
             "distance_cun": distance, "direction": _direction(rise, gap)}
        )  # fmt: skip
    return out
