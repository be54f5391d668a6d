"""Every point as a FHIR R4 CodeSystem, for terminology servers and health records.

One concept per point, its WHO code as the code; the display is the pinyin with tone marks, the
definition our location sentence. Designations give the names by language (``zh-Latn-pinyin``
with and without tone marks, ``zh-Hant``, ``zh-Hans``, ``en``) and the aliases (pinyin ones
``zh-Latn-pinyin``, character ones ``zh``). Properties: ``channel`` (the channel's code),
``number``, ``region`` and ``category`` (once per kind: ``back-shu``, ``five-shu``, ``luo`` ...).

Examples
--------
>>> from meridian import build_graph
>>> cs = code_system(build_graph())
>>> cs["resourceType"], cs["content"], cs["count"] == len(cs["concept"])
('CodeSystem', 'complete', True)
>>> bl13 = next(c for c in cs["concept"] if c["code"] == "BL13")
>>> bl13["display"], [d["value"] for d in bl13["designation"] if d["language"] == "zh-Hant"]
('Fèishū', ['肺俞'])
>>> [p for p in bl13["property"] if p["code"] in ("channel", "category")]
[{'code': 'channel', 'valueCode': 'BL'}, {'code': 'category', 'valueCode': 'back-shu'}]
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["CANONICAL", "alias_language", "code_system"]

#: The canonical URL of the CodeSystem (its identity, like the RDF IRIs in :mod:`meridian.rdf`).
CANONICAL = "https://w3id.org/meridian-acupuncture/fhir/CodeSystem/acupoints"

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")

_PROPERTIES = [
    {"code": "channel", "type": "code",
     "description": "The channel the point lies on (LU ... LR, GV, CV; EX-HN ... for extra points)."},
    {"code": "number", "description": "The point's number on its channel.", "type": "integer"},
    {"code": "region", "type": "code",
     "description": "The body region: head, face, neck, back, chest, abdomen, arm, leg ..."},
    {"code": "category", "type": "code",
     "description": "A category the point belongs to: back-shu, front-mu, five-shu, yuan, luo, xi-cleft, hui,"
     " meeting, confluent, lower-he-sea ... (one property per category)."},
]  # fmt: skip


def alias_language(alias: str) -> str:
    """The language tag of an alias: ``zh`` for characters (variant forms mix scripts), else pinyin.

    >>> alias_language("肺兪"), alias_language("Zanzhu")
    ('zh', 'zh-Latn-pinyin')
    """
    return "zh" if _CJK.search(alias) else "zh-Latn-pinyin"


def _designations(p: Any) -> list[dict[str, str]]:
    names = [("zh-Latn-pinyin", p.pinyin_tones), ("zh-Latn-pinyin", p.pinyin), ("zh-Hant", p.hanzi),
             ("zh-Hans", p.hanzi_simplified), ("en", p.english)]  # fmt: skip
    names += [(alias_language(alias), alias) for alias in p.aliases]
    out: list[dict[str, str]] = []
    for language, value in names:
        entry = {"language": language, "value": value}
        if value and entry not in out:
            out.append(entry)
    return out


def _concept(p: Any) -> dict[str, Any]:
    properties: list[dict[str, Any]] = [
        {"code": "channel", "valueCode": p.channel},
        {"code": "number", "valueInteger": p.number},
        {"code": "region", "valueCode": p.location.region},
    ]
    kinds = dict.fromkeys(c.kind for c in p.categories)
    properties += [{"code": "category", "valueCode": kind} for kind in kinds]
    return {
        "code": p.code,
        "display": p.pinyin_tones,
        "definition": " ".join(p.location.text.split()),
        "designation": _designations(p),
        "property": properties,
    }


def code_system(G: Any) -> dict[str, Any]:
    """A FHIR R4 ``CodeSystem`` resource (as JSON data) of every point of ``G``, in the graph's order."""
    from ..version import __version__

    concepts = [_concept(data["record"]) for _, data in G.nodes(data=True) if data["kind"] == "point"]
    return {
        "resourceType": "CodeSystem",
        "id": "meridian-acupoints",
        "url": CANONICAL,
        "version": __version__,
        "name": "MeridianAcupoints",
        "title": "Acupuncture points (meridian)",
        "status": "draft",
        "experimental": False,
        "publisher": "The meridian developers",
        "description": (
            "The acupuncture points of the fourteen channels and the WHO extra points, coded as in the"
            " WHO Standard Acupuncture Point Locations (2008), with their names in pinyin, characters and"
            " English, their channel, region and categories."
        ),
        "copyright": "Data: CC BY 4.0, the meridian developers.",
        "caseSensitive": True,
        "content": "complete",
        "count": len(concepts),
        "property": _PROPERTIES,
        "concept": concepts,
    }
