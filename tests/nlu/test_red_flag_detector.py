"""The Rasa component: create, then process Message objects (as rasa-nlu-examples test them)."""

from __future__ import annotations

from typing import Any, Dict

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.red_flag_detector import RedFlagDetector


def _create(tmp_path: Any, **config: Any) -> RedFlagDetector:
    return RedFlagDetector.create(
        {**RedFlagDetector.get_default_config(), **config},
        LocalModelStorage(tmp_path),
        Resource("red_flag_detector"),
        ExecutionContext(graph_schema=None, model_id="test"),  # type: ignore[arg-type]
    )


def _message(text: str, intent: str, confidence: float = 0.9) -> Message:
    ranking = [
        {"name": intent, "confidence": confidence},
        {"name": "ask_symptoms", "confidence": 1 - confidence},
    ]
    return Message(data={"text": text, "intent": ranking[0], "intent_ranking": ranking,
                         "entities": []})


def _red_flags(message: Message) -> list[Dict[str, Any]]:
    return [e for e in message.get("entities") if e["entity"] == "red_flag"]


def test_red_flag_adds_entity_and_overrides_intent(tmp_path: Any) -> None:
    message = _message("i'm throwing up blood, is it my net?", "ask_symptoms")
    [processed] = _create(tmp_path).process([message])
    [entity] = _red_flags(processed)
    assert entity["value"] == "gi_bleeding"
    assert entity["extractor"] == "RedFlagDetector"
    assert processed.get("text")[entity["start"]:entity["end"]] == "throwing up blood"
    assert processed.get("intent") == {"name": "report_emergency", "confidence": 1.0}
    ranking = processed.get("intent_ranking")
    assert ranking[0] == {"name": "report_emergency", "confidence": 1.0}
    assert [r["name"] for r in ranking].count("report_emergency") == 1


def test_negated_message_is_left_alone(tmp_path: Any) -> None:
    message = _message("no chest pain and I did not faint", "report_symptom")
    [processed] = _create(tmp_path).process([message])
    assert _red_flags(processed) == []
    assert processed.get("intent")["name"] == "report_symptom"


def _entities(message: Message, name: str) -> list[Any]:
    return [e["value"] for e in message.get("entities") if e["entity"] == name]


def test_urgency_entity_names_the_message_to_send(tmp_path: Any) -> None:
    [crisis] = _create(tmp_path).process([_message("i want to kill myself", "greet")])
    assert _entities(crisis, "urgency") == ["crisis_line"]
    [fever] = _create(tmp_path).process(
        [_message("i have a fever of 39 and i had chemo last week", "ask_treatment")])
    assert _entities(fever, "urgency") == ["call_team_now"]
    assert fever.get("triage")["layer"] == "rules"


def test_a_red_flag_area_gets_the_check(tmp_path: Any) -> None:
    [processed] = _create(tmp_path).process(
        [_message("i feel a bit breathless", "nlu_fallback", 0.3)])
    assert processed.get("intent") == {"name": "report_possible_emergency", "confidence": 1.0}
    assert _entities(processed, "red_flag_area") == ["breathing"]
    assert _red_flags(processed) == []


def test_fear_of_dying_is_not_the_crisis_line(tmp_path: Any) -> None:
    [processed] = _create(tmp_path).process([_message("am i going to die from this?",
                                                      "ask_prognosis")])
    assert processed.get("intent")["name"] == "express_fear"
    assert _red_flags(processed) == [] and _entities(processed, "urgency") == []


@pytest.mark.parametrize("intent", ["nlu_fallback", "out_of_scope"])
def test_a_symptom_is_never_brushed_off(tmp_path: Any, intent: str) -> None:
    [processed] = _create(tmp_path).process([_message("i've had diarrhoea for 3 days", intent)])
    assert processed.get("intent")["name"] == "report_symptom"


@pytest.mark.parametrize(("vote", "intent"), [("emergency", "report_emergency"),
                                              ("check", "report_possible_emergency")])
def test_the_learned_vote_is_used(tmp_path: Any, vote: str, intent: str) -> None:
    message = _message("something is really wrong with him", "nlu_fallback", 0.3)
    message.set("urgency", {"probability": 0.9, "vote": vote})
    [processed] = _create(tmp_path).process([message])
    assert processed.get("intent")["name"] == intent
    assert processed.get("triage")["layer"] == "classifier"


def test_the_classifier_alone_never_claims_an_emergency(tmp_path: Any) -> None:
    message = _message("what happens in a carcinoid crisis?", "report_emergency", 0.6)
    [processed] = _create(tmp_path).process([message])
    assert processed.get("intent")["name"] == "ask_symptoms"
    assert _red_flags(processed) == []


def test_guessed_safety_entities_are_dropped(tmp_path: Any) -> None:
    message = _message("what is a net", "ask_what_is_net")
    message.set("entities", [{"entity": "urgency", "value": "crisis_line"},
                             {"entity": "body_site", "value": "lung"}])
    [processed] = _create(tmp_path).process([message])
    assert [e["entity"] for e in processed.get("entities")] == ["body_site"]


def test_unconfirmed_emergency_is_dropped_behind_a_fallback(tmp_path: Any) -> None:
    ranking = [{"name": "nlu_fallback", "confidence": 0.4},
               {"name": "report_emergency", "confidence": 0.31},
               {"name": "report_possible_emergency", "confidence": 0.305},
               {"name": "ask_causes", "confidence": 0.3}]
    message = Message(data={"text": "can i pass my net on to my children", "intent": ranking[0],
                            "intent_ranking": ranking, "entities": []})
    [processed] = _create(tmp_path).process([message])
    assert processed.get("intent")["name"] == "nlu_fallback"
    assert [r["name"] for r in processed.get("intent_ranking")] == ["nlu_fallback", "ask_causes"]


def test_there_is_nothing_to_configure() -> None:
    assert RedFlagDetector.get_default_config() == {}


@pytest.mark.parametrize("text", ["/ask_more", "/greet@0.9", '/rate_answer{"rating": "up"}',
                                  '/define_term{"term": "ki_67"}'])
def test_a_buttons_payload_is_not_read(tmp_path: Any, text: str) -> None:
    from bot.nlu.red_flag_detector import is_payload

    assert is_payload(text)
    [processed] = _create(tmp_path).process([_message(text, "greet")])
    assert processed.get("text") == text and not _red_flags(processed)


@pytest.mark.parametrize("text", ["/greet{}I have crushing chest pain and cannot breathe",
                                  "/help I have crushing chest pain and cannot breathe",
                                  "//greet crushing chest pain and i cannot breathe"])
def test_typed_text_after_a_slash_is_read_and_kept_from_the_payload_handler(
        tmp_path: Any, text: str) -> None:
    """Security review L6: Rasa's payload handler, which runs after this component, turned
    "/greet{}<an emergency>" into a greeting with no red flag."""
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

    from bot.nlu.red_flag_detector import is_payload

    assert not is_payload(text)
    [processed] = _create(tmp_path).process([_message(text, "greet")])
    assert "chest_pain" in [e["value"] for e in _red_flags(processed)]
    assert not processed.get("text").startswith("/")
    handled = YAMLStoryReader.unpack_regex_message(processed)
    assert handled.get("intent")["name"] == "report_emergency"
