"""The body outlines and anatomical landmarks of each view, drawn by the project from its own body model.

Every shape is computed from :mod:`meridian.figures.geometry` (the same sizes that place the
points), so a point and the bone or crease it is measured from always agree. Shapes are plain
data: ``Shape(kind, name, points, closed)`` with ``kind`` one of ``"body"`` (a filled part of the
outline), ``"bone"`` (a landmark drawn as a line or a closed contour) or ``"mark"`` (a small
landmark drawn at one place), in the view's units with y up.

Examples
--------
>>> kinds = {s.kind for s in view_shapes("posterior")}
>>> sorted(kinds)
['body', 'bone', 'mark']
>>> any(s.name == "scapula" for s in view_shapes("posterior"))
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from .geometry import (
    ARM_TILT,
    HEAD,
    NECK_Z,
    arm_axis,
    arm_radius,
    leg_centre,
    leg_radius,
    place,
    trunk_depths,
    trunk_size,
)

__all__ = ["Shape", "view_shapes"]

XY = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Shape:
    """One drawn part of a view: ``kind`` body, bone or mark; ``points`` in view units, y up."""

    kind: str
    name: str
    points: tuple[XY, ...]
    closed: bool = False


def _r(points: Iterable[XY]) -> tuple[XY, ...]:
    return tuple((round(x, 3), round(y, 3)) for x, y in points)


def _mirror(points: Sequence[XY]) -> list[XY]:
    return [(-x, y) for x, y in points]


def _steps(a: float, b: float, n: int) -> list[float]:
    return [a + (b - a) * i / n for i in range(n + 1)]


def _ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 48) -> list[XY]:
    return [
        (cx + rx * math.cos(2 * math.pi * i / n), cy + ry * math.sin(2 * math.pi * i / n)) for i in range(n)
    ]


def _head_front() -> list[XY]:
    cx, cy, _, w, h, _ = HEAD
    pts = []
    for i in range(60):
        t = 2 * math.pi * i / 60
        x, y = math.cos(t), math.sin(t)
        narrow = 1 - 0.22 * max(0.0, -y) ** 1.5  # the jaw narrows to the chin
        pts.append((cx + w * x * narrow, cy + h * y))
    return pts


def _trunk_front() -> list[XY]:
    """The trunk and neck from the front (or back): the groin folds below, the shoulders'
    slope to the neck above."""
    groin = [(0.5, 34.7), (2.3, 35.2), (4.6, 36.0)]
    right = [(trunk_size(y)[0], y) for y in _steps(37.0, 60.0, 23)]
    top = [(7.5, 61.0), (5.6, 61.9), (3.6, 62.5), (2.8, 63.3), (2.5, 64.5), (2.45, 67.0)]
    side = groin + right + top
    return side + _mirror(side[::-1])


def _arm(sign: int) -> list[XY]:
    """One arm and its hand, hanging with the palm forward; ``sign`` +1 on the viewer's right."""
    out, back = [], []
    for d in _steps(-2.6, 21.0, 24):
        x, y = arm_axis(d)
        r = arm_radius(d)
        c, s = math.cos(ARM_TILT), math.sin(ARM_TILT)
        out.append((x + r * c, y - r * s))
        back.append((x - r * c, y + r * s))
    # the shoulder: a rounded cap over the top of the arm, from its inner to its outer edge
    x0, y0 = arm_axis(-2.6)
    r0 = arm_radius(-2.6)
    cap = [
        (x0 - r0 * math.cos(t), y0 + 0.9 * r0 * math.sin(t)) for t in (math.pi * i / 8 for i in range(1, 8))
    ]
    hand = [_hand(a, c) for a, c in _HAND]
    pts = cap + out + hand + back[::-1]
    return [(sign * x, y) for x, y in pts]


# The hand as (along, across) from the wrist crease, thumb side positive: palm, four fingers, thumb.
_HAND = (
    (0.0, 1.0),
    (0.6, 2.0),
    (2.2, 3.3),
    (3.4, 3.7),
    (3.6, 3.1),
    (2.6, 2.4),
    (4.1, 1.9),
    (5.6, 1.7),
    (6.1, 1.1),
    (7.0, 0.4),
    (7.1, -0.3),
    (6.7, -0.9),
    (6.0, -1.5),
    (4.6, -2.0),
    (3.6, -2.1),
    (1.0, -1.5),
    (0.0, -1.1),
)


def _hand(along: float, across: float) -> XY:
    x, y = arm_axis(21.0 + along)
    out = across * 0.95
    return x + out * math.cos(ARM_TILT), y - out * math.sin(ARM_TILT)


def _leg_front(sign: int) -> list[XY]:
    heights = _steps(38.0, 3.0, 28)
    outer = [(min(leg_centre(y) + leg_radius(y), trunk_size(y)[0] - 0.1), y) for y in heights]
    inner = [(max(0.25, leg_centre(y) - leg_radius(y)), y) for y in heights]
    inner[0] = (0.15, 34.9)
    pts = outer + inner[::-1]
    return [(sign * x, y) for x, y in pts]


def _foot_plate(sign: int, sole: bool) -> list[XY]:
    """The top of the foot seen from the front (or the sole from behind), pointing down."""
    x0 = leg_centre(3.0)
    outline = (
        (0.0, -1.3),
        (0.0, 1.3),
        (3.0, 2.0),
        (6.8, 2.3),
        (7.6, 1.9),
        (8.4, 0.9),
        (8.3, -0.3),
        (7.6, -1.6),
        (6.5, -2.2),
        (3.0, -2.0),
    )
    pts = []
    for along, across in outline:
        if sole:
            pts.append((x0 - 0.5 * across, 0.9 - 0.55 * along * 1.2))
        else:
            pts.append((x0 - 0.5 * across + 0.1 * along, 2.6 - 0.62 * along))
    return [(sign * x, y) for x, y in pts]


def _profile_body(medial: bool = False) -> list[Shape]:
    """The side view: head, neck, trunk, leg and foot in profile (mirrored for the inner side)."""
    flip = -1.0 if medial else 1.0
    legs = _steps(40.0, 3.0, 30)
    front = [(leg_radius(y) * 0.95 + 0.2, y) for y in legs]
    back = [(-leg_radius(y) * 0.95 - 0.1, y) for y in legs]
    foot = [
        (1.3, 2.6),
        (3.0, 1.9),
        (6.5, 1.1),
        (8.1, 0.7),
        (8.3, 0.2),
        (6.0, -0.05),
        (0.0, 0.0),
        (-1.8, 0.1),
        (-2.0, 1.2),
        (-1.3, 2.4),
    ]
    leg = [(flip * x, y) for x, y in front + foot + back[::-1]]
    shapes = [Shape("body", "leg", _r(leg), True)]
    if medial:
        return shapes
    # the groin in front, the buttock curving into the back of the thigh at the gluteal fold
    trunk_front = [(trunk_depths(y)[0], y) for y in _steps(36.5, 61.5, 30)]
    trunk_back = [(-trunk_depths(y)[1], y) for y in _steps(35.0, 61.5, 32)]
    trunk_back.insert(0, (-3.0, 33.0))
    neck = [(NECK_Z + 2.0, 62.6), (NECK_Z + 1.9, 67.5), (NECK_Z - 2.4, 68.0), (NECK_Z - 2.6, 62.8)]
    trunk = trunk_front + neck[:2] + neck[2:] + trunk_back[::-1]
    _, cy, cz, _, h, d = HEAD
    head = [
        (cz + d * math.cos(t) * (1.0 if math.cos(t) < 0 else 1.02), cy + h * math.sin(t))
        for t in (2 * math.pi * i / 60 for i in range(60))
    ]
    nose = [(cz + d - 0.1, 71.8), (cz + d + 0.9, 70.3), (cz + d - 0.1, 69.8)]
    return [
        *shapes,
        Shape("body", "trunk", _r(trunk), True),
        Shape("body", "head", _r(head), True),
        Shape("bone", "nose", _r(nose)),
        Shape("bone", "ear", _r(_ellipse(-0.2, 72.1, 0.8, 1.5, 24)), True),
    ]


def _at(frame: str, pts: Iterable[tuple[float, float]], side: str, view: str) -> list[XY]:
    out = []
    for along, across in pts:
        got = place(frame, along, across, side, view, hidden=-1.0)
        if got is not None:
            out.append((got[0], got[1]))
    return out


def _sides(view: str) -> tuple[str, ...]:
    return ("left", "right") if view in ("anterior", "posterior", "head_front", "head_top") else ("right",)


def _bones(view: str) -> list[Shape]:
    """Landmark contours: the scapulae, sacrum, clavicles, costal arch, creases, patella ..."""
    out: list[Shape] = []

    def add(name: str, frame: str, pts: Sequence[tuple[float, float]], closed: bool = False) -> None:
        for side in _sides(view):
            got = _at(frame, pts, side, view)
            if len(got) >= 2:
                out.append(Shape("bone", name, _r(got), closed))

    if view == "posterior":
        add("scapula", "back", ((9.0, 3.0), (14.0, 3.4), (14.2, 4.0), (10.5, 6.6), (9.2, 6.8)), True)
        add("scapular spine", "back", ((10.0, 3.0), (8.6, 6.9)))
        add("iliac crest", "back", ((23.0, 1.2), (22.6, 3.5), (23.3, 5.8), (24.3, 6.6)))
        add("sacrum", "back", ((25.0, 0.0), (25.0, 2.2), (28.0, 1.2), (29.5, 0.0)))
        add("popliteal crease", "leg_posterior", ((0.0, -1.4), (0.0, 1.4)))
        add("gluteal fold", "thigh_posterior", ((0.0, -2.4), (-0.3, 0.0), (0.0, 2.5)))
        add("wrist crease", "hand_dorsal", ((0.0, -1.0), (0.0, 1.0)))
    if view == "anterior":
        add("clavicle", "chest", ((0.0, 1.0), (-0.2, 4.0), (-0.5, 7.4)))
        add("costal arch", "abdomen", ((0.0, 0.3), (1.5, 2.6), (3.5, 4.6), (5.5, 6.2)))
        add("inguinal groove", "abdomen", ((10.8, 6.0), (13.0, 2.0)))
        add(
            "patella",
            "thigh_anterior",
            ((18.0, -1.0), (18.0, 1.0), (19.3, 0.9), (20.3, 0.0), (19.3, -0.9)),
            True,
        )
        add("cubital crease", "forearm_anterior", ((0.0, -1.5), (0.0, 1.5)))
        add("wrist crease", "hand_palmar", ((0.0, -1.0), (0.0, 1.0)))
        out.append(Shape("bone", "sternum", _r(_at("chest", ((0.0, 0.0), (9.0, 0.0)), "midline", view))))
    if view == "lateral":
        add("iliac crest", "back", ((22.6, 3.5), (23.3, 5.8), (24.3, 6.6)))
        add("patella", "leg_lateral", ((-0.5, 2.2), (-2.5, 2.3)))
    if view in ("lateral", "medial"):
        add("popliteal crease", "leg_posterior", ((0.0, -1.8), (0.0, 1.8)))
    if view in ("anterior", "head_front"):
        for side in ("left", "right"):
            eye = _at(
                "face", [(4.0 + 0.22 * math.sin(t), 1.5 + 0.6 * math.cos(t)) for t in _turn(16)], side, view
            )
            out.append(Shape("bone", "eye", _r(eye), True))
        mouth = [(8.0 + 0.12 * (1 - (a / 1.5) ** 2), a) for a in (-1.5, -0.75, 0.0, 0.75, 1.5)]
        out.append(
            Shape(
                "bone",
                "mouth",
                _r(
                    _at("face", [(y, abs(x)) for y, x in mouth[:2]], "right", view)
                    + _at("face", [(mouth[2][0], 0.0)], "midline", view)
                    + _at("face", [(y, x) for y, x in mouth[3:]], "left", view)
                ),
            )
        )
        out.append(Shape("bone", "nose", _r(_at("face", ((4.2, 0.0), (6.5, 0.0)), "midline", view))))
    if view == "head_top":
        out.append(Shape("bone", "midline", _r(_at("head", ((0.0, 0.0), (12.0, 0.0)), "midline", view))))
    return out


def _turn(n: int) -> list[float]:
    return [2 * math.pi * i / n for i in range(n)]


def _marks(view: str) -> list[Shape]:
    """Small landmarks at one place: the spinous processes, nipples, umbilicus, malleoli ..."""
    out: list[Shape] = []

    def mark(name: str, frame: str, along: float, across: float, sides: Sequence[str]) -> None:
        for side in sides:
            got = place(frame, along, across, side, view, hidden=-0.2)
            if got is not None:
                out.append(Shape("mark", name, _r([(got[0], got[1])])))

    both = _sides(view)
    if view == "posterior":
        for level in range(1, 29):
            mark("spinous process", "back", level, 0.0, ("midline",))
        for level in range(25, 29):
            mark("sacral foramen", "back", level, 0.9, both)
        mark("external occipital protuberance", "head", 10.0, 0.0, ("midline",))
        mark("heel", "sole", 0.4, 0.0, both)
    if view == "anterior":
        mark("nipple", "chest", 6.5, 4.0, both)
        mark("umbilicus", "abdomen", 8.0, 0.0, ("midline",))
        mark("xiphisternal junction", "chest", 9.0, 0.0, ("midline",))
    if view in ("lateral", "head_side"):
        mark("pupil", "face", 4.0, 3.0, both)
        mark("lateral malleolus", "foot_lateral", 0.0, 2.0, both)
        mark("head of the fibula", "leg_lateral", 1.0, -0.5, both)
        mark("greater trochanter", "thigh_lateral", 0.0, 0.0, both)
    if view == "medial":
        mark("medial malleolus", "foot_medial", 0.0, 2.0, both)
        mark("medial condyle of the tibia", "leg_medial", 0.0, 0.0, both)
    if view == "head_top":
        mark("vertex", "head", 5.0, 0.0, ("midline",))
    return out


@cache
def view_shapes(view: str) -> tuple[Shape, ...]:
    """Everything drawn for ``view`` besides the points: body parts, bones and marks, in drawing
    order (bodies first)."""
    base = {"head_front": "anterior", "head_side": "lateral"}.get(view, view)
    bodies: list[Shape] = []
    if base in ("anterior", "posterior"):
        sole = base == "posterior"
        for sign in (-1, 1):
            bodies.append(Shape("body", "leg", _r(_leg_front(sign)), True))
            bodies.append(Shape("body", "foot", _r(_foot_plate(sign, sole)), True))
        bodies.append(Shape("body", "trunk", _r(_trunk_front()), True))
        for sign in (-1, 1):
            bodies.append(Shape("body", "arm", _r(_arm(sign)), True))
        bodies.append(Shape("body", "head", _r(_head_front()), True))
    elif base == "lateral":
        bodies = _profile_body()
    elif base == "medial":
        bodies = _profile_body(medial=True)
    elif base == "head_top":
        cx, _, cz, w, _, d = HEAD
        bodies = [
            Shape("body", "ear", _r(_ellipse(w - 0.1, -0.4, 0.6, 1.3, 16)), True),
            Shape("body", "ear", _r(_ellipse(-w + 0.1, -0.4, 0.6, 1.3, 16)), True),
            Shape("body", "nose", _r([(-0.8, cz + d - 0.3), (0.0, cz + d + 1.0), (0.8, cz + d - 0.3)]), True),
            Shape("body", "head", _r(_ellipse(cx, cz, w, d, 60)), True),
        ]
    return tuple(bodies + _bones(view) + _marks(view))
