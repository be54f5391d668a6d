"""The red-flag screen: the phrase corpus, context, over-firing, false comfort, contraindications."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from meridian import UsageError, build_graph
from meridian.context import PSEUDO
from meridian.reasoning import suggest
from meridian.report import suggest_lines
from meridian.screen import MAX_TEXT, screen

G = build_graph()
FLAGS = {f.id: f for f in G.graph["red_flags"]}
CONTRA = {c.id: c for c in G.graph["contraindications"]}
CORPUS = Path(__file__).parent / "corpus"
HALVES = ("tune", *(f"tune{n}" for n in range(2, 11)))  # the tuning corpora; screen_heldout.yaml is for the benchmark only
TUNE = [e for half in HALVES for e in yaml.safe_load((CORPUS / f"screen_{half}.yaml").read_text())]
FORMS = ("plain", "paraphrase", "misspelling", "negated", "past", "family", "hypothetical")


def raised(symptoms, **kw):
    result = screen(G, symptoms, **kw)
    return [f["id"] for f in result["red_flags"]] + [c["id"] for c in result["contraindications"]]


def test_every_sign_has_sources_and_every_form_in_the_corpus():
    for flag in FLAGS.values():
        assert flag.urgency in ("emergency", "see-doctor") and flag.action and len(flag.sources) >= 2
    for item in CONTRA.values():
        assert len(item.sources) >= 2 or item.note
    forms = {(e["sign"], e["form"]) for e in TUNE}
    for sign in set(FLAGS) - {"age"} | set(CONTRA):
        missing = [form for form in FORMS if (sign, form) not in forms]
        assert not missing, f"{sign}: no {missing} phrase in the corpus"


# Phrases where the screen errs toward raising a sign: "and" ends a worry's or a relative's reach, and
# a relative's reach ends after 14 words. Strict: once one reads right, this list must shrink.
SAFE_SIDE = {
    'my son struggles with his breathing when he has croup',
    'my uncle had a sudden ripping pain in his back and was rushed in for an aortic tear',
    'worried about getting an infection and sepsis from the needles',
    'my sister has fibromyalgia and hurts all over',
    'my friend passed out at the festival because of the heat',
    "my friend's back pain was constant and nothing eased it",
    'I worry my blood pressure could make my aorta tear one day',
    "my husband can't pass urine and he's in A&E now",
    'my sister has fibromyalgia and aches all over',
    'my son struggles with his breathing at night and is seeing the asthma nurse; i want help with my migraines',
    "my husband collapsed at work last month, he's fine now; i'm booking for my tennis elbow",
    'my sister has fibromyalgia and hurts everywhere; i just have a stiff neck',
    'flat feet, my arches have sort of collapsed and my feet ache by the evening',
    'had my flu jab yesterday and my arm is a bit tender',
    "There's been a meningitis case at my daughter's school; she's well, I'm here for my shoulder.",
    'My son had really bad sudden belly pain last night and it turned out to be appendicitis.',
    "My cousin was shot last year and I've had anxiety since.",
    'My sister has fibromyalgia and hurts all over.',
    'pins and needles in my foot when I sit cross-legged, goes as soon as I move',
    'I shiver when I come out of the pool',
    'period cramps like usual, bit worse this month',
    'lower back ache after gardening, eases with movement',
    'sweaty and breathless after my spin class, fine after a rest',
    'pins and needles in my foot when I sit cross-legged, goes quickly',
}
# Phrases the screen misses: typing slips beyond one slip or on a short word ("tearign", "otu",
# "weakenss", "bllod"; the first and last still raise another emergency sign), a sentence that
# negates its own emergency ("i don't normally get headaches but this one struck ..."), a relative's
# "had" read as history ("Mum had a funny turn ..."), and a relative's frailty. Strict as well.
MISSED = {
    "Nan is tiny and fragile, she's 93",
    "i don't normally get headaches but this one struck all at once and it's unbearable",
    'sudden tearign pain in the chest',
    'passed otu in the street an hour ago',
    'sudden weakenss left arm and leg',
    'coughing up bllod and short of breath',
    'Mum had a funny turn and went down in the kitchen',
}
_SAFE = pytest.mark.xfail(strict=True, reason="errs toward raising the sign")
_MISSED = pytest.mark.xfail(strict=True, reason="a known miss")
CASES = [
    pytest.param(e, marks=_SAFE) if e["text"] in SAFE_SIDE else pytest.param(e, marks=_MISSED) if e["text"] in MISSED else e
    for e in TUNE
]


@pytest.mark.parametrize("entry", CASES, ids=lambda e: f"{e['sign']}-{e['form']}-{e['text'][:30]}")
def test_the_tuning_corpus(entry):
    """Each phrase raises its sign, or (negated, past, family, hypothetical, ordinary) does not."""
    got = raised([entry["text"], *entry.get("with", [])])
    if entry["sign"] is None:
        assert got == []
    elif entry["raises"]:
        assert entry["sign"] in got
    else:
        assert entry["sign"] not in got


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("denies chest pain", "negated"),
        ("negative for fever", "negated"),
        ("no longer has chest pain", "resolved"),
        ("had a fever last week but it's gone", "resolved"),
        ("history of angina", "historical"),
        ("father had a heart attack", "family"),
        ("worried it might be a stroke", "hypothetical"),
    ],
)
def test_context_is_read_and_said(text, why):
    result = screen(G, [text])
    assert result["red_flags"] == [] and text not in result["unrecognised"]
    assert why in {c["why"] for c in result["context"] if c["symptom"] == text}


@pytest.mark.parametrize(
    "text",
    ["not only chest pain but also nausea", "no relief from the chest pain", "never had chest pain until today",
     "no fever, chest pain since this morning", "no fever and chest pain"],
)  # fmt: skip
def test_a_negation_does_not_swallow_a_sign(text):
    assert "heart_attack" in raised([text])


def test_an_emergency_by_its_plain_name():
    for text in ("heart attack", "angina", "lost consciousness", "legs gave way", "a stroke"):
        assert screen(G, [text])["emergency"], text


def test_no_over_firing_on_age_days_and_sweating():
    assert raised([], age=60) == [] and raised([], age=60, back=True) == ["age"]
    assert "age" in raised(["my back has been sore for a week"], age=60)
    assert raised(["bloating after meals"], days=30) == []
    assert "not_improving" in raised(["pain in my hip"], days=30)
    assert raised(["sweating"]) == [] and screen(G, ["sweating"])["ask"][0]["symptom"] == "sweating"
    assert "heart_attack" in raised(["sweating", "tight chest"])
    assert raised(["calf swollen and hot"]) == ["dvt"]  # a clot in the leg, not in the lung


def test_a_denied_sign_is_no_half_of_a_pair():
    result = screen(G, ["my chest doesn't hurt"])
    assert result["red_flags"] == [] and result["ask"] == []
    assert ("heart_attack", "negated") in {(c["id"], c["why"]) for c in result["context"]}


def test_a_fever_with_a_stiff_neck_is_an_emergency():
    assert raised(["stiff neck"]) == []
    assert screen(G, ["stiff neck", "slight fever"])["red_flags"][0]["id"] == "meningitis"


def test_no_false_comfort():
    said = suggest_lines(suggest(G, ["T3:1.5"], symptoms=["bloating after meals"]))
    assert not any("No warning sign" in line for line in said)
    assert any(line.startswith("NOT SCREENED") and "bloating after meals" in line for line in said)
    nothing = suggest_lines(suggest(G, ["T3:1.5"]))
    assert any("none was screened" in line for line in nothing)


def test_contraindications_withhold_points_and_techniques():
    result = suggest(G, ["BL60", "T5:1.5"], symptoms=["12 weeks pregnant", "has a pacemaker", "on warfarin"])
    assert [c["id"] for c in result["contraindications"]] == ["pregnancy", "anticoagulant", "implanted_device"]
    bl60 = result["findings"][0]["reached"][0]
    assert bl60["code"] == "BL60" and bl60["withheld"] == ["Pregnancy"]
    techniques = {t["id"]: t for t in result["imbalances"][0]["techniques"]}
    assert techniques["electroacupuncture"]["withheld"]
    assert any("Blood-thinning" in w for w in techniques["guasha_cupping"]["warnings"])
    lines = suggest_lines(result)
    assert "   WITHHELD Electroacupuncture: A pacemaker or another implanted electrical device" in lines
    assert not result["treatment_withheld"]  # the reading is still shown
    assert "pregnancy" in raised([], pregnant=True)


def test_bad_input_is_refused():
    with pytest.raises(UsageError, match="too long"):
        screen(G, ["pain " * (MAX_TEXT // 4)])
    with pytest.raises(UsageError, match="empty symptom"):
        screen(G, ["  "])


def _spell(term: str, pick: random.Random) -> str:
    """A term as a person could write it: one word of each group, literal words as they stand."""
    words = []
    for word in term.split():
        choice = pick.choice(G.graph["symptom_words"][word]) if word.isupper() else word.replace("+", " ")
        words.append(choice.replace("*", "").replace("=", ""))
    return " ".join(words)


_NEGATIONS = ("no", "denies", "negative for", "without", "never had", "no history of")
_TRIGGER_WORDS = {"no", "not", "never", "cannot", "without", "nothing", "none", "unable", "stop", "stopped",
                  "and", "with", "has", "have", "now", "since", "old", "past", "free", "normal", "fine"}  # fmt: skip
_TERMS = sorted(
    (flag.id, term)
    for flag in G.graph["red_flags"]
    for term in flag.terms
    if not set(term.lower().replace("+", " ").split()) & _TRIGGER_WORDS
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_TERMS), st.sampled_from(_NEGATIONS), st.randoms(use_true_random=False))
def test_negating_a_trigger_never_raises_it(sign_term, negation, pick):
    sign, term = sign_term
    phrase = _spell(term, pick)
    if set(phrase.split()) & _TRIGGER_WORDS:
        return  # a group word that is itself a trigger word ("cannot lift") reads otherwise
    said = f"{negation} {phrase}".split()
    if " ".join(said[len(negation.split()) - 1 :][:2]) in PSEUDO:
        return  # "no better dead": "no better" is a phrase of its own, not a negation
    assert sign not in raised([f"{negation} {phrase}"]), phrase
