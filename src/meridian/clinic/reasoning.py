"""From findings on the back to the organ imbalances they traditionally suggest.

:func:`suggest` screens the symptoms for warning signs first (:mod:`meridian.screen`), then weighs
each finding through the points it reaches (:mod:`meridian.spots`) and their organ relations,
and ranks the organs they point to, with every path from finding to organ shown and explained in
words. An emergency sign withholds every technique. Structures that are not organs (the
diaphragm, the Governor Vessel ...) are reported on their own, never ranked as imbalances.

What a kind of finding suggests, how much each relation counts, the warning signs and the
techniques are data (``findings.yaml``, ``relations.yaml``, ``red_flags.yaml``,
``techniques.yaml``), carried on the graph.

Examples
--------
>>> from meridian import build_graph
>>> G = build_graph()
>>> result = suggest(G, ["T3:1.5:L@tender", "T3:3:L", "LU1"])
>>> top = result["imbalances"][0]
>>> top["organ"], [(e["point"], e["relation"]) for e in top["evidence"]]
('lung', [('BL13', 'back-shu'), ('LU1', 'front-mu'), ('BL42', 'spirit')])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import NotFoundError, UsageError
from ..graph.core import node_id, point_of
from ..query.points import resolve_code
from .backindex import back_shu_at, organ_links
from .screen import Limits, limits, screen
from .spots import (
    _SPOT_FORM as SPOT_FORM,
)
from .spots import (
    CUN_TOLERANCE,
    Finding,
    Spot,
    _near,
    locate,
    nearest,
    parse_finding,
    parse_spot,
)

__all__ = ["DISCLAIMER", "Finding", "Spot", "locate", "nearest", "parse_finding", "parse_spot", "suggest"]

#: Shown with every suggestion.
DISCLAIMER = (
    "meridian suggests traditional correspondences to support a practitioner's assessment; "
    "it does not diagnose, and it does not replace an assessment by a qualified clinician."
)
#: Shown instead of techniques when an emergency sign is raised.
WITHHELD = (
    "Treatment withheld: the person needs emergency medical care first; "
    "treat only after a medical assessment."
)
# The outer Bladder line is the last line of the back the atlas has points on.
OUTER_LINE_CUN = 3.0
_RELATION_WORDS = {
    "back-shu": "the back-shu point of",
    "front-mu": "the front-mu point of",
    "spirit": "the outer-line spirit point of",
    "lower-he-sea": "the lower he-sea point of",
}


def _name(G: Any, organ: str) -> str:
    return str(G.nodes[node_id("organ", organ)]["name"])


def _resolve(G: Any, finding: Finding) -> str:
    """The WHO code of the point a finding names, by code or by any name the lookup knows."""
    from ..query.lookup import lookup  # the name index is only built when a finding names a point

    text = str(finding.point)
    code = resolve_code(G, text)
    if code is None:
        try:
            code = str(lookup(G, text)["code"])
        except NotFoundError as exc:  # a finding at no known point is bad input, with the closest names
            hint = f"; did you mean {' or '.join(exc.suggestions[:3])}?" if exc.suggestions else ""
            raise UsageError(
                f"unknown point {text!r} in finding {str(finding)!r}; expected a spot ({SPOT_FORM})"
                f" or a point code or name such as LU1 or Feishu{hint}"
            ) from None
    return code


def _matches(G: Any, finding: Finding) -> list[tuple[float, str, str | None]]:
    """(distance, point code, matched level) for a finding."""
    if finding.spot is not None:
        return list(_near(G, finding.spot))
    code = _resolve(G, finding)
    levels = point_of(G, code).location.levels
    return [(0.0, code, levels[0] if len(levels) == 1 else None)]


def _paths(G: Any, code: str, level: str | None) -> list[tuple[str, str, str | None]]:
    """(organ, relation, via) paths from a point: its own relations, then same-level ones."""
    own = organ_links(G, code)
    paths: list[tuple[str, str, str | None]] = [(organ, rel, None) for organ, rel in own]
    linked = {organ for organ, _ in own}
    if level is not None:  # each other organ's first back-shu point at the level, in code order
        same = []
        for organ, points in back_shu_at(G, level):
            first = next(((place, via) for place, via in points if via != code), None)
            if organ not in linked and first is not None:
                same.append((*first, organ))
        paths += [(organ, "same-level", via) for _, via, organ in sorted(same)]
    return paths


def _why(G: Any, code: str, organ: str, relation: str, via: str | None) -> str:
    """One sentence on a path from a point to an organ, with human names only."""
    p = point_of(G, code)
    name = _name(G, organ).lower()
    if relation == "same-level":
        shu = point_of(G, str(via)).pinyin
        return f"{code} {p.pinyin} lies level with {via} {shu}, the back-shu point of the {name}"
    return f"{code} {p.pinyin} is {_RELATION_WORDS[relation]} the {name}"


def _on_back(G: Any, code: str) -> bool:
    return point_of(G, code).location.frame == "back"


def _withheld(G: Any, code: str, barred: Limits) -> list[str]:
    """Why a point is not to be used for this person (its caution flags a contraindication bars)."""
    flags = [c.flag for c in point_of(G, code).cautions]
    return list(dict.fromkeys(w for flag in flags for w in barred["cautions"].get(flag, ())))


def _reached(G: Any, distance: float, code: str, barred: Limits) -> dict[str, Any]:
    p = point_of(G, code)
    return {
        "code": code,
        "pinyin": p.pinyin,
        "distance_cun": distance,
        "categories": [c.describe() for c in p.categories],
        "organs": [_name(G, o) for o, _ in organ_links(G, code)],
        "withheld": _withheld(G, code, barred),
    }


def _report(
    G: Any, finding: Finding, matched: list[tuple[float, str, str | None]], barred: Limits
) -> dict[str, Any]:
    kind = G.graph["finding_kinds"][finding.kind]
    where = finding.where if finding.spot is not None else matched[0][1]
    entry: dict[str, Any] = {
        "finding": f"{where}@{finding.kind}",
        "where": where,
        "kind": finding.kind,
        "suggests": list(kind.suggests),
        "meaning": kind.text,
        "points": [code for _, code, _ in matched],
        "reached": [_reached(G, d, code, barred) for d, code, _ in matched],
        "nearest": [],
        "note": None,
    }
    if finding.spot is not None and not matched:
        entry["nearest"] = nearest(G, finding.spot)
        entry["note"] = _no_point_note(finding.spot)
    return entry


def _no_point_note(spot: Spot) -> str:
    text = f"No point of the atlas lies within half a level and {CUN_TOLERANCE:g} cun of {spot}"
    if spot.cun > OUTER_LINE_CUN + CUN_TOLERANCE:
        text += (
            f"; it lies beyond the outer Bladder line ({OUTER_LINE_CUN:g} cun), where the atlas has no line"
        )
    return text + "."


def suggest(
    G: Any,
    findings: Sequence[str | Finding],
    symptoms: Iterable[str] = (),
    days: int | None = None,
    age: int | None = None,
    pregnant: bool = False,
) -> dict[str, Any]:
    """Screen for warning signs, then rank the organ imbalances that findings traditionally suggest.

    Each finding reaches the points near it (:func:`locate`), or the point it names by code or name;
    each point reaches organs through its relations (back-shu, front-mu, outer-line spirit point,
    lower he-sea), or by lying level with an organ's back-shu point (``same-level``). A path weighs
    ``relation weight x finding-kind weight / (1 + distance in cun)``; a finding gives each organ
    the weight of its strongest path, and an organ's score is the sum over findings.

    Parameters
    ----------
    G
        The graph from :func:`meridian.build_graph`.
    findings
        ``SPOT[@KIND]`` or ``POINT[@KIND]`` strings (see :func:`parse_finding`) or :class:`Finding`.
    symptoms
        Free-text symptoms, screened for warning signs (:func:`meridian.screen.screen`).
    days
        How long the complaint has lasted, in days.
    age
        The person's age in years.
    pregnant
        Whether the person is pregnant (as well as anything the symptoms say).

    Returns
    -------
    dict
        ``red_flags`` (first to read: ``{"id", "text", "urgency", "action", "matched"}``),
        ``contraindications``, ``context``, ``ask``, ``unrecognised`` and ``absent`` (from the
        screen, :func:`meridian.screen.screen`), ``treatment_withheld``, ``findings``
        (each with the points it reached, or the nearest ones), ``imbalances`` (organs, strongest
        first, each with ``score``, ``score_text``, ``suggests``, ``evidence`` and ``techniques``),
        ``structures`` (non-organ structures reached), ``check_next`` and ``disclaimer``.

    Raises
    ------
    UsageError
        For a malformed finding, an unknown kind, or a bad number of days or age.

    Examples
    --------
    >>> from meridian import build_graph
    >>> G = build_graph()
    >>> result = suggest(G, ["T4:1.5:R", "T4:1.5:L@nodule"], symptoms=["fever"])
    >>> [f["id"] for f in result["red_flags"]]
    ['infection', 'new_symptoms']
    >>> [(i["organ"], i["score"]) for i in result["imbalances"]]
    [('pericardium', 2.0)]
    >>> suggest(G, ["T5:1.5:L"], symptoms=["crushing chest pain"])["treatment_withheld"]
    True
    """
    parsed = [parse_finding(f) if isinstance(f, str) else f for f in findings]
    if not parsed:
        raise UsageError("no findings; give at least one, e.g. T3:1.5:L@tender")
    kinds = G.graph["finding_kinds"]
    for finding in parsed:
        if finding.kind not in kinds:
            raise UsageError(
                f"unknown finding kind {finding.kind!r} in {str(finding)!r};"
                f" expected one of {', '.join(kinds)}"
            )
    matches = [_matches(G, finding) for finding in parsed]
    pairs = zip(parsed, matches, strict=True)
    back = any(f.spot is not None or any(_on_back(G, c) for _, c, _ in m) for f, m in pairs)
    screened = screen(G, symptoms, days, age, back=back, pregnant=pregnant)
    barred = limits(screened)
    scores: dict[str, float] = {}
    evidence: dict[str, list[dict[str, Any]]] = {}
    natures: dict[str, list[str]] = {}
    report = []
    for finding, matched in zip(parsed, matches, strict=True):
        report.append(_report(G, finding, matched, barred))
        _weigh(G, finding, matched, scores, evidence, natures)
    withheld = bool(screened["emergency"])
    ranked = sorted(scores, key=lambda organ: (-round(scores[organ], 3), organ))
    imbalances, structures = [], []
    for organ in ranked:
        paths = sorted(evidence[organ], key=lambda e: (-e["weight"], e["distance_cun"]))
        node = G.nodes[node_id("organ", organ)]
        entry = {
            "organ": organ,
            "name": node["name"],
            "organ_kind": node["organ_kind"],
            "score": round(scores[organ], 3),
            "score_text": _score_text(paths),
            "suggests": natures[organ],
            "evidence": paths,
        }
        if node["organ_kind"] == "structure":
            structures.append(entry)
            continue
        entry["withheld"] = withheld
        entry["techniques"] = [] if withheld else _techniques(G, [e["point"] for e in paths], barred)
        imbalances.append(entry)
    return {
        **screened,
        "treatment_withheld": withheld,
        "withheld_text": WITHHELD if withheld else None,
        "findings": report,
        "imbalances": imbalances,
        "structures": structures,
        "relations": _relations_used(G, imbalances + structures),
        "check_next": [] if withheld else _check_next(G, parsed, report, imbalances),
        "disclaimer": DISCLAIMER,
    }


def _weigh(
    G: Any,
    finding: Finding,
    matched: list[tuple[float, str, str | None]],
    scores: dict[str, float],
    evidence: dict[str, list[dict[str, Any]]],
    natures: dict[str, list[str]],
) -> None:
    """Add one finding's paths to the evidence and its strongest path per organ to the scores."""
    kind = G.graph["finding_kinds"][finding.kind]
    weights = G.graph["relation_weights"]
    where = finding.where if finding.spot is not None else matched[0][1]
    best: dict[str, float] = {}
    for distance, code, level in matched:
        for organ, relation, via in _paths(G, code, level):
            weight = round(weights[relation] * kind.weight / (1.0 + distance), 3)
            evidence.setdefault(organ, []).append(
                {
                    "finding": where,
                    "kind": finding.kind,
                    "point": code,
                    "relation": relation,
                    "via": via,
                    "distance_cun": distance,
                    "weight": weight,
                    "why": _why(G, code, organ, relation, via),
                }
            )
            best[organ] = max(best.get(organ, 0.0), weight)
    for organ, weight in best.items():
        scores[organ] = scores.get(organ, 0.0) + weight
        natures.setdefault(organ, [])
        natures[organ] += [n for n in kind.suggests if n not in natures[organ]]


def _relations_used(G: Any, entries: list[dict[str, Any]]) -> dict[str, str]:
    """What each relation in the evidence means, in the data's words."""
    used = sorted({e["relation"] for entry in entries for e in entry["evidence"]})
    return {relation: G.graph["relation_texts"][relation] for relation in used}


def _score_text(paths: list[dict[str, Any]]) -> str:
    """How the score adds up: the strongest path of each finding."""
    best: dict[str, dict[str, Any]] = {}
    for e in paths:  # strongest first, so the first seen per finding is its best
        best.setdefault(f"{e['finding']}@{e['kind']}", e)
    terms = [f"{e['weight']:g} ({e['kind']} at {e['finding']}, via {e['point']})" for e in best.values()]
    total = round(sum(e["weight"] for e in best.values()), 3)
    return f"{total:g} = " + " + ".join(terms) if len(terms) > 1 else f"{total:g} = {terms[0]}"


def _front_mu(G: Any, organ: str) -> str | None:
    for u, _, key in G.in_edges(node_id("organ", organ), keys=True):
        if key == "front_mu_of":
            return str(G.nodes[u]["code"])
    return None


def _check_next(
    G: Any, parsed: list[Finding], report: list[dict[str, Any]], imbalances: list[dict[str, Any]]
) -> list[str]:
    """What to palpate next to confirm or question the reading."""
    felt = {code for entry in report for code in entry["points"]}
    steps = []
    for imb in imbalances[:3]:
        code = _front_mu(G, imb["organ"])
        if code and code not in felt:
            pinyin = point_of(G, code).pinyin
            steps.append(
                f"Palpate {code} {pinyin}, the front-mu point of the {imb['name'].lower()},"
                " to confirm the reading."
            )
    for finding in parsed:
        spot = finding.spot
        if spot is None:
            continue
        if spot.side:
            other = Spot(spot.level, spot.cun, "R" if spot.side == "L" else "L", spot.fraction)
            steps.append(f"Compare the same spot on the other side ({other}).")
        near = [p["code"] for p in locate(G, Spot(spot.level, 0.0, None, spot.fraction))]
        near += [p["code"] for p in locate(G, Spot(spot.level, 0.5, None, spot.fraction))]
        lines = [c for c in dict.fromkeys(near) if c not in felt]
        if lines:
            steps.append(f"Feel the Governor and Jiaji points at {spot.level}: {', '.join(lines)}.")
    return list(dict.fromkeys(steps))


def _techniques(G: Any, codes: Sequence[str], barred: Limits) -> list[dict[str, Any]]:
    """Each technique with the cautions of its points, and what the person's contraindications
    withhold (the whole technique, or some points) or warn of."""
    points = list(dict.fromkeys(codes))  # each once, in the order first given
    out = []
    for technique in G.graph["techniques"]:
        cautions = [
            {"point": code, "flag": caution.flag, "text": caution.text}
            for code in points
            for caution in point_of(G, code).cautions
            if caution.flag in technique.cautions
        ]
        out.append(
            {
                "id": technique.id,
                "name": technique.name,
                "cautions": cautions,
                "withheld": barred["techniques"].get(technique.id, []),
                "withheld_points": [
                    {"point": code, "because": why} for code in points if (why := _withheld(G, code, barred))
                ],
                "warnings": barred["warns"].get(technique.id, []),
            }
        )
    return out
