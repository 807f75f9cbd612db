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


@pytest.mark.parametrize(("trust", "expected"), [(False, "ask_symptoms"),
                                                  (True, "report_emergency")])
def test_unconfirmed_classifier_emergency(tmp_path: Any, trust: bool, expected: str) -> None:
    message = _message("what happens in a carcinoid crisis?", "report_emergency", 0.6)
    [processed] = _create(tmp_path, trust_classifier=trust).process([message])
    assert processed.get("intent")["name"] == expected
    assert _red_flags(processed) == []


def test_unconfirmed_emergency_is_dropped_behind_a_fallback(tmp_path: Any) -> None:
    ranking = [{"name": "nlu_fallback", "confidence": 0.4},
               {"name": "report_emergency", "confidence": 0.31},
               {"name": "ask_causes", "confidence": 0.3}]
    message = Message(data={"text": "can i pass my net on to my children", "intent": ranking[0],
                            "intent_ranking": ranking, "entities": []})
    [processed] = _create(tmp_path).process([message])
    assert processed.get("intent")["name"] == "nlu_fallback"
    assert [r["name"] for r in processed.get("intent_ranking")] == ["nlu_fallback", "ask_causes"]


def test_default_does_not_trust_the_classifier() -> None:
    assert RedFlagDetector.get_default_config() == {"trust_classifier": False}
