"""The cached action-reply validation accepts and rejects exactly what Rasa's own one does."""

from __future__ import annotations

from typing import Any, Dict

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

import bot.tracker_store  # noqa: F401  (applies the speed-up, as the Rasa server does)
from bot import rasa_speedups

REPLIES: list[Dict[str, Any]] = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "topic", "value": "staging"}],
     "responses": [{"text": "hello"}]},
    {"events": [{"event": "followup", "name": "action_listen"}]},
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"name": "topic"}]},
    {"responses": ["text"]},
    [],
]


@pytest.mark.parametrize("reply", REPLIES)
def test_same_verdict_as_jsonschema(reply: Dict[str, Any]) -> None:
    action = RemoteAction("action_answer_topic", None)
    assert RemoteAction._validate_action_result is rasa_speedups._validate_action_result
    try:
        jsonschema.validate(reply, RemoteAction.action_response_format_spec())
    except jsonschema.ValidationError as expected:
        with pytest.raises(jsonschema.ValidationError) as raised:
            action._validate_action_result(reply)
        assert raised.value.message.startswith(expected.message)
        assert "Failed to validate Action server response" in raised.value.message
    else:
        assert action._validate_action_result(reply) is True
