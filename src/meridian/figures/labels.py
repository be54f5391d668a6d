"""Labels beside points: boxes in chart units, a width estimate, and greedy placement.

Figures place labels without a renderer: a label's box is estimated from its text and height, and
:func:`place_labels` gives each label the first of its candidate spots that overlaps nothing
already placed, so no two labels (and no label and point) collide.

Examples
--------
>>> point = Box(-0.17, -0.17, 0.17, 0.17)
>>> placed = place_labels([("BL13", "BL13 Feishu", 0.0, [(0.0, 0.0, "left"), (0.26, 0.0, "left")])],
...                       [point], 0.27)
>>> placed["BL13"].x, placed["BL13"].ha, placed["BL13"].leader
(0.26, 'left', False)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

__all__ = ["Box", "Label", "label_box", "place_labels", "text_width"]

# Rough advance of one character of the label font, in units of the font's height (DejaVu Sans
# averages ~0.6 em for mixed text; a CJK glyph is a full em). Slightly generous so estimates err
# towards space between labels.
_CHAR_EM = 0.64
_CJK_EM = 1.02


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle in chart units (``y0`` above ``y1``: y grows downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, pad: float = 0.0) -> bool:
        """True when the two boxes share area (``pad`` widens this box on every side).

        Examples
        --------
        >>> Box(0, 0, 1, 1).overlaps(Box(1, 0, 2, 1)), Box(0, 0, 1, 1).overlaps(Box(1, 0, 2, 1), pad=0.1)
        (False, True)
        """
        return (
            self.x0 - pad < other.x1
            and other.x0 < self.x1 + pad
            and self.y0 - pad < other.y1
            and other.y0 < self.y1 + pad
        )


@dataclass(frozen=True, slots=True)
class Label:
    """Where a point's label goes: text anchored at (x, y), aligned ``ha``, centred vertically."""

    text: str
    x: float
    y: float
    ha: str
    box: Box
    leader: bool = False


def text_width(text: str, height: float) -> float:
    """The estimated width of ``text`` set ``height`` tall (a CJK character is about a full em).

    Examples
    --------
    >>> round(text_width("BL13", 1.0), 2), round(text_width("肺俞", 1.0), 2)
    (2.56, 2.04)
    """
    wide = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return height * ((len(text) - wide) * _CHAR_EM + wide * _CJK_EM)


def label_box(x: float, y: float, ha: str, width: float, height: float) -> Box:
    """The box of a label anchored at (x, y): to the right of x when ``ha`` is ``"left"``.

    Examples
    --------
    >>> label_box(1.0, 2.0, "left", 3.0, 0.5)
    Box(x0=1.0, y0=1.69, x1=4.0, y1=2.31)
    >>> label_box(1.0, 2.0, "right", 3.0, 0.5).x0
    -2.0
    """
    half = height * 0.62
    if ha == "left":
        return Box(x, y - half, x + width, y + half)
    return Box(x - width, y - half, x, y + half)


def place_labels(
    candidates: Sequence[tuple[str, str, float, Sequence[tuple[float, float, str]]]],
    obstacles: list[Box],
    height: float,
) -> dict[str, Label]:
    """Greedy placement: each label takes its first candidate spot that overlaps nothing placed.

    ``candidates`` holds (id, text, y of the point, [(x, y, ha), ...]) in priority order; a label
    moved well above or below its point gets a leader line. When every spot is taken,
    the one overlapping the fewest boxes wins, so every label is placed somewhere.

    Examples
    --------
    >>> spots = [(0.3, 0.0, "left"), (0.3, 0.6, "left")]
    >>> placed = place_labels([("a", "first", 0.0, spots), ("b", "second", 0.0, spots)], [], 0.3)
    >>> placed["a"].y, placed["b"].y, placed["b"].leader
    (0.0, 0.6, True)
    """
    placed: dict[str, Label] = {}
    taken = _BoxGrid(obstacles)
    for pid, text, anchor, spots in candidates:
        width = text_width(text, height)
        best: tuple[int, Label] | None = None
        for x, y, ha in spots:
            box = label_box(x, y, ha, width, height)
            clashes = taken.clashes(box, pad=0.02)
            if best is None or clashes < best[0]:
                best = (clashes, Label(text, x, y, ha, box, leader=abs(y - anchor) > 0.45))
            if clashes == 0:
                break
        assert best is not None
        placed[pid] = best[1]
        taken.add(best[1].box)
    return placed


class _BoxGrid:
    """Placed boxes filed by the grid cells they cover, so a new box is tested only against its
    neighbours: placing labels then takes time in proportion to their number."""

    CELL = 1.0  # cun: about a label's height and a point's spacing

    def __init__(self, boxes: Iterable[Box] = ()) -> None:
        self._cells: dict[tuple[int, int], list[Box]] = {}
        for box in boxes:
            self.add(box)

    def _keys(self, box: Box, pad: float = 0.0) -> Iterator[tuple[int, int]]:
        c = self.CELL
        for i in range(math.floor((box.x0 - pad) / c), math.floor((box.x1 + pad) / c) + 1):
            for j in range(math.floor((box.y0 - pad) / c), math.floor((box.y1 + pad) / c) + 1):
                yield i, j

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self._cells.setdefault(key, []).append(box)

    def clashes(self, box: Box, pad: float = 0.0) -> int:
        """How many filed boxes ``box`` overlaps (each counted once)."""
        seen: set[int] = set()
        count = 0
        for key in self._keys(box, pad):
            for other in self._cells.get(key, ()):
                if id(other) not in seen:
                    seen.add(id(other))
                    count += box.overlaps(other, pad=pad)
        return count
