"""The clinic: from spots and findings to the organs they reflect. ``spots`` parses what a
practitioner found, ``backindex`` indexes the back points, ``screen`` (with ``symptoms`` and
``context``) looks for red flags before anything is suggested, ``reasoning`` weighs the findings and
``report`` words the result. Names load on first use.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'meridian.clinic' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
