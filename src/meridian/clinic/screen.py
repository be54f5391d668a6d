"""The red-flag screen: warning signs and contraindications read from symptoms, duration and age.

Every suggestion starts here. Each symptom text is read (:mod:`meridian.symptoms`) for the terms
of every warning sign in ``red_flags.yaml`` and every contraindication in
``contraindications.yaml``. A term said plainly raises its sign; a term the context negates,
resolves, puts in the past, gives to someone else or makes hypothetical raises nothing and is
listed under ``context`` with the reason (negations under ``absent`` too). A sign that needs two
things together (a fever with a stiff neck) is raised when both are said, in any of the texts;
one of them alone is listed under ``ask``, with what to ask about. The number of days counts for
pain, and the age for back pain, only when the complaint is that (a symptom says so, or a finding
lies on the back).

The screen never offers false comfort: a text it does not understand is listed under
``unrecognised`` for the practitioner to check, and "nothing raised" is only said of what was read.

Examples
--------
>>> from meridian import build_graph
>>> G = build_graph()
>>> result = screen(G, ["my chest hurts", "no fever", "father had a stroke"], days=3)
>>> [(f["id"], f["urgency"], f["matched"]) for f in result["red_flags"]]
[('heart_attack', 'emergency', ['my chest hurts'])]
>>> [(c["id"], c["why"]) for c in result["context"]]
[('infection', 'negated'), ('new_symptoms', 'negated'), ('stroke', 'family')]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import UsageError
from ..graph.core import derived
from ..model import Contraindication, RedFlag
from .symptoms import Lexicon, Prepared

__all__ = ["MAX_SYMPTOMS", "MAX_TEXT", "URGENCIES", "Limits", "lexicon", "limits", "screen"]

#: What contraindications withhold or warn of: ``limits(result)``.
Limits = dict[str, dict[str, list[str]]]

#: Urgencies, most urgent first.
URGENCIES = ("emergency", "see-doctor")
#: The longest symptom text read, in characters, and the most texts at once.
MAX_TEXT = 2000
MAX_SYMPTOMS = 100


def _terms(G: Any) -> Iterable[str]:
    for flag in G.graph["red_flags"]:
        yield from flag.terms
        yield from flag.applies_when
        for group in flag.together:
            yield from group.terms
    for item in G.graph["contraindications"]:
        yield from item.terms


@derived
def lexicon(G: Any) -> Lexicon:
    """Every term of the graph's warning signs and contraindications, compiled once per graph."""
    return Lexicon(G.graph["symptom_words"], dict.fromkeys(_terms(G)))


def _check(symptoms: Iterable[str], days: int | None, age: int | None) -> list[str]:
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 0):
        raise UsageError(f"bad number of days {days!r}; expected a whole number of 0 or more")
    if age is not None and (isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 130):
        raise UsageError(f"bad age {age!r}; expected a whole number of years from 0 to 130")
    said = list(symptoms)
    if len(said) > MAX_SYMPTOMS:
        raise UsageError(f"too many symptoms ({len(said)}); give at most {MAX_SYMPTOMS}")
    for text in said:
        if not isinstance(text, str) or not text.strip():
            raise UsageError("empty symptom; describe it in words, e.g. --symptom 'tingling in the hands'")
        if len(text) > MAX_TEXT:
            raise UsageError(
                f"symptom text too long ({len(text)} characters); give each symptom on its own,"
                f" at most {MAX_TEXT} characters"
            )
    return said


class _Reading:
    """What each term says in each text: the plain mentions and the contexts."""

    def __init__(self, lex: Lexicon, said: list[str]) -> None:
        self.lex = lex
        self.said = said
        self.prepared: list[Prepared] = [lex.prepare(text) for text in said]
        self.named: set[str] = set()

    def state(
        self, terms: Sequence[str], plainly: frozenset[str] = frozenset()
    ) -> tuple[list[str], list[tuple[str, str]]]:
        """(texts that say a term plainly, (text, why) for texts that only say one in a context).

        ``plainly``: the contexts that count as said (see :func:`_plainly`).
        """
        plain: list[str] = []
        context: list[tuple[str, str]] = []
        for text, prepared in zip(self.said, self.prepared, strict=True):
            whys = [why for term in terms for why in self.lex.read(prepared, term)]
            if not whys:
                continue
            if any(w is None or w in plainly for w in whys):
                plain.append(text)
            else:
                why = next(w for w in whys if w is not None)
                context.append((text, "family" if why == "family-weak" else why))
        return plain, context


def screen(
    G: Any,
    symptoms: Iterable[str] = (),
    days: int | None = None,
    age: int | None = None,
    *,
    back: bool = False,
    pregnant: bool = False,
) -> dict[str, Any]:
    """Check symptoms, duration and age against the warning signs and contraindications.

    Parameters
    ----------
    G
        The graph from :func:`meridian.build_graph` (its ``red_flags``, ``symptom_words`` and
        ``contraindications``).
    symptoms
        Free-text symptoms, one per item (at most :data:`MAX_SYMPTOMS`, each at most
        :data:`MAX_TEXT` characters).
    days
        How long the complaint has lasted, in days.
    age
        The person's age in years.
    back
        Whether the complaint is on the back (a finding lies there), for the signs that count
        days or age only for back pain.
    pregnant
        Whether the person is pregnant, as well as anything the symptoms say.

    Returns
    -------
    dict
        ``red_flags``: ``{"id", "text", "urgency", "action", "matched"}`` for every sign raised,
        emergencies first, ``matched`` listing what raised it (the symptom texts, ``--days N``,
        ``--age N``); ``emergency``; ``contraindications``: ``{"id", "text", "matched",
        "withholds": {"techniques", "cautions"}, "warns"}``; ``context``: ``{"id", "symptom",
        "why"}`` for a sign only said in a context (negated, resolved, historical, family,
        hypothetical); ``absent``: the negated ones, ``{"id", "symptom"}``; ``ask``: ``{"id",
        "symptom", "ask"}`` for half of a sign that needs two things; ``unrecognised``: the texts
        that named nothing the screen knows; ``screened``: whether anything was given to screen.

    Raises
    ------
    UsageError
        For an empty or over-long symptom, too many of them, or a bad number of days or age.

    Examples
    --------
    >>> from meridian import build_graph
    >>> G = build_graph()
    >>> [f["id"] for f in screen(G, ["saddle numbness"], age=62, back=True)["red_flags"]]
    ['cord_compression', 'age', 'numbness']
    >>> [f["id"] for f in screen(G, ["stiff neck", "slight fever"])["red_flags"]]
    ['meningitis', 'infection', 'new_symptoms']
    >>> screen(G, ["I'm 12 weeks pregnant"])["contraindications"][0]["withholds"]
    {'techniques': [], 'cautions': ['pregnancy']}
    """
    said = _check(symptoms, days, age)
    reading = _Reading(lexicon(G), said)
    raised, context, ask = [], [], []
    for flag in G.graph["red_flags"]:
        matched, why = reading.state(flag.terms, _plainly(flag))
        if flag.together and not matched:
            matched, half = _together(reading, flag, {text for text, _ in why})
            ask += [{"id": flag.id, "symptom": text, "ask": need} for text, need in half]
        reading.named.update(matched)
        reading.named.update(text for text, _ in why)
        if (
            flag.min_days is not None
            and days is not None
            and days >= flag.min_days
            and _applies(reading, flag, back)
        ):
            matched.append(f"--days {days}")
        if age is not None and _age_counts(flag, age) and _applies(reading, flag, back):
            matched.append(f"--age {age}")
        if matched:
            raised.append(
                {"id": flag.id, "text": flag.text, "urgency": flag.urgency, "action": flag.action,
                 "matched": list(dict.fromkeys(matched))}
            )  # fmt: skip
        else:
            context += [{"id": flag.id, "symptom": text, "why": w} for text, w in dict.fromkeys(why)]
    raised.sort(key=lambda f: URGENCIES.index(f["urgency"]))
    barred = _contraindications(reading, G.graph["contraindications"], pregnant, context)
    named = reading.named | {a["symptom"] for a in ask}
    context.sort(key=lambda c: (said.index(c["symptom"]), c["id"]))
    return {
        "red_flags": raised,
        "emergency": any(f["urgency"] == "emergency" for f in raised),
        "contraindications": barred,
        "context": context,
        "absent": [{"id": c["id"], "symptom": c["symptom"]} for c in context if c["why"] == "negated"],
        "ask": ask,
        "unrecognised": [text for text in dict.fromkeys(said) if text not in named],
        "screened": bool(said or days is not None or age is not None or pregnant),
    }


def _together(
    reading: _Reading, flag: RedFlag, denied: set[str]
) -> tuple[list[str], list[tuple[str, str]]]:
    """The texts that raise a sign needing several things, or (text, what to ask) for half of it.

    A text that says the sign itself only in a context ("my chest doesn't hurt") is no half of it.
    """
    plainly = _plainly(flag)
    found = [[t for t in reading.state(g.terms, plainly)[0] if t not in denied] for g in flag.together]
    if all(found):
        return list(dict.fromkeys(t for texts in found for t in texts)), []
    missing = " and ".join(g.name for g, texts in zip(flag.together, found, strict=True) if not texts)
    half = [(text, missing) for texts in found for text in texts]
    return [], list(dict.fromkeys(half))


def _plainly(flag: RedFlag) -> frozenset[str]:
    """The contexts in which a sign still counts as said: the past where having had it is the
    warning (a history of cancer), and a relative's mention without "had" or "died" where the sign
    is an emergency ("Mum's burning up and talking nonsense" is about the person brought in)."""
    out = {"historical", "resolved"} if flag.past_counts else set()
    if flag.urgency == "emergency":
        out.add("family-weak")
    return frozenset(out)


def _age_counts(flag: RedFlag, age: int) -> bool:
    return (flag.age_over is not None and age > flag.age_over) or (
        flag.age_under is not None and age < flag.age_under
    )


def _applies(reading: _Reading, flag: RedFlag, back: bool) -> bool:
    """Whether the days or the age count: the complaint is the one the sign is about."""
    if not flag.applies_when or back:
        return True
    plain, _ = reading.state(flag.applies_when)
    reading.named.update(plain)
    return bool(plain)


def _contraindications(
    reading: _Reading, items: Sequence[Contraindication], pregnant: bool, context: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    out = []
    for item in items:
        matched, why = reading.state(item.terms, frozenset({"historical"} if item.past_counts else ()))
        if item.id == "pregnancy" and pregnant:
            matched.append("--pregnant")
        reading.named.update(matched)
        reading.named.update(text for text, _ in why)
        if not matched:
            context += [{"id": item.id, "symptom": text, "why": w} for text, w in dict.fromkeys(why)]
            continue
        out.append(
            {
                "id": item.id,
                "text": item.text,
                "matched": list(dict.fromkeys(matched)),
                "withholds": {
                    "techniques": list(item.withholds_techniques),
                    "cautions": list(item.withholds_cautions),
                },
                "warns": [{"technique": t, "text": text} for t, text in item.warns],
            }
        )
    return out


def limits(result: dict[str, Any]) -> Limits:
    """What the contraindications of a screen result withhold or warn of, by technique and flag.

    Returns ``{"techniques": {id: [why]}, "cautions": {flag: [why]}, "warns": {technique: [text]}}``,
    each ``why`` the contraindication's text, so a suggestion can say why beside what it withholds.

    Examples
    --------
    >>> from meridian import build_graph
    >>> limits(screen(build_graph(), ["has a pacemaker"]))["techniques"]
    {'electroacupuncture': ['A pacemaker or another implanted electrical device']}
    """
    out: Limits = {"techniques": {}, "cautions": {}, "warns": {}}
    for item in result["contraindications"]:
        for technique in item["withholds"]["techniques"]:
            out["techniques"].setdefault(technique, []).append(item["text"])
        for flag in item["withholds"]["cautions"]:
            out["cautions"].setdefault(flag, []).append(item["text"])
        for warn in item["warns"]:
            out["warns"].setdefault(warn["technique"], []).append(f"{item['text']}: {warn['text']}")
    return out
