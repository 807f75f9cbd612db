"""The action-server fallback policy on real trackers and the project's domain."""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest
import rasa.core.actions.action
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.policies import UNAVAILABLE_RESPONSE, ActionServerFallbackPolicy
from tests.conftest import PROJECT_ROOT

DOMAIN = Domain.load(PROJECT_ROOT / "domain.yml")


@pytest.fixture
def policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ActionServerFallbackPolicy:
    monkeypatch.setenv("NET_ACTION_TIMEOUT_SECONDS", "3")
    monkeypatch.setattr(rasa.core.actions.action, "DEFAULT_REQUEST_TIMEOUT", 300)
    return ActionServerFallbackPolicy.create(
        {**ActionServerFallbackPolicy.get_default_config()}, LocalModelStorage(tmp_path),
        Resource("fallback"), ExecutionContext(GraphSchema({}), "test"))


def tracker(*events: Event) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("policy-test", list(events), DOMAIN.slots)


def predicted(policy: ActionServerFallbackPolicy, events: List[Event]) -> str | None:
    prediction = policy.predict_action_probabilities(tracker(*events), DOMAIN)
    if prediction.max_confidence == 0:
        return None
    assert prediction.is_no_user_prediction  # wins over the rule that would just listen
    return DOMAIN.action_names_or_texts[prediction.max_confidence_index]


def live_question() -> UserUttered:
    return UserUttered("what is a NET?", {"name": "ask_what_is_net", "confidence": 1.0},
                       message_id="m1")


def test_a_custom_action_that_left_nothing_gets_the_unavailable_reply(
        policy: ActionServerFallbackPolicy) -> None:
    events: List[Event] = [ActionExecuted("action_listen"), live_question(),
                           ActionExecuted("action_answer_topic", policy="RulePolicy")]
    assert predicted(policy, events) == UNAVAILABLE_RESPONSE


def test_an_answered_turn_is_left_alone(policy: ActionServerFallbackPolicy) -> None:
    events: List[Event] = [ActionExecuted("action_listen"), live_question(),
                           ActionExecuted("action_answer_topic"), BotUttered("A NET is ..."),
                           SlotSet("topic", "what_is_net")]
    assert predicted(policy, events) is None


def test_an_action_that_only_set_slots_is_left_alone(policy: ActionServerFallbackPolicy) -> None:
    events: List[Event] = [ActionExecuted("action_listen"), live_question(),
                           ActionExecuted("action_answer_topic"), SlotSet("topic", "x")]
    assert predicted(policy, events) is None


def test_the_emergency_message_is_enough(policy: ActionServerFallbackPolicy) -> None:
    """utter_emergency needs no action server; the failed escalation action adds nothing."""
    events: List[Event] = [
        ActionExecuted("action_listen"),
        UserUttered("he collapsed", {"name": "report_emergency", "confidence": 1.0},
                    message_id="m2"),
        ActionExecuted("utter_emergency"), BotUttered("This could be a medical emergency."),
        ActionExecuted("action_escalate_emergency")]
    assert predicted(policy, events) is None


def test_utterances_and_listening_are_left_alone(policy: ActionServerFallbackPolicy) -> None:
    assert predicted(policy, [ActionExecuted("action_listen"), live_question(),
                              ActionExecuted("utter_greet")]) is None
    assert predicted(policy, [ActionExecuted("action_listen")]) is None
    assert predicted(policy, []) is None


def test_story_turns_evaluated_by_rasa_test_are_left_alone(
        policy: ActionServerFallbackPolicy) -> None:
    """Stories hold actions without their replies; their user turns carry no message id."""
    story_turn = UserUttered(None, {"name": "ask_what_is_net", "confidence": 1.0})
    events: List[Event] = [ActionExecuted("action_listen"), story_turn,
                           ActionExecuted("action_answer_topic")]
    assert predicted(policy, events) is None


def test_loading_the_policy_bounds_action_calls(policy: ActionServerFallbackPolicy) -> None:
    assert rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT == 3.0  # type: ignore[attr-defined]


def test_training_leaves_nothing_to_load(policy: ActionServerFallbackPolicy) -> None:
    assert policy.train([], DOMAIN) == Resource("fallback")
