"""The checks of the atlas as a whole: what each complete regular channel must hold, and the
standard number of each category once every channel is complete.

They run with the other checks across records (:func:`meridian.checks.check_records`), each
taking the checker that collects the problems.
"""

from __future__ import annotations

from typing import Any

from .read import Problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .checks import _Checker as Checker

__all__ = ["channel_roles", "totals"]


def channel_roles(checker: Checker) -> None:
    """A complete regular channel has its five-shu points in the right phases, one yuan, luo, xi-cleft."""
    found: dict[str, dict[str, list[tuple[str, dict[str, Any]]]]] = {}
    for _, _, rec in checker.records("points"):
        for cat in rec.get("categories") or []:
            if isinstance(cat, dict):
                key = _role_key(cat)
                found.setdefault(str(rec.get("channel")), {}).setdefault(key, []).append(
                    (str(rec.get("code")), cat)
                )
    for f, i, rec in checker.records("channels"):
        if not rec.get("complete") or rec.get("limb") not in ("hand", "foot"):
            continue
        code, have = rec.get("code"), found.get(str(rec.get("code")), {})
        for role, phase in _PHASES.get(str(rec.get("polarity")), {}).items():
            got = have.get(f"five-shu {role}", [])
            if len(got) != 1:
                checker.add(f, i, ["code"], f"expected one {role} point on {code} (got {len(got)})")
            elif got[0][1].get("phase") != phase:
                what = f"{got[0][0]}, the {role} point of a {rec.get('polarity')} channel"
                got_phase = got[0][1].get("phase")
                checker.add(f, i, ["code"], f"expected {what}, to be {phase} (got {got_phase!r})")
        for kind in ("yuan", "luo", "xi-cleft"):
            got = have.get(kind, [])
            want = 2 if kind == "luo" and rec.get("organ") == "spleen" else 1  # SP21 is the great luo
            if len(got) != want:
                names = ", ".join(c for c, _ in got) or "none"
                checker.add(
                    f, i, ["code"], f"expected {want} {kind} point(s) on {code} (got {len(got)}: {names})"
                )


def totals(checker: Checker) -> None:
    """Once every channel is complete, the atlas holds the standard number of each category."""
    channels = [rec for _, _, rec in checker.records("channels")]
    f = checker.files.get("points")
    if f is None or not channels or not all(rec.get("complete") for rec in channels):
        return
    zang_fu = {rec.get("id") for _, _, rec in checker.records("organs") if rec.get("kind") in ("zang", "fu")}
    counts: dict[str, set[str]] = {}
    for _, _, rec in checker.records("points"):
        for cat in rec.get("categories") or []:
            if not isinstance(cat, dict):
                continue
            kind = cat.get("kind")
            if kind in ("back-shu", "front-mu") and cat.get("organ") in zang_fu:
                counts.setdefault(f"{kind} organs", set()).add(str(cat.get("organ")))
            elif kind in _TOTALS:
                counts.setdefault(str(kind), set()).add(str(rec.get("code")))
    for what, want in {**_TOTALS, "back-shu organs": 12, "front-mu organs": 12}.items():
        got = len(counts.get(what, set()))
        if got != want:
            checker.problems.append(
                Problem(f.name, 1, "(file)", "categories", f"expected {want} {what} in the atlas (got {got})")
            )


_PHASES = {
    "yin": {
        "jing-well": "wood",
        "ying-spring": "fire",
        "shu-stream": "earth",
        "jing-river": "metal",
        "he-sea": "water",
    },
    "yang": {
        "jing-well": "metal",
        "ying-spring": "water",
        "shu-stream": "wood",
        "jing-river": "fire",
        "he-sea": "earth",
    },
}
# The standard number of points in each category across the whole atlas.
_TOTALS = {"luo": 15, "xi-cleft": 16, "hui": 8, "lower-he-sea": 6, "confluent": 8, "yuan": 12}


def _role_key(cat: dict[str, Any]) -> str:
    """The role a category gives a point on its channel: five-shu ROLE, yuan, luo, xi-cleft ..."""
    kind = str(cat.get("kind"))
    if kind == "five-shu":
        return f"five-shu {cat.get('role')}"
    if kind == "xi-cleft" and cat.get("vessel"):
        return "xi-cleft of a vessel"
    return kind
