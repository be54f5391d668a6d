"""The red-flag screen: every warning sign by a phrase, a synonym and a negation; days and age."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meridian import UsageError, build_graph
from meridian.screen import screen, term_matches

FLAGS = build_graph().graph["red_flags"]
BY_ID = {f.id: f for f in FLAGS}

# For every flag: a phrase as a patient says it, a synonym, and the same sign negated.
CASES = {
    "heart_attack": ("Crushing pain in the chest", "pain spreading into my left arm", "denies chest pain"),
    "aortic_dissection": (
        "sudden tearing pain in the back",
        "a ripping feeling between the shoulder blades",
        "no tearing pain",
    ),
    "pulmonary_embolism": ("coughing up blood", "suddenly breathless", "without coughing blood"),
    "cord_compression": ("numbness in the saddle area", "my legs feel weak", "bladder control normal"),
    "fracture": ("fell down the stairs last week", "has osteoporosis", "no fall or injury"),
    "cancer": ("history of breast cancer", "the pain wakes her at night", "no history of cancer"),
    "infection": ("has a fever", "chills and shivering", "no fever"),
    "not_improving": ("pain not getting better", "the ache persists", "the pain no longer persists"),
    "numbness": ("tingling in the fingers", "pins and needles in both feet", "without numbness"),
    "worsening": ("the pain is getting worse", "muscle spasms in the back", "no worse than last week"),
    "new_symptoms": ("trouble with the bowels", "losing weight", "bowel and bladder normal"),
}


def raised(symptoms, **kw):
    return [f["id"] for f in screen(FLAGS, symptoms, **kw)["red_flags"]]


def test_every_flag_has_cases_and_two_sources():
    assert set(CASES) | {"age"} == set(BY_ID)
    for flag in FLAGS:
        assert flag.urgency in ("emergency", "see-doctor") and flag.action
        assert len(flag.sources) >= 2


@pytest.mark.parametrize("flag", sorted(CASES))
def test_phrase_synonym_and_negation(flag):
    phrase, synonym, negated = CASES[flag]
    assert flag in raised([phrase])
    assert flag in raised([synonym])
    assert flag not in raised([negated])
    result = screen(FLAGS, [negated])
    assert negated not in result["unrecognised"]  # understood, as absent


@pytest.mark.parametrize(
    "flag", ["heart_attack", "aortic_dissection", "pulmonary_embolism", "cord_compression"]
)
def test_the_dangerous_signs_are_emergencies(flag):
    assert BY_ID[flag].urgency == "emergency"


def test_the_first_users_case_is_an_emergency_before_anything_else():
    result = screen(
        FLAGS, ["crushing chest pain", "shortness of breath", "pain into left arm and jaw", "sweating"]
    )
    assert result["emergency"] and result["red_flags"][0]["id"] == "heart_attack"
    assert result["unrecognised"] == []


@pytest.mark.parametrize(
    ("said", "flags"),
    [
        (["night pain", "history of cancer", "a fall", "leg weakness", "saddle numbness"],
         {"cancer", "fracture", "cord_compression"}),
        (["no fever", "denies chest pain", "without numbness", "bowel and bladder normal"], set()),
        (["no fever and chest pain"], {"heart_attack"}),  # "and" ends the reach of the negation
        (["No chest pain, but short of breath"], {"heart_attack"}),
        (["Normal bowel habits"], set()),
    ],
)  # fmt: skip
def test_negation_reaches_only_its_own_part(said, flags):
    assert flags <= set(raised(said))
    if not flags:
        assert raised(said) == []


def test_emergencies_come_first():
    ids = raised(["tingling in the hands", "coughing up blood"])
    assert ids[0] == "pulmonary_embolism"


def test_days_and_age_raise_their_flags_with_what_raised_them():
    result = screen(FLAGS, [], days=8, age=55)
    assert {f["id"]: f["matched"] for f in result["red_flags"]} == {
        "age": ["--age 55"],
        "not_improving": ["--days 8"],
    }
    assert raised([], days=6, age=35) == []
    assert raised([], age=17) == ["age"]
    assert raised([], age=50) == [] and raised([], age=20) == []


def test_unmatched_symptoms_are_reported_in_order():
    result = screen(FLAGS, ["stiff neck", "tingling", "tired"])
    assert result["unrecognised"] == ["stiff neck", "tired"]


@pytest.mark.parametrize("bad", [{"days": -1}, {"days": 1.5}, {"age": 131}, {"age": True}])
def test_bad_numbers_are_usage_errors(bad):
    with pytest.raises(UsageError):
        screen(FLAGS, [], **bad)


def _phrases():
    return [(flag.id, term.replace("*", "")) for flag in FLAGS for term in flag.terms]


@pytest.mark.parametrize(("flag", "phrase"), _phrases())
def test_every_term_raises_its_flag_and_no_before_it_never_does(flag, phrase):
    assert flag in raised([phrase])
    assert flag not in raised([f"no {phrase}"])


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(_phrases()),
    st.sampled_from(["no", "No", "denies", "without", "not", "never had"]),
    st.sampled_from(["", "any ", "signs of ", "history of "]),
    st.sampled_from(["", " today", " at all", "."]),
)
def test_a_negated_trigger_never_raises_its_flag(pair, cue, filler, tail):
    flag, phrase = pair
    text = f"{cue} {filler}{phrase}{tail}"
    assert flag not in raised([text]), text


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=60).filter(lambda s: s.strip()))
def test_any_text_is_either_flagged_absent_or_unrecognised(text):
    result = screen(FLAGS, [text])
    flagged = any(text in f["matched"] for f in result["red_flags"])
    absent = any(a["symptom"] == text for a in result["absent"])
    assert flagged or absent or result["unrecognised"] == [text]


def test_term_matches_is_case_and_punctuation_blind():
    assert term_matches("chest pain*", "CHEST-PAIN!!") is True
    assert term_matches("cant breathe", "I can't breathe") is True
