"""The full list of sources (title, web address, review date) behind the last answer."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import send, store
from bot import replies


class ActionShowSources(Action):
    def name(self) -> str:
        return "action_show_sources"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        last = tracker.get_slot("content_id")
        citations = store().sources_of(str(last)) if last else ()
        send(dispatcher, [replies.source_list(store(), citations)])
        return []
