"""Low-confidence messages: ask "did you mean A or B?" or ask the person to rephrase."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.answer_topic import ActionAnswerTopic
from actions.common import follow_up_in_context, send, store
from bot import replies
from bot.followups import FOLLOW_UP_MIN_SCORE

CANDIDATES = 3  # answers offered from the unit ranking
INTENT_CANDIDATES = 2  # topics offered from the intent ranking when there is no unit ranking


class ActionClarifyIntent(Action):
    """After ``nlu_fallback``: a short follow-up that clearly belongs with the conversation is
    answered ("how is it given?" after PRRT); otherwise the three closest answers (units or
    topics) are offered as buttons."""

    def name(self) -> str:
        return "action_clarify_intent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        if follow_up_in_context(tracker, FOLLOW_UP_MIN_SCORE):
            return await ActionAnswerTopic().run(dispatcher, tracker, domain)
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
