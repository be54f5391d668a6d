"""The context rules of the symptom reader: what the words around a term say of it.

The rules follow the ConText algorithm of clinical text processing. A trigger phrase marks what
follows it (``>``) or what stands before it (``<``) as negated, resolved, historical, someone
else's or hypothetical; a pseudo-trigger holds a trigger word but is none ("not only", "no
relief"); a terminator ends a trigger's reach ("and", "but", "now"). The nearest trigger decides.
:mod:`meridian.symptoms` finds the terms; :func:`context_of` says what their context is.

Examples
--------
>>> words = "father had chest pain , no fever".split()
>>> found = trigger_phrases(words)
>>> context_of(words, found, frozenset({2, 3})), context_of(words, found, frozenset({6}))
('family', 'negated')
"""

from __future__ import annotations

import re

__all__ = ["CONTEXTS", "PSEUDO", "context_of", "trigger_phrases"]

#: What a context may say of a term (None: the term is said of the person, now). "family-weak" is
#: someone else's, said without "had" or "died": it never hides an emergency.
CONTEXTS = ("negated", "resolved", "historical", "family", "family-weak", "hypothetical")

# Words after which a term's context is read, with what they say and which way they reach.
def _spaced(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _bars(text: str) -> frozenset[str]:
    return frozenset(text.split("|"))


_TRIGGERS: dict[str, tuple[str, str]] = {}
for _phrases, _what, _way in (
    ("no|not|denies|deny|denied|denying|without|nil|none|neither|nor|never|negative for|free of|absence of"
     "|nothing"
     "|no sign of|no signs of|no evidence of|no history of|no complaints of|ruled out|rules out|nowhere",
     "negated", ">"),
    ("normal|normally|fine|ok|okay|unaffected|intact|absent|negative|unremarkable|denied|free|ruled out"
     "|not present|none|not an issue|not a problem|nowhere else", "negated", "<"),
    ("no longer|used to|recovered from|got over|stopped|came off|finished|quit|gave up", "resolved", ">"),
    ("gone|resolved|cleared|cleared up|went away|gone away|settled|better now|fine now|healed"
     "|stopped|no longer|recovered|all clear|in the past|removed|taken out|nothing since|none since"
     "|well since|fine since"
     "|normal since|no symptoms since|no problems since|no trouble since|no after effects|back to normal"
     "|back to myself|back to herself|back to himself|all better|since recovered|fully recovered"
     "|in remission",
     "resolved", "<"),
    ("history of|hx of|previous|previously|past|prior|childhood|as a child|once had|years ago|as a student"
     "|as a teenager|as a baby|as a toddler|as a kid|when i was a kid|when i was young|decades ago",
     "historical", ">"),
    ("years ago|months ago|last year|as a child|in childhood|long ago|when young|when i was young|in the past"
     "|as a teenager|as a baby|as a toddler|as a kid|decades ago|as a student|in my teens|in my twenties"
     "|never since", "historical", "<"),
    ("mother|father|mum|mom|dad|sister|brother|son|daughter|wife|husband|partner|grandmother|grandfather"
     "|grandma|grandpa|gran|grandad|granddad|nan|nana|aunt|uncle|cousin|parent|parents|friend|neighbour"
     "|neighbor|colleague|family|family history|fhx|fh of|runs in family|runs in the family|relative"
     "|relatives|niece|nephew|boss|flatmate|roommate|mothers|fathers|mums|moms|dads|sisters|brothers|sons"
     "|daughters|wifes|husbands|partners|grandmothers|grandfathers|grans|nans|kids|children|child|nieces"
     "|nephews|aunts|uncles|cousins|everyone|everybody|friends|neighbours|neighbors|colleagues|grandads|granddads|bosses"
     "|a child|a friend|friends|classmate|coworker",
     "family", ">"),
    ("might be|could be|may be|might have|could have|may have|might get|could get|worried it|worried that"
     "|worried about|worry about|worries about|worried the|afraid the|scared the|concerned the"
      "|worried i|worried ill|worried my|worries it|afraid it"
     "|afraid of|afraid i|scared it|scared of|scared i|fear of|fears of|in case|just in case|what if|rule out"
     "|to prevent|prevent|prevention|check for|checking for|screen for|risk of|at risk|wonder if|wondering if"
     "|wondering whether|whether|concerned it|concerned that|concerned about"
     "|would like to avoid|watch for|watch out for|look out for|signs of|know the signs|asks what|asks about"
     "|asks if|asking about|asking if|asked about|what to do if|what it means|what would|should i"
     "|want to know|could turn into|turn into|might need|may need|could need|might start|in future"
     "|in the future|will i|can acupuncture|is acupuncture|suitable for|if i|if it|if she|if he|if you"
     "|if they|if my|if his|if her|if the|if a|would it|does acupuncture|feels like for|could cause|can cause"
     "|could a|could it|could i|could the|could this|could that|could my|can a|is it possible|how would"
     "|how do i know|how would i know|would i|hate to|in case of|set off|bring on|if someone|what happens if"
     "|could acupuncture|ever cause|what does|what do",
     "hypothetical", ">"),
):  # fmt: skip
    for _phrase in _bars(_phrases):
        _TRIGGERS.setdefault(_phrase + _way, (_what, _way))
#: Phrases that hold a trigger word but are no trigger: "not only chest pain but also ...".
PSEUDO = _bars(
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
    "|old age|still cannot|cause of|out of nowhere|at once|all at once|from nowhere|wife can|husband can"
    "|gone rigid|gone stiff|gone numb|gone weak|gone black|gone blue|gone dead|gone floppy|gone red"
    "|gone cold|gone hard|gone grey|gone pale|gone limp|gone very|gone quiet|gone funny|gone all|gone on"
    "|going on|has gone|old coffee|not terminated|nothing will|nothing at all will|nothing come"
    "|not there last year|not there before|not there a year ago|not see the point|cannot see the point"
    "|not see point|past out|months gone|weeks gone|gone for|gone about|family way|whether i sit"
    "|whether i stand|than normal|than usual|from nothing|no feeling|no sensation|no power|no strength"
    "|catheter removed"
    "|whether i lie|whether i move"
    "|partner can|mum can|mom can|dad can|family can|wife could|husband could|partner could"
)
# Words after which a trigger's reach ends: something new is said.
_TERMINATORS = _spaced(
    "and but however although though yet except apart aside now since which who until till then also "
    "has have reports complains feels feeling today currently presently whereas while when because "
    "plus with started began begun developed"
)
_IT = _spaced(
    "it its that this they these those all now is has back fine better gone resolved settled cleared "
    "none nothing well normal recovered healed"
)
# Looking back, fewer words start something new: "legs weak after the epidural, normal since".
_BACK_TERMINATORS = _spaced(
    "and but however although though yet except whereas plus also"
)
# Words that end the reach of a trigger of the person's past, of someone else or of a worry.
_SOFT_TERMINATORS = _BACK_TERMINATORS | _spaced(
    "now today currently presently since until till then suddenly"
)
_AN_AGE = re.compile(
    r"[0-9]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen|twenty|young|little|small|a"
)
_YEAR = re.compile(r"(19|20)[0-9][0-9]")
_PATIENT = _spaced("caller calling pt patient")
_ELSEWHERE = _spaced("carer school nursery booking")
_NOW = _spaced("now today tonight morning currently just minutes hour hours earlier since woken")
_HISTORY = _spaced(
    "had died history diagnosed ago years suffered school nursery class office last was were hospital "
    "gets ended allergic here op operation surgery weekend"
)
_THEY = _spaced("his her their he she they him them was were had got")
_VERBS = _spaced(
    "has have had feel feels feeling"
)
_FORWARD = 8  # how many words a negation reaches forward (other triggers: _FORWARD_SOFT) ...
_FORWARD_SOFT = 14
_BACKWARD = 10  # ... and back


def trigger_phrases(words: list[str]) -> list[tuple[int, int, str]]:
    """(first, last, phrase) of every trigger or pseudo-trigger phrase in a clause's words."""
    out = []
    for i in range(len(words)):
        if _YEAR.fullmatch(words[i]) and i and words[i - 1] in ("in", "since", "back", "around", "until"):
            out.append((i - 1, i, "in the past"))  # "had a clot in 2017"
        age = words[i + 3] if i + 3 < len(words) else ""
        if words[i : i + 3] == ["when", "i", "was"] and _AN_AGE.fullmatch(age):
            out.append((i, i + 3, "in the past"))  # "fainted once when I was 17"
        for n in (4, 3, 2, 1):
            phrase = " ".join(words[i : i + n])
            if len(words) - i >= n and (
                phrase in PSEUDO or phrase + ">" in _TRIGGERS or phrase + "<" in _TRIGGERS
            ):
                out.append((i, i + n - 1, phrase))
    return out


def _reach_ends(words: list[str], lo: int, hi: int, back: bool = False, what: str = "negated") -> bool:
    """Whether something new starts between positions lo and hi (exclusive), for a trigger of ``what``.

    Looking back from a trigger, "but it", "but that" go on: "had a fever last week but it's gone".
    A negation ends soonest; someone else's, a worry's and the past reach further.
    """
    soft = what != "negated"
    for i in range(lo + 1, hi):
        w = words[i]
        if back and w in ("but", "though", "although") and set(words[i + 1 : i + 5]) & _IT:
            continue
        if soft and w == "and" and set(words[i + 1 : i + 4]) & _THEY:
            continue  # "my son is allergic to nuts and his lips swell": still the son
        if i == lo + 1 and not back and w in _VERBS:
            continue  # "do not have a pacemaker", "not feeling unwell": the negation's own verb
        if w in (_BACK_TERMINATORS if back else _SOFT_TERMINATORS if soft else _TERMINATORS):
            return True
        if w == "," and not back and what not in ("historical", "resolved") and not _a_list(words, i):
            return True  # a comma ends a reach, except in a list: "no fever, chills or sweats"
    return False


_IT_THIS = (["it"], ["this"], ["that"], ["this", "bad"], ["that", "bad"])


def _a_list(words: list[str], i: int) -> bool:
    return "or" in words[i : i + 12] or "nor" in words[i : i + 12]


def _like_it(words: list[str], b: int) -> bool:
    """ "never had a headache like it": the worst ever, not a negation."""
    after = words[b + 1 : b + 8]
    return any(
        (w == "like" and after[k + 1 : k + 2] in _IT_THIS) or after[k : k + 2] in _IT_THIS[3:]
        for k, w in enumerate(after)
    )


def _family(words: list[str], b: int) -> str | None:
    """How sure a mention of someone else is: "had", "died" make it someone's history ("family");
    present words ("now", "this morning") make it the person's own, told by a relative (None);
    anything else is "family-weak", which the screen does not let hide an emergency."""
    after = set(words[b + 1 :])
    if set(words) & _PATIENT:
        return None  # "caller reports mum had ...": the person the call is about
    if after & _ELSEWHERE:
        return "family"  # "... at my daughter's school", "I'm her carer": plainly someone else
    if after & _NOW:
        return None
    return "family" if after & _HISTORY else "family-weak"


def context_of(words: list[str], found: list[tuple[int, int, str]], positions: frozenset[int]) -> str | None:
    """What the triggers around a term say of it, the nearest trigger deciding.

    A question that holds a worry ("could the needles set off a fit?") is hypothetical throughout.
    """
    first, last = min(positions), max(positions)
    found = [p for p in found if first - _FORWARD_SOFT - 4 <= p[0] <= last + _BACKWARD + 4]
    pseudo = [(a, b) for a, b, p in found if p in PSEUDO]
    best: tuple[int, str, int] | None = None
    for a, b, phrase in found:
        if phrase in PSEUDO or any(pa <= a <= pb for pa, pb in pseudo) or any(a <= p <= b for p in positions):
            continue  # no trigger here ("not only"), or the term holds the word ("not breathing")
        if phrase == "never" and _like_it(words, b):
            continue
        for way in (">", "<"):
            rule = _TRIGGERS.get(phrase + way)
            if rule is None:
                continue
            what = rule[0]
            reach = _FORWARD if what == "negated" else _FORWARD_SOFT
            ahead = way == ">" and b < first and first - b <= reach
            inside = way == ">" and first < a and b < last and what == "negated"
            behind = way == "<" and a > last and a - last <= _BACKWARD
            if ahead and not _reach_ends(words, b, first, False, what):
                if what == "negated" and any(w in ("until", "till") for w in words[last + 1 : last + 12]):
                    continue  # "never had chest pain until today"
                distance = first - b
            elif inside and not _reach_ends(words, b, last):
                distance = 0  # between a term's words: "headache, not sudden"
            elif behind and not _reach_ends(words, last, a, True):
                distance = a - last
            else:
                continue
            # The nearest trigger decides, except that someone else's history stays someone else's.
            rank = (what != "family", distance)
            if best is None or rank < (best[1] != "family", best[0]):
                best = (distance, what, b)
    if best is None:
        worry = any(_TRIGGERS.get(p + ">", ("",))[0] == "hypothetical" for _, _, p in found)
        if words and words[-1] == "?" and worry:
            return "hypothetical"
        return None
    return _family(words, best[2]) if best[1] == "family" else best[1]
