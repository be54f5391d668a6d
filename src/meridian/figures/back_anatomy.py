"""The anatomy the back chart is drawn on, in chart units: vertebral levels, bones and outline.

No matplotlib here: :mod:`meridian.figures.back` places the points on this frame and
:func:`meridian.draw.draw_back` renders both.

Chart units
-----------
The back chart is a posterior view, in B-cun:

* ``x`` is the distance from the posterior midline, **positive to the patient's right**, which is
  the viewer's right when looking at the back. The Governor Vessel is at 0, Jiaji (EX-B2) at 0.5,
  the Bladder inner line at 1.5 and the outer line at 3 (:data:`LINE_CUN`); left-side copies of
  bilateral points are mirrored (negative ``x``).
* ``y`` grows **downwards**, measured from the lower border of the C7 spinous process (0). A
  vertebral level's ``y`` is the lower border of its spinous process, which is where the data puts
  points of that level (GV12 and BL13 are both at ``level_y("T3")``). The spacing between spinous
  processes (:data:`SEGMENT_CUN`) is a schematic adult average; the standards give no cun
  measure along the spine.
* The sacral foramen points BL31-BL34 have no standard lateral distance (``lateral_cun`` is null
  in the data): they are drawn at :data:`SACRAL_FORAMEN_CUN`, about halfway between the midline
  and the posterior superior iliac spine at S1 and closer to the midline lower down, as the
  foramina converge.

Examples
--------
>>> level_y("T3"), LINE_CUN["BL inner"]
(3.3, 1.5)
>>> right = scapula("right")
>>> right.medial_x, right.spine_root[1] == level_y("T3"), right.inferior_angle[1] == level_y("T7")
(3.0, True, True)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import UsageError
from ..model import LEVELS, level_index, levels_between

__all__ = [
    "LINE_CUN",
    "SACRAL_FORAMEN_CUN",
    "SEGMENT_CUN",
    "IliacCrest",
    "Scapula",
    "Spinous",
    "back_outline",
    "iliac_crest",
    "level_y",
    "parse_levels",
    "scapula",
    "spinous_processes",
]

#: Lateral distance (B-cun) of the lines on the back.
LINE_CUN: dict[str, float] = {"GV": 0.0, "EX-B2": 0.5, "BL inner": 1.5, "BL outer": 3.0}

#: Schematic height (cun) of one vertebral segment, by region: cervical, thoracic, lumbar, sacral.
SEGMENT_CUN: dict[str, float] = {"C": 0.8, "T": 1.1, "L": 1.4, "S": 0.9}

#: Chart distance from the midline for points in the posterior sacral foramina (no standard value).
SACRAL_FORAMEN_CUN: dict[str, float] = {"S1": 1.0, "S2": 0.9, "S3": 0.8, "S4": 0.7}

_C7 = level_index("C7")
_LEVEL_Y: dict[str, float] = {}
for _i, _name in enumerate(LEVELS):
    _lo, _hi = sorted((_i, _C7))
    _dist = sum(SEGMENT_CUN[LEVELS[j][0]] for j in range(_lo + 1, _hi + 1))
    _LEVEL_Y[_name] = round(float(_dist if _i >= _C7 else -_dist), 6)


def level_y(level: str) -> float:
    """The chart ``y`` of a vertebral level: cun below the lower border of C7 (negative above it).

    Examples
    --------
    >>> level_y("C7"), level_y("T1"), level_y("T3")
    (0.0, 1.1, 3.3)
    >>> level_y("C6") < 0 < level_y("S4")
    True
    """
    try:
        return _LEVEL_Y[level]
    except KeyError:
        raise UsageError(
            f"unknown vertebral level {level!r}; expected C1-C7, T1-T12, L1-L5 or S1-S4"
        ) from None


def parse_levels(text: str | Sequence[str]) -> tuple[str, ...]:
    """The vertebral levels of a range such as ``"C7-L5"`` (top first), or of one level ``"T3"``.

    Case is ignored, and an en dash or ``..`` works as well as a hyphen. A sequence of two level
    names is taken as the two ends.

    Raises
    ------
    UsageError
        For text that is not a range of known levels, or a range that runs upwards.

    Examples
    --------
    >>> parse_levels("t1-t3")
    ('T1', 'T2', 'T3')
    >>> parse_levels("L5–S2")
    ('L5', 'S1', 'S2')
    >>> parse_levels("T13-L1")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    meridian.errors.UsageError: expected a level range such as C7-L5 (levels ...), got 'T13-L1'
    """
    if isinstance(text, str):
        raw = text
        parts = [p.strip().upper() for p in re.split(r"\s*(?:-|–|—|\.\.)\s*", text.strip())]
    else:
        raw = "-".join(text)
        parts = [str(p).strip().upper() for p in text]
    if len(parts) == 1:
        parts = parts * 2
    if len(parts) != 2 or any(p not in _LEVEL_Y for p in parts):
        raise UsageError(
            f"expected a level range such as C7-L5 (levels C1-C7, T1-T12, L1-L5, S1-S4), got {raw!r}"
        )
    first, last = parts
    if level_index(first) > level_index(last):
        raise UsageError(f"expected a level range from top to bottom such as C7-L5, got {raw!r}")
    return levels_between(first, last)


@dataclass(frozen=True, slots=True)
class Spinous:
    """A spinous process: ``y`` is its lower border (the level), drawn from ``top`` to ``bottom``."""

    level: str
    y: float
    top: float
    bottom: float
    half_width: float


@dataclass(frozen=True, slots=True)
class Scapula:
    """A shoulder blade placed by its landmarks (``side`` is right or left; x mirrored)."""

    side: str
    medial_x: float
    superior_angle: tuple[float, float]
    spine_root: tuple[float, float]
    inferior_angle: tuple[float, float]
    acromion: tuple[float, float]
    outline: tuple[tuple[float, float], ...]
    spine: tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class IliacCrest:
    """An iliac crest: its highest point is level with L4; it ends medially at the PSIS (S2)."""

    side: str
    top: tuple[float, float]
    psis: tuple[float, float]
    curve: tuple[tuple[float, float], ...]


def spinous_processes(levels: Iterable[str]) -> tuple[Spinous, ...]:
    """The spinous process of each level, top first.

    Examples
    --------
    >>> (t3,) = spinous_processes(["T3"])
    >>> t3.y == level_y("T3"), t3.top < t3.bottom < t3.y
    (True, True)
    """
    return tuple(
        Spinous(
            level=v,
            y=level_y(v),
            top=level_y(v) - 0.78 * SEGMENT_CUN[v[0]],
            bottom=level_y(v) - 0.2,
            half_width=0.32 if v[0] != "S" else 0.26,
        )
        for v in levels
    )


def _mirror(points: Iterable[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    return tuple((-x, y) for x, y in points)


def scapula(side: str) -> Scapula:
    """The shoulder blade on ``side`` (``"right"`` or ``"left"``, the mirror image).

    Examples
    --------
    >>> scapula("left").medial_x, scapula("left").inferior_angle == (-3.5, level_y("T7"))
    (-3.0, True)
    """
    y = level_y
    medial = LINE_CUN["BL outer"]
    # Right-hand shape; the left is its mirror image. The medial border is 3 cun from the midline,
    # the spine starts from it level with T3, and the inferior angle is level with T7.
    superior = (medial + 0.2, y("T1") - 0.3)
    spine_root = (medial, y("T3"))
    inferior = (medial + 0.5, y("T7"))
    acromion = (7.8, y("T1") + 0.1)
    outline = (
        superior,
        (medial, y("T2")),
        spine_root,
        (medial, y("T6")),
        inferior,
        (medial + 1.4, y("T6") - 0.2),
        (medial + 3.0, y("T4")),
        (medial + 4.2, y("T2") + 0.3),
        (medial + 4.4, y("T1") + 0.9),
        (medial + 2.4, y("T1") + 0.1),
        superior,
    )
    spine = (spine_root, (medial + 1.6, y("T2") + 0.1), (medial + 3.4, y("T1") + 0.45), acromion)
    if side == "left":
        return Scapula(
            side,
            -medial,
            (-superior[0], superior[1]),
            (-spine_root[0], spine_root[1]),
            (-inferior[0], inferior[1]),
            (-acromion[0], acromion[1]),
            _mirror(outline),
            _mirror(spine),
        )
    return Scapula(side, medial, superior, spine_root, inferior, acromion, outline, spine)


def iliac_crest(side: str) -> IliacCrest:
    """The iliac crest on ``side``: its top level with L4, its medial end (the PSIS) with S2.

    Examples
    --------
    >>> crest = iliac_crest("right")
    >>> crest.top[1] == level_y("L4"), crest.psis[1] == level_y("S2")
    (True, True)
    """
    l4, l5, s2 = level_y("L4"), level_y("L5"), level_y("S2")
    psis = (2.2, s2)
    top = (5.6, l4)
    curve = (
        psis,
        (2.6, s2 - 0.9),
        (3.4, l5 + 0.1),
        (4.4, l4 + 0.25),
        top,
        (6.6, l4 + 0.2),
        (7.3, l5 - 0.1),
    )
    if side == "left":
        return IliacCrest(side, (-top[0], top[1]), (-psis[0], psis[1]), _mirror(curve))
    return IliacCrest(side, top, psis, curve)


def back_outline() -> tuple[tuple[float, float], ...]:
    """A simple closed outline of the back, neck to buttocks (right half, then the left mirrored).

    Examples
    --------
    >>> outline = back_outline()
    >>> outline[0] == (1.9, level_y("C1") - 1.0), outline[-1] == (-1.9, level_y("C1") - 1.0)
    (True, True)
    """
    y = level_y
    right = (
        (1.9, y("C1") - 1.0),
        (2.0, y("C4")),
        (2.4, y("C6")),
        (3.2, y("C7") - 0.1),
        (5.0, y("C7") + 0.35),
        (6.8, y("C7") + 0.75),
        (8.1, y("T1")),
        (8.8, y("T1") + 0.5),
        (9.1, y("T2") + 0.4),
        (8.9, y("T4")),
        (8.5, y("T6")),
        (7.8, y("T9")),
        (7.2, y("T12")),
        (6.8, y("L2")),
        (6.9, y("L4")),
        (7.6, y("S1")),
        (7.9, y("S3")),
        (7.7, y("S4") + 1.8),
        (6.5, y("S4") + 3.2),
        (0.0, y("S4") + 3.6),
    )
    left = tuple((-x, yy) for x, yy in reversed(right[:-1]))
    return right + left
