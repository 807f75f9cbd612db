"""action_answer_topic and action_define_term against the real domain and a real tracker."""

from __future__ import annotations

import asyncio
from typing import Any, Dict

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer_topic import ActionAnswerTopic
from actions.define_term import ActionDefineTerm
from tests.actions.conftest import make_tracker


def site(value: str) -> Dict[str, Any]:
    return {"entity": "body_site", "value": value, "start": 0, "end": 1}


def run(action: Any, tracker: Any, domain: Dict[str, Any]) -> Any:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return dispatcher.messages, events


def test_answer_sends_text_source_and_buttons(domain: Dict[str, Any]) -> None:
    messages, events = run(
        ActionAnswerTopic(), make_tracker("what is a net", "ask_what_is_net"), domain)
    assert messages[0]["text"].startswith("A NET is a tumor")
    assert messages[1]["text"] == "Sources: [Example Clinic, 2024](https://example.org/net)"
    titles = [b["title"] for b in messages[1]["buttons"]]
    assert titles == ["Tell me more", "Symptoms", "Sources", "👍 Helpful", "👎 Not helpful"]
    assert SlotSet("topic", "what_is_net") in events
    assert SlotSet("content_id", "what_is_net") in events


def test_site_from_entity_then_from_remembered_slot(domain: Dict[str, Any]) -> None:
    messages, _ = run(ActionAnswerTopic(), make_tracker(
        "pancreatic net symptoms", "ask_symptoms", [site("pancreas")]), domain)
    assert "pancreatic" in messages[0]["text"]
    messages, events = run(ActionAnswerTopic(), make_tracker(
        "what about the pancreas", "inform_body_site", [site("pancreas")],
        {"topic": "symptoms"}), domain)
    assert "pancreatic" in messages[0]["text"]
    assert SlotSet("content_id", "symptoms@pancreas") in events


def test_missing_site_variant_says_so_then_answers(domain: Dict[str, Any]) -> None:
    messages, _ = run(ActionAnswerTopic(), make_tracker(
        "lung net symptoms", "ask_symptoms", [site("lung")]), domain)
    assert "lung" in messages[0]["text"]
    assert messages[1]["text"].startswith("Many NETs cause no symptoms")


def test_tell_me_more_follows_the_remembered_topic(domain: Dict[str, Any]) -> None:
    messages, _ = run(ActionAnswerTopic(), make_tracker(
        "tell me more", "ask_more", slots={"topic": "what_is_net"}), domain)
    assert messages[0]["text"].startswith("These cells act like")
    messages, _ = run(ActionAnswerTopic(), make_tracker(
        "more", "ask_more", slots={"topic": "symptoms"}), domain)
    assert messages[0]["text"].startswith("That's all I have")


def test_follow_up_without_topic_asks_which(domain: Dict[str, Any]) -> None:
    messages, events = run(ActionAnswerTopic(), make_tracker("tell me more", "ask_more"),
                                 domain)
    assert messages[0]["text"].startswith("Which topic") and events == []


@pytest.mark.parametrize("entity", [None, "ki67"])
def test_define_term_by_entity_or_text(domain: Dict[str, Any], entity: str | None) -> None:
    entities = [{"entity": "term", "value": entity}] if entity else []
    messages, events = run(ActionDefineTerm(), make_tracker(
        "what does ki 67 mean", "define_term", entities), domain)
    assert messages[0]["text"].startswith("A test that shows")
    assert SlotSet("content_id", "term:ki_67") in events


def test_unknown_term_is_said_plainly(domain: Dict[str, Any]) -> None:
    messages, _ = run(ActionDefineTerm(), make_tracker(
        "what is a flibbertigibbet", "define_term"), domain)
    assert messages[0]["text"].startswith("Sorry, I don't have that word")


def test_close_intents_get_did_you_mean_buttons(domain: Dict[str, Any]) -> None:
    from actions.fallback import ActionClarifyIntent

    tracker = make_tracker("symptoms or what it is", "nlu_fallback")
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.4},
        {"name": "ask_symptoms", "confidence": 0.31},
        {"name": "ask_what_is_net", "confidence": 0.29},
        {"name": "ask_types", "confidence": 0.1},
    ]
    messages, _ = run(ActionClarifyIntent(), tracker, domain)
    assert messages[0]["text"].startswith("I'm not sure I understood")
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/ask_symptoms", "/ask_what_is_net"]


def test_unclear_message_without_a_topic_asks_to_rephrase(domain: Dict[str, Any]) -> None:
    from actions.fallback import ActionClarifyIntent, ActionDefaultFallback

    tracker = make_tracker("blorp", "nlu_fallback")
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.4}, {"name": "greet", "confidence": 0.2},
        {"name": "out_of_scope", "confidence": 0.1}, {"name": "ask_symptoms", "confidence": 0.1}]
    messages, _ = run(ActionClarifyIntent(), tracker, domain)
    assert messages[0]["text"].startswith("Sorry, I didn't understand")
    messages, events = run(ActionDefaultFallback(), tracker, domain)
    assert messages[0]["text"].startswith("Sorry, I didn't understand") and events


def test_symptom_report_gets_same_day_advice_or_a_pointer(domain: Dict[str, Any]) -> None:
    from actions.respond_to_symptom import ActionRespondToSymptom

    messages, _ = run(ActionRespondToSymptom(), make_tracker(
        "my diarrhea is getting worse every day", "report_symptom"), domain)
    assert "contact your care team today" in messages[0]["text"]
    messages, _ = run(ActionRespondToSymptom(), make_tracker(
        "my hair is thinning", "report_symptom"), domain)
    assert "contact your care team today" not in messages[0]["text"]
    assert messages[0]["text"].startswith("Thank you for telling me")
    safety_net = "If this is severe, sudden or you are worried, call 911 now."
    assert messages[0]["text"].endswith(safety_net)


def test_no_to_the_check_answers_the_message_before_it(domain: Dict[str, Any]) -> None:
    from actions.respond_to_symptom import ActionRespondToSymptom

    tracker = make_tracker("no", "deny")
    report = {"text": "my diarrhea is getting worse every day",
              "intent": {"name": "report_possible_emergency"}}
    tracker.events[-1:-1] = [{"event": "user", "text": report["text"], "parse_data": report},
                             {"event": "bot", "text": "Is this happening now?"}]
    messages, _ = run(ActionRespondToSymptom(), tracker, domain)
    assert "contact your care team today" in messages[0]["text"]
    assert "call 911 now" in messages[0]["text"]


def test_a_settled_hypo_gets_the_fast_sugar_advice(domain: Dict[str, Any]) -> None:
    from actions.respond_to_symptom import ActionRespondToSymptom

    messages, _ = run(ActionRespondToSymptom(), make_tracker(
        "i had a hypo, i was shaky and sweaty but i ate some sugar and feel fine now",
        "report_symptom"), domain)
    assert "contact your care team today" in messages[0]["text"]
    assert "fast sugar" in messages[0]["text"]


def test_personal_advice_gets_general_information_not_a_decision(domain: Dict[str, Any]) -> None:
    from actions.guide_personal_question import ActionGuidePersonalQuestion

    tracker = make_tracker("should i have the surgery for my pancreatic net",
                           "ask_personal_advice", [site("pancreas")])
    tracker.latest_message["intent_ranking"] = [
        {"name": "ask_personal_advice", "confidence": 0.6},
        {"name": "ask_symptoms", "confidence": 0.2},
        {"name": "greet", "confidence": 0.1},
    ]
    messages, events = run(ActionGuidePersonalQuestion(), tracker, domain)
    assert "pancreatic" in messages[0]["text"]  # the general information that applies
    assert events == [SlotSet("person", None)]


def test_first_reply_of_a_conversation_introduces_the_assistant(domain: Dict[str, Any]) -> None:
    tracker = make_tracker("what is a net", "ask_what_is_net")
    messages, _ = run(ActionAnswerTopic(), tracker, domain)
    assert messages[0]["text"].startswith("A NET is a tumor")  # greeted already
    del tracker.events[1]  # no bot message since the session started
    messages, _ = run(ActionAnswerTopic(), tracker, domain)
    assert "not a doctor" in messages[0]["text"]
    assert messages[1]["text"].startswith("A NET is a tumor")


def test_one_close_topic_is_offered_alone(domain: Dict[str, Any]) -> None:
    from actions.fallback import ActionClarifyIntent

    tracker = make_tracker("what are the symptoms?", "nlu_fallback")
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.3}, {"name": "ask_symptoms", "confidence": 0.4},
        {"name": "out_of_scope", "confidence": 0.33}]
    messages, _ = run(ActionClarifyIntent(), tracker, domain)
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/ask_symptoms"]


def test_what_does_that_word_mean_offers_the_words_of_the_last_answer(
    domain: Dict[str, Any], monkeypatch: Any
) -> None:
    from sqlalchemy.orm import sessionmaker

    from bot.content.db import make_engine
    from bot.content.loader import read_content, write_content
    from bot.content.store import ContentStore
    from bot.settings import PROJECT_ROOT

    sessions = sessionmaker(make_engine("sqlite://"), future=True, expire_on_commit=False)
    write_content(read_content(PROJECT_ROOT / "content"), sessions)
    monkeypatch.setattr("actions.common.STORE", ContentStore(sessions))
    messages, _ = run(ActionDefineTerm(), make_tracker(
        "what does that word mean", "define_term", slots={"content_id": "grading"}), domain)
    assert messages[0]["text"] == "Which word would you like me to explain?"
    assert '/define_term{"term": "ki_67"}' in [b["payload"] for b in messages[0]["buttons"]]


def test_a_short_follow_up_is_answered_in_the_context_of_the_last_answer(
        domain: Dict[str, Any]) -> None:
    tracker = make_tracker("side effects?", "ask_symptoms",
                           slots={"content_id": "what_is_net", "topic": "what_is_net"})
    tracker.latest_message["answer_units"] = [
        {"id": "topic:symptoms", "score": 0.30}, {"id": "lanreotide_side_effects", "score": 0.27}]
    messages, events = run(ActionAnswerTopic(), tracker, domain)
    # the unit lists what_is_net as related in the tiny content, the topic does not
    assert messages[0]["text"].startswith("Lanreotide can cause")
    assert SlotSet("content_id", "lanreotide_side_effects") in events


def test_a_relative_is_named_and_remembered(domain: Dict[str, Any]) -> None:
    tracker = make_tracker("my mum has a net, what is it", "ask_what_is_net")
    messages, events = run(ActionAnswerTopic(), tracker, domain)
    assert messages[0]["text"].startswith("About your mum:")
    assert SlotSet("person", "mum") in events
    follow = make_tracker("what are the symptoms", "ask_symptoms", slots={"person": "mum"})
    messages, _ = run(ActionAnswerTopic(), follow, domain)
    assert messages[0]["text"].startswith("About your mum:")
    mine = make_tracker("I have a net, what are the symptoms", "ask_symptoms",
                        slots={"person": "mum"})
    messages, events = run(ActionAnswerTopic(), mine, domain)
    assert not messages[0]["text"].startswith("About your") and SlotSet("person", None) in events


def test_the_words_button_offers_the_words_the_last_answer_left_unexplained(
    domain: Dict[str, Any], monkeypatch: Any
) -> None:
    from sqlalchemy.orm import sessionmaker

    from bot import replies
    from bot.content.db import make_engine
    from bot.content.loader import read_content, write_content
    from bot.content.store import ContentStore
    from bot.settings import PROJECT_ROOT

    sessions = sessionmaker(make_engine("sqlite://"), future=True, expire_on_commit=False)
    write_content(read_content(PROJECT_ROOT / "content"), sessions)
    content = ContentStore(sessions)
    monkeypatch.setattr("actions.common.STORE", content)
    answer = content.answer_for_unit("treatment_when_spread")
    assert answer is not None
    buttons = replies.answer_messages(content, answer)[1]["buttons"]
    assert {"title": "What do these words mean?", "payload": "/define_term"} in buttons
    unexplained = content.terms_to_explain(answer.text)
    assert unexplained
    messages, _ = run(ActionDefineTerm(), make_tracker(
        "/define_term", "define_term", slots={"content_id": "treatment_when_spread"}), domain)
    offered = [b["title"] for b in messages[0]["buttons"]]
    assert offered == [name for _, name in content.terms_to_explain(
        content.text_of("treatment_when_spread"))]
