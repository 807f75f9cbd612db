"""Every topic asked in plain words over REST gets its stored answer and source; context works."""

from __future__ import annotations

import pytest

from bot.content.loader import read_content
from bot.content.store import ContentStore
from bot.replies import fill_numbers
from tests.e2e.conftest import ROOT, Servers

pytestmark = pytest.mark.e2e

QUESTIONS = {
    "ask_what_is_net": "im newly diagnosed, what actually is a neuroendocrine tumour",
    "ask_types": "what different kinds of NET are there",
    "ask_prevalence": "how many people get these tumours",
    "ask_symptoms": "what signs and symptoms should i look out for",
    "ask_causes": "why do people get NETs",
    "ask_carcinoid_syndrome": "what is carcinoid syndrome exactly",
    "ask_diagnosis": "which tests do doctors use to find a NET",
    "ask_staging": "what do the stages of a NET mean",
    "ask_grading": "what does the grade of my tumour mean",
    "ask_treatment": "what treatments are there for NETs",
    "ask_prevention": "can a NET be prevented",
    "ask_prognosis": "what is the life expectancy with a NET",
    "ask_curability": "can a neuroendocrine tumour be cured",
    "ask_recurrence": "could it come back after surgery",
    "ask_living_with": "any tips for coping with tiredness and diarrhoea day to day",
    "ask_when_to_call_provider": "when should i ring my specialist nurse",
    "ask_emergency_signs": "what symptoms mean i should go to A&E",
    "ask_questions_for_provider": "what should i ask my oncologist at the next appointment",
}


def joined(replies: list[dict[str, object]]) -> str:
    return "\n\n".join(str(r.get("text", "")) for r in replies)


@pytest.mark.parametrize(("intent", "question"), sorted(QUESTIONS.items()))
def test_each_topic_is_answered_with_its_source(
    servers: Servers, intent: str, question: str
) -> None:
    """The topic's general answer, or one of its answer units when a unit answers the narrower
    question ("could it come back after surgery" is the follow-up-after-surgery unit)."""
    store = ContentStore()
    general = store.answer_for_intent(intent)
    assert general is not None
    units = [store.answer_for_unit(unit.id) for unit in read_content(ROOT / "content")
             .units.values() if unit.topic_id == general.topic_id]
    text = joined(servers.say(f"topic-{intent}", question))
    answered = [a for a in (general, *units) if a is not None and fill_numbers(a.text) in text]
    assert answered, text[:300]
    assert f"Sources: {answered[0].source_line}" in text


def test_site_follow_up_keeps_the_topic_and_then_the_site(servers: Servers) -> None:
    store = ContentStore()
    sender = "context-pancreas"
    general = store.answer_for_intent("ask_symptoms")
    pancreas = store.answer_for_intent("ask_symptoms", "pancreas")
    treatment = store.answer_for_intent("ask_treatment", "pancreas")
    assert general and pancreas and treatment and pancreas.site == "pancreas"
    assert fill_numbers(general.text) in joined(servers.say(sender, "what are the symptoms?"))
    assert fill_numbers(pancreas.text) in joined(servers.say(sender, "what about the pancreas?"))
    assert fill_numbers(treatment.text) in joined(servers.say(sender, "and how is it treated?"))


def test_tell_me_more_and_glossary(servers: Servers) -> None:
    store = ContentStore()
    what = store.answer_for_intent("ask_what_is_net")
    term = store.define("ki67")
    assert what and what.more and term
    servers.say("more-and-term", "what is a NET")
    assert what.more in joined(servers.say("more-and-term", "tell me more"))
    # a word with an answer unit about it gets the unit (biopsy, grade and Ki-67), else the
    # glossary
    reply = joined(servers.say("more-and-term", "what does ki-67 mean"))
    assert term.text in reply or "Ki-67" in reply
    lupus = joined(servers.say("more-and-term", "what does mitotic count mean"))
    assert "mitotic" in lupus.lower()
