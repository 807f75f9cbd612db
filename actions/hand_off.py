"""A request for a person: the deployment's contact options from clinic.yml."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import send, store
from bot import replies
from bot.settings import clinic

WEB_WIDGET_CHANNEL = "socketio"


class ActionHandOff(Action):
    def name(self) -> str:
        return "action_hand_off"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        config = clinic()
        send(dispatcher, replies.handoff(
            store(), config.handoff, config.emergency_number,
            web_widget=tracker.get_latest_input_channel() == WEB_WIDGET_CHANNEL))
        return []
