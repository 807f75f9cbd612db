"""The assess() API: red flags plus body areas, symptom and fear of dying, in one pass."""

from __future__ import annotations

import pytest
import spacy

from bot.triage.catalogue import AREAS, SYMPTOM_AREA, load_catalogue
from bot.triage.detector import assess, assessment, detect


@pytest.mark.parametrize(("message", "areas"), [
    ("I've been a bit short of breath today", {"breathing"}),
    ("chest feels tight", {"chest"}),
    ("I have a temperature of 38.5", {"fever_on_treatment"}),
    ("my throat feels tight", {"allergy"}),
    ("I feel a bit dizzy after my lanreotide shot", {"consciousness"}),
    ("I feel confused", {"confusion"}),
    ("the pain is unbearable", {"severe_pain"}),
    ("there is some blood on the tissue", {"bleeding"}),
    ("my ankles have been swelling for weeks", set()),
    ("my ankles are a bit swollen and a bit breathless", {"swelling_breathless", "breathing"}),
    ("I have had diarrhoea for 3 days", set()),
])
def test_areas_of_current_reports(message: str, areas: set[str]) -> None:
    assert assess(message).areas == areas


def test_mild_breathlessness_gives_the_area_without_a_red_flag() -> None:
    result = assess("I've been a bit short of breath today")
    assert result.findings == () and result.areas == {"breathing"} and result.symptom


@pytest.mark.parametrize("message", [
    "I have had diarrhoea for 3 days",
    "I feel sick",
    "my legs ache",
    "I've been so tired this week",
    "I've got a rash on my arms",
    "bloated and crampy today",
    "I keep getting hot flushes",
])
def test_symptom_reports(message: str) -> None:
    result = assess(message)
    assert result.symptom and not result.findings and not result.fear_of_dying


@pytest.mark.parametrize("message", [
    "what are the symptoms of a NET?",
    "what causes diarrhoea with carcinoid?",
    "no diarrhoea and no pain",
    "I had diarrhoea years ago",
    "my mother had a rash",
    "how do I book an appointment",
    "I'm sick of waiting for my results",
])
def test_no_symptom_in_questions_negations_and_history(message: str) -> None:
    result = assess(message)
    assert not result.symptom and result.areas == frozenset() and result.findings == ()


@pytest.mark.parametrize("message", [
    "Am I going to die from this?",
    "What are my chances, I'm 45 with stage 4, am I going to die?",
    "I'm worried I'm going to die before my kids grow up",
    "My mum is going to die and I can't cope",
    "I'm scared I'm going to die",
    "I'm scared of dying",
    "I'm terrified of dying from this cancer",
    "will i die from this",
    "am I dying?",
    "I don't want to die",
])
def test_fear_of_dying_without_red_flag(message: str) -> None:
    result = assess(message)
    assert result.fear_of_dying and result.findings == ()


@pytest.mark.parametrize("message", [
    "I'm not scared of dying",
    "what is the survival rate for NETs?",
    "I feel like I'm dying",  # a symptom (impending doom), not a fear question
    "my phone died",
    # a plain prognosis question gets the outlook answer, not the fear reply
    "how long do I have",
    "how long does she have left?",
    "what are my chances?",
])
def test_not_fear_of_dying(message: str) -> None:
    assert not assess(message).fear_of_dying


def test_suicidal_intent_wins_over_fear() -> None:
    result = assess("I'm going to die anyway so I want to end it all")
    assert [f.red_flag for f in result.findings] == ["suicidal_thoughts"]
    assert result.fear_of_dying


def test_detect_is_the_findings_of_assess() -> None:
    for message in ("I can't breathe and my chest hurts", "I feel sick", "no chest pain"):
        assert detect(message) == list(assess(message).findings)


def test_red_flag_areas_and_symptom() -> None:
    result = assess("I'm coughing up blood and I can't breathe")
    assert {"bleeding", "breathing"} <= result.areas and result.symptom
    assert {"coughing_blood", "severe_breathlessness"} <= {f.red_flag for f in result.findings}


def test_assess_in_a_blank_pipeline() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("red_flag_detector")
    result = assessment(nlp("I've been a bit short of breath today"))
    assert result.areas == {"breathing"} and result.findings == ()
    assert assessment(nlp("I'm not short of breath")).areas == frozenset()


def test_every_symptom_concept_has_a_known_area() -> None:
    catalogue = load_catalogue()
    for concept in catalogue.concepts.values():
        assert concept.area in (*AREAS, SYMPTOM_AREA, None), concept.name
    areas = {concept.area for concept in catalogue.concepts.values()}
    assert set(AREAS) <= areas
    assert catalogue.concepts["other_symptom"].area == SYMPTOM_AREA
    assert catalogue.concepts["fear_of_dying"].area is None
    assert {"question", "hypothetical"} <= catalogue.concepts["fear_of_dying"].ignore_context
