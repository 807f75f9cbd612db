"""Low-confidence messages: ask "did you mean A or B?" or ask the person to rephrase."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.common import send, store
from bot import replies

CANDIDATES = 3  # answers offered from the unit ranking
INTENT_CANDIDATES = 2  # topics offered from the intent ranking when there is no unit ranking


class ActionClarifyIntent(Action):
    """After ``nlu_fallback``: offer the three closest answers (units or topics) as buttons."""

    def name(self) -> str:
        return "action_clarify_intent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        units = [str(u.get("id")) for u in tracker.latest_message.get("answer_units") or []]
        if units:
            send(dispatcher, [replies.unit_clarification(store(), units[:CANDIDATES])])
            return []
        ranking = [i for i in tracker.latest_message.get("intent_ranking") or []
                   if i.get("name") != "nlu_fallback"]
        send(dispatcher, [replies.clarification(store(), ranking[:INTENT_CANDIDATES])])
        return []


class ActionDefaultFallback(Action):
    """When no policy is confident about the next action: ask to rephrase, never stay silent."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        send(dispatcher, [replies.notice(store(), "rephrase")])
        return [UserUtteranceReverted()]
