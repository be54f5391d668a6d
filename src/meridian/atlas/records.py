"""Building records: checked data (plain lists and dicts) in, frozen dataclasses out."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..model import (
    Atlas,
    Category,
    Caution,
    Channel,
    Contraindication,
    FindingKind,
    Frame,
    FrameAxis,
    Landmark,
    Location,
    Needling,
    Organ,
    OrganRelation,
    OtherCode,
    Point,
    RedFlag,
    RelationWeight,
    Source,
    SymptomWords,
    Technique,
    TermGroup,
    Vessel,
)

__all__ = ["build_atlas"]


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value or ())


def _point(rec: dict[str, Any]) -> Point:
    loc = rec["location"]
    lateral = loc["lateral_cun"]
    needling = rec.get("needling")
    return Point(
        code=rec["code"],
        channel=rec["channel"],
        number=rec["number"],
        pinyin=rec["pinyin"],
        pinyin_tones=rec["pinyin_tones"],
        hanzi=rec["hanzi"],
        hanzi_simplified=rec["hanzi_simplified"],
        english=rec["english"],
        aliases=_tuple(rec["aliases"]),
        other_codes=tuple(OtherCode(**c) for c in rec["other_codes"]),
        location=Location(
            region=rec["region"],
            level=loc["level"],
            level_to=loc.get("level_to"),
            lateral_cun=None if lateral is None else float(lateral),
            side=loc["side"],
            text=" ".join(loc["text"].split()),
            frame=loc.get("frame", ""),
            along=float(loc.get("along", 0.0)),
            across=float(loc.get("across", 0.0)),
            estimated=bool(loc.get("estimated", True)),
        ),
        categories=tuple(
            Category(**{**c, "channels": _tuple(c.get("channels")), "vessels": _tuple(c.get("vessels"))})
            for c in rec["categories"]
        ),
        organs=tuple(OrganRelation(o["organ"], o["relation"], _tuple(o["sources"])) for o in rec["organs"]),
        cautions=tuple(Caution(**{**c, "text": " ".join(c["text"].split())}) for c in rec["cautions"]),
        notes=tuple(" ".join(n.split()) for n in rec["notes"]),
        sources=_tuple(rec["sources"]),
        needling=None if needling is None else _needling(needling),
    )


def _needling(rec: dict[str, Any]) -> Needling:
    depth = rec["depth_cun"]
    text = rec["text"]
    return Needling(
        angles=_tuple(rec["angles"]),
        depth_cun=None if depth is None else (float(depth[0]), float(depth[1])),
        text=None if text is None else " ".join(text.split()),
    )


def _frame(rec: dict[str, Any]) -> Frame:
    along, across = rec["along"], rec["across"]
    return Frame(
        id=rec["id"],
        name=rec["name"],
        region=rec["region"],
        along=FrameAxis(along["from"], along["to"], along["cun"], along["unit"], along["min"], along["max"]),
        across=FrameAxis(across["zero"], across["positive"], None, "cun", across["min"], across["max"]),
        landmarks=tuple(Landmark(**m) for m in rec["landmarks"]),
        sources=_tuple(rec["sources"]),
    )


def _channel(rec: dict[str, Any]) -> Channel:
    fields = {
        **rec,
        "aliases": _tuple(rec["aliases"]),
        "shared_aliases": _tuple(rec.get("shared_aliases")),
        "sources": _tuple(rec["sources"]),
    }
    fields["flow"] = " ".join(rec["flow"].split())
    return Channel(**fields)


def _red_flag(rec: dict[str, Any]) -> RedFlag:
    tuples = ("terms", "sources", "applies_when")
    fields: dict[str, Any] = {k: _tuple(v) if k in tuples else v for k, v in rec.items()}
    fields["together"] = tuple(TermGroup(g["name"], _tuple(g["terms"])) for g in rec.get("together") or ())
    return RedFlag(**fields)


def _contraindication(rec: dict[str, Any]) -> Contraindication:
    withholds = rec.get("withholds") or {}
    return Contraindication(
        id=rec["id"],
        text=rec["text"],
        terms=_tuple(rec["terms"]),
        sources=_tuple(rec["sources"]),
        withholds_techniques=_tuple(withholds.get("techniques")),
        withholds_cautions=_tuple(withholds.get("cautions")),
        warns=tuple(sorted((w["technique"], w["text"]) for w in rec.get("warns") or ())),
        note=rec.get("note"),
        past_counts=bool(rec.get("past_counts")),
    )


def build_atlas(data: Mapping[str, Any], folder: Path) -> Atlas:
    return Atlas(
        sources=tuple(Source(**r) for r in data["sources"]),
        organs=tuple(Organ(**{**r, "sources": _tuple(r["sources"])}) for r in data["organs"]),
        channels=tuple(_channel(r) for r in data["channels"]),
        points=tuple(_point(r) for r in data["points"]),
        findings=tuple(
            FindingKind(**{**r, "suggests": _tuple(r["suggests"]), "sources": _tuple(r["sources"])})
            for r in data["findings"]
        ),
        relations=tuple(RelationWeight(**{**r, "sources": _tuple(r["sources"])}) for r in data["relations"]),
        red_flags=tuple(_red_flag(r) for r in data["red_flags"]),
        symptom_words=tuple(
            SymptomWords(r["id"], r["text"], _tuple(r["words"])) for r in data["symptom_words"]
        ),
        contraindications=tuple(_contraindication(r) for r in data["contraindications"]),
        techniques=tuple(
            Technique(**{**r, "cautions": _tuple(r["cautions"]), "sources": _tuple(r["sources"])})
            for r in data["techniques"]
        ),
        frames=tuple(_frame(r) for r in data["frames"]),
        vessels=tuple(
            Vessel(**{**r, "flow": " ".join(r["flow"].split()), "sources": _tuple(r["sources"])})
            for r in data["vessels"]
        ),
        origin=str(folder),
    )
