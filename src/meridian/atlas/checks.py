"""The checks that need more than one record: references, duplicates, numbering, the atlas's totals.

:func:`meridian.io.validate` runs them after the JSON Schemas; each problem is reported with its
file and line, like a schema problem, and all of them are reported at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..levels import LEVELS, level_index
from ..names import normalize_name
from .paths import DATA_FILES
from .read import File, Problem, field_label, record_label
from .standard import channel_roles, totals

__all__ = ["check_records"]


def check_records(files: Mapping[str, File]) -> list[Problem]:
    """Every problem across the records of a data folder whose files passed their schemas."""
    from ..clinic.screen_checks import check_screen

    checker = _Checker(files)
    problems = checker.run()
    flags = {
        str(c.get("flag"))
        for _, _, rec in checker.records("points")
        for c in rec.get("cautions") or []
        if isinstance(c, dict)
    }
    return problems + check_screen(files, flags)


class _Checker:
    """The checks that need more than one record: references, duplicates, numbering."""

    def __init__(self, files: Mapping[str, File]) -> None:
        self.files = files
        self.problems: list[Problem] = []
        self.ids: dict[str, set[str]] = {}

    def add(self, f: File, index: int, path: Sequence[Any], message: str) -> None:
        line = f.line([index, *path])
        self.problems.append(Problem(f.name, line, record_label(f.data, index), field_label(path), message))

    def records(self, stem: str) -> Iterator[tuple[File, int, dict[str, Any]]]:
        f = self.files.get(stem)
        if f is None:
            return
        for i, rec in enumerate(f.data):
            if isinstance(rec, dict):
                yield f, i, rec

    def unique(self, stem: str, key: str) -> None:
        seen: dict[str, int] = {}
        ids: set[str] = set()
        for f, i, rec in self.records(stem):
            value = rec.get(key)
            if not isinstance(value, str):
                continue
            if value in seen:
                self.add(
                    f,
                    i,
                    [key],
                    f"expected a unique {key} (got {value!r} again; first at record {seen[value] + 1})",
                )
            else:
                seen[value] = i
            ids.add(value)
        self.ids[stem] = ids

    def known(self, f: File, i: int, path: list[Any], value: Any, stem: str, what: str) -> None:
        if isinstance(value, str) and stem in self.ids and value not in self.ids[stem]:
            close = _closest(value, self.ids[stem])
            hint = f"; did you mean {close}?" if close else ""
            self.add(f, i, path, f"expected a known {what} (got {value!r}{hint})")

    def sources(self, f: File, i: int, path: list[Any], values: Any) -> None:
        if isinstance(values, list):
            for k, value in enumerate(values):
                self.known(f, i, [*path, k], value, "sources", "source id")

    def run(self) -> list[Problem]:
        keys = {"channels": "code", "points": "code", "findings": "kind", "relations": "relation"}
        for stem in DATA_FILES:
            self.unique(stem, keys.get(stem, "id"))
        for stem in ("organs", "findings", "relations", "red_flags", "techniques", "frames"):
            for f, i, rec in self.records(stem):
                self.sources(f, i, ["sources"], rec.get("sources"))
        self.check_weights()
        self.check_red_flags()
        self.check_channels()
        self.check_points()
        self.check_names()
        self.check_numbering()
        self.check_frames()
        self.check_vessels()
        channel_roles(self)
        totals(self)
        return self.problems

    def check_weights(self) -> None:
        """Every relation the points use, and same-level, needs a weight."""
        f = self.files.get("relations")
        if f is None:
            return
        needed = {"same-level"}
        for _, _, rec in self.records("points"):
            for rel in rec.get("organs") or []:
                if isinstance(rel, dict) and isinstance(rel.get("relation"), str):
                    needed.add(rel["relation"])
        for missing in sorted(needed - self.ids.get("relations", set())):
            self.problems.append(
                Problem(f.name, 1, "(file)", "relation", f"expected a weight for {missing!r} (got none)")
            )

    def check_red_flags(self) -> None:
        """Every warning sign can be raised: by a term, a number of days or an age."""
        for f, i, rec in self.records("red_flags"):
            triggers = ("terms", "min_days", "age_over", "age_under")
            if not any(rec.get(k) for k in triggers):
                self.add(
                    f, i, ["terms"], "expected at least one term, min_days, age_over or age_under (got none)"
                )

    def check_channels(self) -> None:
        codes = self.ids.get("channels", set())
        alias_owner: dict[str, str] = {}
        by_code = {rec.get("code"): rec for _, _, rec in self.records("channels")}
        for f, i, rec in self.records("channels"):
            code = rec.get("code")
            self.sources(f, i, ["sources"], rec.get("sources"))
            self.known(f, i, ["organ"], rec.get("organ"), "organs", "organ id")
            paired = rec.get("paired")
            self.known(f, i, ["paired"], paired, "channels", "channel code")
            self.known(f, i, ["flows_to"], rec.get("flows_to"), "channels", "channel code")
            if isinstance(paired, str) and paired in by_code and by_code[paired].get("paired") != code:
                self.add(
                    f,
                    i,
                    ["paired"],
                    f"expected {paired} to be paired with {code} in return"
                    f" (got {by_code[paired].get('paired')!r})",
                )
            for k, alias in enumerate(rec.get("aliases") or []):
                if not isinstance(alias, str):
                    continue
                if alias in codes or alias in alias_owner:
                    owner = alias if alias in codes else alias_owner[alias]
                    self.add(
                        f,
                        i,
                        ["aliases", k],
                        f"expected an alias no other channel uses (got {alias!r}, already {owner})",
                    )
                alias_owner[alias] = str(code)

    def check_points(self) -> None:
        for f, i, rec in self.records("points"):
            code, channel, number = rec.get("code"), rec.get("channel"), rec.get("number")
            self.known(f, i, ["channel"], channel, "channels", "channel code")
            numbered = isinstance(channel, str) and isinstance(number, int) and isinstance(code, str)
            if numbered and code != f"{channel}{number}":
                self.add(
                    f,
                    i,
                    ["code"],
                    f"expected the code to be channel and number, {channel}{number} (got {code!r})",
                )
            self.sources(f, i, ["sources"], rec.get("sources"))
            self.check_location(f, i, rec.get("location"))
            relations: set[tuple[str, str]] = set()
            for k, rel in enumerate(rec.get("organs") or []):
                if isinstance(rel, dict):
                    self.known(f, i, ["organs", k, "organ"], rel.get("organ"), "organs", "organ id")
                    self.sources(f, i, ["organs", k, "sources"], rel.get("sources"))
                    relations.add((str(rel.get("relation")), str(rel.get("organ"))))
            for k, cat in enumerate(rec.get("categories") or []):
                if not isinstance(cat, dict):
                    continue
                self.known(f, i, ["categories", k, "organ"], cat.get("organ"), "organs", "organ id")
                for m, ch in enumerate(cat.get("channels") or []):
                    self.known(f, i, ["categories", k, "channels", m], ch, "channels", "channel code")
                kind = cat.get("kind")
                paired_kind = kind in ("back-shu", "front-mu", "lower-he-sea") and cat.get("organ")
                if paired_kind and (kind, cat.get("organ")) not in relations:
                    self.add(
                        f,
                        i,
                        ["categories", k],
                        f"expected a matching organ relation {kind} of {cat.get('organ')} (got none)",
                    )

    def check_location(self, f: File, i: int, loc: Any) -> None:
        if not isinstance(loc, dict):
            return
        level, level_to = loc.get("level"), loc.get("level_to")
        if level_to is not None and level is None:
            self.add(
                f,
                i,
                ["location", "level_to"],
                f"expected level_to only with a level (got {level_to!r} alone)",
            )
        elif level in LEVELS and level_to in LEVELS and level_index(level_to) <= level_index(level):
            self.add(f, i, ["location", "level_to"], f"expected a level below {level} (got {level_to!r})")
        if loc.get("side") == "midline" and loc.get("lateral_cun") not in (0, None):
            self.add(
                f,
                i,
                ["location", "lateral_cun"],
                f"expected 0 for a midline point (got {loc.get('lateral_cun')!r})",
            )

    def check_names(self) -> None:
        """Characters are unique per point, and an alias may not name any other point.

        Two points may share a pinyin spelling (GV28 and CV7 are both Yinjiao, with different
        characters): a lookup lists both. An alias is meant to lead to one point only.
        """
        owner: dict[str, tuple[str, str]] = {}  # folded name -> (point code, which field)
        for f, i, rec in self.records("points"):
            code, hanzi = rec.get("code"), rec.get("hanzi")
            if isinstance(code, str) and isinstance(hanzi, str):
                key = normalize_name(hanzi)
                if key in owner and owner[key][0] != code:
                    self.add(
                        f,
                        i,
                        ["hanzi"],
                        f"expected characters no other point uses (got {hanzi!r}, already {owner[key][0]})",
                    )
                owner.setdefault(key, (code, "hanzi"))
        for _, _, rec in self.records("points"):
            code, pinyin = rec.get("code"), rec.get("pinyin")
            if isinstance(code, str) and isinstance(pinyin, str):
                owner.setdefault(normalize_name(pinyin), (code, "pinyin"))
        for f, i, rec in self.records("points"):
            code = rec.get("code")
            if not isinstance(code, str):
                continue
            for k, alias in enumerate(rec.get("aliases") or []):
                if not isinstance(alias, str):
                    continue
                key = normalize_name(alias)
                if key in owner and owner[key][0] != code:
                    other, what = owner[key]
                    self.add(
                        f,
                        i,
                        ["aliases", k],
                        f"expected a name no other point uses (got {alias!r}, already the {what} of {other})",
                    )
                owner.setdefault(key, (code, "alias"))

    def check_numbering(self) -> None:
        channels = {rec.get("code"): rec for _, _, rec in self.records("channels")}
        numbers: dict[str, list[tuple[int, int]]] = {}
        f = self.files.get("points")
        for _, i, rec in self.records("points"):
            ch, num = rec.get("channel"), rec.get("number")
            if isinstance(ch, str) and isinstance(num, int):
                numbers.setdefault(ch, []).append((num, i))
        if f is None:
            return
        for ch, found in numbers.items():
            previous = 0
            for num, i in found:
                if num <= previous:
                    self.add(
                        f,
                        i,
                        ["number"],
                        f"expected {ch} points in order after {ch}{previous} (got {ch}{num})",
                    )
                elif channels.get(ch, {}).get("complete") and num != previous + 1:
                    gap = (
                        f"{ch}{previous + 1}" if num == previous + 2 else f"{ch}{previous + 1}-{ch}{num - 1}"
                    )
                    self.add(
                        f,
                        i,
                        ["number"],
                        f"expected no gap in numbering (got {ch}{num} after {ch}{previous}; {gap} missing)",
                    )
                previous = max(previous, num)
        for ch, rec in channels.items():
            count = rec.get("point_count")
            if rec.get("complete") and isinstance(count, int):
                have = len(numbers.get(str(ch), []))
                if have != count:
                    cf = self.files["channels"]
                    idx = next(
                        k for k, r in enumerate(cf.data) if isinstance(r, dict) and r.get("code") == ch
                    )
                    self.add(cf, idx, ["point_count"], f"expected {count} points in points.yaml (got {have})")

    # -- the whole atlas -------------------------------------------------------------------------

    def check_frames(self) -> None:
        """A point's coordinates lie inside its frame; on the back, ``along`` is its level's number."""
        frames = {rec.get("id"): rec for _, _, rec in self.records("frames")}
        for f, i, rec in self.records("points"):
            loc = rec.get("location")
            if not isinstance(loc, dict) or "frame" not in loc:
                continue
            frame = frames.get(loc["frame"])
            if frame is None:
                self.known(f, i, ["location", "frame"], loc["frame"], "frames", "frame id")
                continue
            for axis in ("along", "across"):
                value, bounds = loc.get(axis), frame.get(axis) or {}
                low, high = bounds.get("min"), bounds.get("max")
                numbers = _number(value) and _number(low) and _number(high)
                if numbers and not float(low or 0) <= float(value or 0) <= float(high or 0):
                    inside = f"inside frame {frame['id']}, from {low:g} to {high:g}"
                    self.add(f, i, ["location", axis], f"expected a value {inside} (got {value!r})")
            level = loc.get("level")
            if frame.get("id") == "back" and level in LEVELS and loc.get("along") != level_index(level) + 1:
                want = level_index(level) + 1
                self.add(
                    f, i, ["location", "along"],
                    f"expected {want} on the back frame for level {level} (got {loc.get('along')!r})",
                )  # fmt: skip
            depth = (
                (rec.get("needling") or {}).get("depth_cun")
                if isinstance(rec.get("needling"), dict)
                else None
            )
            if (
                isinstance(depth, list)
                and len(depth) == 2
                and all(map(_number, depth))
                and depth[0] > depth[1]
            ):
                self.add(f, i, ["needling", "depth_cun"], f"expected [shallowest, deepest] (got {depth!r})")

    def check_vessels(self) -> None:
        """Each vessel's confluent point exists and says so; coupled vessels name each other."""
        points = {rec.get("code"): rec for _, _, rec in self.records("points")}
        vessels = {rec.get("id"): rec for _, _, rec in self.records("vessels")}
        for f, i, rec in self.records("vessels"):
            self.sources(f, i, ["sources"], rec.get("sources"))
            self.known(f, i, ["channel"], rec.get("channel"), "channels", "channel code")
            code, vessel = rec.get("confluent"), rec.get("id")
            if code not in points:
                self.known(f, i, ["confluent"], code, "points", "point code")
            elif {"kind": "confluent", "vessel": vessel} not in (points[code].get("categories") or []):
                self.add(
                    f,
                    i,
                    ["confluent"],
                    f"expected {code} to list itself as confluent of {vessel} (got no such category)",
                )
            coupled = vessels.get(rec.get("coupled"))
            if coupled is not None and coupled.get("coupled") != vessel:
                self.add(
                    f,
                    i,
                    ["coupled"],
                    f"expected {rec.get('coupled')} to be coupled with {vessel} in return"
                    f" (got {coupled.get('coupled')!r})",
                )


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _closest(value: str, choices: Iterable[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(value, sorted(choices), n=1, cutoff=0.6)
    return found[0] if found else None
