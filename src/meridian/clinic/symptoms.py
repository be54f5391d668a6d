"""Reading free-text symptoms: words, stems, misspellings, and what the context says of a term.

This is the text half of the red-flag screen (:mod:`meridian.screen`). A symptom is cut into
clauses; each clause into words, folded to lowercase ASCII, contractions spelled out ("can't" is
"cannot"), and reduced to stems ("hurts", "hurting" and "hurt" are one word). A term such as
``CHEST PAIN`` is a list of slots, each a word, a word prefix (``tingl*``) or a group of words
that mean the same (``symptom_words.yaml``); it is found when every slot stands within a few words
of the others, in any order. A word one typing slip away from a term's word (``pian``, ``numbess``)
counts as that word.

What the context says is read the way the ConText algorithm of clinical text processing does:
trigger words before or after a term mark it as negated ("no", "denies", "negative for", "...
normal"), resolved or historical ("had ... last week, gone now", "history of", "years ago"),
about someone else ("father had") or hypothetical ("worried it might be"). A trigger reaches
forward to the end of its clause or to a word that starts something new ("and", "but", "now");
"and" ends a negation on purpose, so "no fever and chest pain" still reads chest pain.

Only the standard library is used, and the work is linear in the length of the text.

Examples
--------
>>> lex = Lexicon({"PAIN": ("pain", "hurt", "ache")}, ["chest PAIN"])
>>> [lex.read(text, "chest PAIN") for text in ("my chest hurts", "no chest pian", "father had chest pain")]
[[None], ['negated'], ['family']]
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence

from .context import CONTEXTS, context_of, trigger_phrases

__all__ = ["CONTEXTS", "IGNORE", "Lexicon", "clauses", "phrase_words", "stem"]

#: The group of phrases that look like a sign's words but name something ordinary ("hay fever").
IGNORE = "IGNORE"


_TOKEN = re.compile(r"[a-z0-9]+|,")
_CONTRACTIONS = {
    "cant": "cannot", "couldnt": "cannot", "wont": "will not", "wouldnt": "would not", "dont": "do not",
    "doesnt": "does not", "didnt": "did not", "isnt": "is not", "arent": "are not", "wasnt": "was not",
    "werent": "were not", "hasnt": "has not", "havent": "have not", "hadnt": "had not", "aint": "is not",
    "shouldnt": "should not", "im": "i am", "ive": "i have", "hes": "he is", "shes": "she is",
    "thats": "that is", "theres": "there is", "its": "it is", "nothings": "nothing has",
    "afebrile": "no fever", "apyrexial": "no fever", "wanna": "want to", "gonna": "going to",
    "cnat": "cannot",
}  # fmt: skip
# Abbreviations of clinical notes, spelt out ("pt c/o CP, SOB" is chest pain and breathlessness).
_ABBREVIATIONS = {
    "cp": "chest pain", "sob": "short of breath", "sobar": "short of breath at rest", "soboe": "breathless",
    "dib": "difficulty breathing", "loc": "loss of consciousness", "tloc": "loss of consciousness",
    "pu": "pass urine", "aur": "urinary retention", "ha": "headache", "gsw": "gunshot wound",
    "si": "suicidal thoughts", "gtcs": "seizure", "pr": "rectal", "abdo": "abdominal", "mi": "heart attack",
    "ca": "cancer", "hx": "history", "fhx": "family history", "diaphoretic": "sweating",
    "pleuritic": "sharp pain breathing in", "dysphasia": "speech trouble", "aphasia": "speech trouble",
    "dysarthria": "slurred speech", "hemiparesis": "one side weak", "hemiplegia": "one side weak",
    "rif": "right iliac fossa", "ces": "cauda equina", "ivdu": "injecting drugs", "pwid": "injecting drugs",
    "dvt": "deep vein thrombosis", "pe": "pulmonary embolism", "uti": "urinary infection",
    "tia": "mini stroke", "sah": "subarachnoid", "haematuria": "blood in urine",
    "tachypnoea": "fast breathing",
    "tachypnea": "fast breathing",
    "hematuria": "blood in urine",
    "nbr": "non blanching rash",
    "dka": "very unwell", "angioedema": "swelling of lips tongue throat", "stridor": "throat closing",
}  # fmt: skip
# Words a term skips over: "pain in the chest" is CHEST PAIN. Never a word that changes meaning.
_STOP = frozenset(
    "a an the my his her their your our its of in on at to for from by is are was were be been being am "
    "i me he she they we you it this that these those some any and or".split()
)


_WINDOW = 7  # the most words a term's slots may span
_MARKS = frozenset({",", "?"})


def stem(word: str) -> str:
    """A word without its inflection, so that forms of one word compare equal.

    Examples
    --------
    >>> [stem(w) for w in ("hurts", "hurting", "aching", "ache", "slurred", "injuries", "numbness")]
    ['hurt', 'hurt', 'ach', 'ach', 'slur', 'injury', 'numb']
    >>> stem("feelings"), stem("breathings")
    ('feel', 'breath')
    """
    if word.endswith(("ings", "ngs")) and len(word) > 6:  # "breathings", "feelings": the plural first
        word = word[:-1]
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, repl in (("iness", "y"), ("ness", ""), ("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""),
                         ("es", ""), ("s", ""), ("e", "")):  # fmt: skip
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            base = word[: len(word) - len(suffix)] + repl
            if suffix in ("ing", "ed") and len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]  # slurred -> slur, stopped -> stop
            elif suffix in ("ing", "ed", "es") and base.endswith("e") and len(base) > 3:
                base = base[:-1]
            return base
    return word


_CAN_NOT = re.compile(r"\bcan not\b")
_WILL = re.compile(r"\b(i|you|he|she|it|we|they|that)['\u2019](ll|d)\b")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = _WILL.sub(lambda m: f"{m[1]} {'will' if m[2] == 'll' else 'would'}", text)
    text = _CAN_NOT.sub("cannot", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("'", "").replace("\u2019", "").replace("-", " ")


def _words(text: str) -> list[str]:
    out: list[str] = []
    for word in _TOKEN.findall(text):
        out += _CONTRACTIONS.get(word, _ABBREVIATIONS.get(word, word)).split()
    return out


_ELLIPSIS = re.compile(r"\.{2,}|\u2026")  # "I can't... get the air in": one clause
_QUERY = re.compile(r"\?(?=[a-z0-9])")  # "?MI" in a note: suspected, not a question
_SPLIT = re.compile(r"([.;!?:()\[\]\n]+)")


def clauses(text: str) -> list[list[str]]:
    """The clauses of a symptom text, each a list of folded words (a comma is a word of its own).

    Examples
    --------
    >>> clauses("No fever, but CAN'T pee. Since Tuesday!")
    [['no', 'fever', ',', 'but', 'cannot', 'pee'], ['since', 'tuesday']]
    """
    parts = _SPLIT.split(_QUERY.sub(" ", _ELLIPSIS.sub(" ", _fold(text))))
    out = []
    for part, end in zip(parts[::2], [*parts[1::2], ""], strict=True):
        words = _words(part)
        if words:
            out.append([*words, "?"] if "?" in end else words)
    return out


def _one_slip(a: str, b: str) -> bool:
    """Whether a and b differ by one typing slip: a letter added, dropped, changed, or two swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (a[i + 2 :] == b[i + 2 :] and a[i : i + 2] == b[i : i + 2][::-1])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1 :] == shorter[i:]


def _doubled(a: str, b: str) -> bool:
    """Whether a and b differ by one letter typed twice or once too few ("stabb", "pased")."""
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    if len(longer) != len(shorter) + 1:
        return False
    return any(
        longer[:i] + longer[i + 1 :] == shorter and i > 0 and longer[i - 1] == longer[i]
        for i in range(len(longer))
    )


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


_Alt = tuple[tuple[str, int], ...]  # words of one alternative: (text, _STEM, _PREFIX or _EXACT)
_STEM, _PREFIX, _EXACT = 0, 1, 2
_Kept = list[tuple[int, str, str]]  # (position in the clause, word, its stem) of the words terms use
#: A symptom text read once: each clause's words, the words terms use, and where each slot stands.
Prepared = list[tuple[list[str], _Kept, dict[str, list[tuple[int, int]]], list[tuple[int, int, str]]]]


class Lexicon:
    """Terms compiled once against groups of synonyms; :meth:`read` finds a term in a text.

    Parameters
    ----------
    groups
        Group name (capitals) -> its words (``word``, ``word*`` or a phrase of such words).
    terms
        Every term that will be read, in the red-flag data's syntax.
    """

    def __init__(self, groups: Mapping[str, Sequence[str]], terms: Iterable[str]) -> None:
        # A slot is a group name or a literal word; each has its alternatives.
        self.slots: dict[str, tuple[_Alt, ...]] = {
            name: tuple(a for a in map(phrase_words, words) if a) for name, words in groups.items()
        }
        self.ignore = self.slots.pop(IGNORE, ())
        self.terms: dict[str, tuple[str, ...]] = {}
        for term in terms:
            keys = []
            for word in term.split():
                if word.isupper():
                    keys.append(word)
                elif (alt := phrase_words(word.replace("+", " "))) and word not in _STOP:
                    self.slots.setdefault(word, (alt,))
                    keys.append(word)
            self.terms[term] = tuple(keys)
        self.first: dict[str, list[tuple[str, _Alt]]] = {}  # an alternative's first stem -> (slot, alt)
        self.prefixes: list[tuple[str, str, _Alt]] = []
        for key, alts in sorted(self.slots.items()):
            for alt in alts:
                head, mode = alt[0]
                if mode == _PREFIX:
                    self.prefixes.append((head, key, alt))
                else:
                    self.first.setdefault(head, []).append((key, alt))
        vocab = {w for alts in self.slots.values() for alt in alts for w, m in alt if m == _STEM}
        self.long_prefixes: dict[str, list[str]] = {}  # first letter -> prefixes of 5 letters or more
        for p, _, _ in self.prefixes:
            if len(p) >= 5 and p not in self.long_prefixes.get(p[0], []):
                self.long_prefixes.setdefault(p[0], []).append(p)
        self.vocab = frozenset(vocab)
        self.near: dict[str, str] = {}  # a one-slip variant -> the word it stands for
        for word in sorted(vocab):
            if len(word) >= 4:
                for variant in _deletes(word):
                    self.near.setdefault(variant, word)

    def _spell(self, word: str) -> str:
        """A term's word for a word one slip away from it (a typo), else the word's stem."""
        s = stem(word)
        if s in self.vocab or len(s) < 4 or word in _COMMON or s in _COMMON or not word.isalpha():
            return s
        if any(word.startswith(p) for p, _, _ in self.prefixes if len(p) >= 5):
            return s  # already a term's word: "tingly" is tingl*
        variants = (s, word, *sorted(_deletes(s)), *sorted(_deletes(word)))
        for hit in (h for v in variants for h in (v if v in self.vocab else None, self.near.get(v)) if h):
            if len(word) < 4 or not (_one_slip(s, hit) or _one_slip(word, hit)):
                continue
            if hit[0] != word[0]:
                continue  # a slip rarely falls on the first letter: "hills" is not "chills"
            if len(hit) < 5 and sorted(hit) != sorted(s) and not _doubled(s, hit):
                continue  # short: only a swap or a doubled letter ("pian", "stabb"); "thing" is no "thin"
            if len(hit) != len(s) or sorted(hit) == sorted(s) or (len(word) >= 6 and len(s) >= 5):
                return hit  # a changed letter only in long words: "doing" is no "dying"
        return self._spell_prefix(word) or s

    def _spell_prefix(self, word: str) -> str | None:
        """A word one slip away from a long prefix (``colapsed`` for ``collaps*``), spelt right."""
        for p in self.long_prefixes.get(word[0], ()):
            for cut in (len(p) - 1, len(p), len(p) + 1):
                head = word[:cut]
                if len(word) <= len(p) or head == p or not _one_slip(head, p):
                    continue
                if len(head) != len(p) or len(p) >= 6:
                    return p + word[cut:]
        return None

    def _drop_ignored(self, kept: _Kept) -> _Kept:
        drop: set[int] = set()
        for i in range(len(kept)):
            for alt in self.ignore:
                n = len(alt)
                if i + n <= len(kept) and all(_word_matches(alt[j], *kept[i + j][1:]) for j in range(n)):
                    drop.update(range(i, i + n))
        return [k for i, k in enumerate(kept) if i not in drop] if drop else kept

    def prepare(self, text: str) -> Prepared:
        """``text`` read once: every clause with the places each slot of a term stands in it."""
        out: Prepared = []
        for words in clauses(text):
            kept = [(i, w, self._spell(w)) for i, w in enumerate(words) if w not in _MARKS and w not in _STOP]
            kept = self._drop_ignored(kept)
            where: dict[str, list[tuple[int, int]]] = {}
            for i, (_, w, s) in enumerate(kept):
                hits = self.first.get(s, []) + (self.first.get(w, []) if w != s else [])
                hits += [(k, a) for p, k, a in self.prefixes if w.startswith(p) or s.startswith(p)]
                for key, alt in hits:
                    n = len(alt)
                    if i + n <= len(kept) and all(_word_matches(alt[j], *kept[i + j][1:]) for j in range(n)):
                        spans = where.setdefault(key, [])
                        if not spans or spans[-1][0] != i:
                            spans.append((i, i + n - 1))
            out.append((words, kept, where, trigger_phrases(words)))
        return out

    def read(self, text: str | Prepared, term: str) -> list[str | None]:
        """What the context says of each place ``term`` is said in ``text`` (None: said plainly)."""
        prepared = self.prepare(text) if isinstance(text, str) else text
        keys = self.terms[term]
        out: list[str | None] = []
        for words, kept, where, phrases in prepared:
            if keys and all(k in where for k in keys):
                for positions in _find([where[k] for k in keys], kept):
                    out.append(context_of(words, phrases, positions))
        return out


def phrase_words(text: str) -> _Alt:
    """A word or phrase as (text, mode) words, the filler words left out: ``word*`` is a prefix
    (mode 1), ``word=`` this form only (2: ``stabbed=`` is not ``stabbing``), any other word its stem (0).

    >>> phrase_words("pain in the chest"), phrase_words("spread* to"), phrase_words("end it")
    ((('pain', 0), ('chest', 0)), (('spread', 1),), (('end', 0),))
    """
    out: list[tuple[str, int]] = []
    for raw in text.split():
        mode = {"*": _PREFIX, "=": _EXACT}.get(raw[-1:], _STEM)
        words = _words(_fold(raw.rstrip("*=")))
        for k, w in enumerate(words):
            if k == len(words) - 1 and mode != _STEM:
                out.append((w, mode))
            elif w not in _STOP:
                out.append((stem(w), _STEM))
    return tuple(out)


def _word_matches(want: tuple[str, int], word: str, s: str) -> bool:
    text, mode = want
    if mode == _PREFIX:
        return word.startswith(text) or s.startswith(text)
    return word == text if mode == _EXACT else s == text


def _find(per_slot: list[list[tuple[int, int]]], kept: _Kept) -> list[frozenset[int]]:
    """The word positions of each place a term stands in one clause, its slots close together."""
    order = sorted(range(len(per_slot)), key=lambda k: len(per_slot[k]))
    anchor, others = per_slot[order[0]], [per_slot[k] for k in order[1:]]
    found: list[frozenset[int]] = []
    for start, end in anchor:
        used = set(range(start, end + 1))
        lo, hi = start, end
        for spans in others:  # the nearest place of each other slot that is free
            k = bisect_left(spans, (start, start))
            best = None
            for cand in sorted(spans[max(0, k - 3) : k + 3], key=lambda s: abs(s[0] - start)):
                if not used & set(range(cand[0], cand[1] + 1)):
                    best = cand
                    break
            if best is None:
                break
            used |= set(range(best[0], best[1] + 1))
            lo, hi = min(lo, best[0]), max(hi, best[1])
        else:
            if hi - lo < _WINDOW:
                found.append(frozenset(kept[i][0] for i in used))
    return found


# Everyday words that are one slip away from a term's word but mean something else.
_COMMON = frozenset(
    "fewer never after other about there three being sleep steep still stood store story stole those these "
    "where which while white whole write wrote worse horse house mouse route south mouth month money "
    "shore share shape sharp start state stick stock sting stung stuck tried tired times tires weight "
    "height heart heard hears heavy bread break bleak black block blank plank plane place "
    "please pleased chess cheat cheap cheek check choke chose close clove cover fever lever level seven "
    "chilli chillies leave later water waste taste paste fast last least feast beast based baked pains "
    "paint point print thing things fizzy doing going being strong string spring street bright little "
    "should around before better pretty always another family friend school having making taking coming "
    "seeing trying during because between through thought without morning evening tonight weekend working "
    "walking running sitting standing sleeping eating drinking usually lately plenty enough cousin soon "
    "concert wheel"
    "faint saint giant grant great greet green treat threat throat thread bread dread drear dream cream "
    "scream stream strain stain train brain drain grain plain again gains stiff staff stuff snuff sniff "
    "swell smell spell spelt shell shall small stall still swill dwell while whilst worst worth words works "
    "world would could should wound round sound found pound bound mound".split()
)
