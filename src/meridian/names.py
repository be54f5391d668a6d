"""Folding names for matching, and reading codes and channel names from plain tables: cheap to
import, used by every lookup.

Examples
--------
>>> normalize_name("Fèi-shū"), with_tones("Zhōng Dū")
('feishu', 'zhōngdū')
>>> point_code({"UB": "BL", "BL": "BL"}, "ub-013")
'BL13'
"""

from __future__ import annotations

import re
import unicodedata

from .errors import NotFoundError

__all__ = ["CODE", "channel_code", "normalize_name", "point_code", "with_tones"]

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing at run time: a lookup stays cheap to start
    from collections.abc import Mapping, Sequence

_SEPARATORS = re.compile(r"[\s\-_'’.]+")

#: A point code as people type it: a channel code or alias, then a number (``BL13``, ``ub-13``).
CODE = re.compile(r"^\s*([A-Za-z]+(?:-[A-Za-z]+)?)[\s\-_.]*([0-9]{1,6})\s*$")


def normalize_name(text: str) -> str:
    """Fold a name for matching: no tone marks, no spaces, hyphens or case.

    >>> normalize_name("Du 14")
    'du14'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    if not decomposed.isascii():  # ASCII has no combining marks: most names need no walk
        decomposed = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub("", decomposed).casefold()


def with_tones(text: str) -> str:
    """Fold case, spaces and hyphens but keep tone marks: Zhōngdū and Zhōngdú stay apart."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFC", text)).casefold()


def point_code(channels: Mapping[str, str], text: str) -> str | None:
    """The WHO code that ``text`` spells, or None when it is not a code of a known channel.

    ``channels`` maps each upper-case channel code and alias to the channel's code. Whether the
    point exists is for the caller to check.

    >>> point_code({"GV": "GV", "DU": "GV"}, " Du 014 "), point_code({"GV": "GV"}, "XX1")
    ('GV14', None)
    """
    match = CODE.match(text)
    if not match:
        return None
    channel = channels.get(match.group(1).upper())
    return None if channel is None else f"{channel}{int(match.group(2))}"


def channel_code(
    channels: Mapping[str, str], names: Mapping[str, str], shared: Mapping[str, Sequence[str]], text: str
) -> str:
    """The channel that ``text`` names, from plain tables.

    ``channels`` maps upper-case codes and aliases to codes, ``names`` folded names (without
    "channel", "meridian" or "vessel") to codes, and ``shared`` the codes that name one channel
    in one school and another in another to both.

    Raises
    ------
    NotFoundError
        When no channel has that name, listing the known codes; or when the code means two
        channels in two schools.

    >>> channel_code({"LR": "LR"}, {"liver": "LR"}, {}, "Liver meridian")
    'LR'
    >>> channel_code({"LR": "LR"}, {}, {"P": ["LU", "PC"]}, "p")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    meridian.errors.NotFoundError: 'p' names more than one channel: LU or PC in different schools; ...
    """
    code = channels.get(text.strip().upper())
    if code is None:
        folded = re.sub(r"(channel|meridian|vessel)$", "", normalize_name(text))
        code = names.get(folded)
    if code is None:
        both = shared.get(text.strip().upper())
        if both:
            raise NotFoundError(
                f"{text.strip()!r} names more than one channel: {' or '.join(both)} in different schools;"
                " give the WHO code",
                tuple(both),
            )
        known = tuple(sorted(set(channels.values())))
        raise NotFoundError(f"unknown channel {text!r}; known channels: {', '.join(known)}", known)
    return code
