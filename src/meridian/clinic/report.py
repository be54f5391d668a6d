"""Plain-text reports of query results, as the command line prints them.

Only human names appear here (organ names, point codes with pinyin), never internal ids.

Examples
--------
>>> from meridian import build_graph
>>> from meridian.reasoning import suggest
>>> lines = suggest_lines(suggest(build_graph(), ["T3:1.5:L"], symptoms=["no fever"]))
>>> lines[:2]
['No warning sign among what was read.', "Read as not about the person now: 'no fever' (negated)."]
"""

from __future__ import annotations

from typing import Any

__all__ = ["suggest_lines"]

_WRAP = "     "


def _flag_lines(result: dict[str, Any]) -> list[str]:
    flags = result["red_flags"]
    emergency = [f for f in flags if f["urgency"] == "emergency"]
    doctor = [f for f in flags if f["urgency"] != "emergency"]
    lines: list[str] = []
    if emergency:
        lines.append("EMERGENCY: STOP. Get emergency care now; do not treat.")
        for f in emergency:
            lines.append(f"  !! {f['text']}")
            lines.append(f"{_WRAP}raised by: {'; '.join(f['matched'])}")
            lines.append(f"{_WRAP}what to do: {f['action']}")
        lines.append("")
    if doctor:
        lines.append("SEE A DOCTOR FIRST: these signs call for a medical assessment before any treatment.")
        for f in doctor:
            lines.append(f"  !  {f['text']}  (raised by: {'; '.join(f['matched'])})")
        lines.append("")
    for a in result["ask"]:
        lines.append(f"ASK: {a['symptom']!r} with {a['ask']} is a warning sign; ask about {a['ask']}.")
    if not result["screened"]:
        # Nothing was screened: say so, rather than let silence read as an all-clear.
        lines.append(
            "No symptoms were given, so none was screened: ask about the warning signs before treating"
            " (--symptom TEXT, --days N, --age N)."
        )
    elif result["unrecognised"]:
        said = "; ".join(repr(s) for s in result["unrecognised"])
        lines.append(f"NOT SCREENED (not understood; check these yourself for warning signs): {said}")
    elif not flags:
        lines.append("No warning sign among what was read.")
    if result["context"]:
        notes = [f"{c['symptom']!r} ({c['why']})" for c in result["context"]]
        lines.append(f"Read as not about the person now: {'; '.join(dict.fromkeys(notes))}.")
    lines += _contra_lines(result["contraindications"])
    if lines and lines[-1]:
        lines.append("")
    return lines


def _contra_lines(items: list[dict[str, Any]]) -> list[str]:
    lines = []
    if items:
        lines.append("CONTRAINDICATIONS: these limit what may be done (the reading is still shown).")
    for c in items:
        cautions = (f"points with a {flag} caution" for flag in c["withholds"]["cautions"])
        barred = [*c["withholds"]["techniques"], *cautions]
        what = f": withholds {', '.join(barred)}" if barred else ""
        lines.append(f"  !  {c['text']}{what}  (raised by: {'; '.join(c['matched'])})")
    return lines


def _finding_lines(result: dict[str, Any]) -> list[str]:
    lines = ["Findings"]
    for f in result["findings"]:
        lines.append(f"  {f['kind']} at {f['where']}: {f['meaning']}")
        for p in f["reached"]:
            away = f", {p['distance_cun']:g} cun away" if p["distance_cun"] else ""
            what = "; ".join(p["categories"]) or "no special category"
            barred = f"  [WITHHELD: {'; '.join(p['withheld'])}]" if p["withheld"] else ""
            lines.append(f"   -> {p['code']} {p['pinyin']}{away}: {what}{barred}")
        if f["note"]:
            lines.append(f"   {f['note']}")
            near = "; ".join(f"{p['code']} {p['pinyin']} ({p['direction']})" for p in f["nearest"])
            lines.append(f"   Nearest: {near}")
    return lines


def _imbalance_lines(result: dict[str, Any]) -> list[str]:
    lines = [""]
    if not result["imbalances"]:
        lines.append("These findings reach no organ through the points' relations.")
    else:
        lines.append("Organ imbalances these findings traditionally suggest (strongest first)")
    for rank, imb in enumerate(result["imbalances"], start=1):
        lines.append(
            f"{rank}. {imb['name']}: score {imb['score_text']}; suggests {', '.join(imb['suggests'])}"
        )
        for e in imb["evidence"]:
            away = f", {e['distance_cun']:g} cun away" if e["distance_cun"] else ""
            lines.append(f"   - {e['kind']} at {e['finding']}{away}: {e['why']} (weight {e['weight']:g})")
        if imb["withheld"]:
            lines.append("   techniques: withheld until the person has been medically assessed")
            continue
        usable = [t["name"] for t in imb["techniques"] if not t["withheld"]]
        lines.append(f"   techniques: {'; '.join(usable)}")
        seen = set()
        for t in imb["techniques"]:
            if t["withheld"]:
                lines.append(f"   WITHHELD {t['name']}: {'; '.join(t['withheld'])}")
                continue
            for p in t["withheld_points"]:
                if (p["point"], "withheld") not in seen:
                    seen.add((p["point"], "withheld"))
                    lines.append(f"   WITHHELD {p['point']}: {'; '.join(p['because'])}")
            for w in t["warnings"]:
                lines.append(f"   TAKE CARE ({t['name']}) {w}")
            for c in t["cautions"]:
                if (c["point"], c["flag"]) not in seen:
                    seen.add((c["point"], c["flag"]))
                    lines.append(f"   CAUTION {c['point']} [{c['flag']}] {c['text']}")
    return lines


def suggest_lines(result: dict[str, Any]) -> list[str]:
    """The lines ``meridian suggest`` prints for a result of :func:`meridian.reasoning.suggest`."""
    lines = _flag_lines(result) + _finding_lines(result) + _imbalance_lines(result)
    if result["structures"]:
        lines += ["", "Other structures these points are named for (not organ imbalances)"]
        for s in result["structures"]:
            why = "; ".join(dict.fromkeys(e["why"] for e in s["evidence"]))
            lines.append(f"   - {s['name']}: {why}")
    if result["relations"]:
        lines += ["", "What the relations mean"]
        lines += [f"   {rel}: {text}" for rel, text in result["relations"].items()]
        lines.append("   A score adds up, over the findings, the weight of each finding's strongest path.")
    if result["check_next"]:
        lines += ["", "Check next"]
        lines += [f"   - {step}" for step in result["check_next"]]
    if result["treatment_withheld"]:
        lines += ["", result["withheld_text"]]
    lines += ["", result["disclaimer"]]
    return lines
