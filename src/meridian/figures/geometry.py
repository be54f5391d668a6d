"""Body geometry: where a place given in frame coordinates (B-cun) appears on each body view.

The body is modelled in three dimensions just well enough to draw it: the trunk, neck and limbs as
segments with an elliptic or round cross-section around a centre line, the head as an ellipsoid,
hands and feet as flat plates. A frame coordinate (``along``, ``across``) becomes a height, a place
around the segment's cross-section (an angle) and so a surface point with an outward direction;
each view projects that point and says how squarely the surface faces the viewer (``facing``:
1 square on, 0 at the outline, below 0 hidden). No matplotlib here.

Units are roughly cun of the trunk, y points up from the sole (0) to the vertex (about 80).
Within a frame the proportions of WHO's bone cun are kept: a point a third of the way between two
landmarks of a frame is drawn a third of the way between them.

Views
-----
``anterior``, ``posterior``, ``lateral`` (the right side, face to the viewer's right) and
``medial`` (the inner side of the right leg) show the whole body (``medial`` the lower limb);
``head_front``, ``head_side`` and ``head_top`` show the head. In the anterior views the patient's
right is on the viewer's left; in the posterior view it is on the viewer's right; from above, the
face is at the top and the patient's right on the viewer's right.

Examples
--------
>>> x, y, facing = place("back", 10, 1.5, "left", "posterior")
>>> x < 0, round(y, 1), facing > 0.9          # BL13 (T3, 1.5 cun): left of the spine seen from behind
(True, 60.3, True)
>>> place("back", 10, 1.5, "left", "anterior") is None   # hidden from the front
True
>>> best_view("leg_lateral", 3, 3, "left")     # ST36 faces the front
'anterior'
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

__all__ = [
    "BODY_VIEWS",
    "HEAD_VIEWS",
    "VIEWS",
    "View",
    "best_view",
    "level_height",
    "place",
    "side_sign",
    "surface",
]


@dataclass(frozen=True, slots=True)
class View:
    """A view of the body: its name, its title in words and the box it spans (x0, y0, x1, y1)."""

    name: str
    title: str
    bounds: tuple[float, float, float, float]


VIEWS: dict[str, View] = {
    v.name: v
    for v in (
        View("anterior", "Front of the body", (-15.0, -3.0, 15.0, 81.0)),
        View("posterior", "Back of the body", (-15.0, -6.0, 15.0, 81.0)),
        View("lateral", "Right side of the body", (-8.5, -0.5, 10.5, 81.0)),
        View("medial", "Inner side of the right leg", (-10.0, -3.0, 5.5, 81.0)),
        View("head_front", "Face and front of the neck", (-7.0, 60.0, 7.0, 81.0)),
        View("head_side", "Right side of the head", (-6.5, 60.0, 7.5, 81.0)),
        View("head_top", "Top of the head, face up", (-6.5, -6.5, 6.5, 7.5)),
    )
}
BODY_VIEWS = ("anterior", "posterior", "lateral", "medial")
HEAD_VIEWS = ("head_front", "head_side", "head_top")
_HEAD_CROP = {"head_front": "anterior", "head_side": "lateral"}

# The trunk's half-width W and half-depth D by height (linear between rows).
# The trunk by height: half-width, depth in front of and behind its centre line (the belly and
# chest in front; the buttocks, the small of the back and the shoulder blades behind).
_TRUNK = (
    (34.0, 6.2, 3.4, 3.6), (36.0, 6.4, 3.6, 4.6), (39.5, 6.8, 4.0, 5.0), (43.0, 6.3, 4.4, 4.4),
    (46.5, 5.6, 4.1, 3.9), (50.0, 5.9, 4.2, 4.1), (54.5, 6.5, 4.8, 4.6), (58.0, 6.9, 4.6, 4.6),
    (60.0, 6.9, 4.2, 4.4), (61.5, 5.2, 3.6, 3.9), (62.5, 2.7, 2.3, 2.5), (67.0, 2.5, 2.3, 2.5),
)  # fmt: skip
HEAD = (0.0, 73.0, 0.6, 4.6, 6.8, 5.0)  # centre x, y, z; half-width, half-height, half-depth
NECK_Z = -0.4

# Vertebral levels (along in the back frame: C1 = 1 ... S4 = 28, coccyx tip 30) to heights.
_LEVELS = ((0.0, 72.0), (1.0, 70.8), (7.0, 63.6), (10.0, 60.3), (14.0, 55.9), (19.0, 49.8),
           (23.0, 44.4), (25.0, 41.8), (28.0, 38.8), (31.0, 36.2))  # fmt: skip

# Limbs. Upper limb in anatomical position (palms forward), tilted outward; distance along its
# axis from the axillary fold: upper arm 0-9, forearm 9-21, hand 21-29.
ARM_START = (8.2, 57.5)
ARM_TILT = math.radians(7.0)
_ARM_R = ((-3.0, 1.9), (0.0, 1.75), (9.0, 1.6), (12.0, 1.7), (21.0, 1.3))
# Lower limb: centre line x by height in the front and back views, radius by height.
_LEG_X = ((0.0, 3.1), (19.0, 3.2), (39.0, 3.7))
_LEG_R = ((3.0, 1.05), (6.0, 1.2), (15.0, 2.0), (19.0, 2.05), (22.0, 2.2), (33.0, 2.9), (39.0, 3.1))


def _lerp(table: Sequence[tuple[float, ...]], x: float, col: int = 1) -> float:
    """Linear interpolation in a table of rows sorted by their first value (clamped at the ends)."""
    keys = [row[0] for row in table]
    i = bisect_right(keys, x)
    if i == 0:
        return table[0][col]
    if i == len(table):
        return table[-1][col]
    (x0, *a), (x1, *b) = table[i - 1], table[i]
    t = (x - x0) / (x1 - x0)
    return a[col - 1] + t * (b[col - 1] - a[col - 1])


def level_height(level: float) -> float:
    """The height of a vertebral level (1 = C1 ... 28 = S4) on the body.

    Examples
    --------
    >>> level_height(7) > level_height(8) > level_height(28)
    True
    """
    return _lerp(_LEVELS, level)


def trunk_size(y: float) -> tuple[float, float]:
    """The trunk's (half-width, mean half-depth) at height ``y``."""
    return _lerp(_TRUNK, y, 1), (_lerp(_TRUNK, y, 2) + _lerp(_TRUNK, y, 3)) / 2


def trunk_depths(y: float) -> tuple[float, float]:
    """How far the trunk reaches in front of and behind its centre line at height ``y``."""
    return _lerp(_TRUNK, y, 2), _lerp(_TRUNK, y, 3)


def leg_centre(y: float) -> float:
    """Distance from the midline to the centre line of a leg at height ``y``."""
    return _lerp(_LEG_X, y)


def leg_radius(y: float) -> float:
    """Radius of the leg's cross-section at height ``y``."""
    return _lerp(_LEG_R, y)


def arm_radius(dist: float) -> float:
    """Radius of the arm's cross-section at ``dist`` along its axis from the axillary fold."""
    return _lerp(_ARM_R, dist)


def arm_axis(dist: float) -> tuple[float, float]:
    """Where the arm's centre line is (distance from the midline, height) at ``dist``."""
    return ARM_START[0] + dist * math.sin(ARM_TILT), ARM_START[1] - dist * math.cos(ARM_TILT)


@dataclass(frozen=True, slots=True)
class Surface:
    """A place on the body: lateral distance ``X`` (>= 0 is the patient's own side, outward),
    height ``Y``, forward position ``Z``, and the outward direction (``nx``, ``ny``, ``nz``).
    ``plate`` names a flat part drawn in one view only (a hand or foot face), else ``""``;
    ``part`` is trunk, head, arm, leg or foot."""

    X: float
    Y: float
    Z: float
    nx: float
    ny: float
    nz: float
    plate: str = ""
    part: str = "trunk"


def _round(y: float, lateral: float, theta: float, radius: float, depth: float = 0.0) -> Surface:
    """A point on a round segment: angle ``theta`` from the front, positive towards the outside."""
    return Surface(lateral + radius * math.sin(theta), y, depth + radius * math.cos(theta),
                   math.sin(theta), 0.0, math.cos(theta))  # fmt: skip


@lru_cache(maxsize=4096)
def _arc_table(w: float, front: float, back: float) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Angles and the perimeter walked to each, from the front centre round one side to the back
    centre, of a section ``w`` half-wide reaching ``front`` forward and ``back`` backward."""
    ts = [math.pi * i / 96 for i in range(97)]
    pts = [(w * math.sin(t), (front if t <= math.pi / 2 else back) * math.cos(t)) for t in ts]
    walked = [0.0]
    for (x0, z0), (x1, z1) in itertools.pairwise(pts):
        walked.append(walked[-1] + math.hypot(x1 - x0, z1 - z0))
    return tuple(ts), tuple(walked)


def section(w: float, front: float, back: float, arc: float, from_back: bool = False) -> tuple[float, ...]:
    """The place ``arc`` along the perimeter of an oval section from its front centre (or its back
    centre), positive towards +x: ``(x, z, nx, nz)`` with the outward direction. Its front and
    back are flatter than its sides, as a chest or a forearm is.

    Examples
    --------
    >>> x, z, nx, nz = section(6.9, 4.6, 4.6, 4.0)   # 4 cun out on a chest
    >>> round(x, 1), nz > 0.85                        # still faces the front
    (3.9, True)
    """
    ts, walked = _arc_table(round(w, 3), round(front, 3), round(back, 3))
    if from_back:
        arc = math.copysign(walked[-1] - abs(arc), arc) if arc else walked[-1]
    a = min(abs(arc), walked[-1])
    i = max(1, bisect_right(walked, a))
    i = min(i, len(walked) - 1)
    f = (a - walked[i - 1]) / ((walked[i] - walked[i - 1]) or 1.0)
    t = ts[i - 1] + f * (ts[i] - ts[i - 1])
    d = front if t <= math.pi / 2 else back
    sign = -1.0 if arc < 0 else 1.0
    nx, nz = math.sin(t) / w, math.cos(t) / d
    n = math.hypot(nx, nz) or 1.0
    return sign * w * math.sin(t), d * math.cos(t), sign * nx / n, nz / n


def _trunk(y: float, arc: float, front: bool) -> Surface:
    w = trunk_size(y)[0]
    df, db = trunk_depths(y)
    x, z, nx, nz = section(w, df, db, arc, from_back=not front)
    z0 = NECK_Z if y > 62 else 0.0
    return Surface(x, y, z0 + z, nx, 0.0, nz)


def _head(u: tuple[float, float, float]) -> Surface:
    """A point of the head's ellipsoid in the direction ``u`` (unit vector: lateral, up, forward)."""
    cx, cy, cz, w, h, d = HEAD
    ux, uy, uz = u
    nx, ny, nz = ux / w, uy / h, uz / d
    n = math.sqrt(nx * nx + ny * ny + nz * nz)
    return Surface(cx + w * ux, cy + h * uy, cz + d * uz, nx / n, ny / n, nz / n)


def _head_arc(along: float, across: float) -> Surface:
    """Head frame: ``along`` over the top from the anterior hairline, ``across`` out from the midline."""
    phi = math.radians(_lerp(((0.0, 42.0), (5.0, 90.0), (10.0, 178.0), (12.0, 205.0)), along))
    beta = across / HEAD[3]
    return _head((math.sin(beta), math.sin(phi) * math.cos(beta), math.cos(phi) * math.cos(beta)))


def _head_at(y: float, lateral: float, forward: bool) -> Surface:
    """The point of the head's surface at height ``y`` and lateral distance ``lateral``."""
    _cx, cy, _cz, w, h, _d = HEAD
    ux, uy = min(lateral / w, 0.999), max(-0.999, min(0.999, (y - cy) / h))
    rest = max(0.0, 1 - ux * ux - uy * uy)
    return _head((ux, uy, math.sqrt(rest) * (1 if forward else -1)))


def _head_side(along: float, across: float) -> Surface:
    """Side of the head: ``along`` down from the apex of the ear, ``across`` forward of the ear."""
    _cx, cy, cz, _w, h, d = HEAD
    y, z = 73.6 - along, -0.4 + across
    uy, uz = (y - cy) / h, (z - cz) / d
    return _head((math.sqrt(max(0.0, 1 - uy * uy - uz * uz)), uy, uz))


def _arm(dist: float, across: float, back: bool, flat: bool = False) -> Surface:
    lateral, y = arm_axis(dist)
    if flat:  # the hand: a plate facing front (palm) or back (dorsum), thumb outward
        out = across * 0.95
        return Surface(lateral + out * math.cos(ARM_TILT), y - out * math.sin(ARM_TILT),
                       0.0, 0.0, 0.0, -1.0 if back else 1.0)  # fmt: skip
    r = arm_radius(dist)
    depth = r if dist < 9.0 else r * 0.68  # the forearm is flatter than the upper arm
    x, z, nx, nz = section(r, depth, depth, across, from_back=back)
    return Surface(lateral + x * math.cos(ARM_TILT), y - x * math.sin(ARM_TILT), z, nx, 0.0, nz)


def _leg(y: float, theta: float) -> Surface:
    return _round(y, leg_centre(y), theta, leg_radius(y))


def _foot(frame: str, along: float, across: float) -> Surface:
    """Feet: flat plates. The top of the foot is drawn pointing down in the front view, the sole
    pointing down in the back view, and the outer and inner edges in profile."""
    x0 = leg_centre(3.0)
    if frame == "foot_dorsal":  # across grows towards the big toe (inward)
        return Surface(x0 - 0.5 * across + 0.1 * along, 2.4 - 0.62 * along, 2.0, 0, 0, 1, "front")
    if frame == "sole":
        return Surface(x0 - 0.5 * across, 0.2 - 0.55 * along, -2.0, 0, 0, -1, "back")
    forward = -0.4 + 1.05 * along  # lateral or medial edge in profile; across grows upward
    y = 0.5 + across * (1.25 if frame == "foot_lateral" else 1.45)
    inner = frame == "foot_medial"
    return Surface(x0 + (-1.0 if inner else 1.0), y, forward, -1.0 if inner else 1.0, 0, 0, "edge")


def surface(frame: str, along: float, across: float) -> Surface:
    """The body surface point of frame coordinates, on the patient's own side (``X`` outward).

    Examples
    --------
    >>> s = surface("chest", 6.5, 4)                   # the nipple
    >>> round(s.Y, 1), round(s.X, 1), s.nz > 0.7
    (54.5, 3.8, True)
    """
    if frame == "back":
        return _trunk(level_height(along), across, front=False)
    if frame in ("chest", "abdomen"):
        return _trunk((61.0 if frame == "chest" else 52.0) - along, across, front=True)
    if frame == "neck":
        return _trunk(64.0 - along, across, front=True)
    if frame == "face":
        return replace(_head_at(77.4 - 1.08 * along, across, forward=True), part="head")
    if frame == "head":
        return replace(_head_arc(along, across), part="head")
    if frame == "head_lateral":
        return replace(_head_side(along, across), part="head")
    arm = {"arm_anterior": (0.0, False), "arm_posterior": (0.0, True),
           "forearm_anterior": (9.0, False), "forearm_posterior": (9.0, True),
           "hand_palmar": (21.0, False), "hand_dorsal": (21.0, True)}  # fmt: skip
    if frame in arm:
        start, back = arm[frame]
        return replace(_arm(start + along, across, back, frame.startswith("hand")), part="arm")
    if frame.startswith("foot") or frame == "sole":
        return replace(_foot(frame, along, across), part="foot")
    legs = {  # height at along 0, radians at across 0 (from the front, + outward), sign of across
        "thigh_anterior": (39.0, 0.0, 1.0), "thigh_posterior": (33.0, math.pi, -1.0),
        "thigh_lateral": (38.0, math.pi / 2, -1.0), "leg_lateral": (19.0, math.pi / 2, -1.0),
        "leg_posterior": (19.0, math.pi, -1.0), "leg_medial": (16.5, -1.75, 1.0),
    }  # fmt: skip
    if frame not in legs:
        raise ValueError(f"unknown frame {frame!r}")
    y0, theta0, sign = legs[frame]
    y = y0 - along
    return replace(_leg(y, theta0 + sign * across / leg_radius(y)), part="leg")


def side_sign(view: str, side: str) -> int | None:
    """Which way the patient's ``side`` lies on ``view``: +1 right of the midline, -1 left, 0 on
    it, None where that side cannot be seen (the left side in the lateral views)."""
    if side == "midline":
        return 0
    if view in ("anterior", "head_front"):
        return 1 if side == "left" else -1
    if view in ("posterior", "head_top"):
        return 1 if side == "right" else -1
    return 1 if side == "right" else None


def _project(s: Surface, view: str, sign: int) -> tuple[float, float, float] | None:
    base = _HEAD_CROP.get(view, view)
    flip = -1 if sign < 0 else 1
    if (s.plate == "front" and base != "anterior") or (s.plate == "back" and base != "posterior"):
        return None
    if s.plate == "edge" and base not in ("lateral", "medial"):
        return None
    if s.part == "arm" and base not in ("anterior", "posterior"):
        return None  # the arms hang over the flank in profile: they are drawn front and back only
    if base == "medial" and s.part not in ("leg", "foot"):
        return None
    if base == "anterior":
        return sign * s.X if sign else 0.0, s.Y, s.nz
    if base == "posterior":
        return sign * s.X if sign else 0.0, s.Y, -s.nz
    if base == "head_top":
        return sign * s.X if sign else 0.0, s.Z, s.ny
    # a midline point in profile is on the outline when it faces forward or back
    facing = (0.0 if abs(s.nx) < 0.2 else -1.0) if sign == 0 else s.nx * flip
    if base == "lateral":
        return s.Z, s.Y, facing
    # medial: the inner side of the right leg, seen from the left; forward is to the viewer's left
    return -s.Z, s.Y, -facing


def place(frame: str, along: float, across: float, side: str, view: str,
          *, hidden: float = -0.05) -> tuple[float, float, float] | None:  # fmt: skip
    """Where frame coordinates appear on ``view``: ``(x, y, facing)``, or None if not seen there.

    ``facing`` is how squarely the surface faces the viewer (1 square on, about 0 at the outline).
    """
    sign = side_sign(view, side)
    if sign is None:
        return None
    s = surface(frame, along, across)
    got = _project(s, view, sign)
    if got is None or got[2] < hidden:
        return None
    if view == "medial" and sign == 0:
        return None
    return got


def best_view(frame: str, along: float, across: float, side: str = "right",
              views: Sequence[str] = BODY_VIEWS) -> str:  # fmt: skip
    """The view among ``views`` that shows the place most squarely (the first one on a tie)."""
    best, score = views[0], -2.0
    sides = ("midline",) if side == "midline" else ("right", "left")
    for view in views:
        for sd in sides:
            got = place(frame, along, across, sd, view, hidden=-2.0)
            if got is not None and got[2] > score + 1e-9:
                best, score = view, got[2]
    return best
