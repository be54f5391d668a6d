"""The clinic: from spots and findings to the organs they reflect. ``spots`` parses what a
practitioner found, ``backindex`` indexes the back points, ``screen`` (with ``symptoms`` and
``context``) looks for red flags before anything is suggested, ``reasoning`` weighs the findings and
``report`` words the result. Names load on first use.
"""

from __future__ import annotations

from ..lazy import lazy_names

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .reasoning import DISCLAIMER, Finding, Spot, locate, nearest, parse_finding, parse_spot, suggest

_LAZY = {
    "DISCLAIMER": "reasoning",
    "Finding": "reasoning",
    "Spot": "reasoning",
    "locate": "reasoning",
    "nearest": "reasoning",
    "parse_finding": "reasoning",
    "parse_spot": "reasoning",
    "suggest": "reasoning",
}


__getattr__, __dir__ = lazy_names(__name__, globals(), _LAZY)


__all__ = [
    "DISCLAIMER",
    "Finding",
    "Spot",
    "locate",
    "nearest",
    "parse_finding",
    "parse_spot",

    "suggest",
]
