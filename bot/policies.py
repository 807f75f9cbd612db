"""When the action server is down or too slow, say so instead of staying silent.

Rasa 3.6 logs a failed custom action ("Encountered an exception while running action ...") and
drops its events: the user gets no reply. Nothing in Rasa's settings changes that, so this policy
does: when the last action of a turn is a custom action that left nothing behind (no events, no
bot message since the user spoke), it predicts ``utter_answer_unavailable``, a domain response
that needs no action server. A turn that already said something (the emergency message) is left
alone. The next call goes to the action server again, so service recovers by itself.

Rasa 3.6 also waits up to five minutes for an action (``DEFAULT_REQUEST_TIMEOUT``, not
configurable in ``endpoints.yml``); loading this policy bounds that to
``NET_ACTION_TIMEOUT_SECONDS`` so a hung action server gets the reply within seconds.
"""

from __future__ import annotations

from typing import Any, Dict, List

import rasa.core.actions.action
from rasa.core.constants import RULE_POLICY_PRIORITY
from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import UTTER_PREFIX
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.settings import get_settings

UNAVAILABLE_RESPONSE = "utter_answer_unavailable"


def bound_action_calls(seconds: float) -> None:
    """Make Rasa give up on a custom-action call after ``seconds`` (its default is 300)."""
    rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT = seconds  # type: ignore[attr-defined]


def failed_custom_action(tracker: DialogueStateTracker, domain: Domain) -> str | None:
    """The custom action that just ran and left nothing, in a turn without any reply; else None.

    Only live turns count: a user message that came through a channel has a message id, while
    the story trackers that ``rasa test`` evaluates have none (their actions never run).
    """
    events = list(tracker.events)
    if not events or not isinstance(events[-1], ActionExecuted):
        return None
    name = events[-1].action_name
    if (not name or name == ACTION_LISTEN_NAME or name.startswith(UTTER_PREFIX)
            or name not in domain.user_actions):
        return None
    for event in reversed(events[:-1]):
        if isinstance(event, BotUttered):
            return None
        if isinstance(event, UserUttered):
            return name if event.message_id else None
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class ActionServerFallbackPolicy(Policy):
    """Predicts ``utter_answer_unavailable`` after a custom action failed (see module docs)."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"priority": RULE_POLICY_PRIORITY + 1}

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        featurizer: Any = None,
    ) -> None:
        super().__init__(config, model_storage, resource, execution_context, featurizer)
        bound_action_calls(get_settings().action_timeout_seconds)

    def train(
        self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        """Nothing to learn: the policy is a fixed rule about failures."""
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        if failed_custom_action(tracker, domain) is None:
            return self._prediction(probabilities)
        probabilities[domain.index_for_action(UNAVAILABLE_RESPONSE)] = 1.0
        # Not based on the user's input: it must win over rules that would just listen.
        return self._prediction(probabilities, is_no_user_prediction=True)
