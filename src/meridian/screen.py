"""The red-flag screen: warning signs read from free-text symptoms, duration and age.

Every suggestion starts here. A symptom is free text in any case and punctuation; it is split
into parts (at commas, full stops, "but" ...), and each part is read for the terms of every
warning sign in ``red_flags.yaml``. A term negated in the text raises nothing: a negation word
before it ("no fever", "denies chest pain", "without numbness") or a word such as "normal" after
it ("bowel and bladder normal"). The screen errs on the side of raising a flag: "and" ends the
reach of a negation, so "no fever and chest pain" still raises the heart-attack flag.

Only the standard library is used, so the screen is cheap to import and to run.

Examples
--------
>>> from meridian import build_graph
>>> flags = build_graph().graph["red_flags"]
>>> result = screen(flags, ["Crushing chest pain", "no fever", "stiff neck"], days=3)
>>> [(f["id"], f["urgency"], f["matched"]) for f in result["red_flags"]]
[('heart_attack', 'emergency', ['Crushing chest pain'])]
>>> result["absent"], result["unrecognised"]
([{'id': 'infection', 'symptom': 'no fever'}, {'id': 'new_symptoms', 'symptom': 'no fever'}], ['stiff neck'])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import product
from typing import Any

from .errors import UsageError
from .model import RedFlag

__all__ = ["URGENCIES", "screen", "term_matches"]

#: Urgencies, most urgent first.
URGENCIES = ("emergency", "see-doctor")

# Where one part of a symptom ends and the next begins.
_PARTS = re.compile(r"[,;.!?:()\[\]/+&]+|\b(?:but|however|although|though|yet|except|whereas|apart)\b")
_WORD = re.compile(r"[a-z0-9]+")
_CONTRACTIONS = {
    "isnt": "is not", "arent": "are not", "wasnt": "was not", "werent": "were not", "doesnt": "does not",
    "dont": "do not", "didnt": "did not", "hasnt": "has not", "havent": "have not", "hadnt": "had not",
    "wont": "will not", "never": "not",
}  # fmt: skip
# Words that negate what follows them in the same part ...
_BEFORE = frozenset({"no", "not", "denies", "deny", "denied", "denying", "without", "nil", "none", "neither",
                     "nor", "negative", "free", "absence", "absent", "lacks"})  # fmt: skip
# ... up to a word that starts something new.
_SCOPE_END = frozenset({"and", "with", "plus", "then", "also", "has", "reports", "complains",
                        "feels", "now", "since", "while", "when"})  # fmt: skip
# Words that negate the term they stand next to: "bowel and bladder normal", "normal bowel habits".
_AFTER = frozenset({"normal", "fine", "ok", "okay", "unaffected", "intact", "absent",
                    "negative", "unremarkable", "denied"})  # fmt: skip
# Words that may stand between a term and such a word: "bladder function is normal".
_LINKS = frozenset({"and", "or", "is", "are", "was", "were", "both", "all", "function", "functions",
                    "control", "habits", "seem", "seems", "feel", "feels", "now", "still", "entirely",
                    "completely"})  # fmt: skip


def _words(text: str) -> list[list[str]]:
    """The parts of a symptom text, each a list of lowercase words."""
    folded = text.casefold().replace("'", "").replace("\u2019", "")
    parts = []
    for part in _PARTS.split(folded):
        if not part:
            continue
        words: list[str] = []
        for word in _WORD.findall(part):
            words += _CONTRACTIONS.get(word, word).split()
        if words:
            parts.append(words)
    return parts


@lru_cache(maxsize=4096)
def _compile(term: str) -> tuple[tuple[str, bool], ...]:
    return tuple((w.rstrip("*"), w.endswith("*")) for w in term.split())


def _word_is(word: str, stem: str, prefix: bool) -> bool:
    return word.startswith(stem) if prefix else word == stem


def _positions(words: Sequence[str], term: tuple[tuple[str, bool], ...]) -> tuple[int, ...] | None:
    """Positions of the term's words in one part (the tightest choice), or None when one is missing.

    A term that holds a negation word itself ("no better", "not improving") must stand as written.
    """
    if any(stem in _BEFORE for stem, _ in term):
        n = len(term)
        for start in range(len(words) - n + 1):
            if all(_word_is(words[start + k], *term[k]) for k in range(n)):
                return tuple(range(start, start + n))
        return None
    choices = []
    for stem, prefix in term:
        found = [i for i, w in enumerate(words) if _word_is(w, stem, prefix)]
        if not found:
            return None
        choices.append(found)
    best = min(product(*choices), key=lambda pos: (max(pos) - min(pos), max(pos)))
    return tuple(best)


def _negated(words: Sequence[str], pos: tuple[int, ...], matched: set[int]) -> bool:
    first, last = min(pos), max(pos)
    for i in range(first - 1, -1, -1):  # a negation before the term, within its reach
        if words[i] in _SCOPE_END:
            break
        if words[i] in _BEFORE and i not in pos:
            return True
    for step, end in (
        (1, len(words)),
        (-1, -1),
    ):  # "normal" next to the term: "bladder normal", "normal bowel"
        for i in range(last + 1 if step == 1 else first - 1, end, step):
            if words[i] in _AFTER:
                return True
            if words[i] not in _LINKS and i not in matched:
                break
    return False


def term_matches(term: str, text: str) -> bool | None:
    """Whether a term is said in ``text``: True, False when it is said but negated, None when absent.

    Examples
    --------
    >>> term_matches("chest pain*", "Crushing CHEST PAINS!"), term_matches("chest pain*", "denies chest pain")
    (True, False)
    >>> term_matches("bowel*", "bowels normal"), term_matches("fever*", "a headache")
    (False, None)
    """
    compiled = _compile(term)
    said = None
    for words in _words(text):
        pos = _positions(words, compiled)
        if pos is not None:
            if not _negated(words, pos, set(pos)):
                return True
            said = False
    return said


def _age(age: int | None) -> int | None:
    if age is not None and (isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 130):
        raise UsageError(f"bad age {age!r}; expected a whole number of years from 0 to 130")
    return age


def screen(
    flags: Sequence[RedFlag], symptoms: Iterable[str] = (), days: int | None = None, age: int | None = None
) -> dict[str, Any]:
    """Check symptoms, duration and age against the warning signs, most urgent first.

    Parameters
    ----------
    flags
        The warning signs (``G.graph["red_flags"]``).
    symptoms
        Free-text symptoms, one per item.
    days
        How long the complaint has lasted, in days.
    age
        The person's age in years.

    Returns
    -------
    dict
        ``red_flags``: ``{"id", "text", "urgency", "action", "matched"}`` for every sign raised,
        emergencies first, ``matched`` listing what raised it (the symptom texts, ``--days N``,
        ``--age N``); ``absent``: ``{"id", "symptom"}`` for signs said to be absent; ``unrecognised``:
        the symptom texts that named no warning sign, in the order given; ``emergency``: whether any
        emergency sign was raised.

    Raises
    ------
    UsageError
        For an empty symptom, or a bad number of days or age.

    Examples
    --------
    >>> from meridian import build_graph
    >>> flags = build_graph().graph["red_flags"]
    >>> [f["id"] for f in screen(flags, ["saddle numbness"], age=62)["red_flags"]]
    ['cord_compression', 'age', 'numbness']
    >>> screen(flags, ["sudden tearing pain between the shoulder blades"])["emergency"]
    True
    """
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 0):
        raise UsageError(f"bad number of days {days!r}; expected a whole number of 0 or more")
    age = _age(age)
    said = list(symptoms)
    parts = []
    for text in said:
        if not isinstance(text, str) or not text.strip():
            raise UsageError("empty symptom; describe it in words, e.g. --symptom 'tingling in the hands'")
        parts.append(_words(text))
    raised, absent, named = [], [], set()
    for flag in flags:
        matched: list[str] = []
        denied: list[str] = []
        for text, words_list in zip(said, parts, strict=True):
            state = _flag_state(flag, words_list)
            if state is not None:
                named.add(text)
                (matched if state else denied).append(text)
        if flag.min_days is not None and days is not None and days >= flag.min_days:
            matched.append(f"--days {days}")
        if age is not None and (
            (flag.age_over is not None and age > flag.age_over)
            or (flag.age_under is not None and age < flag.age_under)
        ):
            matched.append(f"--age {age}")
        if matched:
            raised.append(
                {"id": flag.id, "text": flag.text, "urgency": flag.urgency, "action": flag.action,
                 "matched": matched}
            )  # fmt: skip
        else:
            absent += [{"id": flag.id, "symptom": text} for text in denied]
    raised.sort(key=lambda f: URGENCIES.index(f["urgency"]))
    return {
        "red_flags": raised,
        "absent": absent,
        "unrecognised": [text for text in said if text not in named],
        "emergency": any(f["urgency"] == "emergency" for f in raised),
    }


def _flag_state(flag: RedFlag, parts: list[list[str]]) -> bool | None:
    """True when a term of the flag is said in the parts, False when only negated, None when absent."""
    state = None
    for words in parts:
        found = [(t, _positions(words, _compile(t))) for t in flag.terms]
        hits = [pos for _, pos in found if pos is not None]
        matched = {i for pos in hits for i in pos}
        for pos in hits:
            if not _negated(words, pos, matched):
                return True
            state = False
    return state
