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

__all__ = ["CONTEXTS", "IGNORE", "Lexicon", "clauses", "stem"]

#: The group of phrases that look like a sign's words but name something ordinary ("hay fever").
IGNORE = "IGNORE"

#: What a context may say of a term (None: the term is said of the person, now).
CONTEXTS = ("negated", "resolved", "historical", "family", "hypothetical")

# Clauses end at sentence punctuation and at words that turn to something else.
_CLAUSE = re.compile(r"[.;!?:()\[\]\n]+")
_TOKEN = re.compile(r"[a-z0-9]+|,")
_CONTRACTIONS = {
    "cant": "cannot", "couldnt": "cannot", "wont": "will not", "wouldnt": "would not", "dont": "do not",
    "doesnt": "does not", "didnt": "did not", "isnt": "is not", "arent": "are not", "wasnt": "was not",
    "werent": "were not", "hasnt": "has not", "havent": "have not", "hadnt": "had not", "aint": "is not",
    "shouldnt": "should not", "im": "i am", "ive": "i have", "hes": "he is", "shes": "she is",
    "thats": "that is", "theres": "there is", "its": "it is", "nothings": "nothing has",
    "afebrile": "no fever", "apyrexial": "no fever",
}  # fmt: skip
# Words a term skips over: "pain in the chest" is CHEST PAIN. Never a word that changes meaning.
_STOP = frozenset(
    "a an the my his her their your our its of in on at to for from by is are was were be been being am "
    "i me he she they we you it this that these those some any and or".split()
)
# Words after which a term's context is read, with what they say and which way they reach.
_TRIGGERS: dict[str, tuple[str, str]] = {}
for _words, _what, _way in (
    ("no|not|denies|deny|denied|denying|without|nil|none|neither|nor|never|negative for|free of|absence of"
     "|no sign of|no signs of|no evidence of|no history of|no complaints of|ruled out|rules out|nowhere",
     "negated", ">"),
    ("normal|normally|fine|ok|okay|unaffected|intact|absent|negative|unremarkable|denied|free|ruled out"
     "|not present|none|not an issue|not a problem|nowhere else", "negated", "<"),
    ("no longer|used to|recovered from|got over|stopped|came off|finished|quit|gave up", "resolved", ">"),
    ("gone|resolved|cleared|cleared up|went away|gone away|settled|better now|fine now|passed|healed"
     "|stopped|no longer|recovered|all clear|in the past|nothing since|none since|well since|fine since"
     "|normal since|no symptoms since|no problems since|no trouble since|no after effects|back to normal"
     "|back to myself|back to herself|back to himself|all better|since recovered|fully recovered|in remission",
     "resolved", "<"),
    ("history of|hx of|previous|previously|past|prior|old|childhood|as a child|once had|years ago"
     "|as a teenager|as a baby|as a toddler|as a kid|when i was a kid|when i was young|decades ago",
     "historical", ">"),
    ("years ago|months ago|last year|as a child|in childhood|long ago|when young|when i was young|in the past"
     "|as a teenager|as a baby|as a toddler|as a kid|decades ago", "historical", "<"),
    ("mother|father|mum|mom|dad|sister|brother|son|daughter|wife|husband|partner|grandmother|grandfather"
     "|grandma|grandpa|gran|grandad|granddad|nan|nana|aunt|uncle|cousin|parent|parents|friend|neighbour"
     "|neighbor|colleague|family|family history|fhx|fh of|runs in family|runs in the family|relative"
     "|relatives|niece|nephew|boss|flatmate|roommate|mothers|fathers|mums|moms|dads|sisters|brothers|sons"
     "|daughters|wifes|husbands|partners|grandmothers|grandfathers|grans|nans|kids|children|child|someone"
     "|people|a child|a friend|friends|classmate|coworker",
     "family", ">"),
    ("might be|could be|may be|might have|could have|may have|might get|could get|worried it|worried that"
     "|worried about|worry about|worries about|worried the|afraid the|scared the|concerned the|worried i|worried ill|worried my|worries it|afraid it"
     "|afraid of|afraid i|scared it|scared of|scared i|fear of|fears of|in case|just in case|what if|rule out"
     "|to prevent|prevent|prevention|check for|checking for|screen for|risk of|at risk|wonder if|wondering if"
     "|wondering whether|whether|concerned it|concerned that|concerned about"
     "|would like to avoid|watch for|watch out for|look out for|signs of|know the signs|asks what|asks about"
     "|asks if|asking about|asking if|asked about|what to do if|what it means|what would|should i"
     "|want to know|could turn into|turn into|might need|may need|could need|might start|in future"
     "|in the future|will i|can acupuncture|is acupuncture|suitable for|if i|if it|if she|if he|if you"
     "|if they|would it|does acupuncture|feels like for|could cause|can cause",
     "hypothetical", ">"),
):  # fmt: skip
    for _phrase in _words.split("|"):
        _TRIGGERS.setdefault(_phrase + _way, (_what, _way))
# Phrases that hold a trigger word but are no trigger: "not only chest pain but also ...".
_PSEUDO = frozenset(
    "not only|not just|no relief|no relief from|without relief|nothing helps|not sure|not certain"
    "|no idea|no matter|not go away|will not go away|does not go away|never goes away|not stop|will not stop"
    "|does not stop|cannot stop|not stopping|gone down|gone into|gone to|gone up|went down|went into|went up"
    "|no better|not better|not improving|not improved|no improvement|not getting better|not any better"
    "|not settling|not settled|not eased|no ease|not helped|not responding|not waking|not breathing"
    "|not making sense|not passed|not passing|no longer able|not able|past few|past couple|the past"
    "|past week|past day|past days|past weeks|past hour|past hours|past month|previous day|old man"
    "|old woman|old lady|years old|year old|months old|month old|weeks old|week old|days old|not normal"
    "|fine motor|free fall|passed out|passed urine|passed water|passed blood|passing out|passing blood"
    "|passing urine|family doctor|my partner says|wife says|husband says|partner says|mother says"
    "|father says|mum says|dad says|son says|daughter says|friend says|wife noticed|husband noticed"
    "|partner noticed|wife thinks|husband thinks|family noticed|family say|family says|worried about my"
    "|worried about the|worried about this|worried about her|worried about his|worried about these"
    "|worried about how|concerned about my|concerned about the|concerned about this|scared of how"
    "|if i breathe|if i move|if i stand|if i walk|if i lie|if i bend|if i cough|if i sit|if i press"
    "|if i touch|if i eat|if i turn|if i lift|if it is touched|stopped breathing|stopped working"
    "|not stop bleeding|will not stop bleeding|never stops|never stopped|never eases|never goes|no position"
    "|old age|still cannot|cause of|out of nowhere|at once|all at once|from nowhere".split("|")
)
# Words after which a trigger's reach ends: something new is said.
_TERMINATORS = frozenset(
    "and but however although though yet except apart aside now since which who until till then also has "
    "have reports complains feels feeling today currently presently whereas while when because plus "
    "with started began begun developed suddenly".split()
)
_IT = frozenset({"it", "its", "that", "this", "they", "these", "those", "all", "now", "is", "has", "back",
                 "fine", "better", "gone", "resolved", "settled", "cleared", "none", "nothing", "well"})
# Looking back from a trigger, fewer words start something new: "legs weak after the epidural, normal since".
_BACK_TERMINATORS = frozenset("and but however although though yet except whereas plus also".split())
# Words that end the reach of a trigger of the person's past, of someone else or of a worry.
_SOFT_TERMINATORS = _BACK_TERMINATORS | frozenset("now today currently presently since until till then suddenly".split())
_YEAR = re.compile(r"(19|20)[0-9][0-9]")
_VERBS = frozenset("has have had feel feels feeling".split())
_FORWARD = 8  # how many words a trigger reaches forward ...
_BACKWARD = 10  # ... and back
_WINDOW = 7  # the most words a term's slots may span


def stem(word: str) -> str:
    """A word without its inflection, so that forms of one word compare equal.

    Examples
    --------
    >>> [stem(w) for w in ("hurts", "hurting", "aching", "ache", "slurred", "injuries", "numbness")]
    ['hurt', 'hurt', 'ach', 'ach', 'slur', 'injury', 'numb']
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, repl in (("iness", "y"), ("ness", ""), ("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""),
                         ("es", ""), ("s", ""), ("ly", ""), ("e", "")):  # fmt: skip
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            base = word[: len(word) - len(suffix)] + repl
            if suffix in ("ing", "ed") and len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]  # slurred -> slur, stopped -> stop
            elif suffix in ("ing", "ed", "es") and base.endswith("e"):
                base = base[:-1]
            return base
    return word


_WILL = re.compile(r"\b(i|you|he|she|it|we|they|that)['\u2019](ll|d)\b")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = _WILL.sub(lambda m: f"{m[1]} {'will' if m[2] == 'll' else 'would'}", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("'", "").replace("\u2019", "").replace("-", " ")


def _words(text: str) -> list[str]:
    out: list[str] = []
    for word in _TOKEN.findall(text):
        out += _CONTRACTIONS.get(word, word).split()
    return out


def clauses(text: str) -> list[list[str]]:
    """The clauses of a symptom text, each a list of folded words (a comma is a word of its own).

    Examples
    --------
    >>> clauses("No fever, but CAN'T pee. Since Tuesday!")
    [['no', 'fever', ',', 'but', 'cannot', 'pee'], ['since', 'tuesday']]
    """
    return [w for part in _CLAUSE.split(_fold(text)) if (w := _words(part))]


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
            name: tuple(a for a in map(_alt, words) if a) for name, words in groups.items()
        }
        self.ignore = self.slots.pop(IGNORE, ())
        self.terms: dict[str, tuple[str, ...]] = {}
        for term in terms:
            keys = []
            for word in term.split():
                if word.isupper():
                    keys.append(word)
                elif (alt := _alt(word.replace("+", " "))) and word not in _STOP:
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
        self.vocab = frozenset(vocab)
        self.near: dict[str, str] = {}  # a one-slip variant -> the word it stands for
        for word in sorted(vocab):
            if len(word) >= 4:
                for variant in _deletes(word):
                    self.near.setdefault(variant, word)

    def _spell(self, word: str) -> str:
        """A term's word for a word one slip away from it (a typo), else the word's stem."""
        s = stem(word)
        if s in self.vocab or len(word) < 4 or word in _COMMON or s in _COMMON or not word.isalpha():
            return s
        if any(word.startswith(p) for p, _, _ in self.prefixes):
            return s
        for variant in (s, word, *sorted(_deletes(s)), *sorted(_deletes(word))):
            hit = variant if variant in self.vocab else self.near.get(variant)
            if hit is None or min(len(hit), len(word)) < 4 or not (_one_slip(s, hit) or _one_slip(word, hit)):
                continue
            if len(s) >= 5 or sorted(hit) == sorted(s) or len(hit) > len(s):  # short words: a swap or a drop
                return hit
        return s

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
            kept = [(i, w, self._spell(w)) for i, w in enumerate(words) if w != "," and w not in _STOP]
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
            out.append((words, kept, where, _phrases_at(words)))
        return out

    def read(self, text: str | Prepared, term: str) -> list[str | None]:
        """What the context says of each place ``term`` is said in ``text`` (None: said plainly)."""
        prepared = self.prepare(text) if isinstance(text, str) else text
        keys = self.terms[term]
        out: list[str | None] = []
        for words, kept, where, phrases in prepared:
            if keys and all(k in where for k in keys):
                for positions in _find([where[k] for k in keys], kept):
                    out.append(_context(words, phrases, positions))
        return out


def _alt(text: str) -> _Alt:
    """A word or phrase as (text, mode) words, the filler words left out: ``word*`` is a prefix,
    ``word=`` this form only (``stabbed=`` is not ``stabbing``), any other word its stem."""
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


def _phrases_at(words: list[str]) -> list[tuple[int, int, str]]:
    """(first, last, phrase) of every trigger or pseudo-trigger phrase in a clause's words."""
    out = []
    for i in range(len(words)):
        if _YEAR.fullmatch(words[i]) and i and words[i - 1] in ("in", "since", "back", "around", "until"):
            out.append((i - 1, i, "in the past"))  # "had a clot in 2017"
        for n in (4, 3, 2, 1):
            phrase = " ".join(words[i : i + n])
            if len(words) - i >= n and (phrase in _PSEUDO or phrase + ">" in _TRIGGERS or phrase + "<" in _TRIGGERS):
                out.append((i, i + n - 1, phrase))
    return out


def _reach_ends(words: list[str], lo: int, hi: int, back: bool = False, soft: bool = False) -> bool:
    """Whether something new starts between positions lo and hi (exclusive).

    Looking back from a trigger, "but it", "but that" go on: "had a fever last week but it's gone".
    """
    for i in range(lo + 1, hi):
        w = words[i]
        if back and w in ("but", "though", "although") and i + 1 < len(words) and words[i + 1] in _IT:
            continue
        if i == lo + 1 and not back and w in _VERBS:
            continue  # "do not have a pacemaker", "not feeling unwell": the negation's own verb
        if w in (_BACK_TERMINATORS if back else _SOFT_TERMINATORS if soft else _TERMINATORS):
            return True
        if w == "," and not back and "or" not in words[i : i + 12] and "nor" not in words[i : i + 12]:
            return True  # a comma ends a reach, except in a list: "no fever, chills or sweats"
    return False


def _context(words: list[str], found: list[tuple[int, int, str]], positions: frozenset[int]) -> str | None:
    """What the triggers around a term say of it, the nearest trigger deciding."""
    first, last = min(positions), max(positions)
    found = [p for p in found if first - _FORWARD - 4 <= p[0] <= last + _BACKWARD + 4]
    pseudo = [(a, b) for a, b, p in found if p in _PSEUDO]
    best: tuple[int, str] | None = None
    for a, b, phrase in found:
        if phrase in _PSEUDO or any(pa <= a and b <= pb and (pa, pb) != (a, b) for pa, pb in pseudo):
            continue
        if any(a <= p <= b for p in positions) or any(pa <= a <= pb for pa, pb in pseudo):
            continue  # the term holds the trigger word ("not breathing"), or the word is no trigger here
        for way in (">", "<"):
            rule = _TRIGGERS.get(phrase + way)
            if rule is None:
                continue
            soft = rule[0] != "negated"  # "my mum has osteoporosis": "has" does not end a family reach
            if way == ">" and b < first and first - b <= _FORWARD and not _reach_ends(words, b, first, False, soft):
                if rule[0] == "negated" and any(w in ("until", "till") for w in words[last + 1 : last + 12]):
                    continue  # "never had chest pain until today"
                distance = first - b
            elif way == ">" and first < a and b < last and rule[0] == "negated" and not _reach_ends(words, b, last):
                distance = 0  # between a term's words: "headache, not sudden"
            elif way == "<" and a > last and a - last <= _BACKWARD and not _reach_ends(words, last, a, True):
                distance = a - last
            else:
                continue
            if best is None or distance < best[0]:
                best = (distance, rule[0])
    return None if best is None else best[1]


# Everyday words that are one slip away from a term's word but mean something else.
_COMMON = frozenset(
    "fewer never after other about there three being sleep steep still stood store story stole those these "
    "where which while white whole write wrote worse horse house mouse route south mouth month money "
    "shore share shape sharp start state stick stock sting stung stuck tried tired times tires weight "
    "height heart heard hears heavy bread break bleak black block blank plank plane place "
    "please pleased chess cheat cheap cheek check choke chose close clove cover fever lever level seven "
    "chilli chillies leave later water waste taste paste fast last least feast beast based baked pains paint point print "
    "faint saint giant grant great greet green treat threat throat thread bread dread drear dream cream "
    "scream stream strain stain train brain drain grain plain again gains stiff staff stuff snuff sniff "
    "swell smell spell spelt shell shall small stall still swill dwell while whilst worst worth words works "
    "world would could should wound round sound found pound bound mound".split()
)
