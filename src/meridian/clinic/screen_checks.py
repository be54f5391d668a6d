"""The checks of the screen's data: known groups and techniques, and the shipped signs as a floor.

A clinic's data folder may add warning signs, terms, synonyms and contraindications, never drop or
weaken what ships with meridian: every shipped emergency sign must be there, still an emergency,
with every shipped term; every shipped group of symptom words with all its words; every shipped
contraindication with its terms and what it withholds. :func:`meridian.checks.check_records`
runs these with the other checks across records.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import Any

from ..atlas.paths import shipped_data_dir
from ..atlas.read import File as _File
from ..atlas.read import Problem
from ..atlas.read import field_label as _field_label
from ..atlas.read import record_label as _record_label

__all__ = ["check_screen"]


def _records(f: _File | None) -> Iterator[tuple[int, dict[str, Any]]]:
    if f is not None and isinstance(f.data, list):
        for i, rec in enumerate(f.data):
            if isinstance(rec, dict):
                yield i, rec


def _terms(stem: str, rec: dict[str, Any]) -> Iterator[tuple[list[Any], str]]:
    """(field path, term) of every term of a record of red_flags or contraindications."""
    for key in ("terms", "applies_when"):
        for k, term in enumerate(rec.get(key) or []):
            yield [key, k], term
    for g, group in enumerate(rec.get("together") or []):
        for k, term in enumerate(group.get("terms") or [] if isinstance(group, dict) else []):
            yield ["together", g, "terms", k], term


def _shipped(stem: str) -> list[dict[str, Any]]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(os.path.join(shipped_data_dir(), f"{stem}.yaml"), encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=loader)
    return [r for r in data or [] if isinstance(r, dict)]


def check_screen(files: Mapping[str, _File], flags: set[str]) -> list[Problem]:
    """Every problem of the screen's data; ``flags`` are the caution flags the points use."""
    problems: list[Problem] = []

    def add(f: _File, i: int, path: list[Any], message: str) -> None:
        problems.append(
            Problem(f.name, f.line([i, *path]), _record_label(f.data, i), _field_label(path), message)
        )

    from .symptoms import phrase_words

    def lost(path_f: _File, i: int, path: list[Any], text: str) -> None:
        kept = phrase_words(text.replace("+", " "))
        if len(text.replace("+", " ").split()) > 1 and len(kept) == 1:
            add(path_f, i, path, f"expected words that stay a phrase (got {text!r}: only {kept[0][0]!r}"
                " is left once the filler words are dropped)")

    groups = {rec.get("id") for _, rec in _records(files.get("symptom_words"))}
    f = files.get("symptom_words")
    for i, rec in _records(f):
        assert f is not None
        for k, word in enumerate(rec.get("words") or []):
            if isinstance(word, str):
                lost(f, i, ["words", k], word)
    techniques = {rec.get("id") for _, rec in _records(files.get("techniques"))}
    for stem in ("red_flags", "contraindications"):
        f = files.get(stem)
        for i, rec in _records(f):
            assert f is not None
            for path, term in _terms(stem, rec):
                for word in str(term).split() if isinstance(term, str) else []:
                    if word.isupper() and word not in groups:
                        add(f, i, path, f"expected a group of symptom_words.yaml (got {word!r})")
                if isinstance(term, str) and not any(w.isupper() for w in term.split()):
                    lost(f, i, path, term)
    f = files.get("contraindications")
    for i, rec in _records(f):
        assert f is not None
        withholds = rec.get("withholds") or {}
        for k, t in enumerate(withholds.get("techniques") or []):
            if t not in techniques:
                add(
                    f,
                    i,
                    ["withholds", "techniques", k],
                    f"expected a technique id of techniques.yaml (got {t!r})",
                )
        for k, flag in enumerate(withholds.get("cautions") or []):
            if flag not in flags:
                add(
                    f,
                    i,
                    ["withholds", "cautions", k],
                    f"expected a caution flag of points.yaml (got {flag!r})",
                )
        for k, w in enumerate(rec.get("warns") or []):
            if isinstance(w, dict) and w.get("technique") not in techniques:
                add(f, i, ["warns", k, "technique"], f"expected a technique id (got {w.get('technique')!r})")
        if len(rec.get("sources") or []) < 2 and not rec.get("note"):
            add(
                f,
                i,
                ["sources"],
                "expected two sources, or a note saying why there is one (got one, no note)",
            )
    problems += _floor(files)
    return problems


def _floor(files: Mapping[str, _File]) -> list[Problem]:
    """What a data folder drops or weakens of the shipped screen: the shipped signs are a floor."""
    problems: list[Problem] = []
    for stem, keep in (
        ("red_flags", _sign_floor),
        ("symptom_words", _words_floor),
        ("contraindications", _contra_floor),
    ):
        f = files.get(stem)
        if f is None:
            continue
        mine = {rec.get("id"): (i, rec) for i, rec in _records(f)}
        for shipped in _shipped(stem):
            found = mine.get(shipped["id"])
            missing = keep(shipped, found[1] if found else None)
            if missing:
                line = f.line([found[0]]) if found else 1
                label = str(shipped["id"])
                message = (
                    f"expected the shipped {label} to be kept whole: a data folder may add to the"
                    f" screen, never drop or weaken it (got {missing})"
                )
                problems.append(Problem(f.name, line, label, "(floor)", message))
    return problems


def _missing(want: Any, have: Any) -> list[str]:
    have_set = set(have or [])
    return [w for w in want or [] if w not in have_set]


def _sign_floor(shipped: dict[str, Any], mine: dict[str, Any] | None) -> str:
    if shipped.get("urgency") != "emergency":
        return ""
    if mine is None:
        return "no such sign"
    if mine.get("urgency") != "emergency":
        return f"urgency {mine.get('urgency')!r}"
    lost = _missing(shipped.get("terms"), mine.get("terms"))
    groups = {g.get("name"): g.get("terms") for g in mine.get("together") or [] if isinstance(g, dict)}
    for group in shipped.get("together") or []:
        lost += _missing(group["terms"], groups.get(group["name"]))
    return f"terms dropped: {', '.join(lost)}" if lost else ""


def _words_floor(shipped: dict[str, Any], mine: dict[str, Any] | None) -> str:
    if mine is None:
        return "no such group"
    lost = _missing(shipped.get("words"), mine.get("words"))
    return f"words dropped: {', '.join(lost)}" if lost else ""


def _contra_floor(shipped: dict[str, Any], mine: dict[str, Any] | None) -> str:
    if mine is None:
        return "no such contraindication"
    lost = _missing(shipped.get("terms"), mine.get("terms"))
    for key in ("techniques", "cautions"):
        lost += _missing((shipped.get("withholds") or {}).get(key), (mine.get("withholds") or {}).get(key))
    return f"dropped: {', '.join(lost)}" if lost else ""
