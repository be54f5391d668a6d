"""Folding names for matching: cheap to import, used by every lookup.

Examples
--------
>>> normalize_name("Fèi-shū"), with_tones("Zhōng Dū")
('feishu', 'zhōngdū')
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_name", "with_tones"]

_SEPARATORS = re.compile(r"[\s\-_'’.]+")


def normalize_name(text: str) -> str:
    """Fold a name for matching: no tone marks, no spaces, hyphens or case.

    >>> normalize_name("Du 14")
    'du14'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub("", kept).casefold()


def with_tones(text: str) -> str:
    """Fold case, spaces and hyphens but keep tone marks: Zhōngdū and Zhōngdú stay apart."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFC", text)).casefold()
