"""👍/👎 on the last content answer, stored with its content id (no message text)."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_entity, send, store
from bot import replies
from bot.records import read_rating, record_feedback


class ActionRecordFeedback(Action):
    def name(self) -> str:
        return "action_record_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        content_id = tracker.get_slot("content_id")
        rating = read_rating(latest_entity(tracker, "rating"),
                             tracker.latest_message.get("text") or "")
        if not content_id or rating is None:
            send(dispatcher, [replies.notice(store(), "feedback_nothing_to_rate")])
            return []
        record_feedback(store().sessions, tracker.sender_id, str(content_id), rating)
        send(dispatcher, [replies.notice(store(), "feedback_thanks")])
        return [SlotSet("content_id", None)]  # one rating per answer
