"""A non-emergency symptom report: same-day contact advice where it applies."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import send, store
from bot import replies
from bot.triage.same_day import same_day_reason


class ActionRespondToSymptom(Action):
    def name(self) -> str:
        return "action_respond_to_symptom"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        reason = same_day_reason(tracker.latest_message.get("text") or "")
        send(dispatcher, replies.symptom_advice(store(), reason.label if reason else None))
        return []
