"""A symptom report that is not an emergency: same-day advice where it applies, and always the
safety-net line. Also the "No" answer to the one-tap emergency check, which is about the
message before it."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import send, store
from bot import replies
from bot.settings import clinic
from bot.triage.same_day import same_day_reason

ANSWERS_TO_CHECK = frozenset({"affirm", "deny", "confirm_emergency"})


def reported_text(tracker: Tracker) -> str:
    """The latest user message that is not a yes or no to the check."""
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent not in ANSWERS_TO_CHECK:
            return str(event.get("text") or "")
    return ""


class ActionRespondToSymptom(Action):
    def name(self) -> str:
        return "action_respond_to_symptom"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        reason = same_day_reason(reported_text(tracker))
        send(dispatcher, replies.symptom_advice(
            store(), (reason.id, reason.label) if reason else None, clinic().emergency_number))
        return []
