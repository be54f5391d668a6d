"""Vertebral levels, in order down the spine: cheap to import (checking data needs them, and no
records).

Examples
--------
>>> level_index("T3") - level_index("T1")
2
>>> levels_between("T11", "L2")
('T11', 'T12', 'L1', 'L2')
"""

from __future__ import annotations

__all__ = ["LEVELS", "level_index", "levels_between"]

#: Vertebral levels from the top of the neck to the sacrum, in order.
LEVELS: tuple[str, ...] = (
    *(f"C{i}" for i in range(1, 8)),
    *(f"T{i}" for i in range(1, 13)),
    *(f"L{i}" for i in range(1, 6)),
    *(f"S{i}" for i in range(1, 5)),
)
_LEVEL_INDEX = {name: i for i, name in enumerate(LEVELS)}


def level_index(level: str) -> int:
    """Position of ``level`` along the spine, counted from C1 (0).

    Raises ``KeyError`` for a name that is not a level; callers that take user input check with
    ``level in LEVELS`` first.
    """
    return _LEVEL_INDEX[level]


def levels_between(first: str, last: str) -> tuple[str, ...]:
    """Levels from ``first`` to ``last`` inclusive, top to bottom."""
    return LEVELS[_LEVEL_INDEX[first] : _LEVEL_INDEX[last] + 1]
